"""One entry point for validating payment messages, whatever their format.

:func:`validate_bytes` sniffs the format (MT or ISO 20022 XML), hands the bytes to the format layer
(:func:`qenex_messages.mt.check_mt` or :func:`qenex_messages.iso20022.check_xml`), then runs a
rulebook profile (:mod:`qenex_messages.rules`) when one is asked for. Input that is no message at
all (empty, binary, undecodable, too large, unreadable) gives one report with one ``QX0xx``
finding, never an exception. :func:`iter_message_files` expands files, directories and globs the
way the command line does.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from qenex_messages import codes
from qenex_messages.findings import (
    Finding,
    Location,
    MessageError,
    QenexError,
    Report,
    Severity,
)
from qenex_messages.limits import Limits, limit_finding, resolve
from qenex_messages.rootcause import merge_duplicates
from qenex_messages.sniff import SNIFF_BYTES, detect_format, split_bom

if TYPE_CHECKING:
    from qenex_messages.model import CreditTransfer

__all__ = [
    "DEFAULT_INCLUDE",
    "PROFILE_SKIPPED",
    "STDIN",
    "check_profile_name",
    "detect_format",
    "iter_message_files",
    "load_model",
    "read_capped",
    "validate_bytes",
    "validate_path",
]

DEFAULT_INCLUDE: tuple[str, ...] = (
    "*.xml",
    "*.fin",
    "*.mt",
    "*.mt103",
    "*.swift",
    "*.txt",
)
"""File-name patterns read when walking a directory (files named explicitly are always read)."""

STDIN = "-"
"""The path argument that means standard input."""

PROFILE_SKIPPED = codes.define(
    "QX007",
    Severity.INFO,
    "The rulebook profile applies to ISO 20022 documents only; it was not run on this message.",
    family="input",
    fix="Run rulebook profiles on pacs.008 or pain.001 XML; drop --profile for MT messages.",
)

_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def _decode_lenient(body: bytes, encoding: str) -> str:
    return body.decode(encoding, errors="replace")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of byte ``offset``."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _input_report(source: str | None, finding: Finding) -> Report:
    return Report(source=source, findings=[finding])


def _binary_offset(data: bytes) -> int | None:
    """Where the input stops looking like text: the first NUL, or many control bytes early on."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return nul
    head = data[:SNIFF_BYTES]
    controls = _CONTROL.findall(head)
    # SOH/ETX frame FIN transmissions, so a few control bytes are fine; a tenth of them is not text.
    if head and len(controls) * 10 > len(head):
        match = _CONTROL.search(head)
        return match.start() if match else 0
    return None


def check_profile_name(profile: str | None) -> None:
    """Raise :class:`QenexError` when ``profile`` is neither ``auto`` nor a known profile."""
    if profile is None or profile == "auto":
        return
    from qenex_messages.rules import PROFILES  # format layers load on first use

    known: tuple[str, ...] = tuple(PROFILES)
    if profile not in known:
        raise QenexError(f"unknown profile {profile!r} (choose from auto, {', '.join(known)})")


def _run_profile(
    tree: Any, report: Report, profile: str, *, source: str | None, as_of: date | None
) -> None:
    if report.message_type not in ("pacs.008", "pain.001") or tree is None:
        return
    from qenex_messages import rules

    root = tree.getroot()
    name: str | None = profile
    if profile == "auto":
        choice = rules.select_profile(root, source=source, as_of=as_of)
        report.extend([choice.finding])
        name = choice.profile
    if name is None:
        return
    found: list[Finding] = rules.check_profile(root, name, as_of=as_of, source=source)
    report.findings = merge_duplicates([*report.findings, *found])


def validate_bytes(
    data: bytes,
    *,
    source: str | None,
    profile: str | None = None,
    schema: str | Path | None = None,
    as_of: date | None = None,
    limits: Limits | None = None,
) -> list[Report]:
    """Validate one input (one XML document or one or more MT messages): one report per message.

    ``profile`` names a rulebook profile (``sepa``, ``sepa-inst``, ``cbpr+``) or ``auto`` to pick
    one from the content; ``schema`` is a user XSD used instead of the catalog's; ``as_of`` dates
    date-dependent rules; ``limits`` bounds the input (default: :class:`Limits` from the
    environment). Raises :class:`QenexError` only for a bad ``profile`` name or a missing format
    layer; problems in the input are findings.
    """
    check_profile_name(profile)
    where = Location(source=source)
    effective = resolve(limits)
    if len(data) > effective.max_input_bytes:
        return [
            _input_report(
                source, limit_finding("max_input_bytes", len(data), effective, location=where)
            )
        ]
    bom, body = split_bom(data)
    blank = not body.strip() if bom in (None, "utf-8") else not _decode_lenient(body, bom).strip()
    if blank:
        return [_input_report(source, codes.EMPTY_INPUT.finding("the input is empty", where))]
    if bom in (None, "utf-8"):
        offset = _binary_offset(data)
        if offset is not None:
            line, column = _position(data, offset)
            message = f"the input looks binary (byte 0x{data[offset]:02x} at offset {offset})"
            if data[offset] == 0:
                message = f"the input contains a NUL byte at offset {offset}: it is not a message"
            return [
                _input_report(
                    source,
                    codes.BINARY_INPUT.finding(
                        message, Location(source=source, line=line, column=column)
                    ),
                )
            ]
    kind = detect_format(data)
    if kind == "xml":
        from qenex_messages.iso20022 import check_xml_tree

        report, tree = check_xml_tree(data, source=source, schema=schema, limits=effective)
        if profile is not None:
            _run_profile(tree, report, profile, source=source, as_of=as_of)
        return [report]
    text = _decode(data, source)
    if isinstance(text, Report):
        return [text]
    if kind == "mt":
        from qenex_messages.mt import check_mt

        reports = check_mt(text, source=source, limits=effective)
        if profile is not None and profile != "auto":
            for each in reports:
                each.add(
                    PROFILE_SKIPPED.finding(
                        f"profile {profile!r} is for ISO 20022 documents; not run on an MT message",
                        where,
                    )
                )
        return reports
    first = text.lstrip()[:20]
    return [
        _input_report(
            source,
            codes.UNKNOWN_FORMAT.finding(
                "not an MT message (no '{1:' block) nor an XML document (no '<'); "
                f"it starts with {first!r}",
                Location(source=source, line=1, column=1),
            ),
        )
    ]


