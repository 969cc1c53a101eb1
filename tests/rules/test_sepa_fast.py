"""The SEPA rules' proofs of a clean message change nothing they report.

Property: for every message, the ``sepa`` and ``sepa-inst`` profiles give exactly the findings
(codes, severities, messages, locations, order) with the proofs of
:mod:`qenex_messages.rules.sepa.common` as with every rule's exact body alone
(:func:`exact_only`). Checked over the corpus, the examples, every SEPA rule's own examples,
the mutations of the one-walk test, and SEPA documents whose identifiers, amounts, codes and
names are replaced by generated text (in and out of the basic set, white space, ``&``, CDATA).
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages import rule_record
from qenex_messages.charsets import X_CHARS
from qenex_messages.iso20022 import parse_xml
from qenex_messages.rule_record import Example, apply_edits
from qenex_messages.rules import check_profile, rulebook_rules
from qenex_messages.rules.proofs import exact_only, holds
from qenex_messages.rules.samples import SAMPLES_DATE, example_text, parse, sample
from qenex_messages.rules.sepa import addresses as sepa_addresses
from qenex_messages.rules.sepa import amounts, charset, ids, remittance, whole
from qenex_messages.rules.sepa.common import PROOF_NAMES
from qenex_messages.rules.view import PAIN001, Message
from tests.conftest import load_script
from tests.rules.declared import always, assert_reported_as_exact, declare
from tests.rules.test_one_walk import CORPUS, mutated
from tests.rules.test_one_walk import _corpus as corpus

REPO = Path(__file__).resolve().parents[2]
SEPA_PROFILES = ("sepa", "sepa-inst")


def _differs(root: etree._Element, profiles: tuple[str, ...], as_of: date) -> str | None:
    """The first profile whose findings differ with and without the proofs, else None."""
    for profile in profiles:
        fast = check_profile(root, profile, as_of=as_of, source="m.xml")  # type: ignore[arg-type]
        with exact_only():
            exact = check_profile(root, profile, as_of=as_of, source="m.xml")  # type: ignore[arg-type]
        if fast != exact:
            return profile
    return None


def assert_same(root: etree._Element, profiles: tuple[str, ...] = SEPA_PROFILES) -> None:
    assert _differs(root, profiles, SAMPLES_DATE) is None


@pytest.mark.parametrize(
    "path", corpus() + sorted((REPO / "examples").glob("*.xml")), ids=lambda p: p.name[:60]
)
def test_documents(path: Path) -> None:
    """The corpus (when ../shared is there) and the examples."""
    parsed = parse_xml(path.read_bytes(), source=path.name).value
    if parsed is None:
        pytest.skip("not well-formed")
    assert_same(parsed.getroot())


def _sepa_examples() -> list[tuple[str, Example]]:
    return [
        (f"{r.id}-{kind}{i}", e)
        for r in rulebook_rules()
        if r.id.startswith("SEPA-")
        for kind, examples in (("ok", r.passes), ("fail", r.fails))
        for i, e in enumerate(examples)
    ]


@pytest.mark.parametrize(
    "example", [x[1] for x in _sepa_examples()], ids=[x[0] for x in _sepa_examples()]
)
def test_rule_examples(example: Example) -> None:
    root = parse(example_text(example))
    profiles = (example.under,) if example.under else SEPA_PROFILES
    assert _differs(root, profiles, example.as_of or SAMPLES_DATE) is None


@settings(max_examples=60)
@given(root=mutated())
def test_mutations(root: etree._Element) -> None:
    assert_same(root)


_NAMES = (*PROOF_NAMES, "Cd", "Ustrd", "Ctry")
"""Elements whose text the generated documents replace (those that hold text match)."""
_PIECES = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "/",
        "//",
        "RF",
        "SEPA",
        "SLEV",
        "TRF",
        "EUR",
        "0",
        "1",
        "9",
        ".",
        "10.00",
        "999999999.99",
        "1000000000",
        "DE89370400440532013000",
        "TR330006100519786457841326",
        "CH9300762011623852957",
        "COBADEFFXXX",
        "UBSWCHZH80A",
        "NOTPROVIDED",
        "Müller",
        "&",
        "٣",
        "a" * 36,
        "b" * 71,
    ]
)
_TEXTS = st.lists(_PIECES, max_size=4).map("".join)


@st.composite
def sepa_documents(draw: st.DrawFn) -> etree._Element:
    """A SEPA sample with some identifiers, amounts, codes or names given generated text, some
    written as CDATA or with character references, and some Ccy attributes changed."""
    text = sample(draw(st.sampled_from(["sepa-pain.001.001.09", "sepa-pacs.008.001.08"])))
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(_NAMES))
        spots = [m.start(1) for m in re.finditer(f"<{name}(?: [^>]*)?>([^<]*)</{name}>", text)]
        if not spots:
            continue
        at = draw(st.sampled_from(spots))
        end = text.index("<", at)
        value = draw(_TEXTS)
        escaped = value.replace("&", "&amp;")
        form = draw(st.sampled_from(["text", "cdata", "charref"]))
        if form == "cdata":
            escaped = f"<![CDATA[{value}]]>"
        elif form == "charref":
            escaped = "".join(f"&#{ord(c)};" for c in value)
        text = text[:at] + escaped + text[end:]
    if draw(st.booleans()):
        text = text.replace('Ccy="EUR"', f'Ccy="{draw(st.sampled_from(["USD", "", "eur"]))}"', 1)
    return parse(text)


@settings(max_examples=150)
@given(root=sepa_documents())
def test_generated_values(root: etree._Element) -> None:
    assert_same(root)


def test_generated_documents() -> None:
    """Generated pain.001 and pacs.008 documents of several transactions, as the benchmark's."""
    generate = load_script(REPO / "scripts" / "generate.py", "qenex_generate")
    for version in ("pain.001.001.09", "pacs.008.001.08"):
        buffer = io.BytesIO()
        generate.write_xml(buffer, version, 5)
        assert_same(parse(buffer.getvalue().decode()))


