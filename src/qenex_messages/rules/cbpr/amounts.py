"""CBPR+ amounts and charges: currency decimals, charge bearer, charges information."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import decimals, minor_units
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.cbpr.common import CBPR
from qenex_messages.rules.proofs import absent, holds, select
from qenex_messages.rules.samples import CBPR_PACS
from qenex_messages.rules.view import PACS008, Message, decimal

_COMMODITIES = frozenset({"XAU", "XAG", "XPD", "XPT"})

# Each rule first asks for a proof over the whole document that its exact body would find
# nothing (see rules/proofs.py): the elements it reads selected by one XPath of child steps,
# their texts checked in bulk; a rule about something the document does not hold at all is
# proven by lxml's name look-up alone. tests/rules/test_cbpr_fast.py holds the proofs to the
# bodies.

_AMOUNT_PATHS = (
    ("", "{tx}/d:IntrBkSttlmAmt"),
    ("InstdAmt", "{tx}/d:InstdAmt | {tx}/d:Amt/d:InstdAmt"),
    ("EqvtAmt", "{tx}/d:Amt/d:EqvtAmt/d:Amt"),
)
"""Every amount CBPR-CCY reads, each path after the name without which it finds nothing (a
path less in the XPath when the document lacks that name; '' for always)."""


def _amount_ok(ccy: str, text: str | None) -> bool:
    """What CBPR-CCY asks of one amount: not a commodity, no more decimals than the currency
    has (the fraction's length first, which bounds the decimals)."""
    if ccy in _COMMODITIES:
        return False
    units = minor_units(ccy)
    if units is None or len((text or "").strip().partition(".")[2]) <= units:
        return True
    value = decimal(text)
    return value is None or decimals(value) <= units


def _amounts_ok(msg: Message) -> bool:
    """Every amount CBPR-CCY reads passes :func:`_amount_ok`."""
    assert msg.body is not None
    paths = " | ".join(p for name, p in _AMOUNT_PATHS if not name or not absent(msg, name))
    return all(_amount_ok(el.get("Ccy") or "", el.text) for el in select(msg, msg.body, paths))


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
    proof=_amounts_ok,
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


_BEARERS = "{tx}/d:ChrgBr | d:PmtInf/d:ChrgBr"
"""Every ChrgBr CBPR-CHRGBR reads (and more: a pacs.008 has no PmtInf)."""


def _read_bearers(msg: Message) -> set[str | None]:
    assert msg.body is not None
    return {el.text for el in select(msg, msg.body, _BEARERS)}


def _bearer_texts(msg: Message) -> set[str | None]:
    """The text of every ChrgBr of :data:`_BEARERS` (CBPR-CHRGBR and CBPR-CHRGS read them)."""
    return msg.memo("cbpr bearers", _read_bearers)


ALLOWED_BEARERS = frozenset({"DEBT", "CRED", "SHAR"})


def _bearers_ok(msg: Message) -> bool:
    """Every ChrgBr of a transaction or payment block is one of :data:`ALLOWED_BEARERS`."""
    return _bearer_texts(msg) <= ALLOWED_BEARERS


@rule(
    "CBPR-CHRGBR",
    "E",
    CBPR,
    "ChrgBr is DEBT, CRED or SHAR (no SLEV).",
    sources=("S2",),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<ChrgBr>CRED<", "<ChrgBr>SLEV<", severity=Severity.ERROR),
    fix="Set ChrgBr to DEBT, CRED or SHAR.",
    proof=_bearers_ok,
)
def _chrgbr(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    els = [e for tx in msg.txs for e in msg.findall(tx.el, "ChrgBr")]
    els += [e for pi in msg.pmtinfs for e in msg.findall(pi, "ChrgBr")]
    for el in els:
        if el.text not in ALLOWED_BEARERS:
            yield r.finding(msg, el, f"ChrgBr {el.text!r} is not allowed; use DEBT, CRED or SHAR")


_UNSURE_CHARGES = " or ".join(
    (
        "d:ChrgBr[1][starts-with(., 'CRED')] and not(d:ChrgsInf)",
        "d:ChrgBr[1][starts-with(., 'DEBT')] and d:ChrgsInf[2]",
        # an instructed amount beside the settled one, unless both are one equal text or the
        # currencies differ
        (
            "d:ChrgBr[1][starts-with(., 'DEBT') or starts-with(., 'SHAR')] and d:InstdAmt"
            " and d:IntrBkSttlmAmt and not(d:IntrBkSttlmAmt[1]/@Ccy != d:InstdAmt[1]/@Ccy)"
            " and not(count(d:IntrBkSttlmAmt[1]/node())=1 and count(d:InstdAmt[1]/node())=1"
            " and d:IntrBkSttlmAmt[1]/text() = d:InstdAmt[1]/text())"
        ),
        "d:ChrgsInf/d:Agt/d:FinInstnId[boolean(d:Nm) != boolean(d:PstlAdr)]",
    )
)
"""XPath, of a transaction: what might make CBPR-CHRGS report it (a string value starts with
what the body compares the text to)."""


CHARGE_NAMES = ("ChrgsInf", "InstdAmt")
"""Without these, only a CRED charge bearer can make CBPR-CHRGS report a transaction."""


def _charges_ok(msg: Message) -> bool:
    """Without ChrgsInf and InstdAmt, no ChrgBr is CRED; else no transaction has what
    :data:`_UNSURE_CHARGES` looks for."""
    if absent(msg, *CHARGE_NAMES):
        return "CRED" not in _bearer_texts(msg)
    return not holds(msg, f"{{tx}}[{_UNSURE_CHARGES}]")


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
    proof=_charges_ok,
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
