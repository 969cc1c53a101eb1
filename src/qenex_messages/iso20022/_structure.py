"""Structure tables read from an installed XSD, and the shaper that fits a rendered tree to them.

The renderers build elements under their ISO names in any order; :func:`shape` then orders the
children as the target version's XSD requires, drops what the version cannot carry, truncates
over-long text, and leaves out values that fail a pattern or code list, each time with a warning
finding. Elements that end up lacking a mandatory child are left out of an optional parent; when
the Document itself lacks something mandatory an error finding says what.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from qenex_messages.findings import Finding, Location
from qenex_messages.iso20022 import schemas
from qenex_messages.iso20022.codes import (
    RENDER_DROPPED,
    RENDER_INVALID_VALUE,
    RENDER_REQUIRED_MISSING,
    RENDER_TRUNCATED,
)

XS = "{http://www.w3.org/2001/XMLSchema}"
UNBOUNDED = 1 << 30


@dataclass(slots=True)
class Child:
    """One child element slot of a complex type."""

    order: int
    type: str
    min: int
    max: int
    group: int | None = None  # index of the required choice it belongs to


@dataclass(slots=True)
class Complex:
    """A complex type: its child slots, required choices, and whether it is text + attributes."""

    children: dict[str, Child] = field(default_factory=dict)
    required_choices: list[list[str]] = field(default_factory=list)
    simple_base: str | None = None
    wildcard: bool = False


@dataclass(slots=True)
class Simple:
    """A simple type's facets."""

    base: str = ""
    min_length: int | None = None
    max_length: int | None = None
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    enumeration: frozenset[str] | None = None
    total_digits: int | None = None
    fraction_digits: int | None = None


@dataclass(slots=True)
class Structure:
    """Every type of one XSD and the type of its root element."""

    namespace: str
    root_type: str
    complex: dict[str, Complex]
    simple: dict[str, Simple]


def _occurs(node: etree._Element, name: str, default: int = 1) -> int:
    raw = node.get(name)
    if raw is None:
        return default
    return UNBOUNDED if raw == "unbounded" else int(raw)


def _walk(
    particle: Iterable[etree._Element], info: Complex, counter: list[int], in_choice: int | None
) -> None:
    for node in particle:
        tag = node.tag
        if tag == XS + "element":
            counter[0] += 1
            info.children[node.get("name", "")] = Child(
                counter[0],
                node.get("type", ""),
                _occurs(node, "minOccurs"),
                _occurs(node, "maxOccurs"),
                in_choice,
            )
        elif tag == XS + "sequence":
            _walk(node, info, counter, in_choice)
        elif tag == XS + "choice":
            group = None
            if _occurs(node, "minOccurs") >= 1 and in_choice is None:
                group = len(info.required_choices)
                info.required_choices.append([])
            start = len(info.children)
            _walk(node, info, counter, group if group is not None else in_choice)
            if group is not None:
                info.required_choices[group] = list(info.children)[start:]
        elif tag == XS + "any":
            info.wildcard = True


def _pattern(text: str) -> re.Pattern[str] | None:
    try:
        return re.compile(text)
    except re.error:
        return None


def _complex_type(node: etree._Element) -> Complex:
    """The child slots and required choices of one ``xs:complexType``."""
    info = Complex()
    counter = [0]
    for part in node:
        if part.tag in (XS + "sequence", XS + "choice"):
            _walk([part], info, counter, None)
        elif part.tag == XS + "simpleContent":
            extension = part[0]
            info.simple_base = extension.get("base")
    for child in info.children.values():
        if child.group is not None and child.min == 0:
            child.group = None
    return info


def _simple_type(node: etree._Element) -> Simple:
    """The base and facets of one ``xs:simpleType``."""
    simple = Simple()
    restriction = node.find(XS + "restriction")
    if restriction is None:
        return simple
    simple.base = restriction.get("base", "")
    values: list[str] = []
    for facet in restriction:
        kind = etree.QName(facet).localname
        value = facet.get("value", "")
        if kind == "maxLength":
            simple.max_length = int(value)
        elif kind == "minLength":
            simple.min_length = int(value)
        elif kind == "length":
            simple.min_length = simple.max_length = int(value)
        elif kind == "pattern" and (compiled := _pattern(value)) is not None:
            simple.patterns.append(compiled)
        elif kind == "enumeration":
            values.append(value)
        elif kind == "totalDigits":
            simple.total_digits = int(value)
        elif kind == "fractionDigits":
            simple.fraction_digits = int(value)
    if values:
        simple.enumeration = frozenset(values)
    return simple


