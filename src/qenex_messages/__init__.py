"""qenex-messages: typed payment messages (SWIFT MT103, ISO 20022 pacs.008 and pain.001).

The public API is re-exported here; submodules whose names start with ``_`` are private.
"""

from qenex_messages._version import __version__
from qenex_messages.codes import CodeInfo, all_codes, lookup
from qenex_messages.findings import (
    Finding,
    LimitExceededError,
    Location,
    MessageError,
    Outcome,
    QenexError,
    Report,
    SchemaNotInstalledError,
    Severity,
)

__all__ = [
    "CodeInfo",
    "Finding",
    "LimitExceededError",
    "Location",
    "MessageError",
    "Outcome",
    "QenexError",
    "Report",
    "SchemaNotInstalledError",
    "Severity",
    "__version__",
    "all_codes",
    "lookup",
]
