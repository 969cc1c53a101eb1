"""Fedwire transaction (pacs.008 guideline, F1): payment ids, local instrument, amounts and
charge bearer."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import decimals, is_valid_uetr
from qenex_messages.rules.base import RulebookRule, Scope, fails, passes, rule, shown
from qenex_messages.rules.fedwire.common import FEDWIRE, PACS_GUIDELINE, present
from qenex_messages.rules.fedwire.dates import limits_on
from qenex_messages.rules.samples import FEDWIRE_PACS
from qenex_messages.rules.view import Message, decimal

LOCAL_INSTRUMENTS = ("CTRC", "CTRD", "CTRS")
"""LocalInstrument_FedwireFunds_1."""
CHARGE_BEARERS = ("DEBT", "CRED", "SHAR", "SLEV")
"""ChargeBearerType1Code as the guideline keeps it: all four ISO values."""


@rule(
    "FEDWIRE-PMTID",
    "E",
    FEDWIRE,
    "PmtId/EndToEndId and PmtId/UETR (a version 4 UUID) are mandatory (F1: "
    "PaymentIdentification7__1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<EndToEndId>INV-2026-0042</EndToEndId>",
            "",
            severity=Severity.ERROR,
            why="no EndToEndId",
        ),
        fails(
            FEDWIRE_PACS,
            "<UETR>8a562c67-ca16-48ba-b074-65581be6f011</UETR>",
            "",
            severity=Severity.ERROR,
            why="no UETR",
        ),
    ],
    fix="Give every transaction an EndToEndId (NOTPROVIDED if none) and a version 4 UUID UETR.",
)
def _pmtid(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        pmt_id = msg.find(tx.el, "PmtId")
        where = present(pmt_id, tx.el)
        if msg.find(pmt_id, "EndToEndId") is None:
            yield r.finding(msg, where, "PmtId/EndToEndId is mandatory in Fedwire")
        uetr = msg.find(pmt_id, "UETR")
        if uetr is None:
            yield r.finding(msg, where, "PmtId/UETR is mandatory in Fedwire")
        elif not is_valid_uetr(uetr.text or ""):
            yield r.finding(
                msg, uetr, f"UETR {shown(uetr.text or '')} must be a lower-case version 4 UUID"
            )


@rule(
    "FEDWIRE-LCLINSTRM",
    "E",
    FEDWIRE,
    "PmtTpInf/LclInstrm/Prtry is mandatory and one of CTRC, CTRD, CTRS (F1: "
    "PaymentTypeInformation28__1, LocalInstrument_FedwireFunds_1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<Prtry>CTRC</Prtry>",
            "<Prtry>CTP</Prtry>",
            severity=Severity.ERROR,
            why="unknown value",
        ),
        fails(
            FEDWIRE_PACS,
            "<LclInstrm><Prtry>CTRC</Prtry></LclInstrm>",
            "<LclInstrm><Cd>CTRC</Cd></LclInstrm>",
            severity=Severity.ERROR,
            why="a code",
        ),
    ],
    fix="Set PmtTpInf/LclInstrm/Prtry to CTRC (customer transfer), CTRD or CTRS.",
)
def _local_instrument(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        info = msg.find(tx.el, "PmtTpInf/LclInstrm")
        value = msg.text(info, "Prtry")
        if value not in LOCAL_INSTRUMENTS:
            yield r.finding(
                msg,
                present(msg.find(info, "Prtry"), info, msg.find(tx.el, "PmtTpInf"), tx.el),
                f"LclInstrm/Prtry is {shown(value)}; Fedwire needs one of "
                f"{', '.join(LOCAL_INSTRUMENTS)}"
                if value is not None
                else f"PmtTpInf/LclInstrm/Prtry ({', '.join(LOCAL_INSTRUMENTS)}) is mandatory",
            )


@rule(
    "FEDWIRE-AMOUNT",
    "E",
    FEDWIRE,
    "IntrBkSttlmAmt is in USD with at most 2 decimals and 14 digits (F1: "
    "ActiveCurrencyAndAmount_Fedwire_1, ActiveCurrencyCode_fixed).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            '<IntrBkSttlmAmt Ccy="USD">',
            '<IntrBkSttlmAmt Ccy="EUR">',
            severity=Severity.ERROR,
            why="EUR",
        ),
        fails(
            FEDWIRE_PACS,
            ">2500.50</IntrBkSttlmAmt>",
            ">2500.505</IntrBkSttlmAmt>",
            severity=Severity.ERROR,
            why="3 decimals",
        ),
        fails(
            FEDWIRE_PACS,
            ">2500.50</IntrBkSttlmAmt>",
            ">1234567890123.45</IntrBkSttlmAmt>",
            severity=Severity.ERROR,
            why="15 digits",
        ),
    ],
    fix="Settle in USD with at most 2 decimals and at most 14 digits.",
)
def _amount(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        amount = msg.find(tx.el, "IntrBkSttlmAmt")
        if amount is None:
            continue
        currency = amount.get("Ccy")
        if currency != "USD":
            yield r.finding(
                msg, amount, f"IntrBkSttlmAmt is in {shown(currency or '')}; Fedwire settles USD"
            )
        value = decimal(amount.text)
        if value is None:
            continue  # not a number: the schema check reports it
        limits = limits_on(msg.as_of)
        if decimals(value) > limits.amount_fraction:
            yield r.finding(
                msg,
                amount,
                f"IntrBkSttlmAmt {amount.text} has more than {limits.amount_fraction} decimals",
            )
        elif total_digits(value) > limits.amount_digits:
            yield r.finding(
                msg,
                amount,
                f"IntrBkSttlmAmt {amount.text} has more than {limits.amount_digits} digits",
            )


def total_digits(value: Decimal) -> int:
    """XSD totalDigits of a finite ``value``: the fewest digits of an integer i with
    value = i x 10^-n (trailing zeros of a fraction do not count)."""
    if not value:
        return 1
    _, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)  # finite: decimal() returns no NaN or infinity
    return len(digits) + max(exponent, 0)


@rule(
    "FEDWIRE-INSTDAMT",
    "E",
    FEDWIRE,
    "InstdAmt is mandatory (F1: CreditTransferTransaction39__1/InstdAmt, minOccurs 1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(FEDWIRE_PACS, '<InstdAmt Ccy="USD">2500.50</InstdAmt>', "", severity=Severity.ERROR),
    fix="Give the instructed amount (InstdAmt), in the debtor's currency.",
)
def _instructed(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        if msg.find(tx.el, "InstdAmt") is None:
            yield r.finding(msg, tx.el, "InstdAmt is mandatory in Fedwire")


@rule(
    "FEDWIRE-CHRGBR",
    "E",
    FEDWIRE,
    "ChrgBr is mandatory, one of DEBT, CRED, SHAR, SLEV (F1: CreditTransferTransaction39__1/"
    "ChrgBr, ChargeBearerType1Code).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(FEDWIRE_PACS, "<ChrgBr>SHAR</ChrgBr>", "", severity=Severity.ERROR, why="absent"),
        fails(
            FEDWIRE_PACS,
            "<ChrgBr>SHAR</ChrgBr>",
            "<ChrgBr>OUR</ChrgBr>",
            severity=Severity.ERROR,
            why="an MT value",
        ),
    ],
    ok=[passes(FEDWIRE_PACS), passes(FEDWIRE_PACS, "<ChrgBr>SHAR", "<ChrgBr>SLEV")],
    fix="Set ChrgBr to DEBT, CRED, SHAR or SLEV.",
)
def _charge_bearer(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        bearer = msg.find(tx.el, "ChrgBr")
        if bearer is None:
            yield r.finding(msg, tx.el, "ChrgBr is mandatory in Fedwire (DEBT, CRED, SHAR, SLEV)")
        elif bearer.text not in CHARGE_BEARERS:
            yield r.finding(
                msg, bearer, f"ChrgBr {shown(bearer.text or '')} is not DEBT, CRED, SHAR or SLEV"
            )
