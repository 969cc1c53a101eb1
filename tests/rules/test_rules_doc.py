"""docs/rules.md is generated from the rule definitions and must be current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gen_rules_doc.py"


def test_rules_doc_is_current() -> None:
    """The committed docs/rules.md equals what the generator writes now."""
    spec = importlib.util.spec_from_file_location("gen_rules_doc", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUT.read_text(encoding="utf-8") == module.render(), (
        "docs/rules.md is stale: run python scripts/gen_rules_doc.py"
    )
