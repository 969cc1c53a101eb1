"""The front door (qenex_messages.inputs): every entry point refuses the same inputs alike."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from qenex_messages import charsets, inputs, validate_bytes, validate_path, validate_stream
from qenex_messages.cli import main
from qenex_messages.limits import Limits

_PACS = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><x/></Document>'
# A DOCTYPE with an internal entity, hidden from byte-level checks by UTF-7 (it once crashed lxml).
UTF7_ENTITY = (
    b'<?xml version="1.0" encoding="UTF-7"?>'
    b"+ADwAIQ-DOCTYPE Document +AFs-+ADwAIQ-ENTITY a +ACI-b+ACIAPg-+AF0APg-" + _PACS
)


def _both(data: bytes) -> tuple[list[str], list[str]]:
    whole = [f.code for r in validate_bytes(data, source="x") for f in r.findings]
    streamed = validate_stream(io.BytesIO(data), source="x").report().codes()
    return whole, streamed


@pytest.mark.parametrize(
    "data",
    [
        UTF7_ENTITY,
        b'<?xml version="1.0" encoding="UTF-32"?>' + _PACS,
        "<?xml version='1.0' encoding='cp037'?>".encode("cp037") + _PACS,
        b'<?xml version="1.0" encoding="ebcdic-cp-us"?>' + _PACS,
        b'<?xml version="1.0" encoding="x-no-such-codec"?>' + _PACS,
        b"\xff\xfe\x00\x00" + "<Document/>".encode("utf-32-le"),
        # white space may pad a declaration to any length; libxml2 still honours its encoding
        b'<?xml version="1.0"' + b" " * 300 + b'encoding="UTF-7"?>' + _PACS,
        b"<?xml version='1.0'\n" + b"\t" * 5000 + b"encoding='UTF-7'?>" + _PACS,
        b'<?xml version="1.0" encoding="' + b"x" * 60 + b'"?>' + _PACS,
    ],
    ids=[
        "utf-7",
        "utf-32",
        "ebcdic-bytes",
        "ebcdic-name",
        "unknown",
        "utf-32-bom",
        "utf-7-padded",
        "declaration-unended-in-sniff",
        "long-name",
    ],
)
def test_encodings_payments_never_use_are_refused_everywhere(data: bytes) -> None:
    """Whole and streamed: one QX003 finding, the parser never sees the bytes."""
    whole, streamed = _both(data)
    assert whole == ["QX003"]
    assert streamed == ["QX003"]


@pytest.mark.parametrize("padding", [0, 1, 150, 250, 3000])
@pytest.mark.parametrize("quote", [b'"', b"'"])
def test_a_declaration_is_read_whole(padding: int, quote: bytes) -> None:
    """The encoding is found however far into the declaration it is named; a processing
    instruction whose name starts with ``xml`` declares nothing."""
    declaration = b"<?xml version=" + quote + b"1.0" + quote + b" " * (padding + 1)
    named = declaration + b"encoding=" + quote + b"UTF-7" + quote + b"?>"
    assert inputs.declared_encoding(named + _PACS) == "UTF-7"
    assert inputs.declared_encoding(declaration + b"?>" + _PACS) is None
    assert inputs.declared_encoding(b'<?xml-stylesheet encoding="UTF-7"?>' + _PACS) is None


def test_the_utf7_entity_document_does_not_crash_the_stream() -> None:
    """In a child process, so that a crash of the parser would show as a signal, not kill pytest."""
    code = (
        "import io, sys; from qenex_messages import validate_stream; "
        "print(validate_stream(io.BytesIO(sys.stdin.buffer.read())).report().codes())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=UTF7_ENTITY, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == b"['QX003']"


@pytest.mark.parametrize(
    "declaration", ["UTF-8", "utf8", "UTF-16", "ISO-8859-1", "latin1", "US-ASCII", "windows-1252"]
)
def test_usual_encodings_pass_the_front_door(declaration: str) -> None:
    """The screen only refuses encodings; these go on to the parser."""
    head = f'<?xml version="1.0" encoding="{declaration}"?><Document/>'.encode()
    assert inputs.screen(head, source=None, limits=Limits()) is None


def test_devices_are_refused_without_reading(tmp_path: Path) -> None:
    """/dev/zero never ends: it is no message file (QX005), not 256 MB of reading."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    (report,) = validate_path("/dev/zero")
    assert report.codes() == ["QX005"]
    assert "not a regular file" in report.findings[0].message


