"""CHAPS enhanced-data mandates: each is dated data with its source, and a rule checks the ones a
message can show.

The Bank of England names the month of a mandate, not always its day; a mandate given as a month
starts on that month's first day here, and its record says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from qenex_messages.findings import Finding, Severity
from qenex_messages.rule_record import Example
from qenex_messages.rules.base import RulebookRule, Scope, not_checkable, passes, rule
from qenex_messages.rules.samples import CHAPS_PACS
from qenex_messages.rules.view import Message

CHAPS = frozenset({"chaps"})


@dataclass(frozen=True, slots=True)
class Mandate:
    """One enhanced-data requirement of CHAPS: what, for which payments, from when, why."""

    start: date
    what: str
    payments: str
    source: str
    month_only: bool = False
    """The source names the month only; ``start`` is its first day."""


PURPOSE_CODES_CERTAIN = Mandate(
    date(2025, 5, 1),
    "Purpose Code",
    "payments between financial institutions and property transactions",
    "B2",
)
LEI_BETWEEN_FIS = Mandate(date(2025, 5, 1), "LEI", "payments between financial institutions", "B2")
PURPOSE_CODES_ALL = Mandate(
    date(2027, 11, 1), "Purpose Code", "all CHAPS payments", "B1", month_only=True
)
MANDATES = (PURPOSE_CODES_CERTAIN, LEI_BETWEEN_FIS, PURPOSE_CODES_ALL)
"""Every dated CHAPS mandate, oldest first (Bank of England policy statements B1, B2, B3)."""


def _day(when: date) -> str:
    """``1 May 2025``: the day without a leading zero."""
    return f"{when.day} {when:%B %Y}"


_SCOPE_NOT_IN_MESSAGE = (
    "whether a pacs.008 is a property transaction, or a payment between financial institutions, "
    "is not stated in the message"
)
not_checkable(
    "CHAPS-PURPOSE-2025",
    CHAPS,
    f"{PURPOSE_CODES_CERTAIN.what} in {PURPOSE_CODES_CERTAIN.payments}, since "
    f"{_day(PURPOSE_CODES_CERTAIN.start)} (B2, B3).",
    f"{_SCOPE_NOT_IN_MESSAGE}; CHAPS-PURPOSE checks every payment once Purpose Codes are "
    "mandatory for all of them.",
)
not_checkable(
    "CHAPS-LEI-2025",
    CHAPS,
    f"{LEI_BETWEEN_FIS.what} in {LEI_BETWEEN_FIS.payments}, since "
    f"{_day(LEI_BETWEEN_FIS.start)} (B2).",
    "payments between financial institutions travel as pacs.009, which this library does not "
    "read, and a pacs.008 does not say that its parties are financial institutions; the Bank's "
    "update on widening the LEI mandate was due by May 2026 (B1).",
)


@rule(
    "CHAPS-PURPOSE",
    "P",
    CHAPS,
    "From November 2027 every CHAPS payment carries a Purpose Code (Purp/Cd or Purp/Prtry).",
    sources=("B1",),
    scope=Scope.TRANSACTION,
    fail=Example(
        base=CHAPS_PACS,
        as_of=date(2027, 11, 15),
        severity=Severity.ERROR,
        why="no Purp, after the mandate",
    ),
    ok=[
        passes(CHAPS_PACS, why="no Purp, before the mandate"),
        passes(
            CHAPS_PACS,
            "<RmtInf>",
            "<Purp><Cd>GDDS</Cd></Purp><RmtInf>",
            as_of=date(2027, 11, 15),
            why="a Purpose Code",
        ),
    ],
    note="The policy names the month; the rule applies from 1 November 2027. It covers "
    "initiation channels within the Direct Participant's control, which no message shows.",
    fix="Add the payment's ISO Purpose Code (Purp/Cd), from the UK Purpose Code list where one "
    "fits.",
)
def _purpose(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    mandate = PURPOSE_CODES_ALL
    if msg.as_of < mandate.start:
        return
    for tx in msg.txs:
        purpose = msg.find(tx.el, "Purp")
        if purpose is None or not any((el.text or "").strip() for el in purpose):
            yield r.finding(
                msg,
                purpose if purpose is not None else tx.el,
                f"a {mandate.what} is mandatory in {mandate.payments} since "
                f"{mandate.start:%B %Y}; add Purp/Cd",
                severity=Severity.ERROR,
            )
