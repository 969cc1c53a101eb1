"""The one hardened XML parser of qenex-messages.

Every XML byte string the library reads goes through :func:`parse_xml`. The lxml parser it uses
never loads a DTD, never resolves an entity, never touches the network, keeps libxml2's
``huge_tree`` limits on (text nodes up to 10 MB, nesting up to 256 levels) and refuses inputs over
``Limits.max_input_bytes`` before parsing; lower ``max_xml_depth`` and ``max_text_bytes`` are
checked after parsing. Every limit finding names its setting. Comments and processing
instructions are dropped while parsing, so the text around them is one text node: every reader
(``element.text``), the XSD and the streaming reader see the same whole value
(``1<!-- -->2500.00`` is ``12500.00`` everywhere, as the XSD reads it). A DOCTYPE that
declares entities or names an external DTD is refused with a finding (XXE, billion laughs,
quadratic blow-up); it is never expanded or fetched.
"""

from __future__ import annotations

import re
from _thread import _local as thread_local  # threading.local; threading costs start-up
from typing import Any, TypeAlias

from lxml import etree

from qenex_messages._patterns import on_first_use
from qenex_messages.codes import BAD_ENCODING, BINARY_INPUT, EMPTY_INPUT, TOO_LARGE
from qenex_messages.findings import Finding, Location, Outcome
from qenex_messages.iso20022.codes import (
    XML_DOCTYPE_IGNORED,
    XML_DTD_REFUSED,
    XML_MALFORMED,
    XML_TOO_DEEP,
)
from qenex_messages.limits import Limits, env_name, limit_finding, resolve

MAX_DEPTH = 256
"""libxml2's nesting limit without ``huge_tree``; deeper documents are refused."""
MAX_TEXT = 10_000_000
"""libxml2's text-node limit without ``huge_tree``."""

_local = thread_local()
DOCTYPE_DANGER = on_first_use(rb"<!ENTITY|\bSYSTEM\b|\bPUBLIC\b|%[A-Za-z_:]", re.IGNORECASE)
"""What refuses a DOCTYPE: an entity declaration, an external DTD, or a parameter-entity
reference (with one, XML lets the document refer to entities nothing declares, which stay in
the tree unexpanded and break schema validation)."""
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def safe_parser() -> etree.XMLParser:
    """This thread's hardened parser (lxml parsers must not be shared between threads).

    It drops comments and processing instructions, so no text node is ever split by one."""
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            attribute_defaults=False,
            huge_tree=False,
            recover=False,
            remove_blank_text=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


def ascii_head(data: bytes) -> bytes:
    """``data`` in an ASCII-compatible form: UTF-16 (by its byte-order mark) is decoded, and
    what does not decode is dropped."""
    if data[:2] in _UTF16_BOMS:
        return data.decode("utf-16", errors="ignore").encode("utf-8", "replace")
    return data


def scan_prolog(text: bytes) -> tuple[int, bool]:
    """The offset of the root element's ``<`` in ``text`` (ASCII-compatible; -1 when the text
    ends first), and whether a DOCTYPE before it declares entities, refers to parameter
    entities or names an external DTD. One pass from left to right: each comment, processing
    instruction or declaration is skipped by finding its end once (a DOCTYPE's internal subset
    with the comments, processing instructions and quoted literals in it), so the time is
    linear. The whole reader and the stream's sniff both ask this."""
    position = 0
    refused = False
    while True:
        start = text.find(b"<", position)
        if start < 0:
            return -1, refused
        if text.startswith(b"<?", start) or text.startswith(b"<!--", start):
            closer = b"?>" if text[start + 1] == ord("?") else b"-->"
            end = text.find(closer, start + 2)
            if end < 0:
                return -1, refused
            position = end + len(closer)
            continue
        if text.startswith(b"<!", start):
            end = _declaration_end(text, start)
            if end < 0:
                return -1, refused
            if text[start : start + 9].upper() == b"<!DOCTYPE":
                refused = refused or bool(DOCTYPE_DANGER().search(text, start, end))
            position = end
            continue
        return start, refused


_SUBSET_MARKUP = re.compile(rb"<!--|<\?|[\"']|\]")
"""What an internal subset may hide a ``]`` in (a comment, a PI, a quoted literal), or its end."""
_CLOSERS = {b"<!--": b"-->", b"<?": b"?>", b'"': b'"', b"'": b"'"}


