"""The first pass on long messages, where it reads identifiers and sums amounts its own way.

Properties: in a message of many transactions (where each identifier that is checked for
nothing else has an ``iter`` of its own, and a level's amounts are read in bulk) the first
pass and the exact pass give the same findings, with repeated identifiers, figures a cent off
at either level, amounts that are no number and several PmtInf blocks; the first pass finds
what the exact pass reports (it is not clean then); and the bulk sum of amount texts is the
sum of the texts read one by one, whatever they hold.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.identifiers import exact_sum, parse_decimal
from qenex_messages.iso20022 import checks, first_pass
from qenex_messages.iso20022.detect import detect
from qenex_messages.iso20022.xmlsafe import parse_xml

PAIN = "pain.001.001.09"
PACS = "pacs.008.001.08"
TRANSACTIONS = 12


def _document(generate: ModuleType, version: str, count: int) -> etree._Element:
    buffer = io.BytesIO()
    generate.write_xml(buffer, version, count)
    tree = parse_xml(buffer.getvalue()).value
    assert tree is not None
    document = detect(tree.getroot()).document
    assert document is not None
    return document


def _texts(document: etree._Element, name: str) -> list[etree._Element]:
    return list(document.iter("{*}" + name))


def _repeat(name: str) -> Callable[[etree._Element], None]:
    def edit(document: etree._Element) -> None:
        found = _texts(document, name)
        found[7].text = found[3].text

    return edit


def _placeholders(document: etree._Element) -> None:
    for element in _texts(document, "EndToEndId")[2:5]:
        element.text = "NOTPROVIDED"


def _repeat_beside_placeholders(document: etree._Element) -> None:
    _repeat("EndToEndId")(document)
    for element in _texts(document, "EndToEndId")[9:11]:
        element.text = "NOTPROVIDED"


def _same_ids_across_kinds(document: etree._Element) -> None:
    for instruction, end_to_end in zip(
        _texts(document, "InstrId"), _texts(document, "EndToEndId"), strict=True
    ):
        instruction.text = end_to_end.text


def _a_cent_off(name: str, which: int) -> Callable[[etree._Element], None]:
    def edit(document: etree._Element) -> None:
        stated = _texts(document, name)[which]
        value = parse_decimal(stated.text)
        assert value is not None
        stated.text = str(value + Decimal("0.01"))

    return edit


def _amount(text: str) -> Callable[[etree._Element], None]:
    def edit(document: etree._Element) -> None:
        for amount in [*_texts(document, "InstdAmt"), *_texts(document, "IntrBkSttlmAmt")][5:6]:
            amount.text = text

    return edit


def _two_blocks(document: etree._Element) -> None:
    """Split the PmtInf block in two (its stated figures are then those of both)."""
    block = _texts(document, "PmtInf")[0]
    second = copy.deepcopy(block)
    for tx in _texts(block, "CdtTrfTxInf")[5:]:
        block.remove(tx)
    for tx in _texts(second, "CdtTrfTxInf")[:5]:
        second.remove(tx)
    message = block.getparent()
    assert message is not None
    message.append(second)


def _two_blocks_stated_right(document: etree._Element) -> None:
    """Two PmtInf blocks, each with its own PmtInfId, count and sum."""
    _two_blocks(document)
    _texts(document, "PmtInfId")[1].text = "QX-GEN-PMT-2"
    for block in _texts(document, "PmtInf"):
        amounts = [parse_decimal(a.text) for a in _texts(block, "InstdAmt")]
        _texts(block, "NbOfTxs")[0].text = str(len(amounts))
        _texts(block, "CtrlSum")[0].text = str(exact_sum(a for a in amounts if a is not None))


# (name, edit, versions it applies to, whether the checks beyond the XSD report something)
EDITS: list[tuple[str, Callable[[etree._Element], None], tuple[str, ...], bool]] = [
    ("as generated", lambda _: None, (PAIN, PACS), False),
    ("InstrId repeated", _repeat("InstrId"), (PAIN, PACS), True),
    ("EndToEndId repeated", _repeat("EndToEndId"), (PAIN, PACS), True),
    ("TxId repeated", _repeat("TxId"), (PACS,), True),
    ("NOTPROVIDED thrice", _placeholders, (PAIN, PACS), False),
    ("EndToEndId repeated beside NOTPROVIDED", _repeat_beside_placeholders, (PAIN, PACS), True),
    ("InstrId the same as EndToEndId", _same_ids_across_kinds, (PAIN, PACS), False),
    ("group CtrlSum a cent off", _a_cent_off("CtrlSum", 0), (PAIN,), True),
    ("block CtrlSum a cent off", _a_cent_off("CtrlSum", 1), (PAIN,), True),
    ("TtlIntrBkSttlmAmt a cent off", _a_cent_off("TtlIntrBkSttlmAmt", 0), (PACS,), True),
    ("amount 1.2.3", _amount("1.2.3"), (PAIN, PACS), True),
    ("amount empty", _amount(""), (PAIN, PACS), True),
    ("amount with spaces", _amount(" 10.00 "), (PAIN, PACS), True),
    ("amount with an exponent", _amount("1E1"), (PAIN, PACS), True),
    ("two PmtInf blocks", _two_blocks, (PAIN,), True),
    ("two PmtInf blocks stated rightly", _two_blocks_stated_right, (PAIN,), False),
]


def _verdict(document: etree._Element, message_type: str) -> first_pass.Verdict:
    return first_pass.first_pass(document, message_type, 100_000)


@pytest.mark.parametrize(
    ("version", "name"), [(v, name) for name, _, versions, _ in EDITS for v in versions]
)
def test_long_messages_agree(generate: ModuleType, version: str, name: str) -> None:
    """Edited long messages get the same findings both ways, and the first pass is clean
    exactly when there is nothing to report."""
    _, edit, _, reported = next(e for e in EDITS if e[0] == name)
    document = _document(generate, version, TRANSACTIONS)
    edit(document)
    message_type = version[:8]
    fast = checks.check_document(document, message_type, source="t.xml")
    exact = checks.exact_findings(document, message_type, source="t.xml")
    assert fast == exact
    assert bool(exact) == reported
    assert _verdict(document, message_type).clean == (not reported)


@pytest.mark.parametrize("version", [PAIN, PACS])
def test_both_ways_of_reading_identifiers_are_taken(generate: ModuleType, version: str) -> None:
    """The generated long message takes the identifiers' own walks, a one-transaction one
    reads them in the walk: the tests above exercise both."""
    for count, long in ((TRANSACTIONS, True), (1, False)):
        document = _document(generate, version, count)
        figures = first_pass._figures(document, version[:8])
        assert figures is not None
        assert figures.long() == long


def test_a_long_message_blind_to_end_to_end_ids_is_caught(
    generate: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A planted bug (the identifiers' own walks forget EndToEndId) misses a repeated one in a
    long message: the comparison above would fail."""
    document = _document(generate, PAIN, TRANSACTIONS)
    _repeat("EndToEndId")(document)
    assert not _verdict(document, "pain.001").ids
    first_pass._plan.cache_clear()
    plan = first_pass._plan("pain.001")
    kept = tuple(alone for alone in plan.alone if not alone[1].endswith("EndToEndId"))
    monkeypatch.setattr(plan, "alone", kept)
    try:
        assert _verdict(document, "pain.001").ids
    finally:
        first_pass._plan.cache_clear()


