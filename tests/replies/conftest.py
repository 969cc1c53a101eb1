"""Fixtures of the status report tests: originals with planted faults, and an XSD check."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from tests.conftest import skip_without_unpublished_schema

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"

CREATED = "2026-03-02T10:00:00+00:00"


@pytest.fixture
def original(generate: ModuleType) -> Callable[..., bytes]:
    """``original(version, n, *faults)``: the bytes of a generated pain.001 or pacs.008."""

    def make(version: str, transactions: int = 3, *faults: str) -> bytes:
        out = io.BytesIO()
        generate.write_xml(out, version, transactions, list(faults))
        return out.getvalue()

    return make


def xsd_problems(data: bytes, schema_id: str) -> list[str]:
    """The XSD errors of the Document (and AppHdr) in ``data`` against the installed XSDs."""
    from qenex_messages.iso20022 import schemas

    skip_without_unpublished_schema(schema_id)
    root = etree.fromstring(data)
    document = root if etree.QName(root).localname == "Document" else root[-1]
    schema = schemas.load_schema(schema_id)
    problems = [] if schema.validate(document) else [str(e) for e in schema.error_log]
    if document is not root:
        header_schema = schemas.load_schema("head.001.001.02")
        if not header_schema.validate(root[0]):
            problems += [str(e) for e in header_schema.error_log]
    return problems
