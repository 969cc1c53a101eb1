"""A file of several MT103s: inspect shows each, convert converts each or refuses; none dropped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qenex_messages import cli

from .conftest import EXAMPLES


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def two_messages(tmp_path: Path) -> Path:
    first = (EXAMPLES / "mt103.fin").read_bytes()
    second = re.sub(rb":20:[^\r\n]*", b":20:SECOND", first)
    path = tmp_path / "two.fin"
    path.write_bytes(first + second)
    return path


def test_inspect_shows_every_message(
    capsys: pytest.CaptureFixture[str], two_messages: Path
) -> None:
    code, out, _ = _run(capsys, "inspect", str(two_messages))
    assert code == 0
    assert "(message 1 of 2)" in out
    assert "(message 2 of 2)" in out
    assert ":20:  Sender's Reference" in out.split("(message 2 of 2)")[1]
    assert "SECOND" in out.split("(message 2 of 2)")[1]
    code, out, _ = _run(capsys, "inspect", str(two_messages), "--format", "json")
    ids = [m["group_header"]["message_id"] for m in json.loads(out)]
    assert ids[1] == "SECOND"
    assert len(ids) == 2


def test_convert_writes_one_output_per_message(
    capsys: pytest.CaptureFixture[str], two_messages: Path, tmp_path: Path, schema_store: Path
) -> None:
    out = tmp_path / "out.xml"
    code, _, err = _run(
        capsys, "convert", str(two_messages), "--to", "pacs.008.001.08", "-o", str(out)
    )
    assert code == 0, err
    assert b"SECOND" in (tmp_path / "out.2.xml").read_bytes()
    assert b"SECOND" not in (tmp_path / "out.1.xml").read_bytes()
    # On stdout there is room for one document only: a refusal, not a silent drop.
    code, stdout, err = _run(capsys, "convert", str(two_messages), "--to", "pacs.008.001.08")
    assert code == 2
    assert stdout == ""
    assert "2 documents" in err


def test_an_unreadable_message_stops_the_conversion(
    capsys: pytest.CaptureFixture[str], two_messages: Path, schema_store: Path
) -> None:
    broken = two_messages.read_bytes().replace(b"{2:I103", b"{2:I202", 1)
    two_messages.write_bytes(broken)
    code, stdout, err = _run(capsys, "convert", str(two_messages), "--to", "pacs.008.001.08")
    assert code == 1
    assert stdout == ""
    assert "message 1" in err
