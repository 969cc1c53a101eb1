"""Fixtures of the translation tests: a schema store with the published XSDs, corpus paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from qenex_messages.iso20022 import parse_xml
from qenex_messages.rules import check_profile

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
MIRROR = SHARED / "schemas"
MT_CORPUS = SHARED / "corpus" / "mt103"
MX_CORPUS = SHARED / "corpus" / "iso20022"


def tree(data: bytes) -> etree._Element:
    """The root element of ``data`` (parsed with the library's safe parser)."""
    parsed = parse_xml(data)
    assert parsed.value is not None, parsed.findings
    return parsed.value.getroot()


def cbpr_errors(data: bytes) -> list[str]:
    """The error findings of the cbpr+ profile for ``data``, as text."""
    return [str(f) for f in check_profile(tree(data), "cbpr+") if f.is_error]


def first(root: etree._Element, path: str) -> str | None:
    """The text of the first element at ``path`` (``/``-separated local names, ``@Ccy`` ok)."""
    steps = [s for s in path.split("/") if s]
    attribute = steps.pop()[1:] if steps and steps[-1].startswith("@") else None
    xpath = ".//" + "/".join(f"*[local-name()='{s}']" for s in steps)
    found = root.xpath(xpath)
    if not found:
        return None
    element = found[0]
    value = element.get(attribute) if attribute else element.text
    return value.strip() if isinstance(value, str) else None


@pytest.fixture(scope="session", autouse=True)
def _installed_schemas(schema_store: Path) -> Path:
    """Every test here validates against the installed XSDs."""
    return schema_store
