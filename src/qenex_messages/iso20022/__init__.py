"""ISO 20022 pacs.008 and pain.001 (every version in :data:`SUPPORTED`), their status reports
pain.002 and pacs.002 (:data:`STATUS_VERSIONS`): safe parsing, detection,
XSD validation with readable located findings, checks beyond the XSD, and parse/render to and
from the :class:`~qenex_messages.model.CreditTransfer` model.

Each name loads its module on first use, so checking a document never imports the pydantic
model, the schema installer or the status reports it does not need."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Eager: importing the submodule ``detect`` would otherwise shadow the function of that name.
from qenex_messages.iso20022.detect import SUPPORTED, MessageInfo, detect

if TYPE_CHECKING:
    from qenex_messages.iso20022._structure import Complex, Structure, structure
    from qenex_messages.iso20022.document import ParsedDocument, parse_document, render_document
    from qenex_messages.iso20022.schema_install import (
        AddedSchema,
        SchemaInstall,
        SchemaStoreError,
        add_schema,
        install_schemas,
    )
    from qenex_messages.iso20022.schema_sources import SchemaDownloadError
    from qenex_messages.iso20022.schemas import SchemaStatus, schema_status, schema_store
    from qenex_messages.iso20022.status import (
        STATUS_VERSIONS,
        ParsedStatusReport,
        parse_status_report,
        read_original,
        render_status_report,
    )
    from qenex_messages.iso20022.validate import check_xml, check_xml_message, check_xml_tree
    from qenex_messages.iso20022.xmlsafe import parse_xml

_LAZY = {
    "Complex": "_structure",
    "Structure": "_structure",
    "structure": "_structure",
    "ParsedDocument": "document",
    "parse_document": "document",
    "render_document": "document",
    "AddedSchema": "schema_install",
    "SchemaInstall": "schema_install",
    "SchemaStoreError": "schema_install",
    "add_schema": "schema_install",
    "install_schemas": "schema_install",
    "SchemaDownloadError": "schema_sources",
    "SchemaStatus": "schemas",
    "schema_status": "schemas",
    "schema_store": "schemas",
    "STATUS_VERSIONS": "status",
    "ParsedStatusReport": "status",
    "parse_status_report": "status",
    "read_original": "status",
    "render_status_report": "status",
    "check_xml": "validate",
    "check_xml_message": "validate",
    "check_xml_tree": "validate",
    "parse_xml": "xmlsafe",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "STATUS_VERSIONS",
    "SUPPORTED",
    "AddedSchema",
    "Complex",
    "MessageInfo",
    "ParsedDocument",
    "ParsedStatusReport",
    "SchemaDownloadError",
    "SchemaInstall",
    "SchemaStatus",
    "SchemaStoreError",
    "Structure",
    "add_schema",
    "check_xml",
    "check_xml_message",
    "check_xml_tree",
    "detect",
    "install_schemas",
    "parse_document",
    "parse_status_report",
    "parse_xml",
    "read_original",
    "render_document",
    "render_status_report",
    "schema_status",
    "schema_store",
    "structure",
]
