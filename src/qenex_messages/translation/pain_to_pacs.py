"""pain.001 -> pacs.008 for a debtor agent forwarding its customer's payments (mapping note s. 6).

The debtor agent becomes the instructing agent; the instructed agent is the first intermediary
agent (which then leaves the intermediary list) or else the creditor agent. Debtor, accounts,
ultimate debtor, payment type and charge bearer are copied down from the payment information to
each transaction; the requested execution date becomes the interbank settlement date; the
settlement method is INDA (CBPR+ default; INGA/COVE are the banks' decision); the instructed
amount is both InstdAmt and IntrBkSttlmAmt. What is for the debtor agent only (charges account,
its own instructions) is reported as not translated; cheques and FX equivalents are refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from dataclasses import replace
from typing import Any

from qenex_messages import identifiers
from qenex_messages.findings import Finding, Location, Outcome, QenexError
from qenex_messages.iso20022 import SUPPORTED, ParsedDocument, render_document
from qenex_messages.model import (
    Agent,
    BusinessApplicationHeader,
    CreditTransfer,
    CreditTransferTransaction,
    GroupHeader,
    MessageKind,
    PaymentInformation,
    PaymentMethod,
    SettlementInformation,
    SettlementMethod,
    SupplementaryData,
    reading,
)
from qenex_messages.translation import codes as t
from qenex_messages.translation._common import info, is_basic, read_document
from qenex_messages.versions import GROUPINGS, Grouping, Pacs008Version

__all__ = ["GROUPINGS", "pain001_to_pacs008"]

_PMTINF = "/Document/CstmrCdtTrfInitn/PmtInf"
_TXID_REQUIRED = frozenset({"pacs.008.001.02"})
"""Versions whose PmtId/TxId is mandatory (and that have no UETR)."""
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


def _transaction(
    version: str,
    block: PaymentInformation,
    bi: int,
    tx: CreditTransferTransaction,
    ti: int,
    msg_id: str,
    initiating: Any,
    out: list[Finding],
) -> CreditTransferTransaction | None:
    if tx.equivalent_amount is not None:
        out.append(
            t.REFUSED.finding(
                "Amt/EqvtAmt: the debtor agent must first do the FX; the settlement amount is "
                "not known, so the transaction was not translated",
                _where(bi, ti, "Amt/EqvtAmt"),
            )
        )
        return None
    if tx.instructed_amount is None:
        out.append(t.INCOMPLETE.finding("no instructed amount", _where(bi, ti, "Amt")))
        return None
    data: dict[str, Any] = dict(tx)
    data.pop("amount", None)
    instr = tx.instruction_id
    if instr is None or len(instr) > 16 or not is_basic(instr):
        data["instruction_id"] = _reference(msg_id, block.payment_information_id, str(ti))
        out.append(
            info(
                t.DEFAULTED,
                f"InstrId {data['instruction_id']} generated for the interbank message (the "
                "customer's InstrId is point to point)",
                _where(bi, ti, "PmtId/InstrId"),
            )
        )
    data["end_to_end_id"] = tx.end_to_end_id or "NOTPROVIDED"
    if version in _TXID_REQUIRED and tx.transaction_id is None:
        data["transaction_id"] = data["instruction_id"]
        out.append(
            info(
                t.DEFAULTED,
                f"TxId {data['transaction_id']} (= InstrId) written: {version} requires one",
                _where(bi, ti, "PmtId"),
            )
        )
    if tx.uetr is None and version not in _TXID_REQUIRED:
        data["uetr"] = str(uuid.uuid4())
        out.append(info(t.DEFAULTED, f"UETR {data['uetr']} generated", _where(bi, ti, "PmtId")))
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
    data["initiating_party"] = tx.initiating_party or initiating
    data["instructing_agent"] = block.debtor_agent
    intermediaries = list(tx.intermediary_agents)
    accounts = list(tx.intermediary_agent_accounts)
    if intermediaries:
        data["instructed_agent"] = intermediaries.pop(0)
        if accounts:
            accounts.pop(0)
    else:
        data["instructed_agent"] = tx.creditor_agent
    data["intermediary_agents"] = tuple(intermediaries)
    data["intermediary_agent_accounts"] = tuple(accounts)
    derived = _creditor_agent_from_iban(tx)
    if derived is not None:
        # SEPA lets the customer leave the creditor agent out (IBAN only); the interbank message
        # needs it, and the IBAN's bank code names it.
        data["creditor_agent"] = derived
        if data["instructed_agent"] is None or data["instructed_agent"].bic is None:
            data["instructed_agent"] = derived
        out.append(
            info(
                t.DEFAULTED,
                f"CdtrAgt BIC {derived.bic} derived from the bank code of the creditor's IBAN; "
                "confirm it is the agent to pay",
                _where(bi, ti, "CdtrAgt"),
            )
        )
    for key, step in (("instructing_agent", "DbtrAgt"), ("instructed_agent", "CdtrAgt")):
        agent = data[key]
        if agent is None or agent.bic is None:
            out.append(
                t.INCOMPLETE.finding(
                    f"{key.replace('_', ' ')} needs a BIC for the interbank message",
                    _where(bi, ti if step == "CdtrAgt" else None, step),
                )
            )
    with reading():  # values read leniently keep the findings made when they were read
        return CreditTransferTransaction(**data)


def _creditor_agent_from_iban(tx: CreditTransferTransaction) -> Agent | None:
    """An agent for a transaction with no creditor-agent BIC but an IBAN creditor account."""
    if tx.creditor_agent is not None and tx.creditor_agent.bic is not None:
        return None
    iban = tx.creditor_account.iban if tx.creditor_account is not None else None
    bic = identifiers.bic_from_iban(iban) if iban else None
    if bic is None:
        return None
    if tx.creditor_agent is None:
        return Agent(bic=bic)
    return tx.creditor_agent.model_copy(update={"bic": bic})


def pain001_to_pacs008(
    data: bytes | ParsedDocument,
    *,
    version: Pacs008Version = "pacs.008.001.08",
    grouping: Grouping = "transaction",
) -> Outcome[list[bytes]]:
    """pacs.008 messages (one per transaction, or one per PmtInf with ``grouping="batch"``) for
    the debtor agent to forward a pain.001 (.03 to .13). Every element left behind is a warning
    finding; a cheque or an FX equivalent amount is refused (error). Raises :class:`QenexError`
    for an unsupported version or grouping."""
    if version not in SUPPORTED or not version.startswith("pacs.008"):
        targets = ", ".join(v for v in SUPPORTED if v.startswith("pacs.008"))
        raise QenexError(f"{version!r} is not a supported pacs.008 version ({targets})")
    if grouping not in GROUPINGS:
        raise QenexError(f"grouping {grouping!r}: choose one of {', '.join(GROUPINGS)}")
    parsed, problems = read_document(data, "pain.001")
    if parsed is None:
        return Outcome([], tuple(problems))
    model = parsed.model
    out: list[Finding] = []
    header = model.group_header
    carried: dict[int, list[SupplementaryData]] = {}
    message_level = tuple(i for i in model.supplementary_data if i.origin is None)
    for item in model.supplementary_data:
        if item.origin is None:
            continue
        origin = item.origin
        moved = _CARRIED.match(origin)
        if moved:
            block_no = int(moved.group(1) or 1) if moved.group(2) != "GrpHdr/InitgPty" else 0
            rest = origin[moved.end(2) - len(moved.group(2).rpartition("/")[2]) :]
            carried.setdefault(block_no, []).append(
                item.model_copy(update={"origin": f"{_PACS_TX}/{rest}"})
            )
        elif not origin.startswith("/AppHdr"):
            out.append(
                t.NOT_TRANSLATED.finding(
                    "an element kept outside the model has no place in pacs.008; not translated",
                    Location(xpath=origin or None),
                )
            )
    groups: list[list[CreditTransferTransaction]] = []
    for bi, block in enumerate(model.payment_information, start=1):
        if block.payment_method is not PaymentMethod.TRANSFER:
            out.append(
                t.REFUSED.finding(
                    f"PmtMtd {block.payment_method.value}: only credit transfers (TRF) become "
                    "pacs.008",
                    _where(bi, None, "PmtMtd"),
                )
            )
            continue
        for present, step in (
            (block.charges_account, "ChrgsAcct"),
            (block.charges_account_agent, "ChrgsAcctAgt"),
            (block.batch_booking, "BtchBookg"),
            (block.pooling_adjustment_date, "PoolgAdjstmntDt"),
        ):
            if present is not None:
                out.append(
                    t.NOT_TRANSLATED.finding(
                        f"{step} is for the debtor agent only; not translated",
                        _where(bi, None, step),
                    )
                )
        translated = []
        for ti, tx in enumerate(block.transactions, start=1):
            new = _transaction(
                version, block, bi, tx, ti, header.message_id, header.initiating_party, out
            )
            if new is not None:
                translated.append(new)
        if not translated:
            continue
        if grouping == "transaction":
            groups.extend([tx] for tx in translated)
        elif grouping == "block" or not groups:
            groups.append(translated)
        else:
            groups[0].extend(translated)
    outputs: list[bytes] = []
    created = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for number, txs in enumerate(groups, start=1):
        msg_id = txs[0].instruction_id if len(txs) == 1 else None
        msg_id = msg_id or _reference(header.message_id, "batch", str(number))
        first = txs[0]
        bah = None
        if first.instructing_agent and first.instructed_agent:
            bah = BusinessApplicationHeader(
                from_agent=first.instructing_agent,
                to_agent=first.instructed_agent,
                business_message_id=msg_id,
                message_definition_id=version,
                business_service=(
                    "swift.cbprplus.03"
                    if version == "pacs.008.001.08" and grouping == "transaction"
                    else None
                ),
                creation_date=created,
            )
        pacs = CreditTransfer(
            kind=MessageKind.INTERBANK,
            group_header=GroupHeader(
                message_id=msg_id,
                creation_date_time=created,
                number_of_transactions=len(txs),
                settlement_information=SettlementInformation(
                    method=SettlementMethod.INSTRUCTED_AGENT
                ),
            ),
            transactions=tuple(txs),
            application_header=bah,
            supplementary_data=message_level,
        )
        rendered = render_document(pacs, version, header=bah is not None)
        # These point into the rendered message, not the input: say which one.
        out.extend(
            replace(f, message=f"pacs.008 message {number}: {f.message}") for f in rendered.findings
        )
        outputs.append(rendered.value)
    return Outcome(outputs, tuple(out))
