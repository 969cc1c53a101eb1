"""CBPR+ message shape: UTC offsets on date-times, one transaction, settlement method, and the
one payment information block of a CBPR+ pain.001."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule, shown
from qenex_messages.rules.cbpr.agents import bics_ok
from qenex_messages.rules.cbpr.common import CBPR, agent_bic
from qenex_messages.rules.proofs import holds, text_is, transactions
from qenex_messages.rules.samples import CBPR_PACS, CBPR_PAIN
from qenex_messages.rules.tally import LevelRead, MessageRead, Tally
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message, local

_DT = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?P<tz>[+-](?:0\d|1[0-4]):[0-5]\d|Z)?"
)


_DATETIMES = ("CreDtTm", "AccptncDtTm", "DtTm", "FrDtTm", "ToDtTm", "DbtDtTm", "CdtDtTm")


def without_offset(value: str) -> re.Match[str] | None:
    """The match of ``value`` (stripped) when it is a date-time without a UTC offset (none, or
    'Z'): what CBPR-DATETIME reports; None for anything else."""
    m = _DT.fullmatch(value.strip())
    return m if m is not None and m.group("tz") in (None, "Z") else None


def _datetimes(msg: Message) -> list[Element]:
    """The AppHdr's CreDt, then every date-time of the body CBPR-DATETIME reads."""
    els = list(msg.iter(*_DATETIMES))
    cre = msg.hfind("CreDt")
    if cre is not None:
        els.insert(0, cre)
    return els


def _datetimes_ok(msg: Message) -> bool:
    """No date-time the rule reads lacks its UTC offset."""
    return not any(without_offset(el.text or "") for el in _datetimes(msg))


@rule(
    "CBPR-DATETIME",
    "E",
    CBPR,
    "Date-times end with a UTC offset +hh:mm / -hh:mm; 'Z' or no offset is rejected.",
    sources=("S2", "S16"),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "<CreDtTm>2026-03-02T10:00:00+01:00",
        "<CreDtTm>2026-03-02T10:00:00Z",
        severity=Severity.ERROR,
    ),
    fix="Write date-times with a UTC offset, e.g. 2026-03-02T09:30:00+01:00.",
    proof=_datetimes_ok,
)
def _datetime(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in _datetimes(msg):
        # a value that is no date-time at all is the XSD's to report
        m = without_offset(el.text or "")
        if m is not None:
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {m.group(0)} must end with a UTC offset like +00:00"
                + (" instead of Z" if m.group("tz") == "Z" else ""),
            )


def _one_tx_of(r: RulebookRule, msg: Message, transactions: int) -> Iterator[Finding]:
    if msg.kind != PACS008 or msg.grp is None:
        return
    nb = msg.find(msg.grp, "NbOfTxs")
    if nb is not None and (nb.text or "").strip() != "1":
        yield r.finding(msg, nb, f"NbOfTxs is {nb.text}; CBPR+ carries exactly 1 transaction")
    if transactions != 1:
        yield r.finding(msg, msg.body, f"{transactions} CdtTrfTxInf; CBPR+ carries exactly one")
    for child in msg.grp:
        name = local(child.tag)
        if name and name not in _GROUP_NAMES:
            yield r.finding(msg, child, f"GrpHdr/{name} is not allowed in CBPR+")


def _one_tx_tally(r: RulebookRule, event: Tally) -> Iterator[Finding]:
    if isinstance(event, MessageRead):
        yield from _one_tx_of(r, event.view, event.transactions)


_GROUP_NAMES = ("MsgId", "CreDtTm", "NbOfTxs", "SttlmInf")
_ALLOWED = " or ".join(f"self::d:{n}" for n in _GROUP_NAMES)
_ONE_TX = (
    "count({tx}) = 1 and d:GrpHdr[1]/d:NbOfTxs[1][not(node()[2]) and normalize-space(text()) = '1']"
    f" and not(d:GrpHdr[1]/*[not({_ALLOWED})])"
)
"""XPath: one transaction, NbOfTxs 1 as its one node, and nothing in the group header but
what CBPR-ONE-TX allows (in the document's namespace)."""


ONE_TX_ANSWER = "cbpr one transaction"
"""The view's memo key of :func:`_one_tx_ok`'s answer: the whole proof's XPath asks
:data:`_ONE_TX` beside its own questions and leaves the answer there."""


def _one_tx_ok(msg: Message) -> bool:
    return msg.memo(ONE_TX_ANSWER, _one_tx_holds)


def _one_tx_holds(msg: Message) -> bool:
    return holds(msg, _ONE_TX)


