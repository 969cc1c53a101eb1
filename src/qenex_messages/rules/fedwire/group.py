"""Fedwire group header (pacs.008 guideline, F1): the IMAD message id, one transaction,
settlement through the Fedwire Funds Service."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule, shown
from qenex_messages.rules.fedwire.common import FEDWIRE, PACS_GUIDELINE, present
from qenex_messages.rules.samples import FEDWIRE_PACS
from qenex_messages.rules.tally import one_transaction_in, one_transaction_tally
from qenex_messages.rules.view import Message

IMAD = re.compile("[0-9]{8}[A-Z0-9]{8}[0-9]{6}")
"""IMAD_FedwireFunds_1: input cycle date (YYYYMMDD), input source (8), sequence number (6)."""


def imad_problem(value: str) -> str | None:
    """Why ``value`` is not an IMAD, or None."""
    if not IMAD.fullmatch(value):
        return (
            f"{shown(value)} is not an IMAD: 8 digits of date, 8 upper-case letters or digits, "
            "6 digits (22 characters)"
        )
    try:
        date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return f"the IMAD's input cycle date {value[:8]} is not a date (YYYYMMDD)"
    return None


@rule(
    "FEDWIRE-IMAD",
    "E",
    FEDWIRE,
    "GrpHdr/MsgId is an IMAD, [0-9]{8}[A-Z0-9]{8}[0-9]{6}, whose first 8 digits are a real date "
    "(F1: GroupHeader93__1/MsgId, IMAD_FedwireFunds_1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.HEADER,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<MsgId>20261126QXMSGS01",
            "<MsgId>20261126qxmsgs01",
            severity=Severity.ERROR,
            why="lower-case input source",
        ),
        fails(
            FEDWIRE_PACS,
            "<MsgId>20261126",
            "<MsgId>20261131",
            severity=Severity.ERROR,
            why="31 November",
        ),
    ],
    fix="Set GrpHdr/MsgId to the message's IMAD: cycle date YYYYMMDD, input source, sequence.",
)
def _imad(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    msg_id = msg.find(msg.grp, "MsgId")
    if msg_id is None:
        return
    problem = imad_problem(msg_id.text or "")
    if problem:
        yield r.finding(msg, msg_id, f"GrpHdr/MsgId: {problem}")


@rule(
    "FEDWIRE-ONE-TX",
    "E",
    FEDWIRE,
    "NbOfTxs is 1 and the message holds one CdtTrfTxInf (F1: GroupHeader93__1/NbOfTxs "
    "Max15NumericText_fixed; FIToFICustomerCreditTransferV08/CdtTrfTxInf occurs once).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.MESSAGE,
    fail=[
        fails(FEDWIRE_PACS, "<NbOfTxs>1<", "<NbOfTxs>2<", severity=Severity.ERROR, why="NbOfTxs 2"),
        fails(
            FEDWIRE_PACS,
            "</CdtTrfTxInf>",
            "</CdtTrfTxInf><CdtTrfTxInf/>",
            severity=Severity.ERROR,
            why="two transactions",
        ),
    ],
    fix="Send one transaction per Fedwire message, with NbOfTxs 1.",
    tally=one_transaction_tally("a Fedwire"),
)
def _one_tx(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    yield from one_transaction_in(r, msg, "a Fedwire")


@rule(
    "FEDWIRE-STTLM",
    "E",
    FEDWIRE,
    "SttlmInf/SttlmMtd is CLRG and SttlmInf/ClrSys/Cd is FDW (F1: SettlementInstruction7__1, "
    "SettlementMethod1Code__1, ExternalCashClearingSystem1Code_fixed).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.HEADER,
    fail=[
        fails(
            FEDWIRE_PACS, "<SttlmMtd>CLRG", "<SttlmMtd>INDA", severity=Severity.ERROR, why="method"
        ),
        fails(
            FEDWIRE_PACS,
            "<ClrSys><Cd>FDW</Cd></ClrSys>",
            "",
            severity=Severity.ERROR,
            why="no clearing system",
        ),
    ],
    fix="Set SttlmInf/SttlmMtd to CLRG and SttlmInf/ClrSys/Cd to FDW.",
)
def _settlement(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.grp is None:
        return
    info = msg.find(msg.grp, "SttlmInf")
    method = msg.text(info, "SttlmMtd")
    if method != "CLRG":
        yield r.finding(
            msg,
            present(msg.find(info, "SttlmMtd"), info, msg.grp),
            f"SttlmMtd is {shown(method or '')}; Fedwire settles CLRG (by the clearing system)",
        )
    system = msg.text(info, "ClrSys/Cd")
    if system != "FDW":
        yield r.finding(
            msg,
            present(msg.find(info, "ClrSys/Cd"), info, msg.grp),
            f"SttlmInf/ClrSys/Cd is {shown(system or '')}; Fedwire needs FDW"
            if system is not None
            else "SttlmInf/ClrSys/Cd FDW is mandatory",
        )
