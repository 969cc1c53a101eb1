"""A profile's whole proofs stand for the rules' proofs they cover, and the runner trusts them.

Property: whenever a whole proof (``rules.proofs.whole_proof``) holds on a message, every proof
it covers holds on that message too, under each profile it is registered for. Checked over
every rule example of those profiles (passing and failing), the samples, the examples, the
corpus and mutated samples. A whole proof also holds on each of its profile's samples on which
all it covers hold (else it saves nothing), and each proof it covers is declared by a rule of
each of its profiles. The runner's part is checked with planted whole proofs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from lxml import etree

from qenex_messages.iso20022 import parse_xml
from qenex_messages.rules import check_profile, rules_for
from qenex_messages.rules import proofs as proofs_module
from qenex_messages.rules.proofs import Proof, WholeProof, exact_only, whole_proofs
from qenex_messages.rules.samples import SAMPLES_DATE, example_text, parse, sample, sample_names
from qenex_messages.rules.view import Message
from tests.rules.declared import always, declare
from tests.rules.test_one_walk import _corpus as corpus
from tests.rules.test_one_walk import mutated

REPO = Path(__file__).resolve().parents[2]
CASES = [(w, p) for w in whole_proofs() for p in sorted(w.profiles)]
CASE_IDS = [f"{getattr(w.proof, '__name__', w)}-{p}" for w, p in CASES]


def _covered(whole: WholeProof, profile: str) -> tuple[Proof, ...]:
    declared = {r.proof for r in rules_for(profile) if r.proof is not None}
    return tuple(p for p in whole.covers if p in declared)


def _message(root: etree._Element, profile: str, as_of: date = SAMPLES_DATE) -> Message | None:
    msg = Message(root, as_of=as_of, source="m.xml", profile=profile)
    return msg if msg.kind is not None and msg.body is not None else None


def _failures(whole: WholeProof, profile: str, root: etree._Element, as_of: date) -> list[str]:
    """The covered proofs that fail on a message the whole proof holds on (none is right)."""
    msg = _message(root, profile, as_of)
    if msg is None or not whole.proof(msg):
        return []
    fresh = _message(root, profile, as_of)  # the proofs' own memos start empty
    assert fresh is not None
    return [getattr(p, "__qualname__", repr(p)) for p in _covered(whole, profile) if not p(fresh)]


def _examples(profile: str) -> Iterator[tuple[etree._Element, date]]:
    for r in rules_for(profile):
        for e in (*r.passes, *r.fails):
            if e.under in (None, profile):
                yield parse(example_text(e)), e.as_of or SAMPLES_DATE


@pytest.mark.parametrize(("whole", "profile"), CASES, ids=CASE_IDS)
def test_covers_only_declared_proofs(whole: WholeProof, profile: str) -> None:
    assert set(_covered(whole, profile)) == whole.covers


@pytest.mark.parametrize(("whole", "profile"), CASES, ids=CASE_IDS)
def test_implies_its_covers_on_rule_examples(whole: WholeProof, profile: str) -> None:
    wrong = [
        (i, f)
        for i, (root, when) in enumerate(_examples(profile))
        if (f := _failures(whole, profile, root, when))
    ]
    assert wrong == []


@pytest.mark.parametrize(("whole", "profile"), CASES, ids=CASE_IDS)
def test_implies_its_covers_on_documents(whole: WholeProof, profile: str) -> None:
    paths = corpus() + sorted((REPO / "examples").glob("*.xml"))
    wrong = []
    for path in paths:
        parsed = parse_xml(path.read_bytes(), source=path.name).value
        if parsed is not None and (f := _failures(whole, profile, parsed.getroot(), SAMPLES_DATE)):
            wrong.append((path.name, f))
    assert wrong == []


@pytest.mark.parametrize(("whole", "profile"), CASES, ids=CASE_IDS)
def test_holds_on_clean_samples(whole: WholeProof, profile: str) -> None:
    family = profile.split("-")[0].rstrip("+")
    clean = []
    for name in sample_names():
        msg = _message(parse(sample(name)), profile)
        if (
            msg is not None
            and name.startswith(family)
            and all(p(msg) for p in _covered(whole, profile))
        ):
            clean.append(name)
            assert whole.proof(_message(parse(sample(name)), profile)), name  # type: ignore[arg-type]
    assert clean, f"no sample of {profile} on which the covered proofs all hold"


@pytest.mark.skipif(not CASES, reason="no whole proof registered")
@settings(max_examples=80, deadline=None)
@given(root=mutated())
def test_implies_its_covers_on_mutations(root: etree._Element) -> None:
    assert [(w, p, f) for w, p in CASES if (f := _failures(w, p, root, SAMPLES_DATE))] == []


# -- the runner ------------------------------------------------------------------------------


def _plant(monkeypatch: pytest.MonkeyPatch, proof: Proof, profile: str) -> frozenset[Proof]:
    covers = frozenset(r.proof for r in rules_for(profile) if r.proof is not None)
    monkeypatch.setattr(proofs_module, "_WHOLE", [WholeProof(proof, covers, frozenset({profile}))])
    return covers


def _failing_with_proof(profile: str) -> list[tuple[etree._Element, date]]:
    return [
        (parse(example_text(e)), e.as_of or SAMPLES_DATE)
        for r in rules_for(profile)
        if r.proof is not None
        for e in r.fails
        if e.under in (None, profile)
    ]


@pytest.mark.parametrize("profile", ["sepa", "cbpr+"])
def test_runner_trusts_a_whole_proof_that_holds(
    monkeypatch: pytest.MonkeyPatch, profile: str
) -> None:
    """Planted: a whole proof that always holds hides what the covered rules report, and
    a whole proof that never holds changes nothing."""
    cases = _failing_with_proof(profile)
    assert cases
    exact = []
    for root, when in cases:
        with exact_only():
            exact.append(check_profile(root, profile, as_of=when, source="m.xml"))  # type: ignore[arg-type]
    _plant(monkeypatch, lambda _: False, profile)
    assert [check_profile(r, profile, as_of=w, source="m.xml") for r, w in cases] == exact  # type: ignore[arg-type]
    _plant(monkeypatch, always, profile)
    hidden = [check_profile(r, profile, as_of=w, source="m.xml") for r, w in cases]  # type: ignore[arg-type]
    assert sum(map(len, hidden)) < sum(map(len, exact))


def test_runner_asks_no_covered_proof_when_the_whole_holds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def spy(name: str, proof: Proof) -> Proof:
        def asking(msg: Message) -> bool:
            asked.append(name)
            return proof(msg)

        return asking

    for r in rules_for("sepa"):
        if r.proof is not None:
            declare(monkeypatch, r, spy(r.id, r.proof))

    def whole(msg: Message) -> bool:
        asked.append("whole")
        return True

    _plant(monkeypatch, whole, "sepa")
    root = parse(sample("sepa-pain.001.001.09"))
    check_profile(root, "sepa", as_of=SAMPLES_DATE)
    assert asked == ["whole"]
    _plant(monkeypatch, lambda _: False, "sepa")
    asked.clear()
    check_profile(root, "sepa", as_of=SAMPLES_DATE)
    assert len(asked) > 1  # the covered proofs are asked when the whole one fails
