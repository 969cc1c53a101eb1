"""Checks beyond the XSD on a pacs.008 or pain.001 Document: identifiers, amounts, counts, sums,
duplicate references and calendar dates. One pass over the tree; findings carry line and XPath."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from lxml import etree

from qenex_messages import identifiers
from qenex_messages.findings import Finding, Location, Severity
from qenex_messages.iso20022.codes import (
    BAD_DATE,
    COUNT_MISMATCH,
    DUPLICATE_ID,
    MIXED_CURRENCY_TOTAL,
    SUM_MISMATCH,
    TOTAL_MISMATCH,
)
from qenex_messages.iso20022.xmlsafe import line_of, local_name
from qenex_messages.iso20022.xsd import path_scope, readable_path

_BICS = frozenset({"BICFI", "BIC", "AnyBIC", "BICOrBEI"})
_COUNTRIES = frozenset({"Ctry", "CtryOfRes", "CtryOfBirth"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
# Identifiers that must be unique in one message (error), or that should be (warning).
_UNIQUE = {
    "pain.001": {
        "PmtInfId": Severity.ERROR,
        "InstrId": Severity.ERROR,
        "UETR": Severity.ERROR,
        "EndToEndId": Severity.WARNING,
    },
    "pacs.008": {
        "InstrId": Severity.ERROR,
        "TxId": Severity.ERROR,
        "UETR": Severity.ERROR,
        "EndToEndId": Severity.WARNING,
    },
}
_DATES = frozenset(
    {
        "CreDtTm",
        "IntrBkSttlmDt",
        "Dt",
        "DtTm",
        "BirthDt",
        "RltdDt",
        "PoolgAdjstmntDt",
        "XpryDtTm",
        "AccptncDtTm",
        "DbtDtTm",
        "CdtDtTm",
        "CreDt",
        "ReqdExctnDt",
    }
)
_ID_TAGS = frozenset({"PmtInfId", "InstrId", "TxId", "EndToEndId", "UETR"})
_TAGS = tuple("{*}" + t for t in sorted(_BICS | _COUNTRIES | _DATES | _ID_TAGS | {"IBAN"}))
# Every element whose XSD type is an amount with a Ccy attribute, across the supported
# pacs.008, pain.001, pacs.002 and pain.002 versions (tests/iso20022 checks it against the XSDs).
AMOUNT_ELEMENTS = frozenset(
    {
        "Amt", "CdtNoteAmt", "ChrgsAmt", "ConfdAmt", "DscntApldAmt", "DuePyblAmt", "InstdAmt",
        "IntrBkSttlmAmt", "RmtdAmt", "TaxAmt", "TaxblBaseAmt", "TtlAmt", "TtlIntrBkSttlmAmt",
        "TtlTaxAmt", "TtlTaxblBaseAmt",
    }
)  # fmt: skip
_ALL_TAGS = _TAGS + tuple("{*}" + name for name in sorted(AMOUNT_ELEMENTS))


@lru_cache(maxsize=4096)
def _amount_findings(text: str, ccy: str) -> tuple[Finding, ...]:
    found = identifiers.check_currency(ccy)
    value = parse_decimal(text)
    if value is not None and not found:
        found = identifiers.check_amount(value, ccy)
    return tuple(found)


def _loc(element: etree._Element, source: str | None) -> Location:
    return Location(source=source, line=line_of(element), xpath=readable_path(element))


def parse_decimal(text: str | None) -> Decimal | None:
    """The finite ``Decimal`` in ``text`` (surrounding white space ignored), else ``None``."""
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return element.find("{*}" + name)


def _check_dates(element: etree._Element, text: str, source: str | None) -> list[Finding]:
    try:
        if _DATETIME.match(text):
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        elif _DATE.fullmatch(text):
            dt.date.fromisoformat(text)
    except ValueError:
        return [
            BAD_DATE.finding(
                f"{local_name(element)} {text!r} is not a date that exists", _loc(element, source)
            )
        ]
    return []


def transaction_amount(tx: etree._Element, message_type: str) -> tuple[Decimal, str] | None:
    """(amount, currency) of one CdtTrfTxInf: IntrBkSttlmAmt in a pacs.008, InstdAmt (else
    EqvtAmt/Amt) in a pain.001; ``None`` when absent or not a number."""
    if message_type == "pacs.008":
        found = tx.find("{*}IntrBkSttlmAmt")
    else:
        found = tx.find("{*}Amt/{*}InstdAmt")
        if found is None:
            found = tx.find("{*}Amt/{*}EqvtAmt/{*}Amt")
    if found is None:
        return None
    value = parse_decimal(found.text)
    return (value, found.get("Ccy", "")) if value is not None else None


def _count_and_sum(
    header: etree._Element | None,
    tx_amounts: list[tuple[Decimal, str] | None],
    source: str | None,
    level: str,
) -> list[Finding]:
    if header is None:
        return []
    findings: list[Finding] = []
    count = _child(header, "NbOfTxs")
    if count is not None and (count.text or "").strip().isdigit():
        stated = int((count.text or "").strip())
        if stated != len(tx_amounts):
            findings.append(
                COUNT_MISMATCH.finding(
                    f"{level} NbOfTxs says {stated} but there are {len(tx_amounts)} transactions",
                    _loc(count, source),
                    args={"stated": str(stated), "counted": str(len(tx_amounts))},
                )
            )
    control = _child(header, "CtrlSum")
    if control is not None:
        stated_sum = parse_decimal(control.text)
        amounts = [a for a in tx_amounts if a]
        currencies = {c for _, c in amounts}
        total = sum((v for v, _ in amounts), Decimal(0))
        if stated_sum is not None and stated_sum != total:
            if len(currencies) > 1:
                findings.append(
                    MIXED_CURRENCY_TOTAL.finding(
                        f"{level} CtrlSum {stated_sum} adds amounts in "
                        f"{', '.join(sorted(currencies))}; the plain sum is {total}",
                        _loc(control, source),
                    )
                )
            else:
                findings.append(
                    SUM_MISMATCH.finding(
                        f"{level} CtrlSum says {stated_sum} but the amounts add up to {total}",
                        _loc(control, source),
                        args={"stated": str(stated_sum), "computed": str(total)},
                    )
                )
    return findings


@path_scope()
def check_document(
    document: etree._Element, message_type: str, *, source: str | None = None
) -> list[Finding]:
    """Every check beyond the XSD on a pacs.008 or pain.001 ``Document`` element."""
    findings: list[Finding] = []
    unique = _UNIQUE.get(message_type, {})
    seen: dict[str, dict[str, etree._Element]] = defaultdict(dict)
    # lxml filters the tags in C; only the few elements worth checking reach Python.
    for element in document.iter(*_ALL_TAGS):
        tag: Any = element.tag
        name = tag.rpartition("}")[2]
        text = element.text
        if not text:
            continue
        if name in AMOUNT_ELEMENTS:
            ccy = element.get("Ccy")
            if ccy is not None:  # else a container of the same name, e.g. pain.001's Amt
                problems = _amount_findings(text, ccy)
                if problems:
                    where = _loc(element, source)
                    findings.extend(
                        f.at(source=source, line=where.line, xpath=where.xpath) for f in problems
                    )
            continue
        found: list[Finding] = []
        if name == "IBAN":
            found = identifiers.check_iban(text)
        elif name in _BICS:
            found = identifiers.check_bic(text)
        elif name in _COUNTRIES:
            found = identifiers.check_country(text)
        elif name in _DATES:
            found = _check_dates(element, text.strip(), source)
        if name == "UETR":
            found = identifiers.check_uetr(text)
        if found:  # locate only what is reported: building paths is the costly part
            where = _loc(element, source)
            findings.extend(f.at(source=source, line=where.line, xpath=where.xpath) for f in found)
        if name in unique:
            key = text.strip()
            first = seen[name].get(key)
            if first is not None:
                findings.append(
                    DUPLICATE_ID.finding(
                        f"{name} {key!r} is repeated (first at line {line_of(first)}); it must "
                        "be unique in the message",
                        _loc(element, source),
                        severity=unique[name],
                    )
                )
            else:
                seen[name][key] = element
    message = next((c for c in document if isinstance(c.tag, str)), None)
    if message is None:
        return findings
    header = _child(message, "GrpHdr")
    if message_type == "pacs.008":
        transactions = message.iterchildren("{*}CdtTrfTxInf")
        amounts = [transaction_amount(t, message_type) for t in transactions]
        findings.extend(_count_and_sum(header, amounts, source, "GrpHdr"))
        total = _child(header, "TtlIntrBkSttlmAmt") if header is not None else None
        if total is not None:
            stated = parse_decimal(total.text)
            computed = sum((a[0] for a in amounts if a), Decimal(0))
            if stated is not None and stated != computed:
                findings.append(
                    TOTAL_MISMATCH.finding(
                        f"TtlIntrBkSttlmAmt says {stated} but the IntrBkSttlmAmt add up to "
                        f"{computed}",
                        _loc(total, source),
                    )
                )
    elif message_type == "pain.001":
        everything: list[tuple[Decimal, str] | None] = []
        for block in message.iterchildren("{*}PmtInf"):
            transactions = block.iterchildren("{*}CdtTrfTxInf")
            amounts = [transaction_amount(t, message_type) for t in transactions]
            everything.extend(amounts)
            path = readable_path(block).rpartition("/")[2]
            findings.extend(_count_and_sum(block, amounts, source, path))
        findings.extend(_count_and_sum(header, everything, source, "GrpHdr"))
    return findings
