"""Fedwire Funds dates: when the service took ISO 20022, and which guideline release (with the
limits that come with it) is in force on a day. A new release is one more row of
:data:`RELEASES`, not a change to the rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, passes, rule
from qenex_messages.rules.fedwire.common import FEDWIRE, PACS_GUIDELINE
from qenex_messages.rules.samples import FEDWIRE_PACS
from qenex_messages.rules.view import Message

ISO_START_SOURCE = "F3"
"""The Fedwire Funds Service's move from FAIM to ISO 20022 on 14 July 2025."""


@dataclass(frozen=True, slots=True)
class Release:
    """A Fedwire Funds Service guideline release and the limits its pacs.008 XSD (F1) sets."""

    name: str
    in_force: date
    published: date
    amount_digits: int
    """ActiveCurrencyAndAmount_Fedwire_1: totalDigits."""
    amount_fraction: int
    """ActiveCurrencyAndAmount_Fedwire_1: fractionDigits."""
    address_lines: int
    """PostalAddress24__1/AdrLine: maxOccurs (Dbtr, Cdtr, agents)."""
    address_line_length: int
    """PostalAddress24__1/AdrLine: Max35Text."""
    other_address_lines: int
    """PostalAddress24__2/AdrLine: maxOccurs (the other parties, remittance locations)."""
    instructions: int
    """CreditTransferTransaction39__1/InstrForCdtrAgt: maxOccurs."""
    service_levels: int
    """PaymentTypeInformation28__1/SvcLvl: maxOccurs."""
    other_ids: int
    """OrganisationIdentification29__1/Othr, PersonIdentification13__1/Othr: maxOccurs."""
    locations: int
    """RemittanceLocation7__1/RmtLctnDtls: maxOccurs."""
    line_description: int
    """DocumentLineInformation1__1/Desc: Max35Text."""


RELEASES: tuple[Release, ...] = (
    Release(
        "Fedwire Funds Service Release 2025",
        in_force=date(2025, 7, 14),  # the ISO 20022 implementation day (F3)
        published=date(2024, 7, 30),  # "Date of publication" in the guideline XSDs (F1, F2)
        amount_digits=14,
        amount_fraction=2,
        address_lines=3,
        address_line_length=35,
        other_address_lines=2,
        instructions=2,
        service_levels=3,
        other_ids=2,
        locations=2,
        line_description=35,
    ),
)
"""Every release, oldest first."""


def release_on(day: date) -> Release | None:
    """The release in force on ``day``; None before the service took ISO 20022."""
    current = None
    for release in RELEASES:
        if release.in_force <= day:
            current = release
    return current


def limits_on(day: date) -> Release:
    """The release whose limits apply on ``day`` (the first one before it was in force)."""
    return release_on(day) or RELEASES[0]


@rule(
    "FEDWIRE-RELEASE",
    "W",
    FEDWIRE,
    "The Fedwire Funds Service takes ISO 20022 messages from 14 July 2025 (F3; F1 Release 2025); "
    "before that day it ran the FAIM format.",
    sources=(ISO_START_SOURCE, PACS_GUIDELINE),
    scope=Scope.HEADER,
    fail=fails(
        FEDWIRE_PACS,
        "<BizSvc>TEST",
        "<BizSvc>TEST",
        as_of=date(2025, 7, 11),
        severity=Severity.WARNING,
        why="checked as of 11 July 2025",
    ),
    ok=[passes(FEDWIRE_PACS), passes(FEDWIRE_PACS, as_of=date(2025, 7, 14), why="the first day")],
    fix="Check the message as of a day the ISO 20022 Fedwire Funds Service runs (--as-of).",
)
def _release(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if release_on(msg.as_of) is None:
        first = RELEASES[0]
        yield r.finding(
            msg,
            None,
            f"on {msg.as_of.isoformat()} the Fedwire Funds Service did not take ISO 20022 "
            f"messages; {first.name} is in force from {first.in_force.isoformat()}",
        )
