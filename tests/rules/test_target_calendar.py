"""The TARGET calendar against an independent derivation: Easter by the Meeus/Jones/Butcher
algorithm (not dateutil's), the ECB's rule of six holidays plus weekends, and years whose
closing days were published."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages.rules import target_calendar as cal

YEARS = st.integers(min_value=cal.CALENDAR_FROM.year, max_value=2400)


def _easter_meeus(year: int) -> date:
    """Gregorian Easter Sunday by the anonymous (Meeus/Jones/Butcher) algorithm."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _weekday_closings(year: int) -> set[date]:
    start = date(year, 1, 1)
    days = (start + timedelta(days=n) for n in range(366))
    return {d for d in days if d.year == year and d.weekday() < 5 and cal.closing_reason(d)}


@given(YEARS)
def test_easter_sunday_is_a_sunday_in_march_or_april(year: int) -> None:
    """Good Friday is two days before a Sunday of 22 March - 25 April, Easter Monday the day
    after it, both found by an independent Easter algorithm."""
    sunday = _easter_meeus(year)
    assert sunday.weekday() == 6
    assert date(year, 3, 22) <= sunday <= date(year, 4, 25)
    assert cal.closing_reason(sunday - timedelta(days=2)) == "Good Friday"
    assert cal.closing_reason(sunday + timedelta(days=1)) == "Easter Monday"


@given(YEARS)
def test_a_year_closes_on_the_six_holidays_and_weekends_only(year: int) -> None:
    """The weekday closing days of a year are exactly the ECB's six holidays that fall on a
    weekday: nothing else is closed, nothing of them is missed."""
    sunday = _easter_meeus(year)
    six = {
        date(year, 1, 1),
        sunday - timedelta(days=2),
        sunday + timedelta(days=1),
        date(year, 5, 1),
        date(year, 12, 25),
        date(year, 12, 26),
    }
    assert _weekday_closings(year) == {d for d in six if d.weekday() < 5}


@given(st.dates(min_value=cal.CALENDAR_FROM, max_value=date(2400, 12, 20)))
def test_next_business_day_is_open_and_at_most_four_days_on(day: date) -> None:
    """The longest closure is Good Friday to Easter Monday (4 days), so the next business day
    is open and at most 4 days away; it is the day itself exactly when that is open."""
    nxt = cal.next_business_day(day)
    assert cal.is_business_day(nxt)
    assert timedelta(0) <= nxt - day <= timedelta(days=4)
    assert (nxt == day) == cal.is_business_day(day)


@pytest.mark.parametrize(
    ("year", "closed"),
    [
        # 2024: TARGET closed from Thursday 28 March evening to Tuesday 2 April.
        (2024, {(1, 1), (3, 29), (4, 1), (5, 1), (12, 25), (12, 26)}),
        (2025, {(1, 1), (4, 18), (4, 21), (5, 1), (12, 25), (12, 26)}),
        # 2026: 26 December is a Saturday.
        (2026, {(1, 1), (4, 3), (4, 6), (5, 1), (12, 25)}),
        # 2011: 1 January is a Saturday, 1 May and 25 December Sundays.
        (2011, {(4, 22), (4, 25), (12, 26)}),
    ],
)
def test_published_years(year: int, closed: set[tuple[int, int]]) -> None:
    """Weekday closing days of years with published TARGET calendars."""
    expected = {date(year, m, d) for m, d in closed}
    assert _weekday_closings(year) == {d for d in expected if d.weekday() < 5}


def test_before_the_long_term_calendar_is_refused() -> None:
    """2001 ran on an annual calendar that the module does not model: it says so."""
    with pytest.raises(ValueError, match="annual"):
        cal.closing_days(2001)
