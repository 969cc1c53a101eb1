"""pacs.008 -> MT103 (core, STP or REMIT), one per transaction (``docs/mt-mx-mapping.md`` s. 4).

The MT layer's :func:`render_mt103` writes the model as MT103 (X-set transliteration, '+' where
text is cut, a finding for each). This module prepares the model first: NOTPROVIDED read back as
absent, charges as 71F or one 71G by charge bearer, clearing codes in MT form, 33B between EEA
banks, the MX-only elements CBPR+ carries in field 72 (``/INTA/``, ``/SVCLVL/``, ``/LOCINS/``,
``/CATPURP/``, ``/INS/`` by name), 53B from the settlement account; and it reports, with its
XPath, every element MT103 cannot carry. The result is checked with the MT network rules.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise
from typing import Any

from qenex_messages.findings import Finding, Location, Outcome, QenexError, Severity
from qenex_messages.iso20022 import ParsedDocument
from qenex_messages.model import (
    Agent,
    AgentInstruction,
    Amount,
    ChargeBearer,
    Charges,
    ClearingSystemMemberId,
    CodeOrProprietary,
    CreditTransfer,
    CreditTransferTransaction,
    GroupHeader,
    Party,
    PaymentTypeInformation,
    RegulatoryDetail,
    RegulatoryReporting,
    SettlementInformation,
    SettlementMethod,
    reading,
)
from qenex_messages.mt import FIELD_ORDER, MtField, check_mt, parse_mt103, render_mt103
from qenex_messages.mt.network_rules import EEA_COUNTRIES
from qenex_messages.translation import codes as t
from qenex_messages.translation._common import (
    ISO_TO_MT_CLEARING,
    NOTPROVIDED,
    info,
    read_document,
)
from qenex_messages.translation.mt_to_mx import MT103_72_CODES
from qenex_messages.versions import LineEnding, MTVariant

__all__ = ["VARIANTS", "pacs008_to_mt103"]

VARIANTS: dict[str, MTVariant] = {"core": "core", "stp": "STP", "remit": "REMIT"}
"""The MT103 variants accepted (any case) and the name the MT layer uses."""

_TX = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf"
_GPI = re.compile(r"^G00[0-9]$")
_CODE_72 = re.compile(
    r"/(?:"
    + "|".join(
        sorted(
            MT103_72_CODES | {"INTA", "SVCLVL", "LOCINS", "CATPURP", "FIN53"}, key=len, reverse=True
        )
    )
    + r")/"
)
"""A field 72 code word such as ``/INT/``; its closing slash never opens the next one."""
_ORDER = FIELD_ORDER


def _xpath(index: int, step: str) -> Location:
    return Location(xpath=f"{_TX}[{index}]/{step}" if index else f"{_TX}/{step}")


def _mt_clearing(agent: Agent | None, where: Location, out: list[Finding]) -> Agent | None:
    if agent is None or agent.clearing_member is None:
        return agent
    member = agent.clearing_member
    system = member.system
    if system is None:
        return agent
    code = system.code or system.proprietary or ""
    mt = ISO_TO_MT_CLEARING.get(code, code if len(code) == 2 else None)
    if mt is None:
        out.append(
            t.NOT_TRANSLATED.finding(
                f"clearing system {code} has no MT party-identifier code; member id "
                f"{member.member_id} left out",
                where,
            )
        )
        return agent.model_copy(update={"clearing_member": None}) if agent.bic else agent
    return agent.model_copy(
        update={
            "clearing_member": ClearingSystemMemberId(
                member_id=member.member_id, system=CodeOrProprietary(proprietary=mt)
            )
        }
    )


def _without_notprovided(party: Party | None) -> Party | None:
    if party is None or party.organisation_id is None:
        return party
    org = party.organisation_id
    others = tuple(o for o in org.others if o.id != NOTPROVIDED)
    if others == org.others:
        return party
    if not others and org.any_bic is None and org.lei is None:
        return party.model_copy(update={"organisation_id": None})
    return party.model_copy(update={"organisation_id": org.model_copy(update={"others": others})})


def _charges(
    tx: CreditTransferTransaction, receiver: Agent | None, where: Location, out: list[Finding]
) -> tuple[Charges, ...]:
    """DEBT: one charge (71G) with the receiver as agent; CRED/SHAR: every charge as 71F."""
    if not tx.charges:
        return ()
    if tx.charge_bearer is ChargeBearer.DEBTOR:
        currency = tx.charges[0].amount.currency
        same = [c for c in tx.charges if c.amount.currency == currency]
        if len(same) < len(tx.charges):
            out.append(
                t.NOT_TRANSLATED.finding(
                    f"71G carries one currency; charges in other currencies than {currency} "
                    "were left out",
                    where,
                )
            )
        total = sum((c.amount.value for c in same), Decimal(0))
        if total == 0:
            return ()
        agent = receiver or Agent(name=NOTPROVIDED)
        return (Charges(amount=Amount(value=total, currency=currency), agent=agent),)
    out.extend(
        t.NOT_TRANSLATED.finding(
            f"71F carries no agent: the BIC {c.agent.bic} of the agent of a charge was left out",
            where,
        )
        for c in tx.charges
        if c.agent is not None and c.agent.bic
    )
    return tuple(
        c.model_copy(update={"agent": Agent(name=NOTPROVIDED)}) if c.agent else c
        for c in tx.charges
    )


_AGENT_EXTRAS = (
    ("clearing_member", "clearing member id"),
    ("lei", "LEI"),
    ("name", "name"),
    ("postal_address", "postal address"),
    ("other_id", "other identification"),
    ("branch_id", "branch"),
)


def _agent_extras(agent: Agent | None) -> list[str]:
    """What an agent carries besides its BIC (which is all blocks 1/2 and option A hold)."""
    if agent is None:
        return []
    return [what for name, what in _AGENT_EXTRAS if getattr(agent, name) not in (None, "")]


def _account_extras(account: Any) -> list[str]:
    """What an account carries besides its identification (53B holds no more)."""
    if account is None:
        return []
    parts = [("type", "type"), ("currency", "currency"), ("name", "name"), ("proxy", "proxy")]
    found = [what for name, what in parts if getattr(account, name) is not None]
    other = account.other
    if other is not None and (other.scheme is not None or other.issuer):
        found.append("identification scheme or issuer")
    return found


def _header_losses(
    model: CreditTransfer, tx: CreditTransferTransaction, out: list[Finding]
) -> None:
    """The group header and AppHdr values no MT103 field carries: the message id (20 holds
    InstrId), the AppHdr's own id, and the parts of the sender and receiver beyond their BIC."""
    header = model.group_header
    if header.message_id and header.message_id != tx.instruction_id:
        out.append(
            info(
                t.NOT_TRANSLATED,
                f"GrpHdr/MsgId {header.message_id} has no place in MT103 (20 carries InstrId)",
                Location(xpath="/Document/FIToFICstmrCdtTrf/GrpHdr/MsgId"),
            )
        )
    bah = model.application_header
    if bah is None:
        return
    if bah.business_message_id != tx.instruction_id:
        out.append(
            info(
                t.NOT_TRANSLATED,
                f"AppHdr/BizMsgIdr {bah.business_message_id} has no place in MT103 (20 carries "
                "InstrId)",
                Location(xpath="/AppHdr/BizMsgIdr"),
            )
        )
    for step, agent in (("Fr", bah.from_agent), ("To", bah.to_agent)):
        _only_bic(f"AppHdr/{step}", agent, Location(xpath=f"/AppHdr/{step}/FIId"), out)


