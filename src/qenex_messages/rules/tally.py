"""What a stream tells a rule of the whole message: the events a ``Scope.MESSAGE`` rule counts on.

A rule of :attr:`~qenex_messages.rule_record.Scope.MESSAGE` scope (counts, sums, uniqueness,
"one transaction") cannot run on one chunk of a streamed file. Besides its check over a whole
tree it has a *tally* form, called with the events below as the stream reads the file:
:class:`LevelRead` when a group header or payment information block was read to its end,
:class:`IdRepeated` when an identifier comes again, and :class:`MessageRead` at the end. The
``view`` of an event holds the headers only (AppHdr, GrpHdr, the block's header), never the
transactions, so memory stays flat. The parity test holds both forms to the same findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeAlias

from qenex_messages.findings import Finding, Location
from qenex_messages.iso20022.totals import Totals
from qenex_messages.rule_record import Rule
from qenex_messages.rules.base import RulebookRule, shown
from qenex_messages.rules.view import Element, Message

__all__ = [
    "IdRepeated",
    "LevelRead",
    "MessageRead",
    "Tally",
    "TallyCheck",
    "one_transaction",
    "one_transaction_tally",
]


@dataclass(frozen=True, slots=True)
class LevelRead:
    """A level (``GrpHdr``, or one ``PmtInf``) was read to its end; ``totals`` are its figures."""

    view: Message
    holder: Element | None
    """The GrpHdr or PmtInf element of ``view`` (headers only)."""
    totals: Totals
    what: str
    """``GrpHdr`` or ``PmtInf``, as the findings name the level."""


@dataclass(frozen=True, slots=True)
class IdRepeated:
    """An identifier that must or should be unique came again."""

    name: str
    value: str
    first: int | None
    """The line of its first use (None when only a Bloom filter remembers it)."""
    where: Location


@dataclass(frozen=True, slots=True)
class MessageRead:
    """The whole message was read: how many transactions and payment information blocks."""

    view: Message
    transactions: int
    blocks: int
    second: Location | None
    """Where the second transaction is, when there is one."""


Tally: TypeAlias = LevelRead | IdRepeated | MessageRead
TallyCheck: TypeAlias = Callable[[Rule[Message], Tally], Iterable[Finding]]
"""The stream form of a ``Scope.MESSAGE`` rule: its findings at one event (often none)."""


def one_transaction(
    r: RulebookRule, msg: Message, transactions: int, second: Location | None, network: str
) -> Iterator[Finding]:
    """The rule of a network that settles single payments: NbOfTxs 1 and one CdtTrfTxInf
    (``transactions`` of them, the second at ``second``). ``network`` names it in the text,
    with its article (``a Fedwire``)."""
    count = msg.find(msg.grp, "NbOfTxs")
    if count is not None and (count.text or "").strip() != "1":
        name = network.split(" ", 1)[-1]
        yield r.finding(msg, count, f"NbOfTxs is {shown(count.text or '')}; {name} sends 1")
    if transactions > 1 and second is not None:
        yield r.code.finding(f"{transactions} CdtTrfTxInf; {network} message holds one", second)


def one_transaction_in(r: RulebookRule, msg: Message, network: str) -> Iterator[Finding]:
    """:func:`one_transaction` over a whole message's transactions."""
    second = msg.loc(msg.txs[1].el) if len(msg.txs) > 1 else None
    yield from one_transaction(r, msg, len(msg.txs), second, network)


def one_transaction_tally(network: str) -> TallyCheck:
    """The stream form of :func:`one_transaction`."""

    def tally(r: RulebookRule, event: Tally) -> Iterator[Finding]:
        if isinstance(event, MessageRead):
            yield from one_transaction(r, event.view, event.transactions, event.second, network)

    return tally
