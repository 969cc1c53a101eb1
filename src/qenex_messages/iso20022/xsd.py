"""XSD validation with libxml2, each error turned into a located, readable finding."""

from __future__ import annotations

import re
from _thread import LockType, allocate_lock  # threading's Lock, without its import
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

from lxml import etree

from qenex_messages._records import replace
from qenex_messages.codes import CodeInfo
from qenex_messages.findings import Finding, Location
from qenex_messages.iso20022 import paths
from qenex_messages.iso20022.codes import (
    FOREIGN_WHITESPACE,
    XSD_ATTRIBUTE,
    XSD_ENUMERATION,
    XSD_LENGTH,
    XSD_MISSING_ELEMENT,
    XSD_OTHER,
    XSD_PATTERN,
    XSD_UNEXPECTED_ELEMENT,
    XSD_VALUE,
)
from qenex_messages.iso20022.xmlsafe import local_name
from qenex_messages.rootcause import describe_char

# libxml2's error messages are read with these patterns, kept as text and compiled by ``re`` on
# first use (its cache keeps them): a valid document reads no error, so it compiles none.

# A namespace in Clark notation, ``{urn:iso:...}``; unlike a quantifier ``{3,3}`` it has a colon.
_CLARK = r"\{[A-Za-z][\w+.-]*:[^{}]*\}"
_ELEMENT = r"^Element '(?:\{[^}]*\})?([^']+)'(?:, attribute '([^']+)')?: "
_MAX_LEN = (
    r"\[facet 'maxLength'\] The value (?:'(.*?)' )?has a length of '(\d+)'; this exceeds the "
    r"allowed maximum length of '(\d+)'"
)
_MIN_LEN = (
    r"\[facet 'minLength'\] The value (?:'(.*?)' )?has a length of '(\d+)'; this underruns the "
    r"allowed minimum length of '(\d+)'"
)
_LEN_GENERIC = r"\[facet '(?:maxLength|minLength|length)'\].*length of '(\d+)'.*'(\d+)'"
_PATTERN = r"\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '(.*)'"
_ENUM = r"\[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}"
_DIGITS = (
    r"\[facet '(totalDigits|fractionDigits|minInclusive|maxInclusive|"
    r"minExclusive|maxExclusive)'\] The value '(.*?)'"
)
_ATOMIC = (
    r"'(.*)' is not a valid value of the (?:atomic|local atomic|list) type "
    r"'(?:\{[^}]*\})?([^']*)'"
)
_EXPECTED = r"Expected is (?:one of )?\( (.*) \)"
_PATH_STEP = r"^(?:[^:\[]+:)?([^\[]+)(?:\[(\d+)\])?$"


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


class PathIndex:
    """Readable paths of the elements of one tree that does not change while it is in use.

    The path step of every child and the element children by name are computed once per
    parent, so locating n findings among n siblings is linear, not quadratic."""

    def __init__(self) -> None:
        self._steps: dict[tuple[etree._Element, object], dict[etree._Element, int]] = {}
        self._paths: dict[etree._Element, str] = {}
        self._named: dict[etree._Element, dict[str, list[etree._Element]]] = {}

    def path(self, element: etree._Element) -> str:
        """``/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/PmtId/EndToEndId``: local names, with
        an index where siblings share the name (and always on transactions and payment
        blocks)."""
        # Up to the first ancestor whose path is known (or the top), then down again: siblings
        # located one after the other share their parent's path.
        chain: list[etree._Element] = []
        node: etree._Element | None = element
        known = ""
        while node is not None:
            cached = self._paths.get(node)
            if cached is not None:
                known = cached
                break
            chain.append(node)
            if local_name(node) in ("Document", "AppHdr"):
                break
            node = node.getparent()
        for step_node in reversed(chain):
            parent = step_node.getparent()
            if not known or parent is None:
                known = paths.root(local_name(step_node))
            else:
                known = f"{known}/{self._step(parent, step_node)}"
            self._paths[step_node] = known
        return known

    def _step(self, parent: etree._Element, node: etree._Element) -> str:
        key = (parent, node.tag)
        same = self._steps.get(key)
        if same is None:
            # Only the siblings of the same name, found by libxml2, not a walk over them all.
            same = {child: n for n, child in enumerate(parent.iterchildren(node.tag), 1)}
            self._steps[key] = same
        return paths.step(local_name(node), same[node], siblings=len(same))

    def children(self, parent: etree._Element, name: str) -> list[etree._Element]:
        named = self._named.get(parent)
        if named is None:
            named = {"*": []}
            for child in parent:
                if isinstance(child.tag, str):
                    named["*"].append(child)
                    named.setdefault(local_name(child), []).append(child)
            self._named[parent] = named
        return named.get(name, [])


