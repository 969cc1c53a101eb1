"""Checks for the identifiers a payment carries: IBAN, BIC, LEI, ISO 11649 RF, UETR, currency,
ABA routing number.

Every ``check_*`` function takes any string and returns a list of findings (empty when the value is
valid); none raises on bad input. ``is_valid_*`` wrappers answer yes or no. IBAN and BIC rules come
from schwifty (checksum, country length, BBAN structure, national check digits, BIC country and
registry); the rest is implemented here from the standards (ISO 17442, ISO 11649, RFC 9562,
ISO 4217, the ABA routing number's 3-7-1 check digit).

schwifty's registries never load to find a value valid: an IBAN whose country, length, BBAN
structure and ISO 7064 check digits pass schwifty's own table (copied into
``data/iban_countries.csv``) and whose national check digits pass the method schwifty's bank
registry gives its bank (copied into ``data/iban_bank_methods.csv``; the method itself is
schwifty's, loaded where a bank has one by ``_checksums`` without schwifty's package ``__init__``
or its registries),
and a BIC whose country is in ISO 3166 (``data/iso3166_countries.csv``), are valid without them;
anything else takes schwifty's whole path, so the findings are the same either way
(``tests/test_identifier_fast_path.py``).
"""

from __future__ import annotations

import re
import string
import warnings
from collections.abc import Iterable
from functools import lru_cache, reduce
from typing import TYPE_CHECKING

from qenex_messages._checksums import algorithms as checksum_algorithms
from qenex_messages._patterns import on_first_use
from qenex_messages._records import replace
from qenex_messages._resources import (
    IbanCountry,
    bban_structures,
    iban_bank_method,
    iban_countries,
    is_country,
)
from qenex_messages._resources import (
    currency as iso4217_entry,
)
from qenex_messages.codes import define
from qenex_messages.findings import NOWHERE, Finding, Location, Severity

if TYPE_CHECKING:
    from decimal import Context, Decimal

