r"""The character sets of payment messages, spelled once, and the one transliteration into them.

- the SWIFT **X** set (FIN text fields; also the SEPA *basic Latin* set and the CBPR+ restricted
  set, which are the same 73 characters): ``a-z A-Z 0-9 / - ? : ( ) . , ' + space``;
- the SWIFT **Z** set (field 77T and some envelope fields): X plus ``= ! " % & * < > ; { @ # _``;
- the SWIFT **Y** set (upper case only, used by a few envelope fields);
- the CBPR+ **extended** set (names, postal addresses, remittance): X plus
  ``! # $ % & * = ^ _ ` { | } ~ " ; < > @ [ \ ]``.

:func:`transliterate` maps any text into the X set: accents are removed, a table of common
replacements (``ß`` -> ``ss``, ``&`` -> ``+``, ``@`` -> ``(AT)``, ``€`` -> ``EUR``, ...)
applies, and anything else becomes ``.``. It serves MT rendering and the SEPA charset finding
alike (the SEPA finding used to have its own, which turned ``@``, ``Ø`` or ``€`` into ``.``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CBPR_EXTENDED_CHARS",
    "CBPR_EXTENDED_EXTRA",
    "NOT_X",
    "NOT_Z",
    "TRANSLITERATION",
    "X_CHARS",
    "X_CLASS",
    "Y_CHARS",
    "Y_CLASS",
    "Z_CHARS",
    "Z_CLASS",
    "first_bad_char",
    "is_x",
    "to_x",
    "transliterate",
]

X_CLASS = r"A-Za-z0-9/\-?:().,'+ "
"""The body of a regular-expression character class for the X set (no line break)."""
Z_EXTRA = '=!"%&*<>;{@#_'
Z_CLASS = X_CLASS + r"=!\"%&*<>;{@#_"
"""The body of a character class for the Z set (no line break)."""
Y_CLASS = r"A-Z0-9 .,\-()/='+:?!\"%&*<>;"
"""The body of a character class for the Y set."""

X_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ")
"""The SWIFT X character set without the CRLF line break (= the SEPA basic Latin set)."""
Z_CHARS = X_CHARS | frozenset(Z_EXTRA)
"""The SWIFT Z character set (field 77T) without the line break."""
Y_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-()/='+:?!\"%&*<>;")
"""The SWIFT Y character set."""
CBPR_EXTENDED_EXTRA = '!#$%&*=^_`{|}~";<>@[\\]'
"""What the CBPR+ extended set adds to X (names, postal addresses and remittance text)."""
CBPR_EXTENDED_CHARS = X_CHARS | frozenset(CBPR_EXTENDED_EXTRA)
"""The CBPR+ extended character set without the line break."""

NOT_X = re.compile(f"[^{X_CLASS}]")
"""One character outside the X set (a line break is outside too)."""
NOT_Z = re.compile(f"[^{Z_CLASS}]")
"""One character outside the Z set (a line break is outside too)."""

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
"""Replacements for characters outside the X set, applied when removing accents is not enough."""


def is_x(text: str) -> bool:
    """True when every character of ``text`` is in the X set (``\\n`` counts as the line break)."""
    return NOT_X.search(text.replace("\n", " ")) is None


def first_bad_char(text: str, allowed: frozenset[str] = X_CHARS) -> int:
    """Index of the first character of ``text`` outside ``allowed`` (and not ``\\n``), or -1."""
    for i, ch in enumerate(text):
        if ch not in allowed and ch != "\n":
            return i
    return -1


def _one(ch: str) -> str:
    if ch in X_CHARS:
        return ch
    if ch in TRANSLITERATION:
        return TRANSLITERATION[ch]
    base = "".join(b for b in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(b))
    return base if base and all(b in X_CHARS for b in base) else "."


def transliterate(text: str) -> str:
    """``text`` in the X set: accents removed, :data:`TRANSLITERATION` applied, else ``.``."""
    if all(ch in X_CHARS for ch in text):
        return text
    return "".join(_one(ch) for ch in text)


def to_x(text: str) -> tuple[str, bool]:
    """``(transliterate(text), whether anything changed)``."""
    out = transliterate(text)
    return out, out != text
