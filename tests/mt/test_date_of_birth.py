"""Field 50F line 4 (date of birth) is checked against the day the message is checked on
(``as_of``, default today), whole, streamed and through check_mt, fast path or not."""

from __future__ import annotations

import io
from datetime import date

import pytest

from qenex_messages import check_mt, validate_bytes, validate_stream
from tests.conftest import REPO

_MT103 = (REPO / "examples" / "mt103.fin").read_text()
_50K = _MT103[_MT103.index(":50K:") : _MT103.index(":52A:")]


def _with_birth(born: str) -> str:
    return _MT103.replace(
        _50K, f":50F:/DE07500700100912345678\n1/MUSTER JOHN\n4/{born}\n5/DE/BONN\n"
    )


def _t50(text: str, as_of: date | None) -> dict[str, int]:
    data = text.encode()
    return {
        "check_mt": sum(f.code == "T50" for r in check_mt(text, as_of=as_of) for f in r),
        "whole": sum(f.code == "T50" for r in validate_bytes(data, as_of=as_of) for f in r),
        "stream": sum(f.code == "T50" for f in validate_stream(io.BytesIO(data), as_of=as_of)),
    }


@pytest.mark.parametrize(
    ("born", "as_of", "reported"),
    [
        ("19800101", date.today(), 0),  # the day checked on is today: the fast path
        ("20300101", date(2031, 1, 1), 0),  # after the real today, before the day checked on
        ("20200101", date(2019, 6, 1), 1),  # before the real today, after the day checked on
        ("20200101", date(2020, 1, 1), 0),  # born on the day checked on
    ],
)
def test_date_of_birth_is_judged_on_the_day_checked_on(
    born: str, as_of: date, reported: int
) -> None:
    assert _t50(_with_birth(born), as_of) == dict.fromkeys(
        ("check_mt", "whole", "stream"), reported
    )


def test_without_as_of_the_day_is_today() -> None:
    """A date of birth after today is reported; one long past is not."""
    assert set(_t50(_with_birth("99991231"), None).values()) == {1}
    assert set(_t50(_with_birth("19800101"), None).values()) == {0}
