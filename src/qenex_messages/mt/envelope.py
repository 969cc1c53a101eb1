"""The FIN envelope: block 1 (basic header), block 2 (application header), block 3 (user header),
block 5 (trailers) and the local ``{S:}`` block, read from lexed blocks and written back.

Every tag read is kept, known or not, in the order read, so a parsed message renders to the same
bytes. Checks report the shape problems the FIN network would reject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qenex_messages import identifiers
from qenex_messages.findings import Finding, Severity
from qenex_messages.mt import codes as c
from qenex_messages.mt.lexer import Block, SourceText
from qenex_messages.mt.tag_formats import BLOCK3_ORDER, BLOCK3_RANK, tag_pattern

__all__ = [
    "BLOCK3_ORDER",
    "BLOCK3_RANK",
    "ApplicationHeader",
    "BasicHeader",
    "TagBlock",
    "check_block3",
    "check_block5",
    "parse_application_header",
    "parse_basic_header",
    "tag_pattern",
]

# The patterns are kept as text and compiled by ``re`` on first use (its cache keeps them): a
# message the MT plan finds clean never reads its envelope this way, so it compiles none of them.
_B1 = r"([FAL])([0-9]{2})([A-Z0-9]{12})([0-9]{4})([0-9]{6})"
_B2_IN = r"I([0-9]{3})([A-Z0-9]{12})([SUN])?([123])?([0-9]{3})?"
_B2_OUT = (
    r"O([0-9]{3})([0-9]{4})(([0-9]{6})([A-Z0-9]{12})([0-9]{4})([0-9]{6}))"
    r"([0-9]{6})([0-9]{4})([SUN])"
)


@dataclass(slots=True)
class BasicHeader:
    """Block 1: application id, service id, LT address, session and sequence number."""

    raw: str
    application_id: str | None = None
    service_id: str | None = None
    lt_address: str | None = None
    session: str | None = None
    sequence: str | None = None

    @property
    def bic(self) -> str | None:
        """The 11-character BIC of the LT address (its 9th character, the terminal, dropped)."""
        if self.lt_address is None:
            return None
        return self.lt_address[:8] + self.lt_address[9:]


@dataclass(slots=True)
class ApplicationHeader:
    """Block 2, input (``I``) or output (``O``)."""

    raw: str
    direction: str | None = None
    message_type: str | None = None
    destination: str | None = None
    priority: str | None = None
    monitoring: str | None = None
    obsolescence: str | None = None
    input_time: str | None = None
    mir: str | None = None
    mir_date: str | None = None
    mir_lt: str | None = None
    output_date: str | None = None
    output_time: str | None = None

    @property
    def counterpart_bic(self) -> str | None:
        """Input: the receiver's BIC; output: the sender's BIC (from the MIR)."""
        lt = self.destination if self.direction == "I" else self.mir_lt
        return None if lt is None else lt[:8] + lt[9:]


@dataclass(slots=True)
class TagBlock:
    """Block 3, 5 or S: ``{tag:value}`` entries in the order read, unknown tags included."""

    block_id: str
    entries: list[tuple[str, str]] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    def get(self, tag: str) -> str | None:
        """The value of the first entry with ``tag``."""
        for t, v in self.entries:
            if t == tag:
                return v
        return None

    def render(self) -> str:
        """The block as FIN text."""
        inner = "".join(f"{{{t}:{v}}}" if t else v for t, v in self.entries)
        return f"{{{self.block_id}:{inner}}}"


def parse_basic_header(st: SourceText, block: Block, out: list[Finding]) -> BasicHeader:
    """Read block 1 and report a malformed one (QX217) or an LT with terminal code X (QX218)."""
    header = BasicHeader(raw=block.content)
    m = re.fullmatch(_B1, block.content)
    if m is None:
        where = st.loc(block.content_start, "1")
        out.append(
            c.BLOCK1.finding(
                f"block 1 {block.content!r} must be F01 + 12-character LT + 4-digit session + "
                "6-digit sequence number (25 characters)",
                where,
            )
        )
        return header
    app, svc, lt, session, seq = m.groups()
    header.application_id, header.service_id, header.lt_address = app, svc, lt
    header.session, header.sequence = session, seq
    if app != "F" or svc != "01":
        where = st.loc(block.content_start, "1")
        out.append(c.BLOCK1.finding(f"an MT103 is sent as F01, not {app}{svc}", where))
    if lt[8] == "X":
        out.append(
            c.LT_X.finding(
                f"LT {lt} has terminal code 'X'; a real logical terminal is A-W or Y-Z",
                st.loc(block.content_start + 11, "1"),
            )
        )
    return header


def parse_application_header(st: SourceText, block: Block, out: list[Finding]) -> ApplicationHeader:
    """Read block 2 (input or output layout) and report shape and priority problems."""
    raw = block.content
    header = ApplicationHeader(raw=raw)
    m = re.fullmatch(_B2_IN, raw)
    if m is not None:
        mt, dest, prio, mon, obs = m.groups()
        header.direction, header.message_type, header.destination = "I", mt, dest
        header.priority, header.monitoring, header.obsolescence = prio, mon, obs
        if prio == "U" and mon not in (None, "1", "3"):
            out.append(
                c.PRIORITY.finding(
                    f"priority U needs delivery monitoring 1 or 3, not {mon}",
                    st.loc(block.content_start, "2"),
                )
            )
        elif prio in (None, "N") and mon not in (None, "2"):
            out.append(
                c.PRIORITY.finding(
                    f"priority N allows delivery monitoring 2 only, not {mon}",
                    st.loc(block.content_start, "2"),
                )
            )
        return header
    m = re.fullmatch(_B2_OUT, raw)
    if m is not None:
        groups = m.groups()
        header.direction, header.message_type, header.input_time = "O", groups[0], groups[1]
        header.mir, header.mir_date, header.mir_lt = groups[2], groups[3], groups[4]
        header.output_date, header.output_time, header.priority = groups[7], groups[8], groups[9]
        return header
    if len(raw) >= 4 and raw[0] in "IO":
        header.direction, header.message_type = raw[0], raw[1:4]
    out.append(
        c.BLOCK2.finding(
            f"block 2 {raw!r} is neither an input header (I + type + 12-character destination "
            "[+ priority, monitoring, obsolescence]) nor a 47-character output header",
            st.loc(block.content_start, "2"),
        )
    )
    return header


def tag_block(block: Block, st: SourceText, out: list[Finding]) -> TagBlock:
    """A :class:`TagBlock` from a lexed block, reporting text that is not ``{tag:value}``."""
    tb = TagBlock(block.id)
    for sub in block.subblocks or ():
        tb.entries.append((sub.tag, sub.value if sub.tag else _raw_entry(st, sub.start, sub)))
        tb.offsets.append(sub.start)
        if not sub.tag:
            out.append(
                c.BLOCK3_VALUE.finding(
                    f"block {block.id} holds {sub.value[:30]!r}, which is not a {{tag:value}}",
                    st.loc(sub.start, block.id),
                )
            )
    return tb


def _raw_entry(st: SourceText, start: int, sub: object) -> str:
    # An unparseable entry is kept verbatim so rendering gives it back.
    value = getattr(sub, "value", "")
    return st.text[start : start + 1] + value if st.text[start] == "{" else value


def check_block3(tb: TagBlock, st: SourceText, out: list[Finding]) -> None:
    """Report unknown, repeated, malformed and out-of-order block 3 tags and a bad 119."""
    seen: set[str] = set()
    last_rank = -1
    order = BLOCK3_RANK
    for (tag, value), offset in zip(tb.entries, tb.offsets, strict=True):
        if not tag:
            continue
        if _clean_block3_tag(tag, value, seen, order.get(tag, -1), last_rank):
            seen.add(tag)
            last_rank = order[tag]
            continue  # nothing to report: no location to compute
        where = st.loc(offset, f"3:{tag}")
        if tag in seen:
            out.append(c.BLOCK3_VALUE.finding(f"block 3 tag {tag} appears more than once", where))
        seen.add(tag)
        fmt = tag_pattern("3", tag)
        if tag == "121":
            for f in identifiers.check_uetr(value, where):
                out.append(f)  # noqa: PERF402
        elif fmt is None:
            out.append(c.BLOCK3_TAG.finding(f"block 3 tag {tag} is not a user-header tag", where))
            continue
        elif not re.fullmatch(fmt, value):
            out.append(
                c.BLOCK3_VALUE.finding(f"block 3 tag {tag} value {value!r} is malformed", where)
            )
        if tag == "119" and value not in ("STP", "REMIT"):
            out.append(
                c.VALIDATION_FLAG.finding(
                    f"119:{value} is not an MT103 validation flag (STP or REMIT); "
                    "COV is for MT202/205, RFDD for MT104",
                    where,
                )
            )
        rank = order[tag]
        if rank < last_rank:
            out.append(
                c.BLOCK3_VALUE.finding(
                    f"block 3 tag {tag} is out of order (103, 113, 108, 119, 423, 106, 424, "
                    "111, 121, 115, 165, 433, 434)",
                    where,
                    severity=Severity.WARNING,
                )
            )
        last_rank = max(last_rank, rank)


def _clean_block3_tag(tag: str, value: str, seen: set[str], rank: int, last_rank: int) -> bool:
    """True when :func:`check_block3` has nothing to say about this tag."""
    if tag in seen or rank < last_rank:
        return False
    if tag == "121":
        return identifiers.is_valid_uetr(value)
    fmt = tag_pattern("3", tag)
    return (
        fmt is not None
        and re.fullmatch(fmt, value) is not None
        and (tag != "119" or value in ("STP", "REMIT"))
    )


def check_block5(tb: TagBlock, st: SourceText, out: list[Finding]) -> None:
    """Report malformed trailers (CHK not 12!h, PDE not empty or time + MIR ...)."""
    for (tag, value), offset in zip(tb.entries, tb.offsets, strict=True):
        if not tag:
            continue
        fmt = tag_pattern("5", tag)
        if fmt is not None and re.fullmatch(fmt, value):
            continue  # well formed: no location to compute
        where = st.loc(offset, f"5:{tag}")
        if fmt is None:
            out.append(
                c.TRAILER.finding(
                    f"block 5 tag {tag} is not a FIN trailer", where, severity=Severity.WARNING
                )
            )
        elif not re.fullmatch(fmt, value):
            out.append(c.TRAILER.finding(f"trailer {tag}:{value!r} is malformed", where))
