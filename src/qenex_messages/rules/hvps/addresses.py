"""HVPS+ postal addresses: the hybrid form (structured TwnNm and Ctry, at most two AdrLine)."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules import address as adr
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.hvps.common import HVPS
from qenex_messages.rules.samples import HVPS_PACS
from qenex_messages.rules.view import Message


@rule(
    "HVPS-ADDR-HYBRID",
    "E",
    HVPS,
    "A hybrid address (AdrLine beside structured elements) has TwnNm and Ctry and at most 2 "
    "AdrLine.",
    sources=("W2", "W7"),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            HVPS_PACS,
            "<TwnNm>Koeln</TwnNm><Ctry>DE</Ctry><AdrLine>",
            "<PstCd>50667</PstCd><Ctry>DE</Ctry><AdrLine>",
            severity=Severity.ERROR,
            why="no TwnNm",
        ),
        fails(
            HVPS_PACS,
            "<AdrLine>Hafenstrasse 12</AdrLine>",
            "<AdrLine>Hafenstrasse 12</AdrLine><AdrLine>Tor 3</AdrLine><AdrLine>Halle 2</AdrLine>",
            severity=Severity.ERROR,
            why="3 AdrLine",
        ),
    ],
    fix="Give TwnNm and Ctry as elements and keep at most 2 AdrLine, or structure the address.",
)
def _hybrid(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for a in adr.addresses(msg):
        for where, problem in adr.hybrid_problems(a):
            yield r.finding(msg, where, problem)
