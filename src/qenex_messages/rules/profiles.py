"""Running a profile over a message, and choosing the profile a message asks for (``auto``).

:func:`select_profile` weighs evidence from the whole message, not one field: a CBPR+ message
with a wrong BizSvc is still recognised by its header and structure (and then gets the BizSvc
error), and a message whose service level says SEPA but whose amounts are in USD through a US
clearing system is not run as SEPA. The choice and its reasons come back as an info finding.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TypeAlias

from qenex_messages.codes import define
from qenex_messages.findings import Finding, QenexError, Severity
from qenex_messages.identifiers import aba_problem
from qenex_messages.iso20022.detect import MessageInfo
from qenex_messages.rule_record import Scope, selected
from qenex_messages.rules.base import PROFILES, RulebookRule, rulebook_rules
from qenex_messages.rules.clock import Clock, today
from qenex_messages.rules.fedwire.bah import REGISTRY as FEDWIRE_REGISTRY
from qenex_messages.rules.proofs import (
    Proof,
    WholeProof,
    fast_paths,
    proven_clean,
    whole_proofs,
)
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message, local
from qenex_messages.versions import ProfileName

__all__ = ["ProfileChoice", "check_profile", "rules_for", "select_profile"]

NOT_APPLICABLE = define(
    "QX501",
    Severity.ERROR,
    "A rulebook profile was run on a document that is not a pain.001 or pacs.008 message.",
    family="rules",
    fix="Run rulebook profiles on pain.001 or pacs.008 documents only.",
)
PROFILE_CHOSEN = define(
    "QX502",
    Severity.INFO,
    "--profile auto: the rulebook profile chosen for the message (or none), and the evidence.",
    family="rules",
    fix="Nothing to fix; name the profile with --profile if the choice is wrong.",
)


def rules_for(profile: str, scopes: frozenset[Scope] | None = None) -> tuple[RulebookRule, ...]:
    """The rules of ``profile`` (of the given ``scopes``, default all) in definition order; an
    unknown profile raises QenexError."""
    if profile not in PROFILES:
        raise QenexError(
            f"unknown rulebook profile {profile!r}; choose one of {', '.join(PROFILES)}"
        )
    return selected(
        ("profile", profile, scopes),
        lambda: (
            r
            for r in rulebook_rules()
            if profile in r.applies_to and (scopes is None or r.scope in scopes)
        ),
    )


def check_profile(
    root: Element | MessageInfo,
    profile: ProfileName,
    *,
    as_of: date | None = None,
    source: str | None = None,
    clock: Clock | None = None,
    scopes: frozenset[Scope] | None = None,
) -> list[Finding]:
    """Check a parsed pain.001 / pacs.008 (``Document`` or an envelope with ``AppHdr``, or
    :func:`~qenex_messages.iso20022.detect`'s ``MessageInfo`` of one) against ``profile``;
    ``as_of`` picks the rulebook and release in force (default: today in the rulebook's time
    zone, read from ``clock``). ``scopes`` limits the run to rules of those scopes (a stream
    runs transaction rules per chunk)."""
    rules = rules_for(profile, scopes)
    msg = _view(root, source, as_of or today(profile, clock), profile)
    if msg.kind is None:
        top = msg.root
        found = local(msg.doc[0].tag) if msg.doc is not None and len(msg.doc) else local(top.tag)
        return [
            NOT_APPLICABLE.finding(
                f"the {profile} profile applies to pain.001 and pacs.008; this is {found!r}",
                msg.loc(msg.doc if msg.doc is not None else top),
            )
        ]
    held: set[object] = set()
    failed: object = None
    if fast_paths() and msg.body is not None:
        wholes, proofs, unproven, rest = _plan(rules, profile)
        every = True
        for whole, covered in wholes:  # one proof for many rules' proofs
            if whole(msg):
                held.update(covered)
            else:
                every = False
        for asked in rest if every else proofs:  # each declared proof, without the rule's memo
            if asked in held:
                continue
            if not asked(msg):
                failed = asked  # its rules run; it is not asked again
                break
            held.add(asked)
        else:
            rules = unproven  # a clean message: only the rules without a proof can report
    findings: list[Finding] = []
    for r in rules:
        proof = r.proof
        if (
            proof is not None
            and proof is not failed
            and (proof in held or proven_clean(msg, proof, proof))
        ):
            continue  # the rule's check would find nothing: not even a generator is built
        findings.extend(r.run(msg))
    return findings


_PLANS: dict[tuple[int, str], tuple[tuple[RulebookRule, ...], tuple[WholeProof, ...], _Plan]] = {}
_Plan: TypeAlias = tuple[
    tuple[tuple[Proof, frozenset[Proof]], ...],
    tuple[Proof, ...],
    tuple[RulebookRule, ...],
    tuple[Proof, ...],
]


def _plan(rules: tuple[RulebookRule, ...], profile: str) -> _Plan:
    """The profile's whole proofs (each with the proofs of ``rules`` it stands for), the
    distinct proofs the ``rules`` declare, in rule order, the rules without one, and the
    proofs no whole proof stands for (kept per selection of rules; a registration makes a new
    selection)."""
    wholes = whole_proofs(profile)
    kept = _PLANS.get((id(rules), profile))
    if kept is not None and kept[0] is rules and kept[1] is wholes:
        return kept[2]
    proofs = tuple(dict.fromkeys(r.proof for r in rules if r.proof is not None))
    standing = tuple(
        (w.proof, covered) for w in wholes if (covered := w.covers.intersection(proofs))
    )
    covered = frozenset().union(*(c for _, c in standing))
    rest = tuple(p for p in proofs if p not in covered)  # to ask when every whole proof holds
    plan = (standing, proofs, tuple(r for r in rules if r.proof is None), rest)
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[(id(rules), profile)] = (rules, wholes, plan)
    return plan


_MAX_PLANS = 64


@dataclass(frozen=True, slots=True)
class ProfileChoice:
    """The profile ``auto`` chose (``None``: no rulebook applies), why, and the info finding."""

    profile: ProfileName | None
    reasons: tuple[str, ...]
    finding: Finding


_FEDWIRE_NEEDS = 3
_T2_NEEDS = 3
_CBPR_NEEDS = 4
_SEPA_NEEDS = 2
_SETTLEMENT_CBPR = frozenset({"INDA", "INGA", "COVE"})
_NON_EURO_CLEARING = frozenset(
    {"USABA", "USPID", "FDW", "CHI", "CHP", "CACPA", "AUBSB", "GBDSC", "JPZGN", "INFSC", "CNAPS"}
)
"""Clearing-system codes of non-euro systems (Fedwire, CHIPS, UK sort codes ...)."""


def select_profile(
    message: Element | MessageInfo, *, source: str | None = None, as_of: date | None = None
) -> ProfileChoice:
    """The profile a message asks for, decided on evidence from all of it.

    ``message`` is a parsed tree, or the first chunk of a stream (the AppHdr, group header and
    the first transactions are enough), or :func:`~qenex_messages.iso20022.detect`'s
    ``MessageInfo``. A BizSvc ``swift.cbprplus...`` settles it; otherwise CBPR+ needs an AppHdr
    (BICFI From/To count more) and CBPR+-shaped content (UETRs, one transaction, one PmtInf,
    settlement INDA/INGA/COVE; CLRG counts against), and SEPA a service level SEPA (or an
    IBAN-only euro pain.001 transfer) not contradicted by other currencies, non-IBAN accounts or
    a non-euro clearing system. The corpus test checks the choice folder by folder.
    """
    msg = _view(message, source, as_of or today("sepa"), "auto")
    cbpr, cbpr_why = _cbpr_evidence(msg)
    sepa, sepa_why = _sepa_evidence(msg) if msg.kind is not None else (0, [])
    fedwire, fedwire_why = _fedwire_evidence(msg)
    t2, t2_why = _t2_evidence(msg)
    profile: ProfileName | None = None
    if fedwire >= _FEDWIRE_NEEDS and fedwire > max(cbpr, sepa):
        profile, why = "fedwire", fedwire_why
    elif t2 >= _T2_NEEDS and t2 > max(cbpr, sepa):
        profile, why = "t2", t2_why
    elif cbpr >= _CBPR_NEEDS and cbpr > sepa:
        profile, why = "cbpr+", cbpr_why
    elif sepa >= _SEPA_NEEDS and sepa > cbpr:
        profile, why = "sepa", sepa_why
    else:
        why = [
            f"{name} evidence: {', '.join(found)}"
            for name, found in _evidence(sepa_why, cbpr_why, fedwire_why)
        ]
        why = why or ["no SEPA service level, no CBPR+ header and no Fedwire clearing"]
    text = f"--profile auto chose {profile}" if profile else "--profile auto chose no rulebook"
    # About the message, not the value of an element: no XPath, so no value finding absorbs it.
    where = replace(msg.loc(None), xpath=None)
    finding = PROFILE_CHOSEN.finding(f"{text}: {'; '.join(why)}", where)
    return ProfileChoice(profile, tuple(why), finding)


def _evidence(sepa: list[str], cbpr: list[str], fedwire: list[str]) -> list[tuple[str, list[str]]]:
    named = (("SEPA", sepa), ("CBPR+", cbpr), ("Fedwire", fedwire))
    return [(name, found) for name, found in named if found]


def _view(message: Element | MessageInfo, source: str | None, when: date, profile: str) -> Message:
    """The rules' view of ``message``; a ``MessageInfo`` brings the Document and AppHdr that
    detection located, so they are not looked for again."""
    if isinstance(message, MessageInfo):
        anchor = message.document if message.document is not None else message.header
        if anchor is None:
            raise QenexError("a rulebook needs a message with a Document or an AppHdr")
        return Message(
            anchor,
            as_of=when,
            source=source,
            profile=profile,
            document=message.document,
            header=message.header,
            walked=message.walked,
        )
    return Message(message, as_of=when, source=source, profile=profile)


def _cbpr_evidence(msg: Message) -> tuple[int, list[str]]:
    biz = (msg.htext("BizSvc") or "").strip()
    if biz.startswith("swift.cbprplus"):
        return 100, [f"BizSvc {biz}"]
    if msg.hdr is None:
        return 0, []  # the AppHdr is mandatory in CBPR+
    score, why = 1, ["an AppHdr"]
    if msg.htext("Fr/FIId/FinInstnId/BICFI") and msg.htext("To/FIId/FinInstnId/BICFI"):
        score, why = 2, ["AppHdr From/To are BICFI"]
    if msg.txs and all(msg.find(tx.el, "PmtId/UETR") is not None for tx in msg.txs):
        score += 1
        why.append("every transaction has a UETR")
    if (msg.text(msg.grp, "NbOfTxs") or "").strip() == "1":
        score += 1
        why.append("one transaction")
    settlement = msg.text(msg.grp, "SttlmInf/SttlmMtd") if msg.kind == PACS008 else None
    if settlement in _SETTLEMENT_CBPR:
        score += 1
        why.append(f"settlement method {settlement}")
    elif settlement:
        score -= 2  # CBPR+ settles INDA, INGA or COVE; CLRG is a clearing system's (TARGET ...)
        why.append(f"settlement method {settlement}")
    if msg.kind == PAIN001 and len(msg.pmtinfs) == 1:
        score += 1
        why.append("one payment information block")
    if biz and score:
        why.append(f"BizSvc {biz!r} is not a CBPR+ service")
    return score, why


def _fedwire_evidence(msg: Message) -> tuple[int, list[str]]:
    practice = (msg.htext("MktPrctc/Id") or "").strip()
    if practice.startswith("frb.fedwire."):
        return 100, [f"AppHdr MktPrctc {practice}"]
    if (msg.htext("MktPrctc/Regy") or "").strip() == FEDWIRE_REGISTRY:
        return 100, ["AppHdr MktPrctc registry of the Fedwire Funds Service"]
    score, why = 0, []
    if msg.kind == PACS008 and msg.text(msg.grp, "SttlmInf/ClrSys/Cd") == "FDW":
        score, why = 3, ["settlement through clearing system FDW"]
    agents = [
        msg.text(agent, "FinInstnId/ClrSysMmbId/ClrSysId/Cd")
        for tx in msg.txs
        for agent in (msg.find(tx.el, "InstgAgt"), msg.find(tx.el, "InstdAgt"))
        if agent is not None
    ]
    if agents and all(code == "USABA" for code in agents):
        score += 1
        why.append("instructing/instructed agents by USABA member id")
    sides = [side for side in ("Fr", "To") if _aba_party(msg, side)]
    if sides:
        score += len(sides)
        why.append(f"AppHdr {'/'.join(sides)} by ABA routing number")
    elif msg.htext("Fr/FIId/FinInstnId/ClrSysMmbId/MmbId") is not None:
        score += 1
        why.append("AppHdr From by clearing member id")
    if not score:
        return 0, []  # nothing of Fedwire: no reasons to report
    return score, why


def _t2_evidence(msg: Message) -> tuple[int, list[str]]:
    """T2 is recognised by its clearing-system code TGT only: the HVPS+ and CHAPS business
    services and market practices are not public (docs/profiles.md)."""
    if msg.kind != PACS008 or msg.text(msg.grp, "SttlmInf/ClrSys/Cd") != "TGT":
        return 0, []
    score, why = 3, ["settlement through clearing system TGT (TARGET T2)"]
    if msg.text(msg.grp, "SttlmInf/SttlmMtd") == "CLRG":
        score += 1
        why.append("settlement method CLRG")
    return score, why


def _aba_party(msg: Message, side: str) -> bool:
    """AppHdr ``side`` is a clearing member: USABA, or a member id with a right ABA check digit."""
    member = msg.hfind(f"{side}/FIId/FinInstnId/ClrSysMmbId")
    if member is None:
        return False
    if (msg.htext(f"{side}/FIId/FinInstnId/ClrSysMmbId/ClrSysId/Cd") or "").strip() == "USABA":
        return True
    number = (msg.htext(f"{side}/FIId/FinInstnId/ClrSysMmbId/MmbId") or "").strip()
    return aba_problem(number) is None


def _sepa_evidence(msg: Message) -> tuple[int, list[str]]:
    score, why = 0, []
    levels = {el.text for el in msg.iter("SvcLvl") for el in msg.findall(el, "Cd")}
    if "SEPA" in levels:
        score, why = 2, ["service level SEPA"]
    currencies = sorted({a.get("Ccy") or "?" for a in _amounts(msg)})
    if currencies == ["EUR"]:
        score += 1
        why.append("amounts in EUR")
    elif currencies:
        score -= 2
        why.append(f"amounts in {', '.join(currencies)}")
    accounts = list(msg.iter("DbtrAcct", "CdtrAcct"))
    if accounts and all(msg.find(a, "Id/IBAN") is not None for a in accounts):
        score += 1
        why.append("IBAN accounts")
    elif accounts:
        score -= 1
        why.append("accounts without IBAN")
    clearing = sorted({el.text or "" for el in msg.iter("Cd") if _is_clearing_code(el)})
    foreign = [c for c in clearing if c in _NON_EURO_CLEARING]
    if foreign:
        score -= 2
        why.append(f"clearing system {', '.join(foreign)}")
    if "SEPA" not in levels and (levels or not _credit_transfer_pain(msg)):
        return 0, []  # without service level SEPA only an IBAN-only euro pain.001 counts
    return score, why


def _amounts(msg: Message) -> list[Element]:
    path = "Amt/InstdAmt" if msg.kind == PAIN001 else "IntrBkSttlmAmt"
    return [a for tx in msg.txs for a in msg.findall(tx.el, path)]


def _is_clearing_code(el: Element) -> bool:
    parent = el.getparent()
    return parent is not None and local(parent.tag) in ("ClrSysId", "ClrSys")


def _credit_transfer_pain(msg: Message) -> bool:
    methods = {msg.text(pi, "PmtMtd") for pi in msg.pmtinfs}
    return msg.kind == PAIN001 and methods <= {"TRF"}
