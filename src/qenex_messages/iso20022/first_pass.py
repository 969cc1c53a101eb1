"""The optimistic first pass of the checks beyond the XSD: one walk of a Document that tells
whether anything is wrong, building no location, path or finding.

One ``iter`` reads every element the checks read: those of each value check, the identifiers
that must not repeat, and the transactions with their amounts (lxml sets up its tag filter on
every call, which costs about what checking one transaction costs, so it is set up once). A
value is answered from the cache of the value checks, keyed on its name, text and attribute;
identifiers go into a plain set; the transactions are counted and summed per level as the walk
meets them. The answer says, for each of the three kinds of check (values, repeated
identifiers, counts and sums), whether it is certainly clean; the exact pass
(:func:`~qenex_messages.iso20022.checks.exact_findings`) runs for the others only, and both
give the same findings (``tests/iso20022/test_fast_path.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from lxml import etree

from qenex_messages.identifiers import parse_decimal
from qenex_messages.iso20022.check_record import VALUE_CACHE, VALUE_CHECKS, value_problems
from qenex_messages.iso20022.totals import NOT_PROVIDED, UNIQUE, Totals
from qenex_messages.iso20022.xmlsafe import first_child, local_tag

__all__ = ["Verdict", "first_pass"]

# What the walk does with an element, by its local name (bits, as a name can be several).
_VALUE = 1  # a value check answered by name, text (and attribute) alone
_ELEMENT = 2  # a value check that reads the element's surroundings
_ID = 4  # an identifier that must not repeat in the message
_TX = 8  # a CdtTrfTxInf
_AMOUNT = 16  # the amount of a transaction: IntrBkSttlmAmt (pacs.008), InstdAmt (pain.001)
_EQUIVALENT = 32  # pain.001: an Amt, which may be the EqvtAmt/Amt of a transaction
_FIGURES = _TX | _AMOUNT | _EQUIVALENT
_TAGS_KEPT = 1024
_TEXTS_KEPT = 4096
_Entry: TypeAlias = "set[str] | tuple[str, int, str | None]"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Which kinds of check the first pass found certainly clean."""

    values: bool
    ids: bool
    figures: bool

    @property
    def clean(self) -> bool:
        """Nothing beyond the XSD to report."""
        return self.values and self.ids and self.figures


class _Plan:
    """What the walk reads for one message type: the tag filter, and each name's roles."""

    __slots__ = ("by_tag", "roles", "tags")

    def __init__(self, message_type: str) -> None:
        roles: dict[str, tuple[int, str | None]] = {
            name: (_VALUE if record.by_value else _ELEMENT, record.attribute)
            for name, record in VALUE_CHECKS.items()
        }
        extra = dict.fromkeys(UNIQUE.get(message_type, {}), _ID)
        if message_type == "pacs.008":
            extra |= {"CdtTrfTxInf": _TX, "IntrBkSttlmAmt": _AMOUNT}
        elif message_type == "pain.001":
            extra |= {"CdtTrfTxInf": _TX, "InstdAmt": _AMOUNT, "Amt": _EQUIVALENT}
        for name, role in extra.items():
            known, attribute = roles.get(name, (0, None))
            roles[name] = (known | role, attribute)
        self.roles = roles
        self.tags = tuple("{*}" + name for name in sorted(roles))
        self.by_tag: dict[str, _Entry] = {}

    def entry(self, tag: str) -> _Entry:
        """What the walk does with an element of ``tag`` (remembered per tag, as ``iter``
        gives the namespace too): a set of the texts found clean, for a value checked on its
        name and text alone; else (local name, roles, attribute read)."""
        found = self.by_tag.get(tag)
        if found is None:
            name = local_tag(tag)
            role, attribute = self.roles.get(name, (0, None))
            found = set() if role == _VALUE and attribute is None else (name, role, attribute)
            if len(self.by_tag) >= _TAGS_KEPT:
                self.by_tag.clear()
            self.by_tag[tag] = found
        return found


_PLANS: dict[str, _Plan] = {}


def _plan(message_type: str) -> _Plan:
    plan = _PLANS.get(message_type)
    if plan is None:
        plan = _PLANS[message_type] = _Plan(message_type)
    return plan


