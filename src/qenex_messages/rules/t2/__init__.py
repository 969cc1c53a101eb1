"""TARGET T2 (RTGS) rules, a delta over the HVPS+ base: what the ECB's public documents state.

T2's pacs.008.001.08 usage guideline (MR2019) is published on Swift MyStandards and in the UDFS;
only what a public ECB document states is a rule here (see docs/profiles.md).
"""

from __future__ import annotations

from qenex_messages.rules.t2 import dates

_ = (dates,)
