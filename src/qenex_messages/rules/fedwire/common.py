"""Helpers the Fedwire topic modules share: the profile set and the guideline names."""

from __future__ import annotations

from qenex_messages.rules.base import FEDWIRE_PROFILES
from qenex_messages.rules.view import Element

FEDWIRE = FEDWIRE_PROFILES

PACS_GUIDELINE = "F1"
"""Fedwire Funds Service Release 2025, CustomerCreditTransfer_pacs.008.001.08 guideline XSD."""
BAH_GUIDELINE = "F2"
"""Fedwire Funds Service Release 2025, BusinessApplicationHeader_head.001.001.03 guideline XSD."""
ABA_CHECK = "W6"
"""The ABA routing number's 3-7-1 check digit."""


def present(*elements: Element | None) -> Element | None:
    """The first element that is there (an element with no children is falsy in lxml, so
    ``a or b`` would skip it)."""
    return next((el for el in elements if el is not None), None)
