"""Fixtures of the streaming tests: a schema store with the published XSDs, the file generator."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MIRROR = REPO.parent / "shared" / "schemas"


@pytest.fixture(scope="session", autouse=True)
def _installed_schemas(schema_store: Path) -> Path:
    """Every test here validates against the installed XSDs."""
    return schema_store
