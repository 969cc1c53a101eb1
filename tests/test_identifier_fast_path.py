"""IBAN and BIC checks that skip schwifty give exactly the findings schwifty's path gives.

The property: for any string, ``check_iban`` / ``check_bic`` with the tables that let a value
pass without schwifty (or, for national check digits, without schwifty's registries) equal the
same checks with those tables emptied (every value then goes through schwifty's whole path, as
before the tables existed). The tables themselves must equal what the
installed schwifty and pycountry hold (``scripts/update_identifier_tables.py``).
"""

from __future__ import annotations

import importlib.util
import string
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from qenex_messages import _resources
from qenex_messages import identifiers as ids
from qenex_messages._resources import (
    IbanCountry,
    iban_bank_method,
    iban_bank_methods,
    iban_countries,
    iso3166_countries,
)
from qenex_messages.findings import Finding

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "update_identifier_tables.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_identifier_tables", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tables_match_the_installed_schwifty_and_pycountry() -> None:
    """A stale table could accept what schwifty rejects: regenerate it when schwifty changes."""
    for path, text in _script().render().items():
        assert path.read_text() == text, f"{path.name} is stale: run {SCRIPT.name}"


def _clear() -> None:
    ids._check_iban_cached.cache_clear()
    ids._check_bic_cached.cache_clear()


def _same(value: str, check: Callable[[str], list[Finding]]) -> None:
    """``check(value)`` with the tables equals it with the tables empty (schwifty decides)."""
    _clear()
    fast = check(value)
    _clear()
    with (
        mock.patch.object(ids, "iban_countries", dict),
        mock.patch.object(ids, "is_country", return_value=False),
    ):
        exact = check(value)
    _clear()
    assert fast == exact, value


_KIND = {
    "n": string.digits,
    "a": string.ascii_uppercase,
    "c": string.digits + string.ascii_uppercase,
}


@st.composite
def ibans(draw: st.DrawFn) -> str:
    """An IBAN of a country schwifty knows, valid or broken in one way."""
    country = draw(st.sampled_from(sorted(iban_countries())))
    spec: IbanCountry = iban_countries()[country]
    bban = "".join(
        draw(st.text(_KIND[kind], min_size=int(size), max_size=int(size)))
        for size, _, kind in ids._BBAN_PART.findall(spec.bban_spec)
    )
    digits = f"{98 - ids.mod97(bban + country + '00'):02d}"
    iban = country + digits + bban
    fault = draw(st.sampled_from(["none", "digits", "length", "character", "lower", "country"]))
    if fault == "digits":
        iban = (
            country
            + draw(st.sampled_from(["00", "01", "99", f"{int(digits) % 97 + 2:02d}"]))
            + bban
        )
    elif fault == "length":
        iban = iban + draw(st.sampled_from(["0", "A"])) if draw(st.booleans()) else iban[:-1]
    elif fault == "character" and bban:
        at = draw(st.integers(4, len(iban) - 1))
        iban = iban[:at] + draw(st.sampled_from(["A", "0", "-"])) + iban[at + 1 :]
    elif fault == "lower":
        iban = iban.lower()
    elif fault == "country":
        iban = draw(st.sampled_from(["XX", "QQ", "AA", "ZZ"])) + iban[2:]
    return iban


@given(ibans())
def test_iban_fast_path_gives_schwiftys_findings(iban: str) -> None:
    _same(iban, ids.check_iban)


@pytest.mark.parametrize("country", sorted(iban_countries()))
def test_every_country_valid_iban_passes_both_ways(country: str) -> None:
    """One valid IBAN of each country (national check digits aside) agrees with schwifty."""
    spec = iban_countries()[country]
    bban = "".join(
        "1" * int(size) if kind != "a" else "A" * int(size)
        for size, _, kind in ids._BBAN_PART.findall(spec.bban_spec)
    )
    iban = f"{country}{98 - ids.mod97(bban + country + '00'):02d}{bban}"
    _same(iban, ids.check_iban)