_SCOPE: ContextVar[PathIndex | None] = ContextVar("qenex_xpath_scope", default=None)


@contextmanager
def path_scope() -> Iterator[None]:
    """Within this block, :func:`readable_path` remembers sibling positions per parent.

    Use it around code that locates many findings in one tree that it does not change."""
    if _SCOPE.get() is not None:
        yield
        return
    token = _SCOPE.set(PathIndex())
    try:
        yield
    finally:
        _SCOPE.reset(token)


def readable_path(element: etree._Element) -> str:
    """:meth:`PathIndex.path` of ``element`` (remembering sibling positions within a
    :func:`path_scope`)."""
    return (_SCOPE.get() or PathIndex()).path(element)


def _resolve(
    document: etree._Element, libxml_path: str | None, siblings: PathIndex
) -> etree._Element | None:
    """The element a libxml2 error path points to, walked from the validated ``document``."""
    if not libxml_path:
        return None
    steps = [s for s in libxml_path.split("/") if s]
    if not steps:
        return None
    node = document
    for step in steps[1:]:
        match = re.match(_PATH_STEP, step)
        if match is None:
            return node
        name, index = match[1], int(match[2] or 1)
        children = siblings.children(node, name)
        if index > len(children):
            return node
        node = children[index - 1]
    return node


def _names(expected: str) -> list[str]:
    return [re.sub(_CLARK, "", n.strip()) for n in expected.split(",") if n.strip()]


def _allowed(listed: str) -> str:
    return ", ".join(v.strip().strip("'") for v in listed.split(","))


def _attribute_error(name: str, attribute: str, body: str) -> tuple[CodeInfo, str, dict[str, str]]:
    subject = f"{name} attribute {attribute}"
    if m := re.search(_PATTERN, body):
        return (
            XSD_ATTRIBUTE,
            f"{subject} '{_shown(m[1])}' does not match the pattern {m[2]}",
            {"value": m[1], "pattern": m[2]},
        )
    if m := re.search(_ENUM, body):
        allowed = _allowed(m[2])
        return (
            XSD_ATTRIBUTE,
            f"{subject} '{_shown(m[1])}' is not one of the allowed codes: {allowed}",
            {"value": m[1]},
        )
    return XSD_ATTRIBUTE, f"{subject}: {re.sub(_CLARK, '', body)}", {}


_Translation = tuple[CodeInfo, str, dict[str, str]]
"""What one libxml2 message becomes: its code, a plain message and the values it names."""


def _max_length(name: str, m: re.Match[str], _body: str) -> _Translation:
    return (
        XSD_LENGTH,
        f"{name} is {m[2]} characters, at most {m[3]} allowed",
        {"length": m[2], "max": m[3]},
    )


def _min_length(name: str, m: re.Match[str], _body: str) -> _Translation:
    shown = "empty" if m[2] == "0" else f"{m[2]} characters"
    return (
        XSD_LENGTH,
        f"{name} is {shown}, at least {m[3]} required",
        {"length": m[2], "min": m[3]},
    )


