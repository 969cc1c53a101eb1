"""Regenerate the generated pages under docs/ (the finding-code catalogue)."""

from __future__ import annotations

import sys
from pathlib import Path

from qenex_messages import catalogue

DOCS = Path(__file__).resolve().parents[1] / "docs"


def render() -> dict[Path, str]:
    """Each generated page and its expected content."""
    return {DOCS / "codes.md": catalogue.to_markdown(catalogue.load())}


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
