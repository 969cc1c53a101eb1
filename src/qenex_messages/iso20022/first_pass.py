"""The optimistic first pass of the checks beyond the XSD: one walk of a Document that tells
whether anything is wrong, building no location, path or finding.

One ``iter`` reads every element the checks read: those of each value check, the identifiers
that must not repeat, the transactions with their amounts, and the level headers (GrpHdr,
PmtInf) with the figures they state (lxml sets up its tag filter on every call, about 2,000
instructions per name, so it is set up once). A value checked on its text alone is answered
from a set, per tag, of the texts found clean, any other from the cache of the value checks
(name, text and attribute); identifiers are compared in bulk (all different, the usual case,
is one ``set``), and in a long message those read for nothing else have an ``iter`` each
instead (no tag to read); each level keeps the amount texts of its transactions, summed once
at the end in C, and only when a stated figure is not already the same text as the one amount
(a pain.001 group's sum is its PmtInf blocks' sums added). The answer says, for each of the
three kinds of check (values, repeated identifiers, counts and sums), whether it is certainly
clean; the exact pass (:func:`~qenex_messages.iso20022.checks.exact_findings`) runs for the
others only, and both give the same findings (``tests/iso20022/test_fast_path.py``,
``test_long_first_pass.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Context, Decimal, InvalidOperation
from functools import cache
from typing import NamedTuple, TypeAlias

from lxml import etree

from qenex_messages.identifiers import MAX_DECIMAL_CHARS, exact_sum, parse_decimal
from qenex_messages.iso20022.check_record import VALUE_CACHE, VALUE_CHECKS, value_problems
from qenex_messages.iso20022.totals import NOT_PROVIDED, STATED_FIGURES, UNIQUE, stated_value
from qenex_messages.iso20022.xmlsafe import keeps_tag, local_tag

__all__ = ["Verdict", "Walked", "first_pass", "first_pass_walked", "small_body"]

# What the walk does with an element, by its local name (bits, as a name can be several).
_VALUE = 1  # a value check answered by name, text (and attribute) alone
_ELEMENT = 2  # a value check that reads the element's surroundings
_ID = 4  # an identifier that must not repeat in the message
_TX = 8  # a CdtTrfTxInf
_AMOUNT = 16  # the amount of a transaction: IntrBkSttlmAmt (pacs.008), InstdAmt (pain.001)
_EQUIVALENT = 32  # pain.001: an Amt, which may be the EqvtAmt/Amt of a transaction
_LEVEL = 64  # a GrpHdr, or a PmtInf (pain.001): the header of a level when in the message
_STATED = 128  # NbOfTxs, CtrlSum, TtlIntrBkSttlmAmt: a figure a level's header states
_FIGURES = _TX | _AMOUNT | _EQUIVALENT | _LEVEL | _STATED
_LONG = 16
_TRANSFERS = ("pacs.008", "pain.001")
"""The credit transfers, whose counts and sums are checked and which rulebooks read."""
_TAGS_KEPT = 1024
_TEXTS_KEPT = 4096
_PLAIN_CHARACTERS = re.compile(r"[0-9.+\-\n]*")
"""Amount texts, one a line, written only with what an ``xs:decimal`` without white space
is written with (a single character class: one scan in C)."""
_READ = Context(prec=MAX_DECIMAL_CHARS, traps=[InvalidOperation])
"""Reads such a text exactly (none has more digits than characters), and refuses one that
is no number (``1.2.3``, ``+``, ``''``) whatever the thread's own context traps."""
_Entry: TypeAlias = "set[str] | int | tuple[str, int, str | None, int]"
_SKIP: tuple[str, int, str | None, int] = ("", 0, None, -1)
"""The entry of a tag no check reads, a comment's or a processing instruction's."""


class Verdict(NamedTuple):
    """Which kinds of check the first pass found certainly clean."""

    values: bool
    ids: bool
    figures: bool

    @property
    def clean(self) -> bool:
        """Nothing beyond the XSD to report."""
        return self.values and self.ids and self.figures


_CLEAN = Verdict(values=True, ids=True, figures=True)


