"""HVPS+ group header: one transaction per message, settled through the clearing system."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule, shown
from qenex_messages.rules.hvps.common import HVPS
from qenex_messages.rules.samples import HVPS_PACS
from qenex_messages.rules.tally import one_transaction_in, one_transaction_tally
from qenex_messages.rules.view import Message

SETTLEMENT_METHOD = "CLRG"


@rule(
    "HVPS-ONE-TX",
    "E",
    HVPS,
    "NbOfTxs is 1 and the message holds one CdtTrfTxInf: a market infrastructure settles "
    "single payments.",
    sources=("H2", "H3"),
    scope=Scope.MESSAGE,
    fail=[
        fails(HVPS_PACS, "<NbOfTxs>1<", "<NbOfTxs>2<", severity=Severity.ERROR, why="NbOfTxs 2"),
        fails(
            HVPS_PACS,
            "</CdtTrfTxInf>",
            "</CdtTrfTxInf><CdtTrfTxInf/>",
            severity=Severity.ERROR,
            why="two transactions",
        ),
    ],
    fix="Send one transaction per message, with NbOfTxs 1.",
    tally=one_transaction_tally("an HVPS+"),
)
def _one_tx(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    yield from one_transaction_in(r, msg, "an HVPS+")


@rule(
    "HVPS-STTLM",
    "E",
    HVPS,
    "SttlmInf/SttlmMtd is CLRG: the payment settles in the market infrastructure, through its "
    "clearing system (INDA, INGA and COVE are settlement between correspondents).",
    sources=("H4", "H1"),
    scope=Scope.HEADER,
    fail=fails(HVPS_PACS, "<SttlmMtd>CLRG", "<SttlmMtd>INDA", severity=Severity.ERROR),
    note="The HVPS+ guideline is not public; CLRG is what ISO defines for settlement through "
    "a clearing system.",
    fix="Set SttlmInf/SttlmMtd to CLRG.",
)
def _settlement(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.grp is None:
        return
    method = msg.find(msg.grp, "SttlmInf/SttlmMtd")
    if method is not None and method.text != SETTLEMENT_METHOD:
        yield r.finding(
            msg,
            method,
            f"SttlmMtd is {shown(method.text or '')}; a payment through a market "
            f"infrastructure settles {SETTLEMENT_METHOD}",
        )
