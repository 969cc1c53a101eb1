"""Regenerate the identifier tables that let IBAN and BIC checks run without schwifty's registries.

``data/iban_countries.csv`` copies, from the installed schwifty, each country's IBAN length and
BBAN structure, whether schwifty has a national check-digit algorithm for it and, for those
countries, the method a bank not listed in the next table uses, the BBAN components that name the
bank and where each component sits in the BBAN; ``data/iban_bank_methods.csv`` copies, from
schwifty's bank registry, the national check-digit method of each bank whose method is not its
country's; ``data/iso3166_countries.csv`` copies the ISO 3166-1 alpha-2 codes of the installed
pycountry (what schwifty checks a BIC's country against). The methods themselves stay schwifty's:
``qenex_messages.identifiers`` runs them from ``schwifty.checksum``. A value these tables accept
is accepted by schwifty too; anything else is still checked by schwifty itself.

Usage: python scripts/update_identifier_tables.py [--check]   (--check exits 1 when stale)
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "qenex_messages" / "data"


def _method(country: str, bank_code: str | None) -> str:
    """The name of the national check-digit method schwifty runs for a bank of ``country`` (the
    bank its registry lists under ``bank_code``; ``None``: a bank it does not list), or ``""``
    when schwifty has no algorithm for that bank (it then only warns)."""
    from schwifty import bban
    from schwifty.checksum import algorithms

    bank = None if bank_code is None else bban._get_bank(country, bank_code)
    algorithm = bban._get_national_checksum_algorithm(country, bank)
    keys = [key for key, value in algorithms.items() if value is algorithm]
    return keys[0].split(":")[1] if keys else ""


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
    iban = ["country,iban_length,bban_spec,national_check,default_method,bank_key,components"]
    banks = ["country,bank_key,method"]
    for country in sorted(specs):
        spec = specs[country]
        if country not in national:
            iban.append(f"{country},{spec.iban_length},{spec.bban_spec},no,,,")
            continue
        default = _method(country, None)
        lookup = "+".join(c.value for c in spec.bic_lookup_components)
        components = " ".join(
            f"{c.value}={r.start}:{r.end}"
            for c, r in sorted(spec.positions.items())
            if not r.is_empty
        )
        iban.append(
            f"{country},{spec.iban_length},{spec.bban_spec},yes,{default},{lookup},{components}"
        )
        codes = sorted({bank.bank_code for bank in registry.get_banks_by_country(country)})
        for code in codes:
            method = _method(country, code)
            if method != default:
                banks.append(f"{country},{code},{method}")
    countries = ["code", *sorted(c.alpha_2 for c in pycountry.countries)]
    return {
        DATA / "iban_countries.csv": "\n".join(iban) + "\n",
        DATA / "iban_bank_methods.csv": "\n".join(banks) + "\n",
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
