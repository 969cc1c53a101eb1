"""Translation between formats: MT103 <-> pacs.008 (CBPR+), pain.001 -> pacs.008, and migration
between versions of one message. Every loss is a warning finding, every refusal an error finding.
"""

from qenex_messages.translation import codes
from qenex_messages.translation.mt_to_mx import mt103_to_pacs008
from qenex_messages.translation.mx_to_mt import pacs008_to_mt103

__all__ = ["codes", "mt103_to_pacs008", "pacs008_to_mt103"]
