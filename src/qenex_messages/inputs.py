"""The front door of every entry point: bytes in, a message's bytes (or one finding) out.

Whole documents, streams and the command all come through here, so an input is size-checked,
split from its byte-order mark, screened for binary content, checked for an encoding a payment
message may use, and sniffed for its format in one place:

- :func:`split_bom`, :func:`detect_format` recognise an input from its first bytes (MT, XML or
  unknown; byte-order marks, leading white space, the SOH byte of a FIN frame, a bare block 4);
- :func:`screen` gives the one ``QX0xx`` finding that makes an input no message at all (too
  large, empty, binary, an encoding payment messages never use);
- :func:`decode_text` decodes MT text; :func:`read_capped`, :func:`read_path` and
  :func:`open_binary` read files, pipes and standard input without blocking on a FIFO nobody
  writes to and without holding more than the limit.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from functools import lru_cache
from typing import IO, Any, BinaryIO, Protocol

from qenex_messages import codes
from qenex_messages.findings import Finding, Location
from qenex_messages.limits import Limits, limit_finding

__all__ = [
    "SNIFF_BYTES",
    "STDIN",
    "STDIN_SOURCE",
    "CappedReader",
    "InputTooLarge",
    "ReadCounts",
    "Sniffed",
    "StreamInput",
    "binary_offset",
    "declared_encoding",
    "decode_text",
    "detect_format",
    "late_refusal",
    "open_binary",
    "open_stream",
    "position",
    "read_capped",
    "read_path",
    "screen",
    "sniff",
    "split_bom",
]

STDIN = "-"
"""The path argument that means standard input."""
STDIN_SOURCE = "<stdin>"
"""The source name of findings about standard input."""

SNIFF_BYTES = 4096
"""How many leading bytes decide the format."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_BOM_STARTS = frozenset(bom[:1] for bom, _ in _BOMS)
# A block opener ``{1:`` .. ``{5:``, optionally after the SOH byte of a FIN transmission frame,
# or a bare block 4 starting with a field tag such as ``:20:``.
_MT_START = re.compile(rb"\x01?(?:\{[1-5S]:|:[0-9]{2}[A-Z]?:)")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20)])
"""The bytes :data:`_CONTROL` matches, to count them in C with ``bytes.translate``."""
_ENCODING_NAME = re.compile(rb"""\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')""")
"""The encoding pseudo-attribute, searched inside an XML declaration (which may be padded)."""
_UNENDED = "(an XML declaration that does not end)"
"""What :func:`declared_encoding` names when the XML declaration does not end in the first
bytes: its encoding cannot be read, so the input is refused."""
# Encodings a payment message is written in. Anything else (UTF-7, UTF-32, EBCDIC, ...) is
# refused before a parser sees the bytes: such declarations are a way to hide markup.
# In each of them a byte below 0x20 can only be that control character, which XML 1.0 forbids
# but for TAB, LF and CR: :func:`sniff`'s ``parse_next`` relies on it (a document that parses
# holds none), so an encoding added here must keep that true.
_USABLE_ENCODINGS = frozenset(
    {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "latin-1"}
    | {f"iso8859-{n}" for n in range(1, 17)}
    | {f"cp{n}" for n in range(1250, 1259)}
)
_CHUNK = 1 << 20


def split_bom(data: bytes) -> tuple[str | None, bytes]:
    """(the encoding a byte-order mark names, or None; the bytes after the mark)."""
    if data[:1] not in _BOM_STARTS:  # most inputs: one comparison instead of five
        return None, data
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


def detect_format(data: bytes) -> str:
    """``"mt"``, ``"xml"`` or ``"unknown"`` from the first bytes (after a BOM and white space)."""
    return _kind(*split_bom(data))


def _kind(encoding: str | None, body: bytes) -> str:
    if encoding is not None and encoding != "utf-8":
        wide = body[: SNIFF_BYTES * 4].decode(encoding, errors="ignore").lstrip()
        return "xml" if wide.startswith("<") else "unknown"
    head = body[:SNIFF_BYTES].lstrip()
    if head.startswith(b"<"):
        return "xml"
    if _MT_START.match(head):
        return "mt"
    return "unknown"


