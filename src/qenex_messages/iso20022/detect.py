"""Find the Document and the Business Application Header in an XML tree and name their versions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from qenex_messages import versions
from qenex_messages._records import field, record
from qenex_messages.findings import Finding, Location
from qenex_messages.iso20022.codes import (
    HEADER_MISMATCH,
    HEADER_ONLY,
    HEADER_UNVERIFIED,
    NO_DOCUMENT,
    NO_NAMESPACE,
    ROOT_MISMATCH,
    SECOND_ELEMENT,
    UNKNOWN_NAMESPACE,
    UNSUPPORTED_MESSAGE,
)
from qenex_messages.iso20022.envelope import TCH, envelope_findings, unwrap_tch
from qenex_messages.iso20022.xmlsafe import line_of, local_name, namespace

if TYPE_CHECKING:
    from qenex_messages.iso20022.first_pass import Walked

ISO_PREFIX = "urn:iso:std:iso:20022:tech:xsd:"
SUPPORTED = versions.SUPPORTED
"""The message versions qenex-messages validates, parses and renders."""
STATUS_REPORTS = versions.STATUS_REPORT_VERSIONS
"""The status report versions read and checked (see :mod:`qenex_messages.iso20022.status`)."""
HEADERS: tuple[str, ...] = (
    "head.001.001.01",
    "head.001.001.02",
    "head.001.001.03",
    "head.001.001.04",
)
"""The Business Application Header versions read (.02 and .04 are also written)."""

MESSAGE_ELEMENT = {
    "pacs.008": "FIToFICstmrCdtTrf",
    "pain.001": "CstmrCdtTrfInitn",
    "pacs.002": "FIToFIPmtStsRpt",
    "pain.002": "CstmrPmtStsRpt",
}
_ELEMENT_TYPE = {v: k for k, v in MESSAGE_ELEMENT.items()}
_ISO_NS = re.compile(r"urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3})\.(\d{3})\.(\d{2})")
_KNOWN = tuple(ISO_PREFIX + v for v in SUPPORTED + STATUS_REPORTS + HEADERS)


@record(slots=True)
class MessageInfo:
    """What an XML tree holds: message type and version, whether an AppHdr is present."""

    message_type: str | None = None
    version: str | None = None
    has_header: bool = False
    header_version: str | None = None
    findings: list[Finding] = field(default_factory=list)
    document: etree._Element | None = None
    header: etree._Element | None = None
    walked: Walked | None = field(default=None, repr=False, compare=False)
    """The Document's body as check_xml's first pass walked it whole (a small pacs.008 or
    pain.001; only :func:`~qenex_messages.iso20022.validate.check_xml_walked` keeps it), which
    a rulebook run at once reads instead of walking again; None otherwise."""


_ENVELOPE_DEPTH = 4
"""How deep below the root an AppHdr or Document may sit (e.g. DataPDU/Body/AppHdr)."""


def _found(root: etree._Element, name: str) -> list[etree._Element]:
    """Every element called ``name`` in the envelope levels, in document order.

    Breadth-first over the top levels only: never walk into a Document's content (which would
    cost a pass over every transaction of a large file) or below an element found."""
    top = local_name(root)
    if top in ("Document", "AppHdr"):  # a bare Document or AppHdr: nothing around it
        return [root] if top == name else []
    found: list[etree._Element] = []
    level = [root]
    for _ in range(_ENVELOPE_DEPTH):
        below: list[etree._Element] = []
        for element in level:
            if local_name(element) == name:
                found.append(element)
            elif local_name(element) not in ("Document", "AppHdr"):
                below.extend(child for child in element if isinstance(child.tag, str))
        level = below
    return sorted(found, key=lambda e: line_of(e) or 0)


def _one(
    root: etree._Element, name: str, info: MessageInfo, source: str | None
) -> etree._Element | None:
    """The first ``name`` of the envelope; each further one is an error finding on ``info``
    (the one rule every reader of a Document follows, so none sees a message the others miss)."""
    found = _found(root, name)
    for extra in found[1:]:
        info.findings.append(
            SECOND_ELEMENT.finding(
                f"a second {name} (line {line_of(extra)}): a message has one {name}; only the "
                f"first (line {line_of(found[0])}) was read",
                _where(extra, source),
            )
        )
    return found[0] if found else None


def _closest(ns: str) -> str | None:
    import difflib  # only for a namespace no catalog entry has

    matches = difflib.get_close_matches(ns, _KNOWN, n=1, cutoff=0.8)
    return matches[0] if matches else None


def _where(element: etree._Element, source: str | None) -> Location:
    return Location(source=source, line=line_of(element), xpath="/" + local_name(element))


def header_version_of(header_ns: str) -> str | None:
    """The AppHdr version (``head.001.001.02``) of namespace ``header_ns`` when it is one of
    :data:`HEADERS`, else None (detection reports such a header as not verified)."""
    match = _ISO_NS.fullmatch(header_ns)
    if match and f"{match[1]}.{match[2]}.{match[3]}" in HEADERS:
        return f"{match[1]}.{match[2]}.{match[3]}"
    return None


def _header(root: etree._Element, info: MessageInfo, source: str | None) -> etree._Element | None:
    """The AppHdr of ``root`` (or None), its version noted on ``info`` when it is one we know."""
    header = _one(root, "AppHdr", info, source)
    if header is None:
        return None
    info.has_header = True
    info.header = header
    header_ns = namespace(header) or ""
    version = header_version_of(header_ns)
    if version is not None:
        info.header_version = version
    else:
        info.findings.append(
            HEADER_UNVERIFIED.finding(
                f"AppHdr namespace {header_ns or '(none)'!r} is not a Business Application "
                f"Header version qenex-messages knows ({', '.join(HEADERS)}); the Document "
                "is checked, the header is not verified",
                _where(header, source),
            )
        )
    return header


_BARE: dict[tuple[str, str], tuple[str, str]] = {}
"""(message type, version) of a bare Document root in an ISO 20022 namespace that detection
had nothing to say about, by the root's tag and its message element's local name: all that
detection reads of such a root. Only supported versions holding their own message element are
kept, so the table stays as small as that list."""


_ENVELOPED: dict[tuple[str, str, str, str], tuple[str, str, str]] = {}
"""(message type, version, AppHdr version) of a wrapper holding just an AppHdr and a Document
in ISO 20022 namespaces that detection had nothing to say about but for the header's MsgDefIdr
(read each time), by the four things detection reads of such a root: its tag, the AppHdr's
and the Document's tags, and the local name of the message element. The wrapper's tag is the
sender's choice, so the table is bounded."""
_ENVELOPES_KEPT = 64


