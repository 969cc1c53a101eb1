"""SEPA parties: name length, ultimate debtor level and party identification."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.proofs import count, holds
from qenex_messages.rules.samples import SEPA_PAIN
from qenex_messages.rules.sepa.common import PARTY_NAMES, SEPA, named, texts
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message, local

NAMED_PARTIES = {
    PAIN001: "count(d:PmtInf/d:Dbtr[d:Nm] | {tx}/d:Cdtr[d:Nm])",
    PACS008: "count({tx}/d:Dbtr[d:Nm] | {tx}/d:Cdtr[d:Nm])",
}
"""The debtors and creditors in their places that have a name."""


def names_fit(names: Iterable[str]) -> bool:
    """No name text of ``names`` is blank or over 70 characters."""
    return not any(len(text) > 70 or not text.strip() for text in names)


def _names_ok(msg: Message) -> bool:
    """No name of the body is blank or over 70 characters, and every Dbtr and Cdtr of the body
    is in its place with a name."""
    if not names_fit(texts(msg, "Nm")):
        return False
    expr = NAMED_PARTIES.get(msg.kind or "")
    return expr is not None and count(msg, expr) == len(named(msg, "Dbtr", "Cdtr"))


@rule(
    "SEPA-NAME70",
    "E",
    SEPA,
    "Party names are at most 70 characters; Dbtr/Nm and Cdtr/Nm are mandatory.",
    sources=("S9", "S3"),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN,
        "<Nm>Dupont SA</Nm>",
        "<Nm>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</Nm>",
        severity=Severity.ERROR,
    ),
    fix="Give Dbtr and Cdtr a Nm of at most 70 characters.",
    proof=_names_ok,
)
def _name70(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for party in msg.iter(*PARTY_NAMES):
        name = msg.find(party, "Nm")
        role = local(party.tag)
        if name is None:
            if role in ("Dbtr", "Cdtr"):
                yield r.finding(msg, party, f"{role}/Nm is mandatory in SEPA")
            continue
        text = name.text or ""
        if len(text) > 70:
            yield r.finding(msg, name, f"{role}/Nm has {len(text)} characters; SEPA allows 70")
        elif role in ("Dbtr", "Cdtr") and not text.strip():
            yield r.finding(msg, name, f"{role}/Nm is empty")


ULTIMATE_TWICE = "d:PmtInf[d:UltmtDbtr]/d:CdtTrfTxInf[d:UltmtDbtr]"
"""The transactions with an ultimate debtor of their own under a block that has one."""


def _ultimate_ok(msg: Message) -> bool:
    """No ultimate debtor at both levels, and no party identification to judge."""
    if holds(msg, f"boolean({ULTIMATE_TWICE})"):
        return False
    return not named(msg, "OrgId", "PrvtId")


def _party_id_problems(msg: Message, party: Element) -> Iterator[tuple[Element, str]]:
    org = msg.find(party, "Id/OrgId")
    if org is not None:
        bics = msg.findall(org, "AnyBIC") + msg.findall(org, "BICOrBEI")
        others = msg.findall(org, "Othr")
        if bics and others:
            yield org, "OrgId has both a BIC and Othr; SEPA allows one BIC or exactly one Othr"
        elif len(others) > 1:
            yield others[1], f"OrgId has {len(others)} Othr; SEPA allows exactly one"
    prvt = msg.find(party, "Id/PrvtId")
    if prvt is not None:
        birth = msg.find(prvt, "DtAndPlcOfBirth")
        others = msg.findall(prvt, "Othr")
        if birth is not None and others:
            yield prvt, "PrvtId has both DtAndPlcOfBirth and Othr; SEPA allows one of them"
        elif len(others) > 1:
            yield others[1], f"PrvtId has {len(others)} Othr; SEPA allows exactly one"


@rule(
    "SEPA-ULTMT",
    "E",
    SEPA,
    "Ultimate debtor at one level only; party Id is one BIC or one Othr (OrgId), "
    "birth data or one Othr (PrvtId).",
    sources=("S9",),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN,
        '<InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>',
        '<InstdAmt Ccy="EUR">10.00</InstdAmt></Amt><UltmtDbtr><Nm>A</Nm></UltmtDbtr>',
        severity=Severity.ERROR,
    ),
    fix="Give the ultimate debtor at one level with one identification.",
    proof=_ultimate_ok,
)
def _ultmt(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        if tx.pmtinf is not None:
            above = msg.find(tx.pmtinf, "UltmtDbtr")
            here = msg.find(tx.el, "UltmtDbtr")
            if above is not None and here is not None:
                yield r.finding(
                    msg,
                    here,
                    "UltmtDbtr is given at both PmtInf and transaction level; give it at one",
                )
    for party in msg.iter(*PARTY_NAMES):
        for el, problem in _party_id_problems(msg, party):
            yield r.finding(msg, el, f"{local(party.tag)}: {problem}")
