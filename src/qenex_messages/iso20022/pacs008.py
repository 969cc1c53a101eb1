"""pacs.008 (FI to FI customer credit transfer), versions 001.02 to 001.13: parse and render."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lxml import etree

from qenex_messages.iso20022._read import Reader
from qenex_messages.iso20022._render import Builder, _nsmap
from qenex_messages.model import (
    Charges,
    CreditTransfer,
    CreditTransferTransaction,
    GroupHeader,
    MessageKind,
    Priority,
    TimeIndication,
)

_PRIORITIES = frozenset(p.value for p in Priority)
_TIMES = {"DbtDtTm": "DBTDTTM", "CdtDtTm": "CDTDTTM"}
_NO_DATE = dt.date(1, 1, 1)
"""The date a time without one is placed on (the CBPR+ translation rule for MT 13C)."""
_REQUESTS = {"CLSTm": "CLSTM", "TillTm": "TILLTM", "FrTm": "FRTM", "RjctTm": "RJCTTM"}


def _time_indications(reader: Reader, tx: etree._Element) -> tuple[TimeIndication, ...]:
    items = []
    indication = reader.child(tx, "SttlmTmIndctn")
    for tag, kind in _TIMES.items():
        value = reader.datetime(indication, tag) if indication is not None else None
        if value is not None:
            items.append(TimeIndication(kind=kind, time=value))
    request = reader.child(tx, "SttlmTmReq")
    for tag, kind in _REQUESTS.items():
        raw = reader.code(request, tag) if request is not None else None
        if raw is not None:
            items.append(TimeIndication(kind=kind, time=dt.time.fromisoformat(raw)))
    return tuple(items)


def parse_transaction(reader: Reader, tx: etree._Element) -> CreditTransferTransaction:
    """One CdtTrfTxInf of a pacs.008."""
    ids = reader.child(tx, "PmtId")
    charges = []
    for item in reader.children(tx, "ChrgsInf"):
        amount = reader.amount(item, "Amt")
        assert amount is not None
        charges.append(
            Charges(
                amount=amount,
                agent=reader.agent(item, "Agt") or reader.agent(item, "Pty"),
                type=reader.choice(item, "Tp"),
            )
        )
    previous = [reader.agent(tx, f"PrvsInstgAgt{i}") for i in (1, 2, 3)]
    intermediaries = [reader.agent(tx, f"IntrmyAgt{i}") for i in (1, 2, 3)]
    accounts = [reader.account(tx, f"IntrmyAgt{i}Acct") for i in (1, 2, 3)]
    count = max((i + 1 for i, a in enumerate(intermediaries) if a is not None), default=0)
    charge_bearer: Any = reader.code(tx, "ChrgBr")
    priority: Any = reader.enum(tx, "SttlmPrty", _PRIORITIES)
    return CreditTransferTransaction(
        instruction_id=reader.text(ids, "InstrId"),
        end_to_end_id=reader.text(ids, "EndToEndId"),
        transaction_id=reader.text(ids, "TxId"),
        uetr=reader.code(ids, "UETR"),
        clearing_system_reference=reader.text(ids, "ClrSysRef"),
        payment_type=reader.payment_type(tx),
        instructed_amount=reader.amount(tx, "InstdAmt"),
        interbank_settlement_amount=reader.amount(tx, "IntrBkSttlmAmt"),
        interbank_settlement_date=reader.date(tx, "IntrBkSttlmDt"),
        settlement_priority=priority,
        time_indications=_time_indications(reader, tx),
        exchange_rate=reader.decimal(tx, "XchgRate"),
        charge_bearer=charge_bearer,
        charges=tuple(charges),
        previous_instructing_agents=tuple(a for a in previous if a is not None),
        instructing_agent=reader.agent(tx, "InstgAgt"),
        instructed_agent=reader.agent(tx, "InstdAgt"),
        intermediary_agents=tuple(a for a in intermediaries[:count] if a is not None),
        intermediary_agent_accounts=tuple(accounts[:count]) if any(accounts) else (),
        ultimate_debtor=reader.party(tx, "UltmtDbtr"),
        initiating_party=reader.party(tx, "InitgPty"),
        debtor=reader.party(tx, "Dbtr"),
        debtor_account=reader.account(tx, "DbtrAcct"),
        debtor_agent=reader.agent(tx, "DbtrAgt"),
        debtor_agent_account=reader.account(tx, "DbtrAgtAcct"),
        creditor_agent=reader.agent(tx, "CdtrAgt"),
        creditor_agent_account=reader.account(tx, "CdtrAgtAcct"),
        creditor=reader.party(tx, "Cdtr"),
        creditor_account=reader.account(tx, "CdtrAcct"),
        ultimate_creditor=reader.party(tx, "UltmtCdtr"),
        instructions_for_creditor_agent=reader.instructions(tx, "InstrForCdtrAgt"),
        instructions_for_next_agent=reader.instructions(tx, "InstrForNxtAgt"),
        purpose=reader.choice(tx, "Purp"),
        regulatory_reporting=reader.regulatory(tx),
        remittance=reader.remittance(tx),
        supplementary_data=reader.supplementary(tx),
    )


def parse_group_header(reader: Reader, message: etree._Element) -> GroupHeader:
    """The GrpHdr of a pacs.008."""
    header = reader.child(message, "GrpHdr")
    created = reader.datetime(header, "CreDtTm")
    if created is None:
        raise ValueError("GrpHdr/CreDtTm is missing")
    count = reader.code(header, "NbOfTxs")
    return GroupHeader(
        message_id=reader.text(header, "MsgId") or "",
        creation_date_time=created,
        batch_booking=reader.boolean(header, "BtchBookg"),
        number_of_transactions=int(count) if count is not None else None,
        control_sum=reader.decimal(header, "CtrlSum"),
        total_interbank_settlement_amount=reader.amount(header, "TtlIntrBkSttlmAmt"),
        interbank_settlement_date=reader.date(header, "IntrBkSttlmDt"),
        settlement_information=reader.settlement(header),
        payment_type=reader.payment_type(header),
        instructing_agent=reader.agent(header, "InstgAgt"),
        instructed_agent=reader.agent(header, "InstdAgt"),
    )


def parse_message(reader: Reader, message: etree._Element) -> CreditTransfer:
    """A whole FIToFICstmrCdtTrf element (the AppHdr and kept fragments are added by the caller)."""
    return CreditTransfer(
        kind=MessageKind.INTERBANK,
        group_header=parse_group_header(reader, message),
        transactions=tuple(
            parse_transaction(reader, tx) for tx in reader.children(message, "CdtTrfTxInf")
        ),
        supplementary_data=reader.supplementary(message),
    )


def _render_transaction(b: Builder, parent: etree._Element, tx: CreditTransferTransaction) -> None:
    element = b.sub(parent, "CdtTrfTxInf")
    ids = b.sub(element, "PmtId")
    b.text(ids, "InstrId", tx.instruction_id)
    b.text(ids, "EndToEndId", tx.end_to_end_id)
    b.text(ids, "TxId", tx.transaction_id)
    b.text(ids, "UETR", tx.uetr)
    b.text(ids, "ClrSysRef", tx.clearing_system_reference)
    b.payment_type(element, tx.payment_type)
    b.amount(element, "IntrBkSttlmAmt", tx.interbank_settlement_amount)
    b.text(element, "IntrBkSttlmDt", tx.interbank_settlement_date)
    b.text(element, "SttlmPrty", tx.settlement_priority)
    indications = [t for t in tx.time_indications if t.kind in _TIMES.values()]
    requests = [t for t in tx.time_indications if t.kind in _REQUESTS.values()]
    if indications:
        holder = b.sub(element, "SttlmTmIndctn")
        for item in indications:
            tag = next(k for k, v in _TIMES.items() if v == item.kind)
            when = item.time
            if isinstance(when, dt.time):  # e.g. from MT 13C, which has no date
                when = dt.datetime.combine(_NO_DATE, when)
            b.text(holder, tag, when)
    if requests:
        holder = b.sub(element, "SttlmTmReq")
        for item in requests:
            tag = next(k for k, v in _REQUESTS.items() if v == item.kind)
            b.text(holder, tag, item.time)
    b.amount(element, "InstdAmt", tx.instructed_amount)
    b.text(element, "XchgRate", tx.exchange_rate)
    b.text(element, "ChrgBr", tx.charge_bearer)
    for charge in tx.charges:
        holder = b.sub(element, "ChrgsInf")
        b.amount(holder, "Amt", charge.amount)
        b.agent(holder, "Pty" if b.legacy else "Agt", charge.agent)
        b.choice(holder, "Tp", charge.type)
    for index, agent in enumerate(tx.previous_instructing_agents, start=1):
        b.agent(element, f"PrvsInstgAgt{index}", agent)
    b.agent(element, "InstgAgt", tx.instructing_agent)
    b.agent(element, "InstdAgt", tx.instructed_agent)
    b.transaction_common(element, tx)
    b.fragments(element, tx.supplementary_data, "CdtTrfTxInf")


def render_message(model: CreditTransfer, b: Builder) -> etree._Element:
    """The unshaped Document element of ``model`` as a pacs.008."""
    document = etree.Element(f"{{{b.ns}}}Document", nsmap=_nsmap(b.ns))
    message = b.sub(document, "FIToFICstmrCdtTrf")
    header = model.group_header
    grp = b.sub(message, "GrpHdr")
    b.text(grp, "MsgId", header.message_id)
    b.text(grp, "CreDtTm", header.creation_date_time)
    b.text(grp, "BtchBookg", header.batch_booking)
    b.computed(grp, "NbOfTxs", len(model.transactions), header.number_of_transactions)
    amounts = [t.interbank_settlement_amount for t in model.transactions]
    total = sum((a.value for a in amounts if a is not None), Decimal(0))
    if header.control_sum is not None:
        b.computed(grp, "CtrlSum", total, header.control_sum)
    stored_total = header.total_interbank_settlement_amount
    if stored_total is not None:
        holder = b.computed(grp, "TtlIntrBkSttlmAmt", total, stored_total.value)
        holder.set("Ccy", stored_total.currency)
    b.text(grp, "IntrBkSttlmDt", header.interbank_settlement_date)
    b.settlement(grp, header.settlement_information)
    b.payment_type(grp, header.payment_type)
    b.agent(grp, "InstgAgt", header.instructing_agent)
    b.agent(grp, "InstdAgt", header.instructed_agent)
    for tx in model.transactions:
        _render_transaction(b, message, tx)
    b.supplementary(message, model.supplementary_data)
    b.fragments(message, model.supplementary_data, "/Document/FIToFICstmrCdtTrf")
    return document
