"""One passing and one failing case per rule, from the pass/fail values of docs/rulebooks.

Each case starts from a valid document (``docs.py``) and breaks one thing with a text replacement.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from qenex_messages.findings import Severity
from qenex_messages.rules import cbpr, check_profile, clock, rules_for, sepa
from tests.rules.docs import CBPR_PACS, CBPR_PAIN, SEPA_PACS, SEPA_PAIN, SEPA_PAIN_03, parse

E, W = Severity.ERROR, Severity.WARNING
OLD = date(2023, 6, 1)
CHECKED_ON = date(2026, 11, 26)
"""The date the example documents were written for (their execution dates follow it)."""

# (rule, profile, document, text to replace, replacement, as_of, expected severity)
CASES = [
    ("SEPA-CHARSET", "sepa", SEPA_PAIN, "<Nm>Dupont SA</Nm>", "<Nm>Müller &amp; Co</Nm>", None, E),
    ("SEPA-ID", "sepa", SEPA_PAIN, "<EndToEndId>E2E-1<", "<EndToEndId>/INV//1<", None, E),
    ("SEPA-EUR", "sepa", SEPA_PAIN, 'Ccy="EUR">10.00', 'Ccy="USD">10.00', None, E),
    ("SEPA-AMT", "sepa", SEPA_PAIN, ">10.00<", ">10.001<", None, E),
    (
        "SEPA-COUNT",
        "sepa",
        SEPA_PAIN,
        "<CtrlSum>12.50</CtrlSum><InitgPty>",
        "<CtrlSum>12.505</CtrlSum><InitgPty>",
        None,
        E,
    ),
    ("SEPA-SVCLVL", "sepa", SEPA_PAIN, "<Cd>SEPA</Cd>", "<Cd>NURG</Cd>", None, E),
    (
        "SEPA-LCLINSTRM",
        "sepa",
        SEPA_PAIN,
        "</SvcLvl>",
        "</SvcLvl><LclInstrm><Cd>CORE</Cd></LclInstrm>",
        None,
        E,
    ),
    ("SEPA-SLEV", "sepa", SEPA_PAIN, "<ChrgBr>SLEV<", "<ChrgBr>SHAR<", None, E),
    ("SEPA-TRF", "sepa", SEPA_PAIN, "<PmtMtd>TRF<", "<PmtMtd>CHK<", None, E),
    ("SEPA-IBAN", "sepa", SEPA_PAIN, "DE89370400440532013000", "DE89370400440532013001", None, E),
    (
        "SEPA-COUNTRY",
        "sepa",
        SEPA_PAIN,
        "FR1420041010050500013M02606",
        "TR330006100519786457841326",
        None,
        E,
    ),
    (
        "SEPA-NONEEA",
        "sepa",
        SEPA_PAIN,
        "<PstlAdr><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine></PstlAdr>",
        "",
        None,
        E,
    ),
    (
        "SEPA-BIC",
        "sepa",
        SEPA_PAIN,
        "<DbtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId>",
        "<DbtrAgt><FinInstnId/>",
        None,
        E,
    ),
    ("SEPA-NAME70", "sepa", SEPA_PAIN, "<Nm>Dupont SA</Nm>", "<Nm>" + "A" * 71 + "</Nm>", None, E),
    (
        "SEPA-RMT",
        "sepa",
        SEPA_PAIN,
        "<Ustrd>Invoice 1</Ustrd>",
        "<Ustrd>Invoice 1</Ustrd><Ustrd>Invoice 2</Ustrd>",
        None,
        E,
    ),
    ("SEPA-SCOR", "sepa", SEPA_PAIN_03, "<Cd>SCOR</Cd>", "<Cd>RADM</Cd>", None, E),
    ("SEPA-RF", "sepa", SEPA_PAIN, "RF18539007547034", "RF17539007547034", None, W),
    ("SEPA-PURP", "sepa", SEPA_PAIN, "<Purp><Cd>SALA</Cd>", "<Purp><Prtry>X</Prtry>", None, E),
    (
        "SEPA-ULTMT",
        "sepa",
        SEPA_PAIN,
        '<InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>',
        '<InstdAmt Ccy="EUR">10.00</InstdAmt></Amt><UltmtDbtr><Nm>A</Nm></UltmtDbtr>',
        None,
        E,
    ),
    (
        "SEPA-ADRLINE",
        "sepa",
        SEPA_PAIN_03,
        "<AdrLine>10115 Berlin</AdrLine>",
        "<AdrLine>10115 Berlin</AdrLine><AdrLine>Germany</AdrLine>",
        None,
        E,
    ),
    (
        "SEPA-ADDR-2026",
        "sepa",
        SEPA_PAIN,
        "<PstlAdr><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine></PstlAdr>",
        (
            "<PstlAdr><Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine><AdrLine>10115 Berlin</AdrLine>"
            "</PstlAdr>"
        ),
        None,
        W,
    ),
    ("SEPA-UNIQ", "sepa", SEPA_PAIN, "<EndToEndId>E2E-2<", "<EndToEndId>E2E-1<", None, W),
    (
        "SEPA-EXECDT",
        "sepa",
        SEPA_PAIN,
        "<Dt>2026-11-27</Dt>",
        "<DtTm>2026-11-27T10:00:00</DtTm>",
        None,
        E,
    ),
    ("SEPA-BLANK", "sepa", SEPA_PAIN, "<Ustrd>Invoice 1<", "<Ustrd>   <", None, E),
    (
        "SEPA-SUBSET",
        "sepa",
        SEPA_PAIN,
        "<EndToEndId>E2E-1</EndToEndId>",
        "<EndToEndId>E2E-1</EndToEndId><UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR>",
        None,
        E,
    ),
    ("SEPA-VERSION", "sepa", SEPA_PAIN, "pain.001.001.09", "pain.001.001.13", None, E),
    ("SEPA-INST-AMT", "sepa-inst", SEPA_PAIN, ">10.00<", ">150000.00<", date(2023, 12, 1), E),
    (
        "CBPR-BAH",
        "cbpr+",
        CBPR_PACS,
        "<Fr><FIId><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId></FIId></Fr>",
        "<Fr><OrgId/></Fr>",
        None,
        E,
    ),
    ("CBPR-BIZSVC", "cbpr+", CBPR_PACS, "swift.cbprplus.03", "swift.cbprplus.02", None, E),
    (
        "CBPR-MSGDEF",
        "cbpr+",
        CBPR_PACS,
        "<MsgDefIdr>pacs.008.001.08",
        "<MsgDefIdr>pacs.008.001.09",
        None,
        W,
    ),
    ("CBPR-BIZMSGID", "cbpr+", CBPR_PACS, "<BizMsgIdr>MSG-1", "<BizMsgIdr>MSG-2", None, E),
    (
        "CBPR-FROM-TO",
        "cbpr+",
        CBPR_PACS,
        "<InstgAgt><FinInstnId><BICFI>ABCDGB2LXXX",
        "<InstgAgt><FinInstnId><BICFI>WWEBGB3LXXX",
        None,
        E,
    ),
    ("CBPR-PRTY", "cbpr+", CBPR_PACS, "<Prty>NORM</Prty>", "<Prty>HIGH</Prty>", None, W),
    (
        "CBPR-DATETIME",
        "cbpr+",
        CBPR_PACS,
        "<CreDtTm>2026-03-02T10:00:00+01:00",
        "<CreDtTm>2026-03-02T10:00:00Z",
        None,
        E,
    ),
    ("CBPR-ONE-TX", "cbpr+", CBPR_PACS, "<NbOfTxs>1<", "<NbOfTxs>2<", None, E),
    ("CBPR-STTLM", "cbpr+", CBPR_PACS, "<SttlmMtd>INDA<", "<SttlmMtd>CLRG<", None, E),
    (
        "CBPR-UETR",
        "cbpr+",
        CBPR_PACS,
        "eb6305c9-1f7f-49de-aed0-16487c27b42d",
        "EB6305C9-1F7F-49DE-AED0-16487C27B42D",
        None,
        E,
    ),
    ("CBPR-INSTRID", "cbpr+", CBPR_PACS, "<InstrId>REF123<", "<InstrId>/REF//1<", None, E),
    ("CBPR-E2E", "cbpr+", CBPR_PACS, "<EndToEndId>NOTPROVIDED<", "<EndToEndId><", None, W),
    ("CBPR-CHARSET-ID", "cbpr+", CBPR_PACS, "<InstrId>REF123<", "<InstrId>ABC_1<", None, E),
    ("CBPR-CHARSET-TXT", "cbpr+", CBPR_PACS, "<Nm>Paris Trading<", "<Nm>Müller<", None, E),
    (
        "CBPR-LEN",
        "cbpr+",
        CBPR_PACS,
        "<Ustrd>Invoice 42</Ustrd>",
        "<Ustrd>Invoice 42</Ustrd><Ustrd>Invoice 43</Ustrd>",
        None,
        E,
    ),
    (
        "CBPR-CCY",
        "cbpr+",
        CBPR_PACS,
        'Ccy="JPY">1000</IntrBkSttlmAmt>',
        'Ccy="JPY">1000.50</IntrBkSttlmAmt>',
        None,
        E,
    ),
    ("CBPR-CHRGBR", "cbpr+", CBPR_PACS, "<ChrgBr>CRED<", "<ChrgBr>SLEV<", None, E),
    (
        "CBPR-CHRGS",
        "cbpr+",
        CBPR_PACS,
        (
            '<ChrgsInf><Amt Ccy="JPY">0</Amt><Agt><FinInstnId>'
            "<BICFI>ABCDGB2LXXX</BICFI></FinInstnId></Agt></ChrgsInf>"
        ),
        "",
        None,
        E,
    ),
    (
        "CBPR-INSTG-INSTD",
        "cbpr+",
        CBPR_PACS,
        "<InstdAgt><FinInstnId><BICFI>EFGHDEFFXXX</BICFI>",
        "<InstdAgt><FinInstnId><Nm>Bank</Nm>",
        None,
        E,
    ),
    (
        "CBPR-AGENT",
        "cbpr+",
        CBPR_PACS,
        "<CdtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI>",
        "<CdtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI><Nm>Deutsche Bank</Nm>",
        None,
        E,
    ),
    ("CBPR-PARTY", "cbpr+", CBPR_PACS, "<Nm>Paris Trading</Nm>", "", None, E),
    (
        "CBPR-ADDR-2025",
        "cbpr+",
        CBPR_PACS,
        "<TwnNm>London</TwnNm><Ctry>GB</Ctry><AdrLine>1 High Street</AdrLine>",
        "<PstCd>EC1A 1BB</PstCd><AdrLine>1 High Street</AdrLine>",
        None,
        E,
    ),
    (
        "CBPR-ADDR-2026",
        "cbpr+",
        CBPR_PACS,
        "<TwnNm>London</TwnNm><Ctry>GB</Ctry><AdrLine>1 High Street</AdrLine>",
        "<AdrLine>1 High Street</AdrLine><AdrLine>London</AdrLine>",
        None,
        W,
    ),
    (
        "CBPR-ADDR-DUP",
        "cbpr+",
        CBPR_PACS,
        "<AdrLine>1 High Street</AdrLine>",
        "<AdrLine>1 High Street London</AdrLine>",
        None,
        W,
    ),
    ("CBPR-CTRY", "cbpr+", CBPR_PACS, "<Ctry>FR</Ctry>", "<Ctry>XX</Ctry>", None, E),
    (
        "CBPR-RMT",
        "cbpr+",
        CBPR_PACS,
        "<Ustrd>Invoice 42</Ustrd>",
        "<Ustrd>Invoice 42</Ustrd><Strd><AddtlRmtInf>x</AddtlRmtInf></Strd>",
        None,
        E,
    ),
    (
        "CBPR-INSTRCDTR",
        "cbpr+",
        CBPR_PACS,
        "<InstrForCdtrAgt><Cd>PHOB</Cd></InstrForCdtrAgt>",
        (
            "<InstrForCdtrAgt><Cd>PHOB</Cd></InstrForCdtrAgt><InstrForCdtrAgt><Cd>TELB</Cd>"
            "</InstrForCdtrAgt>"
        ),
        None,
        E,
    ),
    ("CBPR-GPI", "cbpr+", CBPR_PACS, "<Cd>G001</Cd>", "<Cd>G004</Cd>", None, E),
    ("CBPR-LEI", "cbpr+", CBPR_PACS, "529900T8BM49AURSDO55", "529900T8BM49AURSDO56", None, E),
    ("CBPR-BIC", "cbpr+", CBPR_PACS, "<BICFI>DEUTDEFFXXX<", "<BICFI>DEUTXXFF<", None, E),
    ("CBPR-IBAN", "cbpr+", CBPR_PACS, "GB29NWBK60161331926819", "GB29NWBK60161331926818", None, E),
    (
        "CBPR-CODES",
        "cbpr+",
        CBPR_PACS,
        "<Purp><Cd>GDDS</Cd>",
        "<Purp><Prtry>GOODS</Prtry>",
        None,
        W,
    ),
    ("CBPR-PAIN001", "cbpr+", CBPR_PAIN, "<PmtInfId>PN01<", "<PmtInfId>PMTINF-2<", None, E),
]


def _codes(text: str, profile: str, as_of: date | None) -> dict[str, set[Severity]]:
    out: dict[str, set[Severity]] = {}
    found = check_profile(parse(text), profile, as_of=as_of or CHECKED_ON, source="t.xml")
    for f in found:
        out.setdefault(f.code, set()).add(f.severity)
    return out


def test_every_rule_has_a_case() -> None:
    """The case table covers every registered rule exactly once."""
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))
    assert set(ids) == {r.id for p in ("sepa", "sepa-inst", "cbpr+") for r in rules_for(p)}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rule_passes(case: tuple[str, str, str, str, str, date | None, Severity | None]) -> None:
    """The unbroken document raises no finding of the rule."""
    rule_id, profile, doc, old, _new, as_of, _sev = case
    assert old in doc
    assert rule_id not in _codes(doc, profile, as_of)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rule_fails(case: tuple[str, str, str, str, str, date | None, Severity | None]) -> None:
    """Breaking the one thing the rule is about gives a finding of that rule."""
    rule_id, profile, doc, old, new, as_of, severity = case
    found = _codes(doc.replace(old, new, 1), profile, as_of)
    assert rule_id in found, found
    if severity is not None:
        assert severity in found[rule_id]


def test_sepa_inst_cap_removed_by_2025_rulebook() -> None:
    """150 000 passes under the 2025 SCT Inst rulebook and fails under the 2023 one."""
    doc = SEPA_PAIN.replace(">10.00<", ">150000.00<")
    assert "SEPA-INST-AMT" not in _codes(doc, "sepa-inst", date(2026, 1, 1))
    assert "SEPA-INST-AMT" in _codes(doc, "sepa-inst", date(2024, 1, 1))


def test_sepa_instant_local_instrument() -> None:
    """SCT Inst expects LclInstrm INST (a warning: not confirmed by the sources)."""
    doc = SEPA_PAIN.replace("</SvcLvl>", "</SvcLvl><LclInstrm><Cd>INST</Cd></LclInstrm>")
    assert "SEPA-LCLINSTRM" not in _codes(doc, "sepa-inst", None)
    assert _codes(SEPA_PAIN, "sepa-inst", None)["SEPA-LCLINSTRM"] == {W}


def test_address_deadline_becomes_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once a deadline is set, unstructured addresses are errors from that date on."""
    doc = CBPR_PACS.replace(
        "<TwnNm>London</TwnNm><Ctry>GB</Ctry><AdrLine>1 High Street</AdrLine>",
        "<AdrLine>1 High Street</AdrLine>",
    )
    monkeypatch.setattr(cbpr, "CBPR_UNSTRUCTURED_END", date(2027, 11, 20))
    assert _codes(doc, "cbpr+", date(2027, 11, 1))["CBPR-ADDR-2026"] == {W}
    assert _codes(doc, "cbpr+", date(2027, 11, 20))["CBPR-ADDR-2026"] == {E}
    sepa_doc = SEPA_PAIN.replace("<TwnNm>Berlin</TwnNm>", "")
    monkeypatch.setattr(sepa, "SEPA_UNSTRUCTURED_END", date(2027, 11, 20))
    assert _codes(sepa_doc, "sepa", date(2028, 1, 1))["SEPA-ADDR-2026"] == {E}


