"""Fedwire postal addresses (pacs.008 guideline, F1): PostalAddress24__1 of the debtor, the
creditor and the agents, PostalAddress24__2 of the other parties and remittance locations."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, passes, rule
from qenex_messages.rules.fedwire.common import (
    FEDWIRE,
    OTHER_AGENTS,
    PACS_GUIDELINE,
    REMITTANCE_PARTIES,
)
from qenex_messages.rules.fedwire.dates import limits_on
from qenex_messages.rules.samples import FEDWIRE_PACS
from qenex_messages.rules.view import Message

ADDRESSES = (
    "Dbtr/PstlAdr",
    "Cdtr/PstlAdr",
    *(f"{agent}/FinInstnId/PstlAdr" for agent in OTHER_AGENTS),
)
"""Where the guideline uses PostalAddress24__1."""
OTHER_ADDRESSES = (
    "UltmtDbtr/PstlAdr",
    "InitgPty/PstlAdr",
    "UltmtCdtr/PstlAdr",
    *(f"{party}/PstlAdr" for party in REMITTANCE_PARTIES),
    "RltdRmtInf/RmtLctnDtls/PstlAdr/Adr",
)
"""Where the guideline uses PostalAddress24__2."""
_ULTIMATE = "<Dbtr><Nm>Hudson Tooling Inc</Nm>"


@rule(
    "FEDWIRE-ADRLINE",
    "E",
    FEDWIRE,
    "The PstlAdr of Dbtr, Cdtr and the agents has at most 3 AdrLine of at most 35 characters "
    "(F1: PartyIdentification135__2/PstlAdr, FinancialInstitutionIdentification18__1/PstlAdr, "
    "PostalAddress24__1/AdrLine).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<AdrLine>400 Market Street</AdrLine>",
            "<AdrLine>400 Market Street</AdrLine><AdrLine>Suite 1</AdrLine><AdrLine>Floor 2"
            "</AdrLine>",
            severity=Severity.ERROR,
            why="4 lines",
        ),
        fails(
            FEDWIRE_PACS,
            "<AdrLine>400 Market Street</AdrLine>",
            "<AdrLine>400 Market Street, Suite 1200, Floor 12</AdrLine>",
            severity=Severity.ERROR,
            why="a line of 40 characters",
        ),
        fails(
            FEDWIRE_PACS,
            "<MmbId>021000021</MmbId></ClrSysMmbId></FinInstnId></DbtrAgt>",
            "<MmbId>021000021</MmbId></ClrSysMmbId><PstlAdr><AdrLine>270 Park Avenue, "
            "New York NY 10017 USA</AdrLine></PstlAdr></FinInstnId></DbtrAgt>",
            severity=Severity.ERROR,
            why="an agent's line of 43 characters",
        ),
    ],
    fix="Shorten the address to at most 3 lines of 35 characters, or give it structured.",
)
def _address_lines(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    limits = limits_on(msg.as_of)
    for tx in msg.txs:
        for address in ADDRESSES:
            for el in msg.findall(tx.el, address):
                lines = msg.findall(el, "AdrLine")
                if len(lines) > limits.address_lines:
                    yield r.finding(
                        msg,
                        lines[limits.address_lines],
                        f"{address} has {len(lines)} AdrLine; Fedwire allows "
                        f"{limits.address_lines}",
                    )
                for line in lines:
                    if len(line.text or "") > limits.address_line_length:
                        yield r.finding(
                            msg,
                            line,
                            f"{address}/AdrLine has {len(line.text or '')} characters; Fedwire "
                            f"allows {limits.address_line_length}",
                        )


@rule(
    "FEDWIRE-OTHER-ADR",
    "E",
    FEDWIRE,
    "The PstlAdr of UltmtDbtr, InitgPty, UltmtCdtr, of the parties of structured remittance and "
    "of a remittance location has TwnNm and Ctry and at most 2 AdrLine (F1: "
    "PartyIdentification135__1/PstlAdr, NameAndAddress16__1/Adr, PostalAddress24__2).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            _ULTIMATE,
            "<UltmtDbtr><Nm>Hudson Holdings</Nm><PstlAdr><AdrLine>1 Main Street</AdrLine>"
            "</PstlAdr></UltmtDbtr>" + _ULTIMATE,
            severity=Severity.ERROR,
            why="no town, no country",
        ),
        fails(
            FEDWIRE_PACS,
            _ULTIMATE,
            "<UltmtDbtr><Nm>Hudson Holdings</Nm><PstlAdr><TwnNm>New York</TwnNm><Ctry>US</Ctry>"
            + "<AdrLine>1 Main Street</AdrLine>" * 3
            + "</PstlAdr></UltmtDbtr>"
            + _ULTIMATE,
            severity=Severity.ERROR,
            why="3 lines",
        ),
        fails(
            FEDWIRE_PACS,
            "<Ustrd>Invoice 2026-0042</Ustrd>",
            "<Strd><Invcr><Nm>Hudson Holdings</Nm><PstlAdr><AdrLine>1 Main Street</AdrLine>"
            "</PstlAdr></Invcr></Strd>",
            severity=Severity.ERROR,
            why="an invoicer without town and country",
        ),
    ],
    ok=[
        passes(FEDWIRE_PACS),
        passes(
            FEDWIRE_PACS,
            _ULTIMATE,
            "<UltmtDbtr><Nm>Hudson Holdings</Nm><PstlAdr><TwnNm>New York</TwnNm><Ctry>US</Ctry>"
            "<AdrLine>1 Main Street</AdrLine></PstlAdr></UltmtDbtr>" + _ULTIMATE,
            why="town, country and a line",
        ),
    ],
    fix="Give the town (TwnNm) and country (Ctry) of the address, with at most 2 AdrLine.",
)
def _other_addresses(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    limits = limits_on(msg.as_of)
    for tx in msg.txs:
        for address in OTHER_ADDRESSES:
            for el in msg.findall(tx.el, address):
                for part in ("TwnNm", "Ctry"):
                    if msg.find(el, part) is None:
                        yield r.finding(msg, el, f"{address}/{part} is mandatory in Fedwire Funds")
                lines = msg.findall(el, "AdrLine")
                if len(lines) > limits.other_address_lines:
                    yield r.finding(
                        msg,
                        lines[limits.other_address_lines],
                        f"{address} has {len(lines)} AdrLine; Fedwire allows "
                        f"{limits.other_address_lines}",
                    )