def _only_bic(what: str, agent: Agent | None, where: Location, out: list[Finding]) -> None:
    """A finding for the parts of a sender or receiver beyond the BIC blocks 1 and 2 hold."""
    extras = _agent_extras(agent)
    if extras:
        out.append(
            t.NOT_TRANSLATED.finding(
                f"{what}: only the BIC goes to the MT header; the {', '.join(extras)} left out",
                where,
            )
        )


def _settlement_losses(header: GroupHeader, out: list[Finding]) -> None:
    """Settlement data 53B cannot hold (INDA/INGA write only the account) or MT103 lacks."""
    settlement = header.settlement_information
    if settlement is None:
        return
    where = "/Document/FIToFICstmrCdtTrf/GrpHdr/SttlmInf"
    if settlement.clearing_system is not None:
        out.append(
            t.NOT_TRANSLATED.finding(
                "the clearing system has no place in MT103", Location(xpath=f"{where}/ClrSys")
            )
        )
    if settlement.method is not SettlementMethod.COVER:
        for name, step in (
            ("instructing_reimbursement_agent", "InstgRmbrsmntAgt"),
            ("instructed_reimbursement_agent", "InstdRmbrsmntAgt"),
            ("third_reimbursement_agent", "ThrdRmbrsmntAgt"),
        ):
            for suffix in ("", "_account"):
                if getattr(settlement, name + suffix) is not None:
                    element = step + ("Acct" if suffix else "")
                    out.append(
                        t.NOT_TRANSLATED.finding(
                            f"{element}: a reimbursement agent has no place in MT103 when the "
                            f"settlement method is {settlement.method.value} (53a/54a/55a name "
                            "the reimbursement agents of a cover payment only)",
                            Location(xpath=f"{where}/{element}"),
                        )
                    )
        extras = _account_extras(settlement.settlement_account)
        if extras:
            out.append(
                t.NOT_TRANSLATED.finding(
                    f"SttlmAcct: 53B carries the account identification only; the "
                    f"{', '.join(extras)} left out",
                    Location(xpath=f"{where}/SttlmAcct"),
                )
            )


