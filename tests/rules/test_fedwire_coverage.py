"""Every restriction the Fedwire pacs.008 guideline XSD adds to the ISO pacs.008.001.08 XSD is
claimed by a Fedwire rule: the test derives the restrictions from the two XSDs themselves (an
element removed, its occurrences changed, its type narrowed) at every path of the message, and
looks each up in the table of claims below, whose rules must exist. A restriction the table does
not claim fails the test, so a new guideline release cannot slip one past the rules. (The
failing examples that prove each claimed rule against the guideline XSD are in
test_fedwire_guideline.py.)"""

from __future__ import annotations

import re
from functools import cache

import pytest
from lxml import etree

import qenex_messages.rules  # noqa: F401  (registers the rules)
from qenex_messages.rule_record import all_rules
from tests.conftest import SHARED

XS = "{http://www.w3.org/2001/XMLSchema}"
GUIDELINE = SHARED / "schemas" / "fedwire"
ISO = SHARED / "schemas" / "iso20022" / "pacs.008.001.08.xsd"
_AGENT = r"(ChrgsInf/Agt|PrvsInstgAgt[123]|IntrmyAgt[123]|DbtrAgt|CdtrAgt)"
_PARTY = r"(UltmtDbtr|InitgPty|Dbtr|Cdtr|UltmtCdtr|RmtInf/Strd/(Invcr|Invcee|GrnshmtRmt/Grn\w+))"
_OTHER_ADDRESS = (
    r"((UltmtDbtr|InitgPty|UltmtCdtr|RmtInf/Strd/(Invcr|Invcee|GrnshmtRmt/Grn\w+))/PstlAdr"
    r"|RltdRmtInf/RmtLctnDtls/PstlAdr/Adr)"
)
"""Where the guideline uses PostalAddress24__2."""
CLAIMS: tuple[tuple[str, str], ...] = (
    (r"occurs /CdtTrfTxInf", "FEDWIRE-ONE-TX"),
    (r"value /GrpHdr/NbOfTxs", "FEDWIRE-ONE-TX"),
    (r"value /GrpHdr/MsgId", "FEDWIRE-IMAD"),
    (r"(value|occurs|removed) /GrpHdr/SttlmInf/(SttlmMtd|ClrSys(/Cd|/Prtry)?)", "FEDWIRE-STTLM"),
    (r"removed /GrpHdr/SttlmInf/\w+", "FEDWIRE-STTLM-UNUSED"),
    (r"removed /GrpHdr/\w+", "FEDWIRE-GRPHDR-UNUSED"),
    (r"removed (/CdtTrfTxInf)?/SplmtryData", "FEDWIRE-SPLMTRYDATA"),
    (r"occurs /CdtTrfTxInf/PmtId/UETR", "FEDWIRE-PMTID"),
    (
        r"(occurs|value|removed) /CdtTrfTxInf/PmtTpInf(/LclInstrm(/Prtry|/Cd)?)?",
        "FEDWIRE-LCLINSTRM",
    ),
    (r"occurs /CdtTrfTxInf/PmtTpInf/SvcLvl", "FEDWIRE-SVCLVL"),
    (r"value /CdtTrfTxInf/IntrBkSttlmAmt", "FEDWIRE-AMOUNT"),
    (r"occurs /CdtTrfTxInf/IntrBkSttlmDt", "FEDWIRE-STTLMDT"),
    (r"occurs /CdtTrfTxInf/InstdAmt", "FEDWIRE-INSTDAMT"),
    (r"occurs /CdtTrfTxInf/(InstgAgt|InstdAgt)", "FEDWIRE-AGENTS"),
    (r"(occurs|value|removed) /CdtTrfTxInf/(InstgAgt|InstdAgt)/FinInstnId/.+", "FEDWIRE-AGENT-ID"),
    (r"removed /CdtTrfTxInf/(InstgAgt|InstdAgt)/BrnchId", "FEDWIRE-AGENT-UNUSED"),
    (rf"removed /CdtTrfTxInf/{_AGENT}/(BrnchId(/\w+)?|FinInstnId/Othr)", "FEDWIRE-AGENT-UNUSED"),
    (
        rf"(occurs|removed) /CdtTrfTxInf/{_AGENT}/FinInstnId/ClrSysMmbId/ClrSysId(/Prtry)?",
        "FEDWIRE-CLRSYSID",
    ),
    (
        r"removed /CdtTrfTxInf/(PmtId/ClrSysRef|PmtTpInf/ClrChanl|SttlmPrty|SttlmTmIndctn)",
        "FEDWIRE-TX-UNUSED",
    ),
    (r"removed /CdtTrfTxInf/(SttlmTmReq|PoolgAdjstmntDt|InstrForNxtAgt|Tax)", "FEDWIRE-TX-UNUSED"),
    (r"removed /CdtTrfTxInf/.*/AdrTp", "FEDWIRE-ADRTP"),
    (rf"removed /CdtTrfTxInf/{_PARTY}/CtctDtls", "FEDWIRE-CTCTDTLS"),
    (rf"occurs /CdtTrfTxInf/{_PARTY}/Id/(OrgId|PrvtId)/Othr", "FEDWIRE-PARTY-OTHR"),
    (
        rf"(occurs|value) /CdtTrfTxInf/(Dbtr|Cdtr|{_AGENT}/FinInstnId)/PstlAdr/AdrLine",
        "FEDWIRE-ADRLINE",
    ),
    (
        rf"occurs /CdtTrfTxInf/{_OTHER_ADDRESS}/(AdrLine|TwnNm|Ctry)",
        "FEDWIRE-OTHER-ADR",
    ),
    (r"occurs /CdtTrfTxInf/InstrForCdtrAgt", "FEDWIRE-INSTRFORCDTRAGT"),
    (r"occurs /CdtTrfTxInf/RltdRmtInf(/RmtLctnDtls)?", "FEDWIRE-RLTDRMTINF"),
    (r"occurs /CdtTrfTxInf/RmtInf/Ustrd", "FEDWIRE-USTRD"),
    (r"value /CdtTrfTxInf/RmtInf/Strd/RfrdDocInf/LineDtls/Desc", "FEDWIRE-LINE-DESC"),
)
"""Which rule claims each restriction (kind and path below FIToFICstmrCdtTrf)."""


