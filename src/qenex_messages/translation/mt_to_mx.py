"""MT103 -> pacs.008 (CBPR+), following ``docs/mt-mx-mapping.md`` sections 2, 3 and 5.

The MT layer maps the fields into the format-neutral model (:meth:`Mt103Message.to_model`); this
module applies what is translation-specific on top: dummy values CBPR+ requires (NOTPROVIDED),
agents defaulted to the sender and receiver, the METAFCT001 settlement method from 53a/54a/55a,
clearing codes, 13C dummy dates, the field 72 rules (TR011), the 23E table, the BAH service, and
it refuses what is not a pacs.008 (a 72 /REJT/ or /RETN/). Every change is a finding.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from qenex_messages import identifiers
from qenex_messages.findings import Finding, Location, MessageError, Outcome, QenexError
from qenex_messages.iso20022 import SUPPORTED, render_document
from qenex_messages.model import (
    Account,
    Agent,
    AgentInstruction,
    Charges,
    ClearingSystemMemberId,
    CodeOrProprietary,
    CreditTransfer,
    CreditTransferTransaction,
    GenericIdentification,
    OrganisationIdentification,
    Party,
    PaymentTypeInformation,
    PostalAddress,
    SettlementInformation,
    SettlementMethod,
    TimeIndication,
    reading,
)
from qenex_messages.mt import Mt103Message, MtField, parse_mt103
from qenex_messages.mt.vocabulary import join_lines
from qenex_messages.stamps import Stamp, stamp
from qenex_messages.translation import codes as t
from qenex_messages.translation._common import (
    MT_TO_ISO_CLEARING,
    NOTPROVIDED,
    cut,
    fill_transaction_ids,
    info,
)
from qenex_messages.versions import Pacs008Version

__all__ = ["MT103_72_CODES", "mt103_to_pacs008", "prepare_mt103_model"]

MT103_72_CODES = frozenset(
    {"ACC", "INS", "INT", "PHON", "PHONBEN", "PHONIBK", "REC", "TELE", "TELEBEN", "TELEIBK"}
)
"""The field 72 code words the MT103 standard defines; any other is a bilateral code."""
_RESTORED_72 = frozenset({"INTA", "SVCLVL", "LOCINS", "CATPURP"})
_DROPPED_23E = frozenset({"PHOI", "PHON", "REPA", "TELE", "TELI"})
_CODE_LINE = re.compile(r"^/([A-Za-z0-9]{1,8})/(.*)$")
_ROC = re.compile(r"/ROC/(.*?)(?://|$)")
_DUMMY_DATE = dt.date(1, 1, 1)
_NEXT_AGENT_PIECES = 6
_PIECE = 35


def _notprovided_agent() -> Agent:
    return Agent(name=NOTPROVIDED, postal_address=PostalAddress(address_lines=(NOTPROVIDED,)))


def _loc(tag: str) -> Location:
    return Location(field=tag)


def _clearing(agent: Agent | None, tag: str, out: list[Finding]) -> tuple[Agent | None, bool]:
    """The agent with its MT clearing code in ISO form; and whether it said 'pay via RTGS'."""
    if agent is None or agent.clearing_member is None:
        return agent, False
    member = agent.clearing_member
    system = member.system.proprietary if member.system else None
    if system is None and member.member_id in ("RT", "FW"):
        # //RT or //FW alone: settle through the RTGS system, no member id (TR009).
        return agent.model_copy(update={"clearing_member": None}), True
    if system is None:
        return agent, False
    code = MT_TO_ISO_CLEARING.get(system)
    if system == "CH":
        # //CH is a CHIPS account: it is the agent's account, not a member id.
        return agent.model_copy(update={"clearing_member": None}), False
    if code is None:
        out.append(
            t.CODE_AS_TEXT.finding(
                f"{tag}: clearing code //{system} has no ISO clearing-system code; written as "
                "proprietary",
                _loc(tag),
            )
        )
        return agent, False
    updated = ClearingSystemMemberId(
        member_id=member.member_id, system=CodeOrProprietary(code=code)
    )
    return agent.model_copy(update={"clearing_member": updated}), False


def _settlement(
    msg: Mt103Message, model_info: SettlementInformation | None, out: list[Finding]
) -> SettlementInformation:
    """METAFCT001: INDA, INGA or COVE from the combination of 53a/54a/55a and sender/receiver."""
    f53, f54, f55 = msg.field("53"), msg.field("54"), msg.field("55")
    sender, receiver = msg.sender_bic, msg.receiver_bic
    if f53 is None and f54 is None and f55 is None:
        return SettlementInformation(method=SettlementMethod.INSTRUCTED_AGENT)
    base = model_info or SettlementInformation(method=SettlementMethod.COVER)
    if f54 is None and f55 is None and f53 is not None:
        dc = f53.get("dc")
        account_text = f53.get("account")
        account = (
            Account(other=GenericIdentification(id=account_text))
            if account_text and not account_text.startswith("/")
            else None
        )
        if f53.get("account") and account_text and account_text.startswith("/"):
            out.append(
                t.NOT_TRANSLATED.finding(
                    f"{f53.tag}: clearing code /{account_text} is not translated (T20001)",
                    _loc(f53.tag),
                )
            )
        bic = f53.bic if f53.option == "A" else None
        location_only = f53.option == "B" and f53.get("location")
        if f53.option == "D" or location_only:
            pass
        elif bic is None or identifiers.same_bic(bic, receiver):
            method = SettlementMethod.INSTRUCTING_AGENT if dc == "C" else None
            return SettlementInformation(
                method=method or SettlementMethod.INSTRUCTED_AGENT, settlement_account=account
            )
        elif identifiers.same_bic(bic, sender):
            return SettlementInformation(
                method=SettlementMethod.INSTRUCTING_AGENT, settlement_account=account
            )
    if f54 is not None and f53 is None and f55 is None and identifiers.same_bic(f54.bic, receiver):
        return SettlementInformation(method=SettlementMethod.INSTRUCTED_AGENT)
    out.extend(
        t.NOT_TRANSLATED.finding(
            f"{f.tag}: debit/credit mark /{f.get('dc')} has no place in a cover payment",
            _loc(f.tag),
        )
        for f in (f53, f54, f55)
        if f is not None and f.get("dc")
    )
    agents: dict[str, Any] = {}
    for key, f in (
        ("instructing_reimbursement_agent", f53),
        ("instructed_reimbursement_agent", f54),
        ("third_reimbursement_agent", f55),
    ):
        tag = f.tag if f is not None else "53"
        agent, via = _clearing(getattr(base, key), tag, out)
        if via:
            out.append(
                t.NOT_TRANSLATED.finding(
                    f"{tag}: //RT (settle through the RTGS system) has no element for a "
                    "reimbursement agent; left out",
                    _loc(tag),
                )
            )
        agents[key] = agent
    return base.model_copy(update={"method": SettlementMethod.COVER, **agents})


def _segments_72(f: MtField) -> list[tuple[str, str]]:
    """Field 72 as (code, text) segments; continuation lines ``//`` join their segment."""
    segments: list[tuple[str, str]] = []
    prev_full = False
    for line in f.lines:
        m = _CODE_LINE.match(line)
        if line.startswith("//") and segments:
            code, text = segments[-1]
            segments[-1] = (code, text + ("" if prev_full else " ") + line[2:])
        elif m and not line.startswith("//"):
            segments.append((m.group(1), m.group(2)))
        else:
            segments.append(("", line))
        prev_full = len(line) >= _PIECE
    return segments


