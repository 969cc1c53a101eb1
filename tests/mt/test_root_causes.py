"""MT line-ending and layout mistakes are reported once, with what they caused counted."""

from __future__ import annotations

from pathlib import Path

from qenex_messages.mt import check_mt, parse_mt103

EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "mt103.fin").read_bytes()
LF = EXAMPLE.replace(b"\r\n", b"\n")


def test_doubled_cr_is_one_finding() -> None:
    """CR CR LF line ends: one QX216 naming the line ending, and the message still reads."""
    data = LF.replace(b"\n", b"\r\r\n")
    [report] = check_mt(data, source="crcr.fin")
    [finding] = report.findings
    assert finding.code == "QX216"
    assert "CR CR LF (U+000D U+000D U+000A), first at line 1" in finding.message
    assert int(finding.args["suppressed"]) > 20
    message = parse_mt103(data)
    assert message.field("20") is not None and message.field("20").value == "QXREF20260302"  # type: ignore[union-attr]


def test_lone_cr_line_ends_are_one_finding() -> None:
    """Old Mac CR-only line ends: one QX216, fields read line by line."""
    [report] = check_mt(LF.replace(b"\n", b"\r"), source="cr.fin")
    assert report.codes() == ["QX216"]
    assert "lone CR" in report.findings[0].message


def test_one_line_block_4_is_one_finding() -> None:
    """A message pasted on one line: QX215 says so; no false 'mandatory field missing'."""
    [report] = check_mt(LF.replace(b"\n", b""), source="oneline.fin")
    assert report.codes() == ["QX215"]
    finding = report.findings[0]
    assert "block 4 is on one line" in finding.message
    assert int(finding.args["suppressed"]) >= 6


def test_field_order_says_which_comes_first() -> None:
    """QX206 names the field that must come after, so the fix is clear."""
    swapped = LF.replace(b":20:QXREF20260302\n:23B:CRED\n", b":23B:CRED\n:20:QXREF20260302\n")
    [report] = check_mt(swapped)
    [finding] = [f for f in report.findings if f.code == "QX206"]
    assert (
        finding.message
        == "field 20 is out of order: it must come before field 23B; move :20: above :23B:"
    )
