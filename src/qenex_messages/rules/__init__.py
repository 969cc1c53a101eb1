"""Rulebook profiles beyond the XSD: SEPA (EPC) credit transfers, SCT Inst and SWIFT CBPR+.

>>> from lxml import etree
>>> from qenex_messages.rules import check_profile, PROFILES
>>> PROFILES
('sepa', 'sepa-inst', 'cbpr+')

``check_profile(root, "sepa")`` runs every rule of the profile over a parsed pain.001 or pacs.008
(bare ``Document`` or an envelope holding ``AppHdr`` and ``Document``) and returns findings whose
codes are the rule ids (``SEPA-IBAN``, ``CBPR-UETR`` ...). ``docs/rules.md`` lists every rule.
"""

from __future__ import annotations

from datetime import date

from qenex_messages.codes import define
from qenex_messages.findings import Finding, QenexError, Severity
from qenex_messages.rules import cbpr as _cbpr
from qenex_messages.rules import sepa as _sepa
from qenex_messages.rules.address import AddressProposal, propose_address
from qenex_messages.rules.base import (
    PROFILES,
    Element,
    Message,
    NotCheckable,
    Rule,
    all_rules,
    local,
    not_checkable_rows,
)
from qenex_messages.rules.clock import Clock, today

__all__ = [
    "PROFILES",
    "AddressProposal",
    "NotCheckable",
    "Rule",
    "all_rules",
    "check_profile",
    "not_checkable_rows",
    "propose_address",
    "rules_for",
    "select_profile",
]

_ = (_cbpr, _sepa)  # imported for their rule registrations

NOT_APPLICABLE = define(
    "QX501",
    Severity.ERROR,
    "A rulebook profile was run on a document that is not a pain.001 or pacs.008 message.",
    family="rules",
)


def rules_for(profile: str) -> tuple[Rule, ...]:
    """The rules of ``profile`` in definition order; an unknown profile raises QenexError."""
    _known(profile)
    return tuple(r for r in all_rules() if profile in r.profiles)


def _known(profile: str) -> None:
    if profile not in PROFILES:
        raise QenexError(
            f"unknown rulebook profile {profile!r}; choose one of {', '.join(PROFILES)}"
        )


def check_profile(
    root: Element,
    profile: str,
    *,
    as_of: date | None = None,
    source: str | None = None,
    clock: Clock | None = None,
) -> list[Finding]:
    """Check a parsed pain.001 / pacs.008 (``Document`` or an envelope with ``AppHdr``) against
    ``profile``; ``as_of`` picks the rulebook and release in force (default: today in the
    rulebook's time zone, read from ``clock``)."""
    rules = rules_for(profile)
    when = as_of or today(profile, clock)
    msg = Message(root, as_of=when, source=source, profile=profile)
    if msg.kind is None:
        found = local(msg.doc[0].tag) if msg.doc is not None and len(msg.doc) else local(root.tag)
        return [
            NOT_APPLICABLE.finding(
                f"the {profile} profile applies to pain.001 and pacs.008; this is {found!r}",
                msg.loc(msg.doc if msg.doc is not None else root),
            )
        ]
    findings: list[Finding] = []
    for r in rules:
        findings.extend(r.run(msg))
    return findings


def select_profile(root: Element) -> str | None:
    """The profile a document asks for: ``cbpr+`` for a BAH with a swift.cbprplus service,
    ``sepa`` for service level SEPA (or an all-EUR IBAN-only pain.001 in a SEPA version), else None.
    """
    msg = Message(root, as_of=today("sepa"), source=None, profile="sepa")
    biz = msg.htext("BizSvc")
    if biz is not None and biz.strip().startswith("swift.cbprplus"):
        return "cbpr+"
    if msg.kind is None:
        return None
    codes = {el.text for el in msg.iter("SvcLvl") for el in msg.findall(el, "Cd")}
    if "SEPA" in codes:
        return "sepa"
    if codes or msg.kind != "pain.001" or not msg.txs:
        return None
    amounts = [a for tx in msg.txs for a in msg.findall(tx.el, "Amt/InstdAmt")]
    if len(amounts) != len(msg.txs) or any(a.get("Ccy") != "EUR" for a in amounts):
        return None
    accounts = list(msg.iter("DbtrAcct", "CdtrAcct"))
    if accounts and all(msg.find(a, "Id/IBAN") is not None for a in accounts):
        methods = {msg.text(pi, "PmtMtd") for pi in msg.pmtinfs}
        if methods <= {"TRF"}:
            return "sepa"
    return None
