"""The Fedwire rules against the Fedwire Funds guideline XSDs they transcribe (F1 pacs.008,
F2 head.001.001.03): every failing example of a Fedwire rule is a message the guideline XSD
rejects too, and every passing example one it accepts. The XSDs are licensed, so the test reads
them from ../shared/schemas/fedwire and skips without them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from qenex_messages.rule_record import Example, all_rules
from qenex_messages.rules.samples import example_text, parse
from tests.conftest import SHARED

GUIDELINES = SHARED / "schemas" / "fedwire"
PARTS = {
    "Document": "Fedwire_Funds_Service_Release_2025_CustomerCreditTransfer_pacs_008_001_08_*.xsd",
    "AppHdr": "Fedwire_Funds_Service_Release_2025_BusinessApplicationHeader_head_001_001_03_*.xsd",
}
BEYOND_XSD = {
    ("FEDWIRE-ABA", ""): "the ABA check digit is a rule of the routing number, not of the XSD",
    ("FEDWIRE-IMAD", "31 November"): "the IMAD pattern does not know the calendar",
    ("FEDWIRE-RELEASE", "checked as of 11 July 2025"): "a date of checking, not of the message",
}
"""Failing examples the guideline XSD accepts, and why the rule still reports them."""

FEDWIRE_RULES = all_rules("fedwire")


@cache
def _schema(part: str) -> etree.XMLSchema:
    if not GUIDELINES.is_dir():
        pytest.skip("the Fedwire guideline XSDs are licensed and only in ../shared/schemas/fedwire")
    (path,) = sorted(GUIDELINES.glob(PARTS[part]))
    return etree.XMLSchema(etree.parse(str(path)))


def _parts(example: Example) -> dict[str, bytes]:
    root = parse(example_text(example))
    return {part: etree.tostring(next(root.iter(f"{{*}}{part}"))) for part in PARTS}


def _errors(part: str, xml: bytes) -> list[str]:
    schema = _schema(part)
    valid = schema.validate(etree.ElementTree(etree.fromstring(xml)))
    return [] if valid else [str(e) for e in schema.error_log]


def _cases(kind: str) -> list[tuple[str, Example]]:
    return [(r.id, e) for r in FEDWIRE_RULES for e in (r.fails if kind == "fail" else r.passes)]


def _name(case: object) -> str:
    return case if isinstance(case, str) else (getattr(case, "why", "") or "sample")


@pytest.mark.parametrize(("rule_id", "example"), _cases("fail"), ids=_name)
def test_what_a_rule_rejects_the_guideline_xsd_rejects(rule_id: str, example: Example) -> None:
    """The part of the message the failing example edits (AppHdr or Document) breaks the
    guideline XSD of that part, unless the rule goes beyond what an XSD can say."""
    original = _parts(Example(base=example.base))
    edited = _parts(example)
    changed = [part for part in PARTS if edited[part] != original[part]]
    errors = [e for part in changed for e in _errors(part, edited[part])]
    if (rule_id, example.why) in BEYOND_XSD:
        assert errors == [], f"{rule_id} ({example.why}) is rejected by the XSD after all"
    else:
        assert changed, f"{rule_id}: the example changes neither the AppHdr nor the Document"
        assert errors, f"{rule_id} ({example.why}): the guideline XSD accepts what the rule rejects"


@pytest.mark.parametrize(("rule_id", "example"), _cases("pass"), ids=_name)
def test_what_a_rule_accepts_the_guideline_xsd_accepts(rule_id: str, example: Example) -> None:
    """Every passing example of a Fedwire rule is valid against both guideline XSDs."""
    for part, xml in _parts(example).items():
        assert _errors(part, xml) == [], f"{rule_id} ({example.why or 'sample'}): {part}"


def test_every_fedwire_rule_cites_a_guideline() -> None:
    """Each Fedwire rule names the guideline it transcribes (F1, F2) or the ABA check (W6)."""
    assert FEDWIRE_RULES
    for r in FEDWIRE_RULES:
        assert set(r.sources) & {"F1", "F2", "W6"}, r.id
        assert "F1" in r.title or "F2" in r.title, r.id


def test_the_guideline_files_are_where_the_test_looks() -> None:
    """Without ../shared the XSD tests skip; with it, both guideline XSDs compile."""
    if not GUIDELINES.is_dir():
        pytest.skip("no ../shared/schemas/fedwire")
    for part in PARTS:
        assert isinstance(_schema(part), etree.XMLSchema)
    assert Path(GUIDELINES).is_dir()
