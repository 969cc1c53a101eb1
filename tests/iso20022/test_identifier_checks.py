"""check_xml reports every identifier check that reading or a profile makes: LEI, RF, BBAN."""

from __future__ import annotations

from pathlib import Path

import pytest

from qenex_messages.iso20022 import check_xml

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pacs.008.001.08-apphdr.xml"


def _debtor_lei(lei: str) -> bytes:
    ident = f"</PstlAdr>\n<Id><OrgId><LEI>{lei}</LEI></OrgId></Id>".encode()
    return EXAMPLE.read_bytes().replace(b"</PstlAdr>", ident, 1)


def _creditor_reference(ref: str) -> bytes:
    structured = (
        "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
        f"<Ref>{ref}</Ref></CdtrRefInf></Strd></RmtInf>"
    ).encode()
    return EXAMPLE.read_bytes().replace(b"</RmtInf>", structured, 1)


def test_lei_check_digits_are_validated() -> None:
    assert "QX110" not in check_xml(_debtor_lei("529900T8BM49AURSDO55")).codes()
    bad = check_xml(_debtor_lei("529900T8BM49AURSDO56"))
    (finding,) = [f for f in bad.findings if f.code == "QX110"]
    assert finding.location.xpath == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Dbtr/Id/OrgId/LEI"


@pytest.mark.parametrize(
    ("ref", "code"), [("RF18539007547034", None), ("RF17539007547034", "QX112")]
)
def test_iso11649_creditor_references_are_validated(ref: str, code: str | None) -> None:
    report = check_xml(_creditor_reference(ref))
    found = [f for f in report.findings if f.code in ("QX111", "QX112")]
    assert [f.code for f in found] == ([code] if code else [])
    assert all(not f.is_error for f in found)
