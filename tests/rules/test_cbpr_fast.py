"""The CBPR+ rules' proofs of a clean message change nothing they report.

Property: for every message, the ``cbpr+`` profile gives exactly the findings (codes,
severities, messages, locations, order) with the proofs of the CBPR+ rules as with every
rule's exact body alone (:func:`exact_only`). Checked over the corpus, the examples, every
CBPR+ rule's own examples, the mutations of the one-walk test, the benchmark's generated
messages, and CBPR+ documents whose payment identifiers are replaced by generated text or
repeated.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.charsets import CBPR_EXTENDED_EXTRA, X_CHARS
from qenex_messages.iso20022 import parse_xml
from qenex_messages.rules import check_profile, rulebook_rules
from qenex_messages.rules.cbpr import ids
from qenex_messages.rules.cbpr import text as text_rules
from qenex_messages.rules.profiles import rules_for
from qenex_messages.rules.proofs import exact_only
from qenex_messages.rules.samples import (
    CBPR_PACS,
    CBPR_PAIN,
    SAMPLES_DATE,
    example_text,
    parse,
    sample,
)
from tests.conftest import load_script
from tests.rules.test_one_walk import _corpus as corpus
from tests.rules.test_one_walk import mutated

REPO = Path(__file__).resolve().parents[2]


def _differs(root: etree._Element, as_of: date = SAMPLES_DATE) -> bool:
    """True when the cbpr+ findings differ with and without the proofs."""
    fast = check_profile(root, "cbpr+", as_of=as_of, source="m.xml")
    with exact_only():
        exact = check_profile(root, "cbpr+", as_of=as_of, source="m.xml")
    return fast != exact


def _roots() -> list[tuple[str, etree._Element, date]]:
    """The corpus (when ../shared is there), the examples, and each CBPR+ rule's own examples."""
    found = []
    for path in corpus() + sorted((REPO / "examples").glob("*.xml")):
        parsed = parse_xml(path.read_bytes(), source=path.name).value
        if parsed is not None:
            found.append((path.name[:60], parsed.getroot(), SAMPLES_DATE))
    for r in rules_for("cbpr+"):
        for i, e in enumerate((*r.passes, *r.fails)):
            found.append((f"{r.id}-{i}", parse(example_text(e)), e.as_of or SAMPLES_DATE))
    return found


@pytest.mark.parametrize(("name", "root", "as_of"), _roots(), ids=lambda x: str(x)[:60])
def test_documents(name: str, root: etree._Element, as_of: date) -> None:
    assert not _differs(root, as_of), name


@settings(max_examples=60)
@given(root=mutated())
def test_mutations(root: etree._Element) -> None:
    assert not _differs(root)


def test_generated_documents() -> None:
    """The benchmark's CBPR+ pacs.008 of one and of several transactions."""
    generate = load_script(REPO / "scripts" / "generate.py", "qenex_generate")
    for count in (1, 5):
        buffer = io.BytesIO()
        generate.write_xml(buffer, "pacs.008.001.08", count, cbpr=True)
        assert not _differs(parse(buffer.getvalue().decode()))


_IDS = ("UETR", "InstrId", "EndToEndId")
_PIECES = st.sampled_from(
    [
        "eb6305c9-1f7f-49de-aed0-16487c27b42d",
        "EB6305C9-1F7F-49DE-AED0-16487C27B42D",
        "eb6305c9-1f7f-19de-aed0-16487c27b42d",
        "REF1",
        "NOTPROVIDED",
        *("", " ", "\t", "/", "//", "A", "é"),
        "a" * 17,
        "b" * 36,
    ]
)