def _decode(data: bytes, source: str | None) -> str | Report:
    """The text of a non-XML input (UTF-8, BOM allowed), or a ``QX003`` report."""
    encoding, body = split_bom(data)
    codec = encoding or "utf-8"
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        start = exc.start + (len(data) - len(body))
        line, column = _position(data, start)
        return _input_report(
            source,
            codes.BAD_ENCODING.finding(
                f"byte 0x{data[start]:02x} at offset {start} is not valid {codec}",
                Location(source=source, line=line, column=column),
            ),
        )


def validate_path(
    path: str | os.PathLike[str],
    *,
    profile: str | None = None,
    schema: str | Path | None = None,
    as_of: date | None = None,
    limits: Limits | None = None,
) -> list[Report]:
    """Validate the file at ``path``: one report per message; read errors become ``QX005``.

    A file over ``limits.max_input_bytes`` is refused (``QX004``) without being read.
    """
    source = os.fspath(path)
    where = Location(source=source)
    effective = resolve(limits)
    cap = effective.max_input_bytes
    try:
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > cap:
                finding = limit_finding(
                    "max_input_bytes", size, effective, what="the file", location=where
                )
                return [_input_report(source, finding)]
            data = read_capped(handle, cap, size_hint=size)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return [
            _input_report(
                source, codes.UNREADABLE.finding(f"cannot read the file: {reason}", where)
            )
        ]
    if len(data) > cap:  # it grew while being read, or stat did not know its size
        finding = limit_finding(
            "max_input_bytes", len(data), effective, what="the file", location=where, at_least=True
        )
        return [_input_report(source, finding)]
    return validate_bytes(
        data, source=source, profile=profile, schema=schema, as_of=as_of, limits=effective
    )


_CHUNK = 1 << 20


def read_capped(handle: BinaryIO, cap: int, *, size_hint: int | None = None) -> bytes:
    """Read ``handle`` to its end, or stop after ``cap + 1`` bytes (so the caller sees it was
    over the limit). Buffers grow with the data: reading a small file never reserves ``cap``."""
    if size_hint is not None and size_hint <= cap:
        data = handle.read(size_hint + 1)  # one extra byte shows a file that grew
        if len(data) <= size_hint:
            return data
        parts = [data]
        total = len(data)
    else:
        parts, total = [], 0
    while total <= cap:
        chunk = handle.read(min(_CHUNK, cap + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def _walk(directory: str, include: Sequence[str]) -> Iterator[str]:
    """Files under ``directory`` matching ``include``, depth first, names sorted; hidden skipped."""
    with os.scandir(directory) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, include)
        elif entry.is_file() and any(fnmatchcase(entry.name, p) for p in include):
            yield entry.path


def iter_message_files(
    paths: Iterable[str], *, include: Sequence[str] = DEFAULT_INCLUDE
) -> Iterator[str]:
    """Expand files, directories (recursively, names matching ``include``) and globs, in order.

    ``-`` is passed through for standard input. Raises :class:`QenexError` for a path that does
    not exist, a glob that matches nothing, or a directory holding no matching file, and
    :class:`OSError` for a directory that cannot be listed.
    """
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        if os.path.isdir(raw):
            found = False
            for each in _walk(raw, include):
                found = True
                yield each
            if not found:
                patterns = " ".join(include)
                raise QenexError(f"{raw}: no message files found (looked for {patterns})")
        elif os.path.exists(raw):
            yield raw
        elif _is_glob(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise QenexError(f"{raw}: no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match, include)
                else:
                    yield match
        else:
            raise QenexError(f"{raw}: no such file or directory")


def load_model(
    data: bytes, *, source: str | None = None
) -> tuple[CreditTransfer, str, list[Finding]]:
    """Parse one message into the model: (CreditTransfer, detected format, findings).

    Raises :class:`MessageError` (with the findings) when the data is not a message it can read.
    """
    kind = detect_format(data)
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
