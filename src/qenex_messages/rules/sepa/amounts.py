"""SEPA amounts: euro only, bounds and decimals, counts and sums, the SCT Inst cap."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import exact_sum
from qenex_messages.iso20022.codes import COUNT_MISMATCH, SUM_MISMATCH
from qenex_messages.rootcause import RESTATES
from qenex_messages.rules.base import RulebookRule, Scope, fails, not_checkable, passes, rule, shown
from qenex_messages.rules.proofs import fast_paths, select
from qenex_messages.rules.samples import SEPA_PAIN
from qenex_messages.rules.sepa.common import SEPA, amount_elements, named, texts
from qenex_messages.rules.sepa.dates import INST_CAPS
from qenex_messages.rules.tally import LevelRead, Tally
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message, decimal, local

AMOUNTS = ("InstdAmt", "IntrBkSttlmAmt", "TtlIntrBkSttlmAmt")
"""Every element SEPA-EUR and SEPA-AMT read has one of these names."""


def _all_euro(msg: Message) -> bool:
    """Every amount of the body is in EUR, and none is given as EqvtAmt."""
    if named(msg, "EqvtAmt"):
        return False
    return all(el.get("Ccy") == "EUR" for el in named(msg, *AMOUNTS))


AMOUNT_OK = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,2})?")
"""An amount SEPA-AMT accepts, once it also has a digit other than 0 (so it is at least 0.01)."""
_NOT_ZERO = re.compile(r"[1-9]")


def amounts_in_range(amounts: Iterable[str]) -> bool:
    """Every amount text of ``amounts`` is 0.01 to 999999999.99 with at most 2 decimals."""
    return all(AMOUNT_OK.fullmatch(text.strip()) and _NOT_ZERO.search(text) for text in amounts)


def _amounts_ok(msg: Message) -> bool:
    """Every amount of the body is 0.01 to 999999999.99 with at most 2 decimals."""
    return amounts_in_range(texts(msg, *AMOUNTS))


@rule(
    "SEPA-EUR",
    "E",
    SEPA,
    "SEPA amounts are in euro (InstdAmt, IntrBkSttlmAmt, TtlIntrBkSttlmAmt).",
    sources=("S3", "S6", "S9"),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, 'Ccy="EUR">10.00', 'Ccy="USD">10.00', severity=Severity.ERROR),
    fix="Send SEPA amounts in EUR.",
    proof=_all_euro,
)
def _eur(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in amount_elements(msg):
        ccy = el.get("Ccy")
        if ccy != "EUR":
            yield r.finding(
                msg, el, f"{local(el.tag)} is in {ccy!r}; SEPA credit transfers are EUR"
            )
    if msg.kind == PAIN001:
        for tx in msg.txs:
            eq = msg.find(tx.el, "Amt/EqvtAmt")
            if eq is not None:
                yield r.finding(msg, eq, "SEPA needs the amount as InstdAmt in EUR, not EqvtAmt")


_MAX_SEPA = Decimal("999999999.99")


@rule(
    "SEPA-AMT",
    "E",
    SEPA,
    "Amounts are 0.01 to 999 999 999.99 with at most 2 decimals and 11 digits.",
    sources=("S3", "S9"),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, ">10.00<", ">10.001<", severity=Severity.ERROR),
    fix="Give the amount between 0.01 and 999999999.99 with at most 2 decimals.",
    proof=_amounts_ok,
)
def _amt(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in amount_elements(msg):
        value = decimal(el.text)
        name = local(el.tag)
        if value is None:
            yield r.finding(msg, el, f"{name} {shown(el.text or '')} is not a number")
            continue
        exponent = value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        if places > 2:
            yield r.finding(msg, el, f"{name} {el.text} has {places} decimals; SEPA allows 2")
        elif value < Decimal("0.01"):
            yield r.finding(msg, el, f"{name} {el.text} is below the SEPA minimum 0.01")
        elif value > _MAX_SEPA:
            yield r.finding(msg, el, f"{name} {el.text} is above the SEPA maximum 999999999.99")


_RESTATES_COUNT = {RESTATES: COUNT_MISMATCH.code}
_RESTATES_SUM = {RESTATES: SUM_MISMATCH.code}
"""The count and sum checks every pacs.008 and pain.001 gets (one finding with theirs)."""


def _level(
    r: RulebookRule,
    msg: Message,
    holder: Element | None,
    what: str,
    count: int,
    total: Decimal | None,
) -> Iterator[Finding]:
    """SEPA-COUNT on one level: ``count`` transactions whose amounts add up to ``total`` (None
    when some amount is not a number)."""
    if holder is None:
        return
    nb = msg.find(holder, "NbOfTxs")
    if nb is not None and (nb.text or "").strip() != str(count):
        text = f"{what} NbOfTxs is {nb.text} but it holds {count} transactions"
        yield r.finding(msg, nb, text, severity=Severity.WARNING, args=_RESTATES_COUNT)
    ctrl = msg.find(holder, "CtrlSum")
    if ctrl is None:
        return
    value = decimal(ctrl.text)
    if value is None:
        yield r.finding(msg, ctrl, f"{what} CtrlSum {shown(ctrl.text or '')} is not a number")
        return
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        yield r.finding(msg, ctrl, f"{what} CtrlSum {ctrl.text} has more than 2 decimals")
    if total is not None and total != value:
        text = f"{what} CtrlSum is {ctrl.text} but the amounts add up to {total}"
        yield r.finding(msg, ctrl, text, severity=Severity.WARNING, args=_RESTATES_SUM)


def _count_tally(r: RulebookRule, event: Tally) -> Iterator[Finding]:
    if isinstance(event, LevelRead):
        totals = event.totals
        total = None if totals.unparsed else totals.total
        yield from _level(r, event.view, event.holder, event.what, totals.count, total)


@rule(
    "SEPA-COUNT",
    "E/W",
    SEPA,
    "CtrlSum has at most 2 decimals (E); NbOfTxs and CtrlSum match the content (W).",
    sources=("S3",),
    scope=Scope.MESSAGE,
    fail=fails(
        SEPA_PAIN,
        "<CtrlSum>12.50</CtrlSum><InitgPty>",
        "<CtrlSum>12.505</CtrlSum><InitgPty>",
        severity=Severity.ERROR,
    ),
    fix="Give CtrlSum with 2 decimals; make NbOfTxs and CtrlSum match the transactions.",
    tally=_count_tally,
    proof=lambda m: counts_clean(m),
)
def _count(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for holder, what, count, total in _levels(msg):
        yield from _level(r, msg, holder, what, count, total)


def _levels(msg: Message) -> Iterator[tuple[Element | None, str, int, Decimal | None]]:
    """Each level SEPA-COUNT checks: the element holding NbOfTxs and CtrlSum, its name, how
    many transactions it holds and what their amounts add up to (None: one is not a number)."""
    blocks = [(pi, msg.findall(pi, "CdtTrfTxInf")) for pi in msg.pmtinfs]
    if msg.kind == PAIN001:
        per_block = [_amounts(msg, pi, txs) for pi, txs in blocks]
        every = [a for amounts in per_block for a in amounts]
    else:
        per_block = []
        every = _amounts(msg, msg.body, [tx.el for tx in msg.txs])
    yield msg.grp, "GrpHdr", len(every), amount_sum(every)
    for (pi, txs), amounts in zip(blocks, per_block, strict=True):
        yield pi, "PmtInf", len(txs), amount_sum(amounts)


def counts_clean(msg: Message) -> bool:
    """SEPA-COUNT's proof: on every level NbOfTxs and CtrlSum agree with the transactions."""
    for holder, _what, count, total in _levels(msg):
        if holder is None:
            continue
        nb = msg.find(holder, "NbOfTxs")
        if nb is not None and (nb.text or "").strip() != str(count):
            return False
        if not ctrl_sum_clean(msg.find(holder, "CtrlSum"), total):
            return False
    return True