_F = "identifiers"
IBAN_FORMAT = define(
    "QX101",
    Severity.ERROR,
    "An IBAN has characters or a shape no IBAN can have.",
    family=_F,
    fix="Copy the IBAN again: 2 letters, 2 check digits, then letters and digits only, no spaces.",
)
IBAN_CHECKSUM = define(
    "QX102",
    Severity.ERROR,
    "An IBAN's check digits (ISO 7064 mod 97-10) are wrong.",
    family=_F,
    fix="Look for a mistyped or swapped character in the IBAN; ask the beneficiary for it again.",
)
IBAN_LENGTH = define(
    "QX103",
    Severity.ERROR,
    "An IBAN's length is not the length its country uses.",
    family=_F,
    fix="Look for a missing or extra character; each country's IBANs have one fixed length.",
)
IBAN_COUNTRY = define(
    "QX104",
    Severity.ERROR,
    "An IBAN's country code is not a country that issues IBANs.",
    family=_F,
    fix="Check the first two letters: they must be a country that issues IBANs.",
)
IBAN_BBAN = define(
    "QX105",
    Severity.ERROR,
    "An IBAN's national part (BBAN) does not follow its country's structure or check digits.",
    family=_F,
    fix="Check the bank code and account number part against the beneficiary's bank details.",
)
BIC_FORMAT = define(
    "QX106",
    Severity.ERROR,
    "A BIC is not 8 or 11 characters of the ISO 9362 shape "
    "(4 bank, 2 country, 2 location, 3 branch).",
    family=_F,
    fix="Write the BIC as 8 or 11 upper-case characters: bank, country, location, branch.",
)
BIC_COUNTRY = define(
    "QX107",
    Severity.ERROR,
    "A BIC's country code is not an ISO 3166 country.",
    family=_F,
    fix="Check letters 5-6 of the BIC: they must be an ISO 3166 country code.",
)
BIC_UNREGISTERED = define(
    "QX108",
    Severity.INFO,
    "A BIC is not in schwifty's bank registry "
    "(the registry is incomplete; test BICs are not in it).",
    family=_F,
    fix="Nothing to do if the BIC is right; confirm it with the bank when in doubt.",
)
LEI_FORMAT = define(
    "QX109",
    Severity.ERROR,
    "An LEI is not 20 characters of the ISO 17442 shape.",
    family=_F,
    fix="Write the LEI as its 20 characters, upper case, without spaces.",
)
LEI_CHECKSUM = define(
    "QX110",
    Severity.ERROR,
    "An LEI's check digits (ISO 7064 mod 97-10) are wrong.",
    family=_F,
    fix="Look for a mistyped character in the LEI; copy it from the GLEIF record.",
)
RF_FORMAT = define(
    "QX111",
    Severity.ERROR,
    "A creditor reference is not of the ISO 11649 shape 'RF' + 2 digits + up to 21 characters.",
    family=_F,
    fix="Write the reference as 'RF', 2 check digits and up to 21 letters or digits.",
)
RF_CHECKSUM = define(
    "QX112",
    Severity.ERROR,
    "An ISO 11649 creditor reference's check digits are wrong.",
    family=_F,
    fix="Copy the RF reference again from the invoice; a character is mistyped.",
)
UETR_FORMAT = define(
    "QX113",
    Severity.ERROR,
    "A UETR is not a lower-case UUID version 4 (8-4-4-4-12 hex digits, variant 10xx).",
    family=_F,
    fix="Generate the UETR as a UUID version 4 in lower case (8-4-4-4-12 hex digits).",
)
CURRENCY_UNKNOWN = define(
    "QX114",
    Severity.ERROR,
    "A currency code is not an active ISO 4217 code.",
    family=_F,
    fix="Use an active ISO 4217 currency code in upper case, e.g. EUR, USD.",
)
AMOUNT_DECIMALS = define(
    "QX115",
    Severity.ERROR,
    "An amount has more decimals than its currency's ISO 4217 minor units allow.",
    family=_F,
    fix="Round the amount to the currency's number of decimals (EUR 2, JPY 0, BHD 3).",
)
AMOUNT_RANGE = define(
    "QX116",
    Severity.ERROR,
    "An amount is negative, not a number, or infinite.",
    family=_F,
    fix="Write the amount as a positive decimal number.",
)
COUNTRY_UNKNOWN = define(
    "QX117",
    Severity.ERROR,
    "A country code is not an ISO 3166-1 alpha-2 code.",
    family=_F,
    fix="Use the ISO 3166-1 alpha-2 country code in upper case, e.g. DE, NL.",
)

IBAN_PATTERN = "[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}"
"""The shape of an IBAN in electronic form (a regular expression, also valid in JSON Schema)."""
BIC_PATTERN = "[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?"
"""The shape of a BIC (ISO 9362): institution, country, location, optional branch."""
LEI_PATTERN = "[A-Z0-9]{18}[0-9]{2}"
"""The shape of an LEI (ISO 17442): 18 characters and 2 check digits."""
UETR_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
"""The shape of a UETR: a lower-case UUID of version 4."""
_LEI_SHAPE = on_first_use(LEI_PATTERN)
_RF_SHAPE = on_first_use(r"RF[0-9]{2}[A-Z0-9]{1,21}")


# The shapes every message asks for are read with string methods: compiling their regular
# expressions cost more than a million instructions of each run's start-up.
# tests/test_identifier_shapes.py holds each to its pattern.


def _upper_alnum(text: str) -> bool:
    """``text`` is ``[A-Z0-9]*``."""
    return text.isascii() and (not text or text.isalnum()) and not any(map(str.islower, text))


def _digits(text: str) -> bool:
    """``text`` is ``[0-9]+``."""
    return text.isascii() and text.isdigit()


def iban_shaped(text: str) -> bool:
    """``text`` fully matches :data:`IBAN_PATTERN`."""
    return (
        5 <= len(text) <= 34 and _upper_alnum(text) and text[:2].isalpha() and text[2:4].isdigit()
    )


