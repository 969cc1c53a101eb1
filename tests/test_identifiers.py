"""IBAN, BIC, LEI, ISO 11649, UETR, currency, amount and country checks."""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import identifiers as ids
from qenex_messages.findings import Location, Severity

VALID_IBANS = [
    "AL47212110090000000235698741",  # Albania
    "AD1200012030200359100100",  # Andorra
    "AT611904300234573201",  # Austria
    "BE68539007547034",  # Belgium
    "BA391290079401028494",  # Bosnia and Herzegovina
    "BG80BNBG96611020345678",  # Bulgaria
    "HR1210010051863000160",  # Croatia
    "CY17002001280000001200527600",  # Cyprus
    "CZ6508000000192000145399",  # Czechia
    "DK5000400440116243",  # Denmark
    "EE382200221020145685",  # Estonia
    "FI2112345600000785",  # Finland
    "FR1420041010050500013M02606",  # France, letter in the account number
    "DE89370400440532013000",  # Germany
    "GI75NWBK000000007099453",  # Gibraltar
    "GR1601101250000000012300695",  # Greece
    "HU42117730161111101800000000",  # Hungary
    "IS140159260076545510730339",  # Iceland
    "IE29AIBK93115212345678",  # Ireland
    "IT60X0542811101000000123456",  # Italy, CIN letter
    "LV80BANK0000435195001",  # Latvia
    "LI21088100002324013AA",  # Liechtenstein
    "LT121000011101001000",  # Lithuania
    "LU280019400644750000",  # Luxembourg
    "MT84MALT011000012345MTLCAST001S",  # Malta, 31 characters
    "MC5811222000010123456789030",  # Monaco
    "NL91ABNA0417164300",  # Netherlands
    "NO9386011117947",  # Norway, 15 characters (the shortest in Europe)
    "PL61109010140000071219812874",  # Poland
    "PT50000201231234567890154",  # Portugal
    "RO49AAAA1B31007593840000",  # Romania
    "SM86U0322509800000000270100",  # San Marino
    "SK3112000000198742637541",  # Slovakia
    "SI56263300012039086",  # Slovenia
    "ES9121000418450200051332",  # Spain
    "SE4550000000058398257466",  # Sweden
    "CH9300762011623852957",  # Switzerland
    "GB29NWBK60161331926819",  # United Kingdom
    "SA0380000000608010167519",  # Saudi Arabia
    "TR330006100519786457841326",  # Turkey
]

INVALID_IBANS = [
    ("DE89370400440532013001", "QX102"),  # last digit mistyped
    ("DE98370400440532013000", "QX102"),  # check digits swapped
    ("GB29NWBK60161331926818", "QX102"),  # last digit mistyped
    ("XX89370400440532013000", "QX104"),  # no such IBAN country
    ("US64SVBKUS6S3300958879", "QX104"),  # the US does not issue IBANs
    ("DE8937040044053201300", "QX103"),  # one digit short
    ("DE893704004405320130000", "QX103"),  # one digit too many
    ("DE89-3704-0044-0532-0130-00", "QX101"),  # dashes are not part of an IBAN
    ("", "QX101"),  # empty
    ("89DE370400440532013000", "QX101"),  # country code not first
    ("DE89370400440532013000\x00", "QX101"),  # NUL byte
]


@pytest.mark.parametrize("iban", VALID_IBANS)
def test_valid_ibans_pass(iban: str) -> None:
    assert ids.check_iban(iban) == []
    assert ids.is_valid_iban(iban)


def test_valid_iban_sample_spans_twenty_countries() -> None:
    assert len({iban[:2] for iban in VALID_IBANS}) >= 20


@pytest.mark.parametrize(("iban", "code"), INVALID_IBANS)
def test_invalid_ibans_are_reported(iban: str, code: str) -> None:
    findings = ids.check_iban(iban)
    assert [f.code for f in findings] == [code]
    assert findings[0].severity is Severity.ERROR
    assert not ids.is_valid_iban(iban)


def test_iban_printed_form_with_spaces_is_accepted() -> None:
    assert ids.check_iban("DE89 3704 0044 0532 0130 00") == []