@pytest.mark.parametrize(
    ("module", "name", "loose", "rule_id"),
    [
        (amounts, "AMOUNT_OK", r"[0-9.]+", "SEPA-AMT"),
        (ids, "_ID_OK", r"[^\n]{1,35}", "SEPA-ID"),
    ],
)
def test_planted_bug_is_caught(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, loose: str, rule_id: str
) -> None:
    """A proof made too loose (it accepts what the exact body reports) is caught by the rule's
    own failing example."""
    monkeypatch.setattr(module, name, re.compile(loose))
    rule = next(r for r in rulebook_rules() if r.id == rule_id)
    example = rule.fails[0]
    assert _differs(parse(example_text(example)), ("sepa",), example.as_of or SAMPLES_DATE)


_PROVEN = [r for r in rulebook_rules() if r.id.startswith("SEPA-") and r.proof is not None]


@pytest.mark.parametrize("rule", _PROVEN, ids=lambda r: r.id)
def test_planted_runner_bug_is_caught(monkeypatch: pytest.MonkeyPatch, rule: object) -> None:
    """The profile skips a rule exactly when the proof its record declares holds: a declared
    proof that holds for every message hides what the rule's own failing examples report."""
    assert isinstance(rule, rule_record.Rule)
    declare(monkeypatch, rule, always)
    caught = [
        e
        for e in rule.fails
        if _differs(parse(example_text(e)), (e.under or rule.order[0],), e.as_of or SAMPLES_DATE)
    ]
    assert caught, f"{rule.id}: a proof that always holds went unnoticed"


_LEAF_PIECES = st.sampled_from(
    [" ", "\t", "\n", "&#13;", "&#32;", "x", "&amp;", "<![CDATA[ ]]>", "<![CDATA[x]]>", "<!--c-->"]
)
_LEAF = re.compile(r"<(\w+)>[^<]*</\1>")


@st.composite
def blank_documents(draw: st.DrawFn) -> etree._Element:
    """A SEPA sample whose leaves are given content made of white space, text, character
    references, CDATA and comments, parsed keeping CDATA sections or not."""
    text = sample(draw(st.sampled_from(["sepa-pain.001.001.09", "sepa-pacs.008.001.08"])))
    for _ in range(draw(st.integers(1, 3))):
        leaf = draw(st.sampled_from(list(_LEAF.finditer(text))))
        content = "".join(draw(st.lists(_LEAF_PIECES, min_size=1, max_size=3)))
        name = leaf.group(1)
        text = f"{text[: leaf.start()]}<{name}>{content}</{name}>{text[leaf.end() :]}"
    if draw(st.booleans()):
        return parse(text)
    return etree.fromstring(text.encode(), etree.XMLParser(strip_cdata=False))


@settings(max_examples=150)
@given(root=blank_documents())
def test_blank_leaves(root: etree._Element) -> None:
    assert_same(root, ("sepa",))


def test_planted_blank_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blank-leaf proof that knows only the space misses a tab the exact XPath reports."""
    monkeypatch.setattr(charset, "_XML_SPACE", " ")
    text = sample("sepa-pain.001.001.09").replace("<Ustrd>Invoice 1<", "<Ustrd>\t<", 1)
    assert _differs(parse(text), ("sepa",), SAMPLES_DATE)


_OUTSIDE = "&<>é€ß\u00a0\u2003\x85_@#"


@settings(max_examples=150)
@given(
    value=st.text(alphabet="".join(sorted(X_CHARS)) + "\t\n\r" + _OUTSIDE, max_size=12),
    form=st.sampled_from(["text", "cdata"]),
)
def test_charset_over_texts(value: str, form: str) -> None:
    """Any text, in the basic set or not, written escaped or as CDATA in a name."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("\r", "&#13;")
    if form == "cdata" and "]]>" not in value:
        escaped = f"<![CDATA[{value.replace(chr(13), '')}]]>"
    text = sample("sepa-pain.001.001.09").replace("<Nm>Dupont SA<", f"<Nm>{escaped}<", 1)
    assert_same(parse(text), ("sepa",))


def _charset_at(text: str, *, exact: bool) -> list[str | None]:
    root = parse(text)
    if exact:
        with exact_only():
            found = check_profile(root, "sepa", as_of=SAMPLES_DATE, source="m.xml")
    else:
        found = check_profile(root, "sepa", as_of=SAMPLES_DATE, source="m.xml")
    return [f.location.xpath for f in found if f.code == "SEPA-CHARSET"]


_CREDITOR_NAME = "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/Cdtr/Nm"


