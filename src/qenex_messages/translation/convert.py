"""The dispatcher behind ``qenex-messages convert``: pick the translation for input and target."""

from __future__ import annotations

from typing import Any

from qenex_messages.findings import Finding, MessageError, Outcome, QenexError
from qenex_messages.inputs import detect_format
from qenex_messages.iso20022 import ParsedDocument, parse_document
from qenex_messages.mt import Mt103Message, parse_mt_messages
from qenex_messages.mt.read import unreadable
from qenex_messages.translation import codes as t
from qenex_messages.translation.migrate import migrate
from qenex_messages.translation.mt_to_mx import mt103_to_pacs008
from qenex_messages.translation.mx_to_mt import pacs008_to_mt103
from qenex_messages.translation.pain_to_pacs import pain001_to_pacs008
from qenex_messages.versions import (
    CONVERT_TARGETS,
    ConvertTarget,
    MTVariant,
    as_message_version,
    as_pacs008_version,
)

__all__ = ["TARGETS", "convert"]

_MT_TARGETS: dict[str, MTVariant] = {"mt103": "core", "mt103-stp": "STP", "mt103-remit": "REMIT"}
TARGETS = CONVERT_TARGETS
"""What ``convert --to`` accepts: the MT103 variants and every supported ISO 20022 version."""


def convert(data: bytes, *, to: ConvertTarget, **options: Any) -> Outcome[Any]:
    """Translate ``data`` (MT103, pacs.008 or pain.001, detected) into ``to`` (one of
    :data:`TARGETS`). ``options`` go to the translation chosen (``business_service``, ``header``,
    ``line_ending``, ``grouping``). The value is ``bytes`` for one XML message, ``list[str]`` for
    MT103 output and ``list[bytes]`` for pain.001 -> pacs.008. Raises :class:`QenexError` for an
    unknown target or a pair with no translation (e.g. MT103 -> pain.001)."""
    if to not in TARGETS:
        raise QenexError(f"--to {to}: choose one of {', '.join(TARGETS)}")
    if detect_format(data) == "mt":
        return _convert_mt(data, to, options)
    try:
        parsed: ParsedDocument = parse_document(bytes(data))
    except MessageError as exc:
        return Outcome(
            b"", (t.UNREADABLE.finding(f"the input cannot be read: {exc.args[0]}"), *exc.findings)
        )
    kind = parsed.info.message_type
    if to in _MT_TARGETS:
        variant = _MT_TARGETS[to]
        if kind == "pacs.008":
            return pacs008_to_mt103(parsed, variant=variant, **options)
        pacs = pain001_to_pacs008(parsed, grouping="transaction")
        texts: list[str] = []
        findings = list(pacs.findings)
        for document in pacs.value:
            mt = pacs008_to_mt103(document, variant=variant, **options)
            texts.extend(mt.value)
            findings.extend(mt.findings)
        return Outcome(texts, tuple(findings))
    if kind == to[:8]:
        return migrate(bytes(data), to=as_message_version(to))
    if kind == "pain.001" and to.startswith("pacs.008"):
        return pain001_to_pacs008(parsed, version=as_pacs008_version(to), **options)
    raise QenexError(f"a {kind} cannot become a {to[:8]}")


def _convert_mt(data: bytes, to: str, options: dict[str, Any]) -> Outcome[Any]:
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
    outcomes = [_convert_one_mt(message, to, options) for message in messages]
    if len(outcomes) == 1:
        return outcomes[0]
    values: list[Any] = []
    findings: list[Finding] = []
    for number, outcome in enumerate(outcomes, start=1):
        values.extend(outcome.value if isinstance(outcome.value, list) else [outcome.value])
        findings.extend(f.at(source=f"message {number}") for f in outcome.findings)
    return Outcome(values, tuple(findings))


def _convert_one_mt(message: Mt103Message, to: str, options: dict[str, Any]) -> Outcome[Any]:
    if unreadable(message):
        errors = [f for f in message.findings if f.is_error]
        return Outcome(
            b"", (t.UNREADABLE.finding("the message cannot be read as an MT103"), *errors)
        )
    if to.startswith("pacs.008"):
        return mt103_to_pacs008(message, version=as_pacs008_version(to), **options)
    xml = mt103_to_pacs008(message, header=True)
    if not xml.value:
        return Outcome([], xml.findings)
    back = pacs008_to_mt103(xml.value, variant=_MT_TARGETS[to], **options)
    return Outcome(back.value, (*xml.findings, *back.findings))
