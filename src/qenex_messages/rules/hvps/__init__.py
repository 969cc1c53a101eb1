"""HVPS+ rules: the base that the high-value market infrastructures (T2, CHAPS, CHIPS, Lynx)
align their pacs.008.001.08 guidelines to.

The HVPS+ usage guidelines themselves are published on Swift MyStandards, not publicly, so this
profile holds only the restrictions a public document states (see docs/profiles.md); ``t2`` and
``chaps`` add their own public rules on top of it.
"""

from __future__ import annotations

from qenex_messages.rules.hvps import addresses, group

_ = (group, addresses)
