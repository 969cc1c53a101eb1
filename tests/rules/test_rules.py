"""Rulebook behaviour beyond each rule's own examples (which tests/test_rule_records.py runs):
dates and releases, deadlines, versions, locations and the default date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from qenex_messages.findings import Severity
from qenex_messages.rules import cbpr, check_profile, clock, select_profile, sepa
from qenex_messages.rules.samples import FEDWIRE_PACS, SAMPLES_DATE, SEPA_03_DATE, parse, sample

SEPA_PAIN = sample("sepa-pain.001.001.09")
SEPA_PAIN_03 = sample("sepa-pain.001.001.03")
SEPA_PACS = sample("sepa-pacs.008.001.08")
CBPR_PACS = sample("cbpr-pacs.008.001.08")

E, W = Severity.ERROR, Severity.WARNING
OLD = date(2023, 6, 1)
CHECKED_ON = SAMPLES_DATE


def _codes(text: str, profile: str, as_of: date | None) -> dict[str, set[Severity]]:
    out: dict[str, set[Severity]] = {}
    found = check_profile(parse(text), profile, as_of=as_of or CHECKED_ON, source="t.xml")
    for f in found:
        out.setdefault(f.code, set()).add(f.severity)
    return out


def test_address_deadline_becomes_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once a deadline is set, unstructured addresses are errors from that date on."""
    doc = CBPR_PACS.replace(
        "<TwnNm>London</TwnNm><Ctry>GB</Ctry><AdrLine>1 High Street</AdrLine>",
        "<AdrLine>1 High Street</AdrLine>",
    )
    monkeypatch.setattr(cbpr.addresses, "CBPR_UNSTRUCTURED_END", date(2027, 11, 20))
    assert _codes(doc, "cbpr+", date(2027, 11, 1))["CBPR-ADDR-2026"] == {W}
    assert _codes(doc, "cbpr+", date(2027, 11, 20))["CBPR-ADDR-2026"] == {E}
    sepa_doc = SEPA_PAIN.replace("<TwnNm>Berlin</TwnNm>", "")
    monkeypatch.setattr(sepa.dates, "SEPA_UNSTRUCTURED_END", date(2027, 11, 20))
    assert _codes(sepa_doc, "sepa", date(2028, 1, 1))["SEPA-ADDR-2026"] == {E}


def test_bizmsgid_is_warning_before_sr2026() -> None:
    """BizMsgIdr = MsgId is textual (W) in SR2025 and formal (E) from SR2026."""
    doc = CBPR_PACS.replace("<BizMsgIdr>MSG-1", "<BizMsgIdr>MSG-2")
    assert _codes(doc, "cbpr+", date(2026, 1, 1))["CBPR-BIZMSGID"] == {W}


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
    doc = CBPR_PACS.replace("swift.cbprplus.04", "swift.cbprplus.02")
    (f,) = [f for f in check_profile(parse(doc), "cbpr+") if f.code == "CBPR-BIZSVC"]
    assert f.location.xpath == "/AppHdr/BizSvc"


def test_default_as_of_is_today_in_the_rulebook_time_zone() -> None:
    """Without as_of the rules use the clock's date: CET for SEPA, UTC for CBPR+."""
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 1 Jan 2027 00:30 in Brussels
    assert clock.today("sepa", lambda: late) == date(2027, 1, 1)
    assert clock.today("cbpr+", lambda: late) == date(2026, 12, 31)
    summer = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # CEST: already 1 Jul
    assert clock.today("sepa-inst", lambda: summer) == date(2026, 7, 1)
    evening = datetime(2026, 12, 29, 23, 30, tzinfo=UTC)  # Wednesday 30 Dec in Brussels
    doc = SEPA_PAIN.replace("<Dt>2026-11-27</Dt>", "<Dt>2026-12-30</Dt>")
    on_time = check_profile(parse(doc), "sepa", clock=lambda: evening)
    assert "SEPA-EXECDT" not in {f.code for f in on_time}
    a_day_late = check_profile(parse(doc), "sepa", clock=lambda: evening + timedelta(days=1))
    assert "SEPA-EXECDT" in {f.code for f in a_day_late}


