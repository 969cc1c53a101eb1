"""Words both directions of the MT103 <-> model mapping share: code tables and the joining of
MT lines into one text (the X set and its transliteration are in :mod:`qenex_messages.charsets`)."""

from __future__ import annotations

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
    "join_lines",
]

ORIGIN = "MT103"
"""Prefix of :attr:`SupplementaryData.origin` for MT103 data kept outside the model's fields."""


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
