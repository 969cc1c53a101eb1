"""Helpers the CBPR+ topic modules share: the profile set, release dates, BIC comparison."""

from __future__ import annotations

from datetime import date

from qenex_messages.rules.base import CBPR_PROFILES
from qenex_messages.rules.view import Element, Message

CBPR = CBPR_PROFILES

SR2025 = date(2025, 11, 22)
"""Swift standards release 2025 (end of MT/MX coexistence for payments)."""


SR2026 = date(2026, 11, 14)


def agent_bic(msg: Message, agent: Element | None) -> str | None:
    return msg.text(agent, "FinInstnId/BICFI")
