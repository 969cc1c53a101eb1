"""Checks beyond the XSD on a pacs.008 or pain.001 Document: identifiers, amounts, counts, sums,
duplicate references and calendar dates. One pass over the tree; findings carry line and XPath."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import TypeAlias

from lxml import etree

from qenex_messages import identifiers
from qenex_messages.findings import Finding, Location, Severity
from qenex_messages.identifiers import parse_decimal
from qenex_messages.iso20022.codes import BAD_DATE
from qenex_messages.iso20022.totals import (
    UNIQUE,
    SeenIds,
    Totals,
    duplicate_finding,
    transaction_amount,
)
from qenex_messages.iso20022.xmlsafe import line_of, local_name
from qenex_messages.iso20022.xsd import path_scope, readable_path
from qenex_messages.limits import Limits, resolve

_BICS = frozenset({"BICFI", "BIC", "AnyBIC", "BICOrBEI"})
_COUNTRIES = frozenset({"Ctry", "CtryOfRes", "CtryOfBirth"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
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
_TAGS = tuple(
    "{*}" + t for t in sorted(_BICS | _COUNTRIES | _DATES | _ID_TAGS | {"IBAN", "LEI", "Ref"})
)
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


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return element.find("{*}" + name)


def _value_findings(
    element: etree._Element, name: str, text: str, source: str | None
) -> list[Finding]:
    """The checks of one identifier or date element, by its name (unlocated)."""
    check = _VALUE_CHECKS.get(name)
    return check(element, text, source) if check is not None else []


def _check_creditor_reference(element: etree._Element, text: str) -> list[Finding]:
    """An ISO 11649 reference (CdtrRefInf of type SCOR, starting RF): a warning when its check
    digits or shape are wrong (the SEPA rulebook does not oblige the receiver to check it)."""
    holder = element.getparent()
    if holder is None or local_name(holder) != "CdtrRefInf" or not text.upper().startswith("RF"):
        return []
    kind = holder.find("{*}Tp/{*}CdOrPrtry/{*}Cd")
    if kind is None or (kind.text or "").strip() != "SCOR":
        return []
    return [
        replace(f, severity=Severity.WARNING) for f in identifiers.check_creditor_reference(text)
    ]


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


ValueCheck: TypeAlias = Callable[[etree._Element, str, "str | None"], list[Finding]]

_VALUE_CHECKS: dict[str, ValueCheck] = {
    "IBAN": lambda _el, text, _src: identifiers.check_iban(text),
    **dict.fromkeys(_BICS, lambda _el, text, _src: identifiers.check_bic(text)),
    **dict.fromkeys(_COUNTRIES, lambda _el, text, _src: identifiers.check_country(text)),
    "LEI": lambda _el, text, _src: identifiers.check_lei(text.strip()),
    "Ref": lambda el, text, _src: _check_creditor_reference(el, text.strip()),
    **dict.fromkeys(_DATES, lambda el, text, src: _check_dates(el, text.strip(), src)),
    "UETR": lambda _el, text, _src: identifiers.check_uetr(text),
}
"""The check beyond the XSD of each identifier and date element, by its local name."""


def check_document(
    document: etree._Element,
    message_type: str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
) -> list[Finding]:
    """Every check beyond the XSD on a pacs.008 or pain.001 ``Document`` element."""
    return [
        *check_values(document, message_type, source=source, limits=limits),
        *check_totals(document, message_type, source=source),
    ]


@path_scope()
def check_values(
    document: etree._Element,
    message_type: str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
    unique: bool = True,
) -> list[Finding]:
    """The checks of single values (identifiers, amounts, dates) and, with ``unique``, of
    identifiers repeated in the message. A stream runs it per chunk without ``unique``."""
    findings: list[Finding] = []
    wanted = UNIQUE.get(message_type, {}) if unique else {}
    seen = SeenIds(resolve(limits))
    # lxml filters the tags in C; only the few elements worth checking reach Python.
    for element in document.iter(*_ALL_TAGS):
        name = local_name(element)
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
        found = _value_findings(element, name, text, source)
        if found:  # locate only what is reported: building paths is the costly part
            where = _loc(element, source)
            findings.extend(f.at(source=source, line=where.line, xpath=where.xpath) for f in found)
        severity = wanted.get(name)
        if severity is not None:
            key = text.strip()
            state, first = seen.check(name, key, line_of(element) or 0)
            if state != "new":
                where = _loc(element, source)
                findings.append(duplicate_finding(name, key, state, first, where, severity))
    return findings


@path_scope()
def check_totals(
    document: etree._Element, message_type: str, *, source: str | None = None
) -> list[Finding]:
    """NbOfTxs, CtrlSum and TtlIntrBkSttlmAmt of each level against its transactions."""
    message = next((c for c in document if isinstance(c.tag, str)), None)
    if message is None:
        return []
    group = Totals.of_header(_child(message, "GrpHdr"), "GrpHdr", source=source, xpath=None)
    findings: list[Finding] = []
    if message_type == "pacs.008":
        for tx in message.iterchildren("{*}CdtTrfTxInf"):
            group.add(transaction_amount(tx, message_type))
    elif message_type == "pain.001":
        for block in message.iterchildren("{*}PmtInf"):
            level = readable_path(block).rpartition("/")[2]
            totals = Totals.of_header(block, level, source=source, xpath=None)
            for tx in block.iterchildren("{*}CdtTrfTxInf"):
                amount = transaction_amount(tx, message_type)
                totals.add(amount)
                group.add(amount)
            findings.extend(totals.findings())
    else:
        return []
    findings.extend(group.findings())
    return findings