@pytest.mark.parametrize("exact", [False, True], ids=["proofs", "exact"])
@pytest.mark.parametrize("inside", ["\n", "\t", "&#13;", "&#10;"])
def test_a_line_break_or_tab_inside_a_value_is_outside_the_set(inside: str, exact: bool) -> None:
    """White space between elements is allowed; a line break, tab or carriage return inside a
    value is not in the basic set (a value of white space alone is SEPA-BLANK's, not this)."""
    sepa = sample("sepa-pain.001.001.09")
    inner = sepa.replace("<Nm>Dupont SA<", f"<Nm>Dupont{inside}SA<", 1)
    assert _charset_at(inner, exact=exact) == [_CREDITOR_NAME]
    alone = sepa.replace("<Nm>Dupont SA<", f"<Nm>{inside} <", 1)
    assert _charset_at(alone, exact=exact) == []


@settings(max_examples=150)
@given(value=st.text(alphabet="".join(sorted(X_CHARS)) + "\t\n\r" + _OUTSIDE, max_size=12))
def test_charset_finds_exactly_the_values_outside_the_set(value: str) -> None:
    """Oracle: the creditor's name is reported when it holds a character outside the basic set
    and is not white space alone."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")
    text = sample("sepa-pain.001.001.09").replace("<Nm>Dupont SA<", f"<Nm>{escaped}<", 1)
    outside = any(ch not in X_CHARS for ch in value) and value.strip(" \t\r\n") != ""
    assert _charset_at(text, exact=False) == ([_CREDITOR_NAME] if outside else [])


def test_planted_charset_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A character-set proof that also allows '&' misses what the exact check reports."""
    monkeypatch.setattr(charset, "_ALLOWED", charset._ALLOWED + b"&")
    text = sample("sepa-pain.001.001.09").replace("<Nm>Dupont SA<", "<Nm>Dupont &amp; Co<", 1)
    assert _differs(parse(text), ("sepa",), SAMPLES_DATE)


def test_planted_control_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proof that overlooks a line break inside a value misses what the exact check reports."""
    monkeypatch.setattr(charset, "_control_in_value", lambda _msg: False)
    text = sample("sepa-pain.001.001.09").replace("<Nm>Dupont SA<", "<Nm>Dupont&#10;SA<", 1)
    assert _differs(parse(text), ("sepa",), SAMPLES_DATE)


_FOREIGN_LINES = (
    '<x:AdrLine xmlns:x="urn:x">a</x:AdrLine>' * 3,
    '<x:AdrLine xmlns:x="urn:x">' + "a" * 80 + "</x:AdrLine>",
    "<AdrLine xmlns=''>" + "a" * 80 + "</AdrLine>",
)


@pytest.mark.parametrize("lines", _FOREIGN_LINES)
def test_an_address_line_in_another_namespace_is_seen(lines: str) -> None:
    """An address's shape reads its children by local name: AdrLine in another namespace (or in
    none) counts for SEPA-ADRLINE with the proofs as without them."""
    text = sample("sepa-pain.001.001.09").replace("<AdrLine>Hauptstr 5</AdrLine>", lines, 1)
    assert lines in text
    root = parse(text)
    assert _differs(root, ("sepa",), SAMPLES_DATE) is None
    assert "SEPA-ADRLINE" in {f.code for f in check_profile(root, "sepa", as_of=SAMPLES_DATE)}


def test_planted_foreign_address_line_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proof that looks for AdrLine in the document's namespace only misses the foreign
    AdrLine the exact check counts."""
    in_the_document = "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.09}AdrLine"
    monkeypatch.setattr(sepa_addresses, "_ANY_ADRLINE", in_the_document)
    text = sample("sepa-pain.001.001.09").replace(
        "<AdrLine>Hauptstr 5</AdrLine>", _FOREIGN_LINES[0], 1
    )
    assert _differs(parse(text), ("sepa",), SAMPLES_DATE)


_WHOLE_EDITS = (
    (
        "<PstlAdr><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine>",
        "<PstlAdr><StrtNm>Hauptstr</StrtNm><BldgNb>5</BldgNb><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry>",
    ),
    ("<Purp><Cd>SALA</Cd></Purp>", ""),
    ("UBSWCHZH80A", "COBADEFFXXX"),
    ("CH9300762011623852957", "DE89370400440532013000"),
)
_WHOLE_BASE = apply_edits(
    sample("sepa-pain.001.001.09"), Example(base="sepa-pain.001.001.09", edits=_WHOLE_EDITS)
)
"""The pain.001 sample with a structured address, no purpose and no Swiss agent, which the
whole proof passes (on the sample itself, the rules' own proofs are asked)."""


def _on_whole_base() -> list[tuple[str, Example]]:
    found = []
    for rule_id, example in _sepa_examples():
        if example.base != "sepa-pain.001.001.09":
            continue
        if all(old in _WHOLE_BASE for old, _ in example.edits):
            found.append((rule_id, example))
    return found


def test_the_whole_proof_holds_on_the_structured_sample() -> None:
    msg = Message(parse(_WHOLE_BASE), as_of=SAMPLES_DATE, source=None, profile="sepa")
    assert whole.sepa_clean(msg)
    assert check_profile(parse(_WHOLE_BASE), "sepa", as_of=SAMPLES_DATE) == []