def _field_72(f: MtField, tx: dict[str, Any], out: list[Finding]) -> None:
    previous: list[Agent] = []
    creditor_agent: list[AgentInstruction] = [
        i for i in tx.get("instructions_for_creditor_agent", ()) if i.code is not None
    ]
    acc_seen = False
    pieces: list[str] = []
    payment_type: dict[str, Any] = {}
    intermediaries: list[Agent] = list(tx.get("intermediary_agents", ()))
    for code, text in _segments_72(f):
        if code == "INS" and len(previous) < 3:
            if identifiers.is_valid_bic(text):
                previous.append(Agent(bic=text))
            else:
                previous.append(
                    Agent(
                        name=text or NOTPROVIDED,
                        postal_address=PostalAddress(address_lines=(NOTPROVIDED,)),
                    )
                )
            continue
        if code == "ACC" and not acc_seen:
            acc_seen = True
            creditor_agent.append(AgentInstruction(information=text or NOTPROVIDED))
            continue
        if code in _RESTORED_72:
            if code == "INTA" and identifiers.is_valid_bic(text) and len(intermediaries) < 3:
                intermediaries.append(Agent(bic=text))
                continue
            if code == "SVCLVL" and text:
                value = _code_or_text(text, 4)
                payment_type.setdefault("service_levels", []).append(value)
                continue
            if code == "LOCINS" and text:
                payment_type["local_instrument"] = _code_or_text(text, 35)
                continue
            if code == "CATPURP" and text:
                payment_type["category_purpose"] = _code_or_text(text, 4)
                continue
        if code and code not in MT103_72_CODES:
            out.append(
                t.CODE_AS_TEXT.finding(
                    f"72: code /{code}/ has no element in pacs.008; carried as text in "
                    "InstrForNxtAgt/InstrInf",
                    _loc("72"),
                )
            )
        elif code == "INS":
            out.append(
                t.CODE_AS_TEXT.finding(
                    "72: more than three /INS/ lines; the fourth and later go to "
                    "InstrForNxtAgt/InstrInf",
                    _loc("72"),
                )
            )
        # A line without a code word is its own words: a space keeps them apart when joined.
        pieces.append(f"/{code}/{text}" if code else (" " if pieces else "") + text)
    tx["previous_instructing_agents"] = tuple(previous)
    tx["instructions_for_creditor_agent"] = tuple(creditor_agent)
    tx["intermediary_agents"] = tuple(intermediaries)
    if payment_type:
        current = tx.get("payment_type") or PaymentTypeInformation()
        update: dict[str, Any] = {k: v for k, v in payment_type.items() if k != "service_levels"}
        if "service_levels" in payment_type:
            update["service_levels"] = (*current.service_levels, *payment_type["service_levels"])
        tx["payment_type"] = current.model_copy(update=update)
    tx["instructions_for_next_agent"] = tuple(
        AgentInstruction(information=p) for p in _next_agent_pieces(pieces, out)
    )


