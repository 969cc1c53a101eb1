"""What "today" is for a rulebook: the real date in the time zone the rulebook is defined in.

SEPA (EPC) and SCT Inst dates are TARGET / EPC business dates, which run on Central European Time
(``Europe/Brussels``: CET, CEST in summer). CBPR+ is a Swift service whose releases and deadlines
are stated as calendar dates with UTC offsets on every timestamp; its "today" is the UTC date.
Fedwire Funds business days are stated in Eastern Time (``America/New_York``). T2 runs on the
TARGET calendar in Central European Time; CHAPS on UK business days (``Europe/London``); the
HVPS+ base, a template with no calendar of its own, uses UTC.
Callers inject a fixed ``as_of`` date (or a ``clock``) in tests; nothing reads a frozen date.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], datetime]
"""Returns the current instant as an aware datetime (the system clock by default)."""

_ZONES = {
    "sepa": "Europe/Brussels",
    "sepa-inst": "Europe/Brussels",
    "cbpr+": "UTC",
    "fedwire": "America/New_York",
    "hvps+": "UTC",
    "t2": "Europe/Brussels",
    "chaps": "Europe/London",
}
_STANDARD_TIME = {
    "Europe/Brussels": timezone(timedelta(hours=1), "CET"),
    "America/New_York": timezone(timedelta(hours=-5), "EST"),
    "Europe/London": timezone(timedelta(0), "GMT"),
}


@cache
def zone_of(profile: str) -> tzinfo:
    """The time zone ``profile``'s dates are defined in (UTC for an unknown profile)."""
    name = _ZONES.get(profile, "UTC")
    if name == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # No tz database on this machine (Windows without the tzdata package): standard time
        # without DST is off by at most one hour around midnight in summer.
        return _STANDARD_TIME[name]


def today(profile: str, clock: Clock | None = None) -> date:
    """Today's date where ``profile``'s rulebook is defined (``clock`` defaults to the system)."""
    zone = zone_of(profile)
    if clock is None:
        # Every validation asks: the system clock's answer is kept for the rest of the day.
        seconds = _now()
        kept = _DAYS.get(zone)
        if kept is not None and kept[0] <= seconds < kept[1]:
            return kept[2]
        return _keep_day(zone, datetime.fromtimestamp(seconds, UTC))
    return _date_in(clock(), zone)


def _date_in(now: datetime, zone: tzinfo) -> date:
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(zone).date()


def _keep_day(zone: tzinfo, now: datetime) -> date:
    """The date of ``now`` in ``zone``, kept with the instants its day begins and ends (the
    zone's midnights, daylight saving time included)."""
    day = _date_in(now, zone)
    begins = datetime.combine(day, datetime.min.time(), zone).timestamp()
    ends = datetime.combine(day + timedelta(days=1), datetime.min.time(), zone).timestamp()
    _DAYS[zone] = (begins, ends, day)  # one tuple, set at once: threads may share it
    return day


_now = time.time
"""The system clock, in POSIX seconds."""
_DAYS: dict[tzinfo, tuple[float, float, date]] = {}
"""Per time zone (one per zone :func:`zone_of` gives): the system clock's date there and the
instants (POSIX seconds) between which it holds."""
