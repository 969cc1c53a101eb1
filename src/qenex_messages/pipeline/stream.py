"""Validate huge files with memory that does not grow with them: the stream input mode.

:func:`validate_stream` is the same pipeline as :func:`~qenex_messages.pipeline.validate_bytes`
(the same front door, the same format layers, the same rulebook) reading its input as a stream:
a pain.001 or pacs.008 of any size goes to :class:`~qenex_messages.iso20022.stream.XmlStream`,
a file of MT messages to :func:`~qenex_messages.mt.stream.check_mt_stream`, and anything else
(an unsupported version, an unknown format) is read whole within ``max_input_bytes`` and
validated like :func:`~qenex_messages.pipeline.validate_bytes`. The rulebook reaches the XML
stream through :class:`ProfileRules`: ``auto`` is decided by
:func:`~qenex_messages.rules.select_profile` on the first chunk (header, group header and first
transactions); each chunk runs the rules of header and transaction scope, and the rules of
message scope (counts, uniqueness, one transaction) hear the running totals through their tally
form, since a chunk sees part of the message.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import IO, TYPE_CHECKING, BinaryIO

from qenex_messages import codes
from qenex_messages.codes import define
from qenex_messages.findings import Finding, Location, Report, Severity
from qenex_messages.inputs import (
    CappedReader,
    InputTooLarge,
    ReadCounts,
    StreamInput,
    detect_format,
    open_stream,
    read_capped,
    screen,
)
from qenex_messages.limits import Limits, limit_finding, resolve
from qenex_messages.pipeline.validate import check_profile_name, profile_skipped, validate_bytes
from qenex_messages.versions import ProfileName, ProfileOption

if TYPE_CHECKING:  # the format layers and rulebooks load on first use
    from lxml import etree

    from qenex_messages.iso20022.stream import MessageCounts
    from qenex_messages.iso20022.totals import Totals
    from qenex_messages.model import CreditTransferTransaction
    from qenex_messages.rules.base import RulebookRule
    from qenex_messages.rules.tally import Tally
    from qenex_messages.rules.view import Message

__all__ = [
    "FINDINGS_CUT",
    "FindingStream",
    "ProfileRules",
    "check_stream_report",
    "iter_transactions",
    "validate_stream",
]

FINDINGS_CUT = define(
    "QX080",
    Severity.INFO,
    "More findings were found in the file than max_findings allows; the rest were counted only.",
    family="input",
    fix="Fix the reported findings first, or raise QENEX_MAX_FINDINGS to see the rest.",
)

_SNIFF = 64 * 1024


class FindingStream(Iterator[Finding]):
    """The findings of one streamed file, produced lazily as the file is read.

    Iterate it for :class:`~qenex_messages.findings.Finding` objects in file order. While and
    after iterating, :attr:`message_type`, :attr:`version`, :attr:`transactions` (ISO 20022) or
    :attr:`messages` (MT) say what was read; :meth:`report` drains the stream into a
    :class:`~qenex_messages.findings.Report`. At most ``Limits.max_findings`` findings come out,
    then one ``QX080`` note with the number left out."""

    def __init__(self, source: str | None, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.counts = ReadCounts(source, limits)
        self.suppressed = 0
        self._count = 0
        self._inner: Iterator[Finding] = iter(())

    @property
    def message_type(self) -> str | None:
        """The message type read (``pacs.008``, ``pain.001``, ``MT103``), once known."""
        return self.counts.message_type

    @property
    def version(self) -> str | None:
        """The message version read (e.g. ``pain.001.001.09``), once known."""
        return self.counts.version

    @property
    def transactions(self) -> int:
        """ISO 20022 transactions read so far."""
        return self.counts.transactions

    @property
    def messages(self) -> int:
        """MT messages read so far."""
        return self.counts.messages

    def _start(self, inner: Iterator[Finding]) -> FindingStream:
        self._inner = self._capped(inner)
        return self

    def _capped(self, inner: Iterator[Finding]) -> Iterator[Finding]:
        cap = self.limits.max_findings
        for finding in inner:
            if self._count < cap:
                self._count += 1
                yield finding
            else:
                self.suppressed += 1
        if self.suppressed:
            yield FINDINGS_CUT.finding(
                f"{self.suppressed:,} more findings were not reported "
                f"(max_findings, QENEX_MAX_FINDINGS={cap})",
                Location(source=self.source),
                args={"suppressed": str(self.suppressed)},
            )

    def __iter__(self) -> FindingStream:
        return self

    def __next__(self) -> Finding:
        return next(self._inner)

    def report(self) -> Report:
        """Read the rest of the file and return every finding as one report."""
        findings = list(self)
        return Report(
            source=self.source,
            message_type=self.message_type,
            version=self.version,
            findings=findings,
        )


class ProfileRules:
    """A rulebook profile (or ``auto``) as the XML stream's :class:`StreamRules` callback.

    Each chunk runs the rules of header and transaction scope; the rules of message scope hear
    the stream's events through their tally form (:mod:`qenex_messages.rules.tally`)."""

    def __init__(self, profile: ProfileOption, *, source: str | None, as_of: date | None) -> None:
        self.profile: ProfileName | None = None if profile == "auto" else profile
        self.decided = profile != "auto"
        self.source = source
        self.as_of = as_of
        self._tallied: tuple[RulebookRule, ...] = ()
        self._pending: list[Tally] = []
        if self.decided:
            self._arm()

    def _arm(self) -> None:
        from qenex_messages.rules import Scope, rules_for

        if self.profile is not None:
            self._tallied = rules_for(self.profile, frozenset({Scope.MESSAGE}))

    def _decide(self, root: etree._Element) -> list[Finding]:
        """Choose the profile for ``auto`` (once), with the events heard before the choice."""
        if self.decided:
            return []
        from qenex_messages.rules import select_profile

        choice = select_profile(root, source=self.source, as_of=self.as_of)
        self.profile, self.decided = choice.profile, True
        self._arm()
        found = [choice.finding]
        for event in self._pending:
            found.extend(self._tell(event))
        self._pending.clear()
        return found

    def _tell(self, event: Tally) -> list[Finding]:
        if not self.decided:
            self._pending.append(event)
            return []
        return [f for r in self._tallied if r.tally is not None for f in r.tally(r, event)]

    def _view(self, root: etree._Element) -> Message:
        from qenex_messages.rules import today
        from qenex_messages.rules.view import Message

        profile = self.profile or "sepa"
        return Message(
            root, as_of=self.as_of or today(profile), source=self.source, profile=profile
        )

    def chunk(self, root: etree._Element) -> list[Finding]:
        from qenex_messages.rules import Scope, check_profile

        found = self._decide(root)
        if self.profile is not None:
            per_chunk = frozenset({Scope.HEADER, Scope.TRANSACTION})
            found.extend(
                check_profile(
                    root, self.profile, as_of=self.as_of, source=self.source, scopes=per_chunk
                )
            )
        return found

    def level(self, totals: Totals, what: str, root: etree._Element) -> list[Finding]:
        from qenex_messages.rules.tally import LevelRead

        view = self._view(root)
        holder = view.grp if what == "GrpHdr" else next(iter(view.pmtinfs), None)
        return self._tell(LevelRead(view, holder, totals, what))

    def repeat(self, name: str, value: str, first: int | None, where: Location) -> list[Finding]:
        from qenex_messages.rules.tally import IdRepeated

        return self._tell(IdRepeated(name, value, first, where))

    def finish(self, root: etree._Element, read: MessageCounts) -> list[Finding]:
        from qenex_messages.rules.tally import MessageRead

        found = self._decide(root)
        found.extend(self.level(read.group, "GrpHdr", root))
        view = self._view(root)
        found.extend(self._tell(MessageRead(view, read.transactions, read.blocks, read.second)))
        return found