def _code_or_text(text: str, code_width: int) -> CodeOrProprietary:
    if re.fullmatch(rf"[A-Z0-9]{{1,{code_width}}}", text):
        return CodeOrProprietary(code=text)
    return CodeOrProprietary(proprietary=text[:35])


def _next_agent_pieces(pieces: list[str], out: list[Finding]) -> list[str]:
    """TR011: the segments concatenated, split into at most 6 pieces of 35, '+' on overflow."""
    text = "".join(pieces)
    if not text:
        return []
    chunks = [text[i : i + _PIECE] for i in range(0, len(text), _PIECE)]
    if len(chunks) > _NEXT_AGENT_PIECES:
        chunks = chunks[:_NEXT_AGENT_PIECES]
        chunks[-1] = chunks[-1][:-1] + "+"
        out.append(
            t.TRUNCATED.finding(
                f"72: the instructions for the next agent are longer than {_NEXT_AGENT_PIECES} x "
                f"{_PIECE} characters; cut, ending with '+' (TR011)",
                Location(
                    field="72", xpath="/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/InstrForNxtAgt"
                ),
            )
        )
    return chunks


def _account_less(party: Party | None, scheme: str | None) -> Party | None:
    """A debtor or creditor without account gets ``Id/OrgId/Othr/Id`` NOTPROVIDED."""
    if party is None or party.private_id is not None:
        return party
    org = party.organisation_id or OrganisationIdentification()
    if org.others or org.lei:
        return party
    other = GenericIdentification(
        id=NOTPROVIDED, scheme=CodeOrProprietary(code=scheme) if scheme else None
    )
    return party.model_copy(update={"organisation_id": org.model_copy(update={"others": (other,)})})


