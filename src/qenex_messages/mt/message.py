"""The MT103 message as read: every block, tag and field in order, so that
:meth:`Mt103Message.render` gives back the same bytes for a valid message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qenex_messages.findings import Finding, Outcome
from qenex_messages.mt.envelope import ApplicationHeader, BasicHeader, TagBlock
from qenex_messages.mt.fields import MtField

if TYPE_CHECKING:
    from qenex_messages.model import CreditTransfer

__all__ = ["Mt103Message"]


@dataclass
class Mt103Message:
    """One MT103 as read: all blocks, unknown and repeated tags, fields in order."""

    basic_header: BasicHeader | None = None
    application_header: ApplicationHeader | None = None
    user_header: TagBlock | None = None
    fields: list[MtField] = field(default_factory=list)
    trailer: TagBlock | None = None
    system_block: TagBlock | None = None
    other_blocks: list[TagBlock] = field(default_factory=list)
    prefix: str = ""
    suffix: str = ""
    """White space after the last block (a file's final line break), written back as read."""
    line_ending: str = "\r\n"
    source: str | None = None
    index: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def variant(self) -> str:
        """``"STP"`` or ``"REMIT"`` when block 3 field 119 says so, else ``"core"``."""
        flag = self.user_header.get("119") if self.user_header else None
        return flag if flag in ("STP", "REMIT") else "core"

    @property
    def message_type(self) -> str | None:
        """The three digits of block 2 (``"103"``), when block 2 could be read."""
        return self.application_header.message_type if self.application_header else None

    @property
    def uetr(self) -> str | None:
        """Block 3 field 121."""
        return self.user_header.get("121") if self.user_header else None

    @property
    def sender_bic(self) -> str | None:
        """Input: block 1 LT; output: the LT inside the MIR (as an 11-character BIC)."""
        app = self.application_header
        if app is not None and app.direction == "O":
            return app.counterpart_bic
        return self.basic_header.bic if self.basic_header else None

    @property
    def receiver_bic(self) -> str | None:
        """Input: block 2 destination; output: block 1 LT (as an 11-character BIC)."""
        app = self.application_header
        if app is not None and app.direction == "I":
            return app.counterpart_bic
        if app is not None and app.direction == "O":
            return self.basic_header.bic if self.basic_header else None
        return None

    def field(self, tag: str) -> MtField | None:
        """The first field whose tag starts with ``tag`` (``"50"`` finds 50A, 50F or 50K)."""
        for f in self.fields:
            if f.tag.startswith(tag):
                return f
        return None

    def all_fields(self, tag: str) -> list[MtField]:
        """Every field whose tag starts with ``tag``."""
        return [f for f in self.fields if f.tag.startswith(tag)]

    def render(self, *, line_ending: str = "\r\n") -> str:
        """The message as FIN text; byte-exact for a valid parsed message and its line ending."""
        parts = [self.prefix]
        if self.basic_header is not None:
            parts.append(f"{{1:{self.basic_header.raw}}}")
        if self.application_header is not None:
            parts.append(f"{{2:{self.application_header.raw}}}")
        if self.user_header is not None:
            parts.append(self.user_header.render())
        parts.append("{4:" + line_ending)
        for f in self.fields:
            parts.append(f":{f.tag}:{f.value.replace(chr(10), line_ending)}{line_ending}")  # noqa: PERF401
        parts.append("-}")
        for tb in (self.trailer, self.system_block, *self.other_blocks):
            if tb is not None:
                parts.append(tb.render())  # noqa: PERF401
        suffix = self.suffix
        if line_ending != self.line_ending:
            suffix = suffix.replace("\r\n", "\n").replace("\n", line_ending)
        parts.append(suffix)
        return "".join(parts)

    def to_model(self) -> Outcome[CreditTransfer]:
        """The message as a :class:`~qenex_messages.model.CreditTransfer` (kind INTERBANK, one
        transaction); what the model cannot hold is listed as findings."""
        from qenex_messages.mt.to_model import message_to_model  # pydantic: on demand only

        return message_to_model(self)