def _base(name: str) -> str:
    return re.sub(r"__\d+$", "", name)


@cache
def restrictions() -> tuple[str, ...]:
    """'kind path' for each restriction of the guideline against the ISO XSD."""
    if not GUIDELINE.is_dir() or not ISO.is_file():
        pytest.skip("the guideline and ISO XSDs are only in ../shared/schemas")
    (path,) = GUIDELINE.glob("*CustomerCreditTransfer_pacs_008_001_08_*.xsd")
    guideline = {e.get("name"): e for e in etree.parse(str(path)).getroot()}
    iso = {e.get("name"): e for e in etree.parse(str(ISO)).getroot()}
    found: set[str] = set()

    def children(node: etree._Element | None) -> dict[str, etree._Element]:
        return {} if node is None else {e.get("name"): e for e in node.iter(f"{XS}element")}

    def walk(type_name: str, where: str, depth: int) -> None:
        node = guideline.get(type_name)
        if node is None or node.tag != f"{XS}complexType" or depth > 12:
            return
        ours, theirs = children(node), children(iso.get(_base(type_name)))
        found.update(f"removed {where}/{name}" for name in theirs if name not in ours)
        for name, el in ours.items():
            other = theirs.get(name)
            here = f"{where}/{name}"
            if other is not None:
                occurs = [(e.get("minOccurs", "1"), e.get("maxOccurs", "1")) for e in (el, other)]
                if occurs[0] != occurs[1]:
                    found.add(f"occurs {here}")
                renamed = _base(el.get("type") or "") != other.get("type")
                if renamed or _narrowed(guideline.get(el.get("type")), iso.get(other.get("type"))):
                    found.add(f"value {here}")
            walk(el.get("type") or "", here, depth + 1)

    walk("FIToFICustomerCreditTransferV08", "", 0)
    return tuple(sorted(found))


def _narrowed(ours: etree._Element | None, theirs: etree._Element | None) -> bool:
    if ours is None or ours.tag != f"{XS}simpleType":
        return False
    if theirs is None:
        return True
    return etree.tostring(ours.find(f"{XS}restriction")) != etree.tostring(
        theirs.find(f"{XS}restriction")
    )


def test_every_guideline_restriction_is_claimed_by_a_rule() -> None:
    """Each restriction matches a claim; each claim names a Fedwire rule that exists."""
    rules = {r.id for r in all_rules("fedwire")}
    unclaimed = [
        found
        for found in restrictions()
        if not any(re.fullmatch(pattern, found) for pattern, _ in CLAIMS)
    ]
    assert unclaimed == []
    assert {rule for _, rule in CLAIMS} <= rules


def test_every_claim_is_used() -> None:
    """No claim is left over from an older guideline: each matches a restriction."""
    found = restrictions()
    unused = [p for p, _ in CLAIMS if not any(re.fullmatch(p, f) for f in found)]
    assert unused == []
    assert len(found) > 100
