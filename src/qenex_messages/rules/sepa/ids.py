"""SEPA references: identifier format and uniqueness."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.iso20022.totals import NOT_PROVIDED
from qenex_messages.rules.base import (
    BASIC_CHARS,
    NOT_BASIC,
    RulebookRule,
    Scope,
    fails,
    not_checkable,
    rule,
    shown,
    slash_problem,
)
from qenex_messages.rules.samples import SEPA_PAIN
from qenex_messages.rules.sepa.common import SEPA, named, texts
from qenex_messages.rules.tally import IdRepeated, Tally
from qenex_messages.rules.view import PAIN001, Element, Message, local

_ID_PATHS_PAIN_TX = ("PmtId/InstrId", "PmtId/EndToEndId")

_ID_PATHS_PACS_TX = ("PmtId/InstrId", "PmtId/EndToEndId", "PmtId/TxId")

_ID_OK = re.compile(rf"(?!/)(?!.*//)[{BASIC_CHARS}]{{1,35}}(?<!/)")
"""A reference SEPA-ID accepts: 1-35 basic characters, no leading, trailing or double '/'."""


def _ids_ok(msg: Message) -> bool:
    """Every reference of the body (a superset of those SEPA-ID reads) is well formed."""
    return references_well_formed(texts(msg, *REFERENCES))


REFERENCES = ("MsgId", "PmtInfId", "InstrId", "EndToEndId", "TxId")
"""Every element SEPA-ID reads has one of these names."""


def references_well_formed(refs: Iterable[str]) -> bool:
    """Every reference text of ``refs`` is 1-35 basic characters without a leading, trailing or
    double '/'."""
    return all(map(_ID_OK.fullmatch, refs))


def unrepeated(elements: Iterable[Element]) -> bool:
    """No two of ``elements`` have the same tag and text (SEPA-UNIQ's EndToEndId, PmtInfId)."""
    found = [(el.tag, el.text or "") for el in elements]
    return len(set(found)) == len(found)


def _ids_unique(msg: Message) -> bool:
    """No EndToEndId and no PmtInfId of the body repeats."""
    return unrepeated(named(msg, "EndToEndId", "PmtInfId"))


@rule(
    "SEPA-ID",
    "E",
    SEPA,
    "References are 1-35 basic-set characters, not starting or ending with '/', without '//'.",
    sources=("S9", "S3"),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, "<EndToEndId>E2E-1<", "<EndToEndId>/INV//1<", severity=Severity.ERROR),
    fix="Use 1-35 basic-set characters, without leading, trailing or double '/'.",
    proof=_ids_ok,
)
def _ids(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    els = msg.findall(msg.grp, "MsgId")
    els += [e for pi in msg.pmtinfs for e in msg.findall(pi, "PmtInfId")]
    paths = _ID_PATHS_PAIN_TX if msg.kind == PAIN001 else _ID_PATHS_PACS_TX
    els += [e for tx in msg.txs for p in paths for e in msg.findall(tx.el, p)]
    for el in els:
        value = el.text or ""
        name = local(el.tag)
        if not 1 <= len(value) <= 35:
            yield r.finding(msg, el, f"{name} must be 1 to 35 characters, not {len(value)}")
        elif NOT_BASIC.search(value):
            yield r.finding(msg, el, f"{name} {shown(value)} has characters outside the basic set")
        problem = slash_problem(value)
        if problem:
            yield r.finding(msg, el, f"{name} {shown(value)} {problem}")


def _uniq_tally(r: RulebookRule, event: Tally) -> Iterator[Finding]:
    if not isinstance(event, IdRepeated):
        return
    if event.name == "EndToEndId" and event.value != NOT_PROVIDED:
        yield r.code.finding(
            f"EndToEndId {event.value!r} is used again (first at line {event.first})",
            event.where,
            severity=Severity.WARNING,
        )
    elif event.name == "PmtInfId" and event.value:
        yield r.code.finding(
            f"PmtInfId {shown(event.value)} repeats", event.where, severity=Severity.WARNING
        )


@rule(
    "SEPA-UNIQ",
    "W",
    SEPA,
    "EndToEndId (NOTPROVIDED excepted) and PmtInfId should be unique in a message; each repeat "
    "is reported where it repeats.",
    sources=("S3",),
    scope=Scope.MESSAGE,
    fail=fails(SEPA_PAIN, "<EndToEndId>E2E-2<", "<EndToEndId>E2E-1<", severity=Severity.WARNING),
    fix="Give each transaction its own EndToEndId.",
    tally=_uniq_tally,
    proof=_ids_unique,
)
def _uniq(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    ids = [(e.text or "", e) for tx in msg.txs for e in msg.findall(tx.el, "PmtId/EndToEndId")]
    counts = Counter(v for v, _ in ids)
    seen: set[str] = set()
    for value, el in ids:
        if counts[value] > 1 and value != NOT_PROVIDED:
            if value in seen:
                yield r.warn(msg, el, f"EndToEndId {shown(value)} is used {counts[value]} times")
            seen.add(value)
    blocks: set[str] = set()
    for pi in msg.pmtinfs:
        value = msg.text(pi, "PmtInfId") or ""
        if value in blocks:
            yield r.warn(msg, msg.find(pi, "PmtInfId"), f"PmtInfId {shown(value)} repeats")
        elif value:
            blocks.add(value)


not_checkable(
    "SEPA-UNIQ",
    SEPA,
    "MsgId reused across messages",
    "Banks de-duplicate MsgId per initiating party over many files; one message cannot show "
    "reuse. Only duplicates inside the message are checked.",
)
