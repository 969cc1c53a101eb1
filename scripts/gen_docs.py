"""Regenerate the generated pages under docs/ (the finding-code catalogue, the rulebooks) and
the JSON Schema of the JSON report, schemas/report.schema.json.

Usage: python scripts/gen_docs.py [--check]   (--check exits 1 when a page is stale)
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from qenex_messages import catalogue, replies
from qenex_messages.columnar import schema
from qenex_messages.report_json import report_schema

DOCS = Path(__file__).resolve().parents[1] / "docs"
SCHEMAS = DOCS.parent / "schemas"


def _rules_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_rules_doc", Path(__file__).with_name("gen_rules_doc.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render() -> dict[Path, str]:
    """Each generated page and its expected content."""
    return {
        DOCS / "codes.md": catalogue.to_markdown(catalogue.load()),
        DOCS / "rules.md": _rules_generator().render(),
        DOCS / "status-reasons.md": replies.table_markdown(),
        SCHEMAS / "report.schema.json": json.dumps(report_schema(), indent=2) + "\n",
        DOCS / "scale-out.md": schema.refreshed(DOCS / "scale-out.md"),
    }


def main() -> int:
    """Write the pages; with ``--check`` only report whether they are current."""
    check = "--check" in sys.argv[1:]
    stale = []
    for path, text in render().items():
        if path.exists() and path.read_text("utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, "utf-8")
    for path in stale:
        print(f"{'stale' if check else 'wrote'}: {path}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
