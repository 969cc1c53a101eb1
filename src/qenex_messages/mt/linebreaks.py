"""Line endings FIN does not use, found once for the whole input before any message is read.

A file whose lines end in CR CR LF (a CRLF file converted to CRLF a second time) or in a lone CR
(old Mac text) would otherwise give one finding per line and per field. :func:`repair` names the
line ending once, where it first occurs, and returns the text with CRLF line breaks so that the
message is read and checked as its author meant it.
"""

from __future__ import annotations

import re

from qenex_messages.findings import Finding
from qenex_messages.mt import codes as c
from qenex_messages.mt.lexer import SourceText

__all__ = ["repair"]

_DOUBLED_CR = re.compile(r"\r\r+\n")
_LONE_CR = re.compile(r"\r(?!\n)")


def repair(st: SourceText) -> tuple[str, Finding | None]:
    """The text with CRLF line breaks, and the finding naming the line ending that was fixed
    (``None`` when the line endings are CRLF or LF already)."""
    text = st.text
    doubled = _DOUBLED_CR.search(text)
    if doubled is not None:
        where = st.loc(doubled.start())
        finding = c.LINE_BREAK.finding(
            f"lines end in CR CR LF (U+000D U+000D U+000A), first at line {where.line}; a FIN line "
            "ends in one CR LF: convert the line endings (they were read as CR LF)",
            where,
            args={"line_ending": "CR CR LF"},
        )
        return _DOUBLED_CR.sub("\r\n", text), finding
    if "\n" not in text and text.count("\r") > 1:
        first = _LONE_CR.search(text)
        if first is not None:
            finding = c.LINE_BREAK.finding(
                "lines end in a lone CR (U+000D, old Mac text); a FIN line ends in CR LF: "
                "convert the line endings (they were read as CR LF)",
                st.loc(first.start()),
                args={"line_ending": "CR"},
            )
            return text.replace("\r", "\r\n"), finding
    return text, None
