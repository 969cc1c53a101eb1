"""pain.001 -> pacs.008 for a debtor agent forwarding its customer's payments (mapping note s. 6).

The debtor agent becomes the instructing agent; the instructed agent is the first intermediary
agent (which then leaves the intermediary list) or else the creditor agent. Debtor, accounts,
ultimate debtor, payment type and charge bearer are copied down from the payment information to
each transaction; the requested execution date becomes the interbank settlement date; the
settlement method is INDA (CBPR+ default; INGA/COVE are the banks' decision); the instructed
amount is both InstdAmt and IntrBkSttlmAmt. What is for the debtor agent only (charges account,
its own instructions) is reported as not translated; cheques and FX equivalents are refused.

Grouping: CBPR+ carries one transaction per pacs.008 (``transaction``, the default); a SEPA
bank sends its customers' payments to the clearing house in bulk (``block``: one pacs.008 per
payment-information block, or ``message``: one for the whole pain.001).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import Any

from qenex_messages import identifiers
from qenex_messages.findings import Finding, Location, Outcome, QenexError, Severity
from qenex_messages.iso20022 import ParsedDocument, render_document
from qenex_messages.model import (
    Agent,
    BusinessApplicationHeader,
    CreditTransfer,
    CreditTransferTransaction,
    GroupHeader,
    MessageKind,
    Party,
    PaymentInformation,
    PaymentMethod,
    SettlementInformation,
    SettlementMethod,
    SupplementaryData,
    reading,
)
from qenex_messages.stamps import Stamp, stamp
from qenex_messages.translation import codes as t
from qenex_messages.translation._common import (
    TXID_REQUIRED,
    check_txid_template,
    info,
    is_basic,
    read_document,
    supply_txid,
)
from qenex_messages.versions import GROUPINGS, PACS008_VERSIONS, Grouping, Pacs008Version

__all__ = ["GROUPINGS", "pain001_to_pacs008"]

_PMTINF = "/Document/CstmrCdtTrfInitn/PmtInf"
_PACS_TX = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf"
_CARRIED = re.compile(
    r"^/Document/CstmrCdtTrfInitn/(?:PmtInf(?:\[(\d+)\])?/)?"
    r"(Dbtr|DbtrAcct|DbtrAgt|DbtrAgtAcct|UltmtDbtr|PmtTpInf|GrpHdr/InitgPty)(?=/|$)"
)
"""Kept elements inside what is copied down to each transaction: they travel with it."""


def _where(block: int, tx: int | None = None, step: str = "") -> Location:
    path = f"{_PMTINF}[{block}]"
    if tx is not None:
        path += f"/CdtTrfTxInf[{tx}]"
    return Location(xpath=f"{path}/{step}" if step else path)


def _reference(*parts: str) -> str:
    """A deterministic 16-character reference for the new interbank message."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16].upper()


@dataclass(slots=True)
class _Run:
    """What every transaction of one translation is made with, and the findings so far."""

    version: Pacs008Version
    when: Stamp
    bic_from_iban: bool
    transaction_id: str | None
    msg_id: str
    initiating: Party | None
    out: list[Finding] = field(default_factory=list)
    carried: dict[int, list[SupplementaryData]] = field(default_factory=dict)
    """Kept elements of each block (0: of the group header) that its transactions inherit."""


