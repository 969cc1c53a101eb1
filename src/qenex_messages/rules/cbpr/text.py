"""CBPR+ free text: the extended character set and the element length limits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qenex_messages.charsets import CBPR_EXTENDED_EXTRA, X_CLASS
from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import NOT_BASIC, RulebookRule, Scope, fails, rule, shown
from qenex_messages.rules.cbpr.common import CBPR
from qenex_messages.rules.samples import CBPR_PACS
from qenex_messages.rules.view import Element, Message, local

EXTENDED = re.compile(f"[^{X_CLASS}{re.escape(CBPR_EXTENDED_EXTRA)}]")

TEXT_NAMES = ("Nm", "Ustrd", "AddtlRmtInf")

X_TEXT_NAMES = ("InstrInf",)


_PROOF_SETS = ((TEXT_NAMES, EXTENDED), (X_TEXT_NAMES, NOT_BASIC))
"""The names the proof joins, each with what its set excludes."""


def _address_parts(address: Element) -> Iterator[Element]:
    """The children of a PstlAdr whose text CBPR-CHARSET-TXT reads: elements without children."""
    return (c for c in address if local(c.tag) and not len(c))


def _charset_ok(msg: Message) -> bool:
    """The joined text of the elements of each set (and of the parts of every PstlAdr) is in
    that set: one search per set instead of one per element."""
    addresses = "".join([c.text or "" for a in msg.iter("PstlAdr") for c in _address_parts(a)])
    return EXTENDED.search(addresses) is None and all(
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
    els = list(msg.iter(*TEXT_NAMES, *X_TEXT_NAMES))
    for a in msg.iter("PstlAdr"):
        els.extend(_address_parts(a))
    for el in els:
        text = el.text or ""
        narrow = local(el.tag) in X_TEXT_NAMES
        outside = NOT_BASIC if narrow else EXTENDED
        if outside.search(text) is not None:
            bad = sorted(set(outside.findall(text)))
            kind = "FIN X" if narrow else "the CBPR+ extended set"
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {shown(text)} has characters outside {kind}: {''.join(bad)!r}",
            )


LIMITS = {
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


def _over_limit(msg: Message) -> Iterator[tuple[Element, int, int]]:
    """(element, its length, its limit) for each element longer than CBPR+ allows."""
    for el in msg.iter(*LIMITS):
        limit = LIMITS[local(el.tag)]
        size = len(el.text or "")
        if size > limit:
            yield el, size, limit


def _repeated_ustrd(msg: Message) -> Iterator[list[Element]]:
    """The Ustrd of each RmtInf that has more than one."""
    for rmt in msg.iter("RmtInf"):
        ustrd = msg.findall(rmt, "Ustrd")
        if len(ustrd) > 1:
            yield ustrd


def one_ustrd_each(ustrd: list[Element]) -> bool:
    """No two of ``ustrd`` (every Ustrd of the body) share a parent, so no RmtInf has two."""
    return len({el.getparent() for el in ustrd}) == len(ustrd)


def _lengths_ok(msg: Message) -> bool:
    """Nothing is over its limit, and no two Ustrd share a parent."""
    return next(_over_limit(msg), None) is None and one_ustrd_each(list(msg.iter("Ustrd")))


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
    proof=_lengths_ok,
)
def _len(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el, size, limit in _over_limit(msg):
        yield r.finding(msg, el, f"{local(el.tag)} has {size} characters; CBPR+ allows {limit}")
    for ustrd in _repeated_ustrd(msg):
        yield r.finding(msg, ustrd[1], f"{len(ustrd)} Ustrd; CBPR+ allows one")
