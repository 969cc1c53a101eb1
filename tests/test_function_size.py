"""No function in the library grows past 80 lines or past ruff's complexity limits.

ruff checks complexity (C90) and size (PLR09) on every run; these tests keep the limits from
being loosened or side-stepped for the library: no per-file exemption, no inline ``noqa`` for
complexity, branches, returns or statements, and an argument-count ``noqa`` only with its reason.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "qenex_messages"
LIMIT = 80
COMPLEXITY = {"max-complexity": 15}
SIZE = {"max-branches": 15, "max-returns": 8, "max-args": 6, "max-statements": 60}
_SIZE_RULE = re.compile(r"^(C90|PLR09)")
_NOQA = re.compile(r"#\s*noqa:\s*(?P<codes>[A-Z0-9, ]+)(?P<reason>\s*\(.+\))?")


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _long_functions() -> list[str]:
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > LIMIT:
                    found.append(f"{path.relative_to(PACKAGE).as_posix()}:{node.name}")
    return found


def _lint() -> dict[str, object]:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    lint: dict[str, object] = settings["tool"]["ruff"]["lint"]
    return lint


def test_no_function_past_the_limit() -> None:
    """Every function of the library is at most 80 lines long."""
    assert _long_functions() == [], f"split these (at most {LIMIT} lines)"


def test_the_limits_stay_where_they_are() -> None:
    """The complexity and size rules are selected, with limits no looser than today's."""
    lint = _lint()
    selected = lint["select"]
    assert isinstance(selected, list)
    assert {"C90", "PLR09", "ARG"} <= set(selected)
    mccabe, pylint = lint["mccabe"], lint["pylint"]
    assert isinstance(mccabe, dict)
    assert isinstance(pylint, dict)
    assert all(mccabe[key] <= limit for key, limit in COMPLEXITY.items()), mccabe
    assert all(pylint[key] <= limit for key, limit in SIZE.items()), pylint


def test_no_library_file_is_exempt_from_the_limits() -> None:
    """No per-file ignore lets a library file past the complexity or size rules."""
    ignores = _lint()["per-file-ignores"]
    assert isinstance(ignores, dict)
    exempt = {
        pattern: rules
        for pattern, rules in ignores.items()
        if pattern.startswith("src/") and any(_SIZE_RULE.match(rule) for rule in rules)
    }
    assert exempt == {}


def test_no_inline_exemption_from_complexity() -> None:
    """No function silences complexity, branches, returns or statements with ``noqa``; one
    that takes more arguments than the limit says why, in parentheses after the code."""
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            noqa = _NOQA.search(line)
            if noqa is None:
                continue
            codes = {code.strip() for code in noqa["codes"].split(",")}
            where = f"{path.relative_to(PACKAGE).as_posix()}:{number}"
            silenced = codes & {"C901", "PLR0911", "PLR0912", "PLR0915"}
            unexplained = codes & {"PLR0913", "PLR0917"} and not noqa["reason"]
            if silenced or unexplained:
                found.append(where)
    assert found == []