def test_bizsvc_before_sr2025_is_02() -> None:
    """Before SR2025 the service is swift.cbprplus.02."""
    doc = CBPR_PACS.replace("swift.cbprplus.03", "swift.cbprplus.02")
    assert "CBPR-BIZSVC" not in _codes(doc, "cbpr+", date(2025, 1, 1))
    assert "CBPR-BIZSVC" in _codes(CBPR_PACS, "cbpr+", date(2025, 1, 1))


def test_bizmsgid_is_warning_before_sr2026() -> None:
    """BizMsgIdr = MsgId is textual (W) in SR2025 and formal (E) from SR2026."""
    doc = CBPR_PACS.replace("<BizMsgIdr>MSG-1", "<BizMsgIdr>MSG-2")
    assert _codes(doc, "cbpr+", date(2026, 1, 1))["CBPR-BIZMSGID"] == {W}


def test_sepa_country_list_by_date() -> None:
    """Albania joined SEPA on 5 Oct 2025 (EPC409-09)."""
    doc = SEPA_PAIN.replace("FR1420041010050500013M02606", "AL47212110090000000235698741").replace(
        "BNPAFRPPXXX", "BKASALTRXXX"
    )
    assert "SEPA-COUNTRY" not in _codes(doc, "sepa", date(2026, 1, 1))
    assert "SEPA-COUNTRY" in _codes(doc, "sepa", date(2025, 1, 1))