def ctrl_sum_clean(ctrl: Element | None, total: Decimal | None) -> bool:
    """SEPA-COUNT would report nothing about the CtrlSum ``ctrl`` of a level whose amounts add
    up to ``total`` (None: one is not a number)."""
    if ctrl is None:
        return True
    value = decimal(ctrl.text)
    if value is None:
        return False
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return False
    return total is None or total == value


TX_AMOUNT = {PAIN001: "d:Amt[1]/d:InstdAmt[1]", PACS008: "d:IntrBkSttlmAmt[1]"}
"""The amount of a transaction SEPA-COUNT adds up, as an XPath from the transaction."""


_TX_AMOUNT_PATH = {PAIN001: "Amt/InstdAmt"}


def _amounts(msg: Message, holder: Element | None, txs: list[Element]) -> list[Decimal | None]:
    """The amount of each transaction of ``txs`` (the children of ``holder``), as read by
    ``msg.text``; in one XPath when every transaction has one."""
    path = _TX_AMOUNT_PATH.get(msg.kind or "", "IntrBkSttlmAmt")
    first = TX_AMOUNT.get(msg.kind or "", TX_AMOUNT[PACS008])
    if fast_paths() and holder is not None:
        found = select(msg, holder, "d:CdtTrfTxInf/" + first)
        if len(found) == len(txs):  # one each, in order
            return [decimal(el.text) for el in found]
    return [decimal(msg.text(tx, path)) for tx in txs]


