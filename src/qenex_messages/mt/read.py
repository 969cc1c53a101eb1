"""MT103 messages: read a file into :class:`Mt103Message` objects and check them.

:func:`check_mt` is the forgiving entry point (one :class:`Report` per message, never raises);
:func:`parse_mt103` and :func:`parse_mt_messages` are the strict ones (they raise
:class:`MessageError` when a message cannot be read at all). A parsed message keeps every block,
tag and field it was given, in order, so :meth:`Mt103Message.render` gives back the same bytes
for a valid message.
"""

from __future__ import annotations

from datetime import date

from qenex_messages import codes as core_codes
from qenex_messages.findings import Finding, Location, MessageError
from qenex_messages.limits import Limits, limit_finding, resolve
from qenex_messages.mt import codes as c
from qenex_messages.mt.check import check_mt, read_mt
from qenex_messages.mt.codes import INTERNAL
from qenex_messages.mt.envelope import (
    check_block3,
    check_block5,
    parse_application_header,
    parse_basic_header,
    tag_block,
)
from qenex_messages.mt.fields import MtField, check_field
from qenex_messages.mt.lexer import (
    Block,
    RawMessage,
    SourceText,
    decode,
    is_one_line,
    split_fields,
    split_messages,
)
from qenex_messages.mt.linebreaks import repair
from qenex_messages.mt.message import Mt103Message
from qenex_messages.mt.network_rules import Context, check_rules, check_structure
from qenex_messages.rootcause import counted, suppress

__all__ = [
    "MAX_FINDINGS",
    "check_mt",
    "parse_mt103",
    "parse_mt_messages",
    "read_messages",
    "read_mt",
    "unreadable",
]

MAX_FINDINGS = 200
"""At most this many findings are reported per message (then one ``QX229``)."""


_BLOCK_RANK = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "S": 5}


def _analyse(
    st: SourceText, raw: RawMessage, index: int, limits: Limits, as_of: date | None
) -> Mt103Message:
    """Build the message from its lexed blocks and collect every finding about it (``as_of``:
    the day it is checked on, default today)."""
    out: list[Finding] = list(raw.findings)
    msg = Mt103Message(source=st.source, index=index)
    if raw.prefix:
        msg.prefix = st.text[raw.prefix[0].start : raw.prefix[-1].end]
        for b in raw.prefix:
            for sub in b.subblocks or ():
                if sub.tag == "451" and sub.value == "1":
                    out.append(  # noqa: PERF401
                        c.NAK.finding("the service-21 prefix is a NAK (451:1)", st.loc(sub.start))
                    )
    seen, one_line, block4 = _blocks(st, raw, msg, out, limits)
    for needed in ("1", "2", "4"):
        if needed not in seen:
            missing = c.UNCLOSED.finding(f"block {needed} is missing", st.loc(raw.start))
            out.append(missing)
    mt = msg.message_type
    if mt is not None and mt != "103":
        where = st.loc(raw.start)
        out.append(c.UNSUPPORTED.finding(f"this is an MT{mt}; only MT103 is validated", where))
        msg.findings = out
        return msg
    if "4" in seen and _within_limits(st, raw, msg, limits, out):
        variant = msg.variant
        for f in msg.fields:
            check_field(st, f, out, variant=variant, as_of=as_of)
        ctx = Context(msg.fields, variant, msg.sender_bic, msg.receiver_bic, st, seen["4"])
        out.extend(check_structure(ctx))
        out.extend(check_rules(ctx))
    if msg.uetr is None:
        out.append(
            c.U13.finding(
                "block 3 field 121 (UETR) is missing; it is mandatory in MT103 since SR 2018",
                st.loc(seen.get("3", raw.start), "3:121"),
            )
        )
    if one_line is not None:
        # Fields cannot be told apart on one line: what the field checks say follows from that.
        out = suppress(out, one_line, lambda f: _inside(f, *block4))
    msg.findings = _cap(out, st)
    return msg


_Span = tuple[tuple[int, int], tuple[int, int]]


