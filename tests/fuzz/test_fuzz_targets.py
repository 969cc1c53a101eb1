"""The coverage-guided fuzz targets: every target accepts every seed, and a brief atheris run
(``QENEX_FUZZ_SECONDS``, default 3) finds nothing. The long run is
``python -m tests.fuzz.run all --seconds 1800`` (see the README)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz import targets

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.usefixtures("schema_store")
@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_every_target_accepts_the_examples(name: str) -> None:
    """Each target returns, or raises a documented QenexError, on every example (the fuzzers'
    starting point), and on its first byte alone."""
    for seed in targets.seeds(shared=False):
        targets.run(name, seed)
        targets.run(name, seed[:1])


@pytest.mark.usefixtures("schema_store")
def test_a_brief_coverage_guided_run_finds_nothing(tmp_path: Path) -> None:
    """libFuzzer, guided by the coverage of qenex_messages, mutates the examples for a few
    seconds through every target: no crash, no input over 10 seconds, no memory blow-up."""
    pytest.importorskip("atheris", reason="atheris installs on CPython 3.11 on Linux x86-64")
    seconds = os.environ.get("QENEX_FUZZ_SECONDS", "3")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fuzz.run",
            "all",
            "--seconds",
            seconds,
            "--seeds",
            "examples",
            "--corpus",
            str(tmp_path / "corpus"),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=int(seconds) + 240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done" in result.stderr, result.stderr[-3000:]
    assert not list(tmp_path.glob("crash-*")) and not list(tmp_path.glob("timeout-*"))
