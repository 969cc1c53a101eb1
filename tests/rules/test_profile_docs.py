"""docs/cli.md's rulebook examples run and print what the page shows; the SEPA and CBPR+
examples are clean under their own profile."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from qenex_messages.cli import main

REPO = Path(__file__).resolve().parents[2]
SECTION = re.compile(r"### Rulebook profiles\n.*?```console\n(.*?)```", re.DOTALL)


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    if not os.environ.get("QENEX_SCHEMA_DIR"):
        pytest.skip("run through `make test`, which installs the XSDs")


def _runs() -> list[tuple[str, str]]:
    page = (REPO / "docs" / "cli.md").read_text("utf-8")
    match = SECTION.search(page)
    assert match, "docs/cli.md has no rulebook console example"
    runs = re.split(r"^\$ ", match.group(1), flags=re.MULTILINE)[1:]
    return [(command, expected) for command, _, expected in (r.partition("\n") for r in runs)]


@pytest.mark.parametrize(("command", "expected"), _runs())
def test_cli_profile_example(
    command: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each command of the section prints exactly the lines under it."""
    argv = shlex.split(command)
    assert argv[0] == "qenex-messages"
    main(argv[1:])
    assert capsys.readouterr().out == expected


@pytest.mark.parametrize(
    ("profile", "example"),
    [
        ("sepa", "pain.001.001.09-sepa.xml"),
        ("cbpr+", "pacs.008.001.08-apphdr.xml"),
        ("t2", "pacs.008.001.08-t2.xml"),
    ],
)
def test_examples_are_clean_under_their_profile(profile: str, example: str) -> None:
    """No finding of any severity (so --strict passes) on the date the example was written for."""
    from datetime import date

    import qenex_messages as qm

    data = (REPO / "examples" / example).read_bytes()
    (report,) = qm.validate_bytes(data, source=example, profile=profile, as_of=date(2026, 3, 2))
    assert [f.code for f in report.findings if f.severity.value != "info"] == []


def test_adding_a_rule_example_runs() -> None:
    """docs/adding-a-rule.md's worked example registers a rule and prints what the page shows
    (in a fresh interpreter, so the example rule does not join this session's registry)."""
    import subprocess
    import sys

    page = (REPO / "docs" / "adding-a-rule.md").read_text("utf-8")
    blocks = re.findall(r"```(\w+)\n(.*?)```", page, re.DOTALL)
    (code,) = [body for kind, body in blocks if kind == "python"]
    (expected,) = [body for kind, body in blocks if kind == "text"]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