def _blocks(
    st: SourceText, raw: RawMessage, msg: Mt103Message, out: list[Finding], limits: Limits
) -> tuple[dict[str, int], Finding | None, _Span]:
    """Read each block into ``msg``: (where each block starts, by id; the one-line finding of
    block 4 and its span, when the text block is written on one line)."""
    seen: dict[str, int] = {}
    last_rank = -1
    one_line: Finding | None = None
    block4: _Span = ((0, 0), (0, 0))
    for b in raw.blocks:
        if not b.closed:
            out.append(c.UNCLOSED.finding(f"block {b.id} is not closed", st.loc(b.start, b.id)))
        rank = _BLOCK_RANK.get(b.id)
        if rank is None:
            where = st.loc(b.start, b.id)
            out.append(c.UNKNOWN_BLOCK.finding(f"block id {b.id!r} is not 1-5 or S", where))
            msg.other_blocks.append(tag_block(b, st, out))
            continue
        if b.id in seen:
            out.append(c.BLOCK_ORDER.finding(f"block {b.id} appears twice", st.loc(b.start, b.id)))
            continue
        if rank < last_rank:
            out.append(
                c.BLOCK_ORDER.finding(
                    f"block {b.id} is out of order (1, 2, 3, 4, 5)", st.loc(b.start, b.id)
                )
            )
        last_rank = max(last_rank, rank)
        seen[b.id] = b.start
        if b.id == "4":
            found = _block4(st, raw, b, msg, out, limits)
            if found is not None:
                one_line, block4 = found
        else:
            _header_block(st, b, msg, out)
    return seen, one_line, block4


def _header_block(st: SourceText, b: Block, msg: Mt103Message, out: list[Finding]) -> None:
    """Read block 1, 2, 3, 5 or S into ``msg``."""
    if b.id == "1":
        msg.basic_header = parse_basic_header(st, b, out)
    elif b.id == "2":
        msg.application_header = parse_application_header(st, b, out)
    elif b.id == "3":
        msg.user_header = tag_block(b, st, out)
        check_block3(msg.user_header, st, out)
    elif b.id == "5":
        msg.trailer = tag_block(b, st, out)
        check_block5(msg.trailer, st, out)
    else:
        msg.system_block = tag_block(b, st, out)


def _block4(
    st: SourceText, raw: RawMessage, b: Block, msg: Mt103Message, out: list[Finding], limits: Limits
) -> tuple[Finding | None, _Span] | None:
    """Read the text block into ``msg.fields``; (the one-line finding, the block's span) when
    the block is written on one line, else None."""
    if b.subblocks is not None:
        out.append(c.BLOCK4_START.finding("block 4 holds tags, not MT text", st.loc(b.start, "4")))
        return None
    if raw.end - raw.start > limits.max_mt_message_chars:
        return None  # reported by _within_limits; not split into fields first
    before = len(out)
    tokens, msg.line_ending = split_fields(st, b, out)
    found = None
    if is_one_line(b.content):
        one_line = next((f for f in out[before:] if f.code == c.BLOCK4_START.code), None)
        found = (one_line, (st.position(b.start), st.position(b.end)))
    msg.fields = [MtField(t.tag, t.value, token=t) for t in tokens]
    if b.glued_end:
        out.append(
            c.BLOCK4_END.finding(
                "block 4 ends with '-}' glued to the last field; a line break must come first",
                st.loc(b.end - 2, "4"),
            )
        )
    return found


def _inside(finding: Finding, start: tuple[int, int], end: tuple[int, int]) -> bool:
    loc = finding.location
    return loc.line is not None and start <= (loc.line, loc.column or 0) <= end


def _within_limits(
    st: SourceText, raw: RawMessage, msg: Mt103Message, limits: Limits, out: list[Finding]
) -> bool:
    """False (with a finding naming the setting) when the message is too big to check field by
    field: too long, too many fields, or a field too long."""
    length = raw.end - raw.start
    if length > limits.max_mt_message_chars:
        where = st.loc(raw.start)
        out.append(
            limit_finding(
                "max_mt_message_chars", length, limits, what="the message", location=where
            )
        )
        return False
    if len(msg.fields) > limits.max_mt_fields:
        token = msg.fields[limits.max_mt_fields].token
        where = st.loc(token.start if token else raw.start)
        out.append(
            limit_finding(
                "max_mt_fields",
                len(msg.fields),
                limits,
                what="the number of block-4 fields",
                location=where,
            )
        )
        return False
    for f in msg.fields:
        if len(f.value) > limits.max_mt_field_chars:
            where = st.loc(f.token.start if f.token else raw.start, f.tag)
            out.append(
                limit_finding(
                    "max_mt_field_chars",
                    len(f.value),
                    limits,
                    what=f"field {f.tag}",
                    location=where,
                )
            )
            return False
    return True


