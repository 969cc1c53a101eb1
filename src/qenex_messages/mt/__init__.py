"""SWIFT MT103 (core, STP, REMIT): parse, check, render, and map to the credit-transfer model.

* :func:`check_mt` reads a file of one or more messages and returns one
  :class:`~qenex_messages.findings.Report` per message; it never raises.
* :func:`parse_mt103` / :func:`parse_mt_messages` return :class:`Mt103Message` objects and raise
  :class:`~qenex_messages.findings.MessageError` when nothing can be read.
* :meth:`Mt103Message.render` writes a message back (byte-exact for a valid one);
  :meth:`Mt103Message.to_model` maps it into :class:`~qenex_messages.model.CreditTransfer`.
* :func:`render_mt103` writes a model as MT103 text, reporting every loss as a finding.
"""

import importlib
from typing import TYPE_CHECKING, Any

from qenex_messages.mt import sample as _sample
from qenex_messages.mt.check import check_mt
from qenex_messages.mt.fields import FIELD_ORDER, FIELDS, SRU, FieldSpec, MtField

if TYPE_CHECKING:
    from qenex_messages.mt.message import Mt103Message
    from qenex_messages.mt.read import parse_mt103, parse_mt_messages
    from qenex_messages.mt.render import render_mt103

__all__ = [
    "FIELDS",
    "FIELD_ORDER",
    "SRU",
    "FieldSpec",
    "Mt103Message",
    "MtField",
    "check_mt",
    "parse_mt103",
    "parse_mt_messages",
    "render_mt103",
]

_ = _sample  # imported for its registration of the network-rule example runner

_LAZY = {
    # A clean message is checked by the compiled plan alone: the exact reader and the message
    # class load when a message is read, the renderer (from the pydantic model) when one is
    # written.
    "Mt103Message": "qenex_messages.mt.message",
    "parse_mt103": "qenex_messages.mt.read",
    "parse_mt_messages": "qenex_messages.mt.read",
    "render_mt103": "qenex_messages.mt.render",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
