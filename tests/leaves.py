"""Leaf values of a model or an XML document as a multiset of (path without indexes, value).

This is how an outside reviewer compares an input with an output: every value of the input should
appear in the output (or be named by a finding), wherever the output puts it.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from lxml import etree
from pydantic import BaseModel

Leaves = Counter[tuple[str, str]]


def model_leaves(value: object, path: str = "") -> Leaves:
    """Every set leaf of a model, keyed by its dotted field path (list indexes left out)."""
    out: Leaves = Counter()
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            out.update(model_leaves(getattr(value, name), f"{path}.{name}" if path else name))
    elif isinstance(value, tuple | list):
        for item in value:
            out.update(model_leaves(item, path))
    elif value is not None and value != ():
        out[(path, _text(value))] += 1
    return out


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
        )
    return str(getattr(value, "value", value))


def xml_leaves(root: etree._Element) -> Leaves:
    """Every element text and attribute of an XML tree, keyed by its path of local names."""
    out: Leaves = Counter()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        path = "/".join(
            etree.QName(e).localname for e in (*reversed(list(element.iterancestors())), element)
        )
        if len(element) == 0 and (element.text or "").strip():
            out[(path, element.text.strip())] += 1
        for key, attr in element.attrib.items():
            out[(f"{path}/@{key}", attr)] += 1
    return out


def values(leaves: Leaves) -> Counter[str]:
    """The values alone (where a translation moves a value, its path changes but not the value)."""
    out: Counter[str] = Counter()
    for (_path, value), count in leaves.items():
        out[value] += count
    return out


_SPACES = re.compile(r"\s+")


def normalised(text: str) -> str:
    """Text compared without line structure (MT cuts lines, XML joins them)."""
    return _SPACES.sub(" ", text).strip()
