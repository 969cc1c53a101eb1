"""The optimistic pass of the checks beyond the XSD gives exactly what the exact pass gives.

Property: for every document, :func:`checks.check_document` (which first asks, building no
location or finding, whether anything is wrong, and only then runs the exact pass) returns the
same findings as :func:`checks.exact_findings`, over the corpus, the examples and the rule
samples, and over mutations of them that break one value, one figure or one identifier.
A planted bug (a first pass that misses one kind of problem) makes the property fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.findings import Finding
from qenex_messages.identifiers import parse_decimal
from qenex_messages.iso20022 import check_record, check_xml, checks, first_pass
from qenex_messages.iso20022.check_record import Tree
from qenex_messages.iso20022.detect import detect
from qenex_messages.iso20022.totals import UNIQUE, stated_value
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
    """The fast findings (by the filtered walk, and by the whole walk made when a rulebook
    follows, which must agree) and the exact ones."""
    fast = checks.check_document(document, message_type, source="t.xml")
    walked = checks.check_document_walked(document, message_type, source="t.xml", whole=True)[0]
    exact = checks.exact_findings(document, message_type, source="t.xml")
    assert fast == walked, (message_type, fast, walked)
    return fast, exact


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


def _blind_to(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Plant a bug: a first pass whose plan does not know the elements ``names``."""
    checked = {k: v for k, v in check_record.VALUE_CHECKS.items() if k not in names}
    unique = {t: {k: v for k, v in u.items() if k not in names} for t, u in UNIQUE.items()}
    monkeypatch.setattr(first_pass, "VALUE_CHECKS", checked)
    monkeypatch.setattr(first_pass, "UNIQUE", unique)
    first_pass._plan.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_plans() -> Iterator[None]:
    """Each test starts and ends with plans built from the registered checks."""
    first_pass._plan.cache_clear()
    yield
    first_pass._plan.cache_clear()


def test_a_first_pass_blind_to_amounts_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first pass that overlooks unknown currencies says "clean" where the exact pass reports:
    the property finds it (so it can fail)."""
    broken = _broken_amounts()
    assert broken
    assert _differences(broken) == []
    _blind_to(monkeypatch, *checks.AMOUNT_ELEMENTS)
    assert _differences(broken) != []


def _repeated_end_to_end() -> list[tuple[str, bytes]]:
    out = []
    for name, data in LOADED:
        found = _document(data)
        if found is None:
            continue
        ids = [e for e in found[0].iter("{*}EndToEndId") if e.text]
        if len(ids) > 1:
            ids[1].text = ids[0].text
            out.append((name, etree.tostring(found[0])))
    return out


def test_a_first_pass_blind_to_end_to_end_ids_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first pass that does not track EndToEndId misses its repeats: the property fails."""
    broken = _repeated_end_to_end()
    assert broken
    assert _differences(broken) == []
    _blind_to(monkeypatch, "EndToEndId")
    assert _differences(broken) != []


def _sums_off_by_a_cent() -> list[tuple[str, bytes]]:
    out = []
    for name, data in LOADED:
        found = _document(data)
        if found is None or found[1] not in ("pacs.008", "pain.001"):
            continue
        stated = next(found[0].iter("{*}CtrlSum", "{*}TtlIntrBkSttlmAmt"), None)
        value = parse_decimal(stated.text) if stated is not None else None
        if stated is not None and value is not None:
            stated.text = str(value + Decimal("0.01"))
            out.append((name, etree.tostring(found[0])))
    return out


