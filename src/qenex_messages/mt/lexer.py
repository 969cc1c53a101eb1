"""Split MT text into messages, blocks and block-4 fields, keeping every position.

The lexer accepts what real files contain: several messages back to back or separated by ``$``
(RJE) or SOH/ETX (DOS-PCC), a service-21 ACK/NAK before a message, a local ``{S:}`` block, CRLF
or LF line breaks, white space between blocks. What the FIN network would not accept becomes a
finding; nothing read is dropped. Offsets are indexes into the decoded text; :class:`SourceText`
turns them into 1-based line and column numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from qenex_messages import codes as core_codes
from qenex_messages.findings import Finding, Location
from qenex_messages.mt import codes as c

__all__ = [
    "Block",
    "FieldToken",
    "RawMessage",
    "SourceText",
    "SubBlock",
    "decode",
    "is_one_line",
    "split_fields",
    "split_messages",
]

_BOM_UTF8 = b"\xef\xbb\xbf"
_CONTROL = re.compile(r"[\x00\x02\x04-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_OPEN = re.compile(r"\{([A-Za-z0-9]{1,3}):")
_GARBAGE_END = re.compile(r"[{$\x01\x03]")
_BLOCK4_END = re.compile(r"-\}|\{1:")
_WS_RUN = re.compile(r"[ \t\r\n]+")
_FIELD_START = re.compile(r":([0-9]{2}[A-Z]?):")
_NO_BRACE = re.compile(r"[^{}]*")
_NEXT_FIELD = {
    "\r\n": re.compile(r"\r\n:([0-9]{2}[A-Z]?):"),
    "\n": re.compile(r"\n:([0-9]{2}[A-Z]?):"),
}


class SourceText:
    """Decoded text with its source name; maps offsets to 1-based line and column."""

    __slots__ = ("_starts", "source", "text")

    def __init__(self, text: str, source: str | None) -> None:
        self.text = text
        self.source = source
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of ``offset``, both 1-based."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def loc(self, offset: int, tag: str | None = None) -> Location:
        """A :class:`Location` for ``offset`` (and the field tag, if any)."""
        line, column = self.position(offset)
        return Location(source=self.source, line=line, column=column, field=tag)


# The lexer's records are plain classes: a dataclass costs start-up time to define.


class SubBlock:
    """A ``{tag:value}`` inside block 3, 5, S or an ACK's block 4."""

    __slots__ = ("start", "tag", "value", "value_start")

    def __init__(self, tag: str, value: str, start: int, value_start: int) -> None:
        self.tag = tag
        self.value = value
        self.start = start
        self.value_start = value_start


class Block:
    """One ``{id:content}`` block; ``subblocks`` is set for tag-structured blocks."""

    __slots__ = (
        "closed",
        "content",
        "content_start",
        "end",
        "glued_end",
        "id",
        "start",
        "subblocks",
    )

    def __init__(  # noqa: PLR0913, PLR0917  (where a block is, and how it ends)
        self,
        id: str,
        start: int,
        content_start: int,
        content: str,
        end: int,
        closed: bool = True,
        glued_end: bool = False,
        subblocks: list[SubBlock] | None = None,
    ) -> None:
        self.id = id
        self.start = start
        self.content_start = content_start
        self.content = content
        self.end = end
        self.closed = closed
        self.glued_end = glued_end
        self.subblocks = subblocks


class RawMessage:
    """The blocks of one message, the ACK/NAK blocks before it, and what lexing found."""

    __slots__ = ("blocks", "end", "findings", "prefix", "start")

    def __init__(self, start: int) -> None:
        self.start = start
        self.blocks: list[Block] = []
        self.prefix: list[Block] = []
        self.findings: list[Finding] = []
        self.end = 0

    def block(self, block_id: str) -> Block | None:
        """The first block with ``block_id``."""
        for b in self.blocks:
            if b.id == block_id:
                return b
        return None