def test_default_clock_is_the_system_date() -> None:
    """The default is the real date, not a date frozen in the code."""
    real = datetime.now(UTC).astimezone(clock.zone_of("sepa")).date()
    assert clock.today("sepa") in (real, real + timedelta(days=1))


@pytest.mark.parametrize(
    ("name", "profile", "as_of"),
    [
        ("sepa-pain.001.001.09", "sepa", CHECKED_ON),
        ("sepa-pacs.008.001.08", "sepa", CHECKED_ON),
        ("sepa-pain.001.001.03", "sepa", SEPA_03_DATE),
        ("cbpr-pacs.008.001.08", "cbpr+", CHECKED_ON),
        ("cbpr-pain.001.001.09", "cbpr+", CHECKED_ON),
        (FEDWIRE_PACS, "fedwire", CHECKED_ON),
    ],
)
def test_samples_are_clean_under_their_profile(name: str, profile: str, as_of: date) -> None:
    """Every rule example edits a sample that has no finding at all under its own profile (so
    a failing example fails because of its edit), with no false SEPA-VERSION on pacs.008."""
    assert _codes(sample(name), profile, as_of) == {}


FEDWIRE = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
<FIToFICstmrCdtTrf>
<GrpHdr><MsgId>FW-1</MsgId><CreDtTm>2026-11-26T10:00:00-05:00</CreDtTm><NbOfTxs>1</NbOfTxs>
<SttlmInf><SttlmMtd>CLRG</SttlmMtd><ClrSys><Cd>FDW</Cd></ClrSys></SttlmInf></GrpHdr>
<CdtTrfTxInf><PmtId><EndToEndId>E2E</EndToEndId><UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR></PmtId>
<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>
<IntrBkSttlmAmt Ccy="USD">100.00</IntrBkSttlmAmt><IntrBkSttlmDt>2026-11-26</IntrBkSttlmDt>
<ChrgBr>SLEV</ChrgBr>
<InstgAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>021000021</MmbId></ClrSysMmbId></FinInstnId></InstgAgt>
<Dbtr><Nm>A</Nm></Dbtr><DbtrAcct><Id><Othr><Id>123</Id></Othr></Id></DbtrAcct>
<DbtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>021000021</MmbId></ClrSysMmbId></FinInstnId></DbtrAgt>
<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>026009593</MmbId></ClrSysMmbId></FinInstnId></CdtrAgt>
<Cdtr><Nm>B</Nm></Cdtr><CdtrAcct><Id><Othr><Id>456</Id></Othr></Id></CdtrAcct>
</CdtTrfTxInf>
</FIToFICstmrCdtTrf>
</Document>
"""


def test_auto_profile_ignores_a_sepa_service_level_on_a_fedwire_payment() -> None:
    """Service level SEPA alone does not make a USD payment through Fedwire a SEPA one: its
    clearing system and agents make it a Fedwire one."""
    choice = select_profile(parse(FEDWIRE), source="fw.xml", as_of=CHECKED_ON)
    assert choice.profile == "fedwire"
    assert choice.finding.code == "QX502"
    assert choice.finding.severity is Severity.INFO
    assert "settlement through clearing system FDW" in choice.finding.message
    assert "USABA member id" in choice.finding.message
    bare = FEDWIRE.replace("<ClrSys><Cd>FDW</Cd></ClrSys>", "")
    choice = select_profile(parse(bare), source="fw.xml", as_of=CHECKED_ON)
    assert choice.profile is None
    assert "amounts in USD" in choice.finding.message
    assert "clearing system USABA" in choice.finding.message


def test_auto_profile_recognises_fedwire_by_its_market_practice() -> None:
    """The Fedwire BAH's MktPrctc settles it, and the sample is clean under what was chosen."""
    text = sample(FEDWIRE_PACS)
    choice = select_profile(parse(text), as_of=CHECKED_ON)
    assert choice.profile == "fedwire"
    assert "AppHdr MktPrctc frb.fedwire.01" in choice.finding.message
    without = text.replace("<Id>frb.fedwire.01</Id>", "<Id>x</Id>")
    choice = select_profile(parse(without), as_of=CHECKED_ON)
    assert choice.profile == "fedwire"
    assert "AppHdr MktPrctc registry of the Fedwire Funds Service" in choice.finding.message


