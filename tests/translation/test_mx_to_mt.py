"""pacs.008 -> MT103: the Ballerina MX->MT pairs, and one case per reverse-mapping rule."""

from __future__ import annotations

import pytest

from qenex_messages import QenexError
from qenex_messages.mt import check_mt, parse_mt103
from qenex_messages.translation import mt103_to_pacs008, pacs008_to_mt103
from tests.conftest import REPO

from .conftest import MT_CORPUS, MX_CORPUS

IN = MX_CORPUS / "ballerina-mx2mt"
OUT = MT_CORPUS / "ballerina-mx2mt"

# pacs.008 input -> expected MT103 of the same Ballerina test (matched by sender, receiver, 20).
PAIRS = {
    "c_105_1_1_CBPRplus_c.105.1.1_pacs.008_AtoB.xml": "001.txt",
    "c_106_2_1_a_CBPRplus_c.106.2.1.a_pacs.008_CtoD.xml": "002.txt",
    "c_52_1_a_CBPRplus_c.52.1.a_pacs.008-AtoB.xml": "003.txt",
    "p_2_1_1_CBPRplus_p.2.1.1_pacs.008-AtoB.xml": "004.txt",
    "p_2_1_2_CBPRplus_p.2.1.2_pacs.008-CtoD.xml": "005.txt",
}


def _fields(text: str) -> list[tuple[str, str]]:
    return [(f.tag, f.value) for f in parse_mt103(text).fields]


@pytest.mark.skipif(not IN.is_dir(), reason="../shared corpus missing")
@pytest.mark.parametrize("xml_name", sorted(PAIRS))
def test_ballerina_pairs(xml_name: str) -> None:
    """Block 4, sender, receiver and UETR equal Ballerina's expected MT103 (their output is an
    output message, ours an input message: the BICs are compared, not the block layout)."""
    result = pacs008_to_mt103((IN / xml_name).read_bytes())
    assert len(result.value) == 1
    ours = parse_mt103(result.value[0])
    expected = parse_mt103((OUT / PAIRS[xml_name]).read_text())
    assert _fields(result.value[0]) == [(f.tag, f.value) for f in expected.fields]
    assert (ours.sender_bic, ours.receiver_bic, ours.uetr) == (
        expected.sender_bic,
        expected.receiver_bic,
        expected.uetr,
    )
    assert [f for f in result.findings if f.is_error] == []


@pytest.mark.skipif(not IN.is_dir(), reason="../shared corpus missing")
@pytest.mark.parametrize("xml_name", sorted(p.name for p in IN.glob("*.xml")))
def test_every_mx2mt_input_gives_valid_mt103(xml_name: str) -> None:
    """Each corpus pacs.008 (.08 and .12) gives MT103s that pass the MT network rules."""
    result = pacs008_to_mt103((IN / xml_name).read_bytes())
    assert result.value
    for text in result.value:
        for report in check_mt(text):
            assert report.errors == [], report.errors


def _pacs(**changes: str) -> bytes:
    """A CBPR+ pacs.008 made from a plain MT103, with text replaced in the XML."""
    from .test_mt_to_mx import mt

    data = mt103_to_pacs008(mt()).value.decode()
    for old, new in changes.items():
        data = data.replace(old, new)
    return data.encode()


def test_notprovided_is_read_as_absent() -> None:
    """EndToEndId NOTPROVIDED writes no /ROC/; default agents come back as 52A/57A."""
    text = pacs008_to_mt103(_pacs()).value[0]
    assert "/ROC/" not in text
    assert ":70:INVOICE 1" in text


def test_long_instruction_id_is_cut_with_plus() -> None:
    """InstrId longer than 16: 15 characters and '+', with a warning located at field 20."""
    data = _pacs(**{"<InstrId>REF-1</InstrId>": "<InstrId>ABCDEFGHIJKLMNOPQRS</InstrId>"})
    result = pacs008_to_mt103(data)
    assert ":20:ABCDEFGHIJKLMNO+" in result.value[0]
    assert any(f.code == "QX420" and f.location.field == "20" for f in result.findings)


def test_transliteration_into_x() -> None:
    """A creditor name outside the X set is transliterated, with a warning."""
    data = _pacs(**{"<Nm>JAN JANSSENS</Nm>": "<Nm>Jürgen Müller &amp; Søn</Nm>"})
    result = pacs008_to_mt103(data)
    assert "Jurgen Muller + Son" in result.value[0]
    assert any(f.code == "QX421" for f in result.findings)