def test_a_fifo_nobody_writes_to_does_not_block(tmp_path: Path) -> None:
    """A named pipe without a writer reads as empty instead of waiting forever."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.fin"
    os.mkfifo(fifo)
    found: list[list[str]] = []
    worker = threading.Thread(target=lambda: found.append(validate_path(fifo)[0].codes()))
    worker.daemon = True
    worker.start()
    worker.join(timeout=10)
    assert found == [["QX001"]]


def test_a_fifo_with_a_writer_is_read(tmp_path: Path) -> None:
    """Process substitution (<(zcat x.gz)) still works: the pipe is read to its end."""
    fifo = tmp_path / "pipe.fin"
    os.mkfifo(fifo)
    keep = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer open without waiting
    try:
        writer = os.open(fifo, os.O_WRONLY)
        os.write(writer, b"not a message")
        os.close(writer)
        (report,) = validate_path(fifo)
    finally:
        os.close(keep)
    assert report.codes() == ["QX002"]


def test_a_symlink_loop_is_one_files_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate DIR checks every other file, reports the loop as QX005, then exits 2."""
    (tmp_path / "a.fin").write_bytes(b"")
    (tmp_path / "loop.xml").symlink_to(tmp_path / "loop.xml")
    (tmp_path / "z.fin").write_bytes(b"junk")
    code = main(["validate", "--jobs", "1", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "QX001" in out and "QX002" in out and "QX005" in out
    assert "loop.xml: cannot read the file" in err


def test_read_capped_holds_at_most_the_cap() -> None:
    """An endless input is cut one block past the cap without keeping it (flat memory)."""

    class Endless(io.RawIOBase):
        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

        def readable(self) -> bool:
            return True

    assert inputs.read_capped(io.BufferedReader(Endless()), 3 << 20) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mueller GmbH", "Mueller GmbH"),
        ("Müller & Co", "Muller + Co"),
        ("Straße 5", "Strasse 5"),
        ("Ørsted @ 100€", "Orsted (AT) 100EUR"),
        ("东京", ".."),
    ],
)
def test_one_transliteration(text: str, expected: str) -> None:
    """Output is always in the X set; the same function serves MT rendering and SEPA."""
    assert charsets.transliterate(text) == expected
    assert charsets.is_x(charsets.transliterate(text))
    assert charsets.to_x(text) == (expected, expected != text)


def test_the_hook_and_the_command_read_the_same_message_files() -> None:
    """One list of message-file endings: the hook's pattern matches exactly MESSAGE_SUFFIXES
    (plain .txt files are read in directory walks only)."""
    import re

    from qenex_messages.pipeline.files import DEFAULT_INCLUDE, MESSAGE_SUFFIXES, TEXT_SUFFIXES
    from tests.conftest import REPO

    hooks = (REPO / ".pre-commit-hooks.yaml").read_text("utf-8")
    patterns = re.findall(r"^\s+files: (.+)$", hooks, re.MULTILINE)
    assert patterns
    candidates = {*MESSAGE_SUFFIXES, *TEXT_SUFFIXES, ".json", ".md", ".py"}
    for pattern in patterns:
        matched = {s for s in candidates if re.search(pattern, f"dir/name{s}")}
        assert matched == set(MESSAGE_SUFFIXES)
    assert tuple(f"*{s}" for s in MESSAGE_SUFFIXES + TEXT_SUFFIXES) == DEFAULT_INCLUDE