def build(document: etree._ElementTree) -> Structure:
    """The structure tables of one parsed XSD."""
    root: Any = document.getroot()
    complex_types: dict[str, Complex] = {}
    simple_types: dict[str, Simple] = {}
    for node in root:
        if node.tag == XS + "complexType":
            complex_types[node.get("name", "")] = _complex_type(node)
        elif node.tag == XS + "simpleType":
            simple_types[node.get("name", "")] = _simple_type(node)
    root_element = root.find(XS + "element")
    return Structure(
        namespace=root.get("targetNamespace", ""),
        root_type=root_element.get("type", "") if root_element is not None else "",
        complex=complex_types,
        simple=simple_types,
    )


@cache
def _structure(schema_id: str, store_text: str) -> Structure:
    return build(schemas.xsd_document(schema_id, store_text))


def structure(schema_id: str, store: Path | None = None) -> Structure:
    """The structure of ``schema_id`` from the store (raises SchemaNotInstalledError)."""
    return _structure(schema_id, str(store if store is not None else schemas.schema_store()))


_BUILTIN = {
    "xs:date": re.compile(r"-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?"),
    "xs:dateTime": re.compile(
        r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?"
    ),
    "xs:time": re.compile(r"\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?"),
    "xs:gYear": re.compile(r"-?\d{4,}(Z|[+-]\d{2}:\d{2})?"),
    "xs:gYearMonth": re.compile(r"-?\d{4,}-\d{2}(Z|[+-]\d{2}:\d{2})?"),
    "xs:boolean": re.compile(r"true|false|1|0"),
    "xs:decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
}


def _builtin_ok(type_name: str, text: str) -> bool:
    pattern = _BUILTIN.get(type_name)
    return pattern is None or pattern.fullmatch(text.strip()) is not None


