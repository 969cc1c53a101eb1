"""The dispatcher behind ``qenex-messages convert``: pick the translation for input and target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from qenex_messages.findings import Finding, MessageError, Outcome, QenexError
from qenex_messages.inputs import detect_format
from qenex_messages.iso20022 import ParsedDocument, parse_document
from qenex_messages.mt import Mt103Message, parse_mt_messages
from qenex_messages.mt.read import unreadable
from qenex_messages.stamps import stamp
from qenex_messages.translation import codes as t
from qenex_messages.translation.migrate import migrate
from qenex_messages.translation.mt_to_mx import mt103_to_pacs008
from qenex_messages.translation.mx_to_mt import pacs008_to_mt103
from qenex_messages.translation.pain_to_pacs import pain001_to_pacs008
from qenex_messages.versions import (
    CONVERT_TARGETS,
    ConvertTarget,
    Grouping,
    LineEnding,
    MTVariant,
    as_message_version,
    as_pacs008_version,
)

__all__ = ["TARGETS", "ConvertOptions", "convert"]

_MT_TARGETS: dict[str, MTVariant] = {"mt103": "core", "mt103-stp": "STP", "mt103-remit": "REMIT"}
TARGETS = CONVERT_TARGETS
"""What ``convert --to`` accepts: the MT103 variants and every supported ISO 20022 version."""


@dataclass(frozen=True, slots=True)
class ConvertOptions:
    """How a conversion is steered; each option applies where it has a meaning.

    ``created``: CreDtTm (and AppHdr CreDt) of new messages, and the seed of any generated UETR
    (default: ``SOURCE_DATE_EPOCH``, else now). ``grouping``: pain.001 -> pacs.008 only.
    ``bic_from_iban``: pain.001 -> pacs.008, derive a missing creditor-agent BIC from the IBAN.
    ``transaction_id``: a TxId template for pacs.008 transactions without one.
    ``line_ending``: MT103 output. ``business_service``: the AppHdr BizSvc of MT103 -> pacs.008.
    """

    created: dt.datetime | str | None = None
    grouping: Grouping = "transaction"
    bic_from_iban: bool = False
    transaction_id: str | None = None
    line_ending: LineEnding = "\r\n"
    business_service: str = "swift.cbprplus.03"


def convert(
    data: bytes, *, to: ConvertTarget, options: ConvertOptions | None = None
) -> Outcome[Any]:
    """Translate ``data`` (MT103, pacs.008 or pain.001, detected) into ``to`` (one of
    :data:`TARGETS`), steered by ``options``. The value is ``bytes`` for one XML message,
    ``list[str]`` for MT103 output and ``list[bytes]`` for pain.001 -> pacs.008. Raises
    :class:`QenexError` for an unknown target or a pair with no translation (e.g. MT103 ->
    pain.001)."""
    if to not in TARGETS:
        raise QenexError(f"--to {to}: choose one of {', '.join(TARGETS)}")
    opts = options or ConvertOptions()
    # One creation time for every message this call writes, even on the way through pacs.008.
    created = stamp(opts.created)
    if created.fixed:
        opts = ConvertOptions(**{**_fields(opts), "created": created.created})
    if detect_format(data) == "mt":
        return _convert_mt(data, to, opts)
    try:
        parsed: ParsedDocument = parse_document(bytes(data))
    except MessageError as exc:
        return Outcome(
            b"", (t.UNREADABLE.finding(f"the input cannot be read: {exc.args[0]}"), *exc.findings)
        )
    kind = parsed.info.message_type
    if to in _MT_TARGETS:
        return _to_mt(parsed, _MT_TARGETS[to], opts)
    if kind == to[:8]:
        return migrate(bytes(data), to=as_message_version(to), transaction_id=opts.transaction_id)
    if kind == "pain.001" and to.startswith("pacs.008"):
        return _pain_to_pacs(parsed, as_pacs008_version(to), opts, opts.grouping)
    raise QenexError(f"a {kind} cannot become a {to[:8]}")


def _fields(opts: ConvertOptions) -> dict[str, Any]:
    return {name: getattr(opts, name) for name in ConvertOptions.__slots__}


def _pain_to_pacs(
    parsed: ParsedDocument, version: Any, opts: ConvertOptions, grouping: Grouping
) -> Outcome[list[bytes]]:
    return pain001_to_pacs008(
        parsed,
        version=version,
        grouping=grouping,
        created=opts.created,
        bic_from_iban=opts.bic_from_iban,
        transaction_id=opts.transaction_id,
    )


def _to_mt(parsed: ParsedDocument, variant: MTVariant, opts: ConvertOptions) -> Outcome[Any]:
    """A pacs.008 as MT103s; a pain.001 through pacs.008 (one per transaction) first."""
    if parsed.info.message_type == "pacs.008":
        return pacs008_to_mt103(parsed, variant=variant, line_ending=opts.line_ending)
    pacs = _pain_to_pacs(parsed, "pacs.008.001.08", opts, "transaction")
    texts: list[str] = []
    findings = list(pacs.findings)
    for document in pacs.value:
        mt = pacs008_to_mt103(document, variant=variant, line_ending=opts.line_ending)
        texts.extend(mt.value)
        findings.extend(mt.findings)
    return Outcome(texts, tuple(findings))


def _convert_mt(data: bytes, to: str, opts: ConvertOptions) -> Outcome[Any]:
    """Every MT103 of ``data`` translated: one output per message. With several messages the
    value is a list and each finding names its message (``message 2``) as its source."""
    if not (to.startswith("pacs.008") or to in _MT_TARGETS):
        raise QenexError(f"an MT103 is an interbank message; it cannot become a {to[:8]}")
    try:
        messages = parse_mt_messages(data)
    except MessageError as exc:
        return Outcome(
            b"", (t.UNREADABLE.finding(f"the input cannot be read: {exc.args[0]}"), *exc.findings)
        )
    outcomes = [_convert_one_mt(message, to, opts) for message in messages]
    if len(outcomes) == 1:
        return outcomes[0]
    values: list[Any] = []
    findings: list[Finding] = []
    for number, outcome in enumerate(outcomes, start=1):
        values.extend(outcome.value if isinstance(outcome.value, list) else [outcome.value])
        findings.extend(f.at(source=f"message {number}") for f in outcome.findings)
    return Outcome(values, tuple(findings))


def _convert_one_mt(message: Mt103Message, to: str, opts: ConvertOptions) -> Outcome[Any]:
    if unreadable(message):
        errors = [f for f in message.findings if f.is_error]
        return Outcome(
            b"", (t.UNREADABLE.finding("the message cannot be read as an MT103"), *errors)
        )
    if to.startswith("pacs.008"):
        return mt103_to_pacs008(
            message,
            version=as_pacs008_version(to),
            business_service=opts.business_service,
            created=opts.created,
            transaction_id=opts.transaction_id,
        )
    xml = mt103_to_pacs008(message, header=True, created=opts.created)
    if not xml.value:
        return Outcome([], xml.findings)
    back = pacs008_to_mt103(xml.value, variant=_MT_TARGETS[to], line_ending=opts.line_ending)
    return Outcome(back.value, (*xml.findings, *back.findings))
