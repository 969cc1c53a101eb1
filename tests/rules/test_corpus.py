"""Corpus: CBPR+ examples pass the cbpr+ profile (as of their creation date); planted-fault files
fail with the rule their name names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qenex_messages.codes import lookup
from qenex_messages.iso20022 import parse_xml
from qenex_messages.rules import check_profile, select_profile

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "iso20022"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared corpus not present")

# Planted faults: file name part -> rules that must report.
PLANTED = {
    "missing_bic_xsd_issue": {"CBPR-BIC"},
    "sample_bic_mismatch": {"CBPR-FROM-TO"},
    "dodgy_IBAN_and_bic_mismatch": {"CBPR-IBAN", "CBPR-FROM-TO"},
    "violates_pacs.008-R41_commodity_currency_XAU": {"CBPR-CCY"},
    "violates_pain.001-R3_msgdefidr_mismatch": {"CBPR-MSGDEF"},
    "violates_pain.001-R8_existing": {"CBPR-PAIN001"},
}
# Examples that are clean CBPR+ under the release in force on their creation date.
CLEAN = [
    "cbpr-ur/2025_CBPR2025.PACS008-MinMax-0023.xml",
    "cbpr-ur/2025_cbprplus_pacs008_2025.xml",
    "cbpr-ur/2025_cbprplus_pacs008_sequence_addr.xml",
    "cbpr-ur/2026_cbprplus_pacs008_2026.xml",
    "ballerina-mx2mt/c_105_1_1_CBPRplus_c.105.1.1_pacs.008_AtoB.xml",
    "ballerina-mx2mt/c_106_2_1_a_CBPRplus_c.106.2.1.a_pacs.008_AtoB.xml",
    "ballerina-mx2mt/c_53_5_CBPRplus_c.53.5_pacs.008_AtoB.xml",
]


def _load(path: Path) -> tuple[object, date | None]:
    out = parse_xml(path.read_bytes(), source=path.name)
    assert out.value is not None, out.findings
    root = out.value.getroot()
    created = next((e.text for e in root.iter("{*}CreDt")), None)
    return root, date.fromisoformat(created[:10]) if created else None


@pytest.mark.parametrize("name", CLEAN)
def test_cbpr_examples_pass(name: str) -> None:
    """Clean CBPR+ examples raise no error under the release of their creation date."""
    root, created = _load(CORPUS / name)
    errors = [f for f in check_profile(root, "cbpr+", as_of=created) if f.is_error]  # type: ignore[arg-type]
    assert not errors, [str(f) for f in errors]
    assert select_profile(root).profile == "cbpr+"  # type: ignore[arg-type]


@pytest.mark.parametrize("part", sorted(PLANTED))
def test_planted_faults_fail(part: str) -> None:
    """Every planted-fault file reports the rule its name names."""
    paths = [p for p in CORPUS.glob("cbpr-ur/*.xml") if part in p.name]
    assert paths
    for path in paths:
        root, created = _load(path)
        codes = {f.code for f in check_profile(root, "cbpr+", as_of=created)}  # type: ignore[arg-type]
        assert PLANTED[part] <= codes, (path.name, codes)


def test_whole_corpus_never_raises() -> None:
    """Every parseable corpus file runs through every profile without an exception."""
    for path in sorted(CORPUS.glob("*/*.xml")):
        out = parse_xml(path.read_bytes(), source=path.name)
        if out.value is None:
            continue
        for profile in ("sepa", "sepa-inst", "cbpr+"):
            for finding in check_profile(out.value.getroot(), profile, source=path.name):
                assert lookup(finding.code) is not None, finding  # a registered, documented code
                assert finding.location.source == path.name
                assert finding.location.xpath, finding  # every rule finding says where


def test_sepa_selection() -> None:
    """SEPA-shaped pain.001 files select the sepa profile; a SEPA .09 file is nearly clean."""
    root, _ = _load(
        CORPUS / "pain001/de_sepa-credit-transfer_de.sepa.sct-salary.pain.001.001.09.xml"
    )
    assert select_profile(root).profile == "sepa"  # type: ignore[arg-type]
    codes = {f.code for f in check_profile(root, "sepa") if f.is_error}  # type: ignore[arg-type]
    assert codes == {"SEPA-CHARSET"}  # the salary file has umlauts in names


# Folder -> the profile --profile auto must choose for every file in it (HVPS+ files excepted:
# they carry an AppHdr and UETR but settle CLRG through a market infrastructure, not CBPR+).
AUTO = {
    "cbpr-ur": "cbpr+",
    "cbpr-usage-rules": "cbpr+",
    "ballerina-mt2mx": "cbpr+",
    "ballerina-mx2mt": "cbpr+",
    "php-sepa-xml": "sepa",
    "pacs008": None,
}


@pytest.mark.parametrize("folder", sorted(AUTO))
def test_auto_profile_over_the_corpus(folder: str) -> None:
    """Every file of a CBPR+ folder selects cbpr+ (the min examples have no BizSvc: their header
    and structure decide), every SEPA file sepa, and plain pacs.008 samples no rulebook."""
    paths = sorted((CORPUS / folder).glob("*.xml"))
    assert paths
    for path in paths:
        out = parse_xml(path.read_bytes(), source=path.name)
        if out.value is None:
            continue
        choice = select_profile(out.value.getroot())  # type: ignore[arg-type]
        expected = None if "_HVPS_" in path.name else AUTO[folder]
        assert choice.profile == expected, (path.name, choice.finding.message)