_REPORTED_HERE = (
    "transaction_id",
    "clearing_system_reference",
    "settlement_priority",
    "ultimate_debtor",
    "initiating_party",
    "ultimate_creditor",
)
"""Transaction fields :func:`_lost` names with their XPath (the renderer would name them again,
without one)."""


def _lost(tx: CreditTransferTransaction, index: int, out: list[Finding]) -> None:
    """Findings for what render_mt103 has no field for, named by XPath."""
    checks: tuple[tuple[str, object], ...] = (
        ("PmtId/TxId", tx.transaction_id),
        ("PmtId/ClrSysRef", tx.clearing_system_reference),
        ("SttlmPrty", tx.settlement_priority),
        ("UltmtDbtr", tx.ultimate_debtor),
        ("InitgPty", tx.initiating_party),
        ("UltmtCdtr", tx.ultimate_creditor),
        ("Purp/Cd", tx.purpose.code if tx.purpose else None),
    )
    out.extend(
        t.NOT_TRANSLATED.finding(f"{step} has no place in MT103", _xpath(index, step))
        for step, value in checks
        if value is not None
    )
    for report in tx.regulatory_reporting:
        extra = report.authority_name or report.authority_country or report.debit_credit_indicator
        if extra or any(
            d.type or d.date or d.country or d.code or d.amount for d in report.details
        ):
            out.append(
                t.NOT_TRANSLATED.finding(
                    "RgltryRptg: only the Dtls/Inf lines go to 77B; the structured parts were "
                    "left out",
                    _xpath(index, "RgltryRptg"),
                )
            )
    out.extend(
        t.NOT_TRANSLATED.finding(
            "an element with no field in the model has no place in MT103",
            Location(xpath=item.origin),
        )
        for item in tx.supplementary_data
        if item.origin and item.origin.startswith("/")
    )


def _information_only(
    reports: tuple[RegulatoryReporting, ...],
) -> tuple[RegulatoryReporting, ...]:
    """``reports`` with only their Dtls/Inf lines, what 77B carries: :func:`_lost` named the
    rest by XPath, so the renderer does not name it again."""
    return tuple(
        RegulatoryReporting(
            details=tuple(RegulatoryDetail(information=d.information) for d in r.details)
        )
        for r in reports
    )


def _segments(texts: list[str]) -> list[str]:
    """InstrForNxtAgt pieces (TR011 split them at 35) joined back and cut at each code word."""
    joined = "".join(texts)
    starts = [0, *(m.start() for m in _CODE_72.finditer(joined) if m.start()), len(joined)]
    return [joined[a:b] for a, b in pairwise(starts) if a < b]


