"""The fix mode: after fix(x) the validator no longer reports what fix says it fixed, and
fix(fix(x)) == fix(x) with nothing more to change, over the corpus and mutated inputs."""

from __future__ import annotations

import datetime as dt
import random
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from qenex_messages import QenexError, validate_bytes
from qenex_messages.fix import fix_document
from qenex_messages.iso20022 import SUPPORTED, detect, parse_xml
from tests.conftest import REPO, SHARED
from tests.console import check_console_section

EXAMPLES = REPO / "examples"
BROKEN = REPO / "tests" / "data" / "broken"
AS_OF = dt.date(2026, 3, 2)
FIXED_BY = {
    "QX460": {"QX340", "QX341", "QX344", "SEPA-COUNT"},
    "QX461": {"SEPA-CHARSET", "CBPR-CHARSET-TXT"},
    "QX462": {"XSD-ORDER"},
    "QX465": {"QX330"},
}
"""What each kind of change repairs: the codes that must be gone from the fixed document
(``XSD-ORDER``: an XSD error saying an element must come before another)."""


@pytest.fixture(autouse=True)
def _installed_schemas(schema_store: Path) -> Path:
    """Every test here validates against the installed XSDs."""
    return schema_store


def _documents() -> list[Path]:
    found = sorted(EXAMPLES.glob("*.xml"))
    found += [BROKEN / n for n in ("pacs008-address-order.xml", "pacs008-nbsp-indent.xml")]
    found += [BROKEN / "pain001-ctrlsum.xml"]
    corpus = SHARED / "corpus" / "iso20022"
    if corpus.is_dir():
        for path in sorted(corpus.rglob("*.xml")):
            parsed = parse_xml(path.read_bytes())
            if parsed.value is None:
                continue
            info = detect(parsed.value.getroot())
            if info.message_type in ("pain.001", "pacs.008") and info.version in SUPPORTED:
                found.append(path)
    return found


DOCUMENTS = _documents()


def _codes(data: bytes, profile: str = "auto") -> set[str]:
    reports = validate_bytes(data, profile=profile, as_of=AS_OF)  # type: ignore[arg-type]
    return {
        "XSD-ORDER" if f.code == "QX323" and "must come before" in f.message else f.code
        for r in reports
        for f in r.findings
    }


def _fixed_without_its_findings(data: bytes, profile: str = "auto") -> bytes:
    """fix ``data``; assert the fixed document has none of the findings fix claims to have
    repaired, and that fixing it again changes nothing."""
    result = fix_document(data, profile=profile)  # type: ignore[arg-type]
    claimed = {f.code for f in result.findings}
    after = _codes(result.value, profile)
    for change, gone in FIXED_BY.items():
        if change in claimed and "QX464" not in claimed:
            assert not gone & after, (change, sorted(gone & after))
    again = fix_document(result.value, profile=profile)  # type: ignore[arg-type]
    assert again.value == result.value
    assert {f.code for f in again.findings} <= {"QX464"}
    return result.value


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_fix_is_idempotent_and_removes_what_it_fixes(path: Path) -> None:
    """Over the examples and every corpus pain.001 / pacs.008 of a supported version: the
    property above; and whatever the XSD or totals said before, fix leaves no new errors."""
    data = path.read_bytes()
    before = _codes(data)
    fixed = _fixed_without_its_findings(data)
    assert _codes(fixed) - before <= {"QX463"}


def _errors(data: bytes, profile: str) -> set[tuple[str, str | None]]:
    reports = validate_bytes(data, profile=profile, as_of=AS_OF)  # type: ignore[arg-type]
    return {(f.code, f.location.xpath) for r in reports for f in r.findings if f.is_error}


def _tree(data: bytes) -> etree._ElementTree:
    parsed = parse_xml(data)
    assert parsed.value is not None
    return parsed.value


def _mutate(data: bytes, seed: int, kinds: list[str]) -> bytes:
    """``data`` with wrong control figures, two neighbours swapped, and/or foreign letters."""
    rng = random.Random(seed)
    tree = _tree(data)
    root = tree.getroot()
    if "totals" in kinds:
        for element in root.iter("{*}NbOfTxs", "{*}CtrlSum", "{*}TtlIntrBkSttlmAmt"):
            element.text = str(rng.randint(0, 9)) + (".25" if "Nb" not in element.tag else "")
    if "order" in kinds:
        # neighbours of two names: swapping two of one name (two PmtInf) is another valid
        # document, not an order fix can restore
        pairs = []
        for element in root.iter():
            kids = [c for c in element if isinstance(c.tag, str)]
            pairs += [(a, b) for a, b in pairwise(kids) if a.tag != b.tag]
        first, second = rng.choice(pairs)
        first.addprevious(second)
    if "text" in kinds:
        names = [e for e in root.iter("{*}Nm", "{*}Ustrd") if e.text]
        for element in rng.sample(names, k=min(2, len(names))):
            element.text = (element.text or "")[:20] + rng.choice(["ü", "ß & Ø", "€ é", "@#"])
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


BASES = DOCUMENTS


