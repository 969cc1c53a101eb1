"""Which format a payload is in, from its first bytes: MT, XML or unknown.

Shared by validation and translation, so a file is recognised the same way everywhere (byte-order
marks, leading white space, the SOH byte of a FIN frame, a bare block 4).
"""

from __future__ import annotations

import re

__all__ = ["SNIFF_BYTES", "detect_format", "split_bom"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# A block opener ``{1:`` .. ``{5:``, optionally after the SOH byte of a FIN transmission frame,
# or a bare block 4 starting with a field tag such as ``:20:``.
_MT_START = re.compile(rb"\x01?(?:\{[1-5S]:|:[0-9]{2}[A-Z]?:)")
SNIFF_BYTES = 4096
"""How many leading bytes decide the format."""


def split_bom(data: bytes) -> tuple[str | None, bytes]:
    """(the encoding a byte-order mark names, or None; the bytes after the mark)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


def detect_format(data: bytes) -> str:
    """``"mt"``, ``"xml"`` or ``"unknown"`` from the first bytes (after a BOM and white space)."""
    encoding, body = split_bom(data)
    if encoding is not None and encoding != "utf-8":
        wide = body[: SNIFF_BYTES * 4].decode(encoding, errors="ignore").lstrip()
        return "xml" if wide.startswith("<") else "unknown"
    head = body[:SNIFF_BYTES].lstrip()
    if head.startswith(b"<"):
        return "xml"
    if _MT_START.match(head):
        return "mt"
    return "unknown"
