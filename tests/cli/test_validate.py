"""The pipeline and its front door: sniffing, input findings, file expansion, no raise on junk."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_messages import cli, inputs
from qenex_messages import pipeline as validate
from qenex_messages.findings import Finding, QenexError
from qenex_messages.limits import Limits
from tests.cli.conftest import EXAMPLES, need


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"{1:F01DEUTDEFFAXXX0000000001}{2:I103", "mt"),  # a FIN message
        (b"\r\n  {1:F01", "mt"),  # white space first
        (b"\x01{1:F01", "mt"),  # SOH of a DOS-PCC frame
        (b":20:REF\r\n:23B:CRED", "mt"),  # a bare block 4
        (b"{4:\r\n:20:X", "mt"),  # block 4 alone
        (b"<?xml version='1.0'?><Document/>", "xml"),
        (b"\xef\xbb\xbf<Document/>", "xml"),  # UTF-8 BOM
        ("<Document/>".encode("utf-16"), "xml"),  # UTF-16 with BOM
        ("<Document/>".encode("utf-32"), "xml"),  # UTF-32 with BOM
        ("hello".encode("utf-16"), "unknown"),
        (b"%PDF-1.7", "unknown"),
        (b"", "unknown"),
        (b"{x:", "unknown"),  # braces alone are not MT
    ],
)
def test_detect_format(data: bytes, kind: str) -> None:
    """Cheap sniffing of the first bytes."""
    assert validate.detect_format(data) == kind


def codes_of(data: bytes) -> list[str]:
    """The finding codes of validating ``data`` (one report expected)."""
    (report,) = validate.validate_bytes(data, source="x")
    return report.codes()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "QX001"),
        (b" \r\n\t ", "QX001"),
        (b"\xef\xbb\xbf  ", "QX001"),  # a BOM and blanks
        ("  ".encode("utf-16"), "QX001"),
        (b"abc\x00def", "QX006"),
        (bytes(range(1, 9)) * 100, "QX006"),  # control bytes without a NUL
        (b"{1:F01\xff\xfe", "QX003"),
        (b"no message here", "QX002"),
    ],
)
def test_input_codes(data: bytes, code: str) -> None:
    """Each kind of non-message has its code, with no format layer involved."""
    assert codes_of(data) == [code]


def test_binary_position_is_exact() -> None:
    """QX006 points at the line and column of the first NUL."""
    (report,) = validate.validate_bytes(b"<a>\n  x\x00", source="b")
    (finding,) = report.findings
    assert (finding.location.line, finding.location.column) == (2, 4)


def test_few_control_bytes_are_text() -> None:
    """SOH/ETX framing alone does not make an MT file binary."""
    assert inputs.binary_offset(b"\x01{1:F01" + b"A" * 200 + b"\x03") is None


def test_unknown_profile() -> None:
    """A profile name the rulebook layer does not know raises QenexError."""
    need("qenex_messages.rules", "PROFILES")
    with pytest.raises(QenexError, match="unknown profile 'nope'"):
        validate.validate_bytes(b"<x/>", source=None, profile="nope")


def test_validate_path_missing_and_directory(tmp_path: Path) -> None:
    """validate_path never raises for files: a missing file or a folder is QX005."""
    (missing,) = validate.validate_path(tmp_path / "nope.xml")
    assert missing.codes() == ["QX005"]
    (folder,) = validate.validate_path(tmp_path)
    assert folder.codes() == ["QX005"]


def test_validate_path_too_large(tmp_path: Path) -> None:
    """Over limits.max_input_bytes: QX004 without reading the content; env variable too."""
    big = tmp_path / "big.xml"
    big.write_bytes(b"<a/>" * 100)
    (report,) = validate.validate_path(big, limits=Limits(max_input_bytes=10))
    assert report.codes() == ["QX004"]
    assert report.findings[0].args["variable"] == "QENEX_MAX_INPUT_BYTES"
    (direct,) = validate.validate_bytes(
        b"<a/>" * 100, source="d", limits=Limits(max_input_bytes=10)
    )
    assert direct.codes() == ["QX004"]


def test_iter_message_files(tmp_path: Path) -> None:
    """Files, folders and globs expand in order; '-' passes through; a path that selects
    nothing is that path's finding, in its place, and the expansion goes on."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.xml").write_text("x")
    (tmp_path / "b" / "1.fin").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    found = list(validate.iter_message_files(["-", str(tmp_path / "b"), str(tmp_path / "*.txt")]))
    assert found == ["-", str(tmp_path / "b" / "1.fin"), str(tmp_path / "b" / "2.xml"),
                     str(tmp_path / "a.txt")]  # fmt: skip
    zzz, pdf, glob = map(str, (tmp_path / "zzz", tmp_path / "b", tmp_path / "*.pdf"))
    missing, empty, nothing, after = validate.iter_message_files(
        [zzz, pdf, glob, str(tmp_path / "a.txt")], include=("*.pdf",)
    )
    assert isinstance(missing, Finding)
    assert (missing.code, missing.message, missing.location.source) == (
        "QX005",
        "no such file or directory",
        zzz,
    )
    assert isinstance(empty, Finding)
    assert (empty.code, empty.location.source) == ("QX008", pdf)
    assert empty.message == "no message files found in this folder (looked for *.pdf)"
    assert isinstance(nothing, Finding)
    assert (nothing.code, nothing.message) == ("QX008", "no file matches this pattern")
    assert after == str(tmp_path / "a.txt")