def _declaration_end(text: bytes, start: int) -> int:
    """The offset after the ``<!...>`` declaration at ``start`` (an internal subset
    ``[...]`` included, read past the comments, PIs and literals in it), or -1."""
    close = text.find(b">", start)
    bracket = text.find(b"[", start, close)
    if close < 0 or bracket < 0:
        return -1 if close < 0 else close + 1
    position = bracket + 1
    while True:
        found = _SUBSET_MARKUP.search(text, position)
        if found is None:
            return -1
        if found[0] == b"]":
            close = text.find(b">", found.end())
            return -1 if close < 0 else close + 1
        end = text.find(_CLOSERS[found[0]], found.end())
        if end < 0:
            return -1
        position = end + len(_CLOSERS[found[0]])


def _may_declare(data: bytes) -> bool:
    """Whether the prolog of ``data`` has a DOCTYPE that declares entities, refers to
    parameter entities or names an external DTD (:func:`scan_prolog`). Without ``!``
    anywhere (no DOCTYPE, comment or CDATA: most messages) there is none, unless the bytes
    are UTF-16, whose prolog is read decoded. (``!`` is looked for alone: one byte is found
    by ``memchr``, two are compared byte by byte.)"""
    if b"!" not in data and data[:2] not in _UTF16_BOMS:
        return False
    return scan_prolog(ascii_head(data))[1]


def parse_xml(
    data: bytes,
    *,
    source: str | None = None,
    limits: Limits | None = None,
    screened: bool = False,
) -> Outcome[etree._ElementTree | None]:
    """Parse ``data`` with the hardened parser: the tree, or ``None`` and findings saying why.

    ``limits`` bounds size, depth and text nodes (default: :class:`Limits` from the environment).
    ``screened`` says that ``data`` came through :func:`qenex_messages.inputs.screen` (not empty,
    within ``max_input_bytes``), so those checks are not made again.
    """
    tree, findings = parse_tree(data, source=source, limits=limits, screened=screened)
    return Outcome(tree, findings)


_Parsed: TypeAlias = tuple[etree._ElementTree | None, tuple[Finding, ...]]


def parse_tree(
    data: bytes,
    *,
    source: str | None = None,
    limits: Limits | None = None,
    screened: bool = False,
) -> _Parsed:
    """:func:`parse_xml` as a plain (tree, findings) pair, for the hot path of validation."""
    effective = resolve(limits)
    if not screened:
        if not data or data.isspace():  # isspace stops at the first other byte; strip() copies
            return _refused(EMPTY_INPUT.finding("the input is empty", Location(source=source)))
        if len(data) > effective.max_input_bytes:
            where = Location(source=source)
            return _refused(effective.input_refused(len(data), what="the XML", location=where))
    if _may_declare(data):
        return _refused(dtd_refused(source))
    try:
        parser: etree.XMLParser = _local.parser
    except AttributeError:
        parser = safe_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return _refused(syntax_finding(exc, source, effective))
    except (ValueError, TypeError) as exc:  # e.g. unicode strings with an encoding declaration
        return _refused(XML_MALFORMED.finding(f"not XML: {exc}", Location(source=source)))
    tree = root.getroottree()
    findings: tuple[Finding, ...] = ()
    docinfo: Any = tree.docinfo
    dtd: Any = docinfo.internalDTD
    if dtd is not None or docinfo.system_url:
        loc = Location(source=source)
        if (
            docinfo.system_url
            or (dtd is not None and any(True for _ in dtd.iterentities()))
            or any(True for _ in root.iter(etree.Entity))  # one nothing declares, unexpanded
        ):
            return _refused(dtd_refused(source))
        findings = (
            XML_DOCTYPE_IGNORED.finding("the DOCTYPE was ignored (no DTD is ever applied)", loc),
        )
    if effective.max_xml_depth < MAX_DEPTH or effective.max_text_bytes < MAX_TEXT:
        over = _over_limits(root, effective, source)
        if over is not None:
            return _refused(over)
    return tree, findings


def dtd_refused(source: str | None) -> Finding:
    """The finding for a DOCTYPE that declares entities, refers to parameter entities or names
    an external DTD (whole or streamed)."""
    return XML_DTD_REFUSED.finding(
        "the document has a DOCTYPE that declares entities, refers to parameter entities or "
        "names an external DTD; payment messages never do, so it is refused without being "
        "expanded",
        Location(source=source),
    )


def _refused(finding: Finding | None) -> _Parsed:
    """No tree, and the one finding that says why."""
    return None, () if finding is None else (finding,)