def test_iban_checksum_message_names_the_expected_digits() -> None:
    (finding,) = ids.check_iban("DE00370400440532013000")
    assert finding.message == (
        "IBAN 'DE00370400440532013000' has check digits 00 but its content gives 89; "
        "a character is probably mistyped"
    )
    assert finding.args["expected"] == "89"


def test_iban_national_check_digits_are_verified() -> None:
    # Belgian BBAN: the last two digits are the account number modulo 97; 34 -> 35 breaks it.
    # The IBAN check digits are recomputed so only the national check fails.
    bban = "539007547035"
    check = 98 - ids.mod97(bban + "BE00")
    findings = ids.check_iban(f"BE{check:02d}{bban}")
    assert [f.code for f in findings] == ["QX105"]


def test_findings_carry_the_given_location() -> None:
    where = Location(source="a.xml", line=3, column=7, xpath="/Document/X")
    (finding,) = ids.check_iban("DE00370400440532013000", where)
    assert finding.location == where


@pytest.mark.parametrize(
    "bic",
    [
        "DEUTDEFF",  # 8 characters
        "DEUTDEFFXXX",  # 11 with the primary office branch
        "NWBKGB2L",  # digit in the location code
        "BNPAFRPP123",  # numeric branch
    ],
)
def test_valid_bics_pass(bic: str) -> None:
    assert ids.check_bic(bic) == []
    assert ids.is_valid_bic(bic)


@pytest.mark.parametrize(
    ("bic", "code"),
    [
        ("DEUTDEF", "QX106"),  # 7 characters
        ("DEUTDEFFXX", "QX106"),  # 10 characters
        ("deutdeff", "QX106"),  # lower case
        ("DEUT1EFF", "QX106"),  # digit in the country code
        ("DEUTXXFF", "QX107"),  # XX is no country
        ("DEUT DEFF", "QX106"),  # space inside
    ],
)
def test_invalid_bics_are_reported(bic: str, code: str) -> None:
    assert [f.code for f in ids.check_bic(bic)] == [code]
    assert not ids.is_valid_bic(bic)


def test_bic_registry_lookup_is_informational() -> None:
    assert ids.check_bic("DEUTDEFFXXX", registry=True) == []
    (finding,) = ids.check_bic("FOOBDEFFXXX", registry=True)
    assert finding.code == "QX108"
    assert finding.severity is Severity.INFO


@pytest.mark.parametrize(
    "lei",
    [
        "5493001KJTIIGC8Y1R12",  # Bloomberg Finance L.P.
        "529900T8BM49AURSDO55",  # Deutsche Börse AG
        "HWUPKR0MPOU8FGXBT394",  # Apple Inc.
    ],
)
def test_valid_leis_pass(lei: str) -> None:
    assert ids.check_lei(lei) == []
    assert ids.is_valid_lei(lei)


@pytest.mark.parametrize(
    ("lei", "code"),
    [
        ("5493001KJTIIGC8Y1R13", "QX110"),  # check digits off by one
        ("529900T8BM49AURSDO5", "QX109"),  # 19 characters
        ("529900t8bm49aursdo55", "QX109"),  # lower case
        ("529900T8BM49AURSDOXX", "QX109"),  # check digits must be digits
    ],
)
def test_invalid_leis_are_reported(lei: str, code: str) -> None:
    assert [f.code for f in ids.check_lei(lei)] == [code]


@pytest.mark.parametrize(
    "ref",
    ["RF18539007547034", "RF18 5390 0754 7034", "RF712348231", "RF18000000000539007547034"],
)
def test_valid_creditor_references_pass(ref: str) -> None:
    assert ids.check_creditor_reference(ref) == []
    assert ids.is_valid_creditor_reference(ref)


@pytest.mark.parametrize(
    ("ref", "code"),
    [
        ("RF17539007547034", "QX112"),  # wrong check digits
        ("RF18539007547035", "QX112"),  # body mistyped
        ("XX18539007547034", "QX111"),  # not an RF reference
        ("RF18", "QX111"),  # no body
        ("RF181234567890123456789012", "QX111"),  # body of 22 characters
    ],
)
def test_invalid_creditor_references_are_reported(ref: str, code: str) -> None:
    assert [f.code for f in ids.check_creditor_reference(ref)] == [code]


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=21))
def test_built_creditor_references_always_validate(body: str) -> None:
    assert ids.check_creditor_reference(ids.creditor_reference(body)) == []


