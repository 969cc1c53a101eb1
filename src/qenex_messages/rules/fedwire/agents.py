"""Fedwire instructing and instructed agents (pacs.008 guideline, F1): identified only by their
ABA routing number, whose check digit is right."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import aba_problem
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule, shown
from qenex_messages.rules.fedwire.common import ABA_CHECK, FEDWIRE, PACS_GUIDELINE, present
from qenex_messages.rules.samples import FEDWIRE_PACS
from qenex_messages.rules.view import Element, Message, local

AGENTS = ("InstgAgt", "InstdAgt")
_INSTRUCTING = (
    "<InstgAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId>"
    "<MmbId>021000021</MmbId></ClrSysMmbId></FinInstnId></InstgAgt>"
)


@rule(
    "FEDWIRE-AGENT-ID",
    "E",
    FEDWIRE,
    "InstgAgt and InstdAgt are identified by FinInstnId/ClrSysMmbId only, with ClrSysId/Cd USABA "
    "and a 9-digit MmbId (F1: BranchAndFinancialInstitutionIdentification6__2, "
    "FinancialInstitutionIdentification18__2, ClearingSystemMemberIdentification2__2, "
    "RoutingNumber_FRS_1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            _INSTRUCTING,
            "<InstgAgt><FinInstnId><BICFI>CHASUS33XXX</BICFI></FinInstnId></InstgAgt>",
            severity=Severity.ERROR,
            why="a BIC",
        ),
        fails(
            FEDWIRE_PACS,
            "<Cd>USABA</Cd></ClrSysId><MmbId>121000248",
            "<Cd>USPID</Cd></ClrSysId><MmbId>121000248",
            severity=Severity.ERROR,
            why="CHIPS participant id",
        ),
        fails(
            FEDWIRE_PACS,
            "<MmbId>021000021</MmbId></ClrSysMmbId></FinInstnId></InstgAgt>",
            "<MmbId>21000021</MmbId></ClrSysMmbId></FinInstnId></InstgAgt>",
            severity=Severity.ERROR,
            why="8 digits",
        ),
    ],
    fix="Identify InstgAgt and InstdAgt by ClrSysMmbId with ClrSysId/Cd USABA and the ABA number.",
)
def _agent_id(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        for name in AGENTS:
            agent = msg.find(tx.el, name)
            if agent is None:
                continue
            yield from _agent_problems(r, msg, name, agent)


def _agent_problems(r: RulebookRule, msg: Message, name: str, agent: Element) -> Iterator[Finding]:
    fin = msg.find(agent, "FinInstnId")
    names = [] if fin is None else [local(c.tag) for c in fin if local(c.tag)]
    if names != ["ClrSysMmbId"]:
        yield r.finding(
            msg,
            present(fin, agent),
            f"{name} must be identified by FinInstnId/ClrSysMmbId only, not {names or 'nothing'}",
        )
        return
    system = msg.text(fin, "ClrSysMmbId/ClrSysId/Cd")
    if system != "USABA":
        yield r.finding(
            msg,
            present(msg.find(fin, "ClrSysMmbId/ClrSysId/Cd"), fin),
            f"{name} ClrSysId/Cd is {shown(system or '')}; Fedwire agents are USABA",
        )
    member = msg.find(fin, "ClrSysMmbId/MmbId")
    text = "" if member is None else member.text or ""
    if len(text) != 9 or not text.isascii() or not text.isdigit():
        yield r.finding(
            msg, present(member, fin), f"{name} MmbId {shown(text)} must be 9 digits (ABA number)"
        )


@rule(
    "FEDWIRE-ABA",
    "E",
    FEDWIRE,
    "The ABA routing number of InstgAgt and InstdAgt has a right 3-7-1 check digit (W6; F1 "
    "gives the 9 digits: RoutingNumber_FRS_1).",
    sources=(ABA_CHECK, PACS_GUIDELINE),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS,
        "<MmbId>121000248</MmbId></ClrSysMmbId></FinInstnId></InstdAgt>",
        "<MmbId>121000249</MmbId></ClrSysMmbId></FinInstnId></InstdAgt>",
        severity=Severity.ERROR,
    ),
    fix="Copy the routing number again; its last digit is a check digit of the first eight.",
)
def _aba(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        for name in AGENTS:
            member = msg.find(tx.el, f"{name}/FinInstnId/ClrSysMmbId/MmbId")
            text = "" if member is None else member.text or ""
            if len(text) != 9 or not text.isdigit():
                continue  # FEDWIRE-AGENT-ID reports the shape
            problem = aba_problem(text)
            if problem:
                yield r.finding(msg, member, f"{name}: {problem}")