@pytest.mark.parametrize(
    "example", [x[1] for x in _on_whole_base()], ids=[x[0] for x in _on_whole_base()]
)
def test_rule_examples_on_a_sample_the_whole_proof_passes(example: Example) -> None:
    """Every SEPA rule's example edit, made to a sample the whole proof holds on, gives the
    same findings with the proofs as without."""
    root = parse(apply_edits(_WHOLE_BASE, example))
    profiles = (example.under,) if example.under else SEPA_PROFILES
    assert _differs(root, profiles, example.as_of or SAMPLES_DATE) is None


def test_planted_whole_proof_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A service-level shortcut that passes any shape hides what SEPA-SVCLVL reports."""
    monkeypatch.setattr(whole, "_one_level_per_block", lambda *_: True)
    text = _WHOLE_BASE.replace("<Cd>SEPA</Cd>", "<Cd>NURG</Cd>", 1)
    assert _differs(parse(text), ("sepa",), SAMPLES_DATE)


def _both_walks(root: etree._Element, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole proof's walk of the body whole (elements picked in Python) and through lxml's
    filter find the same elements in the same order, or both meet a node that stops it."""
    for profile in SEPA_PROFILES:
        msg = Message(root, as_of=SAMPLES_DATE, source=None, profile=profile)
        if msg.body is None or msg.kind is None:
            continue
        walk = whole._walk(msg.ns, msg.kind, profile == "sepa-inst", sepa_addresses._ANY_ADRLINE)
        found = []
        for small in (True, False):
            monkeypatch.setattr(whole, "walk_whole", lambda _body, small=small: small)
            walked = walk.groups(msg.body)
            found.append(walked and {name: list(els) for name, els in walked[0].items()})
        assert found[0] == found[1]


_STOPS = ("<!-- a comment -->", "<?pi x?>", "<Purp><Cd>SALA</Cd></Purp>", "<AdrLine>x</AdrLine>")