def _length(name: str, m: re.Match[str], _body: str) -> _Translation:
    return XSD_LENGTH, f"{name} has length {m[1]}, {m[2]} required", {}


def _pattern(name: str, m: re.Match[str], _body: str) -> _Translation:
    value = m[1]
    shown = f"{name} is empty and" if value == "" else f"{name} '{_shown(value)}'"
    return (
        XSD_PATTERN,
        f"{shown} does not match the {name} pattern {m[2]}",
        {"value": value, "pattern": m[2]},
    )


def _enumeration(name: str, m: re.Match[str], _body: str) -> _Translation:
    return (
        XSD_ENUMERATION,
        f"{name} '{_shown(m[1])}' is not one of the allowed codes: {_allowed(m[2])}",
        {"value": m[1]},
    )


_DIGIT_FACETS = {
    "totalDigits": "has too many digits",
    "fractionDigits": "has too many decimals",
    "minInclusive": "is below the minimum",
    "maxInclusive": "is above the maximum",
    "minExclusive": "is not above the minimum",
    "maxExclusive": "is not below the maximum",
}


def _digits(name: str, m: re.Match[str], body: str) -> _Translation:
    facet = _DIGIT_FACETS[m[1]]
    return XSD_VALUE, f"{name} '{_shown(m[2])}' {facet} ({re.sub(_CLARK, '', body)})", {}


def _atomic(name: str, m: re.Match[str], _body: str) -> _Translation:
    return (
        XSD_VALUE,
        f"{name} '{_shown(m[1])}' is not a valid {m[2]}",
        {"value": m[1], "type": m[2]},
    )


_VALUE_ERRORS: tuple[tuple[str, Callable[[str, re.Match[str], str], _Translation]], ...] = (
    (_MAX_LEN, _max_length),
    (_MIN_LEN, _min_length),
    (_LEN_GENERIC, _length),
    (_PATTERN, _pattern),
    (_ENUM, _enumeration),
    (_DIGITS, _digits),
    (_ATOMIC, _atomic),
)
"""The messages about an element's value, each with its reader, in the order they are tried."""


def _missing_child(name: str, body: str) -> _Translation:
    expected = re.search(_EXPECTED, body)
    wanted = _names(expected[1]) if expected else []
    if len(wanted) == 1:
        return XSD_MISSING_ELEMENT, f"{name} is missing the element {wanted[0]}", {}
    return (
        XSD_MISSING_ELEMENT,
        f"{name} is missing a child element; expected one of {', '.join(wanted)}",
        {},
    )


def _unexpected_child(name: str, body: str) -> _Translation:
    expected = re.search(_EXPECTED, body)
    if not expected:
        return (
            XSD_UNEXPECTED_ELEMENT,
            f"unexpected element {name}: nothing more is allowed here",
            {},
        )
    wanted = _names(expected[1])
    which = wanted[0] if len(wanted) == 1 else "one of " + ", ".join(wanted)
    return XSD_UNEXPECTED_ELEMENT, f"unexpected element {name}; expected {which}", {}


def _structure_error(name: str, body: str) -> _Translation:
    """A message about where an element stands (missing, unexpected, text among elements)."""
    if "Missing child element" in body:
        return _missing_child(name, body)
    if "This element is not expected" in body:
        return _unexpected_child(name, body)
    if "Character content other than whitespace" in body:
        return XSD_UNEXPECTED_ELEMENT, f"{name} holds text where only elements are allowed", {}
    if "No matching global declaration" in body:
        return XSD_UNEXPECTED_ELEMENT, f"{name} is not the root element this XSD declares", {}
    if "attribute" in body.lower():
        return XSD_ATTRIBUTE, f"{name}: {re.sub(_CLARK, '', body)}", {}
    return XSD_OTHER, f"{name}: {re.sub(_CLARK, '', body)}", {}


