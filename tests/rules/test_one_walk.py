"""The one-walk view changes nothing a profile reports.

Property: for every message and every profile (and ``auto``), :func:`check_profile` and
:func:`select_profile` give exactly the findings (codes, severities, messages, locations, order)
of the straightforward evaluation, which walks the tree for every lookup and filters the rules
from the registry on every call (:mod:`tests.rules.walking_view`). Checked over the corpus, the
examples, every rule's own passing and failing examples, and mutations of the samples.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.findings import Finding
from qenex_messages.iso20022 import parse_xml
from qenex_messages.rule_record import Example, Scope
from qenex_messages.rules import PROFILES, check_profile, rulebook_rules, select_profile
from qenex_messages.rules.samples import SAMPLES_DATE, example_text, parse, sample, sample_names
from tests.rules.walking_view import straightforward

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "iso20022"
PER_CHUNK = frozenset({Scope.HEADER, Scope.TRANSACTION})


def _runs(root: etree._Element, profile: str, as_of: date) -> list[object]:
    """Everything a profile reports on ``root``: the whole run, the per-chunk run of a stream,
    and the choice of ``auto``."""
    return [
        check_profile(root, profile, as_of=as_of, source="m.xml"),  # type: ignore[arg-type]
        check_profile(root, profile, as_of=as_of, scopes=PER_CHUNK),  # type: ignore[arg-type]
        select_profile(root, source="m.xml", as_of=as_of),
    ]


def assert_same(root: etree._Element, profiles: tuple[str, ...], as_of: date) -> None:
    """Both evaluations report the same on ``root`` for every profile in ``profiles``."""
    for profile in profiles:
        fast = _runs(root, profile, as_of)
        with straightforward():
            slow = _runs(root, profile, as_of)
        assert fast == slow, profile


def _corpus() -> list[Path]:
    return sorted(CORPUS.rglob("*.xml")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared corpus not present")
@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name[:60])
def test_corpus(path: Path) -> None:
    out = parse_xml(path.read_bytes(), source=path.name)
    if out.value is None:
        pytest.skip("not well-formed")
    assert_same(out.value.getroot(), PROFILES, SAMPLES_DATE)


@pytest.mark.parametrize("path", sorted((REPO / "examples").glob("*.xml")), ids=lambda p: p.name)
def test_examples(path: Path) -> None:
    assert_same(etree.parse(str(path)).getroot(), PROFILES, SAMPLES_DATE)


def _rule_examples() -> list[tuple[str, str, Example]]:
    return [
        (f"{r.id}-{kind}{i}", r.order[0], e)
        for r in rulebook_rules()
        for kind, examples in (("ok", r.passes), ("fail", r.fails))
        for i, e in enumerate(examples)
    ]


@pytest.mark.parametrize(
    ("profile", "example"), [x[1:] for x in _rule_examples()], ids=[x[0] for x in _rule_examples()]
)
def test_rule_examples(profile: str, example: Example) -> None:
    root = parse(example_text(example))
    assert_same(root, (example.under or profile,), example.as_of or SAMPLES_DATE)


_NAMES = (
    "PstlAdr",
    "AdrLine",
    "Nm",
    "IBAN",
    "BICFI",
    "Ctry",
    "TwnNm",
    "Ustrd",
    "CdtTrfTxInf",
    "PmtInf",
    "UETR",
    "InstrId",
    "Cd",
    "SvcLvl",
    "RmtInf",
    "Purp",
    "LEI",
    "Prtry",
)
_TEXTS = st.sampled_from(
    [
        "",
        "   ",
        "Müller & Co",
        "NOTPROVIDED",
        "GB29NWBK60161331926818",
        "DEUTXXFF",
        "XX",
        "EUR",
        "1 High Street London",
        "a" * 141,
        "/REF//1",
        "10.001",
        "TGT",
        "SEPA",
        "FDW",
    ]
)


@st.composite
def mutated(draw: st.DrawFn, bases: tuple[str, ...] = ()) -> etree._Element:
    """A sample (or one of the texts ``bases``) with a few elements removed, repeated, moved,
    renamed or given other text."""
    root = parse(
        draw(st.sampled_from(bases)) if bases else sample(draw(st.sampled_from(sample_names())))
    )
    for _ in range(draw(st.integers(1, 4))):
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        el = draw(st.sampled_from(elements))
        parent = el.getparent()
        action = draw(st.sampled_from(["drop", "repeat", "move", "rename", "text", "comment"]))
        if action == "drop" and parent is not None:
            parent.remove(el)
        elif action == "repeat" and parent is not None:
            el.addnext(copy.deepcopy(el))
        elif action == "move" and parent is not None:
            draw(st.sampled_from(elements)).append(copy.deepcopy(el))
        elif action == "rename":
            ns = el.tag[1:].partition("}")[0] if el.tag.startswith("{") else ""
            name = draw(st.sampled_from(_NAMES))
            el.tag = f"{{{ns}}}{name}" if ns and draw(st.booleans()) else name
        elif action == "text":
            el.text = draw(_TEXTS)
        elif action == "comment":
            el.insert(0, etree.Comment("note"))
    return root


@given(root=mutated(), profile=st.sampled_from(PROFILES))
def test_mutations(root: etree._Element, profile: str) -> None:
    assert_same(root, (profile,), SAMPLES_DATE)


def _repeated(name: str) -> list[etree._Element]:
    """The sample ``name`` once per element, with a copy of that element placed before it whose
    texts differ (so "the first X" and "any X" give different answers)."""
    count = sum(1 for _ in parse(sample(name)).iter())
    variants = []
    for n in range(1, count):
        root = parse(sample(name))
        el = list(root.iter())[n]
        if not isinstance(el.tag, str):
            continue
        twin = copy.deepcopy(el)
        for node in twin.iter():
            if isinstance(node.tag, str) and node.text and node.text.strip():
                node.text = "X"
        el.addprevious(twin)
        variants.append(root)
    return variants


@pytest.mark.parametrize("name", sample_names())
def test_repeated_elements(name: str) -> None:
    """Every element of every sample repeated in turn, under the sample's own profile."""
    profile = {"sepa": "sepa", "cbpr": "cbpr+", "fedwire": "fedwire", "hvps": "hvps+"}.get(
        name.split("-")[0], name.split("-")[0]
    )
    for root in _repeated(name):
        assert_same(root, (profile,), SAMPLES_DATE)


