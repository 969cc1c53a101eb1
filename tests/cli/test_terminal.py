"""The terminal side: colour choice, coloured lines, and a progress display that never glues
itself to a finding line (checked on a fake terminal through a small screen emulator)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qenex_messages import cli, terminal
from qenex_messages.findings import Finding, Location, Report, Severity
from qenex_messages.output import Summary
from tests.cli.conftest import DATA, EXAMPLES


class FakeTerminal(io.StringIO):
    """One screen that standard output and standard error both write to."""

    def isatty(self) -> bool:
        return True


_CONTROL = re.compile(r"\x1b\[(\??)([0-9;]*)([A-Za-z])")


def screen(raw: str) -> list[str]:
    """The lines a terminal shows after ``raw``: carriage return, line feed, cursor up,
    erase line; colours and cursor visibility are dropped."""
    lines = [""]
    row = col = 0

    def put(text: str) -> None:
        nonlocal col
        line = lines[row].ljust(col)
        lines[row] = line[:col] + text + line[col + len(text) :]
        col += len(text)

    position = 0
    for match in _CONTROL.finditer(raw + "\x1b[0m"):
        for char in raw[position : match.start()]:
            if char == "\n":
                row, col = row + 1, 0
                if row == len(lines):
                    lines.append("")
            elif char == "\r":
                col = 0
            else:
                put(char)
        position = match.end()
        private, number, command = match.groups()
        if private:
            continue
        if command == "A":
            row = max(0, row - int(number or 1))
        elif command == "K":
            lines[row] = "" if number == "2" else lines[row][:col]
    return [line.rstrip() for line in lines if line.rstrip()]


def on_fake_terminal(monkeypatch: pytest.MonkeyPatch) -> FakeTerminal:
    """Standard output and error on one fake terminal; the progress display shows at once.
    (Called in the test body: pytest puts its own capture back on sys.stdout after set-up.)"""
    shared = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", shared)
    monkeypatch.setattr(sys, "stderr", shared)
    monkeypatch.setattr(terminal.Progress, "DELAY", 0.0)
    monkeypatch.setattr(terminal, "_clock", _Clock())
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "300")  # long temporary paths are not cut short
    return shared


class _Clock:
    """A clock that moves 0.2 s each time it is read: every progress update is drawn."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += 0.2
        return self.now


def test_progress_is_never_glued_to_a_finding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Findings come out while the display is drawn between them, yet every line on the screen
    is a whole finding line or the summary, and the display leaves nothing behind."""
    good = (EXAMPLES / "mt103.fin").read_bytes()
    bad = (DATA / "mt103-no-uetr-bad-charges.fin").read_bytes()
    for number in range(12):
        (tmp_path / f"m{number:02}.fin").write_bytes(bad if number % 4 == 3 else good)
    fake_terminal = on_fake_terminal(monkeypatch)
    code = cli.main(["validate", "--no-config", "--jobs", "1", "--color", "never", str(tmp_path)])
    raw = fake_terminal.getvalue()
    assert code == 1
    assert "files validated" in raw  # the display was drawn
    assert raw.index("files validated") < raw.rindex(" ERROR ")  # ... before the last finding
    shown = screen(raw)
    findings = [f"{tmp_path}/m{n:02}.fin" for n in (3, 7, 11)]
    expected = [
        line
        for name in findings
        for line in (
            (
                f"{name}:1:51: ERROR U13 block 3 field 121 (UETR) is missing; it is mandatory in "
                "MT103 since SR 2018 [3:121]"
            ),
            f"{name}:17:6: ERROR T08 71A 'XYZ' is not BEN, OUR or SHA [71A]",
        )
    ]
    assert shown == [*expected, "12 files, 12 messages: 6 errors, 0 warnings"]


def test_progress_by_bytes_for_a_streamed_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file read as a stream shows the bytes read of its size, then leaves a clean screen."""
    big = tmp_path / "big.fin"
    big.write_bytes((EXAMPLES / "mt103.fin").read_bytes() * 400)
    fake_terminal = on_fake_terminal(monkeypatch)
    code = cli.main(["validate", "--no-config", "--stream", "--color", "never", str(big)])
    raw = fake_terminal.getvalue()
    assert code == 0
    assert re.search(r"\d+\.\d/\d+\.\d MiB \(\d+\.\d MiB/s\) \S*big\.fin", raw), raw
    assert screen(raw) == ["1 file, 1 message: 0 errors, 0 warnings"]


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("auto", {}, True, True),  # a terminal
        ("auto", {}, False, False),  # a pipe or a file
        ("auto", {"NO_COLOR": "1"}, True, False),  # NO_COLOR turns it off
        ("auto", {"FORCE_COLOR": "1"}, False, True),  # FORCE_COLOR turns it on
        ("auto", {"FORCE_COLOR": "0"}, False, False),  # ... unless it says 0
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),  # NO_COLOR wins
        ("always", {"NO_COLOR": "1"}, False, True),  # the option wins over both
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_wants_color(choice: str, env: dict[str, str], tty: bool, expected: bool) -> None:
    """--color, NO_COLOR and FORCE_COLOR, in that order of precedence."""
    stream = FakeTerminal() if tty else io.StringIO()
    assert terminal.wants_color(choice, stream, env) is expected


def test_painter_colours_severities_and_the_summary() -> None:
    """With colour, the severity word and the summary are styled; without, plain text."""
    report = Report(
        "a.fin",
        findings=[
            Finding("T26", Severity.ERROR, "slash", Location("a.fin", 7, 5, "20")),
            Finding("QX401", Severity.WARNING, "cut", Location("a.fin", 9, 1)),
            Finding("QX007", Severity.INFO, "skipped"),
        ],
    )
    coloured = terminal.Painter(True).report(report)
    assert "\x1b[1;31mERROR\x1b[0m T26 slash [20]" in coloured
    assert "\x1b[1;33mWARNING\x1b[0m QX401" in coloured
    assert "\x1b[1;36mINFO\x1b[0m QX007" in coloured
    clean = terminal.Painter(True).summary(Summary(files=1, messages=1))
    assert clean == "\x1b[1;32m1 file, 1 message: 0 errors, 0 warnings\x1b[0m\n"
    plain = terminal.Painter(False)
    assert "\x1b" not in plain.report(report) + plain.summary(Summary(errors=1))
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain.report(report)


@pytest.mark.parametrize(("extra", "loaded"), [([], False), (["--color", "always"], True)])
def test_rich_is_loaded_only_for_a_terminal_or_colour(extra: list[str], loaded: bool) -> None:
    """Output to a pipe without colour never imports rich (start-up time); colour does."""
    argv = ["validate", "--no-config", *extra, str(EXAMPLES / "mt103.fin")]
    program = (
        "import sys\n"
        "from qenex_messages import cli\n"
        f"code = cli.main({argv!r})\n"
        "print('rich' in sys.modules, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.splitlines()[-1] == f"{loaded} 0"
