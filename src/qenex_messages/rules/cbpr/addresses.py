"""CBPR+ postal addresses: hybrid and structured forms, the end of unstructured addresses,
repeated values and country codes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import check_country
from qenex_messages.rules import address as adr
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.cbpr.common import CBPR
from qenex_messages.rules.cbpr.values import texts
from qenex_messages.rules.proofs import holds_for_each, plain_addresses
from qenex_messages.rules.samples import CBPR_PACS
from qenex_messages.rules.view import Message

CBPR_UNSTRUCTURED_END: date | None = None
"""End of unstructured addresses on CBPR+: planned 14 Nov 2026, deferred by Swift on 27 Aug 2026
with a new date due by Dec 2026. Until set, CBPR-ADDR-2026 is a warning."""

# Each rule first asks for a proof over every PstlAdr at once (an XPath in C, the texts of
# rules/cbpr/values.py) that its exact body would find nothing (see rules/proofs.py);
# tests/rules/test_cbpr_fast.py holds the proofs to the bodies. An address's shape reads its
# children by local name (rules/address.py), the XPaths by name in the document's namespace:
# a child in another namespace fails every proof.


def _addresses_hold(msg: Message, expr: str) -> bool:
    """The XPath ``expr`` holds of every address (``$n``), and no child of one is in another
    namespace."""
    return plain_addresses(msg) and holds_for_each(msg, expr, list(msg.iter("PstlAdr")))


_STRUCTURED = "not($n[not(d:TwnNm and d:Ctry) or d:AdrLine[3]])"
"""XPath: every address has TwnNm and Ctry and at most two AdrLine."""


def _structured_ok(msg: Message) -> bool:
    """Every address gives TwnNm and Ctry and at most two AdrLine, every TwnNm of the body is
    filled and every country code real (so not blank): each address is structured, or a hybrid
    within the rule."""
    return msg.memo("cbpr structured addresses", _structured)


def _structured(msg: Message) -> bool:
    return (
        _countries_ok(msg)
        and all(text.strip() for text in texts(msg, "TwnNm"))
        and _addresses_hold(msg, _STRUCTURED)
    )


def _towns_ok(msg: Message) -> bool:
    """Every address has a TwnNm: structured or hybrid, not a kind the rule warns of."""
    return _structured_ok(msg) or _addresses_hold(msg, "not($n[not(d:TwnNm)])")


def _without_lines(msg: Message) -> bool:
    """No address has an AdrLine: no line can repeat a structured value."""
    return _addresses_hold(msg, "not($n/d:AdrLine)")


@rule(
    "CBPR-ADDR-2025",
    "E",
    CBPR,
    "Hybrid and structured addresses need TwnNm and Ctry, at most 2 AdrLine when hybrid; "
    "AdrLine-only addresses keep each line within 35.",
    sources=("S1", "W2"),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "<TwnNm>London</TwnNm><Ctry>GB</Ctry><AdrLine>1 High Street</AdrLine>",
        "<PstCd>EC1A 1BB</PstCd><AdrLine>1 High Street</AdrLine>",
        severity=Severity.ERROR,
    ),
    fix="Give TwnNm and Ctry in structured or hybrid addresses, at most 2 AdrLine.",
    proof=_structured_ok,
)
def _addr2025(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for a in adr.addresses(msg):
        for where, problem in adr.hybrid_problems(a):
            yield r.finding(msg, where, problem)
        if a.kind == "structured":
            if not a.has_town_and_country:
                yield r.finding(msg, a.el, "a structured address needs TwnNm and Ctry")
        elif a.kind == "unstructured":
            for line in a.lines:
                if len(line.text or "") > 35:
                    yield r.finding(
                        msg, line, "AdrLine of an unstructured address is limited to 35"
                    )


@rule(
    "CBPR-ADDR-2026",
    "P",
    CBPR,
    "Every postal address needs TwnNm and Ctry once unstructured addresses end (date pending).",
    sources=("W1", "W2", "S4", "S11"),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "<TwnNm>London</TwnNm><Ctry>GB</Ctry><AdrLine>1 High Street</AdrLine>",
        "<AdrLine>1 High Street</AdrLine><AdrLine>London</AdrLine>",
        severity=Severity.WARNING,
    ),
    note="Planned 14 Nov 2026, deferred 27 Aug 2026; E from CBPR_UNSTRUCTURED_END once set.",
    fix="Add TwnNm and Ctry to every postal address.",
    proof=_towns_ok,
)
def _addr2026(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    end = CBPR_UNSTRUCTURED_END
    due = end is not None and msg.as_of >= end
    when = f"since {end.isoformat()}" if end else "from a date Swift has not yet set"
    for a in adr.addresses(msg):
        if a.kind in ("unstructured", "country-only", "empty"):
            yield r.finding(
                msg,
                a.el,
                f"address without TwnNm and Ctry is rejected {when}; "
                "see qenex_messages.rules.propose_address",
                severity=Severity.ERROR if due else Severity.WARNING,
            )


@rule(
    "CBPR-ADDR-DUP",
    "W",
    CBPR,
    "A structured value is not repeated in AdrLine (R20).",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "<AdrLine>1 High Street</AdrLine>",
        "<AdrLine>1 High Street London</AdrLine>",
        severity=Severity.WARNING,
    ),
    fix="Remove from AdrLine what a structured element already holds.",
    proof=_without_lines,
)
def _addr_dup(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for a in adr.addresses(msg):
        if not a.lines or not a.structured:
            continue
        values = {
            n: (e.text or "").strip().upper()
            for n, e in a.structured.items()
            if len((e.text or "").strip()) >= 3
        }
        for line in a.lines:
            text = (line.text or "").upper()
            for n, v in values.items():
                if re.search(rf"(?<![A-Z0-9]){re.escape(v)}(?![A-Z0-9])", text):
                    yield r.warn(msg, line, f"AdrLine repeats the {n} value {v!r}")


_COUNTRY_NAMES = ("Ctry", "CtryOfRes", "CtryOfBirth")


def _countries_ok(msg: Message) -> bool:
    """Every country code of the body is a real one (each distinct text checked once)."""
    return msg.memo("cbpr countries valid", _countries_valid)


def _countries_valid(msg: Message) -> bool:
    return not any(check_country(text) for text in set(texts(msg, "country")))


@rule(
    "CBPR-CTRY",
    "E",
    CBPR,
    "Country codes are real ISO 3166-1 alpha-2 codes.",
    sources=("S4",),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<Ctry>FR</Ctry>", "<Ctry>XX</Ctry>", severity=Severity.ERROR),
    fix="Use a real ISO 3166-1 alpha-2 country code.",
    proof=_countries_ok,
)
def _ctry(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter(*_COUNTRY_NAMES):
        for f in check_country(el.text or ""):
            yield r.finding(msg, el, f.message)