def position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of byte ``offset``."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def binary_offset(data: bytes) -> int | None:
    """Where the input stops looking like text: the first NUL, or many control bytes early on."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return nul
    return _controls_offset(data)


def _controls_offset(data: bytes) -> int | None:
    """:func:`binary_offset` of an input without a NUL: the first control byte when over a
    tenth of the first bytes are control bytes, else None."""
    head = data[:SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    # SOH/ETX frame FIN transmissions, so a few control bytes are fine; a tenth of them is not text.
    if head and controls * 10 > len(head):
        match = _CONTROL.search(head)
        return match.start() if match else 0
    return None


def declared_encoding(head: bytes) -> str | None:
    """The encoding an XML declaration or a byte-order mark names (as written), or None."""
    return _declared(*split_bom(head))


def _declared(bom: str | None, body: bytes) -> str | None:
    if bom is not None:
        return bom
    head = body[:SNIFF_BYTES].lstrip()
    if not head.startswith(b"<?xml") or head[5:6] not in (b" ", b"\t", b"\r", b"\n"):
        return None
    # The whole declaration is read: white space may pad it to any length, and libxml2
    # honours an encoding named anywhere before its ``?>``.
    end = head.find(b"?>")
    if end < 0:
        return _UNENDED
    match = _ENCODING_NAME.search(head, 5, end)
    if match is None:
        return None
    name = match.group(1) if match.group(1) is not None else match.group(2)
    return name.decode("ascii", errors="replace")


@lru_cache(maxsize=64)  # the declared names are the sender's: a bounded number is kept
def _refused_encoding(name: str) -> str | None:
    """Why ``name`` is refused, or None when a payment message may use it."""
    if name == _UNENDED:
        return f"the XML declaration does not end in the first {SNIFF_BYTES:,} bytes"
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return f"the declared encoding {name!r} is unknown"
    if canonical in _USABLE_ENCODINGS:
        return None
    return f"the declared encoding {name!r} is not one payment messages use (UTF-8 expected)"


class Sniffed:
    """An input seen once at the front door: its byte-order mark, the bytes after it, its
    format (``mt``, ``xml`` or ``unknown``) and the finding that refuses it, if any."""

    # A plain class: one per input, and a dataclass costs start-up time to define.
    __slots__ = ("body", "bom", "controls_unread", "kind", "refused")

    def __init__(
        self,
        bom: str | None,
        body: bytes,
        kind: str,
        refused: Finding | None,
        controls_unread: bool = False,
    ) -> None:
        self.bom = bom
        self.body = body
        self.kind = kind
        self.refused = refused
        self.controls_unread = controls_unread
        """The control bytes of this XML input were not counted (:func:`sniff`'s
        ``parse_next``): when its parse fails, :func:`late_refusal` says whether the screen
        refuses it."""


def sniff(
    data: bytes,
    *,
    source: str | None,
    limits: Limits,
    whole: bool = True,
    parse_next: bool = False,
) -> Sniffed:
    """Look at ``data`` once: the BOM is split, the format sniffed and :func:`screen` applied.

    ``parse_next``: a caller that parses an XML input next, and asks :func:`late_refusal` when
    the parse fails, may leave the control bytes of an XML input uncounted. XML 1.0 allows no
    control byte but TAB, LF and CR anywhere in a document, so one that parses has none and the
    screen's answer cannot change; the count over the first 4 KiB is what an input that parses
    would pay for nothing."""
    bom, body = split_bom(data)
    kind = _kind(bom, body)
    unread = parse_next and kind == "xml" and bom in (None, "utf-8")
    refused = _screen(data, bom, body, source, limits, whole, count_controls=not unread)
    if refused is not None:
        return Sniffed(bom, body, "unknown", refused)
    return Sniffed(bom, body, kind, None, unread)


def late_refusal(seen: Sniffed, data: bytes, source: str | None) -> Finding | None:
    """The binary screen's finding for ``data`` when :func:`sniff` left its control bytes
    uncounted (``seen.controls_unread``), else None: what :func:`screen` would have refused."""
    if not seen.controls_unread:
        return None
    offset = _controls_offset(data)
    return None if offset is None else _binary_finding(data, offset, source)


def screen(
    data: bytes, *, source: str | None, limits: Limits, whole: bool = True
) -> Finding | None:
    """The finding that makes ``data`` no message at all (too large, empty, binary, an encoding
    payment messages never use), or None to go on.

    ``data`` is the whole input, or (``whole=False``) the first bytes of a stream, for which the
    size is checked by the reader instead.
    """
    return sniff(data, source=source, limits=limits, whole=whole).refused


def _screen(  # noqa: PLR0913  (the input as split, and the screen's options)
    data: bytes,
    bom: str | None,
    body: bytes,
    source: str | None,
    limits: Limits,
    whole: bool,
    *,
    count_controls: bool = True,
) -> Finding | None:
    """:func:`screen`; without ``count_controls`` a narrow input's control bytes are counted
    only when another finding would refuse it (the binary one comes first)."""
    if whole:
        too_large = limits.input_refused(len(data))
        if too_large is not None:
            return too_large.at(source=source)
    narrow = bom in (None, "utf-8")
    # isspace stops at the first other byte, where strip() copies the whole input
    blank = (
        not body or body.isspace()
        if narrow
        else not body.decode(bom or "", errors="replace").strip()
    )
    if blank:
        return codes.EMPTY_INPUT.finding("the input is empty", Location(source=source))
    if narrow:
        nul = data.find(b"\x00")
        if nul >= 0:
            return _binary_finding(data, nul, source)
        offset = _controls_offset(data) if count_controls else None
        if offset is not None:
            return _binary_finding(data, offset, source)
    declared = _declared(bom, body)
    if declared is not None:
        refused = _refused_encoding(declared)
        if refused is not None:
            if narrow and not count_controls:
                offset = _controls_offset(data)
                if offset is not None:
                    return _binary_finding(data, offset, source)
            return codes.BAD_ENCODING.finding(
                f"{refused}; the input is refused unread",
                Location(source=source, line=1, column=1),
                args={"encoding": declared},
            )
    return None


def _binary_finding(data: bytes, offset: int, source: str | None) -> Finding:
    """The finding that refuses ``data`` as binary, at byte ``offset``."""
    line, column = position(data, offset)
    message = f"the input looks binary (byte 0x{data[offset]:02x} at offset {offset})"
    if data[offset] == 0:
        message = f"the input contains a NUL byte at offset {offset}: it is not a message"
    return codes.BINARY_INPUT.finding(message, Location(source=source, line=line, column=column))


def decode_text(data: bytes, source: str | None, sniffed: Sniffed | None = None) -> str | Finding:
    """The text of a non-XML input (UTF-8, BOM allowed), or a ``QX003`` finding; ``sniffed``
    is what :func:`sniff` saw of ``data`` (its BOM is not split again)."""
    encoding, body = (sniffed.bom, sniffed.body) if sniffed is not None else split_bom(data)
    codec = encoding or "utf-8"
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        start = exc.start + (len(data) - len(body))
        line, column = position(data, start)
        return codes.BAD_ENCODING.finding(
            f"byte 0x{data[start]:02x} at offset {start} is not valid {codec}",
            Location(source=source, line=line, column=column),
        )


class Readable(Protocol):
    """Anything with a binary ``read(size)``."""

    def read(self, size: int = ..., /) -> bytes: ...


def read_capped(handle: Readable, cap: int, *, size_hint: int | None = None) -> bytes | None:
    """Read ``handle`` to its end; None as soon as it proves longer than ``cap`` bytes.

    Memory grows with the data (reading a small file never reserves ``cap``) and never holds
    more than ``cap`` plus one block, however long the input (``/dev/zero`` included)."""
    if size_hint is not None and size_hint <= cap:
        first = handle.read(size_hint + 1)  # one extra byte shows a file that grew
        if len(first) == size_hint:
            return first  # fewer: a short read, or a file that shrank; the loop reads on
    else:
        first = b""
    buffer = io.BytesIO(first)
    buffer.seek(0, io.SEEK_END)
    total = len(first)
    while total <= cap:
        chunk = handle.read(min(_CHUNK, cap + 1 - total))
        if not chunk:
            break
        buffer.write(chunk)
        total += len(chunk)
    if total > cap:
        return None
    return buffer.getvalue()


def open_binary(path: str) -> BinaryIO:
    """``path`` opened for reading bytes: a regular file, or a pipe (FIFO) that is read until its
    writers close it, and that does not wait for a writer when none has opened it.

    Raises :class:`OSError` (with a reason) for a path that cannot be read, and for a device,
    socket or directory: those are no message files (``/dev/zero`` would never end)."""
    fd, _ = _open_fd(path)
    return os.fdopen(fd, "rb")


def _open_fd(path: str) -> tuple[int, os.stat_result]:
    """The descriptor of ``path`` opened as :func:`open_binary` opens it, and its status."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(fd)
        if not (stat.S_ISREG(status.st_mode) or stat.S_ISFIFO(status.st_mode)):
            kind = "a directory" if stat.S_ISDIR(status.st_mode) else "not a regular file"
            raise OSError(0, f"{kind}; give a message file (or - for standard input)", path)
        if stat.S_ISFIFO(status.st_mode) and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, status