def _identifiers(
    run: _Run, data: dict[str, Any], block: PaymentInformation, bi: int, ti: int
) -> bool:
    """InstrId, EndToEndId, TxId and UETR of the interbank transaction; False when a TxId the
    version requires cannot be had."""
    instr = data.get("instruction_id")
    if instr is None or len(instr) > 16 or not is_basic(instr):
        data["instruction_id"] = _reference(run.msg_id, block.payment_information_id, str(ti))
        run.out.append(
            info(
                t.DEFAULTED,
                f"InstrId {data['instruction_id']} generated for the interbank message (the "
                "customer's InstrId is point to point)",
                _where(bi, ti, "PmtId/InstrId"),
            )
        )
    data["end_to_end_id"] = data.get("end_to_end_id") or "NOTPROVIDED"
    if data.get("transaction_id") is None and run.transaction_id is not None:
        values = {
            "InstrId": data["instruction_id"],
            "EndToEndId": data["end_to_end_id"],
            "MsgId": run.msg_id,
            "n": str(ti),
        }
        data["transaction_id"], finding = supply_txid(
            run.transaction_id, values, _where(bi, ti, "PmtId")
        )
        run.out.append(finding)
        if data["transaction_id"] is None:
            return False
    if run.version in TXID_REQUIRED and data.get("transaction_id") is None:
        data["transaction_id"] = data["instruction_id"]
        run.out.append(
            info(
                t.DEFAULTED,
                f"TxId {data['transaction_id']} (= InstrId) written: {run.version} requires one",
                _where(bi, ti, "PmtId"),
            )
        )
    if data.get("uetr") is None and run.version not in TXID_REQUIRED:
        data["uetr"] = run.when.uetr(run.msg_id, block.payment_information_id, str(ti))
        run.out.append(info(t.DEFAULTED, f"UETR {data['uetr']} generated", _where(bi, ti, "PmtId")))
    return True


def _transaction(
    run: _Run, block: PaymentInformation, bi: int, tx: CreditTransferTransaction, ti: int
) -> CreditTransferTransaction | None:
    if tx.equivalent_amount is not None:
        run.out.append(
            t.REFUSED.finding(
                "Amt/EqvtAmt: the debtor agent must first do the FX; the settlement amount is "
                "not known, so the transaction was not translated",
                _where(bi, ti, "Amt/EqvtAmt"),
            )
        )
        return None
    if tx.instructed_amount is None:
        run.out.append(t.INCOMPLETE.finding("no instructed amount", _where(bi, ti, "Amt")))
        return None
    data: dict[str, Any] = dict(tx)
    data.pop("amount", None)
    if not _identifiers(run, data, block, bi, ti):
        return None
    data["interbank_settlement_amount"] = tx.instructed_amount
    date = block.requested_execution_date
    if date is None and block.requested_execution_date_time is not None:
        date = block.requested_execution_date_time.date()
    data["interbank_settlement_date"] = date
    data["debtor"] = block.debtor
    data["debtor_account"] = block.debtor_account
    data["debtor_agent"] = block.debtor_agent
    data["debtor_agent_account"] = block.debtor_agent_account
    data["ultimate_debtor"] = tx.ultimate_debtor or block.ultimate_debtor
    data["payment_type"] = tx.payment_type or block.payment_type
    data["charge_bearer"] = tx.charge_bearer or block.charge_bearer
    data["initiating_party"] = tx.initiating_party or run.initiating
    data["instructing_agent"] = block.debtor_agent
    intermediaries = list(tx.intermediary_agents)
    accounts = list(tx.intermediary_agent_accounts)
    if intermediaries:
        data["instructed_agent"] = intermediaries.pop(0)
        if accounts and accounts.pop(0) is not None:
            run.out.append(
                t.NOT_TRANSLATED.finding(
                    "IntrmyAgt1Acct: the first intermediary becomes the instructed agent, "
                    "which has no account element; not translated",
                    _where(bi, ti, "IntrmyAgt1Acct"),
                )
            )
    else:
        data["instructed_agent"] = tx.creditor_agent
    data["intermediary_agents"] = tuple(intermediaries)
    data["intermediary_agent_accounts"] = tuple(accounts)
    kept = _shifted(tx.supplementary_data) if tx.intermediary_agents else tx.supplementary_data
    data["supplementary_data"] = (*kept, *_inherited(run, bi, tx))
    if run.bic_from_iban:
        _derive_creditor_agent(run, data, tx, _where(bi, ti, "CdtrAgt"))
    if not _agents_have_bics(run, data, bi, ti):
        return None
    with reading():  # values read leniently keep the findings made when they were read
        return CreditTransferTransaction(**data)


_SHIFT = re.compile(r"(/CdtTrfTxInf(?:\[\d+\])?/)IntrmyAgt([123])(Acct)?(?=/|$)")
"""A kept element under an intermediary agent (or its account) of a pain.001 transaction."""


