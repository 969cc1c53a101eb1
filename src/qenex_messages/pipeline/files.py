"""Which files a validation run reads: files, directories and globs expanded like the command."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Sequence
from fnmatch import fnmatchcase
from pathlib import Path

from qenex_messages import codes
from qenex_messages.findings import Finding, Location, Severity
from qenex_messages.inputs import STDIN

__all__ = [
    "DEFAULT_INCLUDE",
    "MESSAGE_SUFFIXES",
    "NOTHING_SELECTED",
    "STDIN",
    "TEXT_SUFFIXES",
    "excluded",
    "iter_message_files",
]

MESSAGE_SUFFIXES: tuple[str, ...] = (".xml", ".fin", ".mt", ".mt103", ".swift")
"""File-name endings of message files: the command's directory walk and the pre-commit hook
(``.pre-commit-hooks.yaml``; a test keeps the two in step) read them."""
TEXT_SUFFIXES: tuple[str, ...] = (".txt",)
"""Plain-text files, which often hold MT messages: read in directory walks, but not by the
pre-commit hook, which would otherwise check every ``.txt`` file of a repository."""

DEFAULT_INCLUDE: tuple[str, ...] = tuple(f"*{s}" for s in MESSAGE_SUFFIXES + TEXT_SUFFIXES)
"""File-name patterns read when walking a directory (files named explicitly are always read)."""


NOTHING_SELECTED = codes.define(
    "QX008",
    Severity.ERROR,
    "A path given to check selects no file: a pattern matches nothing, or a folder holds no file "
    "the include patterns select.",
    family="input",
    fix="Correct the pattern or folder, or widen --include to the names of the message files.",
)


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def excluded(path: str, exclude: Sequence[str]) -> bool:
    """True when ``path`` matches an exclude pattern: a pattern without ``/`` matches the name
    of the file or of a folder in the path as written, one with ``/`` the absolute path
    (``/``-separated; see :func:`qenex_messages.config.anchor_patterns`)."""
    if not exclude:
        return False
    written = Path(path)
    absolute: str | None = None
    for pattern in exclude:
        if "/" not in pattern:
            if any(fnmatchcase(name, pattern) for name in written.parts):
                return True
            continue
        absolute = absolute or Path(os.path.abspath(path)).as_posix()
        if fnmatchcase(absolute, pattern):
            return True
    return False


def _walk(directory: str, include: Sequence[str], exclude: Sequence[str] = ()) -> Iterator[str]:
    """Files under ``directory`` matching ``include``, depth first, names sorted; hidden skipped.

    Entries that cannot be examined (a symlink loop, a vanished file) are yielded as they are, so
    that reading them gives that file's own finding and the rest of the walk goes on."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        yield directory  # reading it reports why it cannot be listed
        return
    for entry in entries:
        if entry.name.startswith(".") or excluded(entry.path, exclude):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()
        except OSError:
            is_dir, is_file = False, False
        if is_dir:
            yield from _walk(entry.path, include, exclude)
        elif not any(fnmatchcase(entry.name, p) for p in include):
            continue
        elif is_file or entry.is_symlink():
            yield entry.path


def iter_message_files(
    paths: Iterable[str],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
) -> Iterator[str | Finding]:
    """Expand files, directories (recursively, names matching ``include``) and globs, in order.

    ``-`` is passed through for standard input. A path that selects nothing is that path's
    finding, yielded in its place so that the other paths are still checked: ``QX005`` for a
    path that does not exist, ``QX008`` for a glob that matches nothing or a directory holding
    no matching file. A matching name that cannot be read (a broken or looping symlink) is
    yielded as a path, so that validating it reports it. Files and folders found by a walk or
    a glob that match an ``exclude`` pattern (see :func:`excluded`) are skipped; a file named
    explicitly is always read.
    """
    for raw in paths:
        if raw == STDIN:
            yield raw
        elif os.path.isdir(raw):
            yield from _directory(raw, include, exclude)
        elif os.path.lexists(raw):
            yield raw
        elif _is_glob(raw):
            yield from _glob(raw, include, exclude)
        else:
            where = Location(source=raw)
            yield codes.UNREADABLE.finding("no such file or directory", where)


def _directory(
    directory: str, include: Sequence[str], exclude: Sequence[str]
) -> Iterator[str | Finding]:
    found = False
    for each in _walk(directory, include, exclude):
        found = True
        yield each
    if not found:
        looked = " ".join(include)
        message = f"no message files found in this folder (looked for {looked})"
        yield NOTHING_SELECTED.finding(message, Location(source=directory))


def _glob(pattern: str, include: Sequence[str], exclude: Sequence[str]) -> Iterator[str | Finding]:
    found = sorted(glob.glob(pattern, recursive=True))
    matches = [m for m in found if not excluded(m, exclude)]
    if not matches:
        yield NOTHING_SELECTED.finding("no file matches this pattern", Location(source=pattern))
    for match in matches:
        if os.path.isdir(match):
            yield from _walk(match, include, exclude)
        else:
            yield match
