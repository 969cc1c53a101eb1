"""The command's terminal side: whether to colour, coloured lines, and a progress display.

Colour and progress are drawn by rich, imported only when they are used: a run whose output
is a pipe or a file, with no colour asked for, never loads it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

from qenex_messages.findings import Finding, Report, Severity
from qenex_messages.output import Summary, finding_spans, format_summary, summary_severity

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

__all__ = ["COLOR_CHOICES", "Painter", "Progress", "isatty", "same_terminal", "wants_color"]

COLOR_CHOICES = ("auto", "always", "never")
_clock = time.monotonic
_STYLES: dict[Severity | None, str] = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
    None: "bold green",
}


def isatty(stream: object) -> bool:
    """True when ``stream`` is a terminal."""
    method = getattr(stream, "isatty", None)
    return bool(method and method())


def same_terminal(first: object, second: object) -> bool:
    """True when both streams are the same terminal (their lines then share the screen)."""
    if not (isatty(first) and isatty(second)):
        return False
    try:
        return os.ttyname(first.fileno()) == os.ttyname(second.fileno())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return True  # a terminal we cannot name: assume the screen is shared


def wants_color(choice: str, stream: object, environ: Mapping[str, str] | None = None) -> bool:
    """``--color``: ``always``, ``never``, or ``auto``: not when ``NO_COLOR`` is set, yes when
    ``FORCE_COLOR`` is set (and not ``0``), else when ``stream`` is a terminal."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return isatty(stream)


class Painter:
    """Finding and summary lines, coloured through rich when ``color`` is on, else plain."""

    def __init__(self, color: bool) -> None:
        self.color = color
        self._console: Console | None = None
        self._styled: dict[tuple[str, str], str] = {}

    def _render(self, pieces: Iterable[tuple[str, str | None]]) -> str:
        """The pieces joined, each styled piece in its rich style (``None``: plain)."""
        if not self.color:
            return "".join(text for text, _ in pieces)
        return "".join(self._style(text, style) if style else text for text, style in pieces)

    def _style(self, text: str, style: str) -> str:
        """``text`` in ``style``, as rich writes it (remembered: severity words repeat)."""
        known = self._styled.get((text, style))
        if known is not None:
            return known
        from rich.text import Text

        if self._console is None:
            self._console = _console(None, color=True)
        with self._console.capture() as captured:
            self._console.print(Text(text, style), end="")
        rendered: str = captured.get()
        if len(self._styled) < 64:
            self._styled[text, style] = rendered
        return rendered

    def finding(self, finding: Finding, report: Report) -> str:
        """One finding line, without its line break."""
        spans = finding_spans(finding, report)
        return self._render((t, _STYLES[s] if s else None) for t, s in spans)

    def report(self, report: Report) -> str:
        """The lines of one report's findings, in source order."""
        return "".join(self.finding(f, report) + "\n" for f in report.sorted())

    def summary(self, summary: Summary) -> str:
        """The summary line, in the colour of the worst severity it counts (green when clean)."""
        text = format_summary(summary).removesuffix("\n")
        return self._render([(text, _STYLES[summary_severity(summary)])]) + "\n"


def _console(file: IO[str] | None, *, color: bool) -> Console:
    from rich.console import Console

    return Console(
        file=file,
        force_terminal=color or None,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        soft_wrap=True,
    )


class Progress:
    """A transient progress display on ``stream`` (a terminal): files checked and their rate,
    and a bar of the bytes read for a file being streamed. It appears only after a second
    (:attr:`DELAY`), redraws at most ten times a second, and leaves nothing behind. While it
    shows, with ``capture_stdout`` the lines written to ``sys.stdout`` are printed above it, so
    that a finding is never glued to it."""

    DELAY = 1.0
    """Seconds before the display appears: short runs show none."""

    def __init__(self, stream: IO[str], *, capture_stdout: bool) -> None:
        self.stream = stream
        self.capture_stdout = capture_stdout
        self.delay = self.DELAY
        self.start = _clock()
        self.last = 0.0
        self.files = 0
        self._rich: RichProgress | None = None
        self._files_task: TaskID | None = None
        self._bytes_tasks: dict[str, TaskID] = {}
        self._reading: dict[str, tuple[float, int | None]] = {}

    def _started(self) -> RichProgress | None:
        now = _clock()
        if now - self.start < self.delay or now - self.last < 0.1:
            return None
        self.last = now
        if self._rich is None:
            from rich.progress import BarColumn, SpinnerColumn, TextColumn
            from rich.progress import Progress as RichProgress
            from rich.text import Text

            class SizedBar(BarColumn):
                """A bar only for a task whose size is known (a file being read)."""

                def render(self, task: Any) -> Any:
                    return super().render(task) if task.total else Text("")

            self._rich = RichProgress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                SizedBar(),
                console=_console(self.stream, color=True),
                transient=True,
                auto_refresh=False,  # no drawing thread: the process pool forks safely
                redirect_stdout=self.capture_stdout,
                redirect_stderr=False,
            )
            self._rich.start()
        return self._rich

    def checked(self, files: int) -> None:
        """``files`` files are checked so far."""
        self.files = files
        rich = self._started()
        if rich is None:
            return
        rate = files / max(self.last - self.start, 1e-9)  # self.last: the time just read
        text = f"{files} files validated ({rate:.0f}/s)"
        if self._files_task is None:
            self._files_task = rich.add_task(text, total=None)
        rich.update(self._files_task, description=text)
        for task in self._bytes_tasks.values():
            rich.remove_task(task)
        self._bytes_tasks.clear()
        rich.refresh()

    def read(self, path: str, done: int) -> None:
        """``done`` bytes of the file at ``path`` are read so far."""
        rich = self._started()
        if rich is None:
            return
        task = self._bytes_tasks.get(path)
        if task is None:
            try:
                total: int | None = os.stat(path).st_size
            except OSError:
                total = None
            task = self._bytes_tasks[path] = rich.add_task(path, total=total)
            self._reading[path] = (self.last, total)
        since, size = self._reading[path]
        seconds = self.last - since
        whole = f"/{size / 2**20:.1f}" if size else ""
        speed = f" ({done / 2**20 / seconds:.1f} MiB/s)" if seconds >= 0.1 else ""
        text = f"{done / 2**20:.1f}{whole} MiB{speed} {path}"
        rich.update(task, completed=done, description=text)
        rich.refresh()

    def close(self) -> None:
        """Remove the display (if it was shown)."""
        if self._rich is not None:
            self._rich.stop()
            self._rich = None