def test_creditor_reference_rejects_a_bad_body() -> None:
    with pytest.raises(ValueError, match="1 to 21 letters or digits"):
        ids.creditor_reference("not/valid")


@pytest.mark.parametrize(
    ("uetr", "ok"),
    [
        ("eb6305c9-1f7f-49de-aed0-16487c27b42d", True),
        ("EB6305C9-1F7F-49DE-AED0-16487C27B42D", False),  # upper case
        ("eb6305c9-1f7f-19de-aed0-16487c27b42d", False),  # version 1
        ("eb6305c9-1f7f-49de-7ed0-16487c27b42d", False),  # wrong variant
        ("eb6305c91f7f49deaed016487c27b42d", False),  # no dashes
        ("not-a-uuid", False),
    ],
)
def test_uetr(uetr: str, ok: bool) -> None:
    assert (ids.check_uetr(uetr) == []) is ok
    assert ids.is_valid_uetr(uetr) is ok


def test_uetr_hints_at_lower_case() -> None:
    (finding,) = ids.check_uetr("EB6305C9-1F7F-49DE-AED0-16487C27B42D")
    assert finding.message.endswith("write it in lower case")


@pytest.mark.parametrize(("ccy", "units"), [("EUR", 2), ("JPY", 0), ("BHD", 3), ("CLF", 4)])
def test_minor_units(ccy: str, units: int) -> None:
    assert ids.minor_units(ccy) == units


def test_precious_metals_have_no_minor_units() -> None:
    assert ids.minor_units("XAU") is None
    assert ids.check_amount(Decimal("1.123456"), "XAU") == []


@pytest.mark.parametrize(("ccy", "ok"), [("EUR", True), ("eur", False), ("EUX", False)])
def test_currency_codes(ccy: str, ok: bool) -> None:
    assert (ids.check_currency(ccy) == []) is ok


def test_withdrawn_currencies_are_refused() -> None:
    assert [f.code for f in ids.check_currency("HRK")] == ["QX114"]  # replaced by EUR in 2023


@pytest.mark.parametrize(
    ("amount", "ccy", "codes"),
    [
        ("10.50", "EUR", []),
        ("10.505", "EUR", ["QX115"]),
        ("10.500", "EUR", []),  # trailing zeros are not extra decimals
        ("1000", "JPY", []),
        ("1000.5", "JPY", ["QX115"]),
        ("1.234", "BHD", []),
        ("-1", "EUR", ["QX116"]),
        ("NaN", "EUR", ["QX116"]),
        ("Infinity", "USD", ["QX116"]),
    ],
)
def test_amounts(amount: str, ccy: str, codes: list[str]) -> None:
    assert [f.code for f in ids.check_amount(Decimal(amount), ccy)] == codes


@pytest.mark.parametrize(
    ("country", "ok"), [("DE", True), ("XK", True), ("XX", False), ("de", False)]
)
def test_countries(country: str, ok: bool) -> None:
    assert (ids.check_country(country) == []) is ok


