"""CBPR+ remittance and instructions: RmtInf form, instructions for the creditor agent,
gpi service levels and coded purposes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, not_checkable, rule
from qenex_messages.rules.cbpr.common import CBPR, SR2026
from qenex_messages.rules.proofs import absent, holds, text_is
from qenex_messages.rules.samples import CBPR_PACS
from qenex_messages.rules.view import PACS008, Element, Message, local

# Each rule first asks for a proof over the whole document that its exact body would find
# nothing (see rules/proofs.py): a document without the elements a rule is about is proven by
# lxml's name look-up alone; else one XPath over the transactions' children, reading a string
# value where the body reads a text (a prefix of it). tests/rules/test_cbpr_fast.py holds the
# proofs to the bodies.

_UNSURE_RMT = (
    "{tx}[d:RmtInf and d:RltdRmtInf or d:RmtInf[1][d:Strd and d:Ustrd]"
    " or string-length(d:RmtInf[1]) > 9000]"
)
"""XPath: a transaction CBPR-RMT might report (the structured text counted is part of the
first RmtInf's string value)."""


RMT_NAMES = ("Strd", "RltdRmtInf")
"""Without these, CBPR-RMT has nothing to report."""


def _remittance_ok(msg: Message) -> bool:
    """No Strd or RltdRmtInf at all, or no transaction :data:`_UNSURE_RMT` finds."""
    return absent(msg, *RMT_NAMES) or not holds(msg, _UNSURE_RMT)


@rule(
    "CBPR-RMT",
    "E/W",
    CBPR,
    "Ustrd xor Strd; RmtInf xor RltdRmtInf (E); Strd content at most 9 000 characters (W).",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "<Ustrd>Invoice 42</Ustrd>",
        "<Ustrd>Invoice 42</Ustrd><Strd><AddtlRmtInf>x</AddtlRmtInf></Strd>",
        severity=Severity.ERROR,
    ),
    fix="Give Ustrd or Strd, not both; RmtInf or RltdRmtInf, not both.",
    proof=_remittance_ok,
)
def _rmt(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        rmt = msg.find(tx.el, "RmtInf")
        if rmt is not None and msg.find(tx.el, "RltdRmtInf") is not None:
            yield r.finding(msg, rmt, "RmtInf and RltdRmtInf are both present; give one")
        if rmt is None:
            continue
        strd = msg.findall(rmt, "Strd")
        if strd and msg.find(rmt, "Ustrd") is not None:
            yield r.finding(msg, rmt, "RmtInf has both Ustrd and Strd; give one")
        size = sum(len(t.strip()) for s in strd for t in s.itertext())
        if size > 9000:
            yield r.warn(msg, strd[0], f"structured remittance holds {size} characters; max 9000")


_TWO_CODES = "{tx}[count(d:InstrForCdtrAgt/d:Cd) > 1]"


def _one_code_each(msg: Message) -> bool:
    """No transaction has two InstrForCdtrAgt codes (one code repeats nothing and pairs with
    nothing)."""
    return absent(msg, "InstrForCdtrAgt") or not holds(msg, _TWO_CODES)


@rule(
    "CBPR-INSTRCDTR",
    "E",
    CBPR,
    "InstrForCdtrAgt codes appear once; HOLD not with CHQB; TELB not with PHOB.",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "<InstrForCdtrAgt><Cd>PHOB</Cd></InstrForCdtrAgt>",
        "<InstrForCdtrAgt><Cd>PHOB</Cd></InstrForCdtrAgt><InstrForCdtrAgt><Cd>TELB</Cd></InstrForCdtrAgt>",
        severity=Severity.ERROR,
    ),
    fix="Give each InstrForCdtrAgt code once; drop HOLD with CHQB, TELB with PHOB.",
    proof=_one_code_each,
)
def _instrcdtr(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        els = msg.findall(tx.el, "InstrForCdtrAgt/Cd")
        codes = Counter(e.text for e in els)
        for e in els:
            if codes[e.text] > 1:
                yield r.finding(msg, e, f"InstrForCdtrAgt code {e.text} appears more than once")
                codes[e.text] = 0
        present = {e.text for e in els}
        for a, b in (("HOLD", "CHQB"), ("TELB", "PHOB")):
            if a in present and b in present:
                yield r.finding(msg, els[0], f"InstrForCdtrAgt {a} cannot go with {b}")


_GPI_FORBIDDEN = frozenset(f"G00{n}" for n in range(2, 10))


_NOT_G001 = f"{{tx}}/d:PmtTpInf/d:SvcLvl/d:Cd[starts-with(., 'G00') and not({text_is('G001')})]"


def _gpi_ok(msg: Message) -> bool:
    """Every service level code of a transaction starting G00 is G001 as its one node."""
    return absent(msg, "SvcLvl") or not holds(msg, _NOT_G001)


@rule(
    "CBPR-GPI",
    "E",
    CBPR,
    "Of the gpi service levels only G001 is allowed in pacs.008 (SR2026; W before).",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<Cd>G001</Cd>", "<Cd>G004</Cd>", severity=Severity.ERROR),
    fix="Use service level G001 only, or leave the gpi service level out.",
    proof=_gpi_ok,
)
def _gpi(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PACS008:
        return
    for tx in msg.txs:
        for el in msg.findall(tx.el, "PmtTpInf/SvcLvl/Cd"):
            if el.text in _GPI_FORBIDDEN:
                yield r.finding(
                    msg,
                    el,
                    f"service level {el.text} is not allowed in pacs.008; of the gpi codes only "
                    "G001",
                    severity=Severity.ERROR if msg.as_of >= SR2026 else Severity.WARNING,
                )


CODED = ("Purp", "CtgyPurp", "LclInstrm")
"""What CBPR-CODES wants coded: a Prtry child of one of these is reported."""


def coded(msg: Message, prtry: list[Element]) -> bool:
    """No element of ``prtry`` (every Prtry of the body) is the child of one of :data:`CODED`."""
    parents = {msg.q(name) for name in CODED}
    return not any((p := el.getparent()) is not None and p.tag in parents for el in prtry)


def _codes_ok(msg: Message) -> bool:
    return coded(msg, list(msg.iter("Prtry")))


@rule(
    "CBPR-CODES",
    "W",
    CBPR,
    "Purpose, category purpose and local instrument use the coded form.",
    sources=("S1", "S4"),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS, "<Purp><Cd>GDDS</Cd>", "<Purp><Prtry>GOODS</Prtry>", severity=Severity.WARNING
    ),
    fix="Give purpose, category purpose and local instrument as Cd, not Prtry.",
    proof=_codes_ok,
)
def _codes(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter(*CODED):
        if msg.find(el, "Prtry") is not None:
            yield r.warn(msg, el, f"{local(el.tag)} uses Prtry; the ISO external Cd is preferred")


not_checkable(
    "CBPR-CODES",
    CBPR,
    "Codes from the ISO external code lists",
    "The ISO external code lists are not shipped; only the use of Prtry is checked.",
)