class Walked(NamedTuple):
    """A small body as the first pass walked it: ``elements`` is what ``body.iter()`` gives
    (every element, comment, processing instruction and entity below the body, the body
    first, in document order) and ``by_tag`` the same nodes grouped by ``tag`` (a comment's
    is :func:`lxml.etree.Comment`), each group in document order. The rulebooks' whole proofs
    read it instead of walking the body again; it holds the tree as the first pass read it."""

    elements: list[etree._Element]
    by_tag: dict[object, list[etree._Element]]

    @property
    def body(self) -> etree._Element:
        """The body (the Document's message element) that was walked."""
        return self.elements[0]


_SMALL_CHILDREN = 3
_SMALL_GRANDCHILDREN = 40


def small_body(body: etree._Element) -> bool:
    """True when ``body`` is walked whole, every element brought into Python, rather than by
    lxml for a set of names: a body of at most three children (a group header and a
    transaction or two, or one payment information block of a few) holding at most 40
    between them. lxml sets a filter of many names up in about the time such a small tree
    takes to walk without one."""
    return len(body) <= _SMALL_CHILDREN and sum(map(len, body)) <= _SMALL_GRANDCHILDREN


def _walked(
    document: etree._Element, message_type: str, plan: _Plan, read: list[etree._Element]
) -> Walked | None:
    """The body of ``document`` walked whole (one ``iter`` without a tag filter, its nodes
    grouped by tag; those some check reads added to ``read``, in document order) when it is
    a pacs.008 or pain.001 Document whose one child node is a :func:`small_body` (what the
    rulebooks read), else None."""
    if len(document) != 1 or message_type not in _TRANSFERS:
        return None
    body = document[0]
    if not isinstance(body.tag, str) or not small_body(body):
        return None
    elements = list(body.iter())
    by_tag: dict[object, list[etree._Element]] = {}
    entry_of, skipped = plan.by_tag.get, plan.skipped
    for element in elements:
        tag = element.tag  # lxml keeps it on the element for the next reader
        group = by_tag.get(tag)
        if group is None:
            by_tag[tag] = [element]
        else:
            group.append(element)
        if tag in skipped:
            continue
        entry = entry_of(tag)
        if entry is None:
            entry = plan.entry(tag)
        if entry is not _SKIP:
            read.append(element)
    return Walked(elements, by_tag)


class _Plan:
    """What the walk reads for one message type: the tag filter, and each name's roles."""

    __slots__ = ("alone", "apart", "by_tag", "ids", "roles", "skipped", "tags")

    def __init__(self, message_type: str) -> None:
        roles: dict[str, tuple[int, str | None]] = {
            name: (_VALUE if record.by_value else _ELEMENT, record.attribute)
            for name, record in VALUE_CHECKS.items()
        }
        extra = dict.fromkeys(UNIQUE.get(message_type, {}), _ID)
        if message_type in _TRANSFERS:
            extra |= dict.fromkeys(STATED_FIGURES, _STATED)
            extra |= {"CdtTrfTxInf": _TX, "GrpHdr": _LEVEL}
        if message_type == "pacs.008":
            extra |= {"IntrBkSttlmAmt": _AMOUNT}
        elif message_type == "pain.001":
            extra |= {"PmtInf": _LEVEL, "InstdAmt": _AMOUNT, "Amt": _EQUIVALENT}
        for name, role in extra.items():
            known, attribute = roles.get(name, (0, None))
            roles[name] = (known | role, attribute)
        self.roles = roles
        self.ids = {name: n for n, name in enumerate(UNIQUE.get(message_type, {}))}
        self.tags = tuple("{*}" + name for name in sorted(roles))
        # In a long message, an identifier read for nothing else has an ``iter`` of its own,
        # which knows its kind without reading its tag (lxml formats ``{namespace}name``
        # anew for every element); the walk (``apart``) then leaves it out.
        self.alone = tuple(
            (n, "{*}" + name) for name, n in self.ids.items() if roles[name][0] == _ID
        )
        self.apart = tuple("{*}" + name for name in sorted(roles) if roles[name][0] != _ID)
        self.by_tag: dict[str, _Entry] = {}
        self.skipped: set[object] = set()

    def entry(self, tag: str) -> _Entry:
        """What the walk does with an element of ``tag`` (remembered per tag, as ``iter``
        gives the namespace too): a set of the texts found clean, for a value checked on its
        name and text alone; the number of an identifier read for nothing else; else (local
        name, roles, attribute read, number of the identifier or -1)."""
        found = self.by_tag.get(tag)
        if found is None:
            name = local_tag(tag)
            role, attribute = self.roles.get(name, (0, None))
            number = self.ids.get(name, -1)
            if role == _VALUE and attribute is None:
                found = set()
            elif role == _ID:
                found = number
            elif not role and number < 0:
                # read by no check (met only in a whole walk): kept apart, so that a body of
                # many such names never empties the table of the names that are read
                if keeps_tag(tag):
                    if len(self.skipped) >= _TAGS_KEPT:
                        self.skipped.clear()
                    self.skipped.add(tag)
                return _SKIP
            else:
                found = (name, role, attribute, number)
            if keeps_tag(tag):
                if len(self.by_tag) >= _TAGS_KEPT:
                    self.by_tag.clear()
                self.by_tag[tag] = found
        return found