def _shifted(items: tuple[SupplementaryData, ...]) -> tuple[SupplementaryData, ...]:
    """Kept elements follow their agent: IntrmyAgt1 became the instructed agent and the others
    moved up one place. What was under IntrmyAgt1Acct is left out with that account (reported
    where the account is)."""
    out = []
    for item in items:
        m = _SHIFT.search(item.origin or "")
        if m is None:
            out.append(item)
            continue
        number, account = int(m.group(2)), m.group(3) or ""
        if number == 1 and account:
            continue
        step = "InstdAgt" if number == 1 else f"IntrmyAgt{number - 1}{account}"
        origin = (
            (item.origin or "")[: m.start()] + m.group(1) + step + (item.origin or "")[m.end() :]
        )
        out.append(item.model_copy(update={"origin": origin}))
    return tuple(out)


def _derive_creditor_agent(
    run: _Run, data: dict[str, Any], tx: CreditTransferTransaction, where: Location
) -> None:
    """SEPA lets the customer leave the creditor agent out (IBAN only); the interbank message
    needs its BIC, which the bank registry may know from the IBAN's bank code."""
    if tx.creditor_agent is not None and tx.creditor_agent.bic is not None:
        return
    iban = tx.creditor_account.iban if tx.creditor_account is not None else None
    bank = identifiers.bank_of_iban(iban) if iban else None
    if iban is None or bank is None:
        return
    bic, code, name = bank
    if bic is None:
        run.out.append(
            t.INCOMPLETE.finding(
                f"CdtrAgt: the bank registry has no BIC for bank code {code} of IBAN {iban}; "
                "give the creditor agent's BIC",
                where,
            )
        )
        return
    derived = tx.creditor_agent.model_copy(update={"bic": bic}) if tx.creditor_agent else None
    data["creditor_agent"] = derived or Agent(bic=bic)
    if data["instructed_agent"] is None or data["instructed_agent"].bic is None:
        data["instructed_agent"] = data["creditor_agent"]
    bank_name = f" ({name})" if name else ""
    run.out.append(
        t.BIC_DERIVED.finding(
            f"CdtrAgt BIC {bic}{bank_name} derived from bank code {code} of the creditor's IBAN "
            f"{iban} through schwifty's bank registry; confirm it is the agent to pay",
            where,
        )
    )


def _agents_have_bics(run: _Run, data: dict[str, Any], bi: int, ti: int) -> bool:
    ok = True
    for key, step in (("instructing_agent", "DbtrAgt"), ("instructed_agent", "CdtrAgt")):
        agent = data[key]
        if agent is None or agent.bic is None:
            ok = False
            hint = ""
            if step == "CdtrAgt" and not run.bic_from_iban:
                hint = (
                    "; give the creditor agent's BIC, or derive it from the creditor's IBAN "
                    "(bic_from_iban=True, convert --bic-from-iban)"
                )
            already = any(
                f.code == t.INCOMPLETE.code and f.location.xpath == _where(bi, ti, step).xpath
                for f in run.out
            )
            if not already:
                run.out.append(
                    t.INCOMPLETE.finding(
                        f"{key.replace('_', ' ')} needs a BIC for the interbank message{hint}",
                        _where(bi, ti if step == "CdtrAgt" else None, step),
                    )
                )
    return ok


def _check_arguments(version: str, grouping: str, transaction_id: str | None) -> None:
    if version not in PACS008_VERSIONS:
        targets = ", ".join(PACS008_VERSIONS)
        raise QenexError(f"{version!r} is not a supported pacs.008 version ({targets})")
    if grouping not in GROUPINGS:
        raise QenexError(f"grouping {grouping!r}: choose one of {', '.join(GROUPINGS)}")
    if transaction_id is not None:
        check_txid_template(transaction_id)