@pytest.mark.parametrize("stop", ["", *_STOPS])
def test_both_walks_find_the_same(stop: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _WHOLE_BASE.replace("<EndToEndId>", f"{stop}<EndToEndId>", 1)
    assert text != _WHOLE_BASE or not stop
    root = etree.fromstring(text.encode())  # keeps comments and PIs, unlike the safe parser
    _both_walks(root, monkeypatch)
    with monkeypatch.context() as patched:
        patched.setattr(whole, "walk_whole", lambda _body: True)
        msg = Message(root, as_of=SAMPLES_DATE, source=None, profile="sepa")
        assert whole.sepa_clean(msg) is (stop == "")


@settings(max_examples=40)
@given(root=mutated())
def test_both_walks_find_the_same_in_mutations(root: etree._Element) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _both_walks(root, monkeypatch)


def test_both_walks_find_the_same_in_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in corpus()[:200] + sorted((REPO / "examples").glob("*.xml")):
        parsed = parse_xml(path.read_bytes(), source=path.name).value
        if parsed is not None:
            _both_walks(parsed.getroot(), monkeypatch)


def _grouped(root: etree._Element) -> Iterator[tuple[Message, whole._Grouped]]:
    """For each SEPA profile under which the whole proof's walk of ``root`` finds nothing that
    stops it: the view, and what the walk found."""
    for profile in SEPA_PROFILES:
        msg = Message(root, as_of=SAMPLES_DATE, source=None, profile=profile)
        if msg.body is None or msg.kind is None:
            continue
        walk = whole._walk(msg.ns, msg.kind, profile == "sepa-inst", sepa_addresses._ANY_ADRLINE)
        grouped = walk.groups(msg.body)
        if grouped is not None:
            yield msg, grouped


def _leaves_agree(root: etree._Element) -> None:
    """Where the whole proof's walk reads the leaves' texts (a small body), the pass over them
    answers what the pass of its own over the body answers."""
    for msg, (_found, leaves, _shape) in _grouped(root):
        if leaves is not None:
            assert charset.scan_texts(leaves) == charset._scan_leaves(msg)


_TOWNS = (
    "<TwnNm> </TwnNm>",
    "<TwnNm>\t</TwnNm>",
    "<TwnNm>Ber&#10;lin</TwnNm>",
    "<TwnNm> Berlin</TwnNm>",
)


@pytest.mark.parametrize("town", ["<TwnNm>Berlin</TwnNm>", *_TOWNS])
def test_the_walk_reads_the_leaves_as_their_own_pass(town: str) -> None:
    """A leaf the whole proof reads nothing else of (the town name) is still seen blank, or with
    a line break, by SEPA-BLANK's and SEPA-CHARSET's proofs (a leading space alone is no
    finding, though the pass turns the whole proof down)."""
    root = parse(_WHOLE_BASE.replace("<TwnNm>Berlin</TwnNm>", town, 1))
    _leaves_agree(root)
    assert _differs(root, SEPA_PROFILES, SAMPLES_DATE) is None
    codes = {f.code for f in check_profile(root, "sepa", as_of=SAMPLES_DATE)}
    assert ("SEPA-BLANK" in codes or "SEPA-CHARSET" in codes) is (town in _TOWNS[:3])


@settings(max_examples=40)
@given(root=mutated())
def test_the_walk_reads_the_leaves_as_their_own_pass_in_mutations(root: etree._Element) -> None:
    _leaves_agree(root)


def test_the_walk_reads_the_leaves_as_their_own_pass_in_the_corpus() -> None:
    for path in corpus()[:200] + sorted((REPO / "examples").glob("*.xml")):
        parsed = parse_xml(path.read_bytes(), source=path.name).value
        if parsed is not None:
            _leaves_agree(parsed.getroot())


def test_planted_leaves_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A walk that hands the leaves' pass no text of white space alone misses a blank town."""

    def dropping(msg: Message, texts: list[str]) -> None:
        charset.leaves_read(msg, [t for t in texts if t.strip()])

    monkeypatch.setattr(whole, "leaves_read", dropping)
    assert _differs(
        parse(_WHOLE_BASE.replace("<TwnNm>Berlin<", "<TwnNm> <", 1)), ("sepa",), SAMPLES_DATE
    )


_ONE_TX = re.sub(
    r"<CdtTrfTxInf><PmtId><EndToEndId>E2E-2.*?</CdtTrfTxInf>\n", "", _WHOLE_BASE, flags=re.S
).replace("<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>1</NbOfTxs>")


def _totals_of(amount: str, ctrl: str, group_ctrl: str | None = None) -> tuple[bool, bool]:
    """The whole proof's totals and SEPA-COUNT's own proof on a one-transaction pain.001 whose
    amount and CtrlSums are written ``amount`` and ``ctrl`` (the group header's ``group_ctrl``
    when given)."""
    text = _ONE_TX.replace(">10.00<", f">{amount}<")
    if group_ctrl is not None:
        text = text.replace(">12.50<", f">{group_ctrl}<", 1)
    text = text.replace(">12.50<", f">{ctrl}<")
    msg = Message(parse(text), as_of=SAMPLES_DATE, source=None, profile="sepa")
    assert msg.body is not None
    walked = whole._walk(msg.ns, PAIN001, False, sepa_addresses._ANY_ADRLINE).groups(msg.body)
    assert walked is not None
    found = walked[0]
    clean = whole._totals_clean(
        msg, found["NbOfTxs"], found["CtrlSum"], found["InstdAmt"], found["PmtInf"]
    )
    return clean, amounts.counts_clean(msg)


def _totals_agree(amount: str, ctrl: str, group_ctrl: str | None = None) -> bool:
    """The whole proof's totals imply SEPA-COUNT's own proof (returned: they hold)."""
    clean, counted = _totals_of(amount, ctrl, group_ctrl)
    assert not clean or counted
    return clean


@settings(max_examples=150)
@given(
    amount=st.text(alphabet="0123456789. ", min_size=1, max_size=14),
    ctrl=st.text(alphabet="0123456789. ", min_size=1, max_size=14),
)
def test_one_transaction_totals_imply_the_count_proof(amount: str, ctrl: str) -> None:
    _totals_agree(amount, ctrl)
    _totals_agree(amount, amount)
    _totals_agree(amount, amount, ctrl)  # the group's CtrlSum written otherwise
    _totals_agree(amount, ctrl, amount)


@pytest.mark.parametrize(
    ("amount", "ctrl", "clean"),
    [("10.00", "10.00", True), ("10.00", "10", True), ("10.001", "10.001", False)],
)
def test_one_transaction_totals(amount: str, ctrl: str, clean: bool) -> None:
    assert _totals_agree(amount, ctrl) is clean


@pytest.mark.parametrize(
    ("amount", "ctrl", "group_ctrl", "clean"),
    [
        ("10.00", "10.00", "10", True),
        ("10.00", "10.00", "10.000", False),
        ("0.01", "0.01", "0.010", False),
        ("10.00", "10.01", "10.00", False),
    ],
)
def test_one_transaction_totals_per_level(
    amount: str, ctrl: str, group_ctrl: str, clean: bool
) -> None:
    """The group header's CtrlSum and the block's are each held to the amount."""
    assert _totals_agree(amount, ctrl, group_ctrl) is clean


def test_planted_totals_shortcut_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shortcut that takes any CtrlSum written as the amount for its sum passes 3 decimals."""
    monkeypatch.setattr(whole, "AMOUNT_OK", re.compile(".*"))
    assert _totals_of("10.001", "10.001") == (True, False)


_LEVEL_CODES = st.sampled_from(["SEPA", "NURG", "sepa", "SEPA ", "", "URGP"])


@st.composite
def _service_levels(draw: st.DrawFn) -> etree._Element:
    """A SEPA pain.001 whose service levels are edited: the code changed, a Prtry or another
    Cd added, a level repeated, moved into a transaction or dropped, a block repeated."""
    root = parse(sample(draw(st.sampled_from(["sepa-pain.001.001.09", "sepa-pain.001.001.03"]))))
    ns = root.tag[1:].partition("}")[0]
    for _ in range(draw(st.integers(1, 3))):
        levels = list(root.iter(f"{{{ns}}}SvcLvl"))
        blocks = list(root.iter(f"{{{ns}}}PmtInf"))
        action = draw(st.sampled_from(["code", "add", "repeat", "move", "drop", "block"]))
        if action == "block" or not levels:
            block = draw(st.sampled_from(blocks))
            block.addnext(copy.deepcopy(block))
            continue
        level = draw(st.sampled_from(levels))
        if action == "code" and len(level):
            level[0].text = draw(_LEVEL_CODES)
        elif action == "add":
            extra = etree.SubElement(level, f"{{{ns}}}{draw(st.sampled_from(['Prtry', 'Cd']))}")
            extra.text = draw(_LEVEL_CODES)
        elif action == "repeat":
            level.addnext(copy.deepcopy(level))
        elif action == "move":
            txs = list(root.iter(f"{{{ns}}}CdtTrfTxInf"))
            if txs:
                holder = etree.SubElement(draw(st.sampled_from(txs)), f"{{{ns}}}PmtTpInf")
                holder.append(level)  # moved, not copied: as many levels as blocks
        elif action == "drop":
            parent = level.getparent()
            assert parent is not None
            parent.remove(level)
    return root


@settings(max_examples=150)
@given(root=st.one_of(_service_levels(), mutated((sample("sepa-pain.001.001.09"),))))
def test_one_level_per_block_implies_the_service_level_proof(root: etree._Element) -> None:
    """Mutations of pain.001 messages with one SEPA service level per block: whenever the
    shortcut takes the shape, SEPA-SVCLVL's own XPath holds too."""
    msg = Message(root, as_of=SAMPLES_DATE, source=None, profile="sepa")
    if msg.body is None or msg.kind is None:
        return
    levels = list(msg.body.iter(msg.q("SvcLvl")))
    blocks = list(msg.body.iter(msg.q("PmtInf")))
    taken = whole._one_level_per_block(msg, levels, blocks)
    event(f"shortcut takes the shape: {taken}")
    assert not taken or holds(msg, whole._SVCLVL[msg.kind])


_LATER_MEMBER = _WHOLE_BASE.replace("FR1420041010050500013M02606", "AL47212110090000000235698741")
_LATER_MEMBER = _LATER_MEMBER.replace("BNPAFRPPXXX", "BKASALTRXXX")
"""The structured sample paying an Albanian account at an Albanian bank (in SEPA from 5 Oct
2025)."""
_AROUND_JOINING = (
    (date(2026, 11, 26), "2026-11-27"),
    (date(2025, 1, 8), "2025-01-09"),
    (date(2026, 11, 26), "2026-11-27"),
)
"""Dates after and before Albania's joining, each with the next business day to execute on."""


def _on(when: date, execute: str) -> etree._Element:
    return parse(_LATER_MEMBER.replace("<Dt>2026-11-27</Dt>", f"<Dt>{execute}</Dt>"))


def _around_joining() -> str | None:
    """The first date around Albania's joining on which the proofs' findings differ from the
    exact bodies' (asked in turn, so the value checks have kept what the first date passed)."""
    for when, execute in _AROUND_JOINING:
        if _differs(_on(when, execute), SEPA_PROFILES, when):
            return when.isoformat()
    return None


def test_an_identifier_kept_clean_is_clean_on_any_date() -> None:
    """An IBAN and BIC passed on one date are still reported on a date their country was not
    in SEPA: the value checks keep a text only when its countries pass on every date."""
    assert _around_joining() is None
    (after, on_after), (before, on_before), _ = _AROUND_JOINING
    assert check_profile(_on(after, on_after), "sepa", as_of=after) == []
    found = check_profile(_on(before, on_before), "sepa", as_of=before)
    assert [f.code for f in found] == ["SEPA-COUNTRY"] * 2


def test_planted_kept_country_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeping an identifier whose country passes on the message's date only is caught."""
    monkeypatch.setattr(whole, "_on_any_date", lambda _countries: True)
    for kept in (whole._IBANS, whole._BICS):  # the wrong texts kept go with the test
        monkeypatch.setattr(kept, "kept", set())
    assert _around_joining() == "2025-01-08"


# -- the structural answer kept per shape ------------------------------------------------------
# Property: on a small body, the whole proof's structural answer (kept per shape) is the
# structural XPath's on that body, whatever shapes and texts were asked before.


def _structure_agrees(root: etree._Element) -> bool:
    """For each SEPA profile, the kept structural answer equals the XPath's on ``root``."""
    for msg, (found, leaves, shape) in _grouped(root):
        assert msg.kind is not None
        counts = {
            "parties": len(found["Dbtr"]) + len(found["Cdtr"]),
            "amounts": len(found[whole._TX_AMOUNT_NAME[msg.kind]]),
        }
        kept = whole._structure_holds(msg, shape, leaves, **counts)
        if kept != holds(msg, whole._STRUCTURE[msg.kind], **counts):
            return False
    return True


@settings(max_examples=60)
@given(root=mutated())
def test_the_kept_structure_is_the_xpaths_in_mutations(root: etree._Element) -> None:
    assert _structure_agrees(root)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared corpus not present")
def test_the_kept_structure_is_the_xpaths_in_the_corpus() -> None:
    for path in corpus():
        assert _structure_agrees(etree.parse(str(path)).getroot()), path.name


_SAME_TAGS = (
    # the same tags in the same order, the IBAN beside its Id instead of in it
    ("<Id><IBAN>DE89370400440532013000</IBAN></Id>", "<Id/><IBAN>DE89370400440532013000</IBAN>"),
    # the same shape, the Ustrd at the limit and past it
    ("<Ustrd>Invoice 1</Ustrd>", f"<Ustrd>{'x' * 140}</Ustrd>"),
    ("<Ustrd>Invoice 1</Ustrd>", f"<Ustrd>{'x' * 141}</Ustrd>"),
    # the same shape, an Ustrd with an element in it, its own text short and long
    ("<Ustrd>Invoice 1</Ustrd>", "<Ustrd>a<X/></Ustrd>"),
    ("<Ustrd>Invoice 1</Ustrd>", f"<Ustrd>{'x' * 141}<X/></Ustrd>"),
)


def _same_tags_agree() -> bool:
    """The sample and each edit of it with the same tags in document order, asked in turn
    (the first answer kept), give the same findings with the proofs as without."""
    for old, new in _SAME_TAGS:
        for text in (_WHOLE_BASE, _WHOLE_BASE.replace(old, new, 1)):
            if _differs(parse(text), SEPA_PROFILES, SAMPLES_DATE):
                return False
    return True


def test_the_kept_structure_tells_shapes_and_long_texts_apart() -> None:
    assert _same_tags_agree()


def test_planted_shape_without_children_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shape of the tags alone (no number of children) is caught."""
    groups = whole._Walk.groups

    def tags_only(walk: whole._Walk, body: etree._Element, walked: object = None) -> object:
        grouped = groups(walk, body, walked)  # type: ignore[arg-type]
        if grouped is None or grouped[2] is None:
            return grouped
        return grouped[0], grouped[1], (grouped[2][0], ())

    monkeypatch.setattr(whole._Walk, "groups", tags_only)
    monkeypatch.setattr(whole, "_SHAPES", {})
    assert not _same_tags_agree()


def test_planted_long_text_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept answer given to a body with a leaf longer than an Ustrd may be is caught."""
    monkeypatch.setattr(whole, "_LONGEST_LEAF", 10**6)
    monkeypatch.setattr(whole, "_SHAPES", {})
    assert not _same_tags_agree()


_WITHOUT_IBAN = _WHOLE_BASE.replace(
    "<DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>",
    "<DbtrAcct><Id><Othr><Id>12345</Id></Othr></Id></DbtrAcct>",
    1,
)
"""The sample with the debtor's account named without an IBAN (SEPA-IBAN turns it down)."""
_OTHER_DOCUMENT = _WITHOUT_IBAN.replace(
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">',
    '<o:Document xmlns:o="urn:other:pain.001.001.09" '
    'xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">',
    1,
).replace("</Document>", "</o:Document>", 1)
"""The same body under a Document of another namespace (the version read the same): the
structural XPath, asked in that namespace, finds nothing in the body, whose shape is the
same."""


def _namespaces_kept_apart() -> bool:
    """The body under another Document namespace, then under the right one: the proofs give
    the findings the rules give (SEPA-IBAN's on the second)."""
    return not any(
        _differs(parse(text), SEPA_PROFILES, SAMPLES_DATE)
        for text in (_OTHER_DOCUMENT, _WITHOUT_IBAN)
    )


def test_the_kept_structure_is_per_document_namespace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whole, "_SHAPES", {})
    assert _namespaces_kept_apart()


