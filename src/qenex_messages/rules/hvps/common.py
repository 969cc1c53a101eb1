"""What the HVPS+ topic modules share: the profile set the base rules apply to."""

from __future__ import annotations

from qenex_messages.rules.base import HVPS_PROFILES

HVPS = HVPS_PROFILES
"""The HVPS+ base rules apply to ``hvps+`` and to every profile that is a delta over it."""