def _times(items: tuple[TimeIndication, ...]) -> tuple[TimeIndication, ...]:
    out = []
    for item in items:
        if item.kind in ("DBTDTTM", "CDTDTTM") and isinstance(item.time, dt.time):
            # 13C has no date: ISO wants a date-time, so the time sits on the dummy date.
            item = item.model_copy(update={"time": dt.datetime.combine(_DUMMY_DATE, item.time)})
        out.append(item)
    return tuple(out)


def _supplementary(tx: CreditTransferTransaction, out: list[Finding]) -> None:
    for item in tx.supplementary_data:
        origin = item.origin or ""
        if not origin.startswith("MT103 "):
            continue
        tag = origin[6:]
        if tag == "23B":
            if item.content != "CRED":
                out.append(
                    t.NOT_TRANSLATED.finding(
                        f"23B: bank operation code {item.content} is not translated (by rule)",
                        _loc("23B"),
                    )
                )
            continue
        if tag == "23E":
            code = item.content.partition("/")[0]
            why = "dropped by rule" if code in _DROPPED_23E else "has no place in pacs.008"
            out.append(t.NOT_TRANSLATED.finding(f"23E: {item.content} {why}", _loc("23E")))
            continue
        out.append(
            t.NOT_TRANSLATED.finding(f"{tag}: {item.content!r} has no place in pacs.008", _loc(tag))
        )


def _refusal(msg: Mt103Message, f72: MtField | None) -> Finding | None:
    """Why ``msg`` must not become a pacs.008: a reject or return (72), or not an MT103."""
    if f72 is not None and re.match(r"/(REJT|RETN)/", f72.value):
        kind = "reject" if f72.value.startswith("/REJT/") else "return"
        return t.REFUSED.finding(
            f"72 starts with /{f72.value[1:5]}/: this MT103 is a {kind}, which becomes a "
            "pacs.004, not a pacs.008 (PREC002, T20063)",
            _loc("72"),
        )
    if msg.message_type not in (None, "103"):
        return t.REFUSED.finding(f"an MT{msg.message_type} is not an MT103", _loc("2"))
    return None


def _kept_findings(findings: tuple[Finding, ...]) -> list[Finding]:
    """The findings of reading the MT that still hold for the pacs.008."""
    return [
        f
        for f in findings
        if not (
            "debit/credit mark" in f.message and (f.location.field or "")[:2] in ("53", "54", "55")
        )
        and f.location.field != "2"  # CreDtTm of the pacs.008 is set below, not read from 2
    ]


def _valid_bic(bic: str | None) -> bool:
    return bool(bic) and identifiers.is_valid_bic(bic or "")


def _uetr(
    msg: Mt103Message, tx: CreditTransferTransaction, when: Stamp, out: list[Finding]
) -> str | None:
    """The UETR (block 3 field 121) in the lower-case v4 form of pacs.008, generated when the
    MT has none that is valid; ``None`` when the model's own is kept."""
    if tx.uetr is not None and identifiers.is_valid_uetr(tx.uetr):
        return None
    raw = msg.uetr
    if raw is not None and identifiers.is_valid_uetr(raw.lower()):
        out[:] = [f for f in out if f.location.field != "3:121"]
        out.append(
            t.CHANGED.finding(f"121: UETR {raw} written in lower case", Location(field="3:121"))
        )
        return raw.lower()
    uetr = when.uetr(*(f.value for f in msg.fields))
    out.append(
        t.DEFAULTED.finding(
            f"121: no valid UETR in block 3; generated {uetr} (CBPR+ requires one)",
            Location(field="3:121"),
            severity=t.CHANGED.severity,
        )
    )
    return uetr


def _end_to_end_id(msg: Mt103Message, out: list[Finding]) -> str:
    """EndToEndId from the /ROC/ of field 70, its lines joined first (TR013); else NOTPROVIDED."""
    f70 = msg.field("70")
    if f70 is None:
        return NOTPROVIDED
    roc = _ROC.search(join_lines(f70.lines))
    if not (roc and roc.group(1).strip()):
        return NOTPROVIDED
    e2e, was_cut = cut(roc.group(1).strip(), 35)
    if was_cut:
        out.append(
            t.TRUNCATED.finding(
                f"70: the /ROC/ reference is longer than 35 characters; EndToEndId is "
                f"{e2e!r} (TR013)",
                Location(
                    field="70",
                    xpath="/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/PmtId/EndToEndId",
                ),
            )
        )
    return e2e