def bic_shaped(text: str) -> bool:
    """``text`` fully matches :data:`BIC_PATTERN`."""
    return len(text) in (8, 11) and _upper_alnum(text) and text[4:6].isalpha()


_HEX = "0123456789abcdef"


def uetr_shaped(text: str) -> bool:
    """``text`` fully matches :data:`UETR_PATTERN`."""
    parts = text.split("-")
    return (
        len(text) == 36
        and [len(part) for part in parts] == [8, 4, 4, 4, 12]
        and not "".join(parts).strip(_HEX)
        and parts[2][0] == "4"
        and parts[3][0] in "89ab"
    )


def compact(value: str) -> str:
    """``value`` upper-cased with all white space removed (the electronic form of an IBAN)."""
    return "".join(value.split()).upper()  # str.split's white space is the regex \\s


_LETTER_NUMBERS = {
    ord(letter): str(int(letter, 36)) for letter in string.ascii_uppercase + string.ascii_lowercase
}
"""Each letter as the number MOD 97-10 reads it (A=10 ... Z=35; lower case alike)."""


def mod97(text: str) -> int:
    """ISO 7064 MOD 97-10 remainder of ``text`` (letters and digits) with letters as 10..35
    (A=10 ... Z=35); one C-level translation, as every IBAN of a file passes here."""
    digits = text.translate(_LETTER_NUMBERS)
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"not a letter or digit in {text!r}")
    return int(digits) % 97


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def check_iban(value: str, location: Location = NOWHERE) -> list[Finding]:
    """Check an IBAN (printed or electronic form): shape, country, length, check digits, BBAN."""
    return _located(_check_iban_cached(value), location)


def _located(found: tuple[Finding, ...], location: Location) -> list[Finding]:
    """The findings of a check cached on the value alone, placed at ``location``."""
    if not found or location is NOWHERE:
        return list(found)
    return [replace(f, location=location) for f in found]


@lru_cache(maxsize=4096)
def _check_iban_cached(value: str) -> tuple[Finding, ...]:
    """What :func:`check_iban` finds, at no location: cached on the value alone, so the cache
    is hit wherever the value appears and no location is hashed per call."""
    location = NOWHERE
    iban = compact(value)
    if not iban_shaped(iban):
        return (
            IBAN_FORMAT.finding(
                f"IBAN {_shown(value)} must be 2 country letters, 2 check digits and up to 30 "
                "letters or digits",
                location,
            ),
        )
    if not _valid_without_schwifty(iban):
        found = _iban_by_schwifty(value, iban)
        if found:
            return found
    return _bban_structure_finding(value, iban)


def _valid_without_schwifty(iban: str) -> bool:
    """True when ``iban`` (compact, of IBAN shape) passes every check schwifty makes, decided from
    schwifty's own tables: country, length, BBAN structure, ISO 7064 check digits, and the
    national check digits (see :func:`_national_check_passes`). False means only that schwifty
    has to decide."""
    spec = iban_countries().get(iban[:2])
    if spec is None or len(iban) != spec.iban_length:
        return False
    if not _bban_pattern(spec.bban_spec).fullmatch(iban[4:]):
        return False
    if f"{98 - mod97(iban[4:] + iban[:2] + '00'):02d}" != iban[2:4]:
        return False
    return not spec.national_check or _national_check_passes(iban, spec)


def _national_check_passes(iban: str, spec: IbanCountry) -> bool:
    """True when the national check-digit method schwifty runs for the IBAN's bank accepts it,
    or when schwifty has no method for that bank (it then only warns).

    The method is looked up in the copy of schwifty's bank registry (``iban_bank_method``),
    so the registry never loads; the method itself is schwifty's (``schwifty.checksum``, loaded by
    ``_checksums``). Any surprise there leaves the decision to schwifty's whole path."""
    bban = iban[4:]

    def part(component: str) -> str:
        start, end = spec.components.get(component, (0, 0))
        return bban[start:end]

    bank = "".join(part(component) for component in spec.bank_key)
    method = iban_bank_method(iban[:2], bank)
    if method is None:
        method = spec.default_method
    if not method:
        return True
    try:
        algorithm = checksum_algorithms()[f"{iban[:2]}:{method}"]
        return algorithm.validate(
            [part(component) for component in algorithm.accepts], part("national_checksum_digits")
        )
    except Exception:  # schwifty's whole path decides, and says what is wrong
        return False


