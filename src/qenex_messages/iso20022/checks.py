"""The checks beyond the XSD on a pacs.008, pain.001 or status report Document: every
``iso20022`` rule record (:mod:`~qenex_messages.iso20022.value_checks`,
:mod:`~qenex_messages.iso20022.message_checks`), run in one walk of the tree for the values.

Optimistic: a first pass (:mod:`~qenex_messages.iso20022.first_pass`) asks only whether
anything is wrong, building no location, path or finding; the exact pass, which locates
everything, runs only for the kinds of check (values, repeated identifiers, counts and sums)
in which the first pass found something, so both give the same findings
(``tests/iso20022/test_fast_path.py``)."""

from __future__ import annotations

from lxml import etree

from qenex_messages.findings import Finding
from qenex_messages.iso20022 import message_checks, value_checks
from qenex_messages.iso20022.check_record import KIND, VALUE_CHECKS, Tree, value_problems
from qenex_messages.iso20022.first_pass import Walked, first_pass_walked
from qenex_messages.iso20022.xmlsafe import keeps_tag, line_of, local_tag
from qenex_messages.iso20022.xsd import path_scope, readable_path
from qenex_messages.limits import Limits, resolve
from qenex_messages.rule_record import Rule, all_rules

__all__ = [
    "AMOUNT_ELEMENTS",
    "check_document",
    "check_document_walked",
    "check_totals",
    "check_values",
    "exact_findings",
    "iso_checks",
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
    return check_document_walked(document, message_type, source=source, limits=limits)[0]


def check_document_walked(
    document: etree._Element,
    message_type: str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
    whole: bool = False,
) -> tuple[list[Finding], Walked | None]:
    """:func:`check_document`, and the body as the first pass walked it when it walked it
    whole (:func:`~qenex_messages.iso20022.first_pass.first_pass_walked`: ``whole`` when a
    rulebook follows), else None."""
    cap = resolve(limits).max_tracked_ids
    verdict, walked = first_pass_walked(document, message_type, cap, whole=whole)
    if verdict.clean:
        return [], walked
    tree = Tree(document, message_type, source=source, limits=limits)
    findings: list[Finding] = []
    if not verdict.values:
        findings.extend(check_values(document, message_type, source=source, unique=False))
    if not verdict.ids:
        findings.extend(message_checks.repeated_ids(tree))
    if not verdict.figures:
        findings.extend(message_checks.figures(tree))
    return findings, walked


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


_NAMES: dict[str, str] = {}
_MAX_NAMES = 4096


def _name(tag: str) -> str:
    name = _NAMES.get(tag)
    if name is None:
        name = local_tag(tag)
        if len(_NAMES) < _MAX_NAMES and keeps_tag(tag):  # the document's tags: bounded
            _NAMES[tag] = name
    return name


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
            found = value_problems(element, _name(element.tag), text)
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