class Shaper:
    """Fits an element tree to a :class:`Structure`, collecting the findings of what it changed."""

    def __init__(self, struct: Structure) -> None:
        self.struct = struct
        self.findings: list[Finding] = []
        self.missing: list[Finding] = []

    def _warn(self, code: Any, message: str, path: str) -> None:
        self.findings.append(code.finding(message, Location(xpath=path)))

    def _check_text(self, element: etree._Element, type_name: str, path: str) -> bool:
        simple = self.struct.simple.get(type_name)
        if simple is None:
            return _builtin_ok(type_name, element.text or "")
        text = element.text or ""
        if simple.max_length is not None and len(text) > simple.max_length:
            element.text = text = text[: simple.max_length]
            self._warn(
                RENDER_TRUNCATED,
                f"{path.rpartition('/')[2]} was cut to {simple.max_length} characters",
                path,
            )
        if simple.min_length is not None and len(text) < simple.min_length:
            self._warn(RENDER_INVALID_VALUE, f"{path.rpartition('/')[2]} is empty; left out", path)
            return False
        if simple.enumeration is not None and text not in simple.enumeration:
            self._warn(
                RENDER_INVALID_VALUE,
                f"{path.rpartition('/')[2]} {text!r} is not a code this version allows; left out",
                path,
            )
            return False
        for pattern in simple.patterns:
            if not pattern.fullmatch(text):
                self._warn(
                    RENDER_INVALID_VALUE,
                    f"{path.rpartition('/')[2]} {text!r} does not match {pattern.pattern}; "
                    "left out",
                    path,
                )
                return False
        if simple.total_digits is not None or simple.fraction_digits is not None:
            try:
                parts = Decimal(text).as_tuple()
            except InvalidOperation:
                return False
            numerals = list(parts.digits)
            exponent = parts.exponent if isinstance(parts.exponent, int) else 0
            while exponent < 0 and len(numerals) > 1 and numerals[-1] == 0:
                numerals.pop()
                exponent += 1
            fraction = max(0, -exponent)
            digits = len(numerals) + max(0, exponent)
            if (simple.fraction_digits is not None and fraction > simple.fraction_digits) or (
                simple.total_digits is not None and digits > simple.total_digits
            ):
                self._warn(
                    RENDER_INVALID_VALUE,
                    f"{path.rpartition('/')[2]} {text} has too many digits for this version; "
                    "left out",
                    path,
                )
                return False
        if simple.base:
            return self._check_text(element, simple.base, path)
        return True

    def shape(self, element: etree._Element, type_name: str, path: str) -> bool:
        """Fit ``element`` (of XSD type ``type_name``) in place; False when it stays invalid.

        What a still-invalid element lacks is kept in :attr:`missing` until the caller decides:
        an optional parent drops the element (a warning), the Document reports errors."""
        problems = self._shape(element, type_name, path)
        if problems:
            self.missing = problems
            return False
        return True

    def _shape(self, element: etree._Element, type_name: str, path: str) -> list[Finding]:
        info = self.struct.complex.get(type_name)
        if info is None:
            return self._shape_text_only(element, type_name, path)
        if info.simple_base is not None:
            return self._value_problems(element, info.simple_base, path)
        if info.wildcard and not info.children:
            return []
        if (element.text or "").strip() and not len(element):
            return [
                RENDER_REQUIRED_MISSING.finding(
                    f"{path.rpartition('/')[2]} holds text where this version expects elements",
                    Location(xpath=path),
                )
            ]
        element.text = None
        return self._shape_children(element, info, path)

    def _shape_text_only(self, element: etree._Element, type_name: str, path: str) -> list[Finding]:
        """An element of a simple type: text only, and a valid value."""
        if len(element):
            return [
                RENDER_REQUIRED_MISSING.finding(
                    f"{path.rpartition('/')[2]} holds elements where this version expects text",
                    Location(xpath=path),
                )
            ]
        return self._value_problems(element, type_name, path)

    def _value_problems(self, element: etree._Element, type_name: str, path: str) -> list[Finding]:
        if self._check_text(element, type_name, path):
            return []
        return [
            RENDER_REQUIRED_MISSING.finding(
                f"{path.rpartition('/')[2]} has no valid value", Location(xpath=path)
            )
        ]

    def _shape_children(self, element: etree._Element, info: Complex, path: str) -> list[Finding]:
        """Fit each child of a complex element to its slot, then order them as the XSD does;
        what the element still lacks, or the findings of a mandatory child that stays invalid."""
        counts: dict[str, int] = {}
        keep: list[tuple[int, int, etree._Element]] = []
        for position, child in enumerate(list(element)):
            placed = self._slot_of(element, child, info, counts, path)
            if placed is None:
                continue
            name, slot = placed
            seen = counts.get(name, 0)
            indexed = f"{path}/{name}" if slot.max == 1 else f"{path}/{name}[{seen + 1}]"
            lacking = self._shape(child, slot.type, indexed)
            if lacking and not ((slot.min == 0 and slot.group is None) or seen >= slot.min):
                return lacking
            if lacking:
                reasons = "; ".join(f.message for f in lacking[:3])
                self._warn(RENDER_DROPPED, f"{name} was left out: {reasons}", indexed)
                element.remove(child)
                continue
            counts[name] = seen + 1
            keep.append((slot.order, position, child))
        # Reorder only when the builder's order is not the XSD's: moving every child of a large
        # element (thousands of transactions) costs more than all the other shaping.
        if any(keep[i][0] > keep[i + 1][0] for i in range(len(keep) - 1)):
            keep.sort(key=lambda item: (item[0], item[1]))
            for _, _, child in keep:
                element.append(child)
        return _lacking(info, counts, path)

    def _slot_of(
        self,
        element: etree._Element,
        child: etree._Element,
        info: Complex,
        counts: dict[str, int],
        path: str,
    ) -> tuple[str, Child] | None:
        """The name and slot of ``child`` (renamed into the target namespace); ``None`` when
        it has no place or no room left under ``element``, and then it is removed."""
        tag: Any = child.tag
        if not isinstance(tag, str):
            element.remove(child)
            return None
        name = tag.rpartition("}")[2]
        slot = info.children.get(name)
        if slot is None:
            self._warn(
                RENDER_DROPPED,
                f"{name} has no place under {path.rpartition('/')[2]} in this version; left out",
                f"{path}/{name}",
            )
            element.remove(child)
            return None
        if counts.get(name, 0) >= slot.max:
            self._warn(
                RENDER_DROPPED,
                f"{name} may occur {slot.max} time(s) here in this version; the rest was left out",
                f"{path}/{name}",
            )
            element.remove(child)
            return None
        qualified = f"{{{self.struct.namespace}}}{name}"
        if tag != qualified:
            child.tag = qualified
        return name, slot


def _lacking(info: Complex, counts: dict[str, int], path: str) -> list[Finding]:
    """The mandatory children and required choices of ``info`` that ``counts`` does not have."""
    name_here = path.rpartition("/")[2]
    problems = [
        RENDER_REQUIRED_MISSING.finding(
            f"{name_here} needs {name}, which the model does not provide",
            Location(xpath=f"{path}/{name}"),
        )
        for name, slot in info.children.items()
        if slot.group is None and counts.get(name, 0) < slot.min
    ]
    problems.extend(
        RENDER_REQUIRED_MISSING.finding(
            f"{name_here} needs one of {', '.join(group)}", Location(xpath=path)
        )
        for group in info.required_choices
        if group and not any(counts.get(name) for name in group)
    )
    return problems
