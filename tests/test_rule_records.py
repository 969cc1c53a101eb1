"""Every rule, of every kind, keeps its own promises: silent on each passing example, reporting on
each failing one. Adding a rule adds its cases here without touching this file."""

from __future__ import annotations

from typing import Any

import pytest

import qenex_messages.iso20022.checks
import qenex_messages.mt
import qenex_messages.rules  # noqa: F401  (registers the rulebook rules and their runner)
from qenex_messages.codes import lookup
from qenex_messages.rule_record import Example, Rule, all_rules, run_example

CASES = [
    (rule, example, kind)
    for rule in all_rules()
    for kind, examples in (("passes", rule.passes), ("fails", rule.fails))
    for example in examples
]


def _id(case: tuple[Rule[Any], Example, str]) -> str:
    rule, example, kind = case
    return f"{rule.id}-{kind}-{(rule.passes if kind == 'passes' else rule.fails).index(example)}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_rule_example(case: tuple[Rule[Any], Example, str]) -> None:
    """A passing example raises none of the rule's codes; a failing one raises the expected
    code (with the expected severity, where the example says)."""
    rule, example, kind = case
    found = run_example(rule, example)
    codes = {c.code for c in rule.codes}
    if kind == "passes":
        assert not [f for f in found if f.code in codes], [str(f) for f in found]
        return
    expected = {example.code} if example.code else codes
    hits = [f for f in found if f.code in expected]
    assert hits, (example.why, [str(f) for f in found])
    if example.severity is not None:
        assert example.severity in {f.severity for f in hits}, [str(f) for f in hits]
    assert all(f.location.line or f.location.xpath or f.location.field for f in hits)


def test_every_rule_is_well_formed() -> None:
    """Ids are unique, codes registered, sources known, and each rule applies to something."""
    from qenex_messages._resources import rule_sources

    rules = all_rules()
    assert len({r.id for r in rules}) == len(rules)
    known = rule_sources()
    for r in rules:
        assert r.applies_to, r.id
        assert all(lookup(c.code) == c for c in r.codes), r.id
        assert set(r.sources) <= set(known), (r.id, set(r.sources) - set(known))
        assert r.passes and r.fails, r.id


def test_all_kinds_are_registered() -> None:
    """SEPA, CBPR+, Fedwire, HVPS+ (T2, CHAPS), MT103 network rules and the ISO 20022 checks
    beyond the XSD are all records."""
    kinds = {r.kind for r in all_rules()}
    assert kinds == {"sepa", "cbpr", "fedwire", "hvps", "mt103", "iso20022"}


def test_a_rule_over_the_whole_message_needs_a_tally_form() -> None:
    """A stream never holds the whole message: a rule of message scope without the form that
    hears the stream's running totals is refused when it is defined."""
    from qenex_messages.rule_record import Scope, register

    example = Example(base="x")
    rule: Rule[Any] = Rule(
        id="TEST-WHOLE",
        kind="sepa",
        title="t",
        codes=(),
        severity="E",
        applies_to=frozenset({"sepa"}),
        scope=Scope.MESSAGE,
        sources=(),
        passes=(example,),
        fails=(example,),
        check=lambda _rule, _context: (),
    )
    with pytest.raises(ValueError, match="tally"):
        register(rule)
    assert all(r.tally is not None for r in all_rules() if r.scope is Scope.MESSAGE)
