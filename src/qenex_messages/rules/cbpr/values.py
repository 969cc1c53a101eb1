"""The identifier and country texts of a CBPR+ message by kind, for the proofs of the rules
that check them (BIC, IBAN, LEI, countries, addresses): one walk in C for them all."""

from __future__ import annotations

from functools import lru_cache

from qenex_messages.rules.view import Message, clark

_KINDS = {
    "BICFI": "BIC",
    "AnyBIC": "BIC",
    "IBAN": "IBAN",
    "LEI": "LEI",
    "Ctry": "country",
    "CtryOfRes": "country",
    "CtryOfBirth": "country",
    "TwnNm": "TwnNm",
}


@lru_cache(maxsize=64)  # the key is the document's namespace: bounded
def _kind_of(ns: str) -> dict[str, str]:
    return {clark(name, ns): kind for name, kind in _KINDS.items()}


def texts(msg: Message, kind: str) -> list[str]:
    """The text ('' when empty) of every element of ``kind`` in the body: ``BIC`` (BICFI,
    AnyBIC), ``IBAN``, ``LEI``, ``country`` (Ctry, CtryOfRes, CtryOfBirth) or ``TwnNm``; one
    walk for them all, the first time one is asked for."""
    return msg.memo("cbpr texts", _texts_by_kind)[kind]


def _texts_by_kind(msg: Message) -> dict[str, list[str]]:
    assert msg.body is not None
    kinds = _kind_of(msg.ns)
    found: dict[str, list[str]] = {kind: [] for kind in _KINDS.values()}
    for el in msg.body.iter(*kinds):
        found[kinds[el.tag]].append(el.text or "")
    return found
