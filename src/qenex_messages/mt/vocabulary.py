"""Words both directions of the MT103 <-> model mapping share: code tables, the X character set
and its transliteration, and the joining of MT lines into one text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from qenex_messages.model import ChargeBearer

__all__ = [
    "CHARGES",
    "CHARGES_BACK",
    "CREDITOR_AGENT_CODES",
    "ORG_ID_CODES",
    "ORIGIN",
    "TIME_KINDS",
    "TIME_KINDS_BACK",
    "TRANSLITERATION",
    "join_lines",
    "to_x",
]

ORIGIN = "MT103"
"""Prefix of :attr:`SupplementaryData.origin` for MT103 data kept outside the model's fields."""

TRANSLITERATION: dict[str, str] = {
    "ß": "ss",
    "Æ": "AE",
    "æ": "ae",
    "Ø": "O",
    "ø": "o",
    "Œ": "OE",
    "œ": "oe",
    "Ł": "L",
    "ł": "l",
    "Đ": "D",
    "đ": "d",
    "Þ": "TH",
    "þ": "th",
    "&": "+",
    "@": "(AT)",
    "_": "-",
    "#": "NO.",
    "%": "PCT",
    "*": ".",
    "=": "-",
    "!": ".",
    '"': "'",
    ";": ",",
    "<": "(",
    ">": ")",
    "[": "(",
    "]": ")",
    "{": "(",
    "}": ")",
    "\\": "/",
    "|": "/",
    "~": "-",
    "\t": " ",
    "€": "EUR",
    "£": "GBP",
    "$": "USD",
}
"""Replacements for characters outside the X set, applied after accents are removed."""


X_CHAR = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]")
"""One character of the SWIFT X set."""
CHARGES = {"OUR": ChargeBearer.DEBTOR, "BEN": ChargeBearer.CREDITOR, "SHA": ChargeBearer.SHARED}
"""71A codes and the charge bearer each means."""
CHARGES_BACK = {v: k for k, v in CHARGES.items()}
TIME_KINDS = {
    "SNDTIME": "DBTDTTM",
    "RNCTIME": "CDTDTTM",
    "CLSTIME": "CLSTM",
    "TILTIME": "TILLTM",
    "FROTIME": "FRTM",
    "REJTIME": "RJCTTM",
}
"""13C codes and the ISO 20022 time indication each means."""
TIME_KINDS_BACK = {v: k for k, v in TIME_KINDS.items()}
CREDITOR_AGENT_CODES = ("CHQB", "HOLD", "PHOB", "TELB")
"""23E codes that are instructions for the creditor agent."""
ORG_ID_CODES = ("CUST", "TXID")
"""50F party-identifier codes that identify an organisation."""


def join_lines(lines: Iterable[str], width: int = 35) -> str:
    """Join MT lines into one text: a full-width line continues directly, a shorter one with a
    space (the CBPR+ rule for 70 -> Ustrd; the inverse of cutting text into ``width`` pieces)."""
    out = ""
    prev_full = True
    for line in lines:
        if out and not prev_full:
            out += " "
        out += line
        prev_full = len(line) >= width
    return out


def to_x(text: str) -> tuple[str, bool]:
    """``text`` in the X set (accents removed, :data:`TRANSLITERATION`, else ``.``); and whether
    anything changed."""
    if all(X_CHAR.match(ch) for ch in text):
        return text, False
    out: list[str] = []
    for ch in text:
        if X_CHAR.match(ch):
            out.append(ch)
            continue
        if ch in TRANSLITERATION:
            out.append(TRANSLITERATION[ch])
            continue
        base = "".join(b for b in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(b))
        if base and all(X_CHAR.match(b) for b in base):
            out.append(base)
        else:
            out.append(".")
    return "".join(out), True