def translate_error(raw: str) -> tuple[CodeInfo, str, dict[str, str]]:
    """(code, plain message, args) for one libxml2 schema-validity message."""
    text = raw.strip().rstrip(".")
    head = re.match(_ELEMENT, text)
    name = head[1] if head else "the element"
    attribute = head[2] if head else None
    body = text[head.end() :] if head else text
    if attribute:
        return _attribute_error(name, attribute, body)
    for pattern, read in _VALUE_ERRORS:
        if m := re.search(pattern, body):
            return read(name, m, body)
    return _structure_error(name, body)


_LOCKS: dict[int, LockType] = {}
_LOCKS_LOCK = allocate_lock()


def _lock_of(schema: etree.XMLSchema) -> LockType:
    """The lock of one compiled schema (compiled schemas live as long as the process)."""
    lock = _LOCKS.get(id(schema))
    if lock is None:
        with _LOCKS_LOCK:
            lock = _LOCKS.setdefault(id(schema), allocate_lock())
    return lock


def schema_errors(document: etree._Element, schema: etree.XMLSchema) -> list[Any]:
    """libxml2's error entries for ``document`` against ``schema`` (empty when valid).

    An ``XMLSchema`` keeps one ``error_log`` that every validation clears and refills, so two
    threads validating with the same cached schema read each other's errors (an invalid
    document came out valid). Validation and reading the log are one step under the schema's
    lock; the verdict is the same from any number of threads."""
    with _lock_of(schema):
        if schema.validate(document):
            return []
        log: Any = schema.error_log
        return list(log)


_XML_SPACE = " \t\r\n"
_INVISIBLE = frozenset("\u200b\u2060\ufeff")
_MAX_HINTS = 5
_HINT_MAX_ELEMENTS = 5000


def _stray_text(element: etree._Element) -> str:
    """The text directly inside ``element`` (before, between and after its children)."""
    parts = [element.text or "", *(child.tail or "" for child in element)]
    return "".join(parts).strip(_XML_SPACE)


def _foreign_space(element: etree._Element | None) -> str | None:
    """The first character of ``element``'s stray text when all of it only looks like white
    space (U+00A0 NO-BREAK SPACE, U+2003 EM SPACE, U+200B ZERO WIDTH SPACE ...)."""
    if element is None:
        return None
    stray = _stray_text(element)
    if stray and all(ch.isspace() or ch in _INVISIBLE for ch in stray):
        return stray[0]
    return None


class _Source:
    """The document's text, when the caller has it: finds columns libxml2 does not give for
    errors found on a parsed tree."""

    def __init__(self, data: bytes | None, encoding: str | None) -> None:
        self._lines: list[str] | None = None
        self._data = data
        self._encoding = encoding or "utf-8"

    def line(self, number: int | None) -> str | None:
        if self._data is None or not number:
            return None
        if self._lines is None:
            try:
                text = self._data.decode(self._encoding, errors="replace")
            except LookupError:
                text = self._data.decode("utf-8", errors="replace")
            self._lines = text.split("\n")
        return self._lines[number - 1] if number <= len(self._lines) else None

    def tag_column(self, number: int | None, name: str) -> int | None:
        """1-based column of the start tag ``<name`` (any prefix) on line ``number``."""
        text = self.line(number)
        if text is None:
            return None
        match = re.search(r"<(?:[\w.-]+:)?" + re.escape(name) + r"(?=[\s/>])", text)
        return match.start() + 1 if match else None

    def first(self, number: int | None, ch: str) -> tuple[int, int] | None:
        """(line, column) of the first ``ch`` on or after line ``number``."""
        line = number or 1
        while (text := self.line(line)) is not None:
            column = text.find(ch)
            if column >= 0:
                return line, column + 1
            line += 1
        return None