def pain001_to_pacs008(
    data: bytes | ParsedDocument,
    *,
    version: Pacs008Version = "pacs.008.001.08",
    grouping: Grouping = "transaction",
    created: dt.datetime | str | None = None,
    bic_from_iban: bool = False,
    transaction_id: str | None = None,
) -> Outcome[list[bytes]]:
    """pacs.008 messages for the debtor agent to forward a pain.001 (.03 to .13).

    ``grouping``: ``transaction`` (one pacs.008 per transaction, CBPR+), ``block`` (one per
    PmtInf) or ``message`` (one in all; SEPA bulk). ``created`` fixes CreDtTm and so every
    generated UETR (default: ``SOURCE_DATE_EPOCH``, else now). ``bic_from_iban`` derives a
    missing creditor-agent BIC from the creditor's IBAN through schwifty's bank registry, with a
    ``QX448`` finding. ``transaction_id`` is a TxId template for transactions without one
    (``{InstrId}``, ``{EndToEndId}``, ``{MsgId}``, ``{n}``); without it pacs.008.001.02 gets
    TxId = InstrId. Every element left behind is a warning finding; a cheque or an FX
    equivalent amount is refused (error). Raises :class:`QenexError` for an unsupported
    version or grouping, or a bad template."""
    _check_arguments(version, grouping, transaction_id)
    parsed, problems = read_document(data, "pain.001")
    if parsed is None:
        return Outcome([], tuple(problems))
    model = parsed.model
    header = model.group_header
    run = _Run(
        version,
        stamp(created),
        bic_from_iban,
        transaction_id,
        header.message_id,
        header.initiating_party,
    )
    _kept_elements(run, model)
    run.out.extend(_replaced_header(model))
    groups = _groups(run, model, grouping)
    outputs: list[bytes] = []
    for number, txs in enumerate(groups, start=1):
        rendered = _render(run, model, txs, number, grouping)
        # These point into the rendered message, not the input: say which one.
        run.out.extend(
            replace(f, message=f"pacs.008 message {number}: {f.message}") for f in rendered.findings
        )
        outputs.append(rendered.value)
    return Outcome(outputs, tuple(run.out))


def _kept_elements(run: _Run, model: CreditTransfer) -> None:
    """Elements read outside the model inside what each transaction inherits (the debtor, its
    agent, the payment type, the initiating party) travel with each transaction of their
    block; the others have no place in pacs.008 and are named."""
    for item in model.supplementary_data:
        origin = item.origin
        if origin is None or origin.startswith("/AppHdr"):
            continue
        moved = _CARRIED.match(origin)
        if moved is None:
            run.out.append(
                t.NOT_TRANSLATED.finding(
                    "an element kept outside the model has no place in pacs.008; not translated",
                    Location(xpath=origin or None),
                )
            )
            continue
        step = moved.group(2)
        block = 0 if step == "GrpHdr/InitgPty" else int(moved.group(1) or 1)
        rest = origin[moved.end(2) - len(step.rpartition("/")[2]) :]
        run.carried.setdefault(block, []).append(
            item.model_copy(update={"origin": f"{_PACS_TX}/{rest}"})
        )


def _inherited(run: _Run, bi: int, tx: CreditTransferTransaction) -> tuple[SupplementaryData, ...]:
    """The kept elements of block ``bi`` (and of the initiating party) that ``tx`` inherits:
    not those under an element the transaction has its own of."""
    own = {"UltmtDbtr": tx.ultimate_debtor, "PmtTpInf": tx.payment_type}
    own["InitgPty"] = tx.initiating_party
    return tuple(
        item
        for item in (*run.carried.get(bi, ()), *run.carried.get(0, ()))
        if own.get((item.origin or "").removeprefix(f"{_PACS_TX}/").partition("/")[0]) is None
    )


