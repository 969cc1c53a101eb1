"""Run the console examples of a docs/cli.md section and compare with what the page shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from qenex_messages import cli
from tests.cli.test_cli_docs import steps
from tests.conftest import REPO


def check_console_section(
    title: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, work: Path
) -> int:
    """Run each ``$ qenex-messages ...`` of section ``title`` in ``work`` (where ``examples``
    and ``tests`` lead to the repository's), asserting its exact output and exit code; returns
    how many commands ran."""
    for name in ("examples", "tests"):
        (work / name).symlink_to(REPO / name)
    monkeypatch.chdir(work)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    examples = steps(title)
    for step in examples:
        code = cli.main(step.argv)
        captured = capsys.readouterr()
        assert captured.out + captured.err == step.printed, step.argv
        if step.exit_code is not None:
            assert code == step.exit_code, step.argv
        elif " ERROR " not in step.printed and "error:" not in step.printed:
            assert code == 0, step.argv
    return len(examples)