def amount_sum(amounts: list[Decimal | None]) -> Decimal | None:
    """The sum of ``amounts``, or None when one of them is not a number."""
    if any(a is None for a in amounts):
        return None
    return exact_sum(a for a in amounts if a is not None)


def inst_cap(as_of: date) -> Decimal | None:
    """The SCT Inst per-transaction cap in force on ``as_of`` (None: no cap)."""
    cap = None
    for start, value in INST_CAPS:
        if as_of >= start:
            cap = value
    return cap


def within_cap(amounts: Iterable[str], as_of: date) -> bool:
    """No amount text of ``amounts`` is above the SCT Inst cap in force on ``as_of``."""
    cap = inst_cap(as_of)
    if cap is None:
        return True
    values = (decimal(text) for text in amounts)
    return all(value is None or value <= cap for value in values)


@rule(
    "SEPA-INST-AMT",
    "P",
    frozenset({"sepa-inst"}),
    "SCT Inst per-transaction cap by rulebook: EUR 100 000 from July 2020, none from the 2025 "
    "rulebook (5 Oct 2025).",
    sources=("S14", "S6"),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN,
        ">10.00<",
        ">150000.00<",
        as_of=date(2023, 12, 1),
        severity=Severity.ERROR,
        why="EUR 100 000 cap of the 2023 rulebook",
    ),
    ok=[
        passes(SEPA_PAIN, as_of=date(2023, 12, 1)),
        passes(SEPA_PAIN, ">10.00<", ">150000.00<", as_of=date(2026, 1, 1), why="no cap from 2025"),
    ],
    fix="Keep the amount within the SCT Inst cap of the rulebook in force.",
    proof=lambda m: within_cap(texts(m, "InstdAmt", "IntrBkSttlmAmt"), m.as_of),
)
def _inst_amt(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    cap = inst_cap(msg.as_of)
    if cap is None:
        return
    for el in amount_elements(msg):
        if local(el.tag) == "TtlIntrBkSttlmAmt":
            continue
        value = decimal(el.text)
        if value is not None and value > cap:
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {el.text} is above the SCT Inst cap of EUR {cap} that applies "
                f"on {msg.as_of.isoformat()}",
                severity=Severity.ERROR,
            )


not_checkable(
    "SEPA-COUNT",
    SEPA,
    "Count and sum checks configurable per bank",
    "Bank practice, not EPC text; reported as warnings without a per-bank switch.",
)