class FieldToken:
    """One block-4 field: tag, content (lines joined by ``\\n``) and each line's start offset."""

    __slots__ = ("line_starts", "start", "tag", "value")

    def __init__(self, tag: str, value: str, start: int, line_starts: list[int]) -> None:
        self.tag = tag
        self.value = value
        self.start = start
        self.line_starts = line_starts

    def _fields(self) -> tuple[str, str, int, list[int]]:
        return self.tag, self.value, self.start, self.line_starts

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldToken):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # equal by value and mutable, like the fields

    def __repr__(self) -> str:
        tag, value, start, starts = self._fields()
        return f"FieldToken(tag={tag!r}, value={value!r}, start={start!r}, line_starts={starts!r})"

    def offset_of(self, index: int) -> int:
        """Source offset of character ``index`` of :attr:`value`."""
        line = self.value.count("\n", 0, index)
        line_begin = self.value.rfind("\n", 0, index) + 1
        return self.line_starts[line] + (index - line_begin)


def decode(data: bytes | str, source: str | None) -> tuple[str, list[Finding]]:
    """Text of ``data`` plus findings for a wrong encoding or control bytes; never raises."""
    findings: list[Finding] = []
    if isinstance(data, str):
        text = data
    else:
        raw = data[len(_BOM_UTF8) :] if data.startswith(_BOM_UTF8) else data
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16", errors="replace")
            findings.append(
                core_codes.BAD_ENCODING.finding(
                    "the input is UTF-16; MT messages are ASCII text",
                    Location(source=source),
                )
            )
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = raw.decode("latin-1")
                where = SourceText(text, source).loc(exc.start)
                findings.append(
                    core_codes.BAD_ENCODING.finding(
                        f"byte 0x{raw[exc.start]:02X} at offset {exc.start} is not UTF-8; "
                        "MT messages are ASCII text (read as Latin-1)",
                        where,
                    )
                )
    bad = _CONTROL.search(text)
    if bad:
        findings.append(
            core_codes.BINARY_INPUT.finding(
                f"control character U+{ord(bad.group()):04X} in the input; MT text holds none",
                SourceText(text, source).loc(bad.start()),
            )
        )
    return text, findings


def _read_block(st: SourceText, i: int) -> Block | None:
    text = st.text
    n = len(text)
    m = _BLOCK_OPEN.match(text, i)
    if m is None:
        return None
    bid = m.group(1)
    j = m.end()
    if bid in ("1", "2"):
        k = _NO_BRACE.match(text, j).end()  # type: ignore[union-attr]
        closed = k < n and text[k] == "}"
        return Block(bid, i, j, text[j:k], k + 1 if closed else k, closed=closed)
    if bid == "4" and not (j < n and text[j] == "{"):
        # One scan to whichever comes first: searching for "-}" to the end of the text and
        # then for "{1:" before it made each unclosed block 4 cost the rest of the file.
        end = _BLOCK4_END.search(text, j)
        if end is None or end.group() == "{1:":
            stop = end.start() if end is not None else n
            return Block(bid, i, j, text[j:stop], stop, closed=False)
        k = end.start()
        glued = not (k > j and text[k - 1] == "\n")
        return Block(bid, i, j, text[j:k], k + 2, closed=True, glued_end=glued)
    subs: list[SubBlock] = []
    p = j
    closed = False
    while p < n:
        ch = text[p]
        if ch == "}":
            closed = True
            p += 1
            break
        if ch == "{":
            sm = _BLOCK_OPEN.match(text, p)
            q = _NO_BRACE.match(text, p + 1).end()  # type: ignore[union-attr]
            if sm is not None and sm.end() <= q:
                subs.append(SubBlock(sm.group(1), text[sm.end() : q], p, sm.end()))
            else:
                subs.append(SubBlock("", text[p + 1 : q], p, p + 1))
            if q < n and text[q] == "}":
                q += 1
            p = q
            continue
        q = _NO_BRACE.match(text, p).end()  # type: ignore[union-attr]
        subs.append(SubBlock("", text[p:q], p, p))
        p = q
    end_content = p - 1 if closed else p
    return Block(bid, i, j, text[j:end_content], p, closed=closed, subblocks=subs)


