"""CBPR+ free text: the extended character set and the element length limits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qenex_messages.charsets import CBPR_EXTENDED_EXTRA, X_CLASS
from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import NOT_BASIC, RulebookRule, Scope, fails, rule, shown
from qenex_messages.rules.cbpr.common import CBPR
from qenex_messages.rules.samples import CBPR_PACS
from qenex_messages.rules.view import Message, local

_EXTENDED = re.compile(f"[^{X_CLASS}{re.escape(CBPR_EXTENDED_EXTRA)}]")

_TEXT_NAMES = ("Nm", "Ustrd", "AddtlRmtInf")

_X_TEXT_NAMES = ("InstrInf",)


_PROOF_SETS = ((_TEXT_NAMES, _EXTENDED), (_X_TEXT_NAMES, NOT_BASIC))
"""The names the proof joins, each with what its set excludes."""


def _charset_ok(msg: Message) -> bool:
    """The joined text of the elements of each set (and of every node below a PstlAdr) is in
    that set: one search per set instead of one per element."""
    addresses = "".join([c.text or "" for a in msg.iter("PstlAdr") for c in a])
    return _EXTENDED.search(addresses) is None and all(
        outside.search("".join([el.text or "" for el in msg.iter(*names)])) is None
        for names, outside in _PROOF_SETS
    )


@rule(
    "CBPR-CHARSET-TXT",
    "E",
    CBPR,
    "Names, address parts and remittance use the CBPR+ extended set; InstrInf uses FIN X.",
    sources=("S2", "S17"),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<Nm>Paris Trading<", "<Nm>Müller<", severity=Severity.ERROR),
    note="InstrInf follows the CBPR+ XSD note in mt-mx-mapping.md (FIN X), stricter than S2.",
    fix="Replace characters outside the CBPR+ extended set (transliterate accents if needed).",
    proof=_charset_ok,
)
def _charset_txt(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    els = list(msg.iter(*_TEXT_NAMES, *_X_TEXT_NAMES))
    for a in msg.iter("PstlAdr"):
        els.extend(c for c in a if local(c.tag) and not len(c))
    for el in els:
        text = el.text or ""
        narrow = local(el.tag) in _X_TEXT_NAMES
        outside = NOT_BASIC if narrow else _EXTENDED
        if outside.search(text) is not None:
            bad = sorted(set(outside.findall(text)))
            kind = "FIN X" if narrow else "the CBPR+ extended set"
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {shown(text)} has characters outside {kind}: {''.join(bad)!r}",
            )


_LIMITS = {
    "Nm": 140,
    "AdrLine": 70,
    "StrtNm": 70,
    "Dept": 70,
    "SubDept": 70,
    "Flr": 70,
    "Room": 70,
    "TwnNm": 35,
    "BldgNm": 35,
    "TwnLctnNm": 35,
    "DstrctNm": 35,
    "CtrySubDvsn": 35,
    "BldgNb": 16,
    "PstBx": 16,
    "PstCd": 16,
    "Ustrd": 140,
}


@rule(
    "CBPR-LEN",
    "E",
    CBPR,
    "Length limits: Nm 140; AdrLine, StrtNm ... 70; TwnNm ... 35; BldgNb, PstBx, PstCd 16; "
    "one Ustrd of at most 140.",
    sources=("S2",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "<Ustrd>Invoice 42</Ustrd>",
        "<Ustrd>Invoice 42</Ustrd><Ustrd>Invoice 43</Ustrd>",
        severity=Severity.ERROR,
    ),
    fix="Shorten the element to the CBPR+ length limit.",
)
def _len(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter(*_LIMITS):
        limit = _LIMITS[local(el.tag)]
        size = len(el.text or "")
        if size > limit:
            yield r.finding(msg, el, f"{local(el.tag)} has {size} characters; CBPR+ allows {limit}")
    for rmt in msg.iter("RmtInf"):
        ustrd = msg.findall(rmt, "Ustrd")
        if len(ustrd) > 1:
            yield r.finding(msg, ustrd[1], f"{len(ustrd)} Ustrd; CBPR+ allows one")