def detect(root: etree._Element, *, source: str | None = None) -> MessageInfo:
    """Detect the message in ``root``: bare Document, an envelope with AppHdr and Document, or
    an AppHdr alone. Problems with namespaces become findings on the returned info, and so does
    a wrapper of a kind the library does not know (:mod:`~qenex_messages.iso20022.envelope`);
    a ``urn:tch`` message is rewritten in place into its AppHdr and Document first."""
    key = _bare_key(root)
    if key is None:
        return _detect_enveloped(root, source)
    known = _BARE.get(key)
    if known is not None:
        return MessageInfo(message_type=known[0], version=known[1], document=root)
    info = _detect(root, source)
    if not info.findings and info.message_type is not None and info.version is not None:
        _BARE[key] = (info.message_type, info.version)
    return info


def _detect_enveloped(root: etree._Element, source: str | None) -> MessageInfo:
    """:func:`detect` of a root that is no bare Document: from the table of envelopes already
    detected when ``root`` is a wrapper of just an AppHdr and a Document, else by reading."""
    parts = _envelope_parts(root)
    if parts is None:
        return _detect(root, source)
    key, header, document = parts
    known = _ENVELOPED.get(key)
    if known is not None:
        return MessageInfo(
            message_type=known[0],
            version=known[1],
            has_header=True,
            header_version=known[2],
            findings=_definition_mismatch(header, known[1], source),
            document=document,
            header=header,
        )
    info = _detect(root, source)
    clean = all(finding.code == HEADER_MISMATCH.code for finding in info.findings)
    if clean and info.message_type and info.version and info.header_version:
        if len(_ENVELOPED) >= _ENVELOPES_KEPT:
            _ENVELOPED.clear()
        _ENVELOPED[key] = (info.message_type, info.version, info.header_version)
    return info


def _envelope_parts(
    root: etree._Element,
) -> tuple[tuple[str, str, str, str], etree._Element, etree._Element] | None:
    """(key, AppHdr, Document) when ``root`` is a wrapper (not of ``urn:tch``, which detection
    rewrites) whose only elements are an AppHdr then a Document, both in ISO 20022 namespaces,
    the Document holding an element; else ``None``."""
    tag = root.tag
    if not isinstance(tag, str) or tag.startswith(_TCH_TAG):
        return None
    if tag.rpartition("}")[2] in ("Document", "AppHdr"):
        return None
    if len(root) != 2:  # an AppHdr and a Document, and nothing else (not even a comment)
        return None
    header, document = root
    header_tag: object = header.tag
    document_tag: object = document.tag
    if not (
        isinstance(header_tag, str)
        and isinstance(document_tag, str)
        and header_tag.startswith(_ISO_TAG)
        and header_tag.endswith("}AppHdr")
        and document_tag.startswith(_ISO_TAG)
        and document_tag.endswith("}Document")
    ):
        return None
    for child in document:
        inner = child.tag
        if isinstance(inner, str):
            return (tag, header_tag, document_tag, inner.rpartition("}")[2]), header, document
    return None


