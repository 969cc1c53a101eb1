"""qenex-messages: typed payment messages (SWIFT MT103, ISO 20022 pacs.008 and pain.001).

The public API is re-exported here. The format layers (lxml, schwifty) load on first use of one
of their names, so ``import qenex_messages`` stays cheap; submodules whose names start with
``_`` are private.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
    SettingError,
    Severity,
)
from qenex_messages.limits import Limits

if TYPE_CHECKING:
    from qenex_messages.columnar import to_arrow
    from qenex_messages.fix import fix_document
    from qenex_messages.inputs import detect_format
    from qenex_messages.iso20022 import (
        ParsedDocument,
        ParsedStatusReport,
        check_xml,
        install_schemas,
        parse_document,
        parse_status_report,
        render_document,
        render_status_report,
        schema_status,
    )
    from qenex_messages.model import CreditTransfer
    from qenex_messages.mt import (
        Mt103Message,
        check_mt,
        parse_mt103,
        parse_mt_messages,
        render_mt103,
    )
    from qenex_messages.pipeline import validate_bytes, validate_path
    from qenex_messages.pipeline.stream import FindingStream, iter_transactions, validate_stream
    from qenex_messages.replies import reason_table
    from qenex_messages.reply import read_status_report, status_report
    from qenex_messages.rules import check_profile, propose_address, select_profile
    from qenex_messages.status_model import StatusReport
    from qenex_messages.translation import (
        mt103_to_pacs008,
        pacs008_to_mt103,
        pain001_to_pacs008,
    )
    from qenex_messages.translation.convert import convert
    from qenex_messages.translation.migrate import migrate

_LAZY = {
    "CreditTransfer": "qenex_messages.model",
    "Mt103Message": "qenex_messages.mt",
    "check_mt": "qenex_messages.mt",
    "parse_mt103": "qenex_messages.mt",
    "parse_mt_messages": "qenex_messages.mt",
    "render_mt103": "qenex_messages.mt",
    "ParsedDocument": "qenex_messages.iso20022",
    "check_xml": "qenex_messages.iso20022",
    "install_schemas": "qenex_messages.iso20022",
    "parse_document": "qenex_messages.iso20022",
    "render_document": "qenex_messages.iso20022",
    "schema_status": "qenex_messages.iso20022",
    "ParsedStatusReport": "qenex_messages.iso20022",
    "parse_status_report": "qenex_messages.iso20022",
    "render_status_report": "qenex_messages.iso20022",
    "StatusReport": "qenex_messages.status_model",
    "reason_table": "qenex_messages.replies",
    "status_report": "qenex_messages.reply",
    "read_status_report": "qenex_messages.reply",
    "check_profile": "qenex_messages.rules",
    "propose_address": "qenex_messages.rules",
    "select_profile": "qenex_messages.rules",
    "convert": "qenex_messages.translation",
    "migrate": "qenex_messages.translation",
    "mt103_to_pacs008": "qenex_messages.translation",
    "pacs008_to_mt103": "qenex_messages.translation",
    "pain001_to_pacs008": "qenex_messages.translation",
    "FindingStream": "qenex_messages.pipeline.stream",
    "iter_transactions": "qenex_messages.pipeline.stream",
    "validate_stream": "qenex_messages.pipeline.stream",
    "detect_format": "qenex_messages.inputs",
    "fix_document": "qenex_messages.fix",
    "validate_bytes": "qenex_messages.pipeline",
    "validate_path": "qenex_messages.pipeline",
    "to_arrow": "qenex_messages.columnar",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qenex_messages' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "CodeInfo",
    "CreditTransfer",
    "Finding",
    "FindingStream",
    "LimitExceededError",
    "Limits",
    "Location",
    "MessageError",
    "Mt103Message",
    "Outcome",
    "ParsedDocument",
    "ParsedStatusReport",
    "QenexError",
    "Report",
    "SchemaNotInstalledError",
    "SettingError",
    "Severity",
    "StatusReport",
    "__version__",
    "all_codes",
    "check_mt",
    "check_profile",
    "check_xml",
    "convert",
    "detect_format",
    "fix_document",
    "install_schemas",
    "iter_transactions",
    "lookup",
    "migrate",
    "mt103_to_pacs008",
    "pacs008_to_mt103",
    "pain001_to_pacs008",
    "parse_document",
    "parse_mt103",
    "parse_mt_messages",
    "parse_status_report",
    "propose_address",
    "read_status_report",
    "reason_table",
    "render_document",
    "render_mt103",
    "render_status_report",
    "schema_status",
    "select_profile",
    "status_report",
    "to_arrow",
    "validate_bytes",
    "validate_path",
    "validate_stream",
]
