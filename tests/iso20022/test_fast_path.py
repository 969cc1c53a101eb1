"""The optimistic pass of the checks beyond the XSD gives exactly what the exact pass gives.

Property: for every document, :func:`checks.check_document` (which first asks, building no
location or finding, whether anything is wrong, and only then runs the exact pass) returns the
same findings as :func:`checks.exact_findings`, over the corpus, the examples and the rule
samples, and over mutations of them that break one value, one figure or one identifier.
A planted bug (a first pass that misses one kind of problem) makes the property fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.findings import Finding
from qenex_messages.iso20022 import checks, message_checks
from qenex_messages.iso20022.check_record import Tree
from qenex_messages.iso20022.detect import detect
from qenex_messages.iso20022.xmlsafe import parse_xml
from qenex_messages.limits import resolve

from .conftest import REPO, corpus_files

SAMPLES = sorted((REPO / "src" / "qenex_messages" / "rules" / "samples").glob("*.xml"))
EXAMPLES = sorted((REPO / "examples").glob("*.xml"))
FILES = [*EXAMPLES, *SAMPLES, *corpus_files()]
CHECKED = ("pacs.008", "pain.001", "pacs.002", "pain.002")

# Replacement texts: valid and broken identifiers, dates, amounts, codes and figures, and
# repeats of identifiers already in the message.
TEXTS = (
    "DE89370400440532013000",
    "DE89370400440532013001",
    "DEUTDEFFXXX",
    "DEUTXXFFXXX",
    "XX",
    "DE",
    "2026-02-30",
    "2026-02-28",
    "2026-13-01T10:00:00",
    "1.234",
    "1000",
    "0",
    "NOTPROVIDED",
    "RF18539007547034",
    "RF00539007547034",
    "5493001KJTIIGC8Y1R12",
    "5493001KJTIIGC8Y1R13",
    "eb6305c9-1f7f-49de-aed0-16487c27b42d",
    "eb6305c9-1f7f-19de-aed0-16487c27b42d",
    "7",
)
CURRENCIES = ("EUR", "JPY", "BHD", "EUX", "")


def _document(data: bytes) -> tuple[etree._Element, str] | None:
    tree = parse_xml(data).value
    if tree is None:
        return None
    info = detect(tree.getroot())
    if info.document is None or info.message_type not in CHECKED:
        return None
    return info.document, info.message_type


def _same(document: etree._Element, message_type: str) -> tuple[list[Finding], list[Finding]]:
    return (
        checks.check_document(document, message_type, source="t.xml"),
        checks.exact_findings(document, message_type, source="t.xml"),
    )


def _loaded() -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in FILES]


LOADED = _loaded()


def _differences(documents: Iterable[tuple[str, bytes]]) -> list[str]:
    out = []
    for name, data in documents:
        found = _document(data)
        if found is None:
            continue
        fast, exact = _same(*found)
        if fast != exact:
            out.append(name)
    return out


def _mutate(data: bytes, position: int, text: str, currency: str | None, drop: bool) -> bytes:
    """``data`` with one checked element (the ``position``-th, cyclically) given ``text`` (and
    ``currency``), or, with ``drop``, one transaction removed."""
    tree = parse_xml(data).value
    assert tree is not None
    root = tree.getroot()
    if drop:
        transactions = list(root.iter("{*}CdtTrfTxInf"))
        if transactions:
            doomed = transactions[position % len(transactions)]
            parent = doomed.getparent()
            assert parent is not None
            parent.remove(doomed)
        return etree.tostring(root)
    targets = [e for e in root.iter(*checks._ALL_TAGS, "{*}NbOfTxs", "{*}CtrlSum") if len(e) == 0]
    if targets:
        target = targets[position % len(targets)]
        target.text = text
        if currency is not None and target.get("Ccy") is not None:
            target.set("Ccy", currency)
    return etree.tostring(root)


def test_the_corpus_and_examples_agree() -> None:
    """Every file checked both ways gives the same findings."""
    assert any(_document(data) for _, data in LOADED)
    assert _differences(LOADED) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.integers(min_value=0, max_value=len(LOADED) - 1),
    position=st.integers(min_value=0, max_value=500),
    text=st.sampled_from(TEXTS),
    currency=st.none() | st.sampled_from(CURRENCIES),
    drop=st.booleans(),
)
def test_mutations_agree(
    which: int, position: int, text: str, currency: str | None, drop: bool
) -> None:
    """A document with one value, figure or identifier changed, or one transaction dropped,
    gives the same findings both ways."""
    name, data = LOADED[which]
    if _document(data) is None:
        return
    mutated = _mutate(data, position, text, currency, drop)
    assert _differences([(name, mutated)]) == []


def _broken_amounts() -> list[tuple[str, bytes]]:
    return [
        (name, data.replace(b'Ccy="EUR"', b'Ccy="EUX"', 1))
        for name, data in LOADED
        if b'Ccy="EUR"' in data
    ]


def test_a_planted_bug_in_the_first_pass_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first pass that overlooks unknown currencies says "clean" where the exact pass reports:
    the property finds it (so it can fail)."""
    broken = _broken_amounts()
    assert broken
    assert _differences(broken) == []
    monkeypatch.setattr(checks, "values_clean", _overlooking_amounts)
    assert _differences(broken) != []


def _overlooking_amounts(document: etree._Element) -> bool:
    for element in document.iter(*checks._ALL_TAGS):
        name = etree.QName(element).localname
        if name in checks.AMOUNT_ELEMENTS or not element.text:
            continue  # the planted bug: amounts and currencies are not looked at
        if checks._problems(element, name, element.text):
            return False
    return True


def test_the_generated_messages_take_the_first_pass_only() -> None:
    """A valid message never reaches the exact pass (no location is built for it)."""
    path = Path(REPO / "examples" / "pacs.008.001.08-apphdr.xml")
    found = _document(path.read_bytes())
    assert found is not None
    document, message_type = found
    limits = resolve(None)
    assert checks.values_clean(document)
    assert message_checks.unique_ids_differ(document, message_type, limits.max_tracked_ids)
    assert checks.totals_agree(document, message_type)


def _key(finding: Finding) -> tuple[object, ...]:
    loc = finding.location
    return (loc.line or 0, loc.xpath or "", finding.code, finding.message, finding.severity.value)


def test_the_records_report_what_the_one_walk_reports() -> None:
    """Each check beyond the XSD run as its own record (as its examples are) finds, together
    with the others, exactly what the checks of a document find in their one walk."""
    checked = 0
    for _, data in LOADED:
        found = _document(data)
        if found is None:
            continue
        document, message_type = found
        tree = Tree(document, message_type, source="t.xml")
        by_records = [f for rule in checks.iso_checks() for f in rule.run(tree)]
        whole = checks.exact_findings(document, message_type, source="t.xml")
        assert sorted(map(_key, by_records)) == sorted(map(_key, whole))
        checked += 1
    assert checked