def test_findings_are_compared() -> None:
    """The comparison sees findings: a failing example reports under both evaluations."""
    rule = next(r for r in rulebook_rules() if r.id == "CBPR-LEN")
    root = parse(example_text(rule.fails[0]))
    fast = check_profile(root, "cbpr+", as_of=SAMPLES_DATE)
    assert any(isinstance(f, Finding) and f.code == "CBPR-LEN" for f in fast)


def test_apphdr_without_from_is_a_finding() -> None:
    """A Fedwire AppHdr without Fr is reported, not a crash (found by the mutations above)."""
    text = sample("fedwire-pacs.008.001.08")
    start, end = text.index("<Fr>"), text.index("</Fr>") + len("</Fr>")
    root = parse(text[:start] + text[end:])
    found = check_profile(root, "fedwire", as_of=SAMPLES_DATE)
    assert any("AppHdr/Fr is mandatory" in f.message for f in found)
    assert_same(root, ("fedwire",), SAMPLES_DATE)


def test_a_planted_lookup_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison sees the cached lookups: children kept in reverse order (so ``find`` and
    ``hfind`` answer with the last of repeated elements) make it fail on a repeated AppHdr/Fr."""
    from qenex_messages.rules.view import Message

    text = sample("cbpr-pacs.008.001.08")
    start = text.index("<Fr>")
    root = parse(text[:start] + text[start:].replace("ABCDGB2LXXX", "WWEBGB3LXXX", 1))
    twin = root.find(".//{*}AppHdr/{*}Fr")
    assert twin is not None
    twin.addnext(copy.deepcopy(twin))
    twin.find(".//{*}BICFI").text = "ABCDGB2LXXX"  # type: ignore[union-attr]
    assert_same(root, ("cbpr+",), SAMPLES_DATE)
    kids = Message._kids

    def reversed_kids(self: Message, el: etree._Element) -> dict[object, list[etree._Element]]:
        flipped = {tag: group[::-1] for tag, group in kids(self, el).items()}
        self._children[el] = flipped
        return flipped

    monkeypatch.setattr(Message, "_kids", reversed_kids)
    with pytest.raises(AssertionError):
        assert_same(root, ("cbpr+",), SAMPLES_DATE)