def test_sepa_03_address_and_version() -> None:
    """The .03 profile: Ctry + 2 AdrLine passes; .03 was replaced on 19 Nov 2023."""
    found = _codes(SEPA_PAIN_03, "sepa", OLD)
    assert "SEPA-ADRLINE" not in found
    assert "SEPA-VERSION" not in found
    assert "SEPA-VERSION" in _codes(SEPA_PAIN_03, "sepa", None)


def test_locations_have_line_and_indexed_xpath() -> None:
    """Findings point at the element with its line and the transaction index."""
    doc = SEPA_PAIN.replace("<Nm>Rossi SpA</Nm>", "<Nm>" + "R" * 71 + "</Nm>")
    (f,) = [f for f in check_profile(parse(doc), "sepa", source="x.xml") if f.code == "SEPA-NAME70"]
    assert f.location.xpath == "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]/Cdtr/Nm"
    assert f.location.source == "x.xml"
    assert (
        f.location.line
        == doc.splitlines().index(next(ln for ln in doc.splitlines() if "R" * 71 in ln)) + 1
    )


def test_header_location() -> None:
    """Findings in the BAH are located under /AppHdr."""
    doc = CBPR_PACS.replace("swift.cbprplus.03", "swift.cbprplus.02")
    (f,) = [f for f in check_profile(parse(doc), "cbpr+") if f.code == "CBPR-BIZSVC"]
    assert f.location.xpath == "/AppHdr/BizSvc"