def _iban_by_schwifty(value: str, iban: str) -> tuple[Finding, ...]:
    """What schwifty finds wrong with ``iban`` (compact, of IBAN shape), as findings."""
    from schwifty import IBAN
    from schwifty import exceptions as sw

    location = NOWHERE
    try:
        with warnings.catch_warnings():
            # schwifty warns where it has no national check-digit algorithm; that is not a finding.
            warnings.simplefilter("ignore", sw.NationalChecksumNotVerified)
            IBAN(iban, validate_bban=True)
    except sw.InvalidCountryCode:
        return (
            IBAN_COUNTRY.finding(
                f"IBAN {_shown(value)} starts with {iban[:2]!r}, which is not a country that "
                "issues IBANs",
                location,
            ),
        )
    except sw.InvalidLength:
        return (
            IBAN_LENGTH.finding(
                f"IBAN {_shown(value)} has {len(iban)} characters; check for a missing or extra "
                f"character (IBANs from {iban[:2]} have a fixed length)",
                location,
            ),
        )
    except sw.InvalidChecksumDigits:
        expected = 98 - mod97(iban[4:] + iban[:2] + "00")
        return (
            IBAN_CHECKSUM.finding(
                f"IBAN {_shown(value)} has check digits {iban[2:4]} but its content gives "
                f"{expected:02d}; a character is probably mistyped",
                location,
                args={"expected": f"{expected:02d}"},
            ),
        )
    except sw.SchwiftyException as exc:
        return (
            IBAN_BBAN.finding(
                f"IBAN {_shown(value)}: the national account part is not valid for "
                f"{iban[:2]} ({exc})",
                location,
            ),
        )
    return ()


def _bban_structure_finding(value: str, iban: str) -> tuple[Finding, ...]:
    """The finding for a BBAN that breaks the SWIFT IBAN Registry where schwifty's table differs
    (``data/bban_structures.csv``), else none."""
    structure = bban_structures().get(iban[:2])
    if structure is not None and not _bban_pattern(structure).fullmatch(iban[4:]):
        return (
            IBAN_BBAN.finding(
                f"IBAN {_shown(value)}: the national account part does not follow the "
                f"{iban[:2]} structure {structure} of the SWIFT IBAN Registry",
                NOWHERE,
            ),
        )
    return ()


_BBAN_PART = re.compile(r"(\d+)(!?)([nace])")
_BBAN_CLASS = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]", "e": " "}


@lru_cache(maxsize=256)
def _bban_pattern(structure: str) -> re.Pattern[str]:
    """A regular expression for a BBAN structure in SWIFT notation (``8!n5!n10!n1!a1!c``; a
    count without ``!`` is a maximum, as schwifty reads it)."""
    return re.compile(
        "".join(
            f"{_BBAN_CLASS[kind]}{{{size if fixed else '1,' + size}}}"
            for size, fixed, kind in _BBAN_PART.findall(structure)
        )
    )


def check_bic(value: str, location: Location = NOWHERE, *, registry: bool = False) -> list[Finding]:
    """Check a BIC's shape and country; with ``registry`` also note BICs unknown to schwifty."""
    return _located(_check_bic_cached(value, registry), location)


