"""Loaders for the package's data tables, each read once per process."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from functools import cache
from typing import NamedTuple, Protocol, cast


class CurrencyInfo(NamedTuple):
    """One ISO 4217 code: numeric code, minor units (``None`` where ISO says N.A.), name."""

    code: str
    numeric: str
    minor_units: int | None
    name: str


@cache
def iso4217() -> dict[str, CurrencyInfo]:
    """The ISO 4217 table from ``data/iso4217.csv``, keyed by alphabetic code."""
    return {row["code"]: _currency(row) for row in _rows("iso4217.csv")}


def _currency(row: dict[str, str]) -> CurrencyInfo:
    units = row["minor_units"].strip()
    return CurrencyInfo(
        code=row["code"],
        numeric=row["numeric"],
        minor_units=int(units) if units else None,
        name=row["name"],
    )


def currency(code: str) -> CurrencyInfo | None:
    """The :func:`iso4217` entry of one code (``None``: not listed), found in the table's text
    for the first :data:`TEXT_SEARCHES` look-ups, like :func:`iban_bank_method`."""
    if not _searching("iso4217.csv"):
        return iso4217().get(code)
    text = _table_text("iso4217.csv")
    line = _line_of(text, code)
    if line is None:
        return None
    header = text[: text.index("\n")].rstrip("\r")
    row = next(csv.reader([line]))
    return _currency(dict(zip(header.split(","), row, strict=True)))


class _DataLoader(Protocol):
    def get_data(self, path: str) -> bytes: ...


def package_text(relative: str) -> str:
    """The text of the package file ``relative`` (``data/iso4217.csv``), read through the
    package's loader (a folder or a zip alike) rather than ``importlib.resources``, whose import
    costs more than the read. Raises :class:`OSError` when there is no such file."""
    loader = cast(_DataLoader, __spec__.loader)
    return loader.get_data(os.path.join(os.path.dirname(__file__), relative)).decode("utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of ``data/{name}`` as dicts keyed by its header, blank lines skipped (what
    ``csv.DictReader`` gives, at a fraction of its cost: it builds each row in Python)."""
    rows = csv.reader(io.StringIO(_table_text(name)))
    header = next(rows, [])
    return [dict(zip(header, row, strict=True)) for row in rows if row]


class SepaCountry(NamedTuple):
    """One country or territory of the EPC list of SEPA countries (``data/sepa_countries.csv``)."""

    code: str
    group: str
    """``eea``, ``eea-territory``, ``non-eea`` or ``non-eea-territory``."""
    since: date | None
    """The date it joined, where that falls inside the period the rules cover."""


@cache
def sepa_countries() -> dict[str, SepaCountry]:
    """The SEPA countries and territories, keyed by ISO 3166 alpha-2 code."""
    return {
        row["code"]: SepaCountry(
            row["code"],
            row["group"],
            date.fromisoformat(row["since"]) if row["since"] else None,
        )
        for row in _rows("sepa_countries.csv")
    }


@cache
def swift_c2_countries() -> frozenset[str]:
    """The country codes of MT103 network rule C2 (``data/swift_c2_countries.csv``)."""
    return frozenset(row["code"] for row in _rows("swift_c2_countries.csv"))


@cache
def rule_sources() -> dict[str, str]:
    """Where the rules come from: source key (``S1``, ``W2``, ``M1``) -> description."""
    return {row["key"]: row["source"] for row in _rows("rule_sources.csv")}


@cache
def bban_structures() -> dict[str, str]:
    """Country -> BBAN structure (SWIFT notation) from ``data/bban_structures.csv``: where the
    SWIFT IBAN Registry differs from the registry schwifty ships."""
    return {row["country"]: row["bban_structure"] for row in _rows("bban_structures.csv")}


class IbanCountry(NamedTuple):
    """One country of schwifty's IBAN table (``data/iban_countries.csv``)."""

    iban_length: int
    bban_spec: str
    """The BBAN structure in SWIFT notation, e.g. ``4!n4!n12!c``."""
    national_check: bool
    """Whether schwifty checks national check digits inside the BBAN for this country."""
    default_method: str
    """The national check-digit method of a bank :func:`iban_bank_method` does not list
    (``""``: none)."""
    bank_key: tuple[str, ...]
    """The BBAN components that, joined, name the bank (``("bank_code",)``)."""
    components: dict[str, tuple[int, int]]
    """Where each BBAN component sits: name -> (start, end) in the BBAN."""


