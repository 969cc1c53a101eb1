"""The README's Python and command-line examples run and print what the README shows."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from pathlib import Path

import pytest

from qenex_messages.cli import main

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text("utf-8")
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    if not os.environ.get("QENEX_SCHEMA_DIR"):
        pytest.skip("run through `make test`, which installs the XSDs")


def test_python_example_prints_what_the_readme_says() -> None:
    blocks = BLOCK.findall(README)
    kinds = [kind for kind, _ in blocks]
    code = blocks[kinds.index("python")][1]
    expected = blocks[kinds.index("python") + 1]
    assert expected[0] == "text"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == expected[1]


def test_console_example_prints_what_the_readme_says(capsys: pytest.CaptureFixture[str]) -> None:
    (console,) = [body for kind, body in BLOCK.findall(README) if kind == "console"]
    runs = re.split(r"^\$ ", console, flags=re.MULTILINE)[1:]
    assert runs
    for run in runs:
        command, _, expected = run.partition("\n")
        argv = shlex.split(command)
        assert argv[0] == "qenex-messages"
        main(argv[1:])
        assert capsys.readouterr().out == expected