@cache
def _plan(message_type: str) -> _Plan:
    return _Plan(message_type)


class _Figures:
    """The counts and sums of each level (the GrpHdr, each PmtInf) as the walk meets them:
    what :func:`~qenex_messages.iso20022.message_checks.figures` compares, without the
    currencies and locations it reports with. The headers, the figures they state and the
    transactions are all met in the one walk, in document order (a header before what it
    holds); each level keeps the amount texts of its transactions, summed once at the end."""

    __slots__ = (
        "amount",
        "equivalents",
        "heads",
        "levels",
        "message",
        "pain",
        "parents",
        "stated",
        "texts",
        "totals",
        "tx",
    )

    def __init__(self, message: etree._Element, message_type: str) -> None:
        self.message = message
        self.pain = message_type == "pain.001"
        # The header of each level (the first GrpHdr of the message, then each PmtInf), the
        # amount texts of its transactions, and the figures stated below each element.
        self.heads: list[etree._Element | None] = [None]
        self.texts: list[list[str | None]] = [[]]
        self.stated: dict[etree._Element, list[tuple[str, str | None]]] = {}
        # A transaction counts where its parent is the message (pacs.008) or one of its
        # PmtInf (pain.001); lxml gives the same proxy for an element while one is held.
        self.parents: dict[etree._Element, tuple[list[str | None], ...]] = {}
        if not self.pain:
            self.parents[message] = (self.texts[0],)
        self.tx: etree._Element | None = None
        self.levels: tuple[list[str | None], ...] = ()
        self.amount: tuple[str | None] | None = None
        self.equivalents: list[etree._Element] = []
        self.totals: dict[int, Decimal] = {}

    def long(self) -> bool:
        """Whether the message is long enough that an ``iter`` per identifier costs less
        than reading the tags of its elements in the walk (about four transactions: the
        elements of the message and of its last part, a transaction or a PmtInf block,
        number at least :data:`_LONG`). Either way gives the same answer."""
        message = self.message
        size = len(message)
        if 0 < size < _LONG:
            size += len(message[-1])
        return size >= _LONG

    def see(self, element: etree._Element, role: int, name: str, text: str | None) -> None:
        """Note an element of a ``_FIGURES`` role, met in document order."""
        if role & _TX:
            levels = self.parents.get(element.getparent())  # type: ignore[arg-type]
            if levels is not None:
                self._close()
                self.tx, self.levels = element, levels
            return
        if role & _STATED:
            self.stated.setdefault(element.getparent(), []).append((name, text))  # type: ignore[arg-type]
        if role & _LEVEL:
            self._level(element)
            return
        tx = self.tx
        if tx is None or self.amount is not None:
            return
        if role & _AMOUNT:
            parent = element.getparent()
            if not self.pain:
                if parent is tx:
                    self.amount = (text,)
            # An Amt right in the transaction was met before its child, while no amount was
            # found, so it is among the equivalents: no tag to read.
            elif parent is not None and parent.getparent() is tx and parent in self.equivalents:
                self.amount = (text,)
        if role & _EQUIVALENT:
            self.equivalents.append(element)

    def _level(self, element: etree._Element) -> None:
        """A GrpHdr or PmtInf: the header of a level when it stands right in the message."""
        if element.getparent() is not self.message:
            return
        if local_tag(element.tag) == "GrpHdr":
            if self.heads[0] is None:
                self.heads[0] = element
        elif self.pain:
            texts: list[str | None] = []
            self.heads.append(element)
            self.texts.append(texts)
            self.parents[element] = (texts, self.texts[0])

    def _close(self) -> None:
        """Count the transaction being read, with the first amount found for it."""
        tx = self.tx
        if tx is None:
            return
        amount = self.amount
        if amount is None and self.equivalents:
            amount = self._equivalent(tx)
        text = amount[0] if amount is not None else None
        for level in self.levels:
            level.append(text)
        self.tx, self.amount = None, None
        self.equivalents.clear()

    def _equivalent(self, tx: etree._Element) -> tuple[str | None] | None:
        """The text of the first ``Amt/EqvtAmt/Amt`` of ``tx`` (a pain.001 amount given as an
        equivalent in another currency), found among the ``Amt`` the walk met in it."""
        for element in self.equivalents:
            holder = element.getparent()
            if holder is None or local_tag(holder.tag) != "EqvtAmt":
                continue
            outer = holder.getparent()
            if outer is not None and outer.getparent() is tx and local_tag(outer.tag) == "Amt":
                return (element.text,)
        return None

    def agree(self) -> bool:
        """Whether every level's stated figures match its transactions (a level without a
        header states nothing)."""
        self._close()
        stated = self.stated
        for level, head in enumerate(self.heads):
            if head is not None and not _agrees(stated.get(head, ()), self, level):
                return False
        return True

    def total(self, level: int) -> Decimal:
        """The exact sum of the amounts of the transactions of ``level`` (read once)."""
        found = self.totals.get(level)
        if found is None:
            if level == 0 and self.pain:
                # The group's transactions are those of its PmtInf blocks, one block after
                # the other: their sums add up to its sum exactly, and no text is read twice.
                found = exact_sum(map(self.total, range(1, len(self.texts))))
            else:
                found = _sum(self.texts[level])
            self.totals[level] = found
        return found