_PLAIN = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: f"{d:f}"),
)
_ODD = st.one_of(
    st.text(alphabet="0123456789.+-\n eE_", max_size=8),
    st.text(alphabet="0123456789", min_size=60, max_size=70),
    st.sampled_from(["1.", ".5", "+.5", "-0", "1.2.3", "", "+", ".", "NaN", "1_0", "1e1", " 1"]),
    st.sampled_from(["\u0661\u0662", "1\n2"]),
)
_AMOUNT_TEXTS = st.one_of(
    st.lists(_PLAIN, max_size=12),
    st.lists(_PLAIN, min_size=1, max_size=6)
    .flatmap(lambda plain: st.tuples(st.just(plain), st.integers(0, len(plain)), _ODD | st.none()))
    .map(lambda t: [*t[0][: t[1]], t[2], *t[0][t[1] :]]),
    st.lists(_PLAIN | _ODD | st.none(), max_size=12),
)


@given(_AMOUNT_TEXTS)
def test_amount_texts_summed_in_bulk_as_one_by_one(texts: list[str | None]) -> None:
    """The bulk sum of a level's amount texts is the exact sum of those that read as numbers,
    one by one (what the exact pass adds)."""
    one_by_one = exact_sum(v for v in map(parse_decimal, texts) if v is not None)
    assert first_pass._sum(texts) == one_by_one


_IDS = st.lists(st.sampled_from(["A", " A", "B", "C ", "NOTPROVIDED", " NOTPROVIDED", ""]))


@given(st.lists(_IDS, max_size=4), st.integers(0, 12))
def test_identifiers_read_apart_are_compared_as_those_read_in_the_walk(
    apart: list[list[str]], cap: int
) -> None:
    """Identifiers read by an ``iter`` of their own (one list per kind) repeat, or exceed the
    cap, exactly when the same read in the walk (as kind and text) do."""
    walked = [(kind, text) for kind, texts in enumerate(apart) for text in texts]
    assert first_pass._differ([], apart, cap) == first_pass._differ(walked, [], cap)
