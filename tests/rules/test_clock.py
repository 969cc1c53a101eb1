"""The system clock's date is kept per profile for the rest of its day, and never served stale.

Property: at any instant, ``today(profile)`` (which keeps the date between the instants its
day begins and ends in the profile's zone) equals the date computed from that instant, for
every profile, over instants in any order, around daylight-saving changes and midnights, and
from many threads at once.
"""

from __future__ import annotations

import sys
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_messages.rules import PROFILES, clock

_EDGES = [
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # Europe: CET -> CEST
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # Europe: CEST -> CET
    datetime(2026, 3, 8, 7, 0, tzinfo=UTC),  # New York: EST -> EDT
    datetime(2026, 11, 1, 6, 0, tzinfo=UTC),  # New York: EDT -> EST
    datetime(2026, 12, 31, 23, 0, tzinfo=UTC),  # midnight in Brussels
    datetime(2027, 1, 1, 0, 0, tzinfo=UTC),  # midnight in UTC and London
    datetime(2027, 1, 1, 5, 0, tzinfo=UTC),  # midnight in New York
]
_NEAR = st.sampled_from(_EDGES).flatmap(
    lambda edge: st.integers(-3 * 3600, 3 * 3600).map(lambda s: edge.timestamp() + s / 3)
)
_ANY = st.floats(0, 4_102_444_800, allow_nan=False)  # 1970 to 2100
INSTANTS = st.lists(st.one_of(_NEAR, _ANY, _NEAR.map(lambda t: t - 1e-6)), min_size=1)


def _expected(profile: str, seconds: float) -> date:
    return datetime.fromtimestamp(seconds, UTC).astimezone(clock.zone_of(profile)).date()


@settings(max_examples=300, deadline=None)
@given(INSTANTS, st.sampled_from(PROFILES))
def test_kept_date_is_the_date_at_every_instant(instants: list[float], profile: str) -> None:
    clock._DAYS.clear()
    for seconds in instants:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(clock, "_now", lambda s=seconds: s)
            assert clock.today(profile) == _expected(profile, seconds), seconds


@pytest.mark.parametrize("profile", PROFILES)
def test_every_midnight_ends_the_kept_day(profile: str) -> None:
    """Just before, at and just after each local midnight near the edges, in both orders."""
    zone = clock.zone_of(profile)
    clock._DAYS.clear()
    for edge in _EDGES:
        day = edge.astimezone(zone).date()
        for when in (day, day + timedelta(days=1)):
            midnight = datetime.combine(when, datetime.min.time(), zone).timestamp()
            for seconds in (midnight - 0.5, midnight, midnight - 1e-3, midnight + 0.5):
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr(clock, "_now", lambda s=seconds: s)
                    assert clock.today(profile) == _expected(profile, seconds), seconds


def test_a_given_clock_is_asked_every_time() -> None:
    """A clock passed in is never answered from the kept date."""
    clock.today("sepa")
    late = datetime(1999, 12, 31, 23, 30, tzinfo=UTC)
    assert clock.today("sepa", lambda: late) == date(2000, 1, 1)
    assert clock.today("sepa", lambda: late - timedelta(hours=1)) == date(1999, 12, 31)


def test_threads_at_different_instants_each_get_their_own_date() -> None:
    """Threads whose clocks read different days, asking at once, each get the date of their
    own instant: the kept day is read and replaced as one value, never mixed."""
    clock._DAYS.clear()
    seen = threading.local()
    days = [_EDGES[i].timestamp() + 86_400 * i for i in range(len(_EDGES))]
    wrong: list[tuple[str, float, date]] = []

    def ask(seconds: float) -> None:
        seen.seconds = seconds
        for _ in range(300):
            for p in PROFILES:
                got = clock.today(p)
                if got != _expected(p, seconds):
                    wrong.append((p, seconds, got))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "_now", lambda: seen.seconds)
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)  # threads switch between almost every two steps
        try:
            threads = [threading.Thread(target=ask, args=(s,)) for s in days]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            sys.setswitchinterval(interval)
    assert wrong == []