def _agrees(figures: Iterable[tuple[str, str | None]], levels: _Figures, level: int) -> bool:
    """Whether every figure the header of ``level`` states (name and text) that can be read
    matches the amount texts of its transactions, summed exactly. Where a figure is repeated
    only the last readable one counts (:meth:`Totals.of_header`); holding every one to it is
    stricter, never laxer, and a repeat is rare. A text the same as the one amount, or a count
    written as Python writes it, needs no reading."""
    texts = levels.texts[level]
    for name, text in figures:
        if name == "NbOfTxs":
            if text != str(len(texts)):
                value = stated_value(name, text)
                if value is not None and value != len(texts):
                    return False
        elif len(texts) != 1 or text != texts[0]:
            value = stated_value(name, text)
            if value is not None and value != levels.total(level):
                return False
    return True


def _sum(texts: list[str | None]) -> Decimal:
    """The exact sum of the amount ``texts`` that are numbers (one that is not adds nothing,
    as :meth:`Totals.add` counts it)."""
    if len(texts) == 1:
        return parse_decimal(texts[0]) or _ZERO
    plain = [text for text in texts if text is not None]
    # One scan of every text for characters a plain decimal has not (white space, an
    # exponent, NaN); a text that has only those and is still no number ("1.2.3", "", a line
    # break inside) is refused by _READ, and then they are read one by one.
    if (
        len(plain) == len(texts)
        and max(map(len, plain), default=0) <= MAX_DECIMAL_CHARS
        and _PLAIN_CHARACTERS.fullmatch("\n".join(plain))
    ):
        try:
            return exact_sum(map(_READ.create_decimal, plain))
        except InvalidOperation:
            pass
    values = map(parse_decimal, texts)
    return exact_sum(value for value in values if value is not None)


_ZERO = Decimal(0)


def _figures(document: etree._Element, message_type: str) -> _Figures | None:
    if message_type in _TRANSFERS:
        for message in document:
            if isinstance(message.tag, str):
                return _Figures(message, message_type)
    return None