def _content_errors(
    document: etree._Element, schema: etree.XMLSchema, parent: etree._Element
) -> bool:
    """Validate ``document`` and tell whether ``parent``'s content still breaks the XSD."""
    for entry in schema_errors(document, schema):
        hit = _resolve(document, entry.path, PathIndex())  # a changed copy: fresh index
        if hit is parent or (hit is not None and hit.getparent() is parent):
            return True
    return False


def _twin(document: etree._Element, element: etree._Element) -> tuple[etree._Element, ...]:
    """A copy of ``document`` and, in it, the element at ``element``'s place."""
    steps: list[int] = []
    node = element
    while node is not document:
        parent = node.getparent()
        if parent is None:
            break
        steps.append(parent.index(node))
        node = parent
    from copy import deepcopy  # only to explain an element out of place

    copy = deepcopy(document)
    found = copy
    for index in reversed(steps):
        found = found[index]
    return copy, found


def _placement(
    document: etree._Element, schema: etree.XMLSchema, element: etree._Element
) -> str | None:
    """Why ``element`` is not expected where it stands, found by trying it elsewhere in a copy:
    which sibling it must come before, or that it may not repeat or not appear here at all."""
    copy, moved = _twin(document, element)
    parent = moved.getparent()
    if parent is None:
        return None
    children = list(parent)
    index = children.index(moved)
    others = children[:index] + children[index + 1 :]
    name = local_name(moved)
    for position in range(index - 1, max(index - 13, -1), -1):
        if not isinstance(children[position].tag, str):
            continue
        parent[:] = [*others[:position], moved, *others[position:]]
        if not _content_errors(copy, schema, parent):
            return f"{name} must come before {local_name(children[position])}"
    parent[:] = others
    if _content_errors(copy, schema, parent):
        return None
    if any(local_name(c) == name for c in children[:index] if isinstance(c.tag, str)):
        return f"{local_name(parent)} allows no further {name} here"
    return f"{local_name(parent)} has no {name} in this version"


def validate(
    document: etree._Element,
    schema: etree.XMLSchema,
    *,
    source: str | None = None,
    data: bytes | None = None,
) -> list[Finding]:
    """Validate ``document`` (a Document or AppHdr element, bare or inside an envelope).
    Safe to call from many threads with the same (cached) ``schema``.

    ``data``, the bytes the document was parsed from, lets findings carry a column."""
    entries = schema_errors(document, schema)
    if not entries:
        return []
    return findings_of(entries, document, source=source, schema=schema, data=data)


def findings_of(
    entries: list[Any],
    document: etree._Element,
    *,
    source: str | None = None,
    schema: etree.XMLSchema | None = None,
    data: bytes | None = None,
) -> list[Finding]:
    """The findings of libxml2 error ``entries`` (from :func:`schema_errors` on ``document``).

    Text made of characters that only look like white space (U+00A0 indentation) is reported
    once, naming the character and where it first occurs, instead of once per element. With
    ``schema``, an element that is "not expected" is tried elsewhere (in a copy) to say where
    it belongs."""
    with path_scope():
        return _findings_of(entries, document, source, schema, data)


def _findings_of(
    entries: list[Any],
    document: etree._Element,
    source: str | None,
    schema: etree.XMLSchema | None,
    data: bytes | None,
) -> list[Finding]:
    siblings = _SCOPE.get() or PathIndex()
    if not entries:
        return []
    text = _Source(data, document.getroottree().docinfo.encoding)
    findings: list[Finding] = []
    seen: set[tuple[int, str, str]] = set()
    spaces: list[tuple[str, etree._Element]] = []
    hints = 0
    small = sum(1 for _ in document.iter()) <= _HINT_MAX_ELEMENTS
    for entry in entries:
        key = (entry.line, entry.path or "", entry.message)
        if key in seen:
            continue
        seen.add(key)
        element = _resolve(document, entry.path, siblings)
        if "Character content other than whitespace" in entry.message:
            ch = _foreign_space(element)
            if ch is not None and element is not None:
                spaces.append((ch, element))
                continue
        code, message, args = translate_error(entry.message)
        misplaced = code is XSD_UNEXPECTED_ELEMENT and "not expected" in entry.message
        if misplaced and element is not None:
            hint = None
            if schema is not None and small and hints < _MAX_HINTS:
                hint = _placement(document, schema, element)
            hints += 1
            if hint is not None:
                message = f"unexpected element {local_name(element)}: {hint}"
        xpath = readable_path(element) if element is not None else None
        column = entry.column or (
            text.tag_column(entry.line, local_name(element)) if element is not None else None
        )
        finding = code.finding(
            message,
            Location(source=source, line=entry.line or None, column=column, xpath=xpath),
            args={**args, "libxml2": entry.type_name},
        )
        findings.append(finding)
    if spaces:
        findings.insert(0, _space_finding(spaces, text, source))
    return findings


