"""XSD validation with libxml2, each error turned into a located, readable finding."""

from __future__ import annotations

import re
import threading
from typing import Any

from lxml import etree

from qenex_messages.codes import CodeInfo
from qenex_messages.findings import Finding, Location
from qenex_messages.iso20022.codes import (
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

_REPEATED = frozenset({"CdtTrfTxInf", "PmtInf"})
_CLARK = re.compile(r"\{[^}]*\}")
_ELEMENT = re.compile(r"^Element '(?:\{[^}]*\})?([^']+)'(?:, attribute '([^']+)')?: ")
_MAX_LEN = re.compile(
    r"\[facet 'maxLength'\] The value (?:'(.*?)' )?has a length of '(\d+)'; this exceeds the "
    r"allowed maximum length of '(\d+)'"
)
_MIN_LEN = re.compile(
    r"\[facet 'minLength'\] The value (?:'(.*?)' )?has a length of '(\d+)'; this underruns the "
    r"allowed minimum length of '(\d+)'"
)
_LEN_GENERIC = re.compile(r"\[facet '(?:maxLength|minLength|length)'\].*length of '(\d+)'.*'(\d+)'")
_PATTERN = re.compile(r"\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '(.*)'")
_ENUM = re.compile(
    r"\[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}"
)
_DIGITS = re.compile(
    r"\[facet '(totalDigits|fractionDigits|minInclusive|maxInclusive|"
    r"minExclusive|maxExclusive)'\] The value '(.*?)'"
)
_ATOMIC = re.compile(
    r"'(.*)' is not a valid value of the (?:atomic|local atomic|list) type "
    r"'(?:\{[^}]*\})?([^']*)'"
)
_EXPECTED = re.compile(r"Expected is (?:one of )?\( (.*) \)")
_PATH_STEP = re.compile(r"^(?:[^:\[]+:)?([^\[]+)(?:\[(\d+)\])?$")


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def readable_path(element: etree._Element) -> str:
    """``/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/PmtId/EndToEndId``: local names, with an
    index where siblings share the name (and always on transactions and payment blocks)."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        name = local_name(node)
        parent = node.getparent()
        if parent is None:
            steps.append(name)
            break
        if name in ("Document", "AppHdr"):
            steps.append(name)
            break
        same = [c for c in parent if c.tag == node.tag]
        if len(same) > 1 or name in _REPEATED:
            steps.append(f"{name}[{same.index(node) + 1}]")
        else:
            steps.append(name)
        if name in ("Document", "AppHdr"):
            break
        node = parent
    return "/" + "/".join(reversed(steps))


def _resolve(document: etree._Element, libxml_path: str | None) -> etree._Element | None:
    """The element a libxml2 error path points to, walked from the validated ``document``."""
    if not libxml_path:
        return None
    steps = [s for s in libxml_path.split("/") if s]
    if not steps:
        return None
    node = document
    for step in steps[1:]:
        match = _PATH_STEP.match(step)
        if match is None:
            return node
        name, index = match[1], int(match[2] or 1)
        children = [c for c in node if isinstance(c.tag, str)]
        if name != "*":
            children = [c for c in children if local_name(c) == name]
        if index > len(children):
            return node
        node = children[index - 1]
    return node


def _names(expected: str) -> list[str]:
    return [_CLARK.sub("", n.strip()) for n in expected.split(",") if n.strip()]


def translate_error(raw: str) -> tuple[CodeInfo, str, dict[str, str]]:
    """(code, plain message, args) for one libxml2 schema-validity message."""
    text = raw.strip().rstrip(".")
    head = _ELEMENT.match(text)
    name = head[1] if head else "the element"
    attribute = head[2] if head else None
    body = text[head.end() :] if head else text
    if attribute:
        return XSD_ATTRIBUTE, f"{name} attribute {attribute}: {_CLARK.sub('', body)}", {}
    if m := _MAX_LEN.search(body):
        return (
            XSD_LENGTH,
            f"{name} is {m[2]} characters, at most {m[3]} allowed",
            {"length": m[2], "max": m[3]},
        )
    if m := _MIN_LEN.search(body):
        shown = "empty" if m[2] == "0" else f"{m[2]} characters"
        return (
            XSD_LENGTH,
            f"{name} is {shown}, at least {m[3]} required",
            {"length": m[2], "min": m[3]},
        )
    if m := _LEN_GENERIC.search(body):
        return XSD_LENGTH, f"{name} has length {m[1]}, {m[2]} required", {}
    if m := _PATTERN.search(body):
        value = m[1]
        shown = f"{name} is empty and" if value == "" else f"{name} '{_shown(value)}'"
        return (
            XSD_PATTERN,
            f"{shown} does not match the {name} pattern {m[2]}",
            {"value": value, "pattern": m[2]},
        )
    if m := _ENUM.search(body):
        allowed = ", ".join(v.strip().strip("'") for v in m[2].split(","))
        return (
            XSD_ENUMERATION,
            f"{name} '{_shown(m[1])}' is not one of the allowed codes: {allowed}",
            {"value": m[1]},
        )
    if m := _DIGITS.search(body):
        facet = {
            "totalDigits": "has too many digits",
            "fractionDigits": "has too many decimals",
            "minInclusive": "is below the minimum",
            "maxInclusive": "is above the maximum",
            "minExclusive": "is not above the minimum",
            "maxExclusive": "is not below the maximum",
        }[m[1]]
        return XSD_VALUE, f"{name} '{_shown(m[2])}' {facet} ({_CLARK.sub('', body)})", {}
    if m := _ATOMIC.search(body):
        return (
            XSD_VALUE,
            f"{name} '{_shown(m[1])}' is not a valid {m[2]}",
            {"value": m[1], "type": m[2]},
        )
    if "Missing child element" in body:
        expected = _EXPECTED.search(body)
        wanted = _names(expected[1]) if expected else []
        if len(wanted) == 1:
            return XSD_MISSING_ELEMENT, f"{name} is missing the element {wanted[0]}", {}
        return (
            XSD_MISSING_ELEMENT,
            f"{name} is missing a child element; expected one of {', '.join(wanted)}",
            {},
        )
    if "This element is not expected" in body:
        expected = _EXPECTED.search(body)
        if expected:
            wanted = _names(expected[1])
            which = wanted[0] if len(wanted) == 1 else "one of " + ", ".join(wanted)
            return XSD_UNEXPECTED_ELEMENT, f"unexpected element {name}; expected {which}", {}
        return (
            XSD_UNEXPECTED_ELEMENT,
            f"unexpected element {name}: nothing more is allowed here",
            {},
        )
    if "Character content other than whitespace" in body:
        return XSD_UNEXPECTED_ELEMENT, f"{name} holds text where only elements are allowed", {}
    if "No matching global declaration" in body:
        return XSD_UNEXPECTED_ELEMENT, f"{name} is not the root element this XSD declares", {}
    if "attribute" in body.lower():
        return XSD_ATTRIBUTE, f"{name}: {_CLARK.sub('', body)}", {}
    return XSD_OTHER, f"{name}: {_CLARK.sub('', body)}", {}


_LOCKS: dict[int, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _lock_of(schema: etree.XMLSchema) -> threading.Lock:
    """The lock of one compiled schema (compiled schemas live as long as the process)."""
    lock = _LOCKS.get(id(schema))
    if lock is None:
        with _LOCKS_LOCK:
            lock = _LOCKS.setdefault(id(schema), threading.Lock())
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


def validate(
    document: etree._Element, schema: etree.XMLSchema, *, source: str | None = None
) -> list[Finding]:
    """Validate ``document`` (a Document or AppHdr element, bare or inside an envelope).
    Safe to call from many threads with the same (cached) ``schema``."""
    return findings_of(schema_errors(document, schema), document, source=source)


def findings_of(
    entries: list[Any], document: etree._Element, *, source: str | None = None
) -> list[Finding]:
    """The findings of libxml2 error ``entries`` (from :func:`schema_errors` on ``document``)."""
    findings: list[Finding] = []
    seen: set[tuple[int, str, str]] = set()
    for entry in entries:
        key = (entry.line, entry.path or "", entry.message)
        if key in seen:
            continue
        seen.add(key)
        code, message, args = translate_error(entry.message)
        element = _resolve(document, entry.path)
        xpath = readable_path(element) if element is not None else None
        finding = code.finding(
            message,
            Location(
                source=source, line=entry.line or None, column=entry.column or None, xpath=xpath
            ),
            args={**args, "libxml2": entry.type_name},
        )
        findings.append(finding)
    return findings