def test_utf16_xml_goes_to_the_iso_layer(schema_store: Path) -> None:
    """A UTF-16 document is XML (its NUL bytes are not 'binary') and validates."""
    need("qenex_messages.iso20022", "check_xml")
    text = (EXAMPLES / "pain.001.001.03.xml").read_text("utf-8")
    data = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    (report,) = validate.validate_bytes(data, source="u16.xml")
    assert report.message_type == "pain.001"
    assert report.ok, report.findings


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    """Whatever the bytes, validation returns reports and raises nothing."""
    need("qenex_messages.mt", "check_mt")
    need("qenex_messages.iso20022", "check_xml")
    reports = validate.validate_bytes(data, source="fuzz")
    assert reports
    assert all(r.source == "fuzz" for r in reports)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([b"{1:", b"<", b":20:", b"\xef\xbb\xbf<"]), st.binary(max_size=300))
def test_message_like_junk_never_raises(head: bytes, tail: bytes) -> None:
    """Junk that sniffs as MT or XML reaches the format layers and still only gives findings."""
    need("qenex_messages.mt", "check_mt")
    need("qenex_messages.iso20022", "check_xml")
    reports = validate.validate_bytes(head + tail, source="fuzz")
    assert reports
    assert all(isinstance(code, str) for r in reports for code in r.codes())


def test_progress_waits_a_second_throttles_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The display appears after a second, redraws at most ten times a second, and is gone at
    the end; on no terminal the command makes none."""
    import io
    import itertools

    from qenex_messages import terminal

    stream = io.StringIO()
    clock = itertools.chain([100.0, 100.5, 101.2, 101.25, 101.5], itertools.repeat(200.0))
    monkeypatch.setattr(terminal, "_clock", lambda: next(clock))
    progress = terminal.Progress(stream, capture_stdout=False)  # starts at 100.0
    progress.checked(10)  # 0.5 s: too early
    assert stream.getvalue() == ""
    progress.checked(120)  # 1.2 s
    assert "120 files validated (100/s)" in stream.getvalue()
    progress.checked(130)  # 0.05 s later: throttled
    assert "130 files" not in stream.getvalue()
    progress.checked(150)  # 1.5 s
    assert "150 files validated (100/s)" in stream.getvalue()
    progress.close()
    assert stream.getvalue().endswith("\x1b[2K")  # the line is erased
    monkeypatch.setattr(cli.sys, "stderr", io.StringIO())
    assert cli._progress(cli.build_parser().parse_args(["validate", "x"])) is None


def test_reading_a_small_file_does_not_reserve_the_size_limit(tmp_path: Path) -> None:
    """read_capped grows with the data instead of allocating max_input_bytes up front."""
    import tracemalloc

    from qenex_messages.inputs import read_capped

    path = tmp_path / "small.fin"
    path.write_bytes(b"x" * 300)
    tracemalloc.start()
    try:
        with path.open("rb") as handle:
            data = read_capped(handle, 256 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == b"x" * 300
    assert peak < 4 << 20


@pytest.mark.parametrize(("size", "cap"), [(10, 10), (11, 10), (5000, 100), (0, 5)])
def test_read_capped_says_none_past_the_cap(size: int, cap: int) -> None:
    """Within the cap the bytes come back whole; one byte over, None (nothing is kept)."""
    import io

    from qenex_messages.inputs import read_capped

    expected = b"y" * size if size <= cap else None
    assert read_capped(io.BytesIO(b"y" * size), cap) == expected
    assert read_capped(io.BytesIO(b"y" * size), cap, size_hint=min(size, cap)) == expected