def _is_ack_header(block: Block) -> bool:
    return block.id == "1" and block.content.startswith("F21")


class _Splitter:
    """The state of :func:`split_messages` while it walks the text once, left to right."""

    __slots__ = ("cur", "messages", "orphans", "pending_ws", "st")

    def __init__(self, st: SourceText) -> None:
        self.st = st
        self.messages: list[RawMessage] = []
        self.orphans: list[Finding] = []
        self.cur: RawMessage | None = None
        self.pending_ws: int | None = None

    def run(self) -> tuple[list[RawMessage], list[Finding]]:
        text = self.st.text
        n = len(text)
        i = 0
        while i < n:
            ch = text[i]
            if ch == "{":
                i = self._block(i)
            elif ch in "$\x01\x03":
                self._finish()
                self.pending_ws = None
                i += 1
            elif ch in " \t\r\n":
                m = _WS_RUN.match(text, i)
                assert m is not None
                if self.pending_ws is None:
                    self.pending_ws = i
                i = m.end()
            else:
                i = self._outside(i, i)
        self._finish()
        return self.messages, self.orphans

    def _outside(self, i: int, search_from: int) -> int:
        """Report the text from ``i`` to the next block or separator; where it ends."""
        text = self.st.text
        m = _GARBAGE_END.search(text, search_from)
        j = m.start() if m else len(text)
        finding = c.OUTSIDE.finding(_outside_message(text[i:j]), self.st.loc(i))
        (self.cur.findings if self.cur is not None else self.orphans).append(finding)
        self.pending_ws = None
        return j

    def _finish(self) -> None:
        if self.cur is not None:
            self.messages.append(self.cur)
        self.cur = None

    def _start(self, i: int) -> RawMessage:
        """A new message at ``i``; findings that belonged to no message so far go to it."""
        self._finish()
        cur = RawMessage(start=i)
        if self.orphans:
            cur.findings.extend(self.orphans)
            self.orphans.clear()
        self.cur = cur
        return cur

    def _block(self, i: int) -> int:
        """Read the block at ``i`` into the current message (or a new one); where it ends."""
        block = _read_block(self.st, i)
        if block is None:
            return self._outside(i, i + 1)
        cur = self.cur
        if block.id == "1":
            if cur is not None and not cur.blocks and cur.prefix and not _is_ack_header(block):
                cur.blocks.append(block)
            else:
                cur = self._start(i)
                (cur.prefix if _is_ack_header(block) else cur.blocks).append(block)
        elif cur is None:
            cur = self._start(i)
            cur.blocks.append(block)
        elif not cur.blocks and cur.prefix and block.subblocks is not None:
            cur.prefix.append(block)
        else:
            if self.pending_ws is not None:
                cur.findings.append(
                    c.BETWEEN.finding(
                        "white space between blocks; FIN messages have none",
                        self.st.loc(self.pending_ws),
                    )
                )
            cur.blocks.append(block)
        self.pending_ws = None
        cur.end = block.end
        return block.end


def split_messages(st: SourceText) -> tuple[list[RawMessage], list[Finding]]:
    """The messages of the text; findings that belong to no message come second."""
    return _Splitter(st).run()


def _outside_message(snippet: str) -> str:
    shown = snippet.strip()
    if len(shown) > 30:
        shown = shown[:27] + "..."
    return f"text outside the blocks: {shown!r}"


def is_one_line(content: str) -> bool:
    """True for block-4 text with no line break at all, as when a message was pasted on one line:
    then no field can be told from the next."""
    return "\n" not in content and len(_FIELD_START.findall(content)) > 1


