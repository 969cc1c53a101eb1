"""Fedwire debtor and creditor addresses (pacs.008 guideline, F1)."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.fedwire.common import FEDWIRE, PACS_GUIDELINE
from qenex_messages.rules.samples import FEDWIRE_PACS
from qenex_messages.rules.view import Message

PARTIES = ("Dbtr", "Cdtr")
ADDRESS_LINES = 3
ADDRESS_LINE_LENGTH = 35
"""PostalAddress24__1/AdrLine: maxOccurs 3, Max35Text."""


@rule(
    "FEDWIRE-ADRLINE",
    "E",
    FEDWIRE,
    "Dbtr and Cdtr PstlAdr have at most 3 AdrLine of at most 35 characters (F1: "
    "PartyIdentification135__2/PstlAdr, PostalAddress24__1/AdrLine).",
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
    ],
    fix="Shorten the address to at most 3 lines of 35 characters, or give it structured.",
)
def _address_lines(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        for party in PARTIES:
            lines = msg.findall(tx.el, f"{party}/PstlAdr/AdrLine")
            if len(lines) > ADDRESS_LINES:
                yield r.finding(
                    msg,
                    lines[ADDRESS_LINES],
                    f"{party} has {len(lines)} AdrLine; Fedwire allows {ADDRESS_LINES}",
                )
            for line in lines:
                if len(line.text or "") > ADDRESS_LINE_LENGTH:
                    yield r.finding(
                        msg,
                        line,
                        f"{party} AdrLine has {len(line.text or '')} characters; Fedwire allows "
                        f"{ADDRESS_LINE_LENGTH}",
                    )
