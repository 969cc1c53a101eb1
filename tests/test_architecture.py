"""Dependencies point one way: model <- formats (mt, iso20022) <- rules/translation <- cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "qenex_messages"

# Lowest layer first; a module may import only from its own layer or the ones before it.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "findings",
            "codes",
            "rootcause",
            "rule_record",
            "limits",
            "inputs",
            "charsets",
            "_version",
            "_resources",
        }
    ),
    frozenset({"identifiers", "swift_format"}),
    frozenset({"model", "status_model"}),
    frozenset({"mt", "iso20022"}),
    frozenset({"rules", "translation", "replies"}),
    frozenset({"reply", "pipeline", "output", "catalogue", "__init__"}),
    frozenset({"cli", "__main__", "precommit"}),
)
# Same layer, but never each other: the two wire formats stay independent.
SEPARATE = {frozenset({"mt", "iso20022"}), frozenset({"rules", "translation"})}


def _top(module_path: Path) -> str:
    rel = module_path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _layer(name: str) -> int:
    for index, layer in enumerate(LAYERS):
        if name in layer:
            return index
    raise AssertionError(
        f"qenex_messages.{name} is in no layer: add it to tests/test_architecture.py"
    )


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "qenex_messages":
                # `from qenex_messages import X`: a submodule, or else a name from __init__.
                found.update(
                    alias.name if _is_module(alias.name) else "__init__" for alias in node.names
                )
            elif node.module.startswith("qenex_messages."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("qenex_messages."):
                    found.add(alias.name.split(".")[1])
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    own = _top(path)
    if own == "__init__" and path.parent != PACKAGE:
        own = path.parent.relative_to(PACKAGE).parts[0]
    for target in _imports(path) - {own}:
        if target in {"__version__"}:
            continue
        assert _layer(target) <= _layer(own), f"{own} must not import {target}"
        assert frozenset({own, target}) not in SEPARATE, f"{own} must not import {target}"
