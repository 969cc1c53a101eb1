"""Answer a payment message with a status report: validate it, decide the statuses from the
findings (:mod:`qenex_messages.replies`) and render the pain.002 or pacs.002."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from qenex_messages.findings import Outcome, QenexError, Report
from qenex_messages.stamps import resolve_created
from qenex_messages.status_model import ACCEPTED_TECHNICAL, StatusKind
from qenex_messages.versions import ProfileOption, StatusReportVersion

if TYPE_CHECKING:
    from qenex_messages.iso20022 import ParsedStatusReport
    from qenex_messages.replies import Usage

KINDS: tuple[StatusKind, ...] = ("pain.002", "pacs.002")


def _read(original: bytes | str | os.PathLike[str], source: str | None) -> tuple[bytes, str | None]:
    if isinstance(original, bytes):
        return original, source
    path = Path(original)
    try:
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise QenexError(f"cannot read {path}: {exc.strerror or exc}") from exc


def status_report(  # noqa: PLR0913  (the public entry point's options, all keyword-only)
    original: bytes | str | os.PathLike[str],
    kind: StatusKind = "pain.002",
    version: StatusReportVersion | None = None,
    *,
    report: Report | None = None,
    created: dt.datetime | str | None = None,
    message_id: str | None = None,
    reasons: str | Path | None = None,
    accepted: str = ACCEPTED_TECHNICAL,
    header: bool | None = None,
    profile: ProfileOption | None = None,
    usage: Usage = "iso",
    originator: str | None = None,
    source: str | None = None,
) -> Outcome[bytes]:
    """The pain.002 or pacs.002 (``kind``, ``version``: default the newest supported) that
    answers ``original`` (the XML bytes of a pain.001 or pacs.008, or a path to them).

    ``report`` is the validation report of ``original``; without it the message is validated
    here (with rulebook ``profile``, e.g. ``auto``). ``created`` fixes CreDtTm (default:
    ``SOURCE_DATE_EPOCH``, else now) and so, with the original, the generated MsgId;
    ``reasons`` is a bank's TOML overriding the finding -> ISO reason table; ``accepted`` is
    the status of what is not rejected (``ACTC`` or ``ACCP``); ``header`` adds an AppHdr (by
    default when the original has one); ``usage`` shapes the report for a usage guideline:
    ``iso`` (every level), ``sepa`` (the EPC pain.002: rejections only, with ``originator``, the
    rejecting bank's BIC, default the DbtrAgt) or ``cbpr+`` (a one-transaction pacs.002).
    ``source`` names bytes in findings. The outcome's findings say what of the original could
    not be carried. Raises :class:`~qenex_messages.QenexError` when ``original`` is not a
    readable pain.001 or pacs.008 of the kind answered, or could not be checked against its
    XSD."""
    from qenex_messages.iso20022 import detect, parse_xml, read_original, render_status_report
    from qenex_messages.iso20022.status import DEFAULT_VERSION
    from qenex_messages.pipeline import validate_bytes
    from qenex_messages.replies import build_status_report, reason_table

    if kind not in KINDS:
        raise QenexError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    data, source = _read(original, source)
    table = reason_table(reasons)
    parsed = parse_xml(data, source=source)
    if parsed.value is None:
        why = parsed.findings[0].message if parsed.findings else "not XML"
        raise QenexError(
            "only ISO 20022 XML (a pain.001 or a pacs.008) can be answered; "
            f"this input is not: {why}"
        )
    original_refs = read_original(detect(parsed.value.getroot(), source=source))
    if report is None:
        report = validate_bytes(data, source=source, profile=profile)[0]
    when = resolve_created(created)
    built = build_status_report(
        original_refs,
        report.findings,
        kind,
        version or DEFAULT_VERSION[kind],
        created=when,
        message_id=message_id,
        table=table,
        accepted=accepted,
        header=header,
        usage=usage,
        originator=originator,
    )
    rendered = render_status_report(built.value, version)
    return Outcome(rendered.value, built.findings + rendered.findings)


def read_status_report(data: bytes, *, source: str | None = None) -> ParsedStatusReport | None:
    """``data`` parsed as a pain.002 or pacs.002, or ``None`` when it is no status report (so
    the caller reads it as something else). Raises :class:`~qenex_messages.MessageError` for a
    status report that cannot be read."""
    from qenex_messages.iso20022 import detect, parse_status_report, parse_xml
    from qenex_messages.iso20022.status import STATUS_ELEMENT

    parsed = parse_xml(data, source=source)
    if parsed.value is None:
        return None
    if detect(parsed.value.getroot(), source=source).message_type not in STATUS_ELEMENT:
        return None
    return parse_status_report(data, source=source)