def test_iso4217_table_is_well_formed() -> None:
    text = resources.files("qenex_messages").joinpath("data/iso4217.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))
    for row in rows:
        assert len(row["code"]) == 3 and row["code"].isupper()
        assert len(row["numeric"]) == 3 and row["numeric"].isdigit()
        assert row["minor_units"] in {"", "0", "2", "3", "4"}


@given(st.text(max_size=60))
def test_checks_never_raise(value: str) -> None:
    for check in (
        ids.check_iban,
        ids.check_bic,
        ids.check_lei,
        ids.check_creditor_reference,
        ids.check_uetr,
        ids.check_currency,
        ids.check_country,
    ):
        for finding in check(value):
            assert finding.severity in set(Severity)


@pytest.mark.parametrize(
    ("iban", "bic"),
    [
        ("DE75512108001245126199", "SOGEDEFFXXX"),  # German bank code 51210800
        ("NL91ABNA0417164300", "ABNANL2A"),  # Dutch bank code ABNA
        ("BE68539007547034", None),  # bank code not in the registry
        ("DE00370400440532013000", None),  # invalid IBAN
    ],
)
def test_bic_from_iban(iban: str, bic: str | None) -> None:
    assert ids.bic_from_iban(iban) == bic


def test_brazilian_bban_follows_the_swift_registry_not_schwifty() -> None:
    """BR is 8!n5!n10!n1!a1!c: the account type is a letter (schwifty accepts a digit)."""
    from qenex_messages.identifiers import check_iban, mod97

    assert check_iban("BR1800360305000010009795493C1") == []
    body = "00360305000010009795493" + "11"
    wrong = f"BR{98 - mod97(body + 'BR00'):02d}{body}"
    assert [f.code for f in check_iban(wrong)] == ["QX105"]


def test_bban_corrections_cite_their_source() -> None:
    import csv
    from importlib import resources

    text = resources.files("qenex_messages").joinpath("data/bban_structures.csv").read_text()
    rows = list(csv.DictReader(text.splitlines()))
    assert rows
    for row in rows:
        assert len(row["country"]) == 2
        assert "SWIFT IBAN Registry" in row["source"]


@pytest.mark.parametrize("aba", ["021000021", "026009593", "011000015", "121000248", "091000019"])
def test_published_aba_routing_numbers_pass(aba: str) -> None:
    assert ids.is_valid_aba(aba)
    assert ids.aba_problem(aba) is None


@pytest.mark.parametrize(
    ("aba", "why"),
    [
        ("021000022", "check digit 2; the 3-7-1 check of its first 8 digits gives 1"),
        ("02100002", "exactly 9 digits"),
        ("0210000210", "exactly 9 digits"),
        ("02100002A", "exactly 9 digits"),
        ("０21000021", "exactly 9 digits"),
        ("", "exactly 9 digits"),
    ],
)
def test_bad_aba_routing_numbers_say_why(aba: str, why: str) -> None:
    assert not ids.is_valid_aba(aba)
    assert why in (ids.aba_problem(aba) or "")


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_the_computed_check_digit_completes_any_eight_digits(first8: str) -> None:
    """Property: the check digit makes a valid number, and every other last digit is refused."""
    digit = ids.aba_check_digit(first8)
    assert ids.is_valid_aba(f"{first8}{digit}")
    others = [d for d in range(10) if d != digit]
    assert not any(ids.is_valid_aba(f"{first8}{d}") for d in others)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("DEUTDEFF", "DEUTDEFFXXX", True),  # 8 characters: the head office
        ("deutdeff ", "DEUTDEFFXXX", True),  # case and blanks aside
        ("DEUTDEFF500", "DEUTDEFFXXX", False),  # a branch is not the head office
        ("DEUTDEFF", "DEUTDEFF500", False),
        (None, "DEUTDEFF", False),  # missing is never the same
        ("", "", False),
    ],
)
def test_same_bic(a: str | None, b: str | None, same: bool) -> None:
    """The one BIC comparison: symmetric, an 8-character BIC is its XXX head office."""
    assert ids.same_bic(a, b) is same
    assert ids.same_bic(b, a) is same


@given(
    st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1)
)
def test_mod97_reads_letters_as_iso_7064_numbers(text: str) -> None:
    """The definition, one character at a time: a letter is its base-36 value (A=10 ... Z=35)."""
    assert ids.mod97(text) == int("".join(str(int(ch, 36)) for ch in text)) % 97


@pytest.mark.parametrize("text", ["", "12-3", "-123", " 12", "1_000", "\u0663", "AT\u00e9"])
def test_mod97_refuses_what_is_not_a_letter_or_digit(text: str) -> None:
    with pytest.raises(ValueError, match="not a letter or digit"):
        ids.mod97(text)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimals_and_digits_follow_the_written_digits(amount: Decimal) -> None:
    """Digits after the point up to the last that is not zero; digits before the point."""
    _, numerals, exponent = amount.as_tuple()
    assert isinstance(exponent, int)
    written = "".join(map(str, numerals))
    expected = max(0, -exponent - (len(written) - len(written.rstrip("0")))) if exponent < 0 else 0
    assert ids.decimals(amount) == expected
    assert ids.digits(amount) == max(amount.adjusted() + 1, 0) + expected
