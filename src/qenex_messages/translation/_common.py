"""Helpers of the translations: the '+' truncation rule, clearing-code tables, reading input."""

from __future__ import annotations

from qenex_messages.charsets import NOT_X
from qenex_messages.codes import CodeInfo
from qenex_messages.findings import Finding, Location, MessageError, Severity
from qenex_messages.iso20022 import ParsedDocument, parse_document
from qenex_messages.translation import codes as t

NOTPROVIDED = "NOTPROVIDED"
"""The dummy value CBPR+ uses where a mandatory element has no source (read back as absent)."""

MT_TO_ISO_CLEARING: dict[str, str] = {
    "AT": "ATBLZ",
    "AU": "AUBSB",
    "BL": "DEBLZ",
    "CC": "CACPA",
    "CN": "CNAPS",
    "CP": "USPID",
    "ES": "ESNCC",
    "FW": "USABA",
    "GR": "GRBIC",
    "HK": "HKNCC",
    "IE": "IENCC",
    "IN": "INFSC",
    "IT": "ITNCC",
    "NZ": "NZNCC",
    "PL": "PLKNR",
    "PT": "PTNCC",
    "RU": "RUCBC",
    "SC": "GBDSC",
    "SW": "CHBCC",
}
"""MT party-identifier clearing codes (``//FW021000021``) and their ISO 20022 external
clearing-system codes (ExternalClearingSystemIdentification1Code)."""
ISO_TO_MT_CLEARING = {v: k for k, v in MT_TO_ISO_CLEARING.items()}


def cut(text: str, width: int) -> tuple[str, bool]:
    """``text`` within ``width`` characters: when longer, the first ``width - 1`` and ``+``."""
    if len(text) <= width:
        return text, False
    return text[: width - 1] + "+", True


def is_basic(text: str) -> bool:
    """True when ``text`` uses only the FIN X / SEPA basic character set (no line break)."""
    return NOT_X.search(text) is None


def read_document(
    data: bytes | ParsedDocument, wanted: str, source: str | None = None
) -> tuple[ParsedDocument | None, list[Finding]]:
    """The parsed document, or ``None`` and error findings when ``data`` is not a ``wanted``
    (``"pacs.008"`` or ``"pain.001"``) message."""
    if isinstance(data, ParsedDocument):
        parsed = data
    else:
        try:
            parsed = parse_document(bytes(data), source=source)
        except MessageError as exc:
            return None, [
                t.UNREADABLE.finding(
                    f"the input is not a readable {wanted} message: {exc.args[0]}"
                ),
                *exc.findings,
            ]
    if parsed.info.message_type != wanted:
        return None, [
            t.UNREADABLE.finding(
                f"the input is a {parsed.info.message_type} ({parsed.info.version}), "
                f"not a {wanted}",
                Location(source=source),
            )
        ]
    return parsed, []


def info(code: CodeInfo, message: str, location: Location) -> Finding:
    """A finding of ``code`` at info severity."""
    return code.finding(message, location, severity=Severity.INFO)
