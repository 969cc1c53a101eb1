"""The envelopes payment systems put around an AppHdr and its Document, and what is said about
them.

:func:`~qenex_messages.iso20022.detect.detect` finds the AppHdr and the Document inside any
wrapper; this module knows which wrappers are which (:data:`ENVELOPES`), reports a wrapper it
does not know (QX331, a warning: the AppHdr and Document inside are checked all the same), and
rewrites The Clearing House's ``urn:tch`` message, whose AppHdr and message element sit in the
wrapper's own namespace, into the AppHdr and Document every reader expects.
"""

from __future__ import annotations

from lxml import etree

from qenex_messages._records import record
from qenex_messages.codes import define
from qenex_messages.findings import Finding, Location, SchemaNotInstalledError, Severity
from qenex_messages.iso20022 import schemas
from qenex_messages.iso20022.codes import HEADER_UNVERIFIED, SCHEMA_MISSING
from qenex_messages.iso20022.xmlsafe import line_of, local_name, namespace

__all__ = [
    "ENVELOPES",
    "UNKNOWN_ENVELOPE",
    "Envelope",
    "envelope_findings",
    "header_schema",
    "unwrap_tch",
]

UNKNOWN_ENVELOPE = define(
    "QX331",
    Severity.WARNING,
    "The AppHdr and Document sit in a wrapper qenex-messages does not know; they are checked, "
    "the wrapper is not.",
    family="iso20022",
    fix="Check the wrapper with its own schema, or send the AppHdr and Document without it.",
)


@record(frozen=True, slots=True)
class Envelope:
    """A known wrapper: its namespace (None: no namespace) and what it is."""

    namespace: str | None
    name: str


ENVELOPES: tuple[Envelope, ...] = (
    Envelope("urn:swift:xsd:envelope", "SWIFT envelope (Envelope)"),
    Envelope("urn:swift:saa:xsd:saa.2.0", "SWIFT Alliance Access (DataPDU)"),
    Envelope("urn:swift:snl:ns.Sw", "SWIFTNet InterAct (Request, Message)"),
    Envelope("urn:fedwirefunds:incoming:v001", "Fedwire Funds incoming (FedwireFundsIncoming)"),
    Envelope("urn:fedwirefunds:outgoing:v001", "Fedwire Funds outgoing (FedwireFundsOutgoing)"),
    Envelope("urn:fednow:incoming:v001", "FedNow incoming (FedNowIncoming)"),
    Envelope("urn:fednow:outgoing:v001", "FedNow outgoing (FedNowOutgoing)"),
    Envelope("urn:tch", "The Clearing House (Message)"),
    Envelope(None, "any element without namespace (Envelope, BusinessMessage, ...)"),
)
"""The wrappers an AppHdr and Document are read from without a finding."""
_KNOWN = frozenset(e.namespace for e in ENVELOPES)
"""A wrapper without namespace is a file's own container (it names no system), so only a
namespace a system owns can be unknown."""
TCH = "urn:tch"
_ISO_PREFIX = "urn:iso:std:iso:20022:tech:xsd:"


def envelope_findings(element: etree._Element, *, source: str | None = None) -> list[Finding]:
    """QX331 for the outermost wrapper around ``element`` (an AppHdr or Document) that is not a
    known envelope, naming its namespace and element; empty when every wrapper is known."""
    wrappers = list(element.iterancestors())
    for wrapper in reversed(wrappers):
        if not isinstance(wrapper.tag, str) or _known(wrapper):
            continue
        ns = namespace(wrapper)
        return [
            UNKNOWN_ENVELOPE.finding(
                f"the AppHdr and Document are wrapped in <{local_name(wrapper)}> of namespace "
                f"{ns or '(none)'!r}, an envelope qenex-messages does not know; they are checked, "
                "the wrapper is not",
                Location(source=source, line=line_of(wrapper), xpath="/" + local_name(wrapper)),
                args={"namespace": ns or "", "element": local_name(wrapper)},
            )
        ]
    return []


def _known(wrapper: etree._Element) -> bool:
    return namespace(wrapper) in _KNOWN


def unwrap_tch(root: etree._Element) -> None:
    """Rewrite a ``urn:tch`` Message in place: its AppHdr becomes an AppHdr in the namespace of
    the header elements inside it, and each other child holding one ISO 20022 message element
    becomes a Document in that element's namespace. Lines are kept; anything else is left."""
    if namespace(root) != TCH:
        return
    for child in list(root):
        if not isinstance(child.tag, str) or namespace(child) != TCH:
            continue
        inner = [c for c in child if isinstance(c.tag, str)]
        inner_ns = {namespace(c) for c in inner}
        if len(inner_ns) != 1:
            continue
        (ns,) = inner_ns
        if ns is None or not ns.startswith(_ISO_PREFIX):
            continue
        if local_name(child) == "AppHdr":
            child.tag = f"{{{ns}}}AppHdr"
        elif len(inner) == 1:
            child.tag = f"{{{ns}}}Document"


def header_schema(
    version: str, header: etree._Element, source: str | None
) -> tuple[etree.XMLSchema | None, Finding | None]:
    """The XSD of AppHdr ``version``, or the finding (at ``header``) that says why the header is
    not verified: QX317 (a warning) when the catalog has no such version, or no public copy of
    it is known and none was registered, since installing cannot fetch it; QX320 when it can be
    installed and is not."""
    item = schemas.entry(version)
    if item is None:
        return None, HEADER_UNVERIFIED.finding(
            f"no XSD for {version} in the schema catalog; the AppHdr is read but not verified",
            _header_location(header, source),
        )
    try:
        return schemas.load_schema(version), None
    except SchemaNotInstalledError as exc:
        where = _header_location(header, source)
        if not item.verifiable:
            return None, HEADER_UNVERIFIED.finding(
                f"the AppHdr is read but not verified, and the Document is checked: no public "
                f"source of the {version} XSD is known, so `schemas install` cannot fetch it "
                f"({str(exc).rstrip('.')})",
                where,
            )
        return None, SCHEMA_MISSING.finding(str(exc), where)


def _header_location(header: etree._Element, source: str | None) -> Location:
    return Location(source=source, line=line_of(header), xpath="/AppHdr")
