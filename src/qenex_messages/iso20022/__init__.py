"""ISO 20022 pacs.008 and pain.001 (every version in :data:`SUPPORTED`), their status reports
pain.002 and pacs.002 (:data:`STATUS_VERSIONS`): safe parsing, detection,
XSD validation with readable located findings, checks beyond the XSD, and parse/render to and
from the :class:`~qenex_messages.model.CreditTransfer` model."""

from qenex_messages.iso20022._structure import Complex, Structure, structure
from qenex_messages.iso20022.detect import SUPPORTED, MessageInfo, detect
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