def read_messages(
    data: bytes | str,
    source: str | None,
    limits: Limits | None = None,
    *,
    screened: bool = False,
    as_of: date | None = None,
) -> tuple[list[Mt103Message], list[Finding]]:
    """Messages of ``data`` (each with its findings) and findings about the file as a whole;
    ``screened``: the front door checked the size already."""
    effective = resolve(limits)
    too_large = (
        None if screened else effective.input_refused(len(data), location=Location(source=source))
    )
    if too_large is not None:
        return [], [too_large]
    text, file_findings = decode(data, source)
    if not text.strip():
        return [], [
            *file_findings,
            core_codes.EMPTY_INPUT.finding("the input is empty", Location(source=source)),
        ]
    st = SourceText(text, source)
    repaired, cause = repair(st)
    if cause is None:
        return _messages(st, file_findings, effective, as_of)
    # Read the text both ways only to say how many findings the line endings alone caused.
    as_given = _messages(st, [], effective, as_of)
    messages, rest = _messages(SourceText(repaired, source), file_findings, effective, as_of)
    caused = _total(as_given) - _total((messages, rest))
    cause = counted(cause, max(caused, 0))
    if messages:
        messages[0].findings.insert(0, cause)
    else:
        rest.insert(0, cause)
    return messages, rest


def _total(read: tuple[list[Mt103Message], list[Finding]]) -> int:
    return sum(len(m.findings) for m in read[0]) + len(read[1])


def _messages(
    st: SourceText, file_findings: list[Finding], effective: Limits, as_of: date | None
) -> tuple[list[Mt103Message], list[Finding]]:
    source = st.source
    raws, orphans = split_messages(st)
    if len(raws) > effective.max_mt_messages:
        where = st.loc(raws[effective.max_mt_messages].start)
        orphans = [
            limit_finding("max_mt_messages", len(raws), effective, what="the file", location=where),
            *orphans,
        ]
        raws = raws[: effective.max_mt_messages]
    messages = [_analyse(st, raw, i, effective, as_of) for i, raw in enumerate(raws)]
    for i, (message, raw) in enumerate(zip(messages, raws, strict=True)):
        following = st.text[raw.end : _start(raws[i + 1]) if i + 1 < len(raws) else None]
        if raw.blocks and following.isspace():
            message.suffix = following
    if not messages:
        orphans = orphans or [
            core_codes.UNKNOWN_FORMAT.finding("no MT block found", Location(source=source))
        ]
        return [], [*file_findings, *orphans[:MAX_FINDINGS]]
    if orphans:
        messages[-1].findings = _cap(messages[-1].findings + orphans, st)
    if file_findings:
        messages[0].findings = _cap(file_findings + messages[0].findings, st)
    return messages, []


def _start(raw: RawMessage) -> int:
    """Where ``raw`` begins: its ACK/NAK prefix or its first block."""
    return raw.prefix[0].start if raw.prefix else raw.start


def _cap(findings: list[Finding], st: SourceText) -> list[Finding]:
    """At most MAX_FINDINGS findings, then one QX229 saying how many more there were."""
    if len(findings) <= MAX_FINDINGS + 1:
        return findings
    kept = [f for f in findings[:MAX_FINDINGS] if f.code != c.TOO_MANY.code]
    dropped = len(findings) - len(kept)
    return [*kept, c.TOO_MANY.finding(f"{dropped} more findings were not reported", st.loc(0))]


def unreadable(msg: Mt103Message) -> bool:
    """True when the fields of ``msg`` cannot be cut apart or it is no MT103; other faults (an
    unclosed block 3 or 5, a bad block 2) leave it readable, with their findings."""
    fatal_codes = {
        c.UNSUPPORTED.code,
        c.BLOCK4_START.code,
        INTERNAL.code,
        core_codes.EMPTY_INPUT.code,
        core_codes.UNKNOWN_FORMAT.code,
        core_codes.TOO_LARGE.code,
    }
    return not msg.fields or any(f.code in fatal_codes for f in msg.findings)


def parse_mt_messages(
    data: bytes | str, *, source: str | None = None, limits: Limits | None = None
) -> list[Mt103Message]:
    """Every message of ``data``; raises :class:`MessageError` when there is none to read."""
    limits = resolve(limits)  # a malformed QENEX_MAX_* variable: SettingError, not a finding
    try:
        messages, file_findings = read_messages(data, source, limits)
    except Exception as exc:
        raise MessageError(
            f"cannot read {source or 'the input'}: {exc}",
            [INTERNAL.finding(f"{type(exc).__name__}: {exc}", Location(source=source))],
        ) from exc
    if not messages:
        raise MessageError(f"no MT message in {source or 'the input'}", file_findings)
    return messages


def parse_mt103(
    data: bytes | str, *, source: str | None = None, limits: Limits | None = None
) -> Mt103Message:
    """The first message of ``data``; raises :class:`MessageError` when it cannot be read as an
    MT103 (no fields that can be cut apart, another message type). Other findings stay on the
    result."""
    messages = parse_mt_messages(data, source=source, limits=limits)
    first = messages[0]
    if unreadable(first):
        raise MessageError(
            f"the first message of {source or 'the input'} cannot be read as an MT103",
            [f for f in first.findings if f.is_error],
        )
    return first
