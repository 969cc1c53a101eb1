"""MT103 network validated rules (C1-C18 of core; the STP and REMIT equivalents) and the
cross-field checks: presence, order, repetition, options per variant, 23E combinations.

Rules are keyed by SWIFT's error code, not by rule number, because the numbering differs between
core, STP and REMIT. Each rule is a :class:`~qenex_messages.rule_record.Rule` record written in a
topic module (``amounts``, ``service``, ``parties``, ``instructions``) with the
:func:`~qenex_messages.mt.network_rules.record.network_rule` decorator; a rule whose input could
not be read (a field with a format error) stays silent rather than guessing.
"""

from __future__ import annotations

import re

from qenex_messages.findings import Finding
from qenex_messages.mt.network_rules import amounts, instructions, parties, service
from qenex_messages.mt.network_rules.record import EEA_COUNTRIES, VARIANTS, Context
from qenex_messages.mt.network_rules.structure import check_structure
from qenex_messages.rule_record import Rule, all_rules

__all__ = [
    "EEA_COUNTRIES",
    "VARIANTS",
    "Context",
    "check_rules",
    "check_structure",
    "network_rules",
]

_ = (amounts, instructions, parties, service)  # imported for their rule registrations
_NUMBER = re.compile(r"MT103-C(\d+)")


def _core_order(rule: Rule[Context]) -> tuple[int, int]:
    """C1-C18 by number, then the field-combination checks in definition order."""
    number = _NUMBER.fullmatch(rule.id)
    return (0, int(number[1])) if number else (1, 0)


_NETWORK_RULES: tuple[Rule[Context], ...] = tuple(sorted(all_rules("mt103"), key=_core_order))
"""The network rules in core numbering, plus the field-combination checks, as records."""


def network_rules() -> tuple[Rule[Context], ...]:
    """Every MT103 network rule record, in core numbering order."""
    return _NETWORK_RULES


def check_rules(ctx: Context) -> list[Finding]:
    """Run every network rule that applies to ``ctx``'s variant."""
    out: list[Finding] = []
    for rule in _NETWORK_RULES:
        if ctx.variant in rule.applies_to:
            out.extend(rule.run(ctx))
    return out
