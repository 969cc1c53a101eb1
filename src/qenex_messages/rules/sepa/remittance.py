"""SEPA remittance information: Ustrd or Strd, the .03 creditor reference, ISO 11649 RF."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import check_creditor_reference
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.proofs import holds
from qenex_messages.rules.samples import SEPA_03_DATE, SEPA_PAIN, SEPA_PAIN_03
from qenex_messages.rules.sepa.common import SEPA, remittances, texts
from qenex_messages.rules.view import Message, local, version_number

USTRD_MAX = 140
USTRD_TOO_LONG = f"d:Ustrd[string-length(.) > {USTRD_MAX}]"
USTRD_NOT_LEAF = "d:Ustrd[*]"
"""An Ustrd holding an element: the only way one can be longer than every leaf's text."""
RMT_PROBLEMS = f"boolean({{tx}}/d:RmtInf[count(d:Ustrd) + count(d:Strd) > 1 or {USTRD_TOO_LONG}])"
"""A remittance with more than one Ustrd or Strd, or an Ustrd longer than 140 (its whole text,
at least as long as the text SEPA-RMT measures)."""


@rule(
    "SEPA-RMT",
    "E",
    SEPA,
    "Remittance is one Ustrd (at most 140) or one Strd, never both.",
    sources=("S9", "S3"),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN,
        "<Ustrd>Invoice 1</Ustrd>",
        "<Ustrd>Invoice 1</Ustrd><Ustrd>Invoice 2</Ustrd>",
        severity=Severity.ERROR,
    ),
    fix="Give one Ustrd (at most 140) or one Strd, not both.",
    proof=lambda m: not holds(m, RMT_PROBLEMS),
)
def _rmt(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for rmt in remittances(msg):
        ustrd = msg.findall(rmt, "Ustrd")
        strd = msg.findall(rmt, "Strd")
        if ustrd and strd:
            yield r.finding(
                msg, rmt, "RmtInf has both Ustrd and Strd; SEPA allows one or the other"
            )
        if len(ustrd) > 1:
            yield r.finding(msg, ustrd[1], f"{len(ustrd)} Ustrd; SEPA allows one")
        if len(strd) > 1:
            yield r.finding(msg, strd[1], f"{len(strd)} Strd; SEPA allows one")
        for u in ustrd:
            if len(u.text or "") > USTRD_MAX:
                length = len(u.text or "")
                yield r.finding(msg, u, f"Ustrd has {length} characters; limit {USTRD_MAX}")


@rule(
    "SEPA-SCOR",
    "E",
    SEPA,
    "In the .03/.02 profile Strd holds only CdtrRefInf with type SCOR, Issr and Ref of at most 35.",
    sources=("S9",),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN_03, "<Cd>SCOR</Cd>", "<Cd>RADM</Cd>", as_of=SEPA_03_DATE, severity=Severity.ERROR
    ),
    fix="In Strd give only CdtrRefInf with type SCOR, Issr and Ref (at most 35).",
    proof=lambda m: version_number(m.version) not in (2, 3),
)
def _scor(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if version_number(msg.version) not in (2, 3):
        return
    for rmt in remittances(msg):
        for strd in msg.findall(rmt, "Strd"):
            for child in strd:
                if local(child.tag) != "CdtrRefInf" and local(child.tag):
                    yield r.finding(
                        msg, child, f"Strd/{local(child.tag)} is not allowed; only CdtrRefInf"
                    )
            ref_inf = msg.find(strd, "CdtrRefInf")
            if ref_inf is None:
                continue
            code = msg.text(ref_inf, "Tp/CdOrPrtry/Cd")
            if code != "SCOR":
                tp = msg.find(ref_inf, "Tp")
                yield r.finding(
                    msg,
                    tp if tp is not None else ref_inf,
                    f"CdtrRefInf type is {code!r}; SEPA needs Tp/CdOrPrtry/Cd SCOR",
                )
            for name in ("Tp/Issr", "Ref"):
                el = msg.find(ref_inf, name)
                if el is not None and len(el.text or "") > 35:
                    yield r.finding(msg, el, f"{name} is longer than 35 characters")


def _references_ok(msg: Message) -> bool:
    """No reference of the body is an RF creditor reference with a problem."""
    return creditor_references_valid(texts(msg, "Ref"))


def creditor_references_valid(refs: Iterable[str]) -> bool:
    """No reference text of ``refs`` is an RF creditor reference with a problem."""
    return not any(
        ref.upper().startswith("RF") and check_creditor_reference(ref)
        for ref in (text.strip() for text in refs)
    )


@rule(
    "SEPA-RF",
    "W",
    SEPA,
    "A creditor reference starting RF passes ISO 11649 (the receiving PSP need not check it).",
    sources=("S9", "S8"),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, "RF18539007547034", "RF17539007547034", severity=Severity.WARNING),
    fix="Copy the RF creditor reference again; its check digits are wrong.",
    proof=_references_ok,
)
def _rf(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for rmt in remittances(msg):
        for ref in msg.findall(rmt, "Strd/CdtrRefInf/Ref"):
            value = (ref.text or "").strip()
            if value.upper().startswith("RF"):
                for f in check_creditor_reference(value):
                    yield r.warn(msg, ref, f.message)
