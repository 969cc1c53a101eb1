"""The installed ``qenex-messages`` command as a real process: formats and exit codes (past the
first case of an exit code, the same command in-process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from qenex_messages import cli
from tests.cli.conftest import EXAMPLES, command, need


def run(
    *argv: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command; output decoded as UTF-8."""
    merged = {**os.environ, **(env or {})}
    return subprocess.run(
        [command(), *argv],
        input=stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=merged,
        timeout=120,
        check=False,
    )


def test_exit_0_on_valid_messages(schema_store: Path) -> None:
    """Valid examples: exit 0, summary only, nothing on stderr."""
    need("qenex_messages.mt", "check_mt")
    done = run("validate", str(EXAMPLES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "6 files, 6 messages: 0 errors, 0 warnings\n"
    assert done.stderr == ""


def test_exit_0_on_valid_xml(schema_store: Path) -> None:
    """The XML examples alone (the ISO layer only) exit 0."""
    need("qenex_messages.iso20022", "check_xml")
    done = run("validate", "--include", "*.xml", str(EXAMPLES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "4 files, 4 messages: 0 errors, 0 warnings\n"


def in_process(capsys: pytest.CaptureFixture[str], *argv: str) -> subprocess.CompletedProcess[str]:
    """The same command through ``cli.main`` (what the script calls before exiting with its
    code), without starting an interpreter: for the cases past the first of each exit code."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(list(argv), code, captured.out, captured.err)


def test_exit_1_on_bad_inputs(bad_inputs: Path) -> None:
    """Error findings: exit 1 from the real process, the summary on stdout."""
    done = run("validate", str(bad_inputs))
    assert done.returncode == 1
    assert done.stderr == ""
    assert done.stdout.endswith("5 files, 5 messages: 5 errors, 0 warnings\n")


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_exit_1_in_every_format(
    bad_inputs: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Error findings: exit 1 whatever the format; the output parses in its format."""
    done = in_process(capsys, "validate", "--format", fmt, str(bad_inputs))
    assert done.returncode == 1
    assert done.stderr == ""
    if fmt == "json":
        assert json.loads(done.stdout)["summary"]["errors"] == 5
    elif fmt == "sarif":
        assert json.loads(done.stdout)["version"] == "2.1.0"
    else:
        root = etree.fromstring(done.stdout.encode())
        assert root.get("failures") == "5"


def test_exit_2_with_one_line() -> None:
    """A usage error: exit 2 from the real process, the reason on stderr, no traceback."""
    done = run()
    assert done.returncode == 2
    assert "give a command" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "--profile", "nope", "x"], "unknown profile 'nope'"),
        (["inspect", "missing.fin"], "missing.fin: no such file"),
        (["convert", "missing.fin", "--to", "mt103"], "missing.fin: no such file"),
    ],
)
def test_usage_and_io_errors_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Usage and I/O errors: exit 2, the reason on stderr, no traceback."""
    if "--profile" in argv:
        need("qenex_messages.rules", "PROFILES")
    done = in_process(capsys, *argv)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_missing_path_is_checked_last(tmp_path: Path) -> None:
    """A missing path among good ones: the others are validated and reported, the missing one
    is its own finding, exit 2 with the reason on stderr."""
    need("qenex_messages.mt", "check_mt")
    done = run("validate", "missing.xml", str(EXAMPLES / "mt103.fin"))
    assert done.returncode == 2
    assert done.stdout == (
        "missing.xml: ERROR QX005 no such file or directory\n"
        "2 files, 2 messages: 1 error, 0 warnings\n"
    )
    assert done.stderr == (
        "qenex-messages: error: missing.xml: no such file or directory (QX005); "
        "the other files were checked\n"
    )


def test_exit_2_when_schemas_are_missing(tmp_path: Path) -> None:
    """XML with an empty schema store: exit 2 and the install command named."""
    need("qenex_messages.iso20022", "check_xml")
    done = run(
        "validate",
        str(EXAMPLES / "pain.001.001.09-sepa.xml"),
        env={"QENEX_SCHEMA_DIR": str(tmp_path)},
    )
    assert done.returncode == 2
    assert "qenex-messages schemas install" in done.stderr


def test_stdin_and_no_color_by_default(bad_inputs: Path) -> None:
    """'-' reads stdin; output to a pipe has no colour."""
    done = run("validate", "-", stdin=b"garbage")
    assert done.returncode == 1
    assert done.stdout.startswith("<stdin>:1:1: ERROR QX002 ")
    assert "\033[" not in done.stdout


def test_python_dash_m() -> None:
    """`python -m qenex_messages` is the same command."""
    done = subprocess.run(
        [sys.executable, "-m", "qenex_messages", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("qenex-messages ")


def test_jobs_in_a_real_process(tmp_path: Path) -> None:
    """--jobs 2 over many files runs a process pool from the installed command."""
    for number in range(40):
        (tmp_path / f"{number:02d}.fin").write_bytes(b"" if number % 2 else b"junk")
    done = run("validate", "--jobs", "2", "--format", "json", str(tmp_path))
    assert done.returncode == 1
    document = json.loads(done.stdout)
    assert [Path(f["path"]).name for f in document["files"]] == [f"{n:02d}.fin" for n in range(40)]
