"""Counts, sums and unique identifiers of one pain.001 or pacs.008, for a tree and for a stream.

:class:`Totals` keeps the running count and sum of one level (the group header or one payment
information block) next to what its header states (``NbOfTxs``, ``CtrlSum``,
``TtlIntrBkSttlmAmt``) and reports each mismatch once. :class:`SeenIds` remembers the identifiers
that must be unique in a message: exactly (a 64-bit BLAKE2b hash and the line) up to
``Limits.max_tracked_ids``, then in a Bloom filter of ``Limits.max_bloom_bytes`` (7 hash
functions), which still finds every repeat but may rarely report a new value as a *probable*
repeat; with the defaults (32 MiB) that stays below one in ten million up to 3 million further
identifiers. Both serve :func:`~qenex_messages.iso20022.checks.check_document` and the stream, so
each message text exists once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from lxml import etree

from qenex_messages._records import field, record
from qenex_messages.findings import Finding, Location, Severity
from qenex_messages.identifiers import exact_sum, parse_decimal
from qenex_messages.iso20022.codes import (
    COUNT_MISMATCH,
    DUPLICATE_ID,
    MIXED_CURRENCY_TOTAL,
    SUM_MISMATCH,
    TOTAL_MISMATCH,
)
from qenex_messages.iso20022.xmlsafe import first_child, line_of, local_name
from qenex_messages.iso20022.xsd import readable_path
from qenex_messages.limits import Limits

__all__ = [
    "STATED_FIGURES",
    "UNIQUE",
    "SeenIds",
    "Stated",
    "Totals",
    "duplicate_finding",
    "stated_value",
    "transaction_amount",
]

UNIQUE: dict[str, dict[str, Severity]] = {
    "pain.001": {
        "PmtInfId": Severity.ERROR,
        "InstrId": Severity.ERROR,
        "UETR": Severity.ERROR,
        "EndToEndId": Severity.WARNING,
    },
    "pacs.008": {
        "InstrId": Severity.ERROR,
        "TxId": Severity.ERROR,
        "UETR": Severity.ERROR,
        "EndToEndId": Severity.WARNING,
    },
}
"""Identifiers that must be unique in one message (error), or that should be (warning)."""
NOT_PROVIDED = "NOTPROVIDED"
"""The placeholder of an id the payer did not give (ISO 20022 convention): never a duplicate."""

_CURRENCIES_KEPT = 8
STATED_FIGURES = ("NbOfTxs", "CtrlSum", "TtlIntrBkSttlmAmt")
"""The figures a group header or payment block states about the transactions below it."""
_STATED_TAGS = tuple("{*}" + name for name in STATED_FIGURES)


def transaction_amount(tx: etree._Element, message_type: str) -> tuple[Decimal, str] | None:
    """(amount, currency) of one CdtTrfTxInf: IntrBkSttlmAmt in a pacs.008, InstdAmt (else
    EqvtAmt/Amt) in a pain.001; ``None`` when absent or not a number."""
    if message_type == "pacs.008":
        found = first_child(tx, "IntrBkSttlmAmt")
    else:
        found = first_child(tx, "Amt", "InstdAmt")
        if found is None:
            found = first_child(tx, "Amt", "EqvtAmt", "Amt")
    if found is None:
        return None
    value = parse_decimal(found.text)
    return (value, found.get("Ccy", "")) if value is not None else None


def stated_value(name: str, text: str | None) -> Decimal | int | None:
    """The figure a header's ``NbOfTxs`` (a count), ``CtrlSum`` or ``TtlIntrBkSttlmAmt``
    (an exact decimal) states in ``text``; ``None`` when it states none (then it is not
    compared)."""
    text = (text or "").strip()
    if name == "NbOfTxs":
        return int(text) if text.isascii() and text.isdigit() else None
    return parse_decimal(text)


class Stated(NamedTuple):
    """A figure a header states, and where: its line and its path (or the element, whose
    readable path is built only when the figure is reported)."""

    value: Decimal | int
    source: str | None
    line: int | None
    xpath: str | None
    element: etree._Element | None = None

    def location(self) -> Location:
        """The figure's exact location."""
        xpath = self.xpath
        if xpath is None and self.element is not None:
            xpath = readable_path(self.element)
        return Location(source=self.source, line=self.line, xpath=xpath)


