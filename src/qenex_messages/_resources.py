"""Loaders for the package's data tables, each read once per process."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from typing import NamedTuple


class CurrencyInfo(NamedTuple):
    """One ISO 4217 code: numeric code, minor units (``None`` where ISO says N.A.), name."""

    code: str
    numeric: str
    minor_units: int | None
    name: str


@cache
def iso4217() -> dict[str, CurrencyInfo]:
    """The ISO 4217 table from ``data/iso4217.csv``, keyed by alphabetic code."""
    text = resources.files("qenex_messages").joinpath("data/iso4217.csv").read_text("utf-8")
    table: dict[str, CurrencyInfo] = {}
    for row in csv.DictReader(io.StringIO(text)):
        units = row["minor_units"].strip()
        table[row["code"]] = CurrencyInfo(
            code=row["code"],
            numeric=row["numeric"],
            minor_units=int(units) if units else None,
            name=row["name"],
        )
    return table