def _replaced_header(model: CreditTransfer) -> list[Finding]:
    """The customer's message identity, which the debtor agent's own pacs.008 replaces."""
    header = model.group_header
    root = "/Document/CstmrCdtTrfInitn/GrpHdr"
    found = [
        info(
            t.NOT_TRANSLATED,
            f"{step} {value} is the customer's message's; the pacs.008 has its own",
            Location(xpath=f"{root}/{step}"),
        )
        for step, value in (("MsgId", header.message_id), ("CreDtTm", header.creation_date_time))
    ]
    if header.forwarding_agent is not None:
        found.append(
            t.NOT_TRANSLATED.finding(
                "FwdgAgt forwards the customer's message only; not translated",
                Location(xpath=f"{root}/FwdgAgt"),
            )
        )
    if model.application_header is not None:
        found.append(
            info(
                t.NOT_TRANSLATED,
                "the customer's AppHdr is replaced by the pacs.008's own",
                Location(xpath="/AppHdr"),
            )
        )
    return found


def _groups(
    run: _Run, model: CreditTransfer, grouping: Grouping
) -> list[list[CreditTransferTransaction]]:
    groups: list[list[CreditTransferTransaction]] = []
    for bi, block in enumerate(model.payment_information, start=1):
        if block.payment_method is not PaymentMethod.TRANSFER:
            run.out.append(
                t.REFUSED.finding(
                    f"PmtMtd {block.payment_method.value}: only credit transfers (TRF) become "
                    "pacs.008",
                    _where(bi, None, "PmtMtd"),
                )
            )
            continue
        run.out.append(
            info(
                t.NOT_TRANSLATED,
                f"PmtInfId {block.payment_information_id} identifies the customer's batch; "
                "pacs.008 has no payment-information level",
                _where(bi, None, "PmtInfId"),
            )
        )
        for present, step in (
            (block.charges_account, "ChrgsAcct"),
            (block.charges_account_agent, "ChrgsAcctAgt"),
            (block.batch_booking, "BtchBookg"),
            (block.pooling_adjustment_date, "PoolgAdjstmntDt"),
        ):
            if present is not None:
                run.out.append(
                    t.NOT_TRANSLATED.finding(
                        f"{step} is for the debtor agent only; not translated",
                        _where(bi, None, step),
                    )
                )
        translated = [
            new
            for ti, tx in enumerate(block.transactions, start=1)
            if (new := _transaction(run, block, bi, tx, ti)) is not None
        ]
        if not translated:
            continue
        if grouping == "transaction":
            groups.extend([tx] for tx in translated)
        elif grouping == "block" or not groups:
            groups.append(translated)
        else:
            groups[0].extend(translated)
    return groups


def _render(
    run: _Run,
    model: CreditTransfer,
    txs: list[CreditTransferTransaction],
    number: int,
    grouping: Grouping,
) -> Outcome[bytes]:
    msg_id = txs[0].instruction_id if len(txs) == 1 else None
    msg_id = msg_id or _reference(run.msg_id, "batch", str(number))
    first = txs[0]
    bah = None
    receivers = {tx.instructed_agent.bic for tx in txs if tx.instructed_agent}
    if len(receivers) > 1 and first.instructed_agent:
        run.out.append(
            t.DEFAULTED.finding(
                f"pacs.008 message {number}: its transactions go to {len(receivers)} agents; the "
                f"AppHdr To is the first one's ({first.instructed_agent.bic}): address the bulk "
                "to your clearing house",
                Location(xpath="/AppHdr/To"),
                severity=Severity.WARNING,
            )
        )
    if first.instructing_agent and first.instructed_agent:
        bah = BusinessApplicationHeader(
            from_agent=first.instructing_agent,
            to_agent=first.instructed_agent,
            business_message_id=msg_id,
            message_definition_id=run.version,
            business_service=(
                "swift.cbprplus.03"
                if run.version == "pacs.008.001.08" and grouping == "transaction"
                else None
            ),
            creation_date=run.when.created,
        )
    pacs = CreditTransfer(
        kind=MessageKind.INTERBANK,
        group_header=GroupHeader(
            message_id=msg_id,
            creation_date_time=run.when.created,
            number_of_transactions=len(txs),
            settlement_information=SettlementInformation(method=SettlementMethod.INSTRUCTED_AGENT),
        ),
        transactions=tuple(txs),
        application_header=bah,
        supplementary_data=tuple(i for i in model.supplementary_data if i.origin is None),
    )
    return render_document(pacs, run.version, header=bah is not None)