def _agents(
    data: dict[str, Any], sender: str | None, receiver: str | None, out: list[Finding]
) -> None:
    """Absent 52a -> the sender, absent 57a -> the receiver; clearing codes in ISO form; and
    a //RT (or //FW) on any agent makes the clearing channel RTGS."""
    if data.get("debtor_agent") is None and _valid_bic(sender):
        data["debtor_agent"] = Agent(bic=sender)
        out.append(info(t.DEFAULTED, "no 52a: DbtrAgt is the sender", _loc("52A")))
    if data.get("creditor_agent") is None and _valid_bic(receiver):
        data["creditor_agent"] = Agent(bic=receiver)
        out.append(info(t.DEFAULTED, "no 57a: CdtrAgt is the receiver", _loc("57A")))
    rtgs = False
    for key, tag in (("debtor_agent", "52"), ("creditor_agent", "57")):
        data[key], via = _clearing(data.get(key), tag, out)
        rtgs = rtgs or via
    intermediaries = []
    for agent in data.get("intermediary_agents", ()):
        cleared, via = _clearing(agent, "56", out)
        rtgs = rtgs or via
        intermediaries.append(cleared)
    data["intermediary_agents"] = tuple(intermediaries)
    if rtgs:
        current = data.get("payment_type") or PaymentTypeInformation()
        data["payment_type"] = current.model_copy(update={"clearing_channel": "RTGS"})


def _category_purpose(pt: PaymentTypeInformation | None) -> PaymentTypeInformation | None:
    """23E CORT + INTC -> CtgyPurp/Prtry "INTC CORT" (TR012), whatever their order in the MT."""
    if pt is None or pt.category_purpose is None or not pt.category_purpose.proprietary:
        return pt
    if sorted(pt.category_purpose.proprietary.split()) != ["CORT", "INTC"]:
        return pt
    return pt.model_copy(update={"category_purpose": CodeOrProprietary(proprietary="INTC CORT")})


def _charges(tx: CreditTransferTransaction) -> tuple[Charges, ...]:
    """71F: one ChrgsInf each, agent unknown (TR004); 71G: the receiver (TR005)."""
    return tuple(
        Charges(amount=charge.amount, agent=_notprovided_agent(), type=charge.type)
        if charge.agent is None or charge.agent.bic is None
        else charge
        for charge in tx.charges
    )


def _transaction_fields(
    msg: Mt103Message, tx: CreditTransferTransaction, when: Stamp, out: list[Finding]
) -> dict[str, Any]:
    """The fields of the one transaction of ``msg`` with what CBPR+ asks of a pacs.008 filled
    in: UETR, EndToEndId, agents, category purpose, account-less parties, charges, times."""
    data: dict[str, Any] = dict(tx)
    sender, receiver = msg.sender_bic, msg.receiver_bic
    if not _valid_bic(sender) or not _valid_bic(receiver):
        out.append(
            t.INCOMPLETE.finding(
                "the sender or receiver BIC cannot be read from blocks 1 and 2; AppHdr Fr/To and "
                "InstgAgt/InstdAgt are missing",
                _loc("1"),
            )
        )
    uetr = _uetr(msg, tx, when, out)
    if uetr is not None:
        data["uetr"] = uetr
    data["end_to_end_id"] = _end_to_end_id(msg, out)
    _agents(data, sender, receiver, out)
    data["payment_type"] = _category_purpose(data.get("payment_type"))
    # Debtor/creditor without account: Id/OrgId/Othr/Id NOTPROVIDED (TR010, TR014).
    if data.get("debtor_account") is None:
        data["debtor"] = _account_less(data.get("debtor"), "TXID")
    if data.get("creditor_account") is None:
        data["creditor"] = _account_less(data.get("creditor"), None)
    data["charges"] = _charges(tx)
    data["time_indications"] = _times(tx.time_indications)
    return data