def first_pass(document: etree._Element, message_type: str, cap: int) -> Verdict:
    """Which checks beyond the XSD certainly find nothing in ``document`` (a Document of
    ``message_type``); repeated identifiers are in doubt beyond ``cap`` of them, where the
    exact table gives way to a Bloom filter."""
    return first_pass_walked(document, message_type, cap)[0]


def first_pass_walked(
    document: etree._Element, message_type: str, cap: int, *, whole: bool = False
) -> tuple[Verdict, Walked | None]:
    """:func:`first_pass`, and, with ``whole``, the body as it walked it when it walked it
    whole (a small pacs.008 or pain.001: one ``iter`` without a tag filter, whose nodes it
    keeps grouped by tag), else None. Without a rulebook to read it, a whole walk costs more
    than lxml's filter: ``whole`` says whether one follows."""
    plan = _plan(message_type)
    entry_of = plan.by_tag.get
    cache = VALUE_CACHE
    figures = _figures(document, message_type)
    ids: list[tuple[int, str]] = []
    apart: list[list[str]] = []
    read: list[etree._Element] = []
    walked = _walked(document, message_type, plan, read) if whole else None
    elements: Iterable[etree._Element] = (
        read if walked is not None else document.iter(*_read_apart(document, plan, figures, apart))
    )
    values = True
    for element in elements:
        tag: str = element.tag
        entry = entry_of(tag)
        if entry is None:
            entry = plan.entry(tag)
        text = element.text
        if isinstance(entry, set):  # a value checked on its name and text alone: most
            if text and values and text not in entry:
                values = not value_problems(element, local_tag(tag), text)
                if values:
                    if len(entry) >= _TEXTS_KEPT:
                        entry.clear()
                    entry.add(text)
            continue
        if isinstance(entry, int):  # an identifier read for nothing else
            if text:
                ids.append((entry, text))
            continue
        name, role, attribute, number = entry
        if text and values:
            if role & _VALUE:
                key = (name, text, None if attribute is None else element.get(attribute))
                found = cache.get(key)
                if found is None:
                    found = value_problems(element, name, text)
                values = not found
            elif role & _ELEMENT:
                values = not value_problems(element, name, text)
        if number >= 0 and text:
            ids.append((number, text))
        if role & _FIGURES and figures is not None:
            figures.see(element, role, name, text)
    verdict = _verdict(values, _differ(ids, apart, cap), figures is None or figures.agree())
    return verdict, walked


def _read_apart(
    document: etree._Element, plan: _Plan, figures: _Figures | None, apart: list[list[str]]
) -> tuple[str, ...]:
    """The tag filter of the walk: in a long message, after adding to ``apart`` the texts of
    each kind of identifier read for nothing else, each by an ``iter`` of its own (then left
    out of the walk)."""
    if not plan.alone or figures is None or not figures.long():
        return plan.tags
    for _, alone in plan.alone:
        apart.append([text for element in document.iter(alone) if (text := element.text)])
    return plan.apart


def _verdict(values: bool, ids: bool, figures: bool) -> Verdict:
    """The verdict (the one clean verdict, when it is: nothing to build)."""
    return _CLEAN if values and ids and figures else Verdict(values, ids, figures)


def _differ(ids: list[tuple[int, str]], apart: list[list[str]], cap: int) -> bool:
    """Whether no identifier repeats among those of its kind (white space around it ignored;
    the placeholder ``NOTPROVIDED`` may): ``ids`` as (kind, text), ``apart`` the texts of one
    other kind each; in doubt (more than ``cap`` different ones) ``False``."""
    keys = [(kind, text.strip()) for kind, text in ids]
    distinct = set(keys)
    if len(distinct) < len(keys):  # something repeats: only the placeholder may
        others = [key for key in keys if key[1] != NOT_PROVIDED]
        if len(set(others)) < len(others):
            return False
    count = len(distinct)
    for texts in apart:
        stripped = list(map(str.strip, texts))
        different = len(set(stripped))
        # All different but the placeholder, which counts once however often it stands.
        if different < len(stripped) - max(stripped.count(NOT_PROVIDED) - 1, 0):
            return False
        count += different
    return count <= cap
