"""Helpers the SEPA topic modules share: the profile set, transaction levels, amounts, accounts."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from lxml import etree

from qenex_messages.rules.base import SEPA_PROFILES
from qenex_messages.rules.view import PAIN001, Element, Message, clark

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


@lru_cache(maxsize=64)  # the key is the document's namespace: bounded
def _proof_tags(ns: str) -> dict[str, str]:
    return {clark(name, ns): name for name in PROOF_NAMES}


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
