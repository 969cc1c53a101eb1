"""The pipeline tests validate against the installed XSDs."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _installed_schemas(schema_store: Path) -> Path:
    return schema_store