def _components(text: str) -> dict[str, tuple[int, int]]:
    """``"account_code=8:18 bank_code=0:8"`` as ``{"account_code": (8, 18), ...}``."""
    spans: dict[str, tuple[int, int]] = {}
    for item in text.split():
        name, _, span = item.partition("=")
        start, _, end = span.partition(":")
        spans[name] = (int(start), int(end))
    return spans


@cache
def iban_countries() -> dict[str, IbanCountry]:
    """Country -> IBAN length, BBAN structure and national check, as the installed schwifty has
    them (``scripts/update_identifier_tables.py`` copies them; a test compares)."""
    return {
        row["country"]: IbanCountry(
            int(row["iban_length"]),
            row["bban_spec"],
            row["national_check"] == "yes",
            row["default_method"],
            tuple(row["bank_key"].split("+")) if row["bank_key"] else (),
            _components(row["components"]),
        )
        for row in _rows("iban_countries.csv")
    }


_BANK_METHODS = "iban_bank_methods.csv"


@cache
def _table_text(name: str) -> str:
    return package_text(f"data/{name}")


def iban_bank_methods() -> dict[tuple[str, str], str]:
    """(country, bank key) -> the national check-digit method schwifty's bank registry gives
    that bank, for each bank whose method is not its country's ``default_method`` (``""``: none;
    ``data/iban_bank_methods.csv``)."""
    lines = _table_text(_BANK_METHODS).splitlines()[1:]
    return {(country, bank): method for country, bank, method in (x.split(",") for x in lines)}


@cache
def _iban_bank_table() -> dict[tuple[str, str], str]:
    return iban_bank_methods()


TEXT_SEARCHES = 32
"""Rows looked up in a table's text before the table is built whole: a search (up to 14 µs
for a bank the bank table does not list) beats building it (0.8 ms for the bank table, as much
as a tenth of a validation's own start-up for the currencies and countries) for a few values,
not for a file of thousands."""
_searches: dict[str, int] = {}
"""Look-ups made so far in each table's text (a race between threads only adds a search)."""


def _searching(table: str) -> bool:
    """True for the first :data:`TEXT_SEARCHES` look-ups of the process in ``table``."""
    made = _searches.get(table, 0)
    if made >= TEXT_SEARCHES:
        return False
    _searches[table] = made + 1
    return True


def _line_of(text: str, key: str) -> str | None:
    """The line of a table's ``text`` whose first column is ``key`` (``None``: none is), without
    its line break. ``key`` holds no separator or line break: it would find another row."""
    if not (key.isascii() and key.isalnum()):
        return None
    at = text.find(f"\n{key}")
    while at >= 0:
        end = at + 1 + len(key)
        if end == len(text) or text[end] in ",\r\n":
            stop = text.find("\n", end)
            return (text[at + 1 :] if stop < 0 else text[at + 1 : stop]).rstrip("\r")
        at = text.find(f"\n{key}", end)
    return None


def iban_bank_method(country: str, bank: str) -> str | None:
    """The method :func:`iban_bank_methods` lists for one bank (``None``: not listed): the first
    :data:`TEXT_SEARCHES` look-ups are made in the table's text, since building the whole table
    (3,421 rows) costs more than a validation's own start-up; later ones in the table."""
    if not (country + bank).isalnum():  # a separator in a key would find another row
        return None
    if not _searching(_BANK_METHODS):
        return _iban_bank_table().get((country, bank))
    text = _table_text(_BANK_METHODS)
    key = f"\n{country},{bank},"
    at = text.find(key)
    if at < 0:
        return None
    start = at + len(key)
    end = text.find("\n", start)
    return (text[start:] if end < 0 else text[start:end]).rstrip("\r")


@cache
def iso3166_countries() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes, as the installed pycountry has them
    (``data/iso3166_countries.csv``)."""
    return frozenset(row["code"] for row in _rows("iso3166_countries.csv"))


def is_country(code: str) -> bool:
    """True when :func:`iso3166_countries` lists ``code``, found in the table's text for the
    first :data:`TEXT_SEARCHES` look-ups, like :func:`iban_bank_method`."""
    if not _searching("iso3166_countries.csv"):
        return code in iso3166_countries()
    return _line_of(_table_text("iso3166_countries.csv"), code) is not None