class _KeyedWithoutNamespace(dict[tuple[object, ...], bool]):
    """A planted bug: the kept answers keyed by kind and shape alone (without the Document's
    namespace)."""

    def get(self, key: tuple[object, ...], default: object = None) -> object:  # type: ignore[override]
        return super().get((key[0], key[-1]), default)

    def __setitem__(self, key: tuple[object, ...], value: bool) -> None:
        super().__setitem__((key[0], key[-1]), value)


def test_planted_shape_without_namespace_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whole, "_SHAPES", _KeyedWithoutNamespace())
    assert not _namespaces_kept_apart()


def test_a_large_body_is_not_kept_by_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small body (few children) with more than ``_MOST_SHAPED`` elements below is asked
    each time: no key per element is kept."""
    monkeypatch.setattr(whole, "_SHAPES", {})
    many = "<Nm>Mueller GmbH</Nm>" + "<X/>" * (whole._MOST_SHAPED + 1)
    text = _WHOLE_BASE.replace(
        "<InitgPty><Nm>Mueller GmbH</Nm></InitgPty>", f"<InitgPty>{many}</InitgPty>", 1
    )
    assert text != _WHOLE_BASE
    assert not _differs(parse(text), SEPA_PROFILES, SAMPLES_DATE)
    assert not whole._SHAPES


def test_the_shape_only_structure_asks_no_length() -> None:
    """The structure kept per shape asks whether an Ustrd holds an element where the full one
    asks its length (a reworded remittance question would leave a text question in it)."""
    for kind, expr in whole._SHAPE_ONLY.items():
        assert remittance.USTRD_TOO_LONG in whole._STRUCTURE[kind]
        assert remittance.USTRD_TOO_LONG not in expr
        assert remittance.USTRD_NOT_LEAF in expr


def test_planted_text_question_in_the_shape_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A structure kept per shape that still asks the Ustrd's length is caught."""
    monkeypatch.setattr(whole, "_SHAPE_ONLY", dict(whole._STRUCTURE))
    monkeypatch.setattr(whole, "_SHAPES", {})
    assert not _same_tags_agree()


