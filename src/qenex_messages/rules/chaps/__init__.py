"""CHAPS rules, a delta over the HVPS+ base: the Bank of England's public policy statements on
ISO 20022 enhanced data, whose mandates are dated data (:mod:`.mandates`).

The CHAPS message schemas and technical guidance are on Swift MyStandards behind registration;
only what the Bank's public policy statements say is a rule here (see docs/profiles.md).
"""

from __future__ import annotations

from qenex_messages.rules.chaps import amounts, mandates

_ = (mandates, amounts)