def test_auto_profile_finds_cbpr_with_a_wrong_bizsvc() -> None:
    """A CBPR+ message with a wrong BizSvc is still CBPR+ by its header and structure, so the
    BizSvc error is reported instead of no profile at all."""
    doc = CBPR_PACS.replace("swift.cbprplus.04", "swift.cbpr.04")
    choice = select_profile(parse(doc), as_of=CHECKED_ON)
    assert choice.profile == "cbpr+"
    assert "AppHdr From/To are BICFI" in choice.finding.message
    assert "BizSvc 'swift.cbpr.04' is not a CBPR+ service" in choice.finding.message
    assert _codes(doc, "cbpr+", CHECKED_ON)["CBPR-BIZSVC"] == {E}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sepa-pain.001.001.09", "sepa"),
        ("sepa-pacs.008.001.08", "sepa"),
        ("cbpr-pacs.008.001.08", "cbpr+"),
        ("cbpr-pain.001.001.09", "cbpr+"),
    ],
)
def test_auto_profile_of_each_sample(name: str, expected: str) -> None:
    """Each sample selects its own profile, from a tree, from detect()'s MessageInfo, and from
    the first chunk of a stream (header, group header, first transaction)."""
    from qenex_messages.iso20022.detect import detect

    root = parse(sample(name))
    assert select_profile(root).profile == expected
    assert select_profile(detect(root)).profile == expected
    for tx in list(root.iter("{*}CdtTrfTxInf"))[1:]:
        tx.getparent().remove(tx)  # what a stream holds when it reads the first transaction
    assert select_profile(root).profile == expected


def test_auto_profile_is_reported_by_validate() -> None:
    """validate_bytes(profile='auto') says which profile it chose and why, as an info finding."""
    import qenex_messages as qm

    data = sample("sepa-pain.001.001.09").encode()
    (report,) = qm.validate_bytes(data, source="s.xml", profile="auto", as_of=CHECKED_ON)
    (info,) = [f for f in report.findings if f.code == "QX502"]
    assert info.message.startswith("--profile auto chose sepa: service level SEPA")


def test_auto_profile_info_stands_alone() -> None:
    """The choice is about the message, so no element's finding absorbs it (one root cause each)."""
    import qenex_messages as qm

    data = sample("sepa-pain.001.001.03").encode()
    (report,) = qm.validate_bytes(data, source="s.xml", profile="auto", as_of=CHECKED_ON)
    codes = [f.code for f in report.findings]
    assert "QX502" in codes
    assert "SEPA-VERSION" in codes
    assert not [f for f in report.findings if "QX502" in f.message and f.code != "QX502"]


def test_sepa_count_sums_exactly() -> None:
    """SEPA-COUNT adds the amounts exactly, never rounded to Python's 28 default digits: a
    CtrlSum that is the exact sum of 17 integer digits and 17 decimals is not 'a mismatch' (the
    decimals are reported, once per CtrlSum, and nothing else)."""
    small, big = "0.00000000000000001", "99999999999999999"
    exact = "99999999999999999.00000000000000001"
    text = sample("sepa-pain.001.001.09").replace(
        "<CtrlSum>12.50</CtrlSum>", f"<CtrlSum>{exact}</CtrlSum>"
    )
    text = text.replace(">10.00<", f">{big}<", 1).replace(">2.50<", f">{small}<", 1)
    found = [
        f.message
        for f in check_profile(parse(text), "sepa", as_of=SAMPLES_DATE, source="t.xml")
        if f.code == "SEPA-COUNT"
    ]
    assert found == [
        f"{level} CtrlSum {exact} has more than 2 decimals" for level in ("GrpHdr", "PmtInf")
    ]