@rule(
    "CBPR-ONE-TX",
    "E",
    CBPR,
    "NbOfTxs is 1 with one CdtTrfTxInf; GrpHdr holds only MsgId, CreDtTm, NbOfTxs, SttlmInf.",
    sources=("S2",),
    scope=Scope.MESSAGE,
    fail=fails(CBPR_PACS, "<NbOfTxs>1<", "<NbOfTxs>2<", severity=Severity.ERROR),
    fix="Send one transaction per message; keep GrpHdr to MsgId, CreDtTm, NbOfTxs, SttlmInf.",
    tally=_one_tx_tally,
    proof=_one_tx_ok,
)
def _one_tx(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.kind == PACS008 and msg.grp is not None:
        yield from _one_tx_of(r, msg, transactions(msg))


SETTLEMENT_METHODS = ("INDA", "INGA", "COVE")


def _settlement_method(msg: Message) -> Element | None:
    """The group header's SttlmInf/SttlmMtd when it names a method CBPR+ does not allow."""
    el = msg.find(msg.grp, "SttlmInf/SttlmMtd")
    return el if el is not None and el.text not in SETTLEMENT_METHODS else None


def _settlement_ok(msg: Message) -> bool:
    return _settlement_method(msg) is None


@rule(
    "CBPR-STTLM",
    "E",
    CBPR,
    "SttlmMtd is INDA, INGA or COVE (no CLRG).",
    sources=("S2", "S16"),
    scope=Scope.HEADER,
    fail=fails(CBPR_PACS, "<SttlmMtd>INDA<", "<SttlmMtd>CLRG<", severity=Severity.ERROR),
    fix="Set SttlmMtd to INDA, INGA or COVE.",
    proof=_settlement_ok,
)
def _sttlm(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    el = _settlement_method(msg)
    if el is not None:
        yield r.finding(msg, el, f"SttlmMtd {el.text!r} is not allowed; use INDA, INGA or COVE")


def _pain001_counts(
    r: RulebookRule, msg: Message, blocks: int, transactions: int
) -> Iterator[Finding]:
    if blocks != 1:
        yield r.finding(msg, msg.body, f"{blocks} PmtInf; CBPR+ pain.001 carries one")
    nb = msg.find(msg.grp, "NbOfTxs")
    if nb is not None and (nb.text or "").strip() != "1":
        yield r.finding(msg, nb, f"NbOfTxs is {nb.text}; CBPR+ pain.001 carries 1")
    if transactions != 1:
        yield r.finding(msg, msg.body, f"{transactions} CdtTrfTxInf; CBPR+ pain.001 carries one")


def _pain001_block(r: RulebookRule, msg: Message, pi: Element) -> Iterator[Finding]:
    msg_id = msg.text(msg.grp, "MsgId")
    pid = msg.find(pi, "PmtInfId")
    if pid is not None and msg_id is not None and pid.text != msg_id:
        yield r.finding(msg, pid, f"PmtInfId {shown(pid.text or '')} must equal MsgId")
    dbtr_agt = msg.find(pi, "DbtrAgt")
    if not (agent_bic(msg, dbtr_agt) or "").strip():
        yield r.finding(
            msg, dbtr_agt if dbtr_agt is not None else pi, "DbtrAgt needs FinInstnId/BICFI"
        )


def _pain001_tally(r: RulebookRule, event: Tally) -> Iterator[Finding]:
    if isinstance(event, MessageRead) and event.view.kind == PAIN001:
        yield from _pain001_counts(r, event.view, event.blocks, event.transactions)
    elif isinstance(event, LevelRead) and event.what == "PmtInf" and event.holder is not None:
        yield from _pain001_block(r, event.view, event.holder)


ONE_BLOCK = (
    f"count(d:PmtInf) = 1 and count({{tx}}) = 1 and d:GrpHdr[1]/d:NbOfTxs[1][{text_is('1')}]"
    " and not(d:PmtInf[1]/d:PmtInfId[1][not(count(node()) = 1"
    " and text() = ../../d:GrpHdr[1]/d:MsgId[1][count(node()) = 1]/text())])"
    " and d:PmtInf[1]/d:DbtrAgt[1]/d:FinInstnId[1]/d:BICFI"
)
"""XPath (pain.001): one PmtInf with one transaction, NbOfTxs 1 as its one node, PmtInfId the
one text of MsgId, and a DbtrAgt BICFI (not blank when every BIC is valid)."""


def _one_block_ok(msg: Message) -> bool:
    """A pacs.008 (the rule reads pain.001 only), or :data:`ONE_BLOCK` holds and every BIC is
    valid."""
    return msg.kind != PAIN001 or (holds(msg, ONE_BLOCK) and bics_ok(msg))


@rule(
    "CBPR-PAIN001",
    "E",
    CBPR,
    "CBPR+ pain.001: one PmtInf, NbOfTxs 1, one transaction; PmtInfId and BizMsgIdr equal MsgId; "
    "DbtrAgt BICFI.",
    sources=("S2", "S1"),
    scope=Scope.MESSAGE,
    fail=fails(CBPR_PAIN, "<PmtInfId>PN01<", "<PmtInfId>PMTINF-2<", severity=Severity.ERROR),
    fix="Send one payment block with one transaction; align PmtInfId, BizMsgIdr and MsgId.",
    tally=_pain001_tally,
    proof=_one_block_ok,
)
def _pain001(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PAIN001:
        return
    yield from _pain001_counts(r, msg, len(msg.pmtinfs), len(msg.txs))
    for pi in msg.pmtinfs:
        yield from _pain001_block(r, msg, pi)