@lru_cache(maxsize=4096)
def _check_bic_cached(value: str, registry: bool) -> tuple[Finding, ...]:
    """What :func:`check_bic` finds, at no location (cached on the value, as for IBANs)."""
    location = NOWHERE
    if not bic_shaped(value):
        return (
            BIC_FORMAT.finding(
                f"BIC {_shown(value)} must be 8 or 11 upper-case letters and digits: 4 for the "
                "institution, 2 country letters, 2 for the location, optionally 3 for the branch",
                location,
            ),
        )
    if not registry and is_country(value[4:6]):
        return ()  # all schwifty checks without a registry: shape (above) and country
    from schwifty import BIC
    from schwifty import exceptions as sw

    try:
        bic = BIC(value)
    except sw.InvalidCountryCode:
        return (
            BIC_COUNTRY.finding(
                f"BIC {value!r} has country code {value[4:6]!r}, which is not an ISO 3166 country",
                location,
            ),
        )
    except sw.SchwiftyException as exc:
        return (BIC_FORMAT.finding(f"BIC {value!r} is not valid: {exc}", location),)
    if registry and not bic.exists:
        return (
            BIC_UNREGISTERED.finding(
                f"BIC {value!r} is not in the bank registry schwifty ships; check it is a live "
                "BIC (test BICs and new branches are often missing)",
                location,
            ),
        )
    return ()


def bic_from_iban(iban: str) -> str | None:
    """The BIC of the bank an IBAN belongs to, from schwifty's bank registry (``None`` when the
    IBAN is invalid or the registry has no entry for its bank code)."""
    bank = bank_of_iban(iban)
    return None if bank is None else bank[0]


def bank_of_iban(iban: str) -> tuple[str | None, str, str | None] | None:
    """The BIC (``None`` when schwifty's bank registry has no entry), national bank code and bank
    name of the bank an IBAN belongs to; ``None`` when the IBAN is invalid."""
    from schwifty import IBAN
    from schwifty import exceptions as sw

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sw.NationalChecksumNotVerified)
            parsed = IBAN(compact(iban))
            bic = parsed.bic
    except sw.SchwiftyException:
        return None
    return (None if bic is None else str(bic.compact), parsed.bank_code, parsed.bank_name)


def check_lei(value: str, location: Location = NOWHERE) -> list[Finding]:
    """Check an ISO 17442 Legal Entity Identifier: 18 characters and 2 mod-97 check digits."""
    if not _LEI_SHAPE().fullmatch(value):
        return [
            LEI_FORMAT.finding(
                f"LEI {_shown(value)} must be 18 upper-case letters or digits followed by 2 check "
                "digits (20 characters)",
                location,
            )
        ]
    if mod97(value) != 1:
        return [
            LEI_CHECKSUM.finding(
                f"LEI {value!r} has wrong check digits; a character is probably mistyped",
                location,
            )
        ]
    return []


def check_creditor_reference(value: str, location: Location = NOWHERE) -> list[Finding]:
    """Check an ISO 11649 structured creditor reference (``RF18539007547034``)."""
    ref = compact(value)
    if not _RF_SHAPE().fullmatch(ref):
        return [
            RF_FORMAT.finding(
                f"creditor reference {_shown(value)} must be 'RF', 2 check digits and 1 to 21 "
                "letters or digits",
                location,
            )
        ]
    if mod97(ref[4:] + ref[:4]) != 1:
        return [
            RF_CHECKSUM.finding(
                f"creditor reference {value!r} has wrong check digits {ref[2:4]}; "
                "a character is probably mistyped",
                location,
            )
        ]
    return []


def creditor_reference(body: str) -> str:
    """Build the ISO 11649 reference for ``body``: ``'539007547034'`` -> ``'RF18539007547034'``."""
    ref = compact(body)
    if not re.fullmatch(r"[A-Z0-9]{1,21}", ref):
        raise ValueError(f"an RF reference body is 1 to 21 letters or digits, not {body!r}")
    check = 98 - mod97(ref + "RF00")
    return f"RF{check:02d}{ref}"


def check_uetr(value: str, location: Location = NOWHERE) -> list[Finding]:
    """Check a UETR: a lower-case RFC 9562 UUID of version 4."""
    if uetr_shaped(value):
        return []
    hint = ""
    if uetr_shaped(value.lower()):
        hint = "; write it in lower case"
    else:
        import uuid  # only to say which version a wrong UETR is

        try:
            parsed = uuid.UUID(value)
        except ValueError:
            pass
        else:
            hint = f"; this is a version {parsed.version} UUID, generate a version 4 one"
    return [
        UETR_FORMAT.finding(
            f"UETR {_shown(value)} must be a version 4 UUID like "
            f"'eb6305c9-1f7f-49de-aed0-16487c27b42d'{hint}",
            location,
        )
    ]


