"""Helpers the SEPA topic modules share: the profile set, transaction levels, amounts, accounts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from lxml import etree

from qenex_messages.rules.base import SEPA_PROFILES
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message

SEPA = SEPA_PROFILES


def tx_levels(msg: Message) -> Iterator[tuple[Element, Element | None]]:
    """(transaction, payment-information) pairs; pmtinf is None for pacs.008."""
    for tx in msg.txs:
        yield tx.el, tx.pmtinf


def amount_elements(msg: Message) -> list[Element]:
    if msg.kind == PAIN001:
        return [a for tx in msg.txs for a in msg.findall(tx.el, "Amt/InstdAmt")]
    found = [a for tx in msg.txs for a in msg.findall(tx.el, "IntrBkSttlmAmt")]
    total = msg.find(msg.grp, "TtlIntrBkSttlmAmt")
    return ([total] if total is not None else []) + found


def elements(result: object) -> list[Element]:
    return [e for e in result if isinstance(e, etree._Element)] if isinstance(result, list) else []


def accounts(msg: Message) -> Iterator[tuple[str, Element | None, Element]]:
    """(role, account element or None, where to report) for debtor and creditor accounts."""
    if msg.kind == PAIN001:
        for pi in msg.pmtinfs:
            yield "DbtrAcct", msg.find(pi, "DbtrAcct"), pi
        for tx in msg.txs:
            yield "CdtrAcct", msg.find(tx.el, "CdtrAcct"), tx.el
    else:
        for tx in msg.txs:
            yield "DbtrAcct", msg.find(tx.el, "DbtrAcct"), tx.el
            yield "CdtrAcct", msg.find(tx.el, "CdtrAcct"), tx.el


def bic_of(msg: Message, agent: Element | None) -> Element | None:
    if agent is None:
        return None
    found = msg.find(agent, "FinInstnId/BICFI")
    return found if found is not None else msg.find(agent, "FinInstnId/BIC")


PARTY_NAMES = ("Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr", "InitgPty")


def remittances(msg: Message) -> Iterator[Element]:
    for tx in msg.txs:
        yield from msg.findall(tx.el, "RmtInf")


# -- fast paths ------------------------------------------------------------------------------
# A clean message should cost little: before its exact body, a rule asks for a proof, made from
# the whole document at once (a walk in C for a set of names, one XPath over the transactions,
# one regular expression), that the body would find nothing. Each proof is conservative: when it
# cannot show the message clean, the exact body runs and reports everything.
# tests/rules/test_sepa_fast.py holds each proof to the exact body.

_EXACT: list[bool] = [False]


@contextmanager
def exact_only() -> Iterator[None]:
    """Within this block every SEPA rule runs its exact body (no proofs); for the tests."""
    _EXACT.append(True)
    try:
        yield
    finally:
        _EXACT.pop()


def fast_paths() -> bool:
    """False inside :func:`exact_only`."""
    return not _EXACT[-1]


def proven_clean(msg: Message, key: str, proof: Callable[[Message], bool]) -> bool:
    """True when ``proof`` shows that a rule's exact body would find nothing in ``msg`` (kept
    per view under ``key``: several rules may share a proof)."""
    if _EXACT[-1] or msg.body is None:
        return False
    return msg.memo("sepa-proof:" + key, proof)


@cache
def _xpath(expr: str, kind: str | None, ns: str) -> etree.XPath:
    full = expr.format(tx=TX_PATH.get(kind or "", "d:CdtTrfTxInf"))
    if ns:
        return etree.XPath(full, namespaces={"d": ns})
    return etree.XPath(full.replace("d:", ""))


def holds(msg: Message, expr: str) -> bool:
    """The XPath boolean ``expr`` evaluated on the body (``d:`` is the document namespace,
    ``{tx}`` the transactions)."""
    assert msg.body is not None  # proven_clean runs no proof without a body
    return bool(_xpath(expr, msg.kind, msg.ns)(msg.body))


def count(msg: Message, expr: str) -> int:
    """The XPath number ``expr`` evaluated on the body, as for :func:`holds`."""
    assert msg.body is not None
    found = _xpath(expr, msg.kind, msg.ns)(msg.body)
    return int(found) if isinstance(found, float) else -1


def select(msg: Message, el: Element, expr: str) -> list[Element]:
    """The elements the XPath ``expr`` selects from ``el`` (``d:`` as for :func:`holds`)."""
    found = _xpath(expr, msg.kind, msg.ns)(el)
    return found if isinstance(found, list) else []  # type: ignore[return-value]


TX_PATH = {PAIN001: "d:PmtInf/d:CdtTrfTxInf", PACS008: "d:CdtTrfTxInf"}
"""The transactions of a message, as an XPath from the body (what :attr:`Message.txs` holds)."""


PROOF_NAMES = (
    "IBAN",
    "BICFI",
    "BIC",
    "MsgId",
    "PmtInfId",
    "InstrId",
    "EndToEndId",
    "TxId",
    "InstdAmt",
    "IntrBkSttlmAmt",
    "TtlIntrBkSttlmAmt",
    "EqvtAmt",
    "ChrgBr",
    "PmtMtd",
    "LclInstrm",
    "Ref",
    "Nm",
    "Dbtr",
    "Cdtr",
    "OrgId",
    "PrvtId",
    "Purp",
    "CtgyPurp",
    "UETR",
    "Authstn",
    "AdrLine",
)
"""The elements the proofs read, found in one walk of the body (one walk in C for all of them
costs about what one walk for a single name does)."""


@cache
def _proof_tags(ns: str) -> dict[str, str]:
    return {f"{{{ns}}}{name}" if ns else name: name for name in PROOF_NAMES}


def _by_name(msg: Message) -> dict[str, list[Element]]:
    assert msg.body is not None
    tags = _proof_tags(msg.ns)
    groups: dict[object, list[Element]] = {tag: [] for tag in tags}
    for el in msg.body.iter(*tags):
        groups[el.tag].append(el)
    return {name: groups[tag] for tag, name in tags.items()}


def named(msg: Message, *names: str) -> list[Element]:
    """Every element of the body with one of the local ``names`` (of :data:`PROOF_NAMES`), in
    document order for each name."""
    groups = msg.memo("sepa-proof-names", _by_name)
    if len(names) == 1:
        return groups[names[0]]
    return [el for name in names for el in groups[name]]


def texts(msg: Message, *names: str) -> list[str]:
    """The text of every element of the body with one of the local ``names`` ('' when empty)."""
    return [el.text or "" for el in named(msg, *names)]
