"""``parse_document`` (XML -> CreditTransfer) and ``render_document`` (CreditTransfer -> XML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import ValidationError

from qenex_messages.findings import Finding, Location, MessageError, Outcome, QenexError
from qenex_messages.iso20022 import head, pacs008, pain001, schemas, xsd
from qenex_messages.iso20022._read import Reader, locate_notes
from qenex_messages.iso20022._render import Builder, _nsmap
from qenex_messages.iso20022._structure import Shaper, structure
from qenex_messages.iso20022.codes import (
    KEPT_AS_SUPPLEMENTARY,
    RENDER_REPLACED,
    RENDER_REQUIRED_MISSING,
    RENDER_XSD_FAILED,
    UNMAPPABLE,
)
from qenex_messages.iso20022.detect import ISO_PREFIX, SUPPORTED, MessageInfo, detect
from qenex_messages.iso20022.xmlsafe import line_of, local_name, parse_xml
from qenex_messages.iso20022.xsd import path_scope, readable_path
from qenex_messages.model import (
    BusinessApplicationHeader,
    CreditTransfer,
    MessageKind,
    SupplementaryData,
    reading,
)
from qenex_messages.versions import MessageVersion

ENVELOPE_NS = "urn:swift:xsd:envelope"


@dataclass(slots=True)
class ParsedDocument:
    """A parsed message: the model, what was detected, and notes on what was kept verbatim."""

    model: CreditTransfer
    info: MessageInfo
    findings: list[Finding] = field(default_factory=list)


def _fail(message: str, findings: list[Finding]) -> MessageError:
    return MessageError(message, findings)


def _pydantic_findings(exc: ValidationError, source: str | None) -> list[Finding]:
    return [
        UNMAPPABLE.finding(
            f"{'.'.join(str(p) for p in error['loc']) or 'message'}: {error['msg']}",
            Location(source=source, field=".".join(str(p) for p in error["loc"]) or None),
            args={"type": str(error["type"])},
        )
        for error in exc.errors()
    ]


@path_scope()
def parse_document(data: bytes, *, source: str | None = None) -> ParsedDocument:
    """Parse a pacs.008 or pain.001 (bare, or with its AppHdr in an envelope) into the model.

    Lenient about values: an identifier, currency or amount that fails its check (a bad IBAN
    check digit, a BIC of no country) is kept as read, with its finding in ``findings``. Raises
    :class:`~qenex_messages.MessageError` when the bytes are not safe XML, the message is not a
    supported version, or its structure cannot be mapped. Every element the model has no field
    for is kept as ``SupplementaryData`` and noted as an info finding."""
    parsed = parse_xml(data, source=source)
    if parsed.value is None:
        raise _fail("not a well-formed, safe XML document", list(parsed.findings))
    info = detect(parsed.value.getroot(), source=source)
    errors = [f for f in info.findings if f.is_error]
    if info.message_type not in (None, "pacs.008", "pain.001"):
        raise _fail(
            f"a {info.message_type} is not a credit transfer; read it with parse_status_report",
            info.findings,
        )
    if errors or info.document is None or info.version is None:
        raise _fail("not a supported pacs.008 or pain.001 document", errors or info.findings)
    message = next((c for c in info.document if isinstance(c.tag, str)), None)
    if message is None:
        raise _fail("the Document is empty", [UNMAPPABLE.finding("empty Document")])
    reader = Reader()
    try:
        with reading() as value_notes:
            model, header_model = _read_message(reader, message, info)
    except ValidationError as exc:
        findings = _pydantic_findings(exc, source)
        raise _fail("the message content does not fit the model", findings) from exc
    except (ValueError, TypeError, AssertionError) as exc:
        where = Location(source=source, line=line_of(message))
        raise _fail(str(exc), [UNMAPPABLE.finding(str(exc), where)]) from exc
    notes: list[Finding] = []
    message_level: list[SupplementaryData] = []
    per_tx: dict[int, list[SupplementaryData]] = {}
    transactions = message.findall(".//{*}CdtTrfTxInf")
    index_of = {id(tx): i for i, tx in enumerate(transactions)}
    roots = [info.document] + ([info.header] if info.header is not None else [])
    for root in roots:
        leftovers = reader.leftovers(root) if root is info.document or header_model else [root]
        for element in leftovers:
            if root is info.header and header_model is None:
                path = "/AppHdr"
            else:
                path = readable_path(element)
            item = SupplementaryData(
                content=canonical_fragment(element),
                origin=path,
            )
            owner = next((a for a in element.iterancestors("{*}CdtTrfTxInf")), None)
            if owner is not None:
                per_tx.setdefault(index_of[id(owner)], []).append(item)
            else:
                message_level.append(item)
            notes.append(
                KEPT_AS_SUPPLEMENTARY.finding(
                    f"{local_name(element)} has no field in the model; kept verbatim as "
                    "supplementary data",
                    Location(source=source, line=line_of(element), xpath=path),
                )
            )
    if per_tx or message_level or header_model is not None:
        model = _attach(model, per_tx, message_level, header_model)
    roots = [r for r in (info.header, info.document) if r is not None]
    located = locate_notes([*value_notes, *reader.notes], roots, source)
    return ParsedDocument(
        model=model, info=info, findings=[*parsed.findings, *info.findings, *located, *notes]
    )


def _read_message(
    reader: Reader, message: etree._Element, info: MessageInfo
) -> tuple[CreditTransfer, BusinessApplicationHeader | None]:
    """The message and its header (``None`` when the header is kept verbatim) as models."""
    if info.message_type == "pacs.008":
        model = pacs008.parse_message(reader, message)
    else:
        model = pain001.parse_message(reader, message)
    header_model = None
    if info.header is not None:
        header_model = head.parse_header(reader, info.header)
        if header_model is None:
            reader.touched.discard(info.header)
    return model, header_model


def _rebuild(element: etree._Element, parent: etree._Element | None) -> etree._Element:
    tag: Any = element.tag
    if parent is None:
        ns = tag[1:].partition("}")[0] if tag.startswith("{") else None
        attributes: dict[str, str] = {str(k): str(v) for k, v in element.attrib.items()}
        copy = etree.Element(tag, attributes, nsmap=_nsmap(ns))
    else:
        copy = etree.SubElement(parent, tag, {str(k): str(v) for k, v in element.attrib.items()})
    children = [c for c in element if isinstance(c.tag, str)]
    text = element.text
    copy.text = None if children and (text is None or not text.strip()) else text
    for child in children:
        tail = child.tail
        _rebuild(child, copy).tail = tail if tail is not None and tail.strip() else None
    return copy


def canonical_fragment(element: etree._Element) -> str:
    """``element`` as stand-alone XML in its own default namespace (prefixes, unused
    declarations and indentation of the source dropped), so equal content gives equal text."""
    return etree.tostring(_rebuild(element, None), encoding="unicode")


def _attach(
    model: CreditTransfer,
    per_tx: dict[int, list[SupplementaryData]],
    message_level: list[SupplementaryData],
    header: Any,
) -> CreditTransfer:
    counter = 0

    def extend(tx: Any) -> Any:
        nonlocal counter
        extra = per_tx.get(counter, [])
        counter += 1
        if not extra:
            return tx
        return tx.model_copy(update={"supplementary_data": tx.supplementary_data + tuple(extra)})

    update: dict[str, Any] = {
        "supplementary_data": model.supplementary_data + tuple(message_level),
        "application_header": header,
    }
    if model.kind is MessageKind.INTERBANK:
        update["transactions"] = tuple(extend(tx) for tx in model.transactions)
    else:
        update["payment_information"] = tuple(
            block.model_copy(update={"transactions": tuple(extend(t) for t in block.transactions)})
            for block in model.payment_information
        )
    return model.model_copy(update=update)


def render_document(
    model: CreditTransfer,
    version: MessageVersion,
    *,
    pretty: bool = True,
    header: bool | None = None,
    store: Path | None = None,
) -> Outcome[bytes]:
    """Render ``model`` as ``version`` (one of SUPPORTED) in UTF-8.

    NbOfTxs and CtrlSum are computed from the transactions. The version's XSD (from the schema
    store) orders and trims the output: each field the version cannot carry, each truncation, is
    a warning finding. ``header=True`` (default: when the model has one) wraps AppHdr and
    Document in an envelope. Raises :class:`~qenex_messages.QenexError` for an unsupported
    version or a model of the wrong kind, and :class:`~qenex_messages.SchemaNotInstalledError`
    when the XSD is not installed."""
    if version not in SUPPORTED:
        raise QenexError(f"{version!r} is not a supported version ({', '.join(SUPPORTED)})")
    message_type = version[:8]
    wanted = (
        MessageKind.INTERBANK if message_type == "pacs.008" else (MessageKind.CUSTOMER_INITIATION)
    )
    if model.kind is not wanted:
        raise QenexError(f"a {model.kind.value} model cannot be rendered as {message_type}")
    builder = Builder(ISO_PREFIX + version, version)
    if message_type == "pacs.008":
        document = pacs008.render_message(model, builder)
    else:
        document = pain001.render_message(model, builder)
    struct = structure(version, store)
    shaper = Shaper(struct)
    valid = shaper.shape(document, struct.root_type, "/Document")
    findings = [*builder.findings, *shaper.findings]
    if not valid:
        findings.extend(shaper.missing)
    root = document
    verbatim = next((i for i in model.supplementary_data if i.origin == "/AppHdr"), None)
    has_header = model.application_header is not None or verbatim is not None
    wrap = header if header is not None else has_header
    header_element = None
    if wrap:
        header_element, header_findings = _header(model, version, store, verbatim)
        findings.extend(header_findings)
        if header_element is not None:
            root = etree.Element(f"{{{ENVELOPE_NS}}}Envelope", nsmap=_nsmap(ENVELOPE_NS))
            root.append(header_element)
            root.append(document)
    etree.cleanup_namespaces(root)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=pretty)
    schema = schemas.load_schema(version, store=store)
    reparsed = parse_xml(data)
    if reparsed.value is not None:
        tree_root = reparsed.value.getroot()
        checked = [(tree_root if not wrap or header_element is None else tree_root[1], schema)]
        if header_element is not None:
            checked.append(
                (tree_root[0], schemas.load_schema(head.HEADER_FOR[version], store=store))
            )
        for element, element_schema in checked:
            for problem in xsd.validate(element, element_schema):
                if not any(f.code == RENDER_REQUIRED_MISSING.code for f in findings):
                    findings.append(RENDER_XSD_FAILED.finding(problem.message, problem.location))
    return Outcome(data, tuple(findings))


def _header(
    model: CreditTransfer, version: MessageVersion, store: Path | None, verbatim: Any
) -> tuple[etree._Element | None, list[Finding]]:
    """The AppHdr to write, shaped by its XSD, with its findings: rendered from the model's
    header, else the one kept verbatim (``verbatim``), else none and a finding that says so."""
    header_version = head.HEADER_FOR[version]
    findings: list[Finding] = []
    if model.application_header is None and verbatim is None:
        message = "header=True but the model has no application_header; no AppHdr written"
        return None, [RENDER_REQUIRED_MISSING.finding(message)]
    if model.application_header is None:
        holder = etree.Element("holder")
        Builder(ISO_PREFIX + header_version, header_version).fragments(
            holder, (verbatim.model_copy(update={"origin": "/AppHdr"}),), ""
        )
        element = holder[0]
        holder.remove(element)
    else:
        element = head.render_header(model.application_header, version, header_version)
        stated = model.application_header.message_definition_id
        if stated != version:
            findings.append(
                RENDER_REPLACED.finding(
                    f"AppHdr MsgDefIdr {stated!r} was written as {version!r}, the version rendered",
                    Location(xpath="/AppHdr/MsgDefIdr"),
                )
            )
        for item in model.supplementary_data:
            if item.origin and item.origin.startswith("/AppHdr/"):
                Builder(ISO_PREFIX + header_version, header_version).fragments(
                    element, (item,), "/AppHdr"
                )
    header_struct = structure(header_version, store)
    header_shaper = Shaper(header_struct)
    if not header_shaper.shape(element, header_struct.root_type, "/AppHdr"):
        findings.extend(header_shaper.missing)
    findings.extend(header_shaper.findings)
    return element, findings