def read_path(path: str, *, limits: Limits, source: str | None = None) -> bytes | Finding:
    """The bytes of the file (or ``-``, standard input) at ``path`` within ``max_input_bytes``;
    a ``QX004`` or ``QX005`` finding otherwise."""
    name = source or (STDIN_SOURCE if path == STDIN else path)
    where = Location(source=name)
    cap = limits.max_input_bytes
    what = "standard input" if path == STDIN else "the file"
    try:
        if path == STDIN:
            import sys

            data = read_capped(sys.stdin.buffer, cap)
            size = None
        else:
            fd, status = _open_fd(path)
            # unbuffered: a file of known size is read with one system call
            with open(fd, "rb", buffering=0) as handle:
                size = status.st_size or None
                too_large = limits.input_refused(size or 0, what=what, location=where)
                if too_large is not None:
                    return too_large
                data = read_capped(handle, cap, size_hint=size)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return codes.UNREADABLE.finding(f"cannot read {what}: {reason}", where)
    if data is None:  # it grew while being read, or its size was not known
        return limit_finding(
            "max_input_bytes", cap + 1, limits, what=what, location=where, at_least=True
        )
    return data


class InputTooLarge(Exception):
    """Raised by :class:`CappedReader` when the input goes over its limit."""


class CappedReader(io.RawIOBase):
    """A binary reader that replays ``head`` then the rest of ``raw``, raising
    :class:`InputTooLarge` as soon as more than ``limit`` bytes were read in total."""

    def __init__(self, head: bytes, raw: IO[bytes] | BinaryIO, limit: int) -> None:
        super().__init__()
        self._head = head
        self._raw = raw
        self._limit = limit
        self.total = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        want = _CHUNK if size is None or size < 0 else size
        if self._head:
            data, self._head = self._head[:want], self._head[want:]
        else:
            data = self._raw.read(want)
        self.total += len(data)
        if self.total > self._limit:
            raise InputTooLarge
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class StreamInput:
    """An opened input of a stream: its source name, handle, size (when known) and whether the
    stream owns (and closes) the handle."""

    __slots__ = ("owned", "raw", "size", "source")

    def __init__(
        self, source: str | None, raw: IO[bytes] | BinaryIO, size: int | None, owned: bool
    ) -> None:
        self.source = source
        self.raw = raw
        self.size = size
        self.owned = owned

    def close(self) -> None:
        """Close the handle when it was opened here."""
        if self.owned:
            self.raw.close()


def open_stream(
    path_or_file: str | os.PathLike[str] | BinaryIO | IO[bytes], source: str | None
) -> StreamInput:
    """A path (opened with :func:`open_binary`) or a binary file object, ready to stream."""
    if isinstance(path_or_file, (str, os.PathLike)):
        name = os.fspath(path_or_file)
        handle = open_binary(name)
        size = os.fstat(handle.fileno()).st_size or None
        return StreamInput(source or name, handle, size, True)
    given: object = source if source is not None else getattr(path_or_file, "name", None)
    return StreamInput(given if isinstance(given, str) else None, path_or_file, None, False)


class ReadCounts:
    """One stream's source and limits, and what it has read so far: the message type and
    version, transactions, messages."""

    __slots__ = ("limits", "message_type", "messages", "source", "transactions", "version")

    def __init__(self, source: str | None, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.message_type: str | None = None
        self.version: str | None = None
        self.transactions = 0
        self.messages = 0
