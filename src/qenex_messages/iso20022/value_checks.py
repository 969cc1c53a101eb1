"""Checks beyond the XSD of single values: identifiers, country codes, dates and amounts.

Each is one :func:`~qenex_messages.iso20022.check_record.value_check` record naming the
elements it reads; the XSD has already checked their shape, these check what a pattern cannot
(check digits, registries, calendars, currency minor units).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from lxml import etree

from qenex_messages import identifiers as ids
from qenex_messages._records import replace
from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import parse_decimal
from qenex_messages.iso20022.check_record import PAIN, ex, value_check
from qenex_messages.iso20022.codes import BAD_DATE
from qenex_messages.iso20022.xmlsafe import first_child, local_name

__all__ = ["AMOUNT_ELEMENTS", "DATE_ELEMENTS"]

_IBAN = "DE89370400440532013000"
_BIC = "DEUTDEFFXXX"


@value_check(
    "ISO-IBAN",
    (ids.IBAN_FORMAT, ids.IBAN_CHECKSUM, ids.IBAN_LENGTH, ids.IBAN_COUNTRY, ids.IBAN_BBAN),
    "An IBAN has a known country, that country's length and BBAN structure, and right check "
    "digits (ISO 13616, ISO 7064 mod 97-10).",
    elements=("IBAN",),
    fail=(ex((_IBAN, "DE89370400440532013001"), why="a wrong check digit"),),
    ok=(ex(why="the sample as it is"),),
    sources=("X1", "S7"),
)
def _iban(_element: etree._Element, _name: str, text: str) -> Sequence[Finding]:
    return ids.check_iban(text)


@value_check(
    "ISO-BIC",
    (ids.BIC_FORMAT, ids.BIC_COUNTRY),
    "A BIC has the ISO 9362 shape and a country code that exists.",
    elements=("BICFI", "BIC", "AnyBIC", "BICOrBEI"),
    fail=(ex((_BIC, "DEUTXXFFXXX"), why="no country XX"),),
    ok=(ex(why="the sample as it is"),),
    sources=("X2",),
)
def _bic(_element: etree._Element, _name: str, text: str) -> Sequence[Finding]:
    return ids.check_bic(text)


@value_check(
    "ISO-COUNTRY",
    (ids.COUNTRY_UNKNOWN,),
    "A country code is an ISO 3166-1 alpha-2 code that exists.",
    elements=("Ctry", "CtryOfRes", "CtryOfBirth"),
    fail=(ex(("<Ctry>DE</Ctry>", "<Ctry>XX</Ctry>"), why="no country XX"),),
    ok=(ex(why="the sample as it is"),),
    sources=("X3",),
)
def _country(_element: etree._Element, _name: str, text: str) -> Sequence[Finding]:
    return ids.check_country(text)


@value_check(
    "ISO-LEI",
    (ids.LEI_FORMAT, ids.LEI_CHECKSUM),
    "A legal entity identifier has 20 characters and right check digits (ISO 17442).",
    elements=("LEI",),
    fail=(ex(("529900T8BM49AURSDO55", "529900T8BM49AURSDO56"), why="a wrong check digit"),),
    ok=(ex(why="the sample as it is"),),
    sources=("X4",),
)
def _lei(_element: etree._Element, _name: str, text: str) -> Sequence[Finding]:
    return ids.check_lei(text.strip())


@value_check(
    "ISO-UETR",
    (ids.UETR_FORMAT,),
    "A UETR is a version 4 UUID in lower case (RFC 4122, as SWIFT gpi requires).",
    elements=("UETR",),
    fail=(ex(("-1f7f-49de-", "-1f7f-19de-"), why="a version 1 UUID"),),
    ok=(ex(why="the sample as it is"),),
    sources=("X8",),
)
def _uetr(_element: etree._Element, _name: str, text: str) -> Sequence[Finding]:
    return ids.check_uetr(text)


@value_check(
    "ISO-RF",
    (ids.RF_FORMAT, ids.RF_CHECKSUM),
    "A structured creditor reference of type SCOR that starts RF has the ISO 11649 shape and "
    "check digits: a warning, as the receiver need not check it.",
    elements=("Ref",),
    fail=(
        ex(
            ("RF18539007547034", "RF19539007547034"),
            base=PAIN,
            why="a wrong check digit",
        ),
    ),
    ok=(ex(base=PAIN, why="the sample as it is"),),
    sources=("X5", "S8"),
    severity="W",
    by_value=False,
)
def _creditor_reference(element: etree._Element, _name: str, text: str) -> Sequence[Finding]:
    text = text.strip()
    holder = element.getparent()
    if holder is None or local_name(holder) != "CdtrRefInf" or not text.upper().startswith("RF"):
        return ()
    kind = first_child(holder, "Tp", "CdOrPrtry", "Cd")
    if kind is None or (kind.text or "").strip() != "SCOR":
        return ()
    return [replace(f, severity=Severity.WARNING) for f in ids.check_creditor_reference(text)]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
DATE_ELEMENTS = (
    "CreDtTm", "IntrBkSttlmDt", "Dt", "DtTm", "BirthDt", "RltdDt", "PoolgAdjstmntDt",
    "XpryDtTm", "AccptncDtTm", "DbtDtTm", "CdtDtTm", "CreDt", "ReqdExctnDt",
)  # fmt: skip


@value_check(
    "ISO-DATE",
    (BAD_DATE,),
    "A date or date-time names a day that exists (the XSD pattern lets 2026-02-30 through).",
    elements=DATE_ELEMENTS,
    fail=(ex(("<IntrBkSttlmDt>2026-03-02", "<IntrBkSttlmDt>2026-02-30"), why="30 February"),),
    ok=(ex(why="the sample as it is"),),
    sources=("X7",),
)
def _date(_element: etree._Element, name: str, text: str) -> Sequence[Finding]:
    text = text.strip()
    try:
        if _DATETIME.match(text):
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        elif _DATE.fullmatch(text):
            dt.date.fromisoformat(text)
    except ValueError:
        return [BAD_DATE.finding(f"{name} {text!r} is not a date that exists")]
    return ()


AMOUNT_ELEMENTS = (
    "Amt", "CdtNoteAmt", "ChrgsAmt", "ConfdAmt", "DscntApldAmt", "DuePyblAmt", "InstdAmt",
    "IntrBkSttlmAmt", "RmtdAmt", "TaxAmt", "TaxblBaseAmt", "TtlAmt", "TtlIntrBkSttlmAmt",
    "TtlTaxAmt", "TtlTaxblBaseAmt",
)  # fmt: skip
"""Every element whose XSD type is an amount with a Ccy attribute, across the supported
pacs.008, pain.001, pacs.002 and pain.002 versions (tests/iso20022 checks it against the XSDs)."""


@value_check(
    "ISO-AMOUNT",
    (ids.CURRENCY_UNKNOWN, ids.AMOUNT_DECIMALS, ids.AMOUNT_RANGE),
    "An amount's currency is an active ISO 4217 code and the amount has no more decimals than "
    "that currency's minor units.",
    elements=AMOUNT_ELEMENTS,
    fail=(
        ex(('Ccy="EUR">1000.00', 'Ccy="EUX">1000.00'), why="no currency EUX"),
        ex(('Ccy="EUR">1000.00', 'Ccy="JPY">1000.50'), why="yen have no minor unit"),
    ),
    ok=(ex(why="the sample as it is"),),
    sources=("X6",),
    attribute="Ccy",
)
def _amount(element: etree._Element, _name: str, text: str) -> Sequence[Finding]:
    ccy = element.get("Ccy")
    if ccy is None:  # a container of the same name, e.g. pain.001's Amt
        return ()
    return amount_findings(text, ccy)


def amount_findings(text: str, ccy: str) -> tuple[Finding, ...]:
    """The findings (unlocated) of amount ``text`` in currency ``ccy`` (cached by the walk of
    the checks, on the name, the text and the currency)."""
    found = ids.check_currency(ccy)
    value = parse_decimal(text)
    if value is not None and not found:
        found = ids.check_amount(value, ccy)
    return tuple(found)