def test_lost_elements_are_reported_by_xpath() -> None:
    """An element MT103 cannot carry (UltmtCdtr) is a warning with its XPath."""
    data = _pacs(**{"</CdtrAcct>": "</CdtrAcct><UltmtCdtr><Nm>X</Nm></UltmtCdtr>"})
    result = pacs008_to_mt103(data)
    lost = [f for f in result.findings if f.code == "QX441"]
    assert [f.location.xpath for f in lost] == ["/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/UltmtCdtr"]


def test_debt_charges_become_one_71g() -> None:
    """ChrgBr DEBT: the charges are summed into one 71G; CRED/SHAR: one 71F each."""
    from .test_mt_to_mx import mt

    xml = mt103_to_pacs008(mt(f71A="OUR", f71G="EUR5,")).value
    assert ":71G:EUR5," in pacs008_to_mt103(xml).value[0]
    xml = mt103_to_pacs008(mt(f71A="SHA", f71F="EUR5,", f33B="EUR1005,")).value
    text = pacs008_to_mt103(xml).value[0]
    assert ":71F:EUR5," in text and ":71G:" not in text


def test_mx_only_codes_go_to_72() -> None:
    """Service level, local instrument and category purpose travel as 72 code words."""
    data = _pacs(
        **{
            "<IntrBkSttlmAmt": "<PmtTpInf><SvcLvl><Cd>NURG</Cd></SvcLvl><LclInstrm><Cd>CORE"
            "</Cd></LclInstrm><CtgyPurp><Cd>SUPP</Cd></CtgyPurp></PmtTpInf><IntrBkSttlmAmt"
        }
    )
    text = pacs008_to_mt103(data).value[0]
    assert ":72:/SVCLVL/NURG\r\n/LOCINS/CORE\r\n/CATPURP/SUPP\r\n" in text


def test_settlement_account_to_53b() -> None:
    """INDA with an account -> 53B:/account; INGA -> 53B:/C/account (METAFCT001 reversed)."""
    from .test_mt_to_mx import mt

    for f53 in ("/12345", "/C/12345"):
        xml = mt103_to_pacs008(mt(f53B=f53)).value
        assert f":53B:{f53}\r\n" in pacs008_to_mt103(xml).value[0]


def test_stp_variant_and_line_ending() -> None:
    """variant='stp' writes {119:STP}; line_ending='\\n' writes LF."""
    result = pacs008_to_mt103(_pacs(), variant="stp", line_ending="\n")
    assert "{119:STP}" in result.value[0]
    assert "\r" not in result.value[0]


def test_bad_arguments_and_input() -> None:
    """An unknown variant raises; unreadable or wrong input gives an error finding."""
    with pytest.raises(QenexError):
        pacs008_to_mt103(_pacs(), variant="fancy")
    result = pacs008_to_mt103(b"<not-xml")
    assert result.value == []
    assert result.findings[0].code == "QX445"


@pytest.mark.parametrize(
    ("regulatory", "reported"),
    [
        ("<Dtls><Inf>ORDERRES DE INVOICE</Inf></Dtls>", 0),
        ("<DbtCdtRptgInd>CRED</DbtCdtRptgInd><Dtls><Inf>ORDERRES DE INVOICE</Inf></Dtls>", 1),
        (
            (
                "<DbtCdtRptgInd>CRED</DbtCdtRptgInd><Authrty><Nm>BUNDESBANK</Nm><Ctry>DE</Ctry>"
                "</Authrty><Dtls><Tp>CRED</Tp><Ctry>DE</Ctry><Cd>123</Cd>"
                "<Inf>ORDERRES DE INVOICE</Inf></Dtls>"
            ),
            1,
        ),
    ],
)
def test_regulatory_reporting_left_out_is_one_finding(regulatory: str, reported: int) -> None:
    """77B carries the Dtls/Inf lines; whatever else RgltryRptg holds is one finding at its
    XPath, not again by the MT writer on field 77B."""
    data = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()
    data = data.replace(
        b"</CdtTrfTxInf>", f"<RgltryRptg>{regulatory}</RgltryRptg></CdtTrfTxInf>".encode()
    )
    out = pacs008_to_mt103(data)
    about = [
        f
        for f in out.findings
        if f.location.field == "77B" or "RgltryRptg" in (f.location.xpath or "")
    ]
    assert len(about) == reported, about
    assert ":77B:ORDERRES DE INVOICE" in out.value[0].splitlines()
