"""An AppHdr version without an XSD in the catalog, or not known at all, does not hide the
Document: the Document is checked and parsed, the header is reported as unverified."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from qenex_messages import validate_stream
from qenex_messages.findings import Severity
from qenex_messages.iso20022 import check_xml, parse_document, schemas

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pacs.008.001.08-apphdr.xml"
HEAD_02 = b"urn:iso:std:iso:20022:tech:xsd:head.001.001.02"


def _with_header(namespace: bytes) -> bytes:
    return EXAMPLE.read_bytes().replace(HEAD_02, namespace)


@pytest.mark.parametrize("version", ["head.001.001.01", "head.001.001.03"])
def test_older_and_newer_headers_are_read(version: str) -> None:
    data = _with_header(b"urn:iso:std:iso:20022:tech:xsd:" + version.encode())
    report = check_xml(data)
    assert report.version == "pacs.008.001.08"
    assert not report.errors or schemas.entry(version) is not None, report.findings
    if schemas.entry(version) is None:
        assert "QX317" in report.codes()
    parsed = parse_document(data)
    header = parsed.model.application_header
    assert header is not None
    assert header.from_agent.bic is not None


def test_an_unknown_header_is_a_warning_and_the_document_is_still_checked() -> None:
    data = _with_header(b"urn:example:header")
    data = data.replace(b"<IntrBkSttlmDt>", b"<IntrBkSttlmDt>x", 1)
    report = check_xml(data)
    (unverified,) = [f for f in report.findings if f.code == "QX317"]
    assert not unverified.is_error
    assert any(f.location.xpath and "IntrBkSttlmDt" in f.location.xpath for f in report.errors)
    parsed = parse_document(_with_header(b"urn:example:header"))
    assert "QX317" in {f.code for f in parsed.findings}
    header = parsed.model.application_header
    assert header is not None  # what can be parsed is parsed
    assert header.business_message_id


def test_a_header_version_without_a_public_xsd_is_a_warning_not_a_missing_schema() -> None:
    """head.001.001.03 (Fedwire's AppHdr) has no public copy `schemas install` could fetch: an
    unregistered copy is QX317 at the AppHdr, whole and streamed, saying so; never QX320."""
    item = schemas.entry("head.001.001.03")
    assert item is not None
    assert not item.verifiable
    data = _with_header(b"urn:iso:std:iso:20022:tech:xsd:head.001.001.03")
    whole = check_xml(data).findings
    streamed = list(validate_stream(io.BytesIO(data)))
    for found in (whole, streamed):
        assert [(f.code, f.severity, f.location.xpath) for f in found] == [
            ("QX317", Severity.WARNING, "/AppHdr")
        ]
        assert "no public source of the head.001.001.03 XSD" in found[0].message
        assert "schemas add" in found[0].message