def _cleared_agents(
    tx: CreditTransferTransaction, index: int, out: list[Finding]
) -> dict[str, Any]:
    """Debtor, creditor and intermediary agents with their clearing codes in MT form."""
    cleared: dict[str, Any] = {
        key: _mt_clearing(getattr(tx, key), _xpath(index, step), out)
        for key, step in (("debtor_agent", "DbtrAgt"), ("creditor_agent", "CdtrAgt"))
    }
    cleared["intermediary_agents"] = tuple(
        _mt_clearing(a, _xpath(index, f"IntrmyAgt{i}"), out)
        for i, a in enumerate(tx.intermediary_agents, start=1)
    )
    return cleared


def _previous_agents(tx: CreditTransferTransaction, extra: list[str]) -> tuple[Agent, ...]:
    """The previous instructing agents with a BIC; one named only goes to 72 as /INS/."""
    previous: list[Agent] = []
    for agent in tx.previous_instructing_agents:
        if agent.bic:
            previous.append(agent)
        elif agent.name and agent.name != NOTPROVIDED:
            extra.append(f"/INS/{agent.name}")
    return tuple(previous)


def _later_intermediaries(
    tx: CreditTransferTransaction, index: int, extra: list[str], out: list[Finding]
) -> None:
    """MT103 has one intermediary (56a): a later one's BIC goes to 72 as /INTA/, the rest is
    lost."""
    for agent in tx.intermediary_agents[1:]:
        if agent.bic:
            extra.append(f"/INTA/{agent.bic}")
        else:
            out.append(
                t.NOT_TRANSLATED.finding(
                    "an intermediary agent without BIC after the first has no place in MT103",
                    _xpath(index, "IntrmyAgt2"),
                )
            )
    out.extend(
        t.NOT_TRANSLATED.finding(
            f"the account of intermediary agent {n} has no place in MT103 (/INTA/ carries a BIC)",
            _xpath(index, f"IntrmyAgt{n}Acct"),
        )
        for n, account in enumerate(tx.intermediary_agent_accounts[1:], start=2)
        if account is not None
    )


def _payment_type(
    pt: PaymentTypeInformation, index: int, extra: list[str], out: list[Finding]
) -> PaymentTypeInformation:
    """What MT103 keeps of the payment type (23E: gpi and SDVA service levels, CORT/INTC);
    other service levels, the local instrument and category purpose go to 72."""
    levels = []
    for level in pt.service_levels:
        if level.code == "SDVA" or (level.code and _GPI.match(level.code)):
            levels.append(level)
        else:
            extra.append(f"/SVCLVL/{level.code or level.proprietary}")
    local = pt.local_instrument
    if local is not None:
        extra.append(f"/LOCINS/{local.code or local.proprietary}")
    category = pt.category_purpose
    text = (category.code or category.proprietary or "") if category else ""
    if category is not None and not set(text.split()) <= {"CORT", "INTC"}:
        extra.append(f"/CATPURP/{text}")
        category = None
    if pt.instruction_priority is not None:
        out.append(
            t.NOT_TRANSLATED.finding(
                "instruction priority has no place in MT103 block 4", _xpath(index, "PmtTpInf")
            )
        )
    channel = pt.clearing_channel
    if channel is not None and channel != "RTGS":
        out.append(
            t.NOT_TRANSLATED.finding(
                f"clearing channel {channel} has no place in MT103",
                _xpath(index, "PmtTpInf/ClrChanl"),
            )
        )
    return PaymentTypeInformation(service_levels=tuple(levels), category_purpose=category)


def _pay_via_rtgs(data: dict[str, Any]) -> None:
    """Clearing channel RTGS: //RT on the next agent (the intermediary, else the creditor
    agent) when it has no clearing code."""
    target = "intermediary_agents" if data["intermediary_agents"] else "creditor_agent"
    agent = data[target][0] if target == "intermediary_agents" else data[target]
    if agent is None or agent.clearing_member is not None:
        return
    agent = agent.model_copy(update={"clearing_member": ClearingSystemMemberId(member_id="RT")})
    data[target] = (agent,) if target == "intermediary_agents" else agent


