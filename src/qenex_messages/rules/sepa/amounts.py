"""SEPA amounts: euro only, bounds and decimals, counts and sums, the SCT Inst cap."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, not_checkable, passes, rule, shown
from qenex_messages.rules.samples import SEPA_PAIN
from qenex_messages.rules.sepa.common import SEPA, amount_elements
from qenex_messages.rules.sepa.dates import INST_CAPS
from qenex_messages.rules.tally import LevelRead, Tally
from qenex_messages.rules.view import PAIN001, Element, Message, decimal, local


@rule(
    "SEPA-EUR",
    "E",
    SEPA,
    "SEPA amounts are in euro (InstdAmt, IntrBkSttlmAmt, TtlIntrBkSttlmAmt).",
    sources=("S3", "S6", "S9"),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, 'Ccy="EUR">10.00', 'Ccy="USD">10.00', severity=Severity.ERROR),
    fix="Send SEPA amounts in EUR.",
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
        yield r.warn(msg, nb, f"{what} NbOfTxs is {nb.text} but it holds {count} transactions")
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
        yield r.warn(msg, ctrl, f"{what} CtrlSum is {ctrl.text} but the amounts add up to {total}")


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
)
def _count(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    path = "Amt/InstdAmt" if msg.kind == PAIN001 else "IntrBkSttlmAmt"

    def level(holder: Element | None, txs: list[Element], what: str) -> Iterator[Finding]:
        amounts = [decimal(msg.text(tx, path)) for tx in txs]
        total = None
        if all(a is not None for a in amounts):
            total = sum((a for a in amounts if a is not None), Decimal(0))
        yield from _level(r, msg, holder, what, len(txs), total)

    yield from level(msg.grp, [tx.el for tx in msg.txs], "GrpHdr")
    for pi in msg.pmtinfs:
        yield from level(pi, msg.findall(pi, "CdtTrfTxInf"), "PmtInf")


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
)
def _inst_amt(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    cap = None
    for start, value in INST_CAPS:
        if msg.as_of >= start:
            cap = value
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
