"""Readable XPaths, the one place their text is built: for a whole tree (``xsd.PathIndex``)
and for a stream that never holds the tree (``iso20022.stream``).

A readable XPath is made of local names, ``/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/PmtId``,
with a 1-based position where siblings share the name, and always on the repeated levels
(transactions and payment blocks), so a path names the same element in a file of one
transaction and in a file of many.
"""

from __future__ import annotations

from qenex_messages._patterns import on_first_use

__all__ = ["REPEATED", "message_path", "renumber", "root", "step"]

REPEATED = frozenset({"CdtTrfTxInf", "PmtInf"})
"""Levels whose step always carries its position."""

_FIRST_BLOCK = on_first_use(r"/PmtInf\[1\]")
_TRANSACTION = on_first_use(r"/CdtTrfTxInf\[(\d+)\]")


def root(name: str) -> str:
    """The path of a top element (``/Document``, ``/AppHdr``)."""
    return "/" + name


def step(name: str, position: int = 1, *, siblings: int = 1) -> str:
    """One step: ``name``, or ``name[position]`` where ``siblings`` elements share the name or
    the name is a repeated level."""
    return f"{name}[{position}]" if siblings > 1 or name in REPEATED else name


def message_path(
    body: str, *, block: int | None = None, transaction: int | None = None, below: str = ""
) -> str:
    """``/Document/<body>``, then ``/PmtInf[block]``, ``/CdtTrfTxInf[transaction]`` and
    ``/<below>`` (steps already written, e.g. ``PmtId/EndToEndId``) where given."""
    path = f"/Document/{body}"
    if block is not None:
        path += "/" + step("PmtInf", block)
    if transaction is not None:
        path += "/" + step("CdtTrfTxInf", transaction)
    return f"{path}/{below}" if below else path


def renumber(path: str, *, transactions_before: int = 0, block: int | None = None) -> str:
    """``path``, found in a part of a message (its first block, its transactions numbered from
    1), as the path in the whole message: block 1 becomes ``block``, and each transaction moves
    on by ``transactions_before``."""
    if block is not None:
        path = _FIRST_BLOCK().sub(f"/{step('PmtInf', block)}", path, count=1)
    if transactions_before:
        path = _TRANSACTION().sub(
            lambda m: f"/{step('CdtTrfTxInf', int(m[1]) + transactions_before)}", path
        )
    return path
