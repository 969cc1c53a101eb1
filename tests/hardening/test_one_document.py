"""Property: one rule locates the Document (and the AppHdr) for every entry point. A second one
is an error finding (QX318) everywhere, never a message that one reader sees and another hides."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from qenex_messages import (
    MessageError,
    check_xml,
    iter_transactions,
    pacs008_to_mt103,
    parse_document,
    validate_bytes,
    validate_stream,
)
from qenex_messages.iso20022.codes import SECOND_ELEMENT

REPO = Path(__file__).resolve().parents[2]
PACS = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()
_DOCUMENT = re.search(rb"<Document.*</Document>", PACS, re.S)
assert _DOCUMENT is not None
SECOND_DOCUMENT = PACS.replace(b"</BusinessMessage>", _DOCUMENT[0] + b"\n</BusinessMessage>")
_HEADER = re.search(rb"<AppHdr.*</AppHdr>", PACS, re.S)
assert _HEADER is not None
SECOND_HEADER = PACS.replace(b"</BusinessMessage>", _HEADER[0] + b"\n</BusinessMessage>")


def _has_second(findings: object) -> bool:
    return any(f.code == SECOND_ELEMENT.code for f in findings)  # type: ignore[attr-defined]


@pytest.mark.parametrize("data", [SECOND_DOCUMENT, SECOND_HEADER], ids=["Document", "AppHdr"])
def test_a_second_element_is_an_error_everywhere(data: bytes) -> None:
    report = check_xml(data)
    assert not report.ok and _has_second(report.findings)
    assert _has_second(f for r in validate_bytes(data, source="m") for f in r.findings)
    assert _has_second(validate_stream(io.BytesIO(data)))
    with pytest.raises(MessageError) as caught:
        parse_document(data)
    assert _has_second(caught.value.findings)
    with pytest.raises(MessageError) as caught:
        list(iter_transactions(io.BytesIO(data)))
    assert _has_second(caught.value.findings)
    translated = pacs008_to_mt103(data)
    assert _has_second(translated.findings) and not translated.value


def test_one_document_has_no_such_finding() -> None:
    assert not _has_second(check_xml(PACS).findings)
    assert len(list(iter_transactions(io.BytesIO(PACS)))) == 1
