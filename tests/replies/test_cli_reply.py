"""The `reply` command and `inspect` of a status report, through main()."""

from __future__ import annotations

from pathlib import Path

import pytest

from qenex_messages.cli import main
from qenex_messages.iso20022 import parse_status_report
from tests.conftest import skip_without_unpublished_schema

from .conftest import CREATED, REPO

BAD = REPO / "tests" / "replies" / "data" / "pain001-bad-iban.xml"
PACS = REPO / "tests" / "replies" / "data" / "pacs008-bad-iban.xml"


def test_reply_writes_a_pain002_and_exits_1_when_it_rejects(
    schema_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A partial reject is written to -o and the exit code is 1, as validate would give."""
    out = tmp_path / "reply.xml"
    code = main(["reply", str(BAD), "--as", "pain.002", "--created", CREATED, "-o", str(out)])
    assert code == 1
    model = parse_status_report(out.read_bytes()).model
    assert model.group_status == "PART"
    assert capsys.readouterr().err == ""


def test_reply_to_stdout_is_reproducible(
    schema_store: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """--created fixes CreDtTm and MsgId: two runs give the same bytes."""
    args = ["reply", str(PACS), "--as", "pacs.002", "--created", CREATED]
    assert main(args) == 1
    first = capsysbinary.readouterr().out
    assert main(args) == 1
    assert capsysbinary.readouterr().out == first
    assert b"<TxSts>RJCT</TxSts>" in first


def test_reply_to_a_clean_message_exits_0(
    schema_store: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Nothing rejected: ACTC (or --accepted ACCP) and exit code 0."""
    example = REPO / "examples" / "pain.001.001.09-sepa.xml"
    code = main(["reply", str(example), "--as", "pain.002", "--accepted", "ACCP"])
    assert code == 0
    assert b"<GrpSts>ACCP</GrpSts>" in capsysbinary.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as", "pacs.002"], "pacs.008"),  # a pain.001 is answered with a pain.002
        (["--as", "pain.002", "--version", "pain.002.001.99"], "not a supported"),
        (["--as", "pain.002", "--reasons", "missing.toml"], "no such reason table"),
        (["--as", "pain.002", "--profile", "nope"], "unknown profile"),
    ],
)
def test_reply_usage_errors_exit_2(
    schema_store: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Bad options or the wrong kind: one line on stderr, exit code 2, no traceback."""
    assert main(["reply", str(BAD), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_reply_refuses_an_mt_message(capsys: pytest.CaptureFixture[str]) -> None:
    """Only ISO 20022 XML is answered with a status report."""
    assert main(["reply", str(REPO / "examples" / "mt103.fin"), "--as", "pacs.002"]) == 2
    assert "ISO 20022 XML" in capsys.readouterr().err


def test_inspect_shows_a_status_report(
    schema_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """inspect names the original, each level's status and each reason."""
    out = tmp_path / "reply.xml"
    main(["reply", str(BAD), "--as", "pain.002", "--created", CREATED, "-o", str(out)])
    capsys.readouterr()
    assert main(["inspect", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Original pain.001.001.09 QX-GEN-3: PART" in text
    assert "end-to-end QX-E2E-000000002: RJCT; AC01: QX102" in text
    assert main(["inspect", str(out), "--format", "json"]) == 0
    assert '"group_status": "PART"' in capsys.readouterr().out


@pytest.mark.parametrize("version", ["pain.002.001.03", "pain.002.001.10"])
def test_validate_checks_a_status_report(
    schema_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    """validate detects a pain.002 and runs its XSD and checks: a RJCT without reason fails."""
    skip_without_unpublished_schema(version)
    out = tmp_path / "reply.xml"
    argv = ["reply", str(BAD), "--as", "pain.002", "--version", version, "-o", str(out)]
    main([*argv, "--created", CREATED])
    assert main(["validate", str(out)]) == 0
    broken = out.read_text("utf-8")
    start = broken.index("<StsRsnInf>")
    end = broken.index("</StsRsnInf>") + len("</StsRsnInf>")
    out.write_text(broken[:start] + broken[end:], "utf-8")
    capsys.readouterr()
    assert main(["validate", str(out)]) == 1
    assert "QX362" in capsys.readouterr().out


def test_the_cli_page_example_prints_what_it_shows(
    schema_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """docs/cli.md's `reply` example: the same commands print the lines the page shows (the
    finding's own wording is checked up to its code, so rewording a message keeps this true)."""
    page = (REPO / "docs" / "cli.md").read_text("utf-8")
    block = page[page.index("$ qenex-messages reply ") :]
    block = block[: block.index("```")]
    commands = [line[2:].split()[1:] for line in block.splitlines() if line.startswith("$ ")]
    shown = [line for line in block.splitlines() if line and not line.startswith("$ ")]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests" / "replies" / "data").mkdir(parents=True)
    (tmp_path / "tests" / "replies" / "data" / BAD.name).write_bytes(BAD.read_bytes())
    assert main(commands[0]) == 1
    capsys.readouterr()
    assert main(commands[1]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(shown)
    for real, documented in zip(printed, shown, strict=True):
        cut = documented.find("QX102")
        if cut >= 0:
            assert real[: cut + 5] == documented[: cut + 5]
        else:
            assert real == documented
