"""Fixtures of the translation tests: a schema store with the published XSDs, corpus paths."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from qenex_messages.iso20022 import install_schemas, parse_xml, schema_status
from qenex_messages.rules import check_profile

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
MIRROR = SHARED / "schemas"
MT_CORPUS = SHARED / "corpus" / "mt103"
MX_CORPUS = SHARED / "corpus" / "iso20022"


@pytest.fixture(scope="session", autouse=True)
def schema_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """QENEX_SCHEMA_DIR when it holds every XSD, else a temporary store from the mirror."""
    current = os.environ.get("QENEX_SCHEMA_DIR")
    if current and all(s.state == "installed" for s in schema_status(store=Path(current))):
        yield Path(current)
        return
    if not MIRROR.is_dir():
        pytest.skip("no schema store and no ../shared/schemas mirror")
    store = tmp_path_factory.mktemp("schemas")
    install_schemas(MIRROR, store=store)
    os.environ["QENEX_SCHEMA_DIR"] = str(store)
    try:
        yield store
    finally:
        if current is None:
            os.environ.pop("QENEX_SCHEMA_DIR", None)
        else:
            os.environ["QENEX_SCHEMA_DIR"] = current


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
