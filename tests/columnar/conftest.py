"""Columnar tests need pyarrow (the test extra installs it) and the schema store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED

pytest.importorskip("pyarrow")

CORPUS = SHARED / "corpus"
EXAMPLES = REPO / "examples"


@pytest.fixture(autouse=True)
def _schemas(schema_store: Path) -> Iterator[None]:
    """Every test validates XML: the default XSDs are installed (never skipped)."""
    yield


def corpus_files() -> list[Path]:
    """Every message file of ../shared/corpus (empty without it)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in {".xml", ".txt"})
