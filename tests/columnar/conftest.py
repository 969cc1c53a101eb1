"""Columnar tests need pyarrow (the test extra installs it) and the schema store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED

pytest.importorskip("pyarrow")

CORPUS = SHARED / "corpus"
EXAMPLES = REPO / "examples"


@pytest.fixture(autouse=True)
def _schemas(schema_store: Path) -> Path:
    """Every test validates XML: the default XSDs are installed (never skipped)."""
    return schema_store


def corpus_files() -> list[Path]:
    """Every message file of ../shared/corpus (empty without it)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in {".xml", ".txt"})
