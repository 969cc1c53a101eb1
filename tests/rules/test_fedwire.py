"""The Fedwire profile end to end: the sample against the Fedwire guideline XSDs a user registers,
the profile from the command line, and ``--profile auto`` naming Fedwire."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import cli
from qenex_messages.rules import check_profile, select_profile
from qenex_messages.rules.samples import FEDWIRE_PACS, SAMPLES_DATE, parse, sample
from tests.conftest import SHARED

GUIDELINES = SHARED / "schemas" / "fedwire"
PACS_XSD = "Fedwire_Funds_Service_Release_2025_CustomerCreditTransfer_pacs_008_001_08_*.xsd"
HEAD_XSD = "Fedwire_Funds_Service_Release_2025_BusinessApplicationHeader_head_001_001_03_*.xsd"


def _guideline(pattern: str) -> Path:
    if not GUIDELINES.is_dir():
        pytest.skip("the Fedwire guideline XSDs are licensed and only in ../shared/schemas/fedwire")
    (found,) = sorted(GUIDELINES.glob(pattern))
    return found


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture
def store(schema_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the schema store the test may register guideline XSDs in."""
    copy = tmp_path / "store"
    shutil.copytree(schema_store, copy)
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(copy))
    return copy


def test_the_sample_is_valid_against_the_registered_fedwire_guideline(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Registered with `schemas add`, the Fedwire pacs.008 guideline XSD accepts the Fedwire
    sample and rejects what the profile rejects too (a local instrument it does not list)."""
    code, out = _run(capsys, "schemas", "add", str(_guideline(PACS_XSD)), "--as", "fedwire-pacs")
    assert code == 0, out
    # No ISO copy of head.001.001.03 is known: the Fedwire BAH guideline serves for it.
    code, out = _run(capsys, "schemas", "add", str(_guideline(HEAD_XSD)), "--as", "head.001.001.03")
    assert code == 0, out
    good = tmp_path / "fedwire.xml"
    good.write_text(sample(FEDWIRE_PACS), encoding="utf-8")
    code, out = _run(capsys, "validate", "--schema", "fedwire-pacs", str(good))
    assert code == 0, out
    bad = tmp_path / "bad.xml"
    bad.write_text(sample(FEDWIRE_PACS).replace("<Prtry>CTRC<", "<Prtry>CTP<"), encoding="utf-8")
    code, out = _run(capsys, "validate", "--schema", "fedwire-pacs", str(bad))
    assert code == 1, out
    code, out = _run(capsys, "validate", "--profile", "fedwire", "--as-of", "2026-11-26", str(bad))
    assert code == 1
    assert "FEDWIRE-LCLINSTRM" in out


def test_the_sample_header_is_valid_against_the_fedwire_bah_guideline() -> None:
    """The sample's AppHdr conforms to the Fedwire head.001.001.03 guideline XSD."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(_guideline(HEAD_XSD))))
    header = next(parse(sample(FEDWIRE_PACS)).iter("{*}AppHdr"))
    schema.assertValid(etree.ElementTree(etree.fromstring(etree.tostring(header))))


def test_profile_auto_names_fedwire(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--profile auto` runs the Fedwire rules on a Fedwire pacs.008 (here without its AppHdr,
    whose head.001.001.03 XSD only a user can register) and says why in QX502."""
    text = sample(FEDWIRE_PACS)
    document = text[text.index("<Document") : text.index("</Document>") + len("</Document>")]
    path = tmp_path / "fedwire.xml"
    path.write_text(document.replace("<ChrgBr>SHAR</ChrgBr>", ""), encoding="utf-8")
    code, out = _run(capsys, "validate", "--profile", "auto", "--as-of", "2026-11-26", str(path))
    assert "--profile auto chose fedwire: settlement through clearing system FDW" in out
    assert "FEDWIRE-CHRGBR" in out
    assert "FEDWIRE-BAH" in out
    assert code == 1


def test_the_sample_is_clean_under_the_fedwire_profile() -> None:
    assert check_profile(parse(sample(FEDWIRE_PACS)), "fedwire", as_of=SAMPLES_DATE) == []


def _without_practice_and_clearing(text: str) -> str:
    start, end = text.index("<MktPrctc>"), text.index("</MktPrctc>") + len("</MktPrctc>")
    return (text[:start] + text[end:]).replace("<ClrSys><Cd>FDW</Cd></ClrSys>", "")


def test_profile_auto_names_fedwire_by_the_header_identifiers() -> None:
    """Without MktPrctc and FDW, AppHdr From/To by ABA routing number (check digit right) and
    USABA agents still name Fedwire, and the reasons say so."""
    text = _without_practice_and_clearing(sample(FEDWIRE_PACS))
    choice = select_profile(parse(text), as_of=SAMPLES_DATE)
    assert choice.profile == "fedwire"
    assert "AppHdr Fr/To by ABA routing number" in choice.finding.message
    assert "instructing/instructed agents by USABA member id" in choice.finding.message


@given(st.sampled_from(["Fr", "To"]), st.integers(1, 9))
def test_a_wrong_check_digit_is_no_aba_evidence(side: str, shift: int) -> None:
    """A 9-digit header member id counts as an ABA number only when its check digit is right:
    one side with a wrong digit leaves one side of evidence, too little without FDW."""
    text = _without_practice_and_clearing(sample(FEDWIRE_PACS))
    member = "021000021" if side == "Fr" else "011000015"
    wrong = member[:8] + str((int(member[8]) + shift) % 10)
    tag = f"<{side}><FIId><FinInstnId><ClrSysMmbId><MmbId>"
    choice = select_profile(parse(text.replace(tag + member, tag + wrong)), as_of=SAMPLES_DATE)
    other = "To" if side == "Fr" else "Fr"
    assert f"AppHdr {other} by ABA routing number" in choice.finding.message
    assert choice.profile != "fedwire"


def test_profile_auto_names_fedwire_by_usaba_in_the_header() -> None:
    """AppHdr From/To with ClrSysId USABA count as ABA routing numbers whatever the digits."""
    text = _without_practice_and_clearing(sample(FEDWIRE_PACS))
    for member in ("021000021", "011000015"):
        text = text.replace(
            f"<ClrSysMmbId><MmbId>{member}</MmbId>",
            f"<ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>X{member[1:]}</MmbId>",
            1,
        )
    choice = select_profile(parse(text), as_of=SAMPLES_DATE)
    assert choice.profile == "fedwire", choice.finding.message
    assert "AppHdr Fr/To by ABA routing number" in choice.finding.message


def test_a_new_release_is_a_row_of_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits follow the release in force on the day checked: a later row that allows four
    address lines lets a four-line address pass from its day on, and not before."""
    from dataclasses import replace
    from datetime import date

    from qenex_messages.rules.fedwire import dates

    later = replace(dates.RELEASES[0], name="Release 2027", in_force=date(2027, 3, 1))
    monkeypatch.setattr(dates, "RELEASES", (dates.RELEASES[0], replace(later, address_lines=4)))
    lines = "".join(f"<AdrLine>Line {n}</AdrLine>" for n in range(4))
    text = sample(FEDWIRE_PACS).replace("<AdrLine>400 Market Street</AdrLine>", lines)
    text = text.replace("<AdrLine>San Francisco CA 94105</AdrLine>", "")

    def codes(day: date) -> set[str]:
        return {f.code for f in check_profile(parse(text), "fedwire", as_of=day)}

    assert "FEDWIRE-ADRLINE" in codes(date(2027, 2, 28))
    assert "FEDWIRE-ADRLINE" not in codes(date(2027, 3, 1))
    assert dates.release_on(date(2027, 3, 1)).name == "Release 2027"  # type: ignore[union-attr]
