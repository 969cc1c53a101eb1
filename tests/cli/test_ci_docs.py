"""The CI examples of docs/cli.md use the real formats, and print what the page says."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from qenex_messages import cli
from qenex_messages.output import FORMATTERS
from tests.conftest import REPO

PAGE = (REPO / "docs" / "cli.md").read_text("utf-8")


def _section(title: str) -> str:
    start = PAGE.index(f"### {title}\n")
    end = PAGE.index("\n### ", start + 1)
    return PAGE[start:end]


def test_the_github_example_prints_what_the_page_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console example of --format github is the command's real output."""
    monkeypatch.chdir(REPO)
    (console,) = re.findall(r"```console\n(.*?)```", _section("GitHub Actions annotations"), re.S)
    command, _, expected = console.partition("\n")
    argv = shlex.split(command.removeprefix("$ qenex-messages "))
    assert cli.main(argv) == 1
    assert capsys.readouterr().out == expected


@pytest.mark.parametrize(
    ("title", "needles"),
    [
        ("GitHub Actions annotations", ("--format github", "--format sarif", "upload-sarif")),
        ("GitLab Code Quality", ("--format gitlab", "codequality: gl-code-quality.json")),
    ],
)
def test_the_ci_snippets_use_the_real_formats(title: str, needles: tuple[str, ...]) -> None:
    """Each CI snippet names a format the command accepts and the file its report goes to."""
    (snippet,) = re.findall(r"```yaml\n(.*?)```", _section(title), re.S)
    for needle in needles:
        assert needle in snippet
    for name in re.findall(r"--format (\w+)", snippet):
        assert name in FORMATTERS


def test_the_gitlab_report_is_what_the_snippet_uploads(tmp_path: Path) -> None:
    """-o writes the Code Quality JSON that the snippet's artifact names."""
    out = tmp_path / "gl-code-quality.json"
    data = REPO / "tests" / "cli" / "data" / "mt103-no-uetr-bad-charges.fin"
    assert cli.main(["validate", "--format", "gitlab", "-o", str(out), str(data)]) == 1
    issues = json.loads(out.read_text("utf-8"))
    assert [i["check_name"] for i in issues] == ["U13", "T08"]


@pytest.mark.parametrize("title", ["GitHub Actions annotations", "GitLab Code Quality"])
def test_the_ci_commands_parse(title: str) -> None:
    """Every qenex-messages command of a CI snippet is accepted by the command's parser."""
    (snippet,) = re.findall(r"```yaml\n(.*?)```", _section(title), re.S)
    commands = re.findall(r"qenex-messages (validate [^\n]*)", snippet)
    assert commands
    for command in commands:
        args = cli.build_parser().parse_args(shlex.split(command))
        assert args.handler is not None
