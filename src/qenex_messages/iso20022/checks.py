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
    NOT_PROVIDED,
    UNIQUE,
    SeenIds,
    Totals,
    duplicate_finding,
    transaction_amount,
)
from qenex_messages.iso20022.xmlsafe import first_child, line_of, local_name, local_tag
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


def _value_findings(element: etree._Element, name: str, text: str) -> tuple[Finding, ...]:
    """The checks of one identifier or date element, by its name (unlocated)."""
    if name == "Ref":
        return tuple(_check_creditor_reference(element, text.strip()))
    return _value_problems(name, text)


@lru_cache(maxsize=4096)
def _value_problems(name: str, text: str) -> tuple[Finding, ...]:
    """The findings (unlocated) of a value whose check depends on its name and text alone:
    cached on them, as identifiers repeat across the transactions of a file."""
    check = _VALUE_CHECKS.get(name)
    return tuple(check(name, text)) if check is not None else ()


def _check_creditor_reference(element: etree._Element, text: str) -> list[Finding]:
    """An ISO 11649 reference (CdtrRefInf of type SCOR, starting RF): a warning when its check
    digits or shape are wrong (the SEPA rulebook does not oblige the receiver to check it)."""
    holder = element.getparent()
    if holder is None or local_name(holder) != "CdtrRefInf" or not text.upper().startswith("RF"):
        return []
    kind = first_child(holder, "Tp", "CdOrPrtry", "Cd")
    if kind is None or (kind.text or "").strip() != "SCOR":
        return []
    return [
        replace(f, severity=Severity.WARNING) for f in identifiers.check_creditor_reference(text)
    ]


def _check_dates(name: str, text: str) -> list[Finding]:
    try:
        if _DATETIME.match(text):
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        elif _DATE.fullmatch(text):
            dt.date.fromisoformat(text)
    except ValueError:
        return [BAD_DATE.finding(f"{name} {text!r} is not a date that exists")]
    return []


ValueCheck: TypeAlias = Callable[[str, str], list[Finding]]

_VALUE_CHECKS: dict[str, ValueCheck] = {
    "IBAN": lambda _name, text: identifiers.check_iban(text),
    **dict.fromkeys(_BICS, lambda _name, text: identifiers.check_bic(text)),
    **dict.fromkeys(_COUNTRIES, lambda _name, text: identifiers.check_country(text)),
    "LEI": lambda _name, text: identifiers.check_lei(text.strip()),
    **dict.fromkeys(_DATES, lambda name, text: _check_dates(name, text.strip())),
    "UETR": lambda _name, text: identifiers.check_uetr(text),
}
"""The check beyond the XSD of each identifier and date element, by its local name (the
creditor reference, which depends on the element around it, is checked apart)."""


def check_document(
    document: etree._Element,
    message_type: str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
) -> list[Finding]:
    """Every check beyond the XSD on a pacs.008 or pain.001 ``Document`` element.

    Optimistic: a first pass only asks whether anything is wrong, building no location, path
    or finding; only when it finds something does the exact pass run and report everything."""
    if values_clean(document, message_type, resolve(limits)) and totals_agree(
        document, message_type
    ):
        return []
    return exact_findings(document, message_type, source=source, limits=limits)


def exact_findings(
    document: etree._Element,
    message_type: str,
    *,
    source: str | None = None,
    limits: Limits | None = None,
) -> list[Finding]:
    """What :func:`check_document` reports, always by the exact pass (located findings)."""
    return [
        *check_values(document, message_type, source=source, limits=limits),
        *check_totals(document, message_type, source=source),
    ]


@lru_cache(maxsize=512)
def _plan(tag: str, message_type: str) -> tuple[str, bool]:
    """(local name, whether the value must be unique in a ``message_type``) of a checked tag."""
    name = local_tag(tag)
    return name, name in UNIQUE.get(message_type, {})


def values_clean(document: etree._Element, message_type: str, limits: Limits) -> bool:
    """Whether :func:`check_values` would report nothing (the identifiers, amounts and dates
    are valid, no identifier repeats); ``False`` when in doubt (more identifiers than
    ``limits.max_tracked_ids``)."""
    seen: set[tuple[str, str]] = set()
    cap = limits.max_tracked_ids
    for element in document.iter(*_ALL_TAGS):
        text = element.text
        if not text:
            continue
        name, unique = _plan(element.tag, message_type)
        if name in AMOUNT_ELEMENTS:
            ccy = element.get("Ccy")
            if ccy is not None and _amount_findings(text, ccy):
                return False
            continue
        if _value_findings(element, name, text) if name == "Ref" else _value_problems(name, text):
            return False
        if unique:
            key = (name, text.strip())
            if key in seen and key[1] != NOT_PROVIDED:
                return False
            seen.add(key)
            if len(seen) > cap:
                return False
    return True


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
        found = _value_findings(element, name, text)
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


def check_totals(
    document: etree._Element, message_type: str, *, source: str | None = None
) -> list[Finding]:
    """NbOfTxs, CtrlSum and TtlIntrBkSttlmAmt of each level against its transactions."""
    with path_scope():
        return _totals(document, message_type, source, located=True) or []


def totals_agree(document: etree._Element, message_type: str) -> bool:
    """Whether :func:`check_totals` would report nothing (no location is built)."""
    return _totals(document, message_type, None, located=False) is None


def _totals(
    document: etree._Element, message_type: str, source: str | None, *, located: bool
) -> list[Finding] | None:
    """The findings of every level whose figures disagree; ``None`` when all agree (and, when
    not ``located``, at the first level that disagrees: an empty list)."""
    message = next((c for c in document if isinstance(c.tag, str)), None)
    if message is None or message_type not in ("pacs.008", "pain.001"):
        return None
    group = Totals.of_header(first_child(message, "GrpHdr"), "GrpHdr", source=source, xpath=None)
    findings: list[Finding] = []
    wrong = False
    if message_type == "pacs.008":
        for tx in message.iterchildren("{*}CdtTrfTxInf"):
            group.add(transaction_amount(tx, message_type))
    else:
        for block in message.iterchildren("{*}PmtInf"):
            totals = Totals.of_header(block, "", source=source, xpath=None)
            for tx in block.iterchildren("{*}CdtTrfTxInf"):
                amount = transaction_amount(tx, message_type)
                totals.add(amount)
                group.add(amount)
            if not totals.agrees():
                if not located:
                    return []
                wrong = True
                totals.level = readable_path(block).rpartition("/")[2]
                findings.extend(totals.findings())
    if not group.agrees():
        if not located:
            return []
        wrong = True
        findings.extend(group.findings())
    return findings if wrong else None
