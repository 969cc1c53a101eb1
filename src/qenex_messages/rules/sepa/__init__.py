"""SEPA Credit Transfer rules (EPC132-08 customer-to-PSP, EPC115-06 interbank) and SCT Inst.

Rule ids, severities and pass/fail examples follow ``docs/rulebooks`` section A. Rules apply to
pain.001 (.03/.09 and later) and pacs.008 (.02/.08 and later) unless the rule says otherwise.
Each topic module registers its rules when imported; the order below is the order of the docs.
"""

from __future__ import annotations

from qenex_messages.rules.sepa import (
    addresses,
    agents,
    amounts,
    charset,
    countries,
    dates,
    ids,
    parties,
    remittance,
    scheme,
    whole,
)
from qenex_messages.rules.sepa.countries import in_sepa, non_eea

__all__ = ["in_sepa", "non_eea"]

_ = (charset, ids, amounts, scheme, agents, countries, parties, remittance, addresses, dates, whole)
