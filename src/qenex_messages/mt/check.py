"""The front of MT103 checking: the compiled plan first, the exact reader for anything else.

:func:`check_mt` asks :mod:`~qenex_messages.mt.plan` whether the input is one MT103 with
nothing to report; only when it may have something does the exact reader
(:mod:`~qenex_messages.mt.read`: lexer, envelope, fields, network rules) load and read it, and
report everything. A clean message so never loads the reader or builds a message.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from qenex_messages.findings import Location, Report
from qenex_messages.limits import Limits, resolve
from qenex_messages.mt import plan
from qenex_messages.mt.codes import INTERNAL

if TYPE_CHECKING:
    from qenex_messages.mt.message import Mt103Message

__all__ = ["check_mt", "read_mt"]


def check_mt(
    data: bytes | str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
    screened: bool = False,
    as_of: date | None = None,
) -> list[Report]:
    """One :class:`Report` per message in ``data``; never raises. ``limits`` bounds the input
    (default: :class:`~qenex_messages.limits.Limits` from the environment); ``screened`` says
    that ``data`` came through :func:`qenex_messages.inputs.screen`, which checked its size;
    ``as_of`` is the day the messages are checked on (a date of birth must be before it;
    default today)."""
    return _checked(data, source, limits, screened=screened, fast=True, as_of=as_of)[1]


def read_mt(
    data: bytes | str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
    screened: bool = False,
    as_of: date | None = None,
) -> tuple[list[Mt103Message], list[Report]]:
    """The messages of ``data`` and their reports (those of :func:`check_mt`), read once for
    callers that need both; never raises. No messages when none can be read: the one report
    says why."""
    return _checked(data, source, limits, screened=screened, fast=False, as_of=as_of)


def _checked(
    data: bytes | str,
    source: str | None,
    limits: Limits | None,
    *,
    screened: bool,
    fast: bool,
    as_of: date | None,
) -> tuple[list[Mt103Message], list[Report]]:
    """Messages and reports; ``fast``: a clean MT103 is reported without building a message
    (the plans check dates of birth against today: another day takes the exact path)."""
    limits = resolve(limits)  # a malformed QENEX_MAX_* variable: SettingError, not a finding
    fast = fast and as_of in (None, date.today())
    try:
        variant = plan.clean_variant(data, limits, screened=screened) if fast else None
        if variant is not None:  # one MT103 with nothing to report: no field was built
            return [], [Report(source=source, index=0, message_type="MT103", version=variant)]
        from qenex_messages.mt.read import read_messages

        messages, file_findings = read_messages(
            data, source, limits, screened=screened, as_of=as_of
        )
    except Exception as exc:
        failed = INTERNAL.finding(f"{type(exc).__name__}: {exc}", Location(source=source))
        return [], [Report(source=source, findings=[failed])]
    if not messages:
        return [], [Report(source=source, findings=file_findings)]
    reports = [
        Report(
            source=source,
            index=msg.index,
            message_type=f"MT{msg.message_type}" if msg.message_type else "MT103",
            version=msg.variant,
            findings=list(msg.findings),
        )
        for msg in messages
    ]
    return messages, reports