def _space_finding(
    spaces: list[tuple[str, etree._Element]], text: _Source, source: str | None
) -> Finding:
    ch, first = spaces[0]
    start: Any = first.sourceline
    where = text.first(start, ch)
    line, column = where if where else (start, None)
    return FOREIGN_WHITESPACE.finding(
        _space_message(ch, line, len(spaces)),
        Location(source=source, line=line, column=column, xpath=readable_path(first)),
        args={"character": f"U+{ord(ch):04X}", "elements": str(len(spaces))},
    )


def foreign_space_finding(element: etree._Element, *, source: str | None) -> Finding | None:
    """The ``QX330`` finding when the text directly inside ``element`` (before its first child)
    only looks like white space, located at its first such character; else None. A stream
    reports the look-alike this way where the element itself is not validated as a tree."""
    ch = _foreign_space(element)
    text = element.text or ""
    at = text.find(ch) if ch is not None else -1
    if ch is None or at < 0:
        return None
    start: Any = element.sourceline
    line = start + text.count("\n", 0, at) if isinstance(start, int) else None
    column = at - text.rfind("\n", 0, at)
    return FOREIGN_WHITESPACE.finding(
        _space_message(ch, line, 1),
        Location(source=source, line=line, column=column, xpath=readable_path(element)),
        args={"character": f"U+{ord(ch):04X}", "elements": "1"},
    )


def _space_message(ch: str, line: int | None, count: int) -> str:
    inside = "1 element holds it" if count == 1 else f"{count} elements hold it"
    return (
        f"{describe_char(ch)} between elements (first at line {line}); XML counts only space, "
        f"tab, CR and LF as white space there: replace it with spaces ({inside}; reported once)"
    )


def one_per_cause(findings: list[Finding]) -> list[Finding]:
    """``findings`` of several validations (AppHdr and Document) with the white-space
    look-alike reported once per character for the whole input."""
    out: list[Finding] = []
    first: dict[str, int] = {}
    for each in findings:
        ch = each.args.get("character") if each.code == FOREIGN_WHITESPACE.code else None
        if ch is None:
            out.append(each)
            continue
        if ch not in first:
            first[ch] = len(out)
            out.append(each)
            continue
        kept = out[first[ch]]
        count = int(kept.args["elements"]) + int(each.args["elements"])
        out[first[ch]] = replace(
            kept,
            message=_space_message(chr(int(ch[2:], 16)), kept.location.line, count),
            args=MappingProxyType({**kept.args, "elements": str(count)}),
        )
    return out


def add_columns(findings: list[Finding], data: bytes | None, encoding: str | None) -> list[Finding]:
    """``findings`` with the column of the element's start tag where only the line is known."""
    text = _Source(data, encoding)
    out = []
    for each in findings:
        loc = each.location
        if loc.column is None and loc.line is not None and loc.xpath:
            name = loc.xpath.rpartition("/")[2].partition("[")[0]
            column = text.tag_column(loc.line, name)
            if column is not None:
                each = each.at(column=column)
        out.append(each)
    return out
