"""How a check beyond the XSD is written: one :class:`~qenex_messages.rule_record.Rule` record
of kind ``iso20022``, like an MT103 network rule or a rulebook rule.

A *value* check (:func:`value_check`) judges the text of the elements of some local names (an
IBAN, a BIC, a date, an amount with its currency) and returns its findings unlocated; the
checks of :mod:`~qenex_messages.iso20022.checks` call it for every such element in one walk of
the tree and locate what it reports. A *message* check (:func:`message_check`) needs every
transaction at once (counts, sums, repeated identifiers). Each record carries its passing and
failing examples, edits of the sample documents of ``iso20022/samples/``, which the generic test
(``tests/test_rule_records.py``) runs and ``docs/rules.md`` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, NamedTuple, TypeAlias

from lxml import etree

from qenex_messages._records import record
from qenex_messages._resources import package_text
from qenex_messages.codes import CodeInfo
from qenex_messages.findings import Finding, Location
from qenex_messages.iso20022.detect import detect
from qenex_messages.iso20022.xmlsafe import line_of, parse_xml
from qenex_messages.iso20022.xsd import path_scope, readable_path
from qenex_messages.limits import Limits, resolve
from qenex_messages.rule_record import (
    Example,
    Rule,
    Scope,
    apply_edits,
    register,
    register_runner,
)

__all__ = [
    "CHECKED_TYPES",
    "KIND",
    "VALUE_CACHE",
    "VALUE_CHECKS",
    "ElementCheck",
    "Tree",
    "ValueCheck",
    "ex",
    "message_check",
    "value_check",
    "value_problems",
]

KIND = "iso20022"
CHECKED_TYPES = ("pacs.008", "pain.001", "pacs.002", "pain.002")
"""The message types whose Document these checks run on."""
PACS = "pacs.008.001.08"
PAIN = "pain.001.001.09"
"""The sample documents examples edit (``iso20022/samples/<name>.xml``)."""

ElementCheck: TypeAlias = Callable[[etree._Element, str, str], Sequence[Finding]]
"""A value check: (element, local name, text) -> unlocated findings."""


class ValueCheck(NamedTuple):
    """A value check as registered: the function, and what its answer depends on."""

    check: ElementCheck
    by_value: bool
    """The answer depends on the element's name, text and :attr:`attribute` alone (not on its
    surroundings), so it may be cached on them."""
    attribute: str | None = None
    """The one attribute the answer also depends on (an amount's ``Ccy``)."""


VALUE_CHECKS: dict[str, ValueCheck] = {}
"""Every value check by the local name it reads."""

VALUE_CACHE: dict[tuple[str, str, str | None], tuple[Finding, ...]] = {}
"""The answers of the value checks ``by_value``, keyed on (name, text, attribute value)."""
_CACHE_SIZE = 4096


def value_problems(element: etree._Element, name: str, text: str) -> tuple[Finding, ...]:
    """The unlocated findings of the value check of ``name`` on ``element`` (whose text is
    ``text``). Those of a check ``by_value`` are cached on the name, the text and the attribute
    it reads, as identifiers and amounts repeat across the transactions of a file (the cache is
    emptied when full, so it stays bounded)."""
    check, by_value, attribute = VALUE_CHECKS[name]
    if not by_value:
        return tuple(check(element, name, text))
    key = (name, text, None if attribute is None else element.get(attribute))
    found = VALUE_CACHE.get(key)
    if found is None:
        found = tuple(check(element, name, text))
        if len(VALUE_CACHE) >= _CACHE_SIZE:
            VALUE_CACHE.clear()
        VALUE_CACHE[key] = found
    return found


@record(slots=True)
class Tree:
    """What a check beyond the XSD looks at: one Document of a known message type."""

    document: etree._Element
    message_type: str
    source: str | None = None
    limits: Limits | None = None

    def loc(self, where: etree._Element | None) -> Location:
        """The line and readable XPath of ``where`` (the message when ``None``)."""
        if where is None:
            return Location(source=self.source)
        return Location(source=self.source, line=line_of(where), xpath=readable_path(where))

    @property
    def resolved_limits(self) -> Limits:
        """The limits in force (the caller's, else those of the environment)."""
        return resolve(self.limits)


def ex(
    *edits: tuple[str, str], base: str = PACS, code: str | None = None, why: str = ""
) -> Example:
    """An example: the sample ``base`` with each ``(old, new)`` text replaced once."""
    return Example(edits=edits, base=base, code=code, why=why)


def value_check(  # noqa: PLR0913  (the fields of a rule record)
    rule_id: str,
    codes: Sequence[CodeInfo],
    title: str,
    *,
    elements: Sequence[str],
    fail: Sequence[Example],
    ok: Sequence[Example],
    sources: Sequence[str] = ("X1",),
    severity: str = "E",
    by_value: bool = True,
    attribute: str | None = None,
) -> Callable[[ElementCheck], ElementCheck]:
    """Register the decorated function as the value check ``rule_id`` of the ``elements``
    named; ``by_value``: its answer depends on the name, the text and the ``attribute`` named
    alone (not on the element's surroundings)."""

    def decorate(fn: ElementCheck) -> ElementCheck:
        tags = tuple("{*}" + name for name in elements)

        def check(_rule: Rule[Tree], tree: Tree) -> list[Finding]:
            found: list[Finding] = []
            with path_scope():
                for element in tree.document.iter(*tags):
                    text = element.text
                    if not text:
                        continue
                    problems = fn(element, etree.QName(element).localname, text)
                    if problems:
                        where = tree.loc(element)
                        found.extend(
                            f.at(source=where.source, line=where.line, xpath=where.xpath)
                            for f in problems
                        )
            return found

        for name in elements:
            if name in VALUE_CHECKS:
                raise ValueError(f"{name} has two value checks")
            VALUE_CHECKS[name] = ValueCheck(fn, by_value, attribute)
        _register(
            rule_id,
            codes=codes,
            title=title,
            severity=severity,
            scope=Scope.TRANSACTION,
            sources=sources,
            ok=ok,
            fail=fail,
            check=check,
        )
        return fn

    return decorate


def message_check(  # noqa: PLR0913  (the fields of a rule record)
    rule_id: str,
    codes: Sequence[CodeInfo],
    title: str,
    *,
    fail: Sequence[Example],
    ok: Sequence[Example],
    tally: Callable[[Rule[Tree], Any], Sequence[Finding]],
    sources: Sequence[str] = ("X1",),
    severity: str = "E",
) -> Callable[[Callable[[Tree], list[Finding]]], Callable[[Tree], list[Finding]]]:
    """Register the decorated function as the whole-message check ``rule_id``; ``tally`` is
    its form over a stream's running figures."""

    def decorate(fn: Callable[[Tree], list[Finding]]) -> Callable[[Tree], list[Finding]]:
        def check(_rule: Rule[Tree], tree: Tree) -> list[Finding]:
            return fn(tree)

        _register(
            rule_id,
            codes=codes,
            title=title,
            severity=severity,
            scope=Scope.MESSAGE,
            sources=sources,
            ok=ok,
            fail=fail,
            check=check,
            tally=tally,
        )
        return fn

    return decorate


def _register(  # noqa: PLR0913  (the fields of a rule record)
    rule_id: str,
    *,
    codes: Sequence[CodeInfo],
    title: str,
    severity: str,
    scope: Scope,
    sources: Sequence[str],
    ok: Sequence[Example],
    fail: Sequence[Example],
    check: Callable[[Rule[Tree], Tree], list[Finding]],
    tally: Callable[[Rule[Tree], Any], Sequence[Finding]] | None = None,
) -> None:
    register(
        Rule(
            id=rule_id,
            kind=KIND,
            title=title,
            codes=tuple(codes),
            severity=severity,
            applies_to=frozenset(CHECKED_TYPES),
            scope=scope,
            sources=tuple(sources),
            passes=tuple(ok),
            fails=tuple(fail),
            check=check,
            order=CHECKED_TYPES,
            tally=tally,
        )
    )


@cache
def sample(name: str) -> str:
    """The text of the sample document ``name`` (``pacs.008.001.08``, ``pain.001.001.09``)."""
    return package_text(f"iso20022/samples/{name}.xml")


def example_text(example: Example) -> str:
    """The example's document: its sample with each edit applied once."""
    return apply_edits(sample(example.base), example)


def run_example(rule: Rule[Tree], example: Example) -> list[Finding]:
    """The findings of ``rule`` on the example's document."""
    tree = parse_xml(example_text(example).encode(), source=f"{example.base}.xml").value
    if tree is None:
        raise ValueError(f"the example of {rule.id} is not well-formed XML")
    info = detect(tree.getroot())
    if info.document is None or info.message_type is None:
        raise ValueError(f"the example of {rule.id} holds no Document")
    return rule.run(Tree(info.document, info.message_type, source=f"{example.base}.xml"))


register_runner(KIND, run_example)
