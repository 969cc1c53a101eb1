"""The TARGET calendar: the days TARGET (T2) is closed, computed for any year from 2002 on.

The ECB's long-term calendar (Governing Council decision of 14 December 2000, in force from 2002
"until further notice") closes TARGET on Saturdays and Sundays and on New Year's Day, Good Friday
and Easter Monday (Catholic/Protestant calendar), 1 May, Christmas Day and 26 December. Good Friday
and Easter Monday move with Easter Sunday, which python-dateutil computes (Gregorian rule), so no
year is listed anywhere. Before 2002 TARGET ran on annual calendars, which are not modelled.

>>> from datetime import date
>>> closing_reason(date(2027, 3, 26))
'Good Friday'
>>> next_business_day(date(2027, 3, 26))
datetime.date(2027, 3, 30)
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import EASTER_WESTERN, easter

__all__ = [
    "CALENDAR_FROM",
    "closing_days",
    "closing_reason",
    "is_business_day",
    "next_business_day",
]

CALENDAR_FROM = date(2002, 1, 1)
"""First day of the ECB's long-term calendar of TARGET closing days."""

_SATURDAY = 5
_FIXED = (
    (1, 1, "New Year's Day"),
    (5, 1, "1 May"),
    (12, 25, "Christmas Day"),
    (12, 26, "26 December"),
)
_EASTER_OFFSETS = ((-2, "Good Friday"), (1, "Easter Monday"))


def closing_days(year: int) -> dict[date, str]:
    """The six holidays of ``year`` (weekends aside), each with its name; a year before
    :data:`CALENDAR_FROM` raises ValueError."""
    if year < CALENDAR_FROM.year:
        raise ValueError(
            f"TARGET's calendar for {year} was an annual one; the long-term calendar starts in "
            f"{CALENDAR_FROM.year}"
        )
    sunday = easter(year, EASTER_WESTERN)
    days = {date(year, month, day): name for month, day, name in _FIXED}
    days.update({sunday + timedelta(days=shift): name for shift, name in _EASTER_OFFSETS})
    return days


def closing_reason(day: date) -> str | None:
    """Why TARGET is closed on ``day`` (a weekend or one of its six holidays), or None when it
    is a TARGET business day."""
    if day.weekday() >= _SATURDAY:
        return "a Saturday" if day.weekday() == _SATURDAY else "a Sunday"
    return closing_days(day.year).get(day)


def is_business_day(day: date) -> bool:
    """True when TARGET is open on ``day``."""
    return closing_reason(day) is None


def next_business_day(day: date) -> date:
    """The first TARGET business day on or after ``day``."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day
