"""pain.001 (customer credit transfer initiation), versions 001.03 to 001.13: parse and render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from qenex_messages.iso20022._read import Reader
from qenex_messages.iso20022._render import Builder, _nsmap
from qenex_messages.model import (
    CreditTransfer,
    CreditTransferTransaction,
    GroupHeader,
    MessageKind,
    PaymentInformation,
)


def parse_transaction(reader: Reader, tx: etree._Element) -> CreditTransferTransaction:
    """One CdtTrfTxInf of a pain.001 payment-information block."""
    ids = reader.child(tx, "PmtId")
    amount = reader.child(tx, "Amt")
    equivalent = reader.child(amount, "EqvtAmt")
    rate = reader.child(tx, "XchgRateInf")
    intermediaries = [reader.agent(tx, f"IntrmyAgt{i}") for i in (1, 2, 3)]
    accounts = [reader.account(tx, f"IntrmyAgt{i}Acct") for i in (1, 2, 3)]
    count = max((i + 1 for i, a in enumerate(intermediaries) if a is not None), default=0)
    charge_bearer: Any = reader.code(tx, "ChrgBr")
    return CreditTransferTransaction(
        instruction_id=reader.text(ids, "InstrId"),
        end_to_end_id=reader.text(ids, "EndToEndId"),
        uetr=reader.code(ids, "UETR"),
        payment_type=reader.payment_type(tx),
        instructed_amount=reader.amount(amount, "InstdAmt"),
        equivalent_amount=reader.amount(equivalent, "Amt"),
        currency_of_transfer=reader.code(equivalent, "CcyOfTrf"),
        exchange_rate=reader.decimal(rate, "XchgRate"),
        charge_bearer=charge_bearer,
        ultimate_debtor=reader.party(tx, "UltmtDbtr"),
        intermediary_agents=tuple(a for a in intermediaries[:count] if a is not None),
        intermediary_agent_accounts=tuple(accounts[:count]) if any(accounts) else (),
        creditor_agent=reader.agent(tx, "CdtrAgt"),
        creditor_agent_account=reader.account(tx, "CdtrAgtAcct"),
        creditor=reader.party(tx, "Cdtr"),
        creditor_account=reader.account(tx, "CdtrAcct"),
        ultimate_creditor=reader.party(tx, "UltmtCdtr"),
        instruction_for_debtor_agent=reader.text(tx, "InstrForDbtrAgt"),
        instructions_for_creditor_agent=reader.instructions(tx, "InstrForCdtrAgt"),
        purpose=reader.choice(tx, "Purp"),
        regulatory_reporting=reader.regulatory(tx),
        remittance=reader.remittance(tx),
        supplementary_data=reader.supplementary(tx),
    )


def parse_block(reader: Reader, block: etree._Element) -> PaymentInformation:
    """One PmtInf block."""
    requested = reader.child(block, "ReqdExctnDt")
    date = date_time = None
    if requested is not None and len(requested) == 0:
        date = reader.date(block, "ReqdExctnDt")
    elif requested is not None:
        date = reader.date(requested, "Dt")
        date_time = reader.datetime(requested, "DtTm")
    count = reader.code(block, "NbOfTxs")
    method: Any = reader.code(block, "PmtMtd")
    charge_bearer: Any = reader.code(block, "ChrgBr")
    debtor = reader.party(block, "Dbtr")
    account = reader.account(block, "DbtrAcct")
    agent = reader.agent(block, "DbtrAgt")
    if debtor is None or account is None or agent is None:
        raise ValueError("PmtInf needs Dbtr, DbtrAcct and DbtrAgt")
    return PaymentInformation(
        payment_information_id=reader.text(block, "PmtInfId") or "",
        payment_method=method,
        batch_booking=reader.boolean(block, "BtchBookg"),
        number_of_transactions=int(count) if count is not None else None,
        control_sum=reader.decimal(block, "CtrlSum"),
        payment_type=reader.payment_type(block),
        requested_execution_date=date,
        requested_execution_date_time=date_time,
        pooling_adjustment_date=reader.date(block, "PoolgAdjstmntDt"),
        debtor=debtor,
        debtor_account=account,
        debtor_agent=agent,
        debtor_agent_account=reader.account(block, "DbtrAgtAcct"),
        ultimate_debtor=reader.party(block, "UltmtDbtr"),
        charge_bearer=charge_bearer,
        charges_account=reader.account(block, "ChrgsAcct"),
        charges_account_agent=reader.agent(block, "ChrgsAcctAgt"),
        transactions=tuple(
            parse_transaction(reader, tx) for tx in reader.children(block, "CdtTrfTxInf")
        ),
    )


def parse_message(reader: Reader, message: etree._Element) -> CreditTransfer:
    """A whole CstmrCdtTrfInitn element (the AppHdr and kept fragments are added by the caller)."""
    header = reader.child(message, "GrpHdr")
    created = reader.datetime(header, "CreDtTm")
    if created is None:
        raise ValueError("GrpHdr/CreDtTm is missing")
    count = reader.code(header, "NbOfTxs")
    group = GroupHeader(
        message_id=reader.text(header, "MsgId") or "",
        creation_date_time=created,
        number_of_transactions=int(count) if count is not None else None,
        control_sum=reader.decimal(header, "CtrlSum"),
        initiating_party=reader.party(header, "InitgPty"),
        forwarding_agent=reader.agent(header, "FwdgAgt"),
    )
    return CreditTransfer(
        kind=MessageKind.CUSTOMER_INITIATION,
        group_header=group,
        payment_information=tuple(
            parse_block(reader, block) for block in reader.children(message, "PmtInf")
        ),
        supplementary_data=reader.supplementary(message),
    )


def _amount_of(tx: CreditTransferTransaction) -> Decimal:
    if tx.instructed_amount is not None:
        return tx.instructed_amount.value
    if tx.equivalent_amount is not None:
        return tx.equivalent_amount.value
    return Decimal(0)


def _render_transaction(b: Builder, parent: etree._Element, tx: CreditTransferTransaction) -> None:
    element = b.sub(parent, "CdtTrfTxInf")
    ids = b.sub(element, "PmtId")
    b.text(ids, "InstrId", tx.instruction_id)
    b.text(ids, "EndToEndId", tx.end_to_end_id)
    b.text(ids, "UETR", tx.uetr)
    b.payment_type(element, tx.payment_type)
    amount = b.sub(element, "Amt")
    if tx.instructed_amount is not None:
        b.amount(amount, "InstdAmt", tx.instructed_amount)
    elif tx.equivalent_amount is not None:
        equivalent = b.sub(amount, "EqvtAmt")
        b.amount(equivalent, "Amt", tx.equivalent_amount)
        b.text(equivalent, "CcyOfTrf", tx.currency_of_transfer)
    if tx.exchange_rate is not None:
        rate = b.sub(element, "XchgRateInf")
        b.text(rate, "XchgRate", tx.exchange_rate)
    b.text(element, "ChrgBr", tx.charge_bearer)
    b.transaction_common(element, tx)
    b.fragments(element, tx.supplementary_data, "CdtTrfTxInf")


def render_message(model: CreditTransfer, b: Builder) -> etree._Element:
    """The unshaped Document element of ``model`` as a pain.001."""
    document = etree.Element(f"{{{b.ns}}}Document", nsmap=_nsmap(b.ns))
    message = b.sub(document, "CstmrCdtTrfInitn")
    header = model.group_header
    grp = b.sub(message, "GrpHdr")
    b.text(grp, "MsgId", header.message_id)
    b.text(grp, "CreDtTm", header.creation_date_time)
    b.computed(grp, "NbOfTxs", model.number_of_transactions, header.number_of_transactions)
    if header.control_sum is not None:
        total = sum((_amount_of(t) for t in model.iter_transactions()), Decimal(0))
        b.computed(grp, "CtrlSum", total, header.control_sum)
    b.party(grp, "InitgPty", header.initiating_party)
    b.agent(grp, "FwdgAgt", header.forwarding_agent)
    for block in model.payment_information:
        element = b.sub(message, "PmtInf")
        b.text(element, "PmtInfId", block.payment_information_id)
        b.text(element, "PmtMtd", block.payment_method)
        b.text(element, "BtchBookg", block.batch_booking)
        if block.number_of_transactions is not None:
            b.computed(element, "NbOfTxs", len(block.transactions), block.number_of_transactions)
        if block.control_sum is not None:
            total = sum((_amount_of(t) for t in block.transactions), Decimal(0))
            b.computed(element, "CtrlSum", total, block.control_sum)
        b.payment_type(element, block.payment_type)
        if b.legacy:
            b.text(element, "ReqdExctnDt", block.requested_execution_date)
        elif block.requested_execution_date is not None or (
            block.requested_execution_date_time is not None
        ):
            requested = b.sub(element, "ReqdExctnDt")
            if block.requested_execution_date is not None:
                b.text(requested, "Dt", block.requested_execution_date)
            else:
                b.text(requested, "DtTm", block.requested_execution_date_time)
        b.text(element, "PoolgAdjstmntDt", block.pooling_adjustment_date)
        b.party(element, "Dbtr", block.debtor)
        b.account(element, "DbtrAcct", block.debtor_account)
        b.agent(element, "DbtrAgt", block.debtor_agent)
        b.account(element, "DbtrAgtAcct", block.debtor_agent_account)
        b.party(element, "UltmtDbtr", block.ultimate_debtor)
        b.text(element, "ChrgBr", block.charge_bearer)
        b.account(element, "ChrgsAcct", block.charges_account)
        b.agent(element, "ChrgsAcctAgt", block.charges_account_agent)
        for tx in block.transactions:
            _render_transaction(b, element, tx)
    b.supplementary(message, model.supplementary_data)
    b.fragments(message, model.supplementary_data, "/Document/CstmrCdtTrfInitn")
    return document
