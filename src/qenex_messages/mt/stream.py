"""A file of any number of MT messages, read in flat memory: the MT input mode of the pipeline.

The file is read in blocks and cut where :func:`~qenex_messages.mt.lexer.split_messages` starts
a message, so message boundaries (``$`` and SOH/ETX separators, a service-21 ACK/NAK before its
message, several messages back to back) follow the same rules as for a whole file. Each piece
(many small messages, or one large one up to ``Limits.max_mt_message_chars``) is checked by
:func:`~qenex_messages.mt.check_mt`, and its line numbers are shifted back to the file's.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import IO

from qenex_messages.findings import Finding, Location
from qenex_messages.inputs import ReadCounts, decode_text
from qenex_messages.limits import Limits, limit_finding
from qenex_messages.mt.check import check_mt
from qenex_messages.mt.lexer import SourceText, split_messages

__all__ = ["check_mt_stream"]

_READ = 1 << 20
_MESSAGE_START = b"{1:"


def _starts(buffer: bytes) -> list[int]:
    """Where the lexer starts each message of ``buffer`` (read as Latin-1: every structural
    character is ASCII, so the offsets are byte offsets whatever the text encoding)."""
    messages, _ = split_messages(SourceText(buffer.decode("latin-1"), None))
    return [m.start for m in messages]


def _pieces(
    raw: io.RawIOBase | IO[bytes], limits: Limits
) -> Iterator[tuple[bytes, int, int, int | None]]:
    """(bytes of whole messages, lines before them, columns before them on their first line,
    the length of a message too long to check or None), in file order."""
    cap = limits.max_mt_message_chars
    buffer = b""
    lines = columns = 0
    eof = skipping = False
    while True:
        block = b"" if eof else raw.read(_READ)
        eof = eof or not block
        buffer += block
        if skipping:  # inside a message too long to check: resume at the next block 1
            restart = buffer.find(_MESSAGE_START, 1)
            if restart < 0:
                drop = len(buffer) if eof else max(len(buffer) - 2, 0)
                buffer, lines, columns = _advance(buffer, drop, lines, columns)
                if eof:
                    return
                continue
            buffer, lines, columns = _advance(buffer, restart, lines, columns)
            skipping = False
        if eof:
            if buffer.strip():
                yield buffer, lines, columns, None
            return
        starts = _starts(buffer)
        if len(starts) > 1:
            cut = starts[-1]
            if buffer[:cut].strip():
                yield buffer[:cut], lines, columns, None
            buffer, lines, columns = _advance(buffer, cut, lines, columns)
        elif len(buffer) > cap + _READ:
            buffer, lines, columns = _advance(buffer, starts[0] if starts else 0, lines, columns)
            yield b"", lines, columns, len(buffer)
            skipping = True


def _advance(buffer: bytes, cut: int, lines: int, columns: int) -> tuple[bytes, int, int]:
    """``buffer`` after ``cut``, and the line and column counts moved over the bytes cut."""
    cut = max(cut, 0)
    piece = buffer[:cut]
    newlines = piece.count(b"\n")
    if newlines:
        return buffer[cut:], lines + newlines, len(piece) - piece.rfind(b"\n") - 1
    return buffer[cut:], lines, columns + len(piece)


def _shift(finding: Finding, lines: int, column: int) -> Finding:
    loc = finding.location
    if loc.line is None or not (lines or column):
        return finding
    new_column = loc.column
    if loc.line == 1 and loc.column is not None:
        new_column = loc.column + column
    return finding.at(line=loc.line + lines, column=new_column)


def check_mt_stream(
    raw: io.RawIOBase | IO[bytes],
    *,
    source: str | None,
    limits: Limits,
    counts: ReadCounts,
    note: Finding | None = None,
    as_of: date | None = None,
) -> Iterator[Finding]:
    """The findings of every MT message read from ``raw``, as :func:`check_mt` gives them for
    the whole file (checked on day ``as_of``, default today); ``note`` (e.g. a profile that does
    not apply) is added to each message."""
    counts.message_type = "MT103"
    for piece, lines, column, too_long in _pieces(raw, limits):
        if too_long is not None:
            yield limit_finding(
                "max_mt_message_chars",
                too_long,
                limits,
                what="the message",
                location=Location(source=source, line=lines + 1, column=column + 1),
                at_least=True,
            )
            continue
        text = decode_text(piece, source)
        if isinstance(text, Finding):  # as for a whole file: the encoding is the one finding
            yield _shift(text, lines, column)
            return
        for report in check_mt(text, source=source, limits=limits, as_of=as_of):
            if report.message_type is None and not report.findings:
                continue
            counts.messages += 1
            if counts.messages > limits.max_mt_messages:
                yield limit_finding(
                    "max_mt_messages",
                    counts.messages,
                    limits,
                    what="the file",
                    location=Location(source=source, line=lines + 1),
                    at_least=True,
                )
                return
            for finding in report.findings:
                yield _shift(finding, lines, column)
            if note is not None:
                yield note
