"""XSD findings: located, with an indexed readable XPath and a plain message."""

from __future__ import annotations

from lxml import etree

from qenex_messages.iso20022 import check_xml, render_document, xsd
from qenex_messages.iso20022.schemas import load_schema
from qenex_messages.iso20022.xsd import translate_error

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


def test_iban_pattern_is_one_finding() -> None:
    """pattern and IBAN check on one value: one finding, the IBAN check, naming the XSD code."""
    data = rendered(1).replace(b"DE89370400440532013000", b"de8937040044")
    [finding] = check_xml(data).errors
    assert finding.code == "QX103"
    assert finding.args["also"] == "QX325"
    assert finding.message.endswith("(also QX325)")


def test_pattern_keeps_its_quantifiers() -> None:
    """A pattern's {m,n} quantifiers are shown, in element and attribute messages alike."""
    data = rendered(1).replace(b"<MsgId>MSG-1</MsgId>", b"<MsgId>" + b"M" * 36 + b"</MsgId>")
    code, message, _ = translate_error(
        "Element 'IntrBkSttlmAmt', attribute 'Ccy': [facet 'pattern'] The value 'eur' is not "
        "accepted by the pattern '[A-Z]{3,3}'."
    )
    assert code.code == "QX329"
    assert message == "IntrBkSttlmAmt attribute Ccy 'eur' does not match the pattern [A-Z]{3,3}"
    code, message, _ = translate_error(
        "Element '{urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08}BICFI': [facet 'pattern'] The "
        "value 'X' is not accepted by the pattern '[A-Z0-9]{4,4}[A-Z]{2,2}'."
    )
    assert message == "BICFI 'X' does not match the BICFI pattern [A-Z0-9]{4,4}[A-Z]{2,2}"
    assert "MsgId is 36 characters" in check_xml(data).errors[0].message


def test_findings_carry_a_column() -> None:
    """XSD and check findings point at the start tag's column, as parse errors do."""
    data = rendered(1).replace(b"<ChrgBr>SHAR<", b"<ChrgBr>XXXX<")
    [finding] = check_xml(data).errors
    line = data.splitlines()[finding.location.line - 1]  # type: ignore[operator]
    assert finding.location.column == line.index(b"<ChrgBr>") + 1
    bad_bic = rendered(1).replace(b"<BICFI>COBADEFFXXX<", b"<BICFI>COBADEFF1<", 1)
    for each in check_xml(bad_bic).errors:
        line = bad_bic.splitlines()[each.location.line - 1]  # type: ignore[operator]
        assert each.location.column == line.index(b"<BICFI>") + 1


def test_element_out_of_order_says_where_it_belongs() -> None:
    """'nothing more is allowed here' becomes which sibling the element must come before."""
    data = rendered(1).replace(
        b"<TwnNm>Berlin</TwnNm>\n          <Ctry>DE</Ctry>",
        b"<Ctry>DE</Ctry>\n          <AdrLine>Hof 2</AdrLine><TwnNm>Berlin</TwnNm>",
    )
    [finding] = check_xml(data).errors
    assert finding.code == "QX323"
    assert finding.message == "unexpected element TwnNm: TwnNm must come before Ctry"
    tree = etree.fromstring(data)
    before = etree.tostring(tree)
    xsd.validate(tree, load_schema("pacs.008.001.08"))
    assert etree.tostring(tree) == before  # the trial moves leave the tree as it was


def test_non_breaking_space_indentation_is_one_finding() -> None:
    """NBSP indentation: one QX330 naming U+00A0 and its first line, not one per element."""
    plain = rendered(2)
    lines = plain.decode().split("\n")
    indented = "\n".join(
        "\u00a0" * (len(x) - len(x.lstrip(" "))) + x.lstrip(" ") for x in lines
    ).encode()
    report = check_xml(indented, source="nbsp.xml")
    [finding] = report.findings
    assert finding.code == "QX330"
    assert "U+00A0 NO-BREAK SPACE" in finding.message
    first = next(i for i, x in enumerate(lines, 1) if x.startswith(" "))
    assert (finding.location.line, finding.location.column) == (first, 1)
    holders = int(finding.args["elements"])
    assert holders > 20
    assert f"{holders} elements hold it" in finding.message


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
    [finding] = check_xml(data).findings
    assert (finding.code, finding.args["also"]) == ("QX343", "QX327")
