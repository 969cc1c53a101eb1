"""``check_xml``: parse safely, detect, validate against the XSD, then run the checks."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from qenex_messages.findings import Location, Report, SchemaNotInstalledError
from qenex_messages.iso20022 import checks, schemas, xsd
from qenex_messages.iso20022.codes import SCHEMA_MISSING, SCHEMA_UNUSABLE
from qenex_messages.iso20022.detect import STATUS_REPORTS, MessageInfo, detect
from qenex_messages.iso20022.envelope import header_schema as header_schema_of
from qenex_messages.iso20022.xmlsafe import parse_tree
from qenex_messages.limits import Limits, resolve
from qenex_messages.rootcause import merge_duplicates

_STATUS_TYPES = frozenset(version[:8] for version in STATUS_REPORTS)


def _schema_for(
    version: str, user: str | Path | None, report: Report, source: str | None
) -> etree.XMLSchema | None:
    try:
        if user is not None:
            return schemas.load_user_schema(user)
        return schemas.load_schema(version)
    except SchemaNotInstalledError as exc:
        code = SCHEMA_UNUSABLE if user is not None else SCHEMA_MISSING
        report.add(code.finding(str(exc), Location(source=source)))
        return None


def check_xml(
    data: bytes,
    *,
    source: str | None = None,
    schema: str | Path | None = None,
    limits: Limits | None = None,
) -> Report:
    """Check one ISO 20022 XML message: safe parse, detection, XSD (catalog or ``schema``) and
    the checks beyond the XSD. Never raises for message content; problems are findings.
    ``limits`` bounds the input (default: :class:`Limits` from the environment)."""
    return check_xml_tree(data, source=source, schema=schema, limits=limits)[0]


def check_xml_tree(
    data: bytes,
    *,
    source: str | None = None,
    schema: str | Path | None = None,
    limits: Limits | None = None,
) -> tuple[Report, etree._ElementTree | None]:
    """:func:`check_xml`, also returning the parsed tree (``None`` when the bytes are not safe,
    well-formed XML) so that further checks, such as a rulebook, need not parse again."""
    report, tree, _ = _check(data, source, schema, limits, screened=False)
    return report, tree


def check_xml_message(
    data: bytes,
    *,
    source: str | None = None,
    schema: str | Path | None = None,
    limits: Limits | None = None,
    screened: bool = False,
) -> tuple[Report, MessageInfo | None]:
    """:func:`check_xml`, also returning what :func:`~qenex_messages.iso20022.detect` found (the
    located Document and AppHdr; ``None`` when the bytes are not safe, well-formed XML), so that
    a rulebook neither parses nor looks for the Document again. ``screened``: the input came
    through :func:`qenex_messages.inputs.screen`, which checked its size."""
    report, _, info = _check(data, source, schema, limits, screened=screened)
    return report, info


def check_xml_walked(
    data: bytes,
    *,
    source: str | None = None,
    schema: str | Path | None = None,
    limits: Limits | None = None,
    screened: bool = False,
) -> tuple[Report, MessageInfo | None]:
    """:func:`check_xml_message` for a rulebook run at once on the info: a small pacs.008 or
    pain.001 body is walked whole and kept for it (:attr:`MessageInfo.walked`), which holds
    the tree as read, so the info is not for a caller that changes the tree first."""
    report, _, info = _check(data, source, schema, limits, screened=screened, walk=True)
    return report, info


def _check(
    data: bytes,
    source: str | None,
    schema: str | Path | None,
    limits: Limits | None,
    *,
    screened: bool,
    walk: bool = False,
) -> tuple[Report, etree._ElementTree | None, MessageInfo | None]:
    report = Report(source=source)
    limits = resolve(limits)
    tree, found = parse_tree(data, source=source, limits=limits, screened=screened)
    report.extend(found)
    if tree is None:
        return report, None, None
    info = detect(tree.getroot(), source=source)
    _check_detected(info, report, source, schema, data, limits, walk=walk)
    if report.findings:
        report.findings = merge_duplicates(
            xsd.add_columns(xsd.one_per_cause(report.findings), data, tree.docinfo.encoding)
        )
    return report, tree, info


def _check_detected(  # noqa: PLR0913  (what was detected, the report, and check_xml's options)
    info: MessageInfo,
    report: Report,
    source: str | None,
    schema: str | Path | None,
    data: bytes | None,
    limits: Limits | None = None,
    *,
    walk: bool = False,
) -> None:
    report.message_type = info.message_type
    report.version = info.version
    report.extend(info.findings)
    if info.header is not None and info.header_version is not None:
        header_schema, missing = header_schema_of(info.header_version, info.header, source)
        if missing is not None:
            report.add(missing)
        if header_schema is not None:
            report.extend(xsd.validate(info.header, header_schema, source=source, data=data))
    if info.document is None or info.version is None or info.message_type is None:
        if info.document is not None and schema is not None:
            user_schema = _schema_for("", schema, report, source)
            if user_schema is not None:
                report.extend(xsd.validate(info.document, user_schema, source=source, data=data))
        return
    document_schema = _schema_for(info.version, schema, report, source)
    if document_schema is not None:
        report.extend(xsd.validate(info.document, document_schema, source=source, data=data))
    found, info.walked = checks.check_document_walked(
        info.document, info.message_type, source=source, limits=limits, whole=walk
    )
    report.extend(found)
    if info.message_type in _STATUS_TYPES:
        from qenex_messages.iso20022 import status  # loads the model: status reports only

        report.extend(status.check_status_document(info.document, source=source))