_ABA_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7, 1)


def aba_problem(value: str) -> str | None:
    """Why ``value`` is not an ABA routing transit number, or None.

    An ABA number is 9 digits whose weighted sum (weights 3, 7, 1 repeated) is a multiple of 10;
    the ninth digit is the check digit.
    """
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return f"ABA routing number {_shown(value)} must be exactly 9 digits"
    total = sum(w * int(d) for w, d in zip(_ABA_WEIGHTS, value, strict=True))
    if total % 10:
        expected = aba_check_digit(value[:8])
        return (
            f"ABA routing number {value} has check digit {value[8]}; the 3-7-1 check of its "
            f"first 8 digits gives {expected}"
        )
    return None


def aba_check_digit(first8: str) -> int:
    """The 3-7-1 check digit that completes the 8 digits ``first8`` to an ABA routing number."""
    total = sum(w * int(d) for w, d in zip(_ABA_WEIGHTS, first8, strict=False))
    return (10 - total % 10) % 10


def is_valid_aba(value: str) -> bool:
    """True when ``value`` is 9 digits with a correct 3-7-1 check digit."""
    return aba_problem(value) is None


def minor_units(currency: str) -> int | None:
    """The ISO 4217 minor units of ``currency`` (``None`` when unknown or not applicable)."""
    info = iso4217_entry(currency)
    return None if info is None else info.minor_units


def is_currency(currency: str) -> bool:
    """True for an active ISO 4217 alphabetic code."""
    return iso4217_entry(currency) is not None


def check_currency(value: str, location: Location = NOWHERE) -> list[Finding]:
    """Check that ``value`` is an active ISO 4217 currency code."""
    if iso4217_entry(value) is not None:
        return []
    hint = "; currency codes are upper case" if iso4217_entry(value.upper()) else ""
    return [
        CURRENCY_UNKNOWN.finding(
            f"currency {_shown(value)} is not an ISO 4217 code{hint}", location
        )
    ]


MAX_DECIMAL_CHARS = 64
"""Longest decimal text read as a number: ISO 20022 amounts have at most 18 digits, MT amounts
15 characters; anything longer is not read (the XSD or the field format reports it)."""
MAX_AMOUNT_DIGITS = 18
"""Most digits of an amount (ISO 20022 ``totalDigits``; MT allows fewer)."""
DECIMAL_TEXT = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
"""A decimal as :func:`parse_decimal` reads it (after stripping white space), as a regex."""


def decimal_shaped(text: str) -> bool:
    """``text`` fully matches :data:`DECIMAL_TEXT`."""
    body = text[1:] if text[:1] in ("+", "-") and text else text
    whole, _, fraction = body.partition(".")
    return bool(whole or fraction) and all(not part or _digits(part) for part in (whole, fraction))


@lru_cache(maxsize=1)
def decimal_class() -> type[Decimal]:
    """``decimal.Decimal``, imported on first use: an MT103 the compiled plan finds clean reads
    no amount as a number (an ``import`` statement in a function costs about 0.9 µs a call)."""
    from decimal import Decimal

    return Decimal


@lru_cache(maxsize=1)
def _exact() -> Context:
    """The context of :func:`exact_sum` (``decimal`` loads where amounts are read: an MT103
    the compiled plan finds clean reads none)."""
    from decimal import Context, DivisionByZero, Inexact, InvalidOperation, Overflow

    return Context(prec=400, traps=[InvalidOperation, Overflow, Inexact, DivisionByZero])


