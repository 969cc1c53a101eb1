"""The one record every rule is written as: MT103 network rules and rulebook (SEPA, CBPR+) rules.

A :class:`Rule` carries its id, the finding codes it can report, a severity label, what it
applies to (rulebook profiles or MT103 variants), its :class:`Scope` (what part of a message it
needs, so a stream knows what to run per chunk), its sources, the check itself and executable
:class:`Example` edits of a base message: the rule must stay silent on each ``passes`` example and
report on each ``fails`` example. One generic test runs every example and the generated
``docs/rules.md`` prints them, so an example is written once.

How an example becomes a message and findings depends on the kind of rule; each kind registers a
:data:`Runner` with :func:`register_runner` (the rulebooks and the MT103 reader do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from qenex_messages._records import field, record
from qenex_messages.codes import CodeInfo
from qenex_messages.findings import Finding, Location, Severity

__all__ = [
    "Example",
    "Locating",
    "Rule",
    "Runner",
    "Scope",
    "all_rules",
    "apply_edits",
    "register",
    "register_runner",
    "run_example",
    "selected",
]


class Locating(Protocol):
    """What a rule looks at: anything that can say where a part of the message is."""

    def loc(self, where: Any, /) -> Location:
        """The exact location of ``where`` (an element, a field, or ``None`` for the message)."""
        ...


C = TypeVar("C", bound=Locating)


class Scope(StrEnum):
    """What part of a message a rule needs to see."""

    HEADER = "header"
    """The AppHdr, group header, namespace or MT envelope only: run once per message."""
    TRANSACTION = "transaction"
    """One transaction (with the blocks above it): safe to run on any chunk of a stream."""
    MESSAGE = "message"
    """Every transaction at once (counts, sums, uniqueness): needs the whole message, so the rule
    also has a ``tally`` form that a stream feeds with running totals."""


@record(frozen=True, slots=True)
class Example:
    """An edit of a base message that a rule must pass or fail.

    ``edits`` are, for an XML base, ``(old text, new text)`` replacements applied once each in
    order; for the MT103 base, ``(tag, value)`` field changes (value ``None`` removes the field;
    a tag ending in ``+`` adds another occurrence). ``options`` are base-specific settings such
    as the MT sender BIC or block 3.
    """

    edits: tuple[tuple[str, str | None], ...] = ()
    base: str = ""
    why: str = ""
    as_of: date | None = None
    under: str | None = None
    """The profile or MT variant to run under (default: the rule's first)."""
    code: str | None = None
    """For a failing example: the code expected (default: any of the rule's codes)."""
    severity: Severity | None = None
    options: tuple[tuple[str, str], ...] = ()


def apply_edits(text: str, example: Example) -> str:
    """``text`` (the example's base message) with each of the example's edits applied once; an
    edit that does not apply is a mistake in the example, never a silent pass."""
    for old, new in example.edits:
        if old not in text:
            raise ValueError(f"example edit {old!r} does not apply to sample {example.base}")
        text = text.replace(old, new or "", 1)
    return text


@record(frozen=True, slots=True)
class Rule(Generic[C]):
    """One rule: id, codes, severity label, applicability, scope, sources, examples, check."""

    id: str
    kind: str
    """``sepa``, ``cbpr`` or ``mt103``: which runner turns its examples into findings."""
    title: str
    codes: tuple[CodeInfo, ...]
    severity: str
    """E (error), W (warning), E/W (per part) or P (date-dependent)."""
    applies_to: frozenset[str]
    scope: Scope
    sources: tuple[str, ...]
    passes: tuple[Example, ...]
    fails: tuple[Example, ...]
    check: Callable[[Rule[C], C], Iterable[Finding]] = field(repr=False, compare=False)
    note: str = ""
    order: tuple[str, ...] = ()
    """``applies_to`` in a stable order for display."""
    tally: Callable[[Rule[C], Any], Iterable[Finding]] | None = field(
        default=None, repr=False, compare=False
    )
    """For a ``Scope.MESSAGE`` rule: the same rule over the events of a stream (running counts,
    sums, repeated identifiers), which never holds the whole message."""
    proof: Callable[[C], bool] | None = field(default=None, repr=False, compare=False)
    """A fast, conservative proof that ``check`` would find nothing on a context: a runner may
    skip ``check`` when it holds (and must run it when it does not). Rules that give the same
    function share its answer."""

    @property
    def code(self) -> CodeInfo:
        """The first (for rulebook rules: the only) code of the rule."""
        return self.codes[0]

    def run(self, context: C) -> list[Finding]:
        """The findings of this rule on ``context``."""
        return list(self.check(self, context))

    def finding(
        self,
        context: C,
        where: object,
        message: str,
        *,
        severity: Severity | None = None,
        args: dict[str, str] | None = None,
        code: CodeInfo | None = None,
    ) -> Finding:
        """A finding of this rule (of ``code``, default the rule's first) at ``where``."""
        return (code or self.code).finding(
            message, context.loc(where), severity=severity, args=args
        )

    def warn(self, context: C, where: object, message: str) -> Finding:
        """A warning-level finding of this rule at ``where``."""
        return self.finding(context, where, message, severity=Severity.WARNING)


Runner = Callable[[Rule[Any], Example], list[Finding]]
"""Builds an example's message, runs the rule's checks on it and returns every finding."""

_RULES: dict[str, Rule[Any]] = {}
_RUNNERS: dict[str, Runner] = {}
_SELECTED: dict[object, tuple[Rule[Any], ...]] = {}
"""Selections of the registry (by kind, by profile) kept until the next registration."""


def register(rule: Rule[C]) -> Rule[C]:
    """Add ``rule`` to the registry; an id used twice, or a rule without both a passing and a
    failing example, is a programming error."""
    if rule.id in _RULES:
        raise ValueError(f"rule {rule.id} is defined twice")
    if not rule.passes or not rule.fails:
        raise ValueError(f"rule {rule.id} needs at least one passing and one failing example")
    if rule.scope is Scope.MESSAGE and rule.tally is None:
        raise ValueError(f"rule {rule.id} looks at the whole message: give it a tally form")
    _RULES[rule.id] = rule
    _SELECTED.clear()
    return rule


def all_rules(kind: str | None = None) -> tuple[Rule[Any], ...]:
    """Every registered rule (of ``kind``), in definition order."""
    return selected(("kind", kind), lambda: (r for r in _RULES.values() if kind in (None, r.kind)))


def selected(key: object, select: Callable[[], Iterable[Rule[Any]]]) -> tuple[Rule[Any], ...]:
    """The rules ``select`` picks from the registry, picked once per ``key`` and kept until a
    rule is registered (a validation asks for the rules of its profile every time)."""
    found = _SELECTED.get(key)
    if found is None:
        found = _SELECTED[key] = tuple(select())
    return found


def register_runner(kind: str, runner: Runner) -> None:
    """Say how examples of rules of ``kind`` are built and checked."""
    _RUNNERS[kind] = runner


def run_example(rule: Rule[Any], example: Example) -> list[Finding]:
    """Every finding on ``example``'s message, from the runner of ``rule``'s kind."""
    runner = _RUNNERS.get(rule.kind)
    if runner is None:
        raise LookupError(f"no example runner for rules of kind {rule.kind!r}")
    return runner(rule, example)
