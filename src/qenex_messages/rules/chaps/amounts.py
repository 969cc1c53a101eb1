"""CHAPS amounts: CHAPS settles sterling."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule, shown
from qenex_messages.rules.chaps.mandates import CHAPS
from qenex_messages.rules.samples import CHAPS_PACS
from qenex_messages.rules.view import Message

CURRENCY = "GBP"


@rule(
    "CHAPS-CCY",
    "E",
    CHAPS,
    "IntrBkSttlmAmt is in GBP: CHAPS is a sterling same-day system.",
    sources=("B5",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CHAPS_PACS,
        '<IntrBkSttlmAmt Ccy="GBP">',
        '<IntrBkSttlmAmt Ccy="EUR">',
        severity=Severity.ERROR,
    ),
    fix="Settle CHAPS payments in GBP; send other currencies through their own systems.",
)
def _currency(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        amount = msg.find(tx.el, "IntrBkSttlmAmt")
        if amount is not None and amount.get("Ccy") != CURRENCY:
            yield r.finding(
                msg,
                amount,
                f"IntrBkSttlmAmt is in {shown(amount.get('Ccy') or '')}; CHAPS settles {CURRENCY}",
            )