@st.composite
def cbpr_documents(draw: st.DrawFn) -> etree._Element:
    """A CBPR+ sample whose payment identifiers are given generated text (or CDATA), dropped, or
    whose PmtId is repeated with or without them."""
    text = sample(draw(st.sampled_from([CBPR_PACS, CBPR_PAIN])))
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(_IDS))
        found = re.search(f"<{name}>([^<]*)</{name}>", text)
        if found is None:
            continue
        action = draw(st.sampled_from(["text", "cdata", "drop", "empty-pmtid-first"]))
        if action == "drop":
            text = text[: found.start()] + text[found.end() :]
        elif action == "empty-pmtid-first":
            text = text.replace("<PmtId>", f"<PmtId><{name}>X</{name}></PmtId><PmtId>", 1)
        else:
            value = draw(st.lists(_PIECES, max_size=3).map("".join))
            body = f"<![CDATA[{value}]]>" if action == "cdata" else value
            text = text[: found.start(1)] + body + text[found.end(1) :]
    return parse(text)


@settings(max_examples=150)
@given(root=cbpr_documents())
def test_generated_values(root: etree._Element) -> None:
    assert not _differs(root)


@pytest.mark.parametrize(
    ("proof", "loose", "rule_id"),
    [
        ("_uetrs_ok", lambda _: True, "CBPR-UETR"),
        ("_instrids_ok", lambda _: True, "CBPR-INSTRID"),
        ("_e2es_ok", lambda _: True, "CBPR-E2E"),
    ],
)
def test_planted_bug_is_caught(
    monkeypatch: pytest.MonkeyPatch, proof: str, loose: object, rule_id: str
) -> None:
    """A proof that accepts everything is caught by the rule's own failing example."""
    monkeypatch.setattr(ids, proof, loose)
    rule = next(r for r in rulebook_rules() if r.id == rule_id)
    example = rule.fails[0]
    assert _differs(parse(example_text(example)), example.as_of or SAMPLES_DATE)


def test_planted_first_pmtid_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proof that looks for UETR under any PmtId misses one missing from the first."""
    monkeypatch.setattr(ids, "_MISSING", "{tx}[not(d:PmtId/d:UETR and d:PmtId/d:InstrId)]")
    text = sample(CBPR_PACS).replace("<PmtId>", "<PmtId><InstrId>X</InstrId></PmtId><PmtId>", 1)
    assert _differs(parse(text))


_SPOTS = ("<Nm>Paris Trading<", "<StrtNm>Rue de Rivoli<", "<Ustrd>Invoice 42<", "<InstrInf>Call<")
_ALPHABET = "".join(sorted(X_CHARS)) + CBPR_EXTENDED_EXTRA + "\t\n\r" + "éß€\u00a0_"


@settings(max_examples=150)
@given(
    spot=st.sampled_from(_SPOTS),
    value=st.text(alphabet=_ALPHABET, max_size=8),
    form=st.sampled_from(["text", "cdata", "comment"]),
)
def test_charset_over_texts(spot: str, value: str, form: str) -> None:
    """Any text, in the FIN X set, the extended set or neither, escaped, as CDATA or after a
    comment, in a name, an address line, remittance or InstrInf."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("\r", "&#13;")
    if form == "cdata" and "]]>" not in value:
        escaped = f"<![CDATA[{value.replace(chr(13), '')}]]>"
    elif form == "comment":
        escaped = f"<!--{value.replace('-', '')}-->{escaped}"
    text = sample(CBPR_PACS).replace(
        "<RmtInf>", "<InstrForNxtAgt><InstrInf>Call</InstrInf></InstrForNxtAgt><RmtInf>", 1
    )
    text = text.replace(spot, spot[: spot.index(">") + 1] + escaped + "<", 1)
    assert not _differs(parse(text))


def test_planted_charset_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A character-set proof that holds InstrInf to the extended set misses what the exact
    check reports."""
    loose = (("InstrInf",), text_rules._EXTENDED)
    monkeypatch.setattr(text_rules, "_PROOF_SETS", (text_rules._PROOF_SETS[0], loose))
    text = sample(CBPR_PACS).replace(
        "<RmtInf>", "<InstrForNxtAgt><InstrInf>a_b</InstrInf></InstrForNxtAgt><RmtInf>", 1
    )
    assert _differs(parse(text))
