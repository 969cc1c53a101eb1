"""Project settings for ``validate``: ``[tool.qenex-messages]`` in ``pyproject.toml``, or a
``.qenex-messages.toml`` whose top level holds the same keys.

The file is found by walking up from the working directory; in each folder
``.qenex-messages.toml`` is looked for first, then a ``pyproject.toml`` that has the table (one
without it is passed over, and not even parsed when its text never spells the table). Paths
in the file (``exclude`` patterns with a ``/``, ``baseline``) are relative to the file's folder.
Keys may be written ``as-of`` or ``as_of``. An unknown key, or a value of the wrong kind, is a
:class:`ConfigError` that names the key and the file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from qenex_messages._records import field, record, replace
from qenex_messages.findings import QenexError, Severity
from qenex_messages.selection import Selection, SelectionError, check_selectors, parse_severity

__all__ = [
    "CONFIG_NAME",
    "Config",
    "ConfigError",
    "anchor_patterns",
    "discover_config",
    "find_config",
    "load_config",
]

CONFIG_NAME = ".qenex-messages.toml"
PYPROJECT = "pyproject.toml"
TABLE = "qenex-messages"


class ConfigError(QenexError):
    """A settings file that cannot be read, or holds an unknown key or a wrong value."""


@record(frozen=True, slots=True)
class Config:
    """The settings of one file (every field unset when there is no file)."""

    source: Path | None = None
    profile: str | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    as_of: date | None = None
    strict: bool | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))
    baseline: Path | None = None

    def merged(self, **overrides: Any) -> Config:
        """These settings with the ``overrides`` that are not ``None`` put over them (the
        command line's options over the file's keys)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **given)

    def selection(self) -> Selection:
        """The :class:`Selection` of ``select``, ``ignore`` and ``severity``; a selector that
        matches no finding code the library reports is a :class:`ConfigError`."""
        chosen = Selection(self.select or (), self.ignore or (), self.severity)
        if chosen.is_default:
            return chosen
        from qenex_messages.catalogue import load  # every layer: only when codes are named

        known = [info.code for info in load()]
        try:
            for name, selectors in (
                ("select", chosen.select),
                ("ignore", chosen.ignore),
                ("severity", tuple(chosen.severity)),
            ):
                check_selectors(selectors, known, where=name)
        except SelectionError as exc:
            raise ConfigError(str(exc)) from None
        return chosen


def find_config(start: Path) -> Path | None:
    """The settings file that applies in ``start``: the nearest one, walking up."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def discover_config(start: Path | None = None) -> Config:
    """The settings that apply in ``start`` (default: the working directory), or none."""
    found = find_config((start or Path.cwd()).resolve())
    return load_config(found) if found is not None else Config()


def load_config(path: Path) -> Config:
    """The settings in ``path``: the ``[tool.qenex-messages]`` table of a ``pyproject.toml``,
    else the whole file."""
    table = _read_table(path)
    name = f"{path} [tool.{TABLE}]" if path.name == PYPROJECT else str(path)
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        reader = _READERS.get(key)
        if reader is None:
            raise ConfigError(f"{name}: unknown key {raw_key!r}{_did_you_mean(key)}")
        try:
            values[key.replace("-", "_")] = reader(value, path.parent)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{name}: {raw_key}: {exc}") from None
    return Config(source=path, **values)


def anchor_patterns(patterns: tuple[str, ...], folder: Path) -> tuple[str, ...]:
    """Exclude patterns with a ``/`` made absolute under ``folder`` (a bare name matches a
    file or folder of that name anywhere, so it stays as it is)."""
    anchored = []
    for pattern in patterns:
        clean = pattern.rstrip("/")
        if "/" in clean and not os.path.isabs(clean):
            clean = (folder / clean).as_posix()
        anchored.append(clean)
    return tuple(anchored)


def _has_table(pyproject: Path) -> bool:
    try:
        if not _may_have_table(pyproject.read_bytes()):
            return False
        return TABLE in _load_toml(pyproject).get("tool", {})
    except OSError:
        return True  # the reading below reports it
    except ConfigError:
        return True  # report the broken file rather than skip past it


_TABLE_SPELLINGS = (
    # [tool.qenex-messages], [ "tool" . 'qenex-messages' ], tool.qenex-messages.key = ...
    rb"""tool["']?[ \t]*\.[ \t]*["']?qenex-messages""",
    # a [tool] table, whose keys may name it
    rb"""^[ \t]*\[\[?[ \t]*["']?tool["']?[ \t]*\]""",
    # tool = { qenex-messages = ... }
    rb"""(?:^|[{,])[ \t]*["']?tool["']?[ \t]*=""",
    # a key written with escapes ("\u0071enex-messages")
    rb"\\[uUx]",
)


def _may_have_table(text: bytes) -> bool:
    """False only when ``text`` certainly has no ``[tool.qenex-messages]`` table: none of the
    ways TOML can spell it appears, so the file need not be parsed (``tomllib`` costs a tenth
    of a validation's start-up). True means: parse it and see."""
    import re

    return re.search(b"|".join(_TABLE_SPELLINGS), text, re.MULTILINE) is not None


def _load_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only where a settings file is read

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None


def _read_table(path: Path) -> dict[str, Any]:
    document = _load_toml(path)
    if path.name != PYPROJECT:
        return document
    table = document.get("tool", {}).get(TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{TABLE}] must be a table")
    return table


def _did_you_mean(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, _READERS, n=1)
    known = ", ".join(sorted(_READERS))
    return f" (did you mean {close[0]!r}?)" if close else f" (known keys: {known})"


# --------------------------------------------------------------------------- value readers


def _text(value: object, _folder: Path) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError(f"expected a non-empty string, got {value!r}")
    return value


def _texts(value: object, _folder: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TypeError(f"expected a list of strings, got {value!r}")
    return tuple(value)


def _flag(value: object, _folder: Path) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _date(value: object, _folder: Path) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date like 2026-03-02")


def _severities(value: object, _folder: Path) -> Mapping[str, Severity]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a table of code = severity, got {value!r}")
    try:
        parsed = {
            code: parse_severity(_text(level, _folder), where=code) for code, level in value.items()
        }
    except SelectionError as exc:
        raise ValueError(str(exc)) from None
    return MappingProxyType(parsed)


def _exclude(value: object, folder: Path) -> tuple[str, ...]:
    return anchor_patterns(_texts(value, folder), folder)


def _path(value: object, folder: Path) -> Path:
    return folder / _text(value, folder)


_READERS: dict[str, Callable[[object, Path], Any]] = {
    "profile": _text,
    "include": _texts,
    "exclude": _exclude,
    "as-of": _date,
    "strict": _flag,
    "select": _texts,
    "ignore": _texts,
    "severity": _severities,
    "baseline": _path,
}
"""Each key of the settings file and how its value is read (with the file's folder)."""
