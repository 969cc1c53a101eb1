"""The command's argument parser: argparse's, laid out at the terminal's width without
``shutil``. Only a run that parses its arguments with argparse loads it (with ``argparse``,
``gettext`` and ``locale``); ``validate FILE ...`` without options does not
(:func:`qenex_messages.cli.main`)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

__all__ = ["ArgumentParser"]


def _terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it (``COLUMNS``, else the
    terminal of standard output, else 80), without importing shutil for it."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout at the same width. argparse makes a formatter for every option a
    parser is given, and the default one imports shutil (with zlib, bz2 and lzma) to ask the
    terminal's width: a run that shows no help would pay for that import."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
        **kwargs: Any,
    ) -> None:
        width = _terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width, **kwargs)


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser (and, through ``add_subparsers``, its subcommands' parsers) laid out
    by :class:`_HelpFormatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
