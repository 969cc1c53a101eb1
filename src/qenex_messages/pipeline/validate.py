"""One entry point for validating payment messages, whatever their format.

:func:`validate_bytes` passes the input through the front door (:func:`qenex_messages.inputs.
screen`), sniffs its format, hands it to the format layer (:func:`qenex_messages.mt.check_mt` or
:func:`qenex_messages.iso20022.check_xml`), then runs a rulebook profile
(:mod:`qenex_messages.rules`) when one is asked for. Input that is no message at all (empty,
binary, undecodable, too large, unreadable) gives one report with one ``QX0xx`` finding, never an
exception.
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from qenex_messages import codes
from qenex_messages.findings import Finding, Location, MessageError, QenexError, Report, Severity
from qenex_messages.inputs import (
    STDIN,
    STDIN_SOURCE,
    Sniffed,
    decode_text,
    late_refusal,
    read_path,
    sniff,
)
from qenex_messages.limits import Limits, resolve
from qenex_messages.rootcause import merge_duplicates
from qenex_messages.versions import PROFILES, ProfileName, ProfileOption, as_profile

if TYPE_CHECKING:
    from qenex_messages.iso20022.detect import MessageInfo
    from qenex_messages.model import CreditTransfer
    from qenex_messages.mt import Mt103Message

__all__ = [
    "PROFILE_SKIPPED",
    "Validated",
    "check_profile_name",
    "load_model",
    "validate_and_read",
    "validate_bytes",
    "validate_path",
]

PROFILE_SKIPPED = codes.define(
    "QX007",
    Severity.INFO,
    "The rulebook profile applies to ISO 20022 documents only; it was not run on this message.",
    family="input",
    fix="Run rulebook profiles on pacs.008 or pain.001 XML; drop --profile for MT messages.",
)


def check_profile_name(profile: str | None) -> ProfileOption | None:
    """``profile`` typed; :class:`QenexError` when it is neither ``auto`` nor a known profile."""
    if profile is None:
        return None
    try:
        return as_profile(profile)
    except QenexError:
        known = ", ".join(PROFILES)
        raise QenexError(f"unknown profile {profile!r} (choose from auto, {known})") from None


def _run_profile(
    info: MessageInfo | None,
    report: Report,
    profile: ProfileOption,
    *,
    source: str | None,
    as_of: date | None,
) -> None:
    if report.message_type not in ("pacs.008", "pain.001") or info is None:
        return
    rules = _rulebooks()
    name: ProfileName | None = None if profile == "auto" else profile
    if profile == "auto":
        choice = rules.select_profile(info, source=source, as_of=as_of)
        report.extend([choice.finding])
        name = choice.profile
    if name is None:
        return
    found: list[Finding] = rules.check_profile(info, name, as_of=as_of, source=source)
    # check_xml merged its own findings, and a merge of them changes nothing (none restates
    # another: only rulebook findings carry ``rootcause.RESTATES``), so with nothing added
    # there is nothing to merge
    if found:
        report.findings = merge_duplicates([*report.findings, *found])


@cache
def _rulebooks() -> ModuleType:
    """:mod:`qenex_messages.rules`, imported on first use (an MT run never loads it); kept, as
    an import statement costs a look-up through the import machinery on every message."""
    from qenex_messages import rules

    return rules


@cache
def _xml_checks() -> ModuleType:
    """:mod:`qenex_messages.iso20022.validate`, imported on first use, as :func:`_rulebooks`."""
    from qenex_messages.iso20022 import validate

    return validate


def profile_skipped(profile: ProfileOption | None, source: str | None) -> Finding | None:
    """The ``QX007`` note for a named profile asked for on an MT message, else None."""
    if profile is None or profile == "auto":
        return None
    return PROFILE_SKIPPED.finding(
        f"profile {profile!r} is for ISO 20022 documents; not run on an MT message",
        Location(source=source),
    )


def unknown_format(text: str, source: str | None) -> Finding:
    """The ``QX002`` finding for an input that is neither MT nor XML."""
    first = text.lstrip()[:20]
    return codes.UNKNOWN_FORMAT.finding(
        "not an MT message (no '{1:' block) nor an XML document (no '<'); "
        f"it starts with {first!r}",
        Location(source=source, line=1, column=1),
    )


def validate_bytes(
    data: bytes,
    *,
    source: str | None = None,
    profile: ProfileOption | None = None,
    schema: str | Path | None = None,
    as_of: date | None = None,
    limits: Limits | None = None,
) -> list[Report]:
    """Validate one input (one XML document or one or more MT messages): one report per message.

    ``profile`` names a rulebook profile (``sepa``, ``sepa-inst``, ``cbpr+``) or ``auto`` to pick
    one from the content; ``schema`` is a user XSD used instead of the catalog's; ``as_of`` dates
    date-dependent rules; ``limits`` bounds the input (default: :class:`Limits` from the
    environment). Raises :class:`QenexError` only for a bad ``profile`` name; problems in the
    input are findings.
    """
    options = _Options(source, profile, schema, as_of, limits)
    return _validate_data(data, options, keep=False).reports


class Validated:
    """One input validated: one report per message, and the MT messages as read (empty for
    other input), for a caller that reads them into the model next without reading twice."""

    __slots__ = ("mt_messages", "reports")

    def __init__(self, reports: list[Report], mt_messages: list[Mt103Message] | None = None):
        self.reports = reports
        self.mt_messages: list[Mt103Message] = [] if mt_messages is None else mt_messages


def validate_and_read(
    data: bytes,
    *,
    source: str | None = None,
    profile: ProfileOption | None = None,
    schema: str | Path | None = None,
    as_of: date | None = None,
    limits: Limits | None = None,
) -> Validated:
    """:func:`validate_bytes` (same options, same reports), keeping the MT messages it read
    (every message is built, so a clean MT103 takes the full reading rather than the fast one)."""
    return _validate_data(data, _Options(source, profile, schema, as_of, limits), keep=True)


class _Options:
    __slots__ = ("as_of", "limits", "profile", "schema", "source")

    def __init__(
        self,
        source: str | None,
        profile: ProfileOption | None,
        schema: str | Path | None,
        as_of: date | None,
        limits: Limits | None,
    ) -> None:
        self.source = source
        self.profile = profile
        self.schema = schema
        self.as_of = as_of
        self.limits = limits


def _validate_data(data: bytes, options: _Options, *, keep: bool) -> Validated:
    check_profile_name(options.profile)
    effective = resolve(options.limits)
    seen = sniff(data, source=options.source, limits=effective, parse_next=True)
    return _validate(
        seen,
        data,
        source=options.source,
        profile=options.profile,
        schema=options.schema,
        as_of=options.as_of,
        limits=effective,
        keep=keep,
    )


def _validate(  # noqa: PLR0913  (the input as sniffed, and validate_bytes's options)
    seen: Sniffed,
    data: bytes,
    *,
    source: str | None,
    profile: ProfileOption | None,
    schema: str | Path | None,
    as_of: date | None,
    limits: Limits,
    keep: bool = False,
) -> Validated:
    """Validation of an input the front door has seen (size, BOM, screen and format once);
    ``keep``: the MT messages read are kept."""
    if seen.refused is not None:
        return Validated([Report(source=source, findings=[seen.refused])])
    kind = seen.kind
    if kind == "xml":
        xml = _xml_checks()
        check = xml.check_xml_message if profile is None else xml.check_xml_walked
        report, info = check(data, source=source, schema=schema, limits=limits, screened=True)
        if info is None:  # not parsed: the screen may refuse it first, as before a parse
            late = late_refusal(seen, data, source)
            if late is not None:
                return Validated([Report(source=source, findings=[late])])
        elif profile is not None:
            _run_profile(info, report, profile, source=source, as_of=as_of)
        return Validated([report])
    text = decode_text(data, source, seen)
    if isinstance(text, Finding):
        return Validated([Report(source=source, findings=[text])])
    if kind == "mt":
        from qenex_messages.mt.check import check_mt, read_mt

        if keep:
            messages, reports = read_mt(
                text, source=source, limits=limits, screened=True, as_of=as_of
            )
        else:
            reports = check_mt(text, source=source, limits=limits, screened=True, as_of=as_of)
            messages = []
        skipped = profile_skipped(profile, source)
        if skipped is not None:
            for each in reports:
                each.add(skipped)
        return Validated(reports, messages)
    return Validated([Report(source=source, findings=[unknown_format(text, source)])])


def validate_path(
    path: str | os.PathLike[str],
    *,
    profile: ProfileOption | None = None,
    schema: str | Path | None = None,
    as_of: date | None = None,
    limits: Limits | None = None,
) -> list[Report]:
    """Validate the file at ``path`` (``-``: standard input): one report per message.

    Read errors become ``QX005``; a file over ``limits.max_input_bytes`` is refused (``QX004``)
    without being read.
    """
    effective = resolve(limits)
    name = os.fspath(path)
    data = read_path(name, limits=effective)
    if isinstance(data, Finding):
        return [Report(source=data.location.source, findings=[data])]
    check_profile_name(profile)
    source = data_source(name)
    # read_path kept the input within max_input_bytes: the front door does not measure it again.
    seen = sniff(data, source=source, limits=effective, whole=False, parse_next=True)
    return _validate(
        seen, data, source=source, profile=profile, schema=schema, as_of=as_of, limits=effective
    ).reports


def data_source(path: str) -> str:
    """The source name findings give for ``path``."""
    return STDIN_SOURCE if path == STDIN else path


def load_models(
    data: bytes, *, source: str | None = None
) -> list[tuple[CreditTransfer | None, str, list[Finding]]]:
    """Every message of ``data`` in the model, in order: (model, format, findings). An MT file
    may hold several messages; one that cannot be read has ``None`` and its error findings.

    Raises :class:`MessageError` (with the findings) when the data holds no message it can read.
    """
    seen = sniff(data, source=source, limits=resolve(None))
    if seen.refused is not None or seen.kind != "mt":
        return [load_model(data, source=source)]
    from qenex_messages import mt
    from qenex_messages.mt.read import unreadable

    loaded: list[tuple[CreditTransfer | None, str, list[Finding]]] = []
    for message in mt.parse_mt_messages(data, source=source):
        if unreadable(message):
            loaded.append((None, "mt103", [f for f in message.findings if f.is_error]))
        else:
            outcome = message.to_model()
            loaded.append((outcome.value, "mt103", list(outcome.findings)))
    return loaded


def load_model(
    data: bytes, *, source: str | None = None
) -> tuple[CreditTransfer, str, list[Finding]]:
    """Parse one message into the model: (CreditTransfer, detected format, findings).

    Raises :class:`MessageError` (with the findings) when the data is not a message it can read.
    """
    seen = sniff(data, source=source, limits=resolve(None))
    if seen.refused is not None:
        raise MessageError(f"{source or '<input>'}: {seen.refused.message}", [seen.refused])
    kind = seen.kind
    if kind == "mt":
        from qenex_messages import mt

        message = mt.parse_mt103(data, source=source)
        outcome = message.to_model()
        return outcome.value, "mt103", list(outcome.findings)
    if kind == "xml":
        from qenex_messages import iso20022

        parsed = iso20022.parse_document(data, source=source)
        version = parsed.info.version or "xml"
        return parsed.model, str(version), list(parsed.findings)
    # Not a message: let validation explain why (empty, binary, unknown, encoding).
    reports = validate_bytes(data, source=source)
    findings = [f for r in reports for f in r.findings]
    raise MessageError(f"{source or '<input>'}: not a message qenex-messages can read", findings)
