"""Checks beyond the XSD, each with a passing and a failing case."""

from __future__ import annotations

from pathlib import Path

from qenex_messages.iso20022 import check_xml, render_document

from .conftest import initiation, interbank


def pain(n: int = 2) -> bytes:
    outcome = render_document(initiation(n), "pain.001.001.09")
    assert outcome.ok
    return outcome.value


def pacs(n: int = 2) -> bytes:
    outcome = render_document(interbank(n), "pacs.008.001.08", header=False)
    assert outcome.ok
    return outcome.value


def test_clean_messages_pass() -> None:
    """Rendered messages have consistent counts, sums and ids."""
    assert check_xml(pain()).findings == []
    assert check_xml(pacs()).findings == []


def test_group_and_block_counts() -> None:
    """NbOfTxs at group and payment-information level."""
    data = pain().replace(b"<NbOfTxs>2</NbOfTxs>", b"<NbOfTxs>3</NbOfTxs>")
    found = [f for f in check_xml(data).errors if f.code == "QX340"]
    assert [f.location.xpath for f in found] == [
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/NbOfTxs",
        "/Document/CstmrCdtTrfInitn/GrpHdr/NbOfTxs",
    ]


def test_a_count_in_other_digits_is_an_xsd_finding_not_a_crash() -> None:
    """NbOfTxs written with a superscript or Arabic-Indic digit (``str.isdigit`` says yes,
    ``int`` refuses the first) is not read as a count: the XSD pattern reports it."""
    for digit in ("\u00b2", "\u0663"):
        data = pain().replace(b"<NbOfTxs>2</NbOfTxs>", f"<NbOfTxs>{digit}</NbOfTxs>".encode(), 1)
        report = check_xml(data)
        assert report.errors
        assert "QX340" not in {f.code for f in report.findings}


def test_control_sum() -> None:
    """CtrlSum mismatch names both numbers."""
    data = pain().replace(b"<CtrlSum>24.68</CtrlSum>", b"<CtrlSum>24.69</CtrlSum>", 1)
    [finding] = [f for f in check_xml(data).errors if f.code == "QX341"]
    assert finding.message == "GrpHdr CtrlSum says 24.69 but the amounts add up to 24.68"


def test_duplicate_ids() -> None:
    """A repeated InstrId is an error, a repeated EndToEndId a warning."""
    data = pacs().replace(b"INSTR-1", b"INSTR-0").replace(b"E2E-1", b"E2E-0")
    report = check_xml(data)
    assert [(f.code, f.severity.value) for f in report.findings] == [
        ("QX342", "error"),
        ("QX342", "warning"),
    ]


def test_identifiers_and_amounts() -> None:
    """IBAN checksum, BIC country, JPY decimals and a non-v4 UETR."""
    data = (
        pacs(1)
        .replace(b"GB29NWBK60161331926819", b"GB28NWBK60161331926819")
        .replace(b"COBADEFF", b"COBAXXFF")
        .replace(b'Ccy="EUR">1000.50', b'Ccy="JPY">1000.50')
        .replace(b"eb6305c9-1f7f-49de", b"eb6305c9-1f7f-19de")
    )
    codes = check_xml(data).codes()
    for code in ("QX102", "QX107", "QX115", "QX113"):
        assert code in codes


def test_total_interbank_amount() -> None:
    """TtlIntrBkSttlmAmt must equal the sum of the transactions."""
    data = pacs(1).replace(
        b"<NbOfTxs>1</NbOfTxs>",
        b'<NbOfTxs>1</NbOfTxs><TtlIntrBkSttlmAmt Ccy="EUR">5</TtlIntrBkSttlmAmt>',
    )
    assert "QX344" in check_xml(data).codes()


def test_amount_elements_cover_every_amount_type_in_the_xsds(schema_store: Path) -> None:
    """The amount check walks elements by name; the list must match the XSDs' amount types.
    Over the installed XSDs: every amount element they declare is in the list; with every
    catalog XSD installed (a mirror has them all), the list holds nothing else."""
    from lxml import etree

    from qenex_messages.iso20022.checks import AMOUNT_ELEMENTS
    from qenex_messages.iso20022.schemas import schema_status

    xs = {"xs": "http://www.w3.org/2001/XMLSchema"}
    found: set[str] = set()
    messages = [s for s in schema_status(store=schema_store) if not s.id.startswith("head.")]
    installed = [s for s in messages if s.state == "installed"]
    for status in installed:
        tree = etree.parse(str(status.path))
        amount_types = set(
            tree.xpath(
                "//xs:complexType[xs:simpleContent/xs:extension/xs:attribute[@name='Ccy']]/@name",
                namespaces=xs,
            )
        )
        found.update(
            el.get("name")
            for el in tree.xpath("//xs:element", namespaces=xs)
            if el.get("type") in amount_types
        )
    assert found <= AMOUNT_ELEMENTS, sorted(found - AMOUNT_ELEMENTS)
    if len(installed) == len(messages):
        assert found == AMOUNT_ELEMENTS