def test_long_tags_are_not_kept() -> None:
    """A small body whose tags are long in all (a foreign namespace URI, in a schema-valid
    SplmtryData, repeated on every element under it) is reported as the exact bodies report
    it, and neither its shape nor its long tags are kept; an ordinary body's shape still is."""
    uri = "urn:long:" + "x" * 1_000
    inner = f'<x:r xmlns:x="{uri}">' + "<x:e/>" * 100 + "</x:r>"
    hostile = _WHOLE_BASE.replace(
        "</CdtTrfTxInf>", f"<SplmtryData><Envlp>{inner}</Envlp></SplmtryData></CdtTrfTxInf>", 1
    )
    assert hostile != _WHOLE_BASE
    whole._SHAPES.clear()
    for text in (hostile, _WHOLE_BASE):
        assert_reported_as_exact(text, "sepa")
    assert len(whole._SHAPES) == 1  # the base's
    walk = whole._Walk(tags=(), read=(), stops=frozenset())
    assert walk._admits([f"{{{uri}}}e", "{urn:short}e"])  # neither stops the proof
    kept = [tag for _, _, (tags, _) in whole._SHAPES for tag in tags] + list(walk.passed)
    assert "{urn:short}e" in kept and not any(uri in str(tag) for tag in kept)


def _two_blocks_with_one_pmtinfid() -> str:
    """:data:`_WHOLE_BASE` with its payment block twice (new EndToEndIds, the group's count
    and sum doubled): two blocks share one PmtInfId, which SEPA-UNIQ reports."""
    start = _WHOLE_BASE.index("<PmtInf>")
    end = _WHOLE_BASE.index("</PmtInf>") + len("</PmtInf>")
    block = _WHOLE_BASE[start:end].replace("E2E-1", "E2E-3").replace("E2E-2", "E2E-4")
    two = _WHOLE_BASE[:end] + block + _WHOLE_BASE[end:]
    head = re.search(r"<GrpHdr>.*?</GrpHdr>", two, re.S)
    assert head is not None
    doubled = re.sub(r"<NbOfTxs>(\d+)<", lambda m: f"<NbOfTxs>{int(m[1]) * 2}<", head[0])
    doubled = re.sub(r"<CtrlSum>([^<]+)<", lambda m: f"<CtrlSum>{Decimal(m[1]) * 2}<", doubled)
    return two[: head.start()] + doubled + two[head.end() :]