def _split_clean(block: Block) -> tuple[list[FieldToken], str] | None:
    """The fields of a block 4 that gives :func:`split_fields` nothing to report, cut by one
    regular expression: closed by a line break and ``-}``, opened by a line break, every line
    ended alike (all CRLF or all LF) and the first line a field. ``None`` for anything else,
    which then takes the line-by-line path."""
    content = block.content
    if not block.closed or block.glued_end:
        return None
    if content.startswith("\r\n"):
        line_ending = "\r\n"
        breaks = content.count("\n")
        if content.count("\r") != breaks or content.count("\r\n") != breaks:
            return None
    elif content.startswith("\n") and "\r" not in content:
        line_ending = "\n"
    else:
        return None
    width = len(line_ending)
    if len(content) == width:
        return [], line_ending
    if not content.endswith(line_ending) or not _FIELD_START.match(content, width):
        return None
    base = block.content_start
    body_end = len(content) - width
    tokens: list[FieldToken] = []
    starts = [
        (m.start() + width, m.end(), m.group(1))
        for m in _NEXT_FIELD[line_ending].finditer(content, 0, body_end)
    ]
    for n, (start, value_start, tag) in enumerate(starts):
        value_end = starts[n + 1][0] - width if n + 1 < len(starts) else body_end
        raw = content[value_start:value_end]
        line_starts = [base + value_start]
        at = raw.find(line_ending)
        while at >= 0:
            line_starts.append(base + value_start + at + width)
            at = raw.find(line_ending, at + width)
        value = raw.replace("\r\n", "\n") if width == 2 else raw
        tokens.append(FieldToken(tag, value, base + start, line_starts))
    return tokens, line_ending


def split_fields(
    st: SourceText, block: Block, findings: list[Finding]
) -> tuple[list[FieldToken], str]:
    """The fields of a text block 4, and the line ending it uses (``\\r\\n`` or ``\\n``)."""
    clean = _split_clean(block)
    return clean if clean is not None else split_lines(st, block, findings)


def split_lines(
    st: SourceText, block: Block, findings: list[Finding]
) -> tuple[list[FieldToken], str]:
    """:func:`split_fields` line by line, reporting every fault of the layout on the way."""
    content = block.content
    base = block.content_start
    crlf = "\r\n" in content
    line_ending = "\r\n" if crlf or not content else "\n"
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw_line in content.split("\n"):
        line = raw_line[:-1] if raw_line.endswith("\r") else raw_line
        if "\r" in line:
            findings.append(
                c.LINE_BREAK.finding(
                    "lone CR inside a line; FIN line breaks are CRLF",
                    st.loc(base + pos + line.index("\r")),
                )
            )
        lines.append((base + pos, line))
        pos += len(raw_line) + 1
    if lines and lines[0][1] == "":
        lines = lines[1:]
    elif content:
        findings.append(
            c.BLOCK4_START.finding(
                "block 4 is on one line: every field must start on a line of its own "
                "(a line break after '{4:' and before each ':tag:')"
                if is_one_line(content)
                else "block 4 must start with a line break after '{4:'",
                st.loc(base),
            )
        )
    if block.closed and not block.glued_end and lines and lines[-1][1] == "":
        lines = lines[:-1]
    tokens: list[FieldToken] = []
    parts: list[list[str]] = []  # each token's lines, joined once (+= on an attribute is quadratic)
    for start, line in lines:
        m = _FIELD_START.match(line)
        if m:
            tokens.append(FieldToken(m.group(1), line[m.end() :], start, [start + m.end()]))
            parts.append([tokens[-1].value])
        elif tokens:
            parts[-1].append(line)
            tokens[-1].line_starts.append(start)
        else:
            findings.append(
                c.TEXT_BEFORE_FIELD.finding(
                    f"text {line[:30]!r} before the first field of block 4",
                    st.loc(start),
                )
            )
    for token, lines_of_token in zip(tokens, parts, strict=True):
        if len(lines_of_token) > 1:
            token.value = "\n".join(lines_of_token)
    return tokens, line_ending
