"""SEPA postal addresses: line counts, mixed forms, and the end of unstructured addresses."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules import address as adr
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.proofs import holds
from qenex_messages.rules.samples import SEPA_03_DATE, SEPA_PAIN, SEPA_PAIN_03
from qenex_messages.rules.sepa import dates
from qenex_messages.rules.sepa.common import SEPA
from qenex_messages.rules.sepa.dates import EPC_2025_RULEBOOK
from qenex_messages.rules.view import Message, version_number

_ANY_ADRLINE = "{*}AdrLine"
"""An AdrLine in any namespace or none: an address's shape reads its children by local name."""


def _no_address_line(msg: Message) -> bool:
    """No AdrLine anywhere in the body (one walk in C up to the first)."""
    assert msg.body is not None
    return next(msg.body.iter(_ANY_ADRLINE), None) is None


@rule(
    "SEPA-ADRLINE",
    "E",
    SEPA,
    ".03/.02: Ctry and at most 2 AdrLine. .09/.08: structured or AdrLine, not mixed; from the "
    "2025 rulebooks hybrid (TwnNm + Ctry + at most 2 AdrLine) is allowed.",
    sources=("S9", "S15", "I5", "W2"),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN_03,
        "<AdrLine>10115 Berlin</AdrLine>",
        "<AdrLine>10115 Berlin</AdrLine><AdrLine>Germany</AdrLine>",
        as_of=SEPA_03_DATE,
        severity=Severity.ERROR,
    ),
    fix="Use structured elements, or Ctry with at most 2 AdrLine (hybrid: TwnNm + Ctry too).",
    # without AdrLine, a .09/.08 address is neither long, hybrid nor over 2 lines
    proof=lambda m: version_number(m.version) not in (2, 3) and _no_address_line(m),
)
def _adrline(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    old = version_number(msg.version) in (2, 3)
    for a in adr.addresses(msg):
        if len(a.lines) > 2:
            yield r.finding(msg, a.lines[2], f"{len(a.lines)} AdrLine; SEPA allows at most 2")
        for line in a.lines:
            if len(line.text or "") > 70:
                yield r.finding(msg, line, "AdrLine is longer than 70 characters")
        if old:
            for name, el in a.structured.items():
                yield r.finding(
                    msg, el, f"{name} is not allowed in a SEPA .03/.02 address (only Ctry, AdrLine)"
                )
        elif a.kind == "hybrid":
            if msg.as_of < EPC_2025_RULEBOOK:
                yield r.finding(
                    msg, a.el, "PstlAdr mixes structured elements and AdrLine (before Oct 2025)"
                )
            elif not a.has_town_and_country:
                yield r.finding(
                    msg,
                    a.el,
                    "a hybrid address (structured elements with AdrLine) needs TwnNm and Ctry",
                )


UNSTRUCTURED = "boolean(descendant::d:PstlAdr[not({})])".format(
    " or ".join(f"d:{name}" for name in dict.fromkeys(("TwnNm", *sorted(adr.STRUCTURED))))
)
"""A postal address without any structured element (one walk in C for all of them)."""


@rule(
    "SEPA-ADDR-2026",
    "P",
    SEPA,
    "Fully unstructured addresses (no TwnNm + Ctry) end; W until the EPC sets the new date.",
    sources=("S3", "S11", "S12", "W2"),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN,
        "<TwnNm>Berlin</TwnNm><Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine>",
        "<Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine><AdrLine>10115 Berlin</AdrLine>",
        severity=Severity.WARNING,
    ),
    note="Date withdrawn 9 Sep 2026 (was 15 Nov 2026); E from SEPA_UNSTRUCTURED_END once set.",
    fix="Add TwnNm and Ctry to the address.",
    # the .03/.02 formats have no structured address to move to
    proof=lambda m: version_number(m.version) in (2, 3) or not holds(m, UNSTRUCTURED),
)
def _addr2026(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if version_number(msg.version) in (2, 3):
        return  # the .03/.02 formats have no structured address to move to
    end = dates.SEPA_UNSTRUCTURED_END
    due = end is not None and msg.as_of >= end
    when = f"since {end.isoformat()}" if end else "from a date the EPC has not yet set"
    for a in adr.addresses(msg):
        if a.kind in ("structured", "hybrid") and a.has_town_and_country:
            continue
        if a.kind in ("structured", "hybrid"):
            continue  # SEPA-ADRLINE reports structured addresses without TwnNm/Ctry
        yield r.finding(
            msg,
            a.el,
            f"address without TwnNm and Ctry (fully unstructured) is rejected {when}; "
            "see qenex_messages.rules.propose_address",
            severity=Severity.ERROR if due else Severity.WARNING,
        )
