"""SEPA dates: the rulebook and guideline switch dates, and the requested execution date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, passes, rule
from qenex_messages.rules.samples import SEPA_PAIN
from qenex_messages.rules.sepa.common import SEPA
from qenex_messages.rules.target_calendar import CALENDAR_FROM
from qenex_messages.rules.target_calendar import closing_reason as target_closing
from qenex_messages.rules.target_calendar import next_business_day as next_target_day
from qenex_messages.rules.view import Element, Message

EPC_2025_RULEBOOK = date(2025, 10, 5)
"""The 2025 SCT / SCT Inst rulebooks: hybrid addresses allowed, SCT Inst scheme cap removed."""

EPC_VERSION_SWITCH = date(2023, 11, 19)
"""pain.001.001.09 / pacs.008.001.08 replace .03 / .02 in the EPC implementation guidelines."""

SEPA_UNSTRUCTURED_END: date | None = None
"""End of fully unstructured addresses: RB 2025 v1.1 said 15 Nov 2026; the EPC PSMB withdrew that
date on 9 Sep 2026 and no new date is set. Set a date here (or monkeypatch it) once one is
published; until then SEPA-ADDR-2026 is a warning."""

INST_CAPS: tuple[tuple[date, Decimal | None], ...] = (
    (date(2017, 11, 21), Decimal("15000")),  # launch cap; not confirmed in the sources
    (date(2020, 7, 1), Decimal("100000")),
    (EPC_2025_RULEBOOK, None),  # 2025 SCT Inst rulebook: no scheme maximum
)


@rule(
    "SEPA-EXECDT",
    "E/W",
    SEPA,
    "ReqdExctnDt is a date (DtTm not allowed, E); a date in the past, more than 15 days ahead or "
    "on a TARGET closing day is W (banks execute on the next business day or reject).",
    sources=("S3", "W3", "W4", "W5", "E1"),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            SEPA_PAIN,
            "<Dt>2026-11-27</Dt>",
            "<DtTm>2026-11-27T10:00:00</DtTm>",
            severity=Severity.ERROR,
        ),
        fails(
            SEPA_PAIN,
            "<Dt>2026-11-27</Dt>",
            "<Dt>2020-01-01</Dt>",
            severity=Severity.WARNING,
            why="a requested execution date in the past",
        ),
        fails(
            SEPA_PAIN,
            "<Dt>2026-11-27</Dt>",
            "<Dt>2026-12-31</Dt>",
            severity=Severity.WARNING,
            why="more than 15 days ahead",
        ),
        fails(
            SEPA_PAIN,
            "<Dt>2026-11-27</Dt>",
            "<Dt>2026-12-25</Dt>",
            as_of=date(2026, 12, 20),
            severity=Severity.WARNING,
            why="Christmas Day: TARGET is closed",
        ),
        fails(
            SEPA_PAIN,
            "<Dt>2026-11-27</Dt>",
            "<Dt>2027-03-26</Dt>",
            as_of=date(2027, 3, 20),
            severity=Severity.WARNING,
            why="Good Friday 2027, from the Easter date",
        ),
    ],
    ok=[
        passes(SEPA_PAIN),
        passes(
            SEPA_PAIN,
            "<Dt>2026-11-27</Dt>",
            "<Dt>2026-12-28</Dt>",
            as_of=date(2026, 12, 20),
            why="the Monday after Christmas is a TARGET day",
        ),
    ],
    fix="Give ReqdExctnDt as a TARGET business day from today to 15 days ahead.",
    proof=lambda m: all(
        execution_date_clean(m, req)
        for pi in m.pmtinfs
        if (req := m.find(pi, "ReqdExctnDt")) is not None
    ),
)
def _execdt(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for pi in msg.pmtinfs:
        req = msg.find(pi, "ReqdExctnDt")
        if req is None:
            continue
        if msg.find(req, "DtTm") is not None:
            yield r.finding(msg, req, "ReqdExctnDt/DtTm is not allowed for SCT; give Dt")
        text = msg.text(req, "Dt") if len(req) else req.text
        try:
            when = date.fromisoformat((text or "").strip())
        except ValueError:
            continue
        problem = _execution_date_problem(when, msg.as_of)
        if problem:
            yield r.warn(msg, req, problem)


def execution_date_clean(msg: Message, req: Element) -> bool:
    """True when SEPA-EXECDT would report nothing about the ``ReqdExctnDt`` ``req``: a date
    alone, or one ``Dt`` child, that is not in the past, not over 15 days ahead and a TARGET
    business day (anything else, a ``DtTm`` or a comment, is left to the rule)."""
    if not len(req):
        text = req.text
    elif len(req) == 1 and req[0].tag == msg.q("Dt"):
        text = req[0].text
    else:
        return False
    try:
        when = date.fromisoformat((text or "").strip())
    except ValueError:
        return True  # the rule reports nothing about a date it cannot read
    return _execution_date_problem(when, msg.as_of) is None


@lru_cache(maxsize=1024)
def _execution_date_problem(when: date, as_of: date) -> str | None:
    if when < as_of:
        return (
            f"execution date {when.isoformat()} is in the past (checked on {as_of.isoformat()}); "
            "banks execute it on the next business day or reject it: give a current date"
        )
    if when > as_of + timedelta(days=15):
        return (
            f"execution date {when.isoformat()} is more than 15 days after "
            f"{as_of.isoformat()}; banks may refuse it"
        )
    closed = target_closing(when) if when >= CALENDAR_FROM else None
    if closed:
        return (
            f"execution date {when.isoformat()} is not a TARGET business day ({closed}); banks "
            f"execute it on {next_target_day(when).isoformat()}: give that date"
        )
    return None