@st.composite
def bics(draw: st.DrawFn) -> str:
    country = draw(st.text(string.ascii_uppercase, min_size=2, max_size=2))
    branch = draw(st.sampled_from(["", "XXX", "001"]))
    return (
        draw(st.sampled_from(["DEUT", "AB12"]))
        + country
        + draw(st.sampled_from(["FF", "2L"]))
        + branch
    )


@given(bics())
def test_bic_fast_path_gives_schwiftys_findings(bic: str) -> None:
    _same(bic, ids.check_bic)


def test_every_two_letter_bic_country_agrees() -> None:
    """All 676 two-letter country parts: known to pycountry exactly when schwifty accepts them."""
    for first in string.ascii_uppercase:
        for second in string.ascii_uppercase:
            _same(f"DEUT{first}{second}FF", ids.check_bic)
    assert "DE" in iso3166_countries()
    assert "XK" not in iso3166_countries()  # the BIC check follows pycountry; check_country adds XK


def _tables_judge_alike(iban: str) -> None:
    """The tables find ``iban`` valid exactly when schwifty's whole path does (so a valid IBAN
    is decided without schwifty's registries, not only sent on to them), and both ways give the
    same findings."""
    import warnings

    from schwifty import IBAN
    from schwifty.exceptions import NationalChecksumNotVerified, SchwiftyException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NationalChecksumNotVerified)
            IBAN(iban, validate_bban=True)
        valid = True
    except SchwiftyException:
        valid = False
    assert ids._valid_without_schwifty(iban) == valid, iban
    _same(iban, ids.check_iban)


