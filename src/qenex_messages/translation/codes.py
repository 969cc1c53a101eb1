"""Finding codes of the translation layer (``QX44x``): what a translation changed, lost or refused.

Codes of the layers below keep their meaning and are passed through unchanged: ``QX42x`` for what
rendering MT103 lost, ``QX38x`` for what rendering ISO 20022 XML lost.
"""

from __future__ import annotations

from qenex_messages.codes import CodeInfo, define
from qenex_messages.findings import Severity

_F = "translation"
_W = Severity.WARNING
_E = Severity.ERROR
_I = Severity.INFO

REFUSED = define(
    "QX440",
    _E,
    "The message cannot be translated to the target (e.g. an MT103 reject/return, a cheque).",
    family=_F,
    fix="Send this message on its own rail; it has no translation.",
)
NOT_TRANSLATED = define(
    "QX441",
    _W,
    "Data with no home in the target message was left out (by rule or for lack of an element).",
    family=_F,
    fix="Accept the loss or carry the data another way (remittance, a separate message).",
)
TRUNCATED = define(
    "QX442",
    _W,
    "Text was cut to fit the target; the kept part ends with the '+' truncation indicator.",
    family=_F,
    fix="Shorten the text at the source, or accept the cut.",
)
DEFAULTED = define(
    "QX443",
    _I,
    "A value the target requires was filled in by rule (NOTPROVIDED, sender or receiver BIC, a "
    "generated reference).",
    family=_F,
    fix="Check the filled-in value; give the real one at the source if you have it.",
)
CODE_AS_TEXT = define(
    "QX444",
    _W,
    "A field 72 code word has no element in the target; it travels as free instruction text.",
    family=_F,
    fix="Nothing to fix: the code word is kept as instruction text.",
)
UNREADABLE = define(
    "QX445",
    _E,
    "The input could not be read as the message the translation expects.",
    family=_F,
    fix="Check the input is the message type the translation expects and fix its errors.",
)
CHANGED = define(
    "QX446",
    _W,
    "A value was changed to fit the target's rules (e.g. an upper-case UETR lower-cased).",
    family=_F,
    fix="Nothing to fix unless the change matters; then correct the value at the source.",
)
INCOMPLETE = define(
    "QX447",
    _E,
    "The target requires data the input does not carry; the output is incomplete.",
    family=_F,
    fix="Add the missing data at the source; the output is incomplete until then.",
)
BIC_DERIVED = define(
    "QX448",
    _I,
    "A creditor agent's BIC was derived from the creditor's IBAN through the bank registry.",
    family=_F,
    fix="Confirm the derived BIC is the agent to pay, or give the BIC in the input.",
)

__all__ = [name for name, value in list(globals().items()) if isinstance(value, CodeInfo)]
