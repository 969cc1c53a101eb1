"""Postal addresses: classify a ``PstlAdr`` (structured, hybrid, unstructured) and propose a
structured address from free address lines.

:func:`propose_address` is deliberately conservative: it only fills a field when a line has an
unambiguous shape (a post code pattern of a known country, a country name or code on the last line),
and otherwise says why it cannot propose anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from qenex_messages.model import PostalAddress
from qenex_messages.rules.view import Element, Message, local

STRUCTURED = frozenset(
    {
        "Dept",
        "SubDept",
        "StrtNm",
        "BldgNb",
        "BldgNm",
        "Flr",
        "PstBx",
        "Room",
        "PstCd",
        "TwnNm",
        "TwnLctnNm",
        "DstrctNm",
        "CtrySubDvsn",
    }
)
"""Structured children of a PostalAddress other than Ctry, AdrTp and AdrLine."""


@dataclass(frozen=True, slots=True)
class AddressShape:
    """What a ``PstlAdr`` element holds."""

    el: Element
    structured: dict[str, Element]
    lines: list[Element]
    country: Element | None

    @property
    def has_town_and_country(self) -> bool:
        """True when TwnNm and Ctry are both present and not blank."""
        town = self.structured.get("TwnNm")
        return bool(
            town is not None
            and (town.text or "").strip()
            and self.country is not None
            and (self.country.text or "").strip()
        )

    @property
    def kind(self) -> str:
        """``structured`` (no AdrLine), ``hybrid`` (both), ``unstructured`` (AdrLine, at most
        Ctry), ``country-only`` or ``empty``."""
        if self.lines and self.structured:
            return "hybrid"
        if self.lines:
            return "unstructured"
        if self.structured:
            return "structured"
        return "country-only" if self.country is not None else "empty"


def shape(el: Element) -> AddressShape:
    """Classify one ``PstlAdr`` element."""
    structured: dict[str, Element] = {}
    lines: list[Element] = []
    country = None
    for child in el:
        name = local(child.tag)
        if name == "AdrLine":
            lines.append(child)
        elif name == "Ctry":
            country = child
        elif name in STRUCTURED:
            structured.setdefault(name, child)
    return AddressShape(el, structured, lines, country)


def addresses(msg: Message) -> list[AddressShape]:
    """Every ``PstlAdr`` in the document body, classified (once per view: several rules ask)."""
    return msg.memo("addresses", _shapes)


def _shapes(msg: Message) -> list[AddressShape]:
    return [shape(el) for el in msg.iter("PstlAdr")]


HYBRID_LINES = 2
"""AdrLine a hybrid address may carry besides its structured elements (CBPR+ and HVPS+)."""


def hybrid_problems(a: AddressShape) -> Iterator[tuple[Element, str]]:
    """(where, what) for each way hybrid address ``a`` breaks the hybrid form: TwnNm and Ctry
    structured, at most :data:`HYBRID_LINES` AdrLine. Nothing for other kinds of address."""
    if a.kind != "hybrid":
        return
    if not a.has_town_and_country:
        yield a.el, "a hybrid address needs TwnNm and Ctry"
    if len(a.lines) > HYBRID_LINES:
        yield (
            a.lines[HYBRID_LINES],
            (f"hybrid address with {len(a.lines)} AdrLine; at most {HYBRID_LINES}"),
        )


_MODEL_STRUCTURED = (
    "department",
    "sub_department",
    "street_name",
    "building_number",
    "building_name",
    "floor",
    "post_box",
    "room",
    "post_code",
    "town_name",
    "town_location_name",
    "district_name",
    "country_sub_division",
)
"""The structured fields of the model's :class:`PostalAddress` (the ``STRUCTURED`` elements)."""


def model_kind(address: PostalAddress | None) -> str:
    """:attr:`AddressShape.kind` of a model address, ``none`` when there is no address."""
    if address is None:
        return "none"
    structured = any(getattr(address, name) for name in _MODEL_STRUCTURED)
    if address.address_lines and structured:
        return "hybrid"
    if address.address_lines:
        return "unstructured"
    if structured:
        return "structured"
    return "country-only" if address.country else "empty"


def meets_hybrid_rule(address: PostalAddress | None) -> bool:
    """True when a model address passes the hybrid-address rule (CBPR-ADDR-2025 and -2026):
    structured or hybrid, with TwnNm and Ctry, and at most two address lines. No address at all
    has nothing to fail."""
    if address is None:
        return True
    return (
        model_kind(address) in ("structured", "hybrid")
        and bool((address.town_name or "").strip() and address.country)
        and len(address.address_lines) <= HYBRID_LINES
    )


# -- propose_address ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddressProposal:
    """The answer of :func:`propose_address`: an address (or ``None``), a confidence and why."""

    address: PostalAddress | None
    confidence: float
    reason: str
    unused: tuple[str, ...] = field(default=())