@record(slots=True)
class Totals:
    """Running count and sum of one level (GrpHdr or one PmtInf), and what its header states."""

    level: str = "GrpHdr"
    count: int = 0
    total: Decimal = Decimal(0)
    currencies: set[str] = field(default_factory=set)
    unparsed: int = 0
    stated_count: Stated | None = None
    stated_sum: Stated | None = None
    stated_total: Stated | None = None

    @classmethod
    def of_header(
        cls, header: etree._Element | None, level: str, *, source: str | None, xpath: str | None
    ) -> Totals:
        """Totals stated by ``header`` (a GrpHdr or PmtInf); ``xpath`` is the header's path, or
        None to compute it from the tree when a figure is reported."""
        totals = cls(level=level)
        if header is None:
            return totals
        for child in header.iterchildren(*_STATED_TAGS):
            name = local_name(child)
            value = stated_value(name, child.text)
            if value is None:
                continue
            path = f"{xpath}/{name}" if xpath is not None else None
            stated = Stated(value, source, line_of(child), path, None if path else child)
            if name == "NbOfTxs":
                totals.stated_count = stated
            elif name == "CtrlSum":
                totals.stated_sum = stated
            else:
                totals.stated_total = stated
        return totals

    def agrees(self) -> bool:
        """Whether every stated figure matches the transactions (:meth:`findings` is empty)."""
        return (
            (self.stated_count is None or self.stated_count.value == self.count)
            and (self.stated_sum is None or self.stated_sum.value == self.total)
            and (self.stated_total is None or self.stated_total.value == self.total)
        )

    def add(self, amount: tuple[Decimal, str] | None) -> None:
        """Count one transaction with its (amount, currency), or ``None`` when it has none."""
        self.count += 1
        if amount is None:
            self.unparsed += 1
            return
        self.total = exact_sum((self.total, amount[0]))  # never rounded to 28 digits
        if len(self.currencies) < _CURRENCIES_KEPT:
            self.currencies.add(amount[1])

    def findings(self) -> list[Finding]:
        """One finding per stated figure that the transactions contradict."""
        out: list[Finding] = []
        level = self.level
        count = self.stated_count
        if count is not None and count.value != self.count:
            out.append(
                COUNT_MISMATCH.finding(
                    f"{level} NbOfTxs says {count.value} but there are {self.count} transactions",
                    count.location(),
                    args={"stated": str(count.value), "counted": str(self.count)},
                )
            )
        stated_sum = self.stated_sum
        if stated_sum is not None and stated_sum.value != self.total:
            if len(self.currencies) > 1:
                out.append(
                    MIXED_CURRENCY_TOTAL.finding(
                        f"{level} CtrlSum {stated_sum.value} adds amounts in "
                        f"{', '.join(sorted(self.currencies))}; the plain sum is {self.total}",
                        stated_sum.location(),
                    )
                )
            else:
                out.append(
                    SUM_MISMATCH.finding(
                        f"{level} CtrlSum says {stated_sum.value} but the amounts add up to "
                        f"{self.total}",
                        stated_sum.location(),
                        args={"stated": str(stated_sum.value), "computed": str(self.total)},
                    )
                )
        total = self.stated_total
        if total is not None and total.value != self.total:
            out.append(
                TOTAL_MISMATCH.finding(
                    f"TtlIntrBkSttlmAmt says {total.value} but the IntrBkSttlmAmt add up to "
                    f"{self.total}",
                    total.location(),
                )
            )
        return out


_BLOCK = 64
"""Bytes of one Bloom block: the 7 bits of an identifier lie in one block of 512."""


class SeenIds:
    """Which identifiers were seen: exact (hash -> line) up to a cap, then a Bloom filter.

    The filter is blocked by 512 bits: an identifier's 7 bits all lie in one block of 64 bytes
    (the block chosen by one half of its digest, the bits by the other), so a check reads and
    writes one block as one integer. A block of one word would be cheaper still, but
    the uneven number of identifiers per word then takes a new identifier for a seen one about
    once in 300,000 at the default size (two in a 1.2-million-transaction file); over 512 bits
    the rate stays near the unblocked filter's (about one in a billion with the default 32 MiB
    and 2 million identifiers past the cap)."""

    def __init__(self, limits: Limits) -> None:
        import hashlib  # with OpenSSL, 11 M instructions of start-up: only where ids are kept

        self._blake2b = hashlib.blake2b
        self._cap = limits.max_tracked_ids
        self._bloom_bytes = limits.max_bloom_bytes
        self._exact: dict[int, int] = {}
        self._bloom: bytearray | None = None

    def _digest(self, kind: str, value: str) -> bytes:
        return self._blake2b(f"{kind}\x00{value}".encode(), digest_size=16).digest()

    def check(self, kind: str, value: str, line: int) -> tuple[str, int | None]:
        """("new", None), ("exact", first line) or ("probable", None); remembers ``value``.
        The ``NOTPROVIDED`` placeholder is always new."""
        if value == NOT_PROVIDED:
            return "new", None
        digest = self._digest(kind, value)
        key = int.from_bytes(digest[:8], "little")
        first = self._exact.get(key)
        if first is not None:
            return "exact", first
        bloom = self._bloom
        if bloom is None:
            if len(self._exact) < self._cap:
                self._exact[key] = line
                return "new", None
            bloom = self._bloom = bytearray(max(1, self._bloom_bytes // _BLOCK) * _BLOCK)
        start = key % (len(bloom) // _BLOCK) * _BLOCK
        end = start + _BLOCK
        held = int.from_bytes(bloom[start:end], "little")
        bits = int.from_bytes(digest[8:], "little")
        mask = (
            1 << (bits & 511)
            | 1 << (bits >> 9 & 511)
            | 1 << (bits >> 18 & 511)
            | 1 << (bits >> 27 & 511)
            | 1 << (bits >> 36 & 511)
            | 1 << (bits >> 45 & 511)
            | 1 << (bits >> 54 & 511)
        )
        if held & mask == mask:
            return "probable", None
        bloom[start:end] = (held | mask).to_bytes(_BLOCK, "little")
        return "new", None


def duplicate_finding(
    name: str, value: str, state: str, first: int | None, where: Location, severity: Severity
) -> Finding:
    """The ``QX`` duplicate-identifier finding for a repeat :class:`SeenIds` reported."""
    if state == "exact":
        message = (
            f"{name} {value!r} is repeated (first at line {first}); it must be unique in the "
            "message"
        )
    else:
        message = (
            f"{name} {value!r} is probably repeated (the file holds more identifiers than "
            "max_tracked_ids, so repeats are found with a Bloom filter that can rarely "
            "report a new value as seen); it must be unique in the message"
        )
    return DUPLICATE_ID.finding(message, where, severity=severity, args={"state": state})