def validate_stream(
    path_or_file: str | os.PathLike[str] | BinaryIO | IO[bytes],
    *,
    source: str | None = None,
    profile: ProfileOption | None = None,
    limits: Limits | None = None,
    as_of: date | None = None,
) -> FindingStream:
    """Validate a file of any size in flat memory; returns a lazy :class:`FindingStream`.

    ``path_or_file`` is a path or a binary file object (read once, front to back). ``profile``
    is a rulebook profile (``sepa``, ``sepa-inst``, ``cbpr+``), ``auto``, or None for none.
    Never raises for the file's content (problems are findings); raises
    :class:`~qenex_messages.QenexError` for an unknown ``profile`` and :class:`OSError` when a
    path cannot be opened (or is a device or a directory)."""
    check_profile_name(profile)
    effective = resolve(limits)
    handle = open_stream(path_or_file, source)
    out = FindingStream(handle.source, effective)
    return out._start(_run(handle, out, profile, as_of))


def _run(
    handle: StreamInput, out: FindingStream, profile: ProfileOption | None, as_of: date | None
) -> Iterator[Finding]:
    limits = out.limits
    where = Location(source=out.source)
    try:
        if handle.size is not None and handle.size > limits.max_stream_bytes:
            yield limit_finding(
                "max_stream_bytes", handle.size, limits, what="the file", location=where
            )
            return
        head = handle.raw.read(_SNIFF)
        reader = CappedReader(head, handle.raw, limits.max_stream_bytes)
        try:
            yield from _dispatch(head, reader, out, profile, as_of)
        except InputTooLarge:
            yield limit_finding(
                "max_stream_bytes",
                reader.total,
                limits,
                what="the file",
                location=where,
                at_least=True,
            )
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        yield codes.UNREADABLE.finding(f"cannot read the file: {reason}", where)
    finally:
        handle.close()


