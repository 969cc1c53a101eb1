"""Helpers of the translations: the '+' truncation rule, clearing-code tables, reading input."""

from __future__ import annotations

import string

from qenex_messages.charsets import NOT_X
from qenex_messages.codes import CodeInfo
from qenex_messages.findings import Finding, Location, MessageError, QenexError, Severity
from qenex_messages.iso20022 import ParsedDocument, parse_document
from qenex_messages.model import CreditTransfer, CreditTransferTransaction
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


TXID_REQUIRED = frozenset({"pacs.008.001.02"})
"""pacs.008 versions whose PmtId/TxId is mandatory (and that have no UETR)."""
TXID_FIELDS = ("InstrId", "EndToEndId", "MsgId", "n")
"""The placeholders of a TxId template: the transaction's own ids, the message id, its number."""
_TXID_MAX = 35


def check_txid_template(template: str) -> None:
    """Raise :class:`QenexError` when ``template`` names a placeholder other than
    :data:`TXID_FIELDS` or is not a format string."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise QenexError(f"TxId template {template!r}: {exc}") from None
    unknown = [n for n in names if n not in TXID_FIELDS]
    if unknown:
        known = ", ".join("{" + n + "}" for n in TXID_FIELDS)
        raise QenexError(f"TxId template {template!r}: unknown {{{unknown[0]}}} (use {known})")


def supply_txid(
    template: str, values: dict[str, str | None], location: Location
) -> tuple[str | None, Finding]:
    """The TxId ``template`` gives for one transaction (``values``: InstrId, EndToEndId, MsgId,
    n), with the finding that says it was supplied, or ``None`` and the error finding when a
    value it names is missing or the result is no Max35Text."""
    missing = [k for k, v in values.items() if v is None and "{" + k + "}" in template]
    if missing:
        return None, t.INCOMPLETE.finding(
            f"the TxId template {template!r} needs {missing[0]}, which this transaction lacks",
            location,
        )
    value = template.format_map({k: v or "" for k, v in values.items()})
    if not value or len(value) > _TXID_MAX or not is_basic(value) or value != value.strip():
        return None, t.INCOMPLETE.finding(
            f"the TxId template {template!r} gives {value!r}, which is not 1 to {_TXID_MAX} "
            "characters of the basic character set",
            location,
        )
    return value, info(
        t.DEFAULTED, f"TxId {value} written from the template {template!r}", location
    )


_PACS_TX = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf"


def fill_transaction_ids(
    model: CreditTransfer, to: str, template: str | None, out: list[Finding]
) -> CreditTransfer:
    """``model`` (a pacs.008) with every transaction without a TxId given one from ``template``;
    without a template, an error finding for each when version ``to`` requires a TxId."""
    if template is not None:
        check_txid_template(template)
    txs = list(model.transactions)
    supplied: set[int] = set()
    for number, tx in enumerate(txs, start=1):
        if tx.transaction_id is not None:
            continue
        where = Location(xpath=f"{_PACS_TX}[{number}]/PmtId")
        if template is None:
            if to in TXID_REQUIRED:
                out.append(
                    t.INCOMPLETE.finding(
                        f"{to} requires PmtId/TxId and this transaction has none: supply one "
                        "with a template, e.g. transaction_id='{InstrId}' (convert --tx-id "
                        "'{InstrId}')",
                        where,
                    )
                )
            continue
        values = {
            "InstrId": tx.instruction_id,
            "EndToEndId": tx.end_to_end_id,
            "MsgId": model.group_header.message_id,
            "n": str(number),
        }
        value, finding = supply_txid(template, values, where)
        out.append(finding)
        if value is not None:
            txs[number - 1] = tx.model_copy(update={"transaction_id": value})
            supplied.add(number)
    _refuse_repeats(txs, supplied, out)
    return model.model_copy(update={"transactions": tuple(txs)})


def _refuse_repeats(
    txs: list[CreditTransferTransaction], supplied: set[int], out: list[Finding]
) -> None:
    """An error for each supplied TxId that repeats an earlier one."""
    seen: dict[str, int] = {}
    for number, tx in enumerate(txs, start=1):
        value = tx.transaction_id
        if value is None:
            continue
        if value in seen and number in supplied:
            out.append(
                t.INCOMPLETE.finding(
                    f"TxId {value} repeats that of transaction {seen[value]}; a TxId is unique: "
                    "put {n} or {InstrId} in the template",
                    Location(xpath=f"{_PACS_TX}[{number}]/PmtId/TxId"),
                )
            )
        seen.setdefault(value, number)
