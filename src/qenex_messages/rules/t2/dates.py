"""T2 settlement dates: the interbank settlement date is a TARGET business day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, passes, rule, shown
from qenex_messages.rules.samples import HVPS_PACS
from qenex_messages.rules.target_calendar import CALENDAR_FROM, closing_reason, next_business_day
from qenex_messages.rules.view import Element, Message

T2 = frozenset({"t2"})


@rule(
    "T2-BUSINESS-DAY",
    "E",
    T2,
    "IntrBkSttlmDt is a TARGET business day: not a Saturday or Sunday, New Year's Day, Good "
    "Friday, Easter Monday, 1 May, Christmas Day or 26 December (Easter computed per year).",
    sources=("E1",),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            HVPS_PACS,
            "<IntrBkSttlmDt>2026-11-26<",
            "<IntrBkSttlmDt>2026-11-28<",
            severity=Severity.ERROR,
            why="a Saturday",
        ),
        fails(
            HVPS_PACS,
            "<IntrBkSttlmDt>2026-11-26<",
            "<IntrBkSttlmDt>2027-03-29<",
            severity=Severity.ERROR,
            why="Easter Monday 2027, from the Easter date",
        ),
        fails(
            HVPS_PACS,
            "<IntrBkSttlmDt>2026-11-26<",
            "<IntrBkSttlmDt>2026-12-25<",
            severity=Severity.ERROR,
            why="Christmas Day",
        ),
    ],
    ok=[
        passes(HVPS_PACS),
        passes(
            HVPS_PACS,
            "<IntrBkSttlmDt>2026-11-26<",
            "<IntrBkSttlmDt>2027-03-30<",
            why="the Tuesday after Easter",
        ),
    ],
    fix="Settle on a TARGET business day; the finding names the next one.",
)
def _business_day(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in _settlement_dates(msg):
        try:
            day = date.fromisoformat((el.text or "").strip())
        except ValueError:
            continue  # not a date: the schema check reports it
        if day < CALENDAR_FROM:
            continue  # before TARGET's long-term calendar: no rule to apply
        closed = closing_reason(day)
        if closed:
            yield r.finding(
                msg,
                el,
                f"IntrBkSttlmDt {shown(day.isoformat())} is not a TARGET business day "
                f"({closed}); the next one is {next_business_day(day).isoformat()}",
            )


def _settlement_dates(msg: Message) -> Iterator[Element]:
    found = msg.find(msg.grp, "IntrBkSttlmDt")
    if found is not None:
        yield found
    for tx in msg.txs:
        yield from msg.findall(tx.el, "IntrBkSttlmDt")
