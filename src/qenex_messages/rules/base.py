"""How a rulebook rule is written: the :func:`rule` decorator and its example helpers.

A rulebook rule is a :class:`~qenex_messages.rule_record.Rule` over a :class:`Message` view. Its
id (``SEPA-IBAN``, ``CBPR-UETR``) is also its finding code, registered with
:func:`qenex_messages.codes.define` when the rule is defined. Its examples are edits of the sample
documents in ``rules/samples/`` (:func:`fails`, :func:`passes`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeAlias

from qenex_messages import versions
from qenex_messages.charsets import NOT_X, X_CLASS
from qenex_messages.codes import define
from qenex_messages.findings import Finding, Severity
from qenex_messages.rule_record import Example, Rule, Scope, all_rules, register, selected
from qenex_messages.rules.view import Message

if TYPE_CHECKING:
    from qenex_messages.rules.tally import TallyCheck

__all__ = [
    "CBPR_PROFILES",
    "FEDWIRE_PROFILES",
    "HVPS_PROFILES",
    "PROFILES",
    "SEPA_PROFILES",
    "NotCheckable",
    "RulebookRule",
    "Scope",
    "fails",
    "not_checkable",
    "not_checkable_rows",
    "passes",
    "rule",
    "rulebook_rules",
]

PROFILES = versions.PROFILES
SEPA_PROFILES = frozenset({"sepa", "sepa-inst"})
CBPR_PROFILES = frozenset({"cbpr+"})
FEDWIRE_PROFILES = frozenset({"fedwire"})
HVPS_PROFILES = frozenset({"hvps+", "t2", "chaps"})
"""The HVPS+ base and the market infrastructures whose profiles are deltas over it."""
_KINDS = (
    ("SEPA", "sepa"),
    ("CBPR", "cbpr"),
    ("FEDWIRE", "fedwire"),
    ("HVPS", "hvps"),
    ("T2", "hvps"),
    ("CHAPS", "hvps"),
)
"""Rule id prefix -> the kind of rule (which example runner builds its examples)."""
RULEBOOK_KINDS = tuple(dict.fromkeys(kind for _, kind in _KINDS))

RulebookRule: TypeAlias = Rule[Message]
Check: TypeAlias = Callable[[RulebookRule, Message], Iterable[Finding]]

_SEVERITY = {
    "E": Severity.ERROR,
    "W": Severity.WARNING,
    "E/W": Severity.ERROR,
    "P": Severity.WARNING,
}


def fails(  # noqa: PLR0913  (the fields of an example, all keyword-only but base and edit)
    base: str,
    old: str,
    new: str,
    *,
    as_of: date | None = None,
    under: str | None = None,
    severity: Severity | None = None,
    why: str = "",
) -> Example:
    """A failing example: ``base`` with ``old`` replaced by ``new`` once."""
    return Example(
        edits=((old, new),), base=base, as_of=as_of, under=under, severity=severity, why=why
    )


def passes(
    base: str,
    old: str = "",
    new: str = "",
    *,
    as_of: date | None = None,
    under: str | None = None,
    why: str = "",
) -> Example:
    """A passing example: ``base`` unchanged, or with ``old`` replaced by ``new`` once."""
    edits: tuple[tuple[str, str | None], ...] = ((old, new),) if old else ()
    return Example(edits=edits, base=base, as_of=as_of, under=under, why=why)


def rule(  # noqa: PLR0913  (the fields of a rule record)
    rule_id: str,
    severity: str,
    profiles: Iterable[str],
    title: str,
    *,
    scope: Scope,
    sources: Iterable[str],
    fail: Example | Iterable[Example],
    ok: Example | Iterable[Example] | None = None,
    note: str = "",
    fix: str = "",
    tally: TallyCheck | None = None,
    proof: Callable[[Message], bool] | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated check as the rulebook rule ``rule_id`` and as a finding code.

    ``ok`` defaults to the unchanged base document of each failing example; ``fix`` says in one
    short sentence how to fix what the rule reports (the "how to fix" column of docs/codes.md).
    A rule of ``Scope.MESSAGE`` gives its stream form as ``tally`` (:mod:`.tally`). ``proof``
    shows from the whole message at once that the check would find nothing (:mod:`.proofs`);
    the profile runs the check only when it does not (a check may also ask
    :func:`~qenex_messages.rules.proofs.proven_clean` itself).
    """
    profile_set = frozenset(profiles)
    kind = next(k for prefix, k in _KINDS if rule_id.startswith(prefix + "-"))
    failing = (fail,) if isinstance(fail, Example) else tuple(fail)
    if ok is None:
        passing = tuple(
            dict.fromkeys(
                Example(base=e.base, as_of=e.as_of, under=e.under, why="the sample as it is")
                for e in failing
            )
        )
    else:
        passing = (ok,) if isinstance(ok, Example) else tuple(ok)

    def decorate(check: Check) -> Check:
        code = define(rule_id, _SEVERITY[severity], title, family=f"rules:{kind}", fix=fix)
        register(
            Rule(
                id=rule_id,
                kind=kind,
                title=title,
                codes=(code,),
                severity=severity,
                applies_to=profile_set,
                scope=scope,
                sources=tuple(sources),
                passes=passing,
                fails=failing,
                check=check,
                note=note,
                order=tuple(p for p in PROFILES if p in profile_set),
                tally=tally,
                proof=proof,
            )
        )
        return check

    return decorate


def rulebook_rules() -> tuple[RulebookRule, ...]:
    """Every SEPA, CBPR+, Fedwire and HVPS+ (T2, CHAPS) rule, in definition order."""
    return selected("rulebook", lambda: (r for kind in RULEBOOK_KINDS for r in all_rules(kind)))


@dataclass(frozen=True, slots=True)
class NotCheckable:
    """A rulebook row (or part of one) that no message can be checked for, and why."""

    id: str
    profiles: frozenset[str]
    title: str
    reason: str


_NOT_CHECKABLE: list[NotCheckable] = []


def not_checkable(rule_id: str, profiles: Iterable[str], title: str, reason: str) -> None:
    """Record a rulebook row, or part of one, that cannot be checked from a message."""
    _NOT_CHECKABLE.append(NotCheckable(rule_id, frozenset(profiles), title, reason))


def not_checkable_rows() -> tuple[NotCheckable, ...]:
    """Every recorded not-checkable row, in definition order."""
    return tuple(_NOT_CHECKABLE)


BASIC_CHARS = X_CLASS
"""The SWIFT/EPC basic Latin set (FIN character set X without CR LF) as a regex class body."""
BASIC = re.compile(f"[{BASIC_CHARS}]*")
NOT_BASIC = NOT_X


def slash_problem(value: str) -> str | None:
    """Why an identifier breaks the slash rule (no leading/trailing '/', no '//'), or None."""
    if value.startswith("/"):
        return "must not start with '/'"
    if value.endswith("/"):
        return "must not end with '/'"
    if "//" in value:
        return "must not contain '//'"
    return None


def shown(value: str, limit: int = 40) -> str:
    """``value`` quoted and shortened for a message."""
    return repr(value if len(value) <= limit else value[: limit - 3] + "...")