def parse_decimal(text: str | None) -> Decimal | None:
    """The ``xs:decimal`` in ``text`` (white space around it ignored) as an exact Decimal, else
    ``None``: no exponent, NaN, Infinity or ``1_000`` (Python reads them, XML Schema does not),
    and nothing over :data:`MAX_DECIMAL_CHARS` characters, so every value read is bounded and
    every sum of them exact."""
    if text is None:
        return None
    stripped = text.strip()
    if len(stripped) > MAX_DECIMAL_CHARS or not decimal_shaped(stripped):
        return None
    return decimal_class()(stripped)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of ``values``, never rounded to the 28 digits of Python's default context.

    Raises :class:`decimal.Inexact` or :class:`decimal.Overflow` only for values that
    :func:`parse_decimal` never returns (beyond 400 digits of range)."""
    return reduce(_exact().add, values, decimal_class()(0))


def digits(amount: Decimal) -> int:
    """How many digits a finite ``amount`` is written with: those before the point, then those
    after it up to the last that is not zero (``12500.00`` has 5, ``0.05`` has 2)."""
    return max(amount.adjusted() + 1, 0) + decimals(amount)


def decimals(amount: Decimal) -> int:
    """How many digits ``amount`` has after the decimal point, ignoring trailing zeros (read
    from its digits: ``normalize()`` overflows on ``1E+9999999``)."""
    _, numerals, exponent = amount.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    zeros = 0
    for numeral in reversed(numerals):
        if numeral:
            break
        zeros += 1
    return max(0, -exponent - zeros)


def check_amount(amount: Decimal, currency: str, location: Location = NOWHERE) -> list[Finding]:
    """Check a money amount: finite, not negative, and within its currency's minor units."""
    if not amount.is_finite() or amount < 0:
        return [
            AMOUNT_RANGE.finding(
                f"amount {amount} {currency} must be a finite number of zero or more", location
            )
        ]
    places = decimals(amount)  # once: every amount of a file passes here
    written = max(amount.adjusted() + 1, 0) + places  # what digits() gives
    if written > MAX_AMOUNT_DIGITS:
        return [
            AMOUNT_RANGE.finding(
                f"amount {_shown(str(amount))} {currency} has {written} digits; at most "
                f"{MAX_AMOUNT_DIGITS} are allowed",
                location,
            )
        ]
    units = minor_units(currency)
    if units is not None and places > units:
        return [
            AMOUNT_DECIMALS.finding(
                f"amount {amount} {currency} has {places} decimals but {currency} "
                f"allows {units}; round it to {units} decimals",
                location,
                args={"minor_units": str(units)},
            )
        ]
    return []


def check_country(value: str, location: Location = NOWHERE) -> list[Finding]:
    """Check an ISO 3166-1 alpha-2 country code (``XK`` for Kosovo is accepted, as SWIFT does)."""
    if is_country(value) or value == "XK":
        return []
    return [
        COUNTRY_UNKNOWN.finding(
            f"country {_shown(value)} is not an ISO 3166-1 alpha-2 code", location
        )
    ]


def is_valid_iban(value: str) -> bool:
    """True when :func:`check_iban` finds nothing."""
    return not _check_iban_cached(value)


def is_valid_bic(value: str) -> bool:
    """True when :func:`check_bic` finds nothing (the registry is not consulted)."""
    return not _check_bic_cached(value, False)


def same_bic(a: str | None, b: str | None) -> bool:
    """Whether two BICs name the same party: case and surrounding blanks aside, an 8-character
    BIC is its own head office, ``XXX``. A missing or empty BIC is never the same as another."""
    if not a or not b:
        return False
    a, b = a.strip().upper(), b.strip().upper()
    return (a + "XXX" if len(a) == 8 else a) == (b + "XXX" if len(b) == 8 else b)


def is_valid_lei(value: str) -> bool:
    """True when :func:`check_lei` finds nothing."""
    return not check_lei(value)


def is_valid_creditor_reference(value: str) -> bool:
    """True when :func:`check_creditor_reference` finds nothing."""
    return not check_creditor_reference(value)


def is_valid_uetr(value: str) -> bool:
    """True when :func:`check_uetr` finds nothing."""
    return uetr_shaped(value)
