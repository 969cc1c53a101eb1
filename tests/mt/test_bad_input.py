"""Hostile and broken input: findings, never an exception from the public API."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_messages.findings import MessageError
from qenex_messages.mt import check_mt, parse_mt103

from .conftest import build

BASE = build()


def _check(data: bytes | str) -> list[str]:
    reports = check_mt(data, source="x")
    assert reports
    codes = [f.code for r in reports for f in r.findings]
    assert "QX234" not in codes, [str(f) for r in reports for f in r.findings]
    return codes


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "QX001"),  # empty
        (b"   \n ", "QX001"),  # white space only
        (b"\x00\x01\xff\xfe garbage", "QX006"),  # binary
        (BASE.encode("utf-16"), "QX003"),  # UTF-16
        (BASE.replace("JOHN", "JÖHN").encode("latin-1"), "QX003"),  # not UTF-8
        (BASE[:40], "QX210"),  # truncated in block 2
        (BASE[: len(BASE) // 2], "QX210"),  # truncated in block 4
        ("{{{{}}}}", "QX212"),  # braces only
        ("{1:F01" + "{" * 50, "QX210"),  # unbalanced
        ("hello world", "QX212"),  # not MT at all
        (BASE.replace("{4:", "{4:{177:1}"), "QX215"),  # block 4 without text
        (BASE.replace("{3:", "{9:"), "QX231"),  # unknown block
    ],
)
def test_broken_input(data: bytes | str, code: str) -> None:
    """Each broken input gives its finding."""
    assert code in _check(data)


def test_strict_parse_raises_message_error() -> None:
    """parse_mt103 raises MessageError (with findings) when nothing can be read."""
    for data in ("", "garbage", BASE[:40], BASE.replace("I103", "I202")):
        with pytest.raises(MessageError) as info:
            parse_mt103(data)
        assert info.value.findings


def test_ten_megabytes_of_nonsense() -> None:
    """10 MB of nonsense is read quickly and gives a bounded number of findings."""
    junk = random.Random(0).randbytes(10 * 1024 * 1024)
    start = time.perf_counter()
    reports = check_mt(junk)
    assert time.perf_counter() - start < 30
    assert all(0 < len(r.findings) <= 201 for r in reports)
    many = (b"lorem {ipsum} $ dolor {1:sit} amet " * 3000)[:100_000]
    assert len(check_mt(many)) > 1000  # every {1: starts a (broken) message


def test_too_large() -> None:
    """Input over max_input_bytes is refused with QX004, naming the setting, without being read."""
    from qenex_messages.limits import Limits

    (report,) = check_mt(BASE, limits=Limits(max_input_bytes=100))
    (finding,) = report.findings
    assert finding.code == "QX004"
    assert "max_input_bytes" in finding.message


@pytest.mark.parametrize(
    ("setting", "value"),
    [("max_mt_fields", 3), ("max_mt_field_chars", 10), ("max_mt_message_chars", 50)],
)
def test_mt_limits_are_findings_naming_the_setting(setting: str, value: int) -> None:
    """A message over a per-message limit is not checked field by field; QX004 says why."""
    from qenex_messages.limits import Limits

    (report,) = check_mt(BASE, limits=Limits().with_(**{setting: value}))
    over = [f for f in report.findings if f.code == "QX004"]
    assert len(over) == 1
    assert setting in over[0].message
    assert over[0].location.line is not None
    assert check_mt(BASE)[0].ok


def test_max_mt_messages_keeps_the_first_ones() -> None:
    """A file with more messages than max_mt_messages: the first ones, and a finding."""
    from qenex_messages.limits import Limits

    reports = check_mt(BASE + "$" + BASE + "$" + BASE, limits=Limits(max_mt_messages=2))
    assert len(reports) == 2
    assert any("max_mt_messages" in f.message for f in reports[-1].findings)


@settings(max_examples=150)
@given(st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    """Random bytes never make check_mt raise."""
    _check(data)


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(BASE)),
            st.integers(min_value=0, max_value=8),
            st.text(alphabet="{}:-$\r\n/ABC123,!_é", max_size=6),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_messages(edits: list[tuple[int, int, str]]) -> None:
    """A valid message with random cuts and insertions never makes check_mt raise."""
    text = BASE
    for pos, cut, insert in edits:
        text = text[:pos] + insert + text[pos + cut :]
    _check(text)
    _check(text.encode("utf-8"))
