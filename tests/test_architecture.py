"""Dependencies point one way: model <- formats (mt, iso20022) <- rules/translation <- cli."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "qenex_messages"

DOCS = PACKAGE.parents[1] / "docs" / "architecture.md"


def _layers_of_the_docs() -> tuple[frozenset[str], ...]:
    """The layer table of docs/architecture.md: row N lists the modules of layer N."""
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \|", DOCS.read_text("utf-8"), re.MULTILINE)
    assert [int(n) for n, _ in rows] == list(range(len(rows))), "layers are numbered 0, 1, ..."
    return tuple(frozenset(re.findall(r"`([\w.]+)`", modules)) for _, modules in rows)


# Lowest layer first; a module may import only from its own layer or the ones before it. The
# table lives in docs/architecture.md, so the docs and this test cannot disagree.
LAYERS: tuple[frozenset[str], ...] = _layers_of_the_docs()
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


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, name: str) -> str:
    """``from module import name``: the submodule ``module.name`` when there is one."""
    candidate = f"{module}.{name}"
    relative = Path(*candidate.split(".")[1:])
    if (PACKAGE / relative).with_suffix(".py").exists() or (PACKAGE / relative).is_dir():
        return candidate
    return module


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _load_time_imports(path: Path) -> set[str]:
    """Modules of the package ``path`` imports when it is loaded (top level, not under
    ``TYPE_CHECKING``; imports inside functions run later and cannot form a load cycle)."""
    found: set[str] = set()
    body = list(ast.parse(path.read_text("utf-8")).body)
    while body:
        node = body.pop(0)
        if isinstance(node, ast.If) and not _is_type_checking(node):
            body.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            body.extend(node.body)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qenex_messages"):
            module = node.module or ""
            found.update(_resolve(module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("qenex_messages."))
    return found


def _all_imports(path: Path) -> set[str]:
    """Every module of the package ``path`` imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qenex_messages"):
            found.update(_resolve(node.module or "", alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("qenex_messages."))
    return found


GRAPH = {_module_name(p): _load_time_imports(p) for p in SOURCES}
PACKAGES = sorted({_module_name(p) for p in SOURCES if p.name == "__init__.py"})


def _cycle(members: set[str]) -> list[str] | None:
    """One import cycle among ``members`` (load-time imports), or None."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        trail.append(node)
        for nxt in sorted(GRAPH.get(node, set()) & members):
            if state.get(nxt) == 1:
                return [*trail[trail.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        state[node] = 2
        trail.pop()
        return None

    for start in sorted(members):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle_inside_a_package(package: str) -> None:
    """The modules of one package (its __init__ aside) import each other one way only."""
    members = {m for m in GRAPH if m.rpartition(".")[0] == package and m != package}
    assert _cycle(members) is None, " -> ".join(_cycle(members) or [])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_module_of_another_package(path: Path) -> None:
    """``pkg._module`` is for ``pkg`` alone; other packages use its public names."""
    own = _module_name(path)
    own_package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    for target in _all_imports(path):
        parent, _, leaf = target.rpartition(".")
        if leaf.startswith("_") and not leaf.startswith("__") and parent != "qenex_messages":
            assert own_package == parent or own_package.startswith(parent + "."), (
                f"{own} imports {target}, a private module of {parent}"
            )


def test_the_docs_name_every_module_once() -> None:
    named = [name for layer in LAYERS for name in layer]
    assert len(named) == len(set(named))
    tops = {_top(p) for p in SOURCES} - {"py"}
    assert tops <= set(named), f"not in docs/architecture.md: {sorted(tops - set(named))}"
