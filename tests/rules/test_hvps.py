"""The HVPS+ base and its T2 and CHAPS deltas: the samples are clean, the deltas keep every base
rule, and the CHAPS mandates are dated data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages.rules import check_profile, rules_for, select_profile
from qenex_messages.rules.chaps import mandates
from qenex_messages.rules.samples import CHAPS_PACS, HVPS_PACS, SAMPLES_DATE, parse, sample
from qenex_messages.rules.target_calendar import is_business_day


@pytest.mark.parametrize(
    ("profile", "name"), [("hvps+", HVPS_PACS), ("t2", HVPS_PACS), ("chaps", CHAPS_PACS)]
)
def test_the_samples_are_clean(profile: str, name: str) -> None:
    """Each sample passes every rule of its profile on the samples' date."""
    assert check_profile(parse(sample(name)), profile, as_of=SAMPLES_DATE) == []


@pytest.mark.parametrize("delta", ["t2", "chaps"])
def test_deltas_keep_every_base_rule(delta: str) -> None:
    """t2 and chaps are HVPS+ plus their own rules, never less."""
    base = {r.id for r in rules_for("hvps+")}
    own = {r.id for r in rules_for(delta)} - base
    assert base < {r.id for r in rules_for(delta)}
    assert own and all(rule_id.startswith(delta.upper() + "-") for rule_id in own)


def test_mandates_are_dated_oldest_first() -> None:
    """The CHAPS mandates are a table of dated records with known sources, oldest first."""
    starts = [m.start for m in mandates.MANDATES]
    assert starts == sorted(starts)
    assert {m.source for m in mandates.MANDATES} <= {"B1", "B2", "B3"}


def test_purpose_mandate_moves_with_its_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The purpose-code rule reads the mandate's date: moving the date moves the rule."""
    root = parse(sample(CHAPS_PACS))
    assert check_profile(root, "chaps", as_of=SAMPLES_DATE) == []
    moved = mandates.Mandate(SAMPLES_DATE - timedelta(days=1), "Purpose Code", "all", "B1")
    monkeypatch.setattr(mandates, "PURPOSE_CODES_ALL", moved)
    codes = [f.code for f in check_profile(root, "chaps", as_of=SAMPLES_DATE)]
    assert codes == ["CHAPS-PURPOSE"]


def test_t2_reports_the_next_business_day() -> None:
    """Good Friday 2027 names Tuesday 30 March as the next TARGET business day."""
    text = sample(HVPS_PACS).replace(">2026-11-26<", ">2027-03-26<", 1)
    (finding,) = check_profile(parse(text), "t2", as_of=date(2027, 3, 20))
    assert finding.code == "T2-BUSINESS-DAY"
    assert "Good Friday" in finding.message and "2027-03-30" in finding.message


def test_auto_picks_t2_from_its_clearing_system_and_says_why() -> None:
    """ClrSys/Cd TGT names T2; the info finding gives the evidence."""
    choice = select_profile(parse(sample(HVPS_PACS)))
    assert choice.profile == "t2"
    assert choice.finding.message == (
        "--profile auto chose t2: settlement through clearing system TGT (TARGET T2); "
        "settlement method CLRG"
    )


def test_auto_does_not_guess_chaps_or_hvps() -> None:
    """No public clearing-system code or BAH value names CHAPS or plain HVPS+: auto picks none
    rather than guess."""
    assert select_profile(parse(sample(CHAPS_PACS))).profile is None
    without_tgt = sample(HVPS_PACS).replace("<ClrSys><Cd>TGT</Cd></ClrSys>", "", 1)
    assert select_profile(parse(without_tgt)).profile is None


def test_a_sepa_message_through_target_stays_sepa() -> None:
    """Service level SEPA with euro IBAN accounts outweighs the TGT clearing code."""
    text = sample(HVPS_PACS).replace(
        "<IntrBkSttlmAmt", "<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf><IntrBkSttlmAmt", 1
    )
    assert select_profile(parse(text)).profile == "sepa"


@given(st.dates(min_value=date(2002, 1, 1), max_value=date(2200, 12, 31)))
def test_t2_reports_exactly_the_closing_days(day: date) -> None:
    """T2-BUSINESS-DAY fires on a settlement date exactly when the TARGET calendar is closed."""
    text = sample(HVPS_PACS).replace(">2026-11-26<", f">{day.isoformat()}<", 1)
    codes = [f.code for f in check_profile(parse(text), "t2", as_of=SAMPLES_DATE)]
    assert (codes == ["T2-BUSINESS-DAY"]) == (not is_business_day(day))
    assert codes in ([], ["T2-BUSINESS-DAY"])


_PARTS = ("StrtNm", "PstCd", "TwnNm", "Ctry")


@given(st.sets(st.sampled_from(_PARTS)), st.integers(min_value=0, max_value=4))
def test_hybrid_rule_over_generated_addresses(parts: set[str], lines: int) -> None:
    """HVPS-ADDR-HYBRID fires exactly on an address with AdrLine beside structured elements
    (Ctry alone is not one) that lacks TwnNm or Ctry or has more than 2 AdrLine."""
    values = {"StrtNm": "Hafenstrasse", "PstCd": "50667", "TwnNm": "Koeln", "Ctry": "DE"}
    body = "".join(f"<{p}>{values[p]}</{p}>" for p in _PARTS if p in parts)
    body += "<AdrLine>Tor 3</AdrLine>" * lines
    old = "<PstlAdr><TwnNm>Koeln</TwnNm><Ctry>DE</Ctry><AdrLine>Hafenstrasse 12</AdrLine></PstlAdr>"
    assert old in sample(HVPS_PACS)
    text = sample(HVPS_PACS).replace(old, f"<PstlAdr>{body}</PstlAdr>", 1)
    found = [f.code for f in check_profile(parse(text), "hvps+", as_of=SAMPLES_DATE)]
    hybrid = lines > 0 and bool(parts - {"Ctry"})
    broken = hybrid and (not {"TwnNm", "Ctry"} <= parts or lines > 2)
    assert ("HVPS-ADDR-HYBRID" in found) == broken
