"""Fractions of a second beyond the microsecond (.NET writes 7 digits) are never cut silently."""

from __future__ import annotations

from pathlib import Path

from qenex_messages import parse_document
from qenex_messages.iso20022.codes import PRECISION_CUT

REPO = Path(__file__).resolve().parents[2]
PACS = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()


def _with_creation(value: bytes) -> bytes:
    start = PACS.index(b"<CreDtTm>") + len(b"<CreDtTm>")
    end = PACS.index(b"</CreDtTm>")
    return PACS[:start] + value + PACS[end:]


def test_seven_digits_are_reported_where_they_are() -> None:
    parsed = parse_document(_with_creation(b"2026-12-04T10:11:12.1234567+01:00"))
    [cut] = [f for f in parsed.findings if f.code == PRECISION_CUT.code]
    assert "1234567" in cut.message and cut.location.xpath and cut.location.line
    assert parsed.model.group_header.creation_date_time.microsecond == 123456


def test_trailing_zeros_and_six_digits_lose_nothing() -> None:
    for value in (b"2026-12-04T10:11:12.1234560+01:00", b"2026-12-04T10:11:12.123456+01:00"):
        parsed = parse_document(_with_creation(value))
        assert not [f for f in parsed.findings if f.code == PRECISION_CUT.code]