def test_default_as_of_is_today_in_the_rulebook_time_zone() -> None:
    """Without as_of the rules use the clock's date: CET for SEPA, UTC for CBPR+."""
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 1 Jan 2027 00:30 in Brussels
    assert clock.today("sepa", lambda: late) == date(2027, 1, 1)
    assert clock.today("cbpr+", lambda: late) == date(2026, 12, 31)
    summer = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # CEST: already 1 Jul
    assert clock.today("sepa-inst", lambda: summer) == date(2026, 7, 1)
    doc = SEPA_PAIN.replace("<Dt>2026-11-27</Dt>", "<Dt>2027-01-01</Dt>")
    on_time = check_profile(parse(doc), "sepa", clock=lambda: late)
    assert "SEPA-EXECDT" not in {f.code for f in on_time}
    a_day_late = check_profile(parse(doc), "sepa", clock=lambda: late + timedelta(days=1))
    assert "SEPA-EXECDT" in {f.code for f in a_day_late}


def test_default_clock_is_the_system_date() -> None:
    """The default is the real date, not a date frozen in the code."""
    real = datetime.now(UTC).astimezone(clock.zone_of("sepa")).date()
    assert clock.today("sepa") in (real, real + timedelta(days=1))


def test_past_execution_date_is_a_warning() -> None:
    """A requested execution date before the checking date is reported (banks re-date or reject)."""
    doc = SEPA_PAIN.replace("<Dt>2026-11-27</Dt>", "<Dt>2020-01-01</Dt>")
    (f,) = [
        f for f in check_profile(parse(doc), "sepa", as_of=CHECKED_ON) if f.code == "SEPA-EXECDT"
    ]
    assert f.severity is W
    assert "2020-01-01 is in the past" in f.message
    assert "SEPA-EXECDT" not in _codes(SEPA_PAIN, "sepa", CHECKED_ON)


@pytest.mark.parametrize(
    ("version", "as_of", "expected"),
    [
        ("pacs.008.001.08", CHECKED_ON, None),
        ("pacs.008.001.02", OLD, None),
        ("pacs.008.001.02", CHECKED_ON, E),
        ("pacs.008.001.13", CHECKED_ON, E),
        ("pacs.008.001.09", CHECKED_ON, E),
        ("pacs.008.003.08", CHECKED_ON, W),
    ],
)
def test_sepa_version_of_pacs008(version: str, as_of: date, expected: Severity | None) -> None:
    """The EPC versions pass; other ISO versions are errors; only a variant is a warning."""
    doc = SEPA_PACS.replace("pacs.008.001.08", version)
    found = _codes(doc, "sepa", as_of).get("SEPA-VERSION")
    assert found == ({expected} if expected else None)


def test_sepa_pacs008_example_is_clean() -> None:
    """The SEPA pacs.008 base document has no finding at all (no false community-variant note)."""
    assert _codes(SEPA_PACS, "sepa", CHECKED_ON) == {}
