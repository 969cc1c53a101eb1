"""XSD findings: located, with an indexed readable XPath and a plain message."""

from __future__ import annotations

from qenex_messages.iso20022 import check_xml, render_document

from .conftest import interbank


def rendered(n: int = 2) -> bytes:
    outcome = render_document(interbank(n), "pacs.008.001.08", header=False)
    assert outcome.ok, outcome.findings
    return outcome.value


def test_valid_document_has_no_findings() -> None:
    """A rendered document passes the XSD and the checks."""
    report = check_xml(rendered(), source="ok.xml")
    assert report.findings == []
    assert (report.message_type, report.version) == ("pacs.008", "pacs.008.001.08")


def test_too_long_end_to_end_id() -> None:
    """maxLength: plain message, exact line and the second transaction's path."""
    data = rendered().replace(b"<EndToEndId>E2E-1<", b"<EndToEndId>" + b"X" * 42 + b"<")
    report = check_xml(data, source="long.xml")
    [finding] = report.errors
    assert finding.code == "QX324"
    assert finding.message == "EndToEndId is 42 characters, at most 35 allowed"
    assert finding.location.xpath == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/PmtId/EndToEndId"
    line = data[: data.index(b"X" * 42)].count(b"\n") + 1
    assert finding.location.line == line


def test_iban_pattern() -> None:
    """pattern: the value and the pattern are named."""
    data = rendered(1).replace(b"DE89370400440532013000", b"de8937040044")
    messages = [f.message for f in check_xml(data).errors if f.code == "QX325"]
    assert messages == [
        "IBAN 'de8937040044' does not match the IBAN pattern [A-Z]{2,2}[0-9]{2,2}[a-zA-Z0-9]{1,30}"
    ]


def test_missing_and_unexpected_elements() -> None:
    """Missing mandatory element and an element out of order."""
    data = rendered(1)
    missing = data.replace(b"<MsgId>MSG-1</MsgId>", b"")
    [finding] = [f for f in check_xml(missing).errors if f.code.startswith("QX32")]
    assert finding.code == "QX323"
    assert "unexpected element CreDtTm; expected MsgId" in finding.message
    empty_ids = data.replace(b"<EndToEndId>E2E-0</EndToEndId>", b"")
    messages = [f.message for f in check_xml(empty_ids).errors]
    assert any("expected" in m and "EndToEndId" in m for m in messages)


def test_bad_code_and_date() -> None:
    """enumeration and atomic type errors."""
    data = rendered(1).replace(b"<ChrgBr>SHAR<", b"<ChrgBr>XXXX<")
    [finding] = check_xml(data).errors
    assert finding.code == "QX326"
    assert finding.message.startswith("ChrgBr 'XXXX' is not one of the allowed codes: ")
    data = rendered(1).replace(b"<IntrBkSttlmDt>2026-01-15<", b"<IntrBkSttlmDt>2026-02-30<")
    assert "QX327" in check_xml(data).codes()
