"""The console examples of docs/cli.md are the command's real output and exit codes."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

PAGE = (REPO / "docs" / "cli.md").read_text("utf-8")


@dataclass(frozen=True)
class Step:
    """One ``$ qenex-messages ...`` line of an example, what it prints and its exit code."""

    argv: list[str]
    printed: str
    exit_code: int | None


def section(title: str) -> str:
    """The text of the ``### title`` section of the page."""
    start = PAGE.index(f"### {title}\n")
    end = PAGE.find("\n## ", start + 1)
    nested = PAGE.find("\n### ", start + 1)
    ends = [e for e in (end, nested) if e != -1]
    return PAGE[start : min(ends)] if ends else PAGE[start:]


def steps(title: str) -> list[Step]:
    """The commands of the section's console blocks; ``$ echo $?`` gives the exit code."""
    found: list[Step] = []
    for block in re.findall(r"```console\n(.*?)```", section(title), re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, printed = chunk.partition("\n")
            if command == "echo $?":
                last = found.pop()
                found.append(Step(last.argv, last.printed, int(printed)))
            else:
                argv = shlex.split(command.removeprefix("qenex-messages "))
                found.append(Step(argv, printed, None))
    return found


@pytest.mark.parametrize(
    "title", ["Paths that cannot be checked", "Settings file", "Choosing findings", "Baseline"]
)
def test_console_examples_print_what_the_page_says(
    title: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    schema_store: Path,
) -> None:
    """Each command prints exactly what follows it (standard output, then standard error),
    run in a folder that sees the repository's tests and examples and keeps what it writes."""
    from tests.console import check_console_section

    assert check_console_section(title, capsys, monkeypatch, tmp_path), f"no example in {title}"


def test_python_examples_run() -> None:
    """Every Python block of docs/cli.md runs (its asserts are the expected results)."""
    blocks = re.findall(r"```python\n(.*?)```", PAGE, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "docs/cli.md", "exec"), {})