def syntax_finding(
    exc: etree.XMLSyntaxError, source: str | None, limits: Limits | None = None
) -> Finding:
    """The one finding for a parse error, of a tree or a stream: a wrong encoding, nesting or a
    text node over libxml2's limits, a NUL byte, or XML that is not well-formed; located at the
    parser's line and column."""
    effective = resolve(limits)
    line, column = exc.position if exc.position else (None, None)
    text = str(exc.msg or exc)
    lowered = text.lower()
    if "encoding" in lowered or "utf-8" in lowered:
        code = BAD_ENCODING
        message = f"the bytes do not match the declared or default encoding: {text}"
    elif "depth" in lowered:
        code = XML_TOO_DEEP
        message = (
            f"the XML nests deeper than {MAX_DEPTH} levels, over max_xml_depth "
            f"({env_name('max_xml_depth')}={effective.max_xml_depth})"
        )
    elif "huge" in lowered or "text node" in lowered:
        code = TOO_LARGE
        message = (
            f"a text node is larger than {MAX_TEXT:,} bytes, over max_text_bytes "
            f"({env_name('max_text_bytes')}={effective.max_text_bytes})"
        )
    elif "0x0 " in text or "Char 0x0" in text:
        code = BINARY_INPUT
        message = f"the input contains a NUL byte: {text}"
    else:
        code = XML_MALFORMED
        message = f"not well-formed XML: {text}"
    return code.finding(message, Location(source=source, line=line or None, column=column or None))


def _over_limits(root: etree._Element, limits: Limits, source: str | None) -> Finding | None:
    """The first element deeper than ``max_xml_depth`` or with a text over ``max_text_bytes``
    (only called when a limit is set below libxml2's own)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        where = Location(source=source, line=line_of(element))
        if depth > limits.max_xml_depth:
            return XML_TOO_DEEP.finding(
                f"the XML nests at least {depth} levels deep, over max_xml_depth "
                f"({env_name('max_xml_depth')}={limits.max_xml_depth})",
                where,
            )
        for text in (element.text, element.tail):
            if text is not None and len(text) > limits.max_text_bytes:
                return limit_finding(
                    "max_text_bytes", len(text), limits, what="a text node", location=where
                )
        stack.extend((child, depth + 1) for child in element)
    return None


def safe_iterparse(
    source: Any, *, events: tuple[str, ...], tag: Any, schema: etree.XMLSchema | None = None
) -> Any:
    """``lxml.etree.iterparse`` with the same hardening as :func:`safe_parser` (no DTD, no
    network, ``huge_tree`` off), for reading files too large to parse whole.

    Callers must refuse a DOCTYPE that declares entities before they start (as
    :func:`parse_xml` does): with ``schema=``, lxml 6.1 drops well-formedness errors when
    ``resolve_entities=False`` is set too (a truncated file would end silently), so entity
    resolution is switched off only when no schema validates the stream."""
    options: dict[str, Any] = {
        "events": events,
        "tag": tag,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }
    if schema is None:
        options["resolve_entities"] = False
    else:
        options["schema"] = schema
    return etree.iterparse(source, **options)


_NOT_XML = on_first_use("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot hold, spelled as the characters themselves: the same set written as a
negated class of what it allows compiles a 64K-entry table in Python (60 M instructions)."""


def xml_text(text: str) -> tuple[str, str | None]:
    """``text`` with each character XML 1.0 cannot hold (controls such as VT, lone
    surrogates, U+FFFE) replaced by a space, and the first of them as ``'U+000B'`` (``None``
    when there was none). lxml raises ValueError for such text; writers call this first."""
    bad = _NOT_XML().search(text)
    if bad is None:
        return text, None
    return _NOT_XML().sub(" ", text), f"U+{ord(bad.group()):04X}"


def line_of(element: etree._Element) -> int | None:
    """The 1-based source line of ``element`` (``None`` when unknown)."""
    line: Any = element.sourceline
    return line if isinstance(line, int) else None


LONGEST_TAG_KEPT = 512
"""The longest tag a table of the tags met keeps (see :func:`keeps_tag`)."""


def keeps_tag(tag: object) -> bool:
    """Whether a tag is short enough to keep in a table of the tags met (a comment's or PI's
    tag is a function); a longer one, a namespace URI of any length repeated on every element,
    is worked out each time."""
    return not isinstance(tag, str) or len(tag) <= LONGEST_TAG_KEPT


def local_tag(tag: object) -> str:
    """The local name of a tag (``{ns}Nm`` -> ``Nm``; ``''`` for comments and PIs)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def local_name(element: etree._Element) -> str:
    """The element's name without namespace (``''`` for comments and processing instructions)."""
    return local_tag(element.tag)


def first_child(element: etree._Element, *names: str) -> etree._Element | None:
    """The first element down the path of local names ``names`` (any namespace): what
    ``element.find("{*}a/{*}b")`` finds, without the cost of a path expression."""
    if not names:
        return element
    for child in element.iterchildren("{*}" + names[0]):
        found = first_child(child, *names[1:])
        if found is not None:
            return found
    return None


def namespace(element: etree._Element) -> str | None:
    """The element's namespace URI, or ``None``."""
    tag: Any = element.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].partition("}")[0]
    return None
