"""The checks beyond the XSD on a pacs.008, pain.001 or status report Document: every
``iso20022`` rule record (:mod:`~qenex_messages.iso20022.value_checks`,
:mod:`~qenex_messages.iso20022.message_checks`), run in one walk of the tree for the values.

Optimistic: a first pass asks only whether anything is wrong, building no location, path or
finding; the exact pass, which locates everything, runs only when the first pass finds
something, so both give the same findings (``tests/iso20022/test_fast_path.py``)."""

from __future__ import annotations

from lxml import etree

from qenex_messages.findings import Finding
from qenex_messages.iso20022 import message_checks, value_checks
from qenex_messages.iso20022.check_record import KIND, VALUE_CHECKS, Tree
from qenex_messages.iso20022.xmlsafe import line_of, local_tag
from qenex_messages.iso20022.xsd import path_scope, readable_path
from qenex_messages.limits import Limits, resolve
from qenex_messages.rule_record import Rule, all_rules

__all__ = [
    "AMOUNT_ELEMENTS",
    "check_document",
    "check_totals",
    "check_values",
    "exact_findings",
    "iso_checks",
    "totals_agree",
    "values_clean",
]

AMOUNT_ELEMENTS = frozenset(value_checks.AMOUNT_ELEMENTS)
_ALL_TAGS = tuple("{*}" + name for name in sorted(VALUE_CHECKS))


def iso_checks() -> tuple[Rule[Tree], ...]:
    """Every check beyond the XSD, as records, in definition order."""
    return all_rules(KIND)


def check_document(
    document: etree._Element,
    message_type: str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
) -> list[Finding]:
    """Every check beyond the XSD on a ``Document`` element of ``message_type``."""
    resolved = resolve(limits)
    if (
        values_clean(document)
        and message_checks.unique_ids_differ(document, message_type, resolved.max_tracked_ids)
        and totals_agree(document, message_type)
    ):
        return []
    return exact_findings(document, message_type, source=source, limits=limits)


def exact_findings(
    document: etree._Element,
    message_type: str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
) -> list[Finding]:
    """What :func:`check_document` reports, always by the exact pass (located findings)."""
    tree = Tree(document, message_type, source=source, limits=limits)
    return [
        *check_values(document, message_type, source=source, unique=False),
        *message_checks.repeated_ids(tree),
        *message_checks.figures(tree),
    ]


_CACHED: dict[tuple[str, str], tuple[Finding, ...]] = {}
_CACHE_SIZE = 4096


def _problems(element: etree._Element, name: str, text: str) -> tuple[Finding, ...]:
    """The unlocated findings of the value check of ``name``; those that depend on the name
    and text alone are cached on them, as identifiers repeat across the transactions of a file
    (the cache is emptied when full, so it stays bounded)."""
    check, by_value = VALUE_CHECKS[name]
    if not by_value:
        return tuple(check(element, name, text))
    key = (name, text)
    found = _CACHED.get(key)
    if found is None:
        found = tuple(check(element, name, text))
        if len(_CACHED) >= _CACHE_SIZE:
            _CACHED.clear()
        _CACHED[key] = found
    return found


_NAMES: dict[str, str] = {}


def _name(tag: str) -> str:
    name = _NAMES.get(tag)
    if name is None:
        name = _NAMES[tag] = local_tag(tag)
    return name


def values_clean(document: etree._Element) -> bool:
    """Whether :func:`check_values` would report nothing (the identifiers, amounts and dates
    are valid), building no location."""
    for element in document.iter(*_ALL_TAGS):
        text = element.text
        if text and _problems(element, _name(element.tag), text):
            return False
    return True


def check_values(
    document: etree._Element,
    message_type: str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
    unique: bool = True,
) -> list[Finding]:
    """The value checks (identifiers, amounts, dates) of every element, in document order;
    with ``unique``, also the identifiers repeated in the message. A stream runs it per chunk."""
    findings: list[Finding] = []
    with path_scope():
        # lxml filters the tags in C; only the few elements worth checking reach Python.
        for element in document.iter(*_ALL_TAGS):
            text = element.text
            if not text:
                continue
            found = _problems(element, _name(element.tag), text)
            if found:  # locate only what is reported: building paths is the costly part
                line, xpath = line_of(element), readable_path(element)
                findings.extend(f.at(source=source, line=line, xpath=xpath) for f in found)
    if unique:
        tree = Tree(document, message_type, source=source, limits=limits)
        findings.extend(message_checks.repeated_ids(tree))
    return findings


def check_totals(
    document: etree._Element, message_type: str, *, source: str | None = None
) -> list[Finding]:
    """NbOfTxs, CtrlSum and TtlIntrBkSttlmAmt of each level against its transactions."""
    return message_checks.figures(Tree(document, message_type, source=source))


def totals_agree(document: etree._Element, message_type: str) -> bool:
    """Whether :func:`check_totals` would report nothing (no location is built)."""
    return message_checks.figures_agree(document, message_type)
