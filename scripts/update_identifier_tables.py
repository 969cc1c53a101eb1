"""Regenerate the identifier tables that let IBAN and BIC checks run without loading schwifty.

``data/iban_countries.csv`` copies, from the installed schwifty, each country's IBAN length and
BBAN structure and whether schwifty has a national check-digit algorithm for it;
``data/iso3166_countries.csv`` copies the ISO 3166-1 alpha-2 codes of the installed pycountry
(what schwifty checks a BIC's country against). A value these tables accept is accepted by
schwifty too; anything else, and every IBAN of a country with a national check digit, is still
checked by schwifty itself (``qenex_messages.identifiers``).

Usage: python scripts/update_identifier_tables.py [--check]   (--check exits 1 when stale)
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "qenex_messages" / "data"


def render() -> dict[Path, str]:
    """Each table and its expected content, from the installed schwifty and pycountry."""
    import pycountry
    from schwifty import registry
    from schwifty.checksum import algorithms

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        national = {key.split(":")[0] for key in algorithms}
        specs = {
            country: registry.get_iban_spec(country)
            for country in registry._default_registry._get("iban")
        }
    iban = ["country,iban_length,bban_spec,national_check"]
    for country in sorted(specs):
        spec = specs[country]
        flag = "yes" if country in national else "no"
        iban.append(f"{country},{spec.iban_length},{spec.bban_spec},{flag}")
    countries = ["code", *sorted(c.alpha_2 for c in pycountry.countries)]
    return {
        DATA / "iban_countries.csv": "\n".join(iban) + "\n",
        DATA / "iso3166_countries.csv": "\n".join(countries) + "\n",
    }


def main(argv: list[str]) -> int:
    """Write the tables, or with ``--check`` report the stale ones and exit 1."""
    stale = [
        path for path, text in render().items() if not path.exists() or path.read_text() != text
    ]
    if "--check" in argv:
        for path in stale:
            print(f"stale: {path.name} (run scripts/update_identifier_tables.py)")
        return 1 if stale else 0
    for path, text in render().items():
        path.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
