"""Finding codes are named constants in the library, never bare strings.

A code is written as a string once, where it is defined (``codes.define`` and the wrappers the
MT and rulebook layers use to define theirs); everywhere else the library refers to the
constant, so a renamed or removed code cannot leave a stale string behind.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import qenex_messages
from qenex_messages.codes import all_codes

PACKAGE = Path(qenex_messages.__file__).resolve().parent
DEFINERS = frozenset({"define", "_d", "rule", "not_checkable"})
"""Calls whose first argument defines a code (or names a rulebook row by its code)."""
_OUR_CODE = re.compile(r"QX\d{3}")


def _registered_codes() -> frozenset[str]:
    for module in pkgutil.walk_packages(qenex_messages.__path__, "qenex_messages."):
        if module.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(module.name)
        except ImportError:  # an optional extra that is not installed (Spark, Dask ...)
            continue
    return frozenset(info.code for info in all_codes())


def _allowed(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are definitions or docstrings."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in DEFINERS:
                allowed.add(id(node.args[0]))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            allowed.add(id(body[0].value))
    return allowed


def bare_codes(source: str, codes: frozenset[str]) -> list[tuple[int, str]]:
    """(line, code) of each string constant in ``source`` that is a bare finding code."""
    tree = ast.parse(source)
    allowed = _allowed(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and (node.value in codes or _OUR_CODE.fullmatch(node.value))
        and id(node) not in allowed
    ]


def test_the_scan_finds_a_bare_code_and_passes_a_definition() -> None:
    """The scan itself: a bare code in a set or a call is found; a definition, a docstring
    and a constant's attribute are not."""
    source = '''
"""Module docstring naming ``QX320``."""
BROKEN = frozenset({"QX005", "T26"})
ONE = define("QX999", "error", "a definition")
check(code="E13")
ok = codes.UNREADABLE.code
'''
    assert bare_codes(source, frozenset({"T26", "E13", "QX005"})) == [
        (3, "QX005"),
        (3, "T26"),
        (5, "E13"),
    ]


def test_no_bare_code_in_the_library() -> None:
    """No module of the library writes a finding code as a string outside its definition."""
    codes = _registered_codes()
    found = [
        f"{path.relative_to(PACKAGE).as_posix()}:{line}: {code}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, code in bare_codes(path.read_text("utf-8"), codes)
    ]
    assert found == [], "use the code's constant"