def test_a_first_pass_that_only_counts_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first pass that compares the counts of each level but not its sums misses a CtrlSum
    a cent off: the property fails."""
    broken = _sums_off_by_a_cent()
    assert broken
    assert _differences(broken) == []

    def counts_only(
        figures: list[tuple[str, str | None]], levels: first_pass._Figures, level: int
    ) -> bool:
        texts = levels.texts[level]
        values = [stated_value(name, text) for name, text in figures if name == "NbOfTxs"]
        counts = [value for value in values if value is not None]
        return not counts or counts[-1] == len(texts)

    monkeypatch.setattr(first_pass, "_agrees", counts_only)
    assert _differences(broken) != []


def test_the_generated_messages_take_the_first_pass_only() -> None:
    """A valid message never reaches the exact pass (no location is built for it)."""
    path = Path(REPO / "examples" / "pacs.008.001.08-apphdr.xml")
    found = _document(path.read_bytes())
    assert found is not None
    document, message_type = found
    limits = resolve(None)
    assert first_pass.first_pass(document, message_type, limits.max_tracked_ids).clean


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


_EQUIVALENT = '<Amt><EqvtAmt><Amt Ccy="EUR">10.00</Amt><CcyOfTrf>USD</CcyOfTrf></EqvtAmt></Amt>'
_PAIN_EDITS = (
    (("<Amt><InstdAmt", "<Amt><InstdAmt"),),  # as it is
    (('<Amt><InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>', _EQUIVALENT),),
    (('<Amt><InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>', _EQUIVALENT.replace("10.00", "9.00")),),
    (('<Amt><InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>', _EQUIVALENT + "<Amt><InstdAmt/></Amt>"),),
    (
        (
            '<InstdAmt Ccy="EUR">10.00</InstdAmt>',
            '<InstdAmt Ccy="EUR">1</InstdAmt><InstdAmt>9</InstdAmt>',
        ),
    ),
    (('<Amt><InstdAmt Ccy="EUR">10.00', '<Amt/><Amt><InstdAmt Ccy="EUR">10.00'),),
    (('<Amt><InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>', "<Amt><InstdAmt>x</InstdAmt></Amt>"),),
    (('<Amt><InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>', ""),),
    (("<RmtInf><Ustrd>Invoice 1", '<RmtInf><Amt><InstdAmt Ccy="EUR">5</InstdAmt></Amt><Ustrd>I'),),
    (
        (
            "</CdtTrfTxInf>",
            "<CdtTrfTxInf><Amt><InstdAmt>2.5</InstdAmt></Amt></CdtTrfTxInf></CdtTrfTxInf>",
        ),
    ),
    (
        (
            "</PmtInf>",
            '<CdtTrfTxInf><Amt><InstdAmt Ccy="EUR">1</InstdAmt></Amt></CdtTrfTxInf></PmtInf>',
        ),
    ),
    (("<GrpHdr>", "<CdtTrfTxInf><Amt><InstdAmt>1</InstdAmt></Amt></CdtTrfTxInf><GrpHdr>"),),
    (
        ('<InstdAmt Ccy="EUR">10.00<', '<InstdAmt Ccy="EUR">15.00<'),
        ("<PmtId><InstrId>", '<PmtId><Amt><InstdAmt Ccy="EUR">10.00</InstdAmt></Amt><InstrId>'),
    ),
    (("<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>2</NbOfTxs><NbOfTxs>3</NbOfTxs>"),),
    (("<CtrlSum>12.50</CtrlSum><InitgPty>", "<CtrlSum>1E1</CtrlSum><InitgPty>"),),
    (("</PmtInf>", "</PmtInf><PmtInf><NbOfTxs>0</NbOfTxs><CtrlSum>0</CtrlSum></PmtInf>"),),
)
_PACS_EDITS = (
    (('Ccy="EUR">1000.00<', 'Ccy="EUR">1000.00<'),),
    (('<IntrBkSttlmAmt Ccy="EUR">1000.00<', '<IntrBkSttlmAmt Ccy="EUR">999.00<'),),
    (
        (
            "</PmtId>",
            '</PmtId><SplmtryData><IntrBkSttlmAmt Ccy="EUR">1</IntrBkSttlmAmt></SplmtryData>',
        ),
    ),
    (
        (
            "</CdtTrfTxInf>",
            "<CdtTrfTxInf><IntrBkSttlmAmt>1</IntrBkSttlmAmt></CdtTrfTxInf></CdtTrfTxInf>",
        ),
    ),
    (('<IntrBkSttlmAmt Ccy="EUR">1000.00<', '<IntrBkSttlmAmt Ccy="EUR"> 1000.0 <'),),
    (('<IntrBkSttlmAmt Ccy="EUR">1000.00<', '<IntrBkSttlmAmt Ccy="EUR">1000\n00<'),),
    (
        (
            "<TtlIntrBkSttlmAmt",
            '<TtlIntrBkSttlmAmt Ccy="EUR">1</TtlIntrBkSttlmAmt><TtlIntrBkSttlmAmt',
        ),
    ),
)


@pytest.mark.parametrize(
    ("base", "edits"),
    [("pain.001.001.09", e) for e in _PAIN_EDITS] + [("pacs.008.001.08", e) for e in _PACS_EDITS],
)
def test_transactions_anywhere_are_counted_alike(
    base: str, edits: tuple[tuple[str, str], ...]
) -> None:
    """Amounts given as equivalents, missing, repeated or not numbers, and transactions and
    amounts where no transaction or amount of a level stands, are counted and summed alike by
    the first pass and the exact pass (the walk meets them in document order)."""
    text = check_record.sample(base)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    found = _document(text.encode())
    assert found is not None
    assert _differences([(base, text.encode())]) == []


def test_a_first_pass_blind_to_where_an_amount_stands_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first pass that takes the first amount met after a transaction starts, wherever it
    stands, sums the wrong amounts in some of the documents above: the comparison fails."""

    see = first_pass._Figures.see

    def anywhere(
        self: first_pass._Figures, element: etree._Element, role: int, name: str, text: str | None
    ) -> None:
        if role & first_pass._AMOUNT:
            if self.tx is not None and self.amount is None:
                self.amount = (text,)
            return
        see(self, element, role, name, text)

    monkeypatch.setattr(first_pass._Figures, "see", anywhere)
    documents = []
    for base, edits in [("pain.001.001.09", e) for e in _PAIN_EDITS]:
        text = check_record.sample(base)
        for old, new in edits:
            text = text.replace(old, new, 1)
        documents.append((base, text.encode()))
    assert _differences(documents) != []


def test_an_amount_holding_a_line_break_is_not_two_amounts() -> None:
    """An amount text with a line break inside (``1000\\n00``) is not a number: the
    transactions' sum joins the texts with line breaks, so it must not read it as two (Decimal
    then refused it and the check raised)."""
    text = check_record.sample("pacs.008.001.08").replace(
        '<IntrBkSttlmAmt Ccy="EUR">1000.00<', '<IntrBkSttlmAmt Ccy="EUR">1000\n00<', 1
    )
    assert check_xml(text.encode()).findings  # the XSD refuses it; nothing raises