def _group_header_and_bah(
    model: CreditTransfer,
    msg: Mt103Message,
    when: Stamp,
    settlement: SettlementInformation,
    *,
    version: str,
    business_service: str | None,
) -> dict[str, Any]:
    """The group header and AppHdr of the pacs.008: CreDtTm is the MT's output time, unless
    the MT is an input or the creation time is fixed."""
    created = model.group_header.creation_date_time
    app = msg.application_header
    if app is None or app.direction != "O" or when.fixed:
        created = when.created
    header = model.group_header.model_copy(
        update={"settlement_information": settlement, "creation_date_time": created}
    )
    bah = model.application_header
    if bah is not None:
        bah = bah.model_copy(
            update={
                "message_definition_id": version,
                "business_service": business_service,
                "creation_date": created,
            }
        )
    return {"group_header": header, "application_header": bah}


def prepare_mt103_model(
    msg: Mt103Message, *, version: str, business_service: str | None, when: Stamp | None = None
) -> Outcome[CreditTransfer | None]:
    """The model of ``msg`` adjusted for a CBPR+ pacs.008; ``None`` when it must not be one."""
    when = when or stamp()
    f72 = msg.field("72")
    refusal = _refusal(msg, f72)
    if refusal is not None:
        return Outcome(None, (refusal,))
    mapped = msg.to_model()
    out = _kept_findings(mapped.findings)
    model = mapped.value
    tx = model.transactions[0]
    data = _transaction_fields(msg, tx, when, out)
    settlement = _settlement(msg, model.group_header.settlement_information, out)
    if f72 is not None:
        _field_72(f72, data, out)
    _supplementary(tx, out)
    data["supplementary_data"] = tuple(
        s for s in tx.supplementary_data if not (s.origin or "").startswith("MT103 ")
    )
    data.pop("amount", None)
    with reading():  # values read from the MT keep their findings from to_model
        new_tx = CreditTransferTransaction(**data)
    headers = _group_header_and_bah(
        model, msg, when, settlement, version=version, business_service=business_service
    )
    result = model.model_copy(update={"transactions": (new_tx,), **headers})
    return Outcome(result, tuple(out))


def mt103_to_pacs008(
    data: bytes | str | Mt103Message,
    *,
    version: Pacs008Version = "pacs.008.001.08",
    business_service: str = "swift.cbprplus.03",
    header: bool = True,
    created: dt.datetime | str | None = None,
    transaction_id: str | None = None,
) -> Outcome[bytes]:
    """Translate an MT103 into a pacs.008 (CBPR+ for ``pacs.008.001.08``), with an AppHdr when
    ``header``. Every loss is a warning finding; a refusal (72 /REJT/ or /RETN/, unreadable input)
    is an error finding with an empty value. ``created`` fixes CreDtTm and so any new UETR
    (default: ``SOURCE_DATE_EPOCH``, else now, see :mod:`qenex_messages.stamps`);
    ``transaction_id`` is a TxId template (see :func:`~qenex_messages.migrate`). Raises
    :class:`QenexError` for an unsupported ``version`` and :class:`SchemaNotInstalledError`
    when its XSD is not installed."""
    if version not in SUPPORTED or not version.startswith("pacs.008"):
        targets = ", ".join(v for v in SUPPORTED if v.startswith("pacs.008"))
        raise QenexError(f"{version!r} is not a supported pacs.008 version ({targets})")
    if isinstance(data, Mt103Message):
        msg = data
    else:
        try:
            msg = parse_mt103(data)
        except MessageError as exc:
            return Outcome(
                b"",
                (
                    t.UNREADABLE.finding(f"the input is not a readable MT103: {exc.args[0]}"),
                    *exc.findings,
                ),
            )
    prepared = prepare_mt103_model(
        msg, version=version, business_service=business_service, when=stamp(created)
    )
    if prepared.value is None:
        return Outcome(b"", prepared.findings)
    found = list(prepared.findings)
    model = fill_transaction_ids(prepared.value, version, transaction_id, found)
    if any(f.is_error for f in found[len(prepared.findings) :]):
        return Outcome(b"", tuple(found))
    rendered = render_document(model, version, header=header)
    return Outcome(rendered.value, (*found, *rendered.findings))
