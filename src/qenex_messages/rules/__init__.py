"""Rulebook profiles beyond the XSD: SEPA (EPC) credit transfers, SCT Inst, SWIFT CBPR+, the
Fedwire Funds Service, and the HVPS+ base with its TARGET T2 and CHAPS deltas.

>>> from qenex_messages.rules import PROFILES
>>> PROFILES
('sepa', 'sepa-inst', 'cbpr+', 'fedwire', 'hvps+', 't2', 'chaps')

``check_profile(root, "sepa")`` runs every rule of the profile over a parsed pain.001 or pacs.008
(bare ``Document`` or an envelope holding ``AppHdr`` and ``Document``) and returns findings whose
codes are the rule ids (``SEPA-IBAN``, ``CBPR-UETR`` ...); ``select_profile`` says which profile a
message asks for, and why. Rules are records (:mod:`qenex_messages.rule_record`) registered by the
topic modules of ``rules/sepa/``, ``rules/cbpr/``, ``rules/fedwire/``, ``rules/hvps/``,
``rules/t2/`` and ``rules/chaps/``; ``docs/rules.md``
lists every rule.
"""

from __future__ import annotations

from qenex_messages.rule_record import Rule, Scope
from qenex_messages.rules import cbpr as _cbpr
from qenex_messages.rules import chaps as _chaps
from qenex_messages.rules import fedwire as _fedwire
from qenex_messages.rules import hvps as _hvps
from qenex_messages.rules import samples as _samples
from qenex_messages.rules import sepa as _sepa
from qenex_messages.rules import t2 as _t2
from qenex_messages.rules.address import AddressProposal, propose_address
from qenex_messages.rules.base import PROFILES, NotCheckable, not_checkable_rows, rulebook_rules
from qenex_messages.rules.clock import Clock, today
from qenex_messages.rules.profiles import (
    ProfileChoice,
    check_profile,
    rules_for,
    select_profile,
)

__all__ = [
    "PROFILES",
    "AddressProposal",
    "Clock",
    "NotCheckable",
    "ProfileChoice",
    "Rule",
    "Scope",
    "check_profile",
    "not_checkable_rows",
    "propose_address",
    "rulebook_rules",
    "rules_for",
    "select_profile",
    "today",
]

_ = (
    _cbpr,
    _fedwire,
    _sepa,
    _hvps,
    _t2,
    _chaps,
    _samples,
)  # imported for their rule and example-runner registrations
