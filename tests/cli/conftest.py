"""Fixtures for the command-line tests: layer availability, a schema store, demo files."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO, SHARED

DATA = Path(__file__).parent / "data"
EXAMPLES = REPO / "examples"
MIRROR = SHARED / "schemas"


def need(module: str, *names: str) -> ModuleType:
    """The layer ``module``, which must provide ``names`` (a missing one fails the test)."""
    found = importlib.import_module(module)
    missing = [n for n in names if not hasattr(found, n)]
    assert not missing, f"{module} does not provide {', '.join(missing)}"
    return found


def command() -> str:
    """The installed ``qenex-messages`` console script."""
    beside = Path(sys.executable).parent / "qenex-messages"
    found = str(beside) if beside.exists() else shutil.which("qenex-messages")
    if not found:
        pytest.skip("the qenex-messages command is not installed")
    return found


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    """A folder of inputs that are no messages at all, one per input code."""
    (tmp_path / "empty.fin").write_bytes(b"")
    (tmp_path / "blank.xml").write_bytes(b"  \r\n\t\n")
    (tmp_path / "binary.fin").write_bytes(b"{1:F01\x00\x00\x89PNG")
    (tmp_path / "latin1.txt").write_bytes(b"{1:F01BANKDEFFAXXX0000000000}{4:\n:20:M\xfcller\n-}")
    (tmp_path / "notes.txt").write_bytes(b"just some notes\n")
    return tmp_path
