"""CBPR+ identifiers: UETR, InstrId, EndToEndId and the identifier character set."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from qenex_messages.charsets import X_CHARS
from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import check_uetr
from qenex_messages.rules.base import (
    NOT_BASIC,
    RulebookRule,
    Scope,
    fails,
    rule,
    shown,
    slash_problem,
)
from qenex_messages.rules.cbpr.common import CBPR
from qenex_messages.rules.proofs import select, transactions, within
from qenex_messages.rules.samples import CBPR_PACS
from qenex_messages.rules.view import PACS008, Element, Message, local

# Each rule first asks for a proof over the whole document that its exact body would find
# nothing (see rules/proofs.py); tests/rules/test_cbpr_fast.py holds the proofs to the bodies.

_FIRST = "{{tx}}/d:PmtId[1]/d:{name}[1]"
"""XPath: the element an exact body reads of each transaction (the first of its name in the
first PmtId)."""


def _first_texts(msg: Message, name: str, *, every: bool) -> list[str] | None:
    """The text of the first PmtId/``name`` of every transaction (one XPath in C, separate per
    name: a union of the three costs several times as much), or None when ``every``
    transaction should have one and one does not."""
    assert msg.body is not None  # the profile runs no proof without a body
    found = select(msg, msg.body, _FIRST.format(name=name))
    if every and len(found) != transactions(msg):
        return None
    return [el.text or "" for el in found]


def _uetrs_ok(msg: Message) -> bool:
    """Every transaction has PmtId/UETR, and every one is well formed."""
    found = _first_texts(msg, "UETR", every=True)
    return found is not None and not any(check_uetr(t) for t in found)


def instrid_ok(text: str) -> bool:
    """An InstrId CBPR-INSTRID finds nothing in: 1-16 characters without a slash problem."""
    return 1 <= len(text) <= _MAX_INSTRID and slash_problem(text) is None


def e2e_ok(text: str) -> bool:
    """An EndToEndId CBPR-E2E finds nothing in: at most 35 characters, not blank."""
    return len(text) <= _MAX_E2E and bool(text.strip())


_MAX_INSTRID = 16
_MAX_E2E = 35


def _instrids_ok(msg: Message) -> bool:
    """Every transaction has PmtId/InstrId, and every one is :func:`instrid_ok`."""
    found = _first_texts(msg, "InstrId", every=True)
    return found is not None and all(instrid_ok(t) for t in found)


def _e2es_ok(msg: Message) -> bool:
    """Every PmtId/EndToEndId is :func:`e2e_ok`."""
    found = _first_texts(msg, "EndToEndId", every=False)
    return found is not None and all(e2e_ok(t) for t in found)


@rule(
    "CBPR-UETR",
    "E",
    CBPR,
    "PmtId/UETR is mandatory (pacs.008) and a lower-case UUID v4.",
    sources=("S2",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "eb6305c9-1f7f-49de-aed0-16487c27b42d",
        "EB6305C9-1F7F-49DE-AED0-16487C27B42D",
        severity=Severity.ERROR,
    ),
    fix="Add PmtId/UETR as a lower-case UUID v4.",
    proof=_uetrs_ok,
)
def _uetr(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        el = msg.find(tx.el, "PmtId/UETR")
        if el is None:
            if msg.kind == PACS008:
                yield r.finding(msg, msg.find(tx.el, "PmtId"), "PmtId/UETR is mandatory in CBPR+")
            continue
        for f in check_uetr(el.text or ""):
            yield r.finding(msg, el, f.message)


@rule(
    "CBPR-INSTRID",
    "E",
    CBPR,
    "InstrId is mandatory (pacs.008), 1-16 characters, no leading/trailing '/' and no '//'.",
    sources=("S2", "S1"),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<InstrId>REF123<", "<InstrId>/REF//1<", severity=Severity.ERROR),
    fix="Give InstrId, 1-16 characters, without leading, trailing or double '/'.",
    proof=_instrids_ok,
)
def _instrid(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        el = msg.find(tx.el, "PmtId/InstrId")
        if el is None:
            if msg.kind == PACS008:
                yield r.finding(msg, msg.find(tx.el, "PmtId"), "PmtId/InstrId is mandatory")
            continue
        value = el.text or ""
        if not 1 <= len(value) <= _MAX_INSTRID:
            yield r.finding(
                msg, el, f"InstrId has {len(value)} characters; CBPR+ allows 1-16 (MT field 20)"
            )
        problem = slash_problem(value)
        if problem:
            yield r.finding(msg, el, f"InstrId {shown(value)} {problem}")


@rule(
    "CBPR-E2E",
    "E/W",
    CBPR,
    "EndToEndId is at most 35 characters (E); NOTPROVIDED rather than empty (W).",
    sources=("S2", "S1"),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<EndToEndId>NOTPROVIDED<", "<EndToEndId><", severity=Severity.WARNING),
    fix="Keep EndToEndId within 35 characters; write NOTPROVIDED when there is none.",
    proof=_e2es_ok,
)
def _e2e(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        el = msg.find(tx.el, "PmtId/EndToEndId")
        if el is None:
            continue
        value = el.text or ""
        if len(value) > _MAX_E2E:
            yield r.finding(msg, el, f"EndToEndId has {len(value)} characters; max 35")
        elif not value.strip():
            yield r.warn(msg, el, "EndToEndId is empty; write NOTPROVIDED when there is none")


ID_NAMES = ("MsgId", "InstrId", "EndToEndId", "TxId", "Prtry", "MmbId", "PmtInfId")
_X_BYTES = "".join(sorted(X_CHARS)).encode("ascii")


def _identifiers(msg: Message) -> list[Element]:
    """What CBPR-CHARSET-ID reads: the AppHdr's BizMsgIdr, then every identifier of the body
    (the walk kept by the view)."""
    els = list(msg.iter(*ID_NAMES))
    biz = msg.hfind("BizMsgIdr")
    if biz is not None:
        els.insert(0, biz)
    return els


def in_fin_x(elements: Iterable[Element]) -> bool:
    """The joined text of every element of ``elements`` without children is in FIN X: one pass
    in C instead of a search per element."""
    return texts_in_fin_x([el.text or "" for el in elements if not len(el)])


def texts_in_fin_x(texts: Iterable[str]) -> bool:
    """Every text of ``texts`` is in FIN X (one pass in C over them joined)."""
    return within("".join(texts), _X_BYTES)


def _identifier_chars_ok(msg: Message) -> bool:
    """Every identifier CBPR-CHARSET-ID reads is :func:`in_fin_x`."""
    return in_fin_x(_identifiers(msg))


@rule(
    "CBPR-CHARSET-ID",
    "E",
    CBPR,
    "Identifiers (MsgId, BizMsgIdr, InstrId, EndToEndId, TxId, Prtry, MmbId) use the FIN X set.",
    sources=("S2",),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<InstrId>REF123<", "<InstrId>ABC_1<", severity=Severity.ERROR),
    fix="Use only FIN X characters in identifiers (letters, digits, / - ? : ( ) . , ' +).",
    proof=_identifier_chars_ok,
)
def _charset_id(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in _identifiers(msg):
        if len(el):
            continue  # Prtry can be a structure (e.g. under SttlmTmIndctn)
        if NOT_BASIC.search(el.text or "") is not None:
            bad = sorted(set(NOT_BASIC.findall(el.text or "")))
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {shown(el.text or '')} has characters outside FIN X: "
                f"{''.join(bad)!r}",
            )