@pytest.fixture(params=["text", "table"])
def lookup(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test of one bank's lookup runs with the text search and with the table built whole."""
    searches = 10**9 if request.param == "text" else 0
    monkeypatch.setattr(_resources, "TEXT_SEARCHES", searches)
    monkeypatch.setattr(_resources, "_searches", {})
    return str(request.param)


def test_the_table_is_built_after_a_few_searches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each table has its own budget of searches: look-ups in the others leave it alone."""
    monkeypatch.setattr(_resources, "_searches", {})
    _resources._iban_bank_table.cache_clear()
    for _ in range(_resources.TEXT_SEARCHES):
        _resources.currency("EUR")
        _resources.is_country("DE")
        iban_bank_method("DE", "99999999")
    assert _resources._iban_bank_table.cache_info().currsize == 0
    assert iban_bank_method("DE", "99999999") is None
    assert _resources._iban_bank_table.cache_info().currsize == 1


@pytest.mark.usefixtures("lookup")
def test_one_bank_is_looked_up_as_the_whole_table_has_it() -> None:
    """``iban_bank_method`` (a search of the table's text) answers every listed bank as the
    table read whole does, and a bank it does not list with ``None``."""
    table = iban_bank_methods()
    assert table
    for (country, bank), method in table.items():
        assert iban_bank_method(country, bank) == method, (country, bank)
    assert iban_bank_method("DE", "99999999") is None


@pytest.mark.usefixtures("lookup")
@given(st.text(max_size=3), st.text(max_size=12))
def test_a_bank_the_table_does_not_list_has_no_method(country: str, bank: str) -> None:
    """Any key, separators and line breaks included, finds the row the whole table has for it
    or nothing: never a piece of another row."""
    assert iban_bank_method(country, bank) == iban_bank_methods().get((country, bank))


def _national_countries() -> list[str]:
    return sorted(country for country, spec in iban_countries().items() if spec.national_check)


def _spoiled(iban: str, at: int) -> str:
    """``iban`` with the BBAN digit at ``at`` changed and the ISO 7064 check digits made right
    again, so that only a national check can find it wrong."""
    bban = iban[4:]
    if not bban[at].isdigit():
        return iban
    bban = bban[:at] + str((int(bban[at]) + 1) % 10) + bban[at + 1 :]
    return f"{iban[:2]}{98 - ids.mod97(bban + iban[:2] + '00'):02d}{bban}"


def test_every_bank_with_its_own_method_agrees_with_schwifty() -> None:
    """For each bank whose national check-digit method is not its country's (the bank table), a
    valid IBAN schwifty generates for it, and the same IBAN with one account digit changed, are
    judged the same with the tables (method looked up in the table) and without them."""
    from random import Random

    from schwifty import IBAN

    random = Random(7)
    for (country, bank), _ in sorted(iban_bank_methods().items()):
        iban = str(IBAN.random(country, random=random, bank_code=bank).compact)
        assert ids._valid_without_schwifty(iban), iban
        _tables_judge_alike(iban)
        _tables_judge_alike(_spoiled(iban, len(iban) - 5))


@pytest.mark.parametrize("country", _national_countries())
def test_generated_ibans_of_national_check_countries_agree(country: str) -> None:
    """Valid IBANs schwifty generates from its registry's banks of each country with national
    check digits, and the same IBANs with one digit changed, agree both ways."""
    from random import Random

    from schwifty import IBAN

    random = Random(country)
    for _ in range(40):
        iban = str(IBAN.random(country, random=random).compact)
        _tables_judge_alike(iban)
        _tables_judge_alike(_spoiled(iban, random.randrange(len(iban) - 4)))


@st.composite
def national_ibans(draw: st.DrawFn) -> str:
    """An IBAN of a country with national check digits, its bank one the bank table lists (or
    any), its other characters random and its ISO 7064 check digits right."""
    country = draw(st.sampled_from(_national_countries()))
    spec = iban_countries()[country]
    bban = "".join(
        draw(st.text(_KIND[kind], min_size=int(size), max_size=int(size)))
        for size, _, kind in ids._BBAN_PART.findall(spec.bban_spec)
    )
    banks = sorted(bank for (land, bank) in iban_bank_methods() if land == country)
    start, _ = spec.components["bank_code"]
    if banks and draw(st.booleans()):
        bank = draw(st.sampled_from(banks))
        bban = bban[:start] + bank + bban[start + len(bank) :]
    return f"{country}{98 - ids.mod97(bban + country + '00'):02d}{bban}"


@given(national_ibans())
def test_national_check_digits_from_the_tables_give_schwiftys_findings(iban: str) -> None:
    _tables_judge_alike(iban)


@pytest.mark.usefixtures("lookup")
@given(key=st.one_of(st.sampled_from(sorted(_resources.iso4217())), st.text(max_size=5)))
@example("US")
@example("usd")
@example("code")
@example("USD\r")
@example("USD,")
@example("\nUSD")
@example("EUR,978")
@example("")
def test_one_currency_is_looked_up_as_the_whole_table_has_it(key: str) -> None:
    """``currency`` (a search of the table's text at first) answers every code, and anything
    else (separators, line breaks, lower case, prefixes of a code), as the table read whole."""
    assert _resources.currency(key) == _resources.iso4217().get(key)


@pytest.mark.usefixtures("lookup")
@given(key=st.one_of(st.sampled_from(sorted(iso3166_countries())), st.text(max_size=4)))
@example("D")
@example("de")
@example("code")
@example("DE\r")
@example("DE,")
@example("\nDE")
@example("")
def test_one_country_is_looked_up_as_the_whole_table_has_it(key: str) -> None:
    """``is_country`` answers every code, and anything else, as the table read whole."""
    assert _resources.is_country(key) is (key in iso3166_countries())


def test_every_listed_currency_and_country_is_found_in_the_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The text search finds every row (the first and the last included)."""
    monkeypatch.setattr(_resources, "TEXT_SEARCHES", 10**9)
    for code, info in _resources.iso4217().items():
        assert _resources.currency(code) == info
    assert all(_resources.is_country(code) for code in iso3166_countries())