def _dispatch(
    head: bytes,
    reader: CappedReader,
    out: FindingStream,
    profile: ProfileOption | None,
    as_of: date | None,
) -> Iterator[Finding]:
    rejected = screen(head, source=out.source, limits=out.limits, whole=False)
    if rejected is not None:
        yield rejected
        return
    kind = detect_format(head)
    if kind == "mt":
        from qenex_messages.mt.stream import check_mt_stream

        note = profile_skipped(profile, out.source)
        yield from check_mt_stream(
            reader, source=out.source, limits=out.limits, counts=out.counts, note=note, as_of=as_of
        )
        return
    if kind == "xml":
        from qenex_messages.iso20022.stream import XmlStream, sniff_xml
        from qenex_messages.iso20022.xmlsafe import dtd_refused

        sniffed = sniff_xml(head)
        if sniffed.refused:
            yield dtd_refused(out.source)
            return
        if sniffed.version is not None and sniffed.root is not None:
            rules = None
            if profile is not None:
                rules = ProfileRules(profile, source=out.source, as_of=as_of)
            stream = XmlStream(
                reader,
                out.counts,
                version=sniffed.version,
                bare=sniffed.root == "Document",
                rules=rules,
            )
            yield from stream.run()
            return
    yield from _whole(reader, out, profile, as_of)


def _whole(
    reader: CappedReader, out: FindingStream, profile: ProfileOption | None, as_of: date | None
) -> Iterator[Finding]:
    """Inputs that cannot be streamed (unknown format or version) are read whole, within
    ``max_input_bytes``, and checked like :func:`~qenex_messages.pipeline.validate_bytes`."""
    limits = out.limits
    data = read_capped(reader, limits.max_input_bytes)
    if data is None:
        yield limit_finding(
            "max_input_bytes",
            limits.max_input_bytes + 1,
            limits,
            what="the file (not streamable: no supported Document near its start)",
            location=Location(source=out.source),
            at_least=True,
        )
        return
    reports = validate_bytes(data, source=out.source, profile=profile, as_of=as_of, limits=limits)
    if reports:
        out.counts.message_type = reports[0].message_type
        out.counts.version = reports[0].version
    out.counts.messages = len(reports)
    for report in reports:
        yield from report.findings


def iter_transactions(
    path_or_file: str | os.PathLike[str] | BinaryIO | IO[bytes],
    *,
    source: str | None = None,
    limits: Limits | None = None,
) -> Iterator[CreditTransferTransaction]:
    """The model of every ``CdtTrfTxInf`` of a pain.001 or pacs.008 of any size, in order.

    Elements the model has no field for are kept in each transaction's ``supplementary_data``
    (as :func:`~qenex_messages.iso20022.parse_document` does). For pain.001 the payment
    information block of a transaction (debtor, requested date) is not part of it. Raises
    :class:`~qenex_messages.MessageError` when the input is not a well-formed, supported
    pain.001 or pacs.008 or a transaction cannot be mapped; nothing is validated (use
    :func:`validate_stream`)."""
    from qenex_messages.iso20022 import stream

    effective = resolve(limits)
    handle = open_stream(path_or_file, source)
    try:
        head = handle.raw.read(_SNIFF)
        yield from stream.iter_transactions(handle, head, effective)
    finally:
        handle.close()


def check_stream_report(
    path_or_file: str | os.PathLike[str] | BinaryIO | IO[bytes],
    *,
    source: str | None = None,
    profile: ProfileOption | None = None,
    limits: Limits | None = None,
    as_of: date | None = None,
) -> Report:
    """``validate_stream(...).report()``: every finding of the file in one report."""
    return validate_stream(
        path_or_file, source=source, profile=profile, limits=limits, as_of=as_of
    ).report()