# Post code + town on one line, per country (post code first or last, as the country writes it).
_POSTCODE_TOWN: dict[str, re.Pattern[str]] = {
    c: re.compile(p)
    for c, p in {
        "DE": r"(?:D-)?(?P<pc>\d{5})\s+(?P<town>\D.+)",
        "FR": r"(?:F-)?(?P<pc>\d{5})\s+(?P<town>\D.+?)(?:\s+CEDEX(?:\s+\d+)?)?",
        "ES": r"(?P<pc>\d{5})\s+(?P<town>\D.+)",
        "IT": r"(?:I-)?(?P<pc>\d{5})\s+(?P<town>\D.+?)(?:\s+\(?[A-Z]{2}\)?)?",
        "FI": r"(?P<pc>\d{5})\s+(?P<town>\D.+)",
        "NL": r"(?P<pc>\d{4}\s?[A-Z]{2})\s+(?P<town>\D.+)",
        "BE": r"(?:B-)?(?P<pc>\d{4})\s+(?P<town>\D.+)",
        "AT": r"(?:A-)?(?P<pc>\d{4})\s+(?P<town>\D.+)",
        "CH": r"(?:CH-)?(?P<pc>\d{4})\s+(?P<town>\D.+)",
        "LU": r"(?:L-)?(?P<pc>\d{4})\s+(?P<town>\D.+)",
        "DK": r"(?:DK-)?(?P<pc>\d{4})\s+(?P<town>\D.+)",
        "NO": r"(?:N-)?(?P<pc>\d{4})\s+(?P<town>\D.+)",
        "SE": r"(?:S-|SE-)?(?P<pc>\d{3}\s?\d{2})\s+(?P<town>\D.+)",
        "PL": r"(?P<pc>\d{2}-\d{3})\s+(?P<town>\D.+)",
        "PT": r"(?P<pc>\d{4}-\d{3})\s+(?P<town>\D.+)",
        "CZ": r"(?P<pc>\d{3}\s?\d{2})\s+(?P<town>\D.+)",
    }.items()
}
_UK_POSTCODE = re.compile(r"(?P<pc>(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}))")
_UK_TOWN_PC = re.compile(r"(?P<town>[A-Za-z][A-Za-z .'-]*?)[ ,]+" + _UK_POSTCODE.pattern)
_US_CITY_STATE_ZIP = re.compile(
    r"(?P<town>[A-Za-z][A-Za-z .'-]*?),?\s+(?P<state>[A-Z]{2})\s+(?P<pc>\d{5}(?:-\d{4})?)"
)
_US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Za-z]")
_HOUSE_NUMBER = re.compile(r"\d+[A-Za-z]?(?:-\d+)?")
_STREET_NUMBER_FIRST = re.compile(r"(?P<nb>\d+[A-Za-z]?)(?:,)?\s+(?P<street>[A-Za-z]\D*)")
_NUMBER_LAST_COUNTRIES = frozenset(
    {"DE", "NL", "AT", "CH", "BE", "DK", "NO", "SE", "FI", "PL", "CZ", "IT", "ES", "PT"}
)
_NUMBER_FIRST_COUNTRIES = frozenset({"GB", "US", "FR", "LU"})


@cache
def _country_names() -> dict[str, str]:
    import pycountry  # loaded on first use only

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names[value.upper()] = c.alpha_2
        names[c.alpha_3] = c.alpha_2
    names.update(
        {
            "UK": "GB",
            "GREAT BRITAIN": "GB",
            "ENGLAND": "GB",
            "SCOTLAND": "GB",
            "WALES": "GB",
            "USA": "US",
            "U.S.A.": "US",
            "UNITED STATES": "US",
            "DEUTSCHLAND": "DE",
            "GERMANY": "DE",
            "NEDERLAND": "NL",
            "THE NETHERLANDS": "NL",
            "SCHWEIZ": "CH",
            "SUISSE": "CH",
            "ÖSTERREICH": "AT",
            "BELGIQUE": "BE",
            "BELGIË": "BE",
            "ESPAÑA": "ES",
            "ITALIA": "IT",
        }
    )
    return names


def _country_of(line: str) -> str | None:
    text = line.strip().rstrip(".").upper()
    names = _country_names()
    if text in names:
        return names[text]
    if len(text) == 2 and text.isalpha() and text in set(names.values()):
        return text
    return None


def propose_address(lines: Sequence[str], *, country_hint: str | None = None) -> AddressProposal:
    """Propose a structured or hybrid postal address from unstructured address lines.

    Recognises a country (name, alpha-2 or alpha-3 code) on the last line, ``12345 Town`` style
    post code lines of common European countries, UK post codes and US ``City, ST 12345``. A street
    line with a clear house number becomes StrtNm + BldgNb; anything else unused stays as AdrLine
    (a hybrid address, at most 2 lines). When town or country cannot be found without guessing, the
    proposal is ``None`` with the reason.
    """
    hint = country_hint.upper() if country_hint else None
    try:
        return _propose([ln.strip() for ln in lines if ln and ln.strip()], hint)
    except _NoProposal as refusal:
        return AddressProposal(None, 0.0, refusal.reason, refusal.left_over)


