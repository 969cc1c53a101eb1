"""CBPR+ amounts and charges: currency decimals, charge bearer, charges information."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import decimals, minor_units
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.cbpr.common import CBPR
from qenex_messages.rules.samples import CBPR_PACS
from qenex_messages.rules.view import PACS008, Message, decimal

_COMMODITIES = frozenset({"XAU", "XAG", "XPD", "XPT"})


@rule(
    "CBPR-CCY",
    "E/W",
    CBPR,
    "No commodity currencies XAU XAG XPD XPT; decimals within the ISO 4217 minor units.",
    sources=("S1", "S4", "S5"),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        'Ccy="JPY">1000</IntrBkSttlmAmt>',
        'Ccy="JPY">1000.50</IntrBkSttlmAmt>',
        severity=Severity.ERROR,
    ),
    note="Decimals are E here (as S4; S5 has W): the MT leg rejects them.",
    fix="Use a currency that is not a commodity, with its ISO 4217 decimals.",
)
def _ccy(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    els = [
        e
        for tx in msg.txs
        for p in ("IntrBkSttlmAmt", "InstdAmt", "Amt/InstdAmt", "Amt/EqvtAmt/Amt")
        for e in msg.findall(tx.el, p)
    ]
    for el in els:
        ccy = el.get("Ccy") or ""
        if ccy in _COMMODITIES:
            yield r.finding(msg, el, f"{ccy} is a commodity, not a currency; CBPR+ rejects it")
            continue
        value = decimal(el.text)
        units = minor_units(ccy)
        if value is not None and units is not None and decimals(value) > units:
            yield r.finding(
                msg, el, f"{el.text} {ccy} has more decimals than {ccy} allows ({units})"
            )


@rule(
    "CBPR-CHRGBR",
    "E",
    CBPR,
    "ChrgBr is DEBT, CRED or SHAR (no SLEV).",
    sources=("S2",),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<ChrgBr>CRED<", "<ChrgBr>SLEV<", severity=Severity.ERROR),
    fix="Set ChrgBr to DEBT, CRED or SHAR.",
)
def _chrgbr(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    els = [e for tx in msg.txs for e in msg.findall(tx.el, "ChrgBr")]
    els += [e for pi in msg.pmtinfs for e in msg.findall(pi, "ChrgBr")]
    for el in els:
        if el.text not in ("DEBT", "CRED", "SHAR"):
            yield r.finding(msg, el, f"ChrgBr {el.text!r} is not allowed; use DEBT, CRED or SHAR")


@rule(
    "CBPR-CHRGS",
    "E/W",
    CBPR,
    "Charges: CRED needs ChrgsInf; DEBT at most one; DEBT with a deduction needs non-zero "
    "ChrgsInf (W); ChrgsInf/Agt has Nm and PstlAdr together.",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        (
            '<ChrgsInf><Amt Ccy="JPY">0</Amt><Agt><FinInstnId>'
            "<BICFI>ABCDGB2LXXX</BICFI></FinInstnId></Agt></ChrgsInf>"
        ),
        "",
        severity=Severity.ERROR,
    ),
    fix="Add or correct ChrgsInf to match the charge bearer.",
)
def _chrgs(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PACS008:
        return
    for tx in msg.txs:
        bearer = msg.text(tx.el, "ChrgBr")
        charges = msg.findall(tx.el, "ChrgsInf")
        if bearer == "CRED" and not charges:
            yield r.finding(msg, tx.el, "ChrgBr CRED needs at least one ChrgsInf (zero allowed)")
        if bearer == "DEBT" and len(charges) > 1:
            yield r.finding(msg, charges[1], "ChrgBr DEBT allows at most one ChrgsInf")
        sttlm = msg.find(tx.el, "IntrBkSttlmAmt")
        instd = msg.find(tx.el, "InstdAmt")
        if bearer in ("DEBT", "SHAR") and sttlm is not None and instd is not None:
            a, b = decimal(sttlm.text), decimal(instd.text)
            same = sttlm.get("Ccy") == instd.get("Ccy")
            amounts = [decimal(msg.text(c, "Amt")) or Decimal(0) for c in charges]
            if same and a is not None and b is not None:
                if bearer == "DEBT" and a > b and not any(amounts):
                    yield r.warn(
                        msg,
                        tx.el,
                        "ChrgBr DEBT with IntrBkSttlmAmt above InstdAmt: give the charges in a "
                        "non-zero ChrgsInf",
                    )
                if bearer == "SHAR" and a < b and not charges:
                    yield r.warn(msg, tx.el, "ChrgBr SHAR with a deduction: report it in ChrgsInf")
        for c in charges:
            agt = msg.find(c, "Agt/FinInstnId")
            if agt is not None and (msg.find(agt, "Nm") is None) != (
                msg.find(agt, "PstlAdr") is None
            ):
                yield r.finding(msg, agt, "ChrgsInf/Agt gives Nm and PstlAdr together or neither")