def test_a_repeated_payment_block_id_is_not_proven_clean() -> None:
    """Two blocks with one PmtInfId, otherwise clean: the whole proof does not pass it, and the
    findings (SEPA-UNIQ) are the exact bodies'."""
    root = parse(_two_blocks_with_one_pmtinfid())
    exact = check_profile(root, "sepa", as_of=SAMPLES_DATE, source="m.xml")
    assert [f.code for f in exact] == ["SEPA-UNIQ"]
    assert not whole.sepa_clean(Message(root, as_of=SAMPLES_DATE, source=None, profile="sepa"))
    assert _differs(root, SEPA_PROFILES, SAMPLES_DATE) is None


def test_an_instant_amount_over_the_old_cap_is_not_proven_clean() -> None:
    """Under sepa-inst on a date the 100,000 EUR cap held, a pacs.008 of 150,000.00 is not
    proven clean and is reported as the exact bodies report it."""
    text = sample("sepa-pacs.008.001.08").replace(">10.00<", ">150000.00<")
    assert ">150000.00<" in text
    root, before_lift = parse(text), date(2023, 12, 1)
    msg = Message(root, as_of=before_lift, source=None, profile="sepa-inst")
    assert not whole.sepa_clean(msg)
    assert _differs(root, ("sepa-inst",), before_lift) is None


def test_blocks_that_each_claim_the_whole_message_are_counted() -> None:
    """Two payment blocks (their own ids) that each claim the whole message's NbOfTxs and
    CtrlSum, as the group header does: the whole proof counts each block (the walk met two
    PmtInf) and does not pass it; the findings (SEPA-COUNT) are the exact bodies'."""
    text = _two_blocks_with_one_pmtinfid()
    head = re.search(r"<GrpHdr>.*?</GrpHdr>", text, re.S)
    assert head is not None
    number, total = (
        re.findall(r"<NbOfTxs>([^<]+)<", head[0]),
        re.findall(r"<CtrlSum>([^<]+)<", head[0]),
    )
    rest = re.sub(r"<NbOfTxs>[^<]+<", f"<NbOfTxs>{number[0]}<", text[head.end() :])
    rest = re.sub(r"<CtrlSum>[^<]+<", f"<CtrlSum>{total[0]}<", rest)
    second = rest.index("<PmtInfId>", rest.index("<PmtInfId>") + 1)
    rest = rest[:second] + rest[second:].replace("<PmtInfId>", "<PmtInfId>B-", 1)
    root = parse(text[: head.end()] + rest)
    with exact_only():
        exact = check_profile(root, "sepa", as_of=SAMPLES_DATE, source="m.xml")
    assert {f.code for f in exact} == {"SEPA-COUNT"}
    assert not whole.sepa_clean(Message(root, as_of=SAMPLES_DATE, source=None, profile="sepa"))
    assert _differs(root, SEPA_PROFILES, SAMPLES_DATE) is None