class _NoProposal(Exception):
    """Why no address can be proposed without guessing."""

    def __init__(self, reason: str, left_over: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.left_over = left_over


def _propose(work: list[str], hint: str | None) -> AddressProposal:
    if not work:
        raise _NoProposal("no address lines were given")
    work, country, country_from_line = _split_country(work, hint)
    town_index, detected, post_code, town = _find_town(work, country)
    country = country or detected
    if country is None:
        raise _NoProposal(f"town {town!r} was found but no country; pass country_hint")
    if detected is not None and detected != country:
        raise _NoProposal(
            f"the post code line looks {detected} but the country is {country}; check the address"
        )
    street, number, remaining = _split_street(work[:town_index] + work[town_index + 1 :], country)
    if len(remaining) > 2:
        raise _NoProposal(
            f"{len(remaining)} lines would remain as AdrLine but a hybrid address allows 2; "
            "structure it by hand",
            tuple(remaining),
        )
    confidence = 0.9 if country_from_line or country == hint else 0.75
    reason_parts = [f"town and post code from {work[town_index]!r}"]
    if country_from_line:
        reason_parts.append("country from the last line")
    elif hint:
        reason_parts.append("country from the hint")
    else:
        reason_parts.append(f"country from the {country} post code format")
    if street:
        reason_parts.append("street and building number from a street line")
    if remaining:
        confidence -= 0.1
        reason_parts.append(f"{len(remaining)} line(s) kept as AdrLine (hybrid)")
    address = PostalAddress(
        country=country,
        town_name=town,
        post_code=post_code,
        street_name=street,
        building_number=number,
        address_lines=tuple(remaining),
    )
    return AddressProposal(address, round(confidence, 2), "; ".join(reason_parts))


def _split_country(work: list[str], hint: str | None) -> tuple[list[str], str | None, bool]:
    """The lines without a country line, the country (from the last line or the hint), and
    whether the last line named it."""
    last = _country_of(work[-1])
    if last is None:
        return work, hint, False
    if hint and hint != last:
        raise _NoProposal(
            f"the last line names country {last} but the hint says {hint}; check which one is right"
        )
    return work[:-1], last, True


def _find_town(work: list[str], country: str | None) -> tuple[int, str | None, str, str]:
    """(line index, country the post code format says, post code, town), searched from the
    bottom: the town line is normally the last one before the country."""
    for index in range(len(work) - 1, -1, -1):
        found = _town_line(work[index], country)
        if found is not None:
            detected, post_code, town = found
            return index, detected, post_code, town
    raise _NoProposal(
        "no line has a recognisable post code and town"
        + ("" if country else ", and no country was found or hinted")
    )


def _split_street(rest: list[str], country: str) -> tuple[str | None, str | None, list[str]]:
    """The first line that splits into street and building number, and the lines left over."""
    street = number = None
    remaining: list[str] = []
    for line in rest:
        if street is None:
            split = _street_line(line, country)
            if split is not None:
                street, number = split
                continue
        remaining.append(line)
    return street, number, remaining


def _town_line(line: str, country: str | None) -> tuple[str | None, str, str] | None:
    """(country detected from the format, post code, town) when ``line`` is a post code line."""
    candidates: list[str] = [country] if country else []
    if country in (None, "GB"):
        m = _UK_TOWN_PC.fullmatch(line.upper()) if country == "GB" or country is None else None
        if m is not None:
            start = m.start("town")
            town = line[start : start + len(m.group("town"))].strip(" ,")
            return ("GB", m.group("pc"), town)
        if country == "GB":
            return None
    if country in (None, "US"):
        m = _US_CITY_STATE_ZIP.fullmatch(line)
        if m is not None and m.group("state") in _US_STATES:
            return ("US", m.group("pc"), m.group("town").strip(" ,"))
        if country == "US":
            return None
    if country is None:
        return None  # "12345 Town" alone does not tell DE from FR, ES, IT or FI
    for c in candidates:
        pattern = _POSTCODE_TOWN.get(c)
        if pattern is None:
            continue
        m = pattern.fullmatch(line)
        if m is not None:
            return (c, m.group("pc"), m.group("town").strip(" ,"))
    return None


def _number_last(line: str) -> tuple[str, str] | None:
    """``Musterstr. 12a`` -> (street, number): a street with a letter and no digit, white space,
    then a house number ending the line. Split at the first digit, so it is one linear scan
    (the backtracking pattern it replaces took seconds on a long line without a number)."""
    digit = _DIGIT.search(line)
    if digit is None:
        return None
    street, number = line[: digit.start()], line[digit.start() :]
    name = street.rstrip()
    if name == street or not _LETTER.search(name) or not _HOUSE_NUMBER.fullmatch(number):
        return None
    return name.strip(" ,"), number


def _street_line(line: str, country: str) -> tuple[str, str] | None:
    if country in _NUMBER_LAST_COUNTRIES:
        return _number_last(line)
    if country in _NUMBER_FIRST_COUNTRIES:
        m = _STREET_NUMBER_FIRST.fullmatch(line)
        if m is not None:
            return m.group("street").strip(" ,"), m.group("nb")
    return None