@given(
    base=st.sampled_from(BASES),
    seed=st.integers(min_value=0, max_value=10_000),
    kinds=st.lists(st.sampled_from(["totals", "order", "text"]), min_size=1, unique=True),
)
def test_fix_repairs_mutated_documents(base: Path, seed: int, kinds: list[str]) -> None:
    """Wrong figures, a swapped pair of elements and foreign letters, in the examples and the
    corpus: after fix the document has no error that fixing the unmutated one leaves."""
    original = base.read_bytes()
    mutated = _mutate(original, seed, kinds)
    profile = "sepa" if "sepa" in base.name else "cbpr+" if "apphdr" in base.name else "auto"
    fixed = _fixed_without_its_findings(mutated, profile)
    baseline = fix_document(original, profile=profile).value  # type: ignore[arg-type]
    assert _errors(fixed, profile) <= _errors(baseline, profile)


def test_a_clean_document_comes_back_byte_for_byte() -> None:
    """Nothing to fix: the very bytes given, comments included, and no finding."""
    data = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
    result = fix_document(data)
    assert (result.value, result.findings) == (data, ())


def test_each_change_is_a_finding_that_says_what_changed() -> None:
    """A wrong NbOfTxs, an out-of-order element and a foreign letter: three findings, at the
    places changed; the comments the parser drops are named too."""
    data = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
    data = data.replace(b"<NbOfTxs>2</NbOfTxs>", b"<NbOfTxs>5</NbOfTxs>", 1)
    data = data.replace(b"Immo Voorbeeld NV", "Immö Voorbeeld NV".encode())
    data = data.replace(
        b"<PmtMtd>TRF</PmtMtd>\n      <BtchBookg>true</BtchBookg>",
        b"<BtchBookg>true</BtchBookg>\n      <PmtMtd>TRF</PmtMtd>",
    )
    result = fix_document(data, profile="sepa")
    assert [(f.code, f.location.xpath, f.message) for f in result.findings] == [
        (
            "QX460",
            "/Document/CstmrCdtTrfInitn/GrpHdr/NbOfTxs",
            "GrpHdr NbOfTxs '5' set to 2",
        ),
        (
            "QX462",
            "/Document/CstmrCdtTrfInitn/PmtInf[1]",
            "PmtMtd moved before BtchBookg, as the XSD orders the children of PmtInf",
        ),
        (
            "QX461",
            "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/Cdtr/Nm",
            "Nm 'Immö Voorbeeld NV' written as 'Immo Voorbeeld NV'",
        ),
        ("QX463", "/", "the input's comments and processing instructions are left out"),
    ]
    assert b"  <PmtMtd>TRF</PmtMtd>\n      <BtchBookg>" in result.value  # indentation kept


def test_transliterated_text_stays_within_its_length() -> None:
    """A 140-character name that grows when transliterated (ß -> ss) is cut to 140, and the
    finding says so."""
    data = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
    data = data.replace(b"Immo Voorbeeld NV", ("ß" * 140).encode())
    result = fix_document(data, profile="sepa")
    (change,) = [f for f in result.findings if f.code == "QX461"]
    assert change.message.endswith(", cut to 140 characters")
    assert b"<Nm>" + b"s" * 140 + b"</Nm>" in result.value
    assert not [f for r in validate_bytes(result.value) for f in r.findings if f.is_error]


def test_what_cannot_be_fixed_is_said() -> None:
    """An amount that is no number: CtrlSum is left alone with an error finding; a document
    that is not a pain.001 or pacs.008 is refused."""
    data = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
    data = data.replace(b">490.50<", b">4,90.50<")
    result = fix_document(data)
    assert {f.code for f in result.findings} == {"QX464"}
    assert result.value == data
    with pytest.raises(QenexError, match=r"fix handles pain\.001 and pacs\.008"):
        fix_document(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"/>')
    with pytest.raises(QenexError, match="this is an MT message"):
        fix_document((EXAMPLES / "mt103.fin").read_bytes())
    with pytest.raises(QenexError, match="readable ISO 20022 XML"):
        fix_document(b"<Document><unclosed></Document>")


def test_the_fix_examples_of_the_cli_page_print_what_it_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """docs/cli.md "Fixing a message": each command prints exactly what follows it and exits
    as shown, in a scratch folder; the input is never written over."""
    before = {p: p.read_bytes() for p in BROKEN.glob("*.xml")}
    assert check_console_section("Fixing a message", capsys, monkeypatch, tmp_path) >= 5
    assert {p: p.read_bytes() for p in BROKEN.glob("*.xml")} == before


def test_fix_in_place_and_to_standard_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--in-place rewrites FILE (and only with it); -o - writes to standard output."""
    from qenex_messages import cli

    work = tmp_path / "pain.xml"
    work.write_bytes((BROKEN / "pain001-ctrlsum.xml").read_bytes())
    assert cli.main(["fix", str(work), "-o", str(work)]) == 2
    assert "use --in-place" in capsys.readouterr().err
    assert cli.main(["fix", str(work), "-o", "-"]) == 0
    printed = capsys.readouterr().out
    assert "<CtrlSum>1740.50</CtrlSum>" in printed
    assert cli.main(["fix", str(work), "--in-place"]) == 0
    capsys.readouterr()
    assert work.read_text("utf-8") == printed
    assert [p.name for p in tmp_path.iterdir()] == ["pain.xml"]
    assert cli.main(["fix", "-", "--in-place"]) == 2
