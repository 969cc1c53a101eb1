"""Every corpus sample: detected; valid ones pass the XSD and round-trip; faults are located."""

from __future__ import annotations

from pathlib import Path

import pytest

from qenex_messages.iso20022 import check_xml, parse_document, render_document
from tests.leaves import model_leaves

from .conftest import CORPUS, corpus_files

FILES = corpus_files()
pytestmark = pytest.mark.skipif(not FILES, reason="no ../shared corpus")
XSD_CODES = {f"QX{n}" for n in range(322, 331)}
# Files SOURCES.md lists as failing the ISO XSD (planted faults, placeholders, stray text).
XSD_INVALID = {
    "ballerina-mt2mx/custom_mt103_a_2014.xml",
    "ballerina-mt2mx/custom_mt103_a_2015.xml",
    "ballerina-mt2mx/custom_mt103_a_2016.xml",
    "ballerina-mt2mx/custom_mt103_fin2.xml",
    "ballerina-mt2mx/custom_mt103_fin3.xml",
    "ballerina-mt2mx/custom_mt103_pacs008.xml",
    "ballerina-mt2mx/pn_01_1_1_mt101_pain_001_A_B.xml",
    "cbpr-ur/2025_CBPR2025.PACS008-MinMax-0023_diff_wrapper_missing_bic_xsd_issue.xml",
    "cbpr-ur/2025_cbprplus_pacs008_sample_xsd_issue.xml",
    "cbpr-ur/2025_cbprplus_pacs008_sequence_addr.xml",
    "iso20022js/cross_river_pain_001_ach_credit.xml",
    "iso20022js/cross_river_pain_001_rtp_credit.xml",
    "iso20022js/goldman_sachs_pain_001_ach_credit.xml",
    "iso20022js/goldman_sachs_pain_001_v3_sepa.xml",
}
NO_ISO_XSD = {
    "moov-io/invalid_pain_v11.xml": "QX311",
    "moov-io/musterfile_pain.001_Nov2020.xml": "QX312",
    "php-sepa-xml/pain.001.003.03.xml": "QX313",
    "prowide/pacs.008.001.07.xml": "QX313",
}


def name(path: Path) -> str:
    return str(path.relative_to(CORPUS))


@pytest.mark.parametrize("path", FILES, ids=name)
def test_sample(path: Path) -> None:
    """Detection, XSD verdict as recorded in SOURCES.md, locations, and the round trip."""
    key = name(path)
    data = path.read_bytes()
    report = check_xml(data, source=key)
    if key in NO_ISO_XSD:
        assert NO_ISO_XSD[key] in report.codes()
        return
    expected_type = "pain.001" if "pain" in report.version else "pacs.008"  # type: ignore[operator]
    assert report.message_type == expected_type
    xsd_errors = [f for f in report.errors if f.code in XSD_CODES]
    if key in XSD_INVALID:
        assert xsd_errors, report.findings
        assert all(f.location.line and f.location.xpath for f in xsd_errors)
        assert all(f.location.xpath.startswith(("/Document", "/AppHdr")) for f in xsd_errors)
        return
    assert not xsd_errors, [str(f) for f in xsd_errors]
    for finding in report.errors:
        assert finding.location.line and finding.location.xpath, str(finding)
    # Reading is lenient: every XSD-valid file reads, whatever its identifiers hold.
    parsed = parse_document(data, source=key)
    assert parsed.info.version == report.version
    rendered = render_document(parsed.model, report.version)  # type: ignore[arg-type]
    assert rendered.ok, [str(f) for f in rendered.findings]
    # The output keeps the values as read: it has the input's problems and no new one.
    assert set(check_xml(rendered.value).codes()) <= set(report.codes())
    again = parse_document(rendered.value)
    model = parsed.model
    if model.application_header is not None:
        fixed = model.application_header.model_copy(
            update={"message_definition_id": report.version}
        )
        model = model.model_copy(update={"application_header": fixed})
    # parse -> render -> parse gives the same model, except values the renderer says it replaced.
    replaced = {f.location.xpath.rsplit("/", 1)[-1] for f in rendered.findings if f.code == "QX385"}
    lost = model_leaves(model) - model_leaves(again.model)
    gained = model_leaves(again.model) - model_leaves(model)
    named = {"NbOfTxs": "number_of_transactions", "CtrlSum": "control_sum"}
    allowed = {named[r] for r in replaced if r in named}
    assert {p.rsplit(".", 1)[-1] for p, _ in lost + gained} <= allowed, (lost, gained)


def test_kept_elements_are_reported() -> None:
    """Elements without a model field are kept verbatim and noted (nothing read is lost)."""
    path = CORPUS / "pacs008" / "pacs.008.001.13.xml"
    parsed = parse_document(path.read_bytes())
    notes = {f.location.xpath for f in parsed.findings if f.code == "QX350"}
    assert "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/MndtRltdInf" in notes
    [kept] = parsed.model.transactions[0].supplementary_data
    assert kept.origin == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/MndtRltdInf"
    assert "<MndtId>MNDT-CORE</MndtId>" in kept.content