def _instructions_72(
    tx: CreditTransferTransaction, extra: list[str], index: int, out: list[Finding]
) -> tuple[AgentInstruction, ...]:
    """Field 72: the code words of MX-only data, then the instructions for the next agent."""
    texts = [
        f"/{i.code}/{i.information or ''}" if i.code else (i.information or "")
        for i in tx.instructions_for_next_agent
    ]
    segments = [*extra, *_segments(texts)]
    if segments and not re.match(r"/[A-Z0-9]{1,8}/", segments[0]):
        # Every 72 line starts with a code word; InstrForNxtAgt speaks to the receiver: /REC/.
        segments[0] = "/REC/" + segments[0]
        out.append(
            t.DEFAULTED.finding(
                "72: the instructions for the next agent start without a code word; /REC/ "
                "(instructions for the receiver) written before them",
                _xpath(index, "InstrForNxtAgt"),
                severity=t.CHANGED.severity,
            )
        )
    return tuple(AgentInstruction(information=s) for s in segments)


def _eea_33b(
    tx: CreditTransferTransaction,
    sender: Agent | None,
    receiver: Agent | None,
    out: list[Finding],
) -> Amount | None:
    """33B is mandatory between banks in the EEA list (D49): the settlement amount, when the
    pacs.008 has no instructed amount."""
    bics = [a.bic for a in (sender, receiver) if a is not None and a.bic]
    if (
        tx.instructed_amount is not None
        or tx.interbank_settlement_amount is None
        or len(bics) != 2
        or not all(b[4:6] in EEA_COUNTRIES for b in bics)
    ):
        return None
    out.append(
        info(
            t.DEFAULTED,
            "33B written equal to 32A (mandatory between EEA banks, D49)",
            Location(field="33B"),
        )
    )
    return tx.interbank_settlement_amount


def _settlement_53(
    header: GroupHeader, out: list[Finding]
) -> tuple[SettlementInformation | None, list[tuple[str, str]]]:
    """The settlement account as 53B, written here, not by the renderer; what the renderer
    still needs of the settlement information (a cover only)."""
    fields_53: list[tuple[str, str]] = []
    settlement = header.settlement_information
    if settlement is None or settlement.method is SettlementMethod.COVER:
        return settlement, fields_53
    if settlement.settlement_account is not None:
        mark = "/C" if settlement.method is SettlementMethod.INSTRUCTING_AGENT else ""
        fields_53.append(("53B", f"{mark}/{settlement.settlement_account.identification}"))
    if settlement.method is SettlementMethod.CLEARING:
        out.append(
            t.NOT_TRANSLATED.finding(
                "settlement method CLRG has no MT103 equivalent",
                Location(xpath="/Document/FIToFICstmrCdtTrf/GrpHdr/SttlmInf/SttlmMtd"),
            )
        )
    return None, fields_53


