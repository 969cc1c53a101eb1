"""Helpers the Fedwire topic modules share: the profile set, the guideline names, and the
checks for elements the guideline removes or repeats fewer times."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from qenex_messages.findings import Finding
from qenex_messages.rules.base import FEDWIRE_PROFILES, RulebookRule
from qenex_messages.rules.view import Element, Message

FEDWIRE = FEDWIRE_PROFILES

PACS_GUIDELINE = "F1"
"""Fedwire Funds Service Release 2025, CustomerCreditTransfer_pacs.008.001.08 guideline XSD."""
BAH_GUIDELINE = "F2"
"""Fedwire Funds Service Release 2025, BusinessApplicationHeader_head.001.001.03 guideline XSD."""
ABA_CHECK = "W6"
"""The ABA routing number's 3-7-1 check digit."""


def present(*elements: Element | None) -> Element | None:
    """The first element that is there (an element with no children is falsy in lxml, so
    ``a or b`` would skip it)."""
    return next((el for el in elements if el is not None), None)


def not_used(
    r: RulebookRule, msg: Message, base: Element | None, paths: Iterable[str], where: str
) -> Iterator[Finding]:
    """A finding for each element at one of ``paths`` below ``base``: the guideline removed it."""
    for path in paths:
        for el in msg.findall(base, path):
            yield r.finding(msg, el, f"{where}/{path} is not used in Fedwire Funds; remove it")


def at_most(
    r: RulebookRule, msg: Message, base: Element | None, path: str, limit: int, where: str
) -> Iterator[Finding]:
    """A finding on the first element at ``path`` below ``base`` beyond the ``limit``-th."""
    found = msg.findall(base, path)
    if len(found) > limit:
        yield r.finding(
            msg,
            found[limit],
            f"{where}/{path} occurs {len(found)} times; Fedwire Funds allows {limit}",
        )


OTHER_AGENTS = (
    "ChrgsInf/Agt",
    "PrvsInstgAgt1",
    "PrvsInstgAgt2",
    "PrvsInstgAgt3",
    "IntrmyAgt1",
    "IntrmyAgt2",
    "IntrmyAgt3",
    "DbtrAgt",
    "CdtrAgt",
)
"""The agents other than InstgAgt/InstdAgt (F1: BranchAndFinancialInstitutionIdentification6__1
and, for CdtrAgt, __3), whose FinInstnId is FinancialInstitutionIdentification18__1."""
REMITTANCE_PARTIES = (
    "RmtInf/Strd/Invcr",
    "RmtInf/Strd/Invcee",
    "RmtInf/Strd/GrnshmtRmt/Grnshee",
    "RmtInf/Strd/GrnshmtRmt/GrnshmtAdmstr",
)
"""The parties of structured remittance information (F1: PartyIdentification135__1)."""
PARTIES = ("UltmtDbtr", "InitgPty", "Dbtr", "Cdtr", "UltmtCdtr", *REMITTANCE_PARTIES)
"""The parties of a transaction (F1: PartyIdentification135__1 and __2)."""
