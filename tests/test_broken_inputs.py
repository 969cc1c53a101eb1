"""Broken inputs, one per kind of mistake: at most two findings each, the first naming the cause.

The files and what each must say are listed in tests/data/broken/manifest.toml.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from qenex_messages.pipeline import validate_path

BROKEN = Path(__file__).resolve().parent / "data" / "broken"
MANIFEST: list[dict[str, Any]] = tomllib.loads((BROKEN / "manifest.toml").read_text("utf-8"))[
    "input"
]


def test_the_set_covers_twenty_kinds_of_mistake() -> None:
    """At least 20 inputs, each file and each kind of mistake listed once, every file listed."""
    assert len(MANIFEST) >= 20
    assert len({entry["mistake"] for entry in MANIFEST}) == len(MANIFEST)
    listed = {entry["file"] for entry in MANIFEST}
    assert len(listed) == len(MANIFEST)
    assert listed == {p.name for p in BROKEN.iterdir() if p.name != "manifest.toml"}


@pytest.mark.usefixtures("schema_store")
@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_first_finding_names_the_cause(entry: dict[str, Any]) -> None:
    """One or two findings; the first has the expected code and names the cause."""
    reports = validate_path(
        BROKEN / entry["file"], profile=entry.get("profile"), as_of=entry.get("as_of")
    )
    findings = [f for report in reports for f in report.findings]
    assert 1 <= len(findings) <= 2, [str(f) for f in findings]
    first = findings[0]
    assert first.code == entry["first"], str(first)
    assert entry["names"] in first.message, str(first)