def _prepare(
    model: CreditTransfer, tx: CreditTransferTransaction, index: int, out: list[Finding]
) -> tuple[CreditTransfer, list[tuple[str, str]]]:
    """The model of transaction ``index`` as MT103 can carry it, and the 53B field the
    renderer does not write; every loss is a finding in ``out``."""
    header: GroupHeader = model.group_header
    bah = model.application_header
    sender = tx.instructing_agent or header.instructing_agent or (bah.from_agent if bah else None)
    receiver = tx.instructed_agent or header.instructed_agent or (bah.to_agent if bah else None)
    data: dict[str, Any] = dict(tx)
    data.pop("amount", None)
    data["instructing_agent"], data["instructed_agent"] = sender, receiver
    data["debtor"] = _without_notprovided(tx.debtor)
    data["creditor"] = _without_notprovided(tx.creditor)
    data.update(_cleared_agents(tx, index, out))
    data["charges"] = _charges(tx, receiver, _xpath(index, "ChrgsInf"), out)

    extra: list[str] = []  # MX-only data that CBPR+ carries in field 72 code words
    data["previous_instructing_agents"] = _previous_agents(tx, extra)
    _later_intermediaries(tx, index, extra, out)
    data["intermediary_agents"] = data["intermediary_agents"][:1]
    data["intermediary_agent_accounts"] = tx.intermediary_agent_accounts[:1]
    for step, party in (("InstgAgt", tx.instructing_agent), ("InstdAgt", tx.instructed_agent)):
        _only_bic(step, party, _xpath(index, step), out)
    if tx.payment_type is not None:
        if tx.payment_type.clearing_channel == "RTGS":
            _pay_via_rtgs(data)
        data["payment_type"] = _payment_type(tx.payment_type, index, extra, out)
    data["instructions_for_next_agent"] = _instructions_72(tx, extra, index, out)
    instructed = _eea_33b(tx, sender, receiver, out)
    if instructed is not None:
        data["instructed_amount"] = instructed

    _lost(tx, index, out)
    for reported in _REPORTED_HERE:  # named above by XPath: once, not again by the renderer
        data[reported] = None
    data["regulatory_reporting"] = _information_only(tx.regulatory_reporting)
    if tx.purpose is not None and tx.purpose.code is not None:
        data["purpose"] = None
    _header_losses(model, tx, out)
    _settlement_losses(header, out)
    data["supplementary_data"] = ()
    settlement, fields_53 = _settlement_53(header, out)
    new_header = header.model_copy(update={"settlement_information": settlement})
    with reading():  # values read leniently keep the findings made when they were read
        rebuilt = CreditTransferTransaction(**data)
    single = model.model_copy(
        update={
            "transactions": (rebuilt,),
            "group_header": new_header,
            "supplementary_data": (),
        }
    )
    return single, fields_53


def pacs008_to_mt103(
    data: bytes | ParsedDocument, *, variant: MTVariant = "core", line_ending: LineEnding = "\r\n"
) -> Outcome[list[str]]:
    """One MT103 (``variant`` core, STP or REMIT) per pacs.008 transaction. Text outside the X
    set is transliterated and cut text ends with '+'; each loss is a warning finding located by
    MT field or XPath; an MT network rule the output breaks is an error finding. Raises
    :class:`QenexError` for an unknown variant or line ending."""
    name = VARIANTS.get(variant.lower())
    if name is None:
        raise QenexError(f"variant {variant!r}: choose one of core, STP, REMIT")
    if line_ending not in ("\r\n", "\n"):
        raise QenexError("line_ending must be '\\r\\n' or '\\n'")
    parsed, problems = read_document(data, "pacs.008")
    if parsed is None:
        return Outcome([], tuple(problems))
    model = parsed.model
    out: list[Finding] = [
        t.NOT_TRANSLATED.finding(
            "an element with no field in the model has no place in MT103",
            Location(xpath=item.origin),
        )
        for item in model.supplementary_data
        if item.origin and not item.origin.startswith("/AppHdr/Rltd")  # Rltd: one finding
    ]
    texts: list[str] = []
    many = len(model.transactions) > 1
    for number, tx in enumerate(model.transactions, start=1):
        found: list[Finding] = []
        single, fields_53 = _prepare(model, tx, number if many else 0, found)
        rendered = render_mt103(single, variant=name, line_ending=line_ending)
        text = rendered.value
        if fields_53:
            text = _insert(text, fields_53, line_ending)
        found.extend(rendered.findings)
        for report in check_mt(text, source=f"<MT103 {number}>"):
            found.extend(f for f in report.findings if f.severity is Severity.ERROR)
        if many:
            found = [f if f.location.source else f.at(source=f"<MT103 {number}>") for f in found]
        out.extend(found)
        texts.append(text)
    return Outcome(texts, tuple(out))


def _insert(text: str, extra: list[tuple[str, str]], line_ending: str) -> str:
    """``text`` with ``extra`` fields placed in MT103 field order."""
    msg = parse_mt103(text)
    rank = {tag: i for i, tag in enumerate(_ORDER)}
    fields = [f for f in msg.fields if f.tag not in {tag for tag, _ in extra}]
    fields.extend(MtField(tag, value) for tag, value in extra)
    fields.sort(key=lambda f: rank.get(f.tag, len(rank)))
    msg.fields = fields
    return msg.render(line_ending=line_ending)
