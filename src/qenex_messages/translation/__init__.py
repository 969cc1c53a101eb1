"""Translation between formats: MT103 <-> pacs.008 (CBPR+), pain.001 -> pacs.008, and migration
between versions of one message. Every loss is a warning finding, every refusal an error finding.

* :func:`mt103_to_pacs008` - MT103 -> pacs.008 with a CBPR+ Business Application Header.
* :func:`pacs008_to_mt103` - pacs.008 -> one MT103 (core, STP or REMIT) per transaction.
* :func:`pain001_to_pacs008` - pain.001 -> pacs.008 for the debtor agent, per transaction or batch.
* :func:`migrate` - any supported version of a message to another.
* :func:`convert` / :class:`ConvertOptions` / :data:`TARGETS` - the dispatcher the CLI uses.
"""

from qenex_messages.translation import codes
from qenex_messages.translation.convert import TARGETS, ConvertOptions, convert
from qenex_messages.translation.migrate import migrate
from qenex_messages.translation.mt_to_mx import mt103_to_pacs008
from qenex_messages.translation.mx_to_mt import pacs008_to_mt103
from qenex_messages.translation.pain_to_pacs import pain001_to_pacs008

__all__ = [
    "TARGETS",
    "ConvertOptions",
    "codes",
    "convert",
    "migrate",
    "mt103_to_pacs008",
    "pacs008_to_mt103",
    "pain001_to_pacs008",
]