def _bare_key(root: etree._Element) -> tuple[str, str] | None:
    """(tag of ``root``, local name of its first element) when ``root`` is a Document in an ISO
    20022 namespace holding an element, else ``None``. The local name, as detection reads it:
    the element's namespace would let the table grow with every one a document makes up."""
    tag = root.tag
    if not isinstance(tag, str) or not tag.endswith("}Document") or not tag.startswith(_ISO_TAG):
        return None
    for child in root:
        inner = child.tag
        if isinstance(inner, str):
            return tag, inner.rpartition("}")[2]
    return None


_ISO_TAG = "{" + ISO_PREFIX
_TCH_TAG = "{" + TCH + "}"


def _detect(root: etree._Element, source: str | None) -> MessageInfo:
    """:func:`detect`, reading the tree."""
    info = MessageInfo()
    unwrap_tch(root)
    header = _header(root, info, source)
    document = _one(root, "Document", info, source)
    inner = document if document is not None else header
    if inner is not None:
        info.findings.extend(envelope_findings(inner, source=source))
    if document is None:
        _no_document(info, root, header, source)
        return info
    info.document = document
    message_element = next((c for c in document if isinstance(c.tag, str)), None)
    element_name = local_name(message_element) if message_element is not None else ""
    by_element = _ELEMENT_TYPE.get(element_name)
    ns = namespace(document)
    if ns is None:
        hint = ""
        if by_element:
            versions = [v for v in SUPPORTED + STATUS_REPORTS if v.startswith(by_element + ".")]
            if versions:
                hint = f'; for {by_element} add e.g. xmlns="{ISO_PREFIX}{max(versions)}"'
            info.message_type = by_element
        info.findings.append(
            NO_NAMESPACE.finding(
                f"the Document element has no namespace{hint}", _where(document, source)
            )
        )
        return info
    match = _ISO_NS.fullmatch(ns)
    if match is None:
        closest = _closest(ns)
        hint = f"; did you mean {closest!r}?" if closest else ""
        if by_element:
            info.message_type = by_element
        info.findings.append(
            UNKNOWN_NAMESPACE.finding(
                f"namespace {ns!r} is not an ISO 20022 message namespace{hint}",
                _where(document, source),
                args={"suggestion": closest or ""},
            )
        )
        return info
    message_type = match[1]
    version = f"{match[1]}.{match[2]}.{match[3]}"
    info.message_type = message_type
    if version not in SUPPORTED and version not in STATUS_REPORTS:
        info.findings.append(
            UNSUPPORTED_MESSAGE.finding(
                _unsupported(message_type, version), _where(document, source)
            )
        )
        if message_type not in MESSAGE_ELEMENT:
            info.message_type = None
        return info
    info.version = version
    expected = MESSAGE_ELEMENT[message_type]
    if element_name != expected:
        info.findings.append(
            ROOT_MISMATCH.finding(
                f"a {message_type} Document must hold {expected}, not {element_name or 'nothing'}",
                _where(document, source),
            )
        )
    if header is not None:
        info.findings.extend(_definition_mismatch(header, version, source))
    return info


def _no_document(
    info: MessageInfo, root: etree._Element, header: etree._Element | None, source: str | None
) -> None:
    """Note on ``info`` what a root without a Document is: an AppHdr alone, or no message."""
    if header is not None:
        info.message_type = "head.001"
        info.version = info.header_version
        info.findings.append(
            HEADER_ONLY.finding(
                "only a Business Application Header, no Document", _where(header, source)
            )
        )
        return
    info.findings.append(
        NO_DOCUMENT.finding(
            f"no ISO 20022 Document element; the root element is {local_name(root)!r}",
            _where(root, source),
        )
    )


def _unsupported(message_type: str, version: str) -> str:
    """What the UNSUPPORTED_MESSAGE finding says of ``version``."""
    every = SUPPORTED + STATUS_REPORTS
    known = [v for v in every if v.startswith(message_type + ".")]
    if known:
        return f"{version} is not a supported version of {message_type} ({', '.join(known)})"
    types = ", ".join(sorted({v.rsplit(".", 2)[0] for v in every}))
    return (
        f"{message_type} ({version}) is a message type qenex-messages does not validate; "
        f"it validates {types}"
    )


def _definition_mismatch(header: etree._Element, version: str, source: str | None) -> list[Finding]:
    """The HEADER_MISMATCH finding when the AppHdr's MsgDefIdr names another version."""
    definition = next((e.text for e in header.iter("{*}MsgDefIdr") if e.text is not None), None)
    if definition is None or definition.strip() == version:
        return []
    return [
        HEADER_MISMATCH.finding(
            f"AppHdr MsgDefIdr says {definition.strip()!r} but the Document is {version}",
            Location(source=source, line=line_of(header), xpath="/AppHdr/MsgDefIdr"),
        )
    ]