class _Figures:
    """The counts and sums of each level (GrpHdr, each PmtInf) as the walk meets the
    transactions: what :func:`~qenex_messages.iso20022.message_checks.figures` compares,
    without the currencies and locations it reports with."""

    __slots__ = ("amount", "blocks", "equivalents", "group", "levels", "pain", "parents", "tx")

    def __init__(self, message: etree._Element, message_type: str) -> None:
        self.group = Totals.of_header(
            first_child(message, "GrpHdr"), "GrpHdr", source=None, xpath=None
        )
        self.pain = message_type == "pain.001"
        self.blocks: list[Totals] = []
        # A transaction counts where its parent is the message (pacs.008) or one of its
        # PmtInf (pain.001); lxml gives the same proxy for an element while one is held.
        self.parents: dict[etree._Element, tuple[Totals, ...]] = {}
        if self.pain:
            for block in message.iterchildren("{*}PmtInf"):
                totals = Totals.of_header(block, "", source=None, xpath=None)
                self.blocks.append(totals)
                self.parents[block] = (totals, self.group)
        else:
            self.parents[message] = (self.group,)
        self.tx: etree._Element | None = None
        self.levels: tuple[Totals, ...] = ()
        self.amount: tuple[str | None] | None = None
        self.equivalents: list[etree._Element] = []

    def see(self, element: etree._Element, role: int, text: str | None) -> None:
        """Note an element of a ``_FIGURES`` role, met in document order."""
        if role & _TX:
            levels = self.parents.get(element.getparent())  # type: ignore[arg-type]
            if levels is not None:
                self._close()
                self.tx, self.levels = element, levels
            return
        tx = self.tx
        if tx is None or self.amount is not None:
            return
        if role & _AMOUNT:
            parent = element.getparent()
            if not self.pain:
                if parent is tx:
                    self.amount = (text,)
            elif parent is not None and parent.getparent() is tx and local_tag(parent.tag) == "Amt":
                self.amount = (text,)
        if role & _EQUIVALENT:
            self.equivalents.append(element)

    def _close(self) -> None:
        """Count the transaction being read, with the first amount found for it."""
        tx = self.tx
        if tx is None:
            return
        amount = self.amount
        if amount is None and self.equivalents:
            amount = self._equivalent(tx)
        value = parse_decimal(amount[0]) if amount is not None else None
        for level in self.levels:
            level.add(None if value is None else (value, ""))
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
        """Whether every level's stated figures match its transactions."""
        self._close()
        return all(block.agrees() for block in self.blocks) and self.group.agrees()


def _figures(document: etree._Element, message_type: str) -> _Figures | None:
    if message_type not in ("pacs.008", "pain.001"):
        return None
    message = next((c for c in document if isinstance(c.tag, str)), None)
    return None if message is None else _Figures(message, message_type)


def first_pass(document: etree._Element, message_type: str, cap: int) -> Verdict:
    """Which checks beyond the XSD certainly find nothing in ``document`` (a Document of
    ``message_type``); repeated identifiers are in doubt beyond ``cap`` of them, where the
    exact table gives way to a Bloom filter."""
    plan = _plan(message_type)
    entry_of = plan.by_tag.get
    cache = VALUE_CACHE
    figures = _figures(document, message_type)
    seen: set[tuple[str, str]] = set()
    values = ids = True
    for element in document.iter(*plan.tags):
        tag: str = element.tag
        entry = entry_of(tag) or plan.entry(tag)
        text = element.text
        if isinstance(entry, set):  # a value checked on its name and text alone: most
            if text and values and text not in entry:
                values = not value_problems(element, local_tag(tag), text)
                if values:
                    if len(entry) >= _TEXTS_KEPT:
                        entry.clear()
                    entry.add(text)
            continue
        name, role, attribute = entry
        if text and values:
            if role & _VALUE:
                key = (name, text, None if attribute is None else element.get(attribute))
                found = cache.get(key)
                if found is None:
                    found = value_problems(element, name, text)
                values = not found
            elif role & _ELEMENT:
                values = not value_problems(element, name, text)
        if role & _ID and text and ids:
            key_id = (name, text.strip())
            if key_id in seen and key_id[1] != NOT_PROVIDED:
                ids = False
            seen.add(key_id)
            if len(seen) > cap:
                ids = False
        if role & _FIGURES and figures is not None:
            figures.see(element, role, text)
    return Verdict(values, ids, figures is None or figures.agree())
