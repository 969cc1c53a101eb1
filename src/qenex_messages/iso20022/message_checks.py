"""Checks beyond the XSD over a whole message: the counts and sums its headers state, and the
identifiers that must not repeat. A stream keeps the same figures as it reads
(:mod:`~qenex_messages.iso20022.totals`), so each record's tally form reads those."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from qenex_messages.findings import Finding, Severity
from qenex_messages.iso20022.check_record import PAIN, Tree, ex, message_check
from qenex_messages.iso20022.codes import (
    COUNT_MISMATCH,
    DUPLICATE_ID,
    MIXED_CURRENCY_TOTAL,
    SUM_MISMATCH,
    TOTAL_MISMATCH,
)
from qenex_messages.iso20022.totals import (
    UNIQUE,
    SeenIds,
    Totals,
    duplicate_finding,
    transaction_amount,
)
from qenex_messages.iso20022.xmlsafe import first_child, line_of, local_name
from qenex_messages.iso20022.xsd import path_scope, readable_path
from qenex_messages.rule_record import Rule

__all__ = ["figures", "repeated_ids"]


def _figures_tally(_rule: Rule[Tree], totals: Any) -> Sequence[Finding]:
    """A stream's running :class:`Totals` of one level, read to its end."""
    return totals.findings() if isinstance(totals, Totals) else ()


@message_check(
    "ISO-TOTALS",
    (COUNT_MISMATCH, SUM_MISMATCH, TOTAL_MISMATCH, MIXED_CURRENCY_TOTAL),
    "NbOfTxs, CtrlSum and TtlIntrBkSttlmAmt of the group header and of each payment block "
    "agree with the transactions below them (summed exactly, never rounded).",
    fail=(
        ex(("<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>3</NbOfTxs>"), why="three said, two there"),
        ex(('Ccy="EUR">1500.25<', 'Ccy="EUR">1500.20<'), why="the total is 5 cents short"),
        ex(("<CtrlSum>12.50</CtrlSum>", "<CtrlSum>12.51</CtrlSum>"), base=PAIN, why="a cent"),
    ),
    ok=(ex(why="the sample as it is"), ex(base=PAIN, why="the sample as it is")),
    tally=_figures_tally,
    sources=("X9",),
)
def figures(tree: Tree) -> list[Finding]:
    """NbOfTxs, CtrlSum and TtlIntrBkSttlmAmt of each level against its transactions."""
    with path_scope():
        return _figures(tree.document, tree.message_type, tree.source)


def _figures(document: etree._Element, message_type: str, source: str | None) -> list[Finding]:
    """The findings of every level whose figures disagree."""
    message = next((c for c in document if isinstance(c.tag, str)), None)
    if message is None or message_type not in ("pacs.008", "pain.001"):
        return []
    group = Totals.of_header(first_child(message, "GrpHdr"), "GrpHdr", source=source, xpath=None)
    findings: list[Finding] = []
    if message_type == "pacs.008":
        for tx in message.iterchildren("{*}CdtTrfTxInf"):
            group.add(transaction_amount(tx, message_type))
    else:
        for block in message.iterchildren("{*}PmtInf"):
            totals = Totals.of_header(block, "", source=source, xpath=None)
            for tx in block.iterchildren("{*}CdtTrfTxInf"):
                amount = transaction_amount(tx, message_type)
                totals.add(amount)
                group.add(amount)
            if not totals.agrees():
                totals.level = readable_path(block).rpartition("/")[2]
                findings.extend(totals.findings())
    findings.extend(group.findings())
    return findings


def _repeat_tally(_rule: Rule[Tree], repeat: Any) -> Sequence[Finding]:
    """A stream's repeated identifier, already a finding."""
    return (repeat,) if isinstance(repeat, Finding) else ()


_ID_TAGS = tuple("{*}" + name for name in sorted({n for u in UNIQUE.values() for n in u}))


def _in_place(element: etree._Element, name: str) -> bool:
    """Whether identifier ``element`` is at its place: a PmtInfId of a payment block, or a
    child of a transaction's first PmtId (as the streamed reading takes them). One anywhere
    else, in an ``Envlp`` of ``SplmtryData`` say, is not an identifier of this message."""
    parent = element.getparent()
    if parent is None:
        return False
    if name == "PmtInfId":
        return local_name(parent) == "PmtInf" and _in_body(parent)
    transaction = parent.getparent()
    return (
        local_name(parent) == "PmtId"
        and transaction is not None
        and local_name(transaction) == "CdtTrfTxInf"
        and first_child(transaction, "PmtId") is parent
        and (_in_body(transaction) or _in_body(transaction.getparent()))
    )


def _in_body(element: etree._Element | None) -> bool:
    """Whether ``element``'s parent is the message body (a child of the Document)."""
    body = None if element is None else element.getparent()
    document = None if body is None else body.getparent()
    return document is not None and local_name(document) == "Document"


@message_check(
    "ISO-UNIQUE-ID",
    (DUPLICATE_ID,),
    "PmtInfId, InstrId, TxId and UETR are unique in a message (an error) and EndToEndId "
    "should be (a warning); NOTPROVIDED is never a repeat.",
    fail=(
        ex(("<InstrId>INSTR-2<", "<InstrId>INSTR-1<"), why="InstrId repeated"),
        ex(("<EndToEndId>E2E-2<", "<EndToEndId>E2E-1<"), why="EndToEndId repeated"),
    ),
    ok=(
        ex(why="the sample as it is"),
        ex(
            ("<EndToEndId>E2E-1<", "<EndToEndId>NOTPROVIDED<"),
            ("<EndToEndId>E2E-2<", "<EndToEndId>NOTPROVIDED<"),
            why="the placeholder twice",
        ),
    ),
    tally=_repeat_tally,
    sources=("X9",),
    severity="E/W",
)
def repeated_ids(tree: Tree) -> list[Finding]:
    """One finding per identifier that repeats one seen before in the message."""
    wanted = UNIQUE.get(tree.message_type, {})
    seen = SeenIds(tree.resolved_limits)
    findings: list[Finding] = []
    with path_scope():
        for element in tree.document.iter(*_ID_TAGS):
            name = etree.QName(element).localname
            severity: Severity | None = wanted.get(name)
            text = element.text
            if severity is None or not text or not _in_place(element, name):
                continue
            key = text.strip()
            state, first = seen.check(name, key, line_of(element) or 0)
            if state != "new":
                where = tree.loc(element)
                findings.append(duplicate_finding(name, key, state, first, where, severity))
    return findings
