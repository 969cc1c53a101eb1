"""SWIFT CBPR+ usage-guideline rules for pacs.008.001.08 and pain.001.001.09 (with the BAH).

Rule ids, severities and pass/fail examples follow ``docs/rulebooks`` section B; ``Rnn`` in the
titles are the usage-guideline rule numbers as transcribed by cbpr-usage-rules (S1).
Release-dependent rules read ``as_of``: SR2025 from 22 Nov 2025, SR2026 from 14 Nov 2026. Each
topic module registers its rules when imported; the order below is the order of the docs.
"""

from __future__ import annotations

from qenex_messages.rules.cbpr import (
    addresses,
    agents,
    amounts,
    bah,
    group,
    ids,
    remittance,
    text,
    whole,
)
from qenex_messages.rules.cbpr.common import SR2025, SR2026

__all__ = ["SR2025", "SR2026"]

_ = (bah, group, ids, text, amounts, agents, addresses, remittance, whole)
