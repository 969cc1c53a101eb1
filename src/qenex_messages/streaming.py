"""Validate huge files with memory that does not grow with them.

:func:`validate_stream` checks a pain.001 or pacs.008 of any size (a million transactions, a
gigabyte) or a file holding any number of MT messages, and yields findings as it goes.
:func:`iter_transactions` yields the model of every transaction of a huge pain.001 or pacs.008.

How the XML stream works
    The file is read with lxml ``iterparse`` under the same hardening as
    :func:`~qenex_messages.iso20022.parse_xml` (no DTD, no entity resolution, no network,
    ``huge_tree`` off, so libxml2 keeps its depth and text-node limits). A bare ``Document`` is
    validated against its cached XSD *while* it is parsed (``schema=``), which covers the whole
    structure. Each finished ``CdtTrfTxInf`` is detached from the tree and collected into a
    *chunk* of :data:`CHUNK` transactions. A chunk is checked as a small stand-alone document (a
    skeleton of the group header, the payment-information header and the chunk's transactions,
    which keep their source line numbers): the checks of :mod:`qenex_messages.iso20022.checks`
    and, with ``profile``, the rulebook rules of :mod:`qenex_messages.rules` run on it, and XPaths
    are renumbered to the transaction's place in the whole file. When the streaming XSD validation
    reports an error, the chunks are validated as trees until the error is located; an error that
    no chunk explains (outside the transactions) is reported without a line. In an envelope
    (``AppHdr`` + ``Document``) the header is validated on its own and every chunk is validated
    as a tree. The checks over the whole message (``NbOfTxs``, ``CtrlSum``,
    ``TtlIntrBkSttlmAmt``, unique identifiers) run on running totals; rulebook rules that count
    or compare across the whole message (``SEPA-COUNT`` mismatches, ``SEPA-UNIQ``) are left to
    those checks (``QX340``, ``QX341``, ``QX342``), since a chunk cannot see the whole message.

Duplicate identifiers in bounded memory
    Identifiers that must be unique (``InstrId``, ``EndToEndId``, ``UETR``, ``TxId``,
    ``PmtInfId``) are remembered as 64-bit BLAKE2b hashes with their line, exactly, up to
    ``Limits.max_tracked_ids``. Beyond that a Bloom filter of ``Limits.max_bloom_bytes`` (7 hash
    functions) takes over: a repeat is still always found, but a new identifier may be reported
    as a *probable* repeat. With the defaults (32 MiB) the false-positive rate stays below one in
    ten million up to 3 million further identifiers; such findings say "probably".

How the MT stream works
    The file is read in blocks and cut before each ``{1:`` that follows a block 4, so one message
    at a time (at most ``Limits.max_mt_message_chars``) is handed to
    :func:`~qenex_messages.mt.check_mt`; line numbers are shifted back to the file's.

The findings come out in file order within each transaction; findings about the whole message
(counts, sums, unexplained XSD errors) come last.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any, BinaryIO

from lxml import etree
from pydantic import ValidationError

from qenex_messages import codes, rules
from qenex_messages.codes import define, lookup
from qenex_messages.findings import (
    Finding,
    Location,
    MessageError,
    QenexError,
    Report,
    SchemaNotInstalledError,
    Severity,
)
from qenex_messages.inputs import detect_format, screen
from qenex_messages.iso20022 import checks, schemas, xsd
from qenex_messages.iso20022._read import Reader
from qenex_messages.iso20022.checks import parse_decimal, transaction_amount
from qenex_messages.iso20022.codes import (
    COUNT_MISMATCH,
    DUPLICATE_ID,
    MIXED_CURRENCY_TOTAL,
    SCHEMA_MISSING,
    SUM_MISMATCH,
    TOTAL_MISMATCH,
    UNMAPPABLE,
    XML_DTD_REFUSED,
    XML_MALFORMED,
    XML_TOO_DEEP,
)
from qenex_messages.iso20022.detect import SUPPORTED
from qenex_messages.iso20022.document import canonical_fragment
from qenex_messages.iso20022.pacs008 import parse_transaction as _pacs_transaction
from qenex_messages.iso20022.pain001 import parse_transaction as _pain_transaction
from qenex_messages.iso20022.xmlsafe import line_of, safe_iterparse
from qenex_messages.limits import Limits, limit_finding, resolve
from qenex_messages.model import CreditTransferTransaction, SupplementaryData
from qenex_messages.pipeline.validate import check_profile_name, validate_bytes
from qenex_messages.rootcause import merge_duplicates

__all__ = [
    "CHUNK",
    "FINDINGS_CUT",
    "FindingStream",
    "check_stream_report",
    "iter_transactions",
    "validate_stream",
]

CHUNK = 256
"""Transactions checked together as one small document."""

FINDINGS_CUT = define(
    "QX080",
    Severity.INFO,
    "More findings were found in the file than max_findings allows; the rest were counted only.",
    family="input",
    fix="Fix the reported findings first, or raise QENEX_MAX_FINDINGS to see the rest.",
)

_SNIFF = 64 * 1024
_READ = 1024 * 1024
_PARTS = ("{*}GrpHdr", "{*}PmtInf", "{*}CdtTrfTxInf", "{*}AppHdr")
_ISO = "urn:iso:std:iso:20022:tech:xsd:"
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
_DOC_NS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Document\b[^>]*?xmlns(?::[\w.-]+)?=[\"']([^\"']+)")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DTD_DANGER = re.compile(rb"<!ENTITY|\bSYSTEM\b|\bPUBLIC\b", re.IGNORECASE)
_PMTINF_1 = re.compile(r"/PmtInf\[1\]")
_TX_N = re.compile(r"/CdtTrfTxInf\[(\d+)\]")
# Identifiers that must be unique in one message (error) or should be (warning), as in
# qenex_messages.iso20022.checks.
_UNIQUE: dict[str, dict[str, Severity]] = {
    "pain.001": {
        "InstrId": Severity.ERROR,
        "EndToEndId": Severity.WARNING,
        "UETR": Severity.ERROR,
    },
    "pacs.008": {
        "InstrId": Severity.ERROR,
        "EndToEndId": Severity.WARNING,
        "TxId": Severity.ERROR,
        "UETR": Severity.ERROR,
    },
}
_GROUP_CODES = frozenset(
    c.code
    for c in (COUNT_MISMATCH, SUM_MISMATCH, TOTAL_MISMATCH, MIXED_CURRENCY_TOTAL, DUPLICATE_ID)
)
_WHOLE_MESSAGE_RULES = frozenset({"SEPA-UNIQ"})
_COUNT_RULE = "SEPA-COUNT"
_MT_START = re.compile(rb"\{1:")
_MT_BODY = re.compile(rb"\{4:")


# --------------------------------------------------------------------------- the result


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
        self.message_type: str | None = None
        self.version: str | None = None
        self.transactions = 0
        self.messages = 0
        self.suppressed = 0
        self._count = 0
        self._inner: Iterator[Finding] = iter(())

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


# --------------------------------------------------------------------------- input


class _TooBig(Exception):
    pass


class _Counted(io.RawIOBase):
    """A binary reader that replays ``head`` then the rest of ``raw``, refusing to go over
    ``limit`` bytes in total."""

    def __init__(self, head: bytes, raw: IO[bytes], limit: int) -> None:
        super().__init__()
        self._head = head
        self._raw = raw
        self._limit = limit
        self.total = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        want = _READ if size is None or size < 0 else size
        if self._head:
            data, self._head = self._head[:want], self._head[want:]
        else:
            data = self._raw.read(want)
        self.total += len(data)
        if self.total > self._limit:
            raise _TooBig
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@dataclass(slots=True)
class _Input:
    source: str | None
    raw: IO[bytes]
    size: int | None
    close: bool


def _open(
    path_or_file: str | os.PathLike[str] | BinaryIO | IO[bytes], source: str | None
) -> _Input:
    if isinstance(path_or_file, (str, os.PathLike)):
        name = os.fspath(path_or_file)
        handle = open(name, "rb")  # noqa: SIM115 - closed by the stream when it ends
        return _Input(source or name, handle, os.fstat(handle.fileno()).st_size, True)
    given: object = source if source is not None else getattr(path_or_file, "name", None)
    return _Input(given if isinstance(given, str) else None, path_or_file, None, False)


# --------------------------------------------------------------------------- duplicates


class _SeenIds:
    """Which identifiers were seen: exact (hash -> line) up to a cap, then a Bloom filter."""

    _HASHES = 7

    def __init__(self, limits: Limits) -> None:
        self._cap = limits.max_tracked_ids
        self._bloom_bytes = limits.max_bloom_bytes
        self._exact: dict[int, int] = {}
        self._bloom: bytearray | None = None
        self._bits = 0

    @staticmethod
    def _digest(kind: str, value: str) -> bytes:
        return hashlib.blake2b(f"{kind}\x00{value}".encode(), digest_size=16).digest()

    def check(self, kind: str, value: str, line: int) -> tuple[str, int | None]:
        """("new", None), ("exact", first line) or ("probable", None); remembers ``value``."""
        digest = self._digest(kind, value)
        key = int.from_bytes(digest[:8], "little")
        first = self._exact.get(key)
        if first is not None:
            return "exact", first
        if self._bloom is None and len(self._exact) < self._cap:
            self._exact[key] = line
            return "new", None
        if self._bloom is None:
            self._bloom = bytearray(self._bloom_bytes)
            self._bits = self._bloom_bytes * 8
        h1 = key
        h2 = int.from_bytes(digest[8:], "little") | 1
        present = True
        bloom = self._bloom
        for i in range(self._HASHES):
            bit = (h1 + i * h2) % self._bits
            byte, mask = bit >> 3, 1 << (bit & 7)
            if not bloom[byte] & mask:
                present = False
                bloom[byte] |= mask
        return ("probable", None) if present else ("new", None)


# --------------------------------------------------------------------------- XML


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _sniff_xml(head: bytes) -> tuple[str | None, str | None, bool]:
    """(root element name, Document namespace, DOCTYPE refused) from the first bytes."""
    text = head
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = head.decode("utf-16", errors="ignore").encode("utf-8", "replace")
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", text, flags=re.DOTALL)
    root = _ROOT.search(body)
    prolog = body[: root.start()] if root else body
    if b"<!--" in prolog or b"<?" in prolog:
        root = None  # a comment or PI longer than the sniffed bytes: do not stream
    refused = bool(_DOCTYPE.search(prolog) and _DTD_DANGER.search(prolog))
    ns = _DOC_NS.search(body)
    return (
        root.group(1).decode("ascii", "replace") if root else None,
        ns.group(1).decode("ascii", "replace") if ns else None,
        refused,
    )


def _syntax_finding(exc: etree.XMLSyntaxError, source: str | None) -> Finding:
    line, column = exc.position if exc.position else (None, None)
    text = str(exc.msg or exc)
    lowered = text.lower()
    where = Location(source=source, line=line or None, column=column or None)
    if "encoding" in lowered or "utf-8" in lowered:
        return codes.BAD_ENCODING.finding(
            f"the bytes do not match the declared or default encoding: {text}", where
        )
    if "depth" in lowered:
        return XML_TOO_DEEP.finding(f"the XML nests too deep: {text}", where)
    if "0x0 " in text or "Char 0x0" in text:
        return codes.BINARY_INPUT.finding(f"the input contains a NUL byte: {text}", where)
    return XML_MALFORMED.finding(f"not well-formed XML: {text}", where)


@dataclass(slots=True)
class _Totals:
    """Running count and sums of one level (GrpHdr or one PmtInf)."""

    count: int = 0
    total: Decimal = Decimal(0)
    currencies: set[str] = field(default_factory=set)
    unparsed: int = 0
    stated_count: tuple[int, Location] | None = None
    stated_sum: tuple[Decimal, Location] | None = None

    def add(self, amount: tuple[Decimal, str] | None) -> None:
        self.count += 1
        if amount is None:
            self.unparsed += 1
        else:
            self.total += amount[0]
            if len(self.currencies) < 8:
                self.currencies.add(amount[1])

    def findings(self, level: str, *, total_name: str = "CtrlSum") -> list[Finding]:
        out: list[Finding] = []
        if self.stated_count is not None and self.stated_count[0] != self.count:
            stated, where = self.stated_count
            out.append(
                COUNT_MISMATCH.finding(
                    f"{level} NbOfTxs says {stated} but there are {self.count} transactions",
                    where,
                    args={"stated": str(stated), "counted": str(self.count)},
                )
            )
        if self.stated_sum is not None and self.stated_sum[0] != self.total:
            stated_sum, where = self.stated_sum
            if total_name == "TtlIntrBkSttlmAmt":
                out.append(
                    TOTAL_MISMATCH.finding(
                        f"TtlIntrBkSttlmAmt says {stated_sum} but the IntrBkSttlmAmt add up to "
                        f"{self.total}",
                        where,
                    )
                )
            elif len(self.currencies) > 1:
                out.append(
                    MIXED_CURRENCY_TOTAL.finding(
                        f"{level} CtrlSum {stated_sum} adds amounts in "
                        f"{', '.join(sorted(self.currencies))}; the plain sum is {self.total}",
                        where,
                    )
                )
            else:
                out.append(
                    SUM_MISMATCH.finding(
                        f"{level} CtrlSum says {stated_sum} but the amounts add up to {self.total}",
                        where,
                        args={"stated": str(stated_sum), "computed": str(self.total)},
                    )
                )
        return out


def _stated(
    holder: etree._Element, name: str, xpath: str, source: str | None
) -> tuple[Decimal, Location] | None:
    element = holder.find("{*}" + name)
    if element is None:
        return None
    value = parse_decimal(element.text)
    if value is None:
        return None
    return value, Location(source=source, line=line_of(element), xpath=f"{xpath}/{name}")


class _XmlStream:
    """The state of one streamed pain.001 / pacs.008."""

    def __init__(
        self,
        out: FindingStream,
        reader: _Counted,
        *,
        version: str,
        bare: bool,
        profile: str | None,
        as_of: date | None,
    ) -> None:
        self.out = out
        self.reader = reader
        self.source = out.source
        self.limits = out.limits
        self.version = version
        self.message_type = version[:8]
        self.body_name = (
            "FIToFICstmrCdtTrf" if self.message_type == "pacs.008" else "CstmrCdtTrfInitn"
        )
        self.ns = _ISO + version
        self.bare = bare
        self.profile = profile
        self.as_of = as_of
        self.schema: etree.XMLSchema | None = None
        self.stream_schema: etree.XMLSchema | None = None
        self.group = _Totals()
        self.block = _Totals()
        self.block_index = 0
        self.block_header: list[etree._Element] | None = None
        self.block_offset = 0
        self.grp_copy: etree._Element | None = None
        self.app_header: etree._Element | None = None
        self.chunk: list[etree._Element] = []
        self.lines: tuple[int | None, int | None] = (None, None)
        sepa = profile in ("sepa", "sepa-inst")
        self.sepa_count = lookup("SEPA-COUNT") if sepa else None
        self.sepa_uniq = lookup("SEPA-UNIQ") if sepa else None
        self.seen = _SeenIds(self.limits)
        self.unique = _UNIQUE[self.message_type]
        self.emitted_outside: set[tuple[str, int | None, str]] = set()
        self.logged = 0
        self.explained: Counter[str] = Counter()
        self.total_explained = 0

    # -- setup ---------------------------------------------------------------------------------
    def load_schema(self) -> Iterator[Finding]:
        try:
            self.schema = schemas.load_schema(self.version)
        except SchemaNotInstalledError as exc:
            yield SCHEMA_MISSING.finding(str(exc), Location(source=self.source))
            return
        if self.bare:
            self.stream_schema = self.schema

    # -- the loop ------------------------------------------------------------------------------
    def run(self) -> Iterator[Finding]:
        yield from self.load_schema()
        parser = safe_iterparse(
            self.reader, events=("start", "end"), tag=_PARTS, schema=self.stream_schema
        )
        failure: Finding | None = None
        try:
            for event, element in parser:
                yield from self.event(event, element)
                if self.stream_schema is not None:
                    self.logged = len(parser.error_log)
        except etree.XMLSyntaxError as exc:
            # Schema errors end the parse with an exception at line 0 once the whole file is
            # read; a well-formedness error has its position.
            line = exc.position[0] if exc.position else 0
            log: Any = parser.error_log
            if not (self.stream_schema is not None and not line and _schema_only(log)):
                failure = _syntax_finding(exc, self.source)
        yield from self.flush()
        if failure is not None:
            yield failure
            return
        if self.message_type == "pain.001":
            yield from self.group.findings("GrpHdr")
            yield from self.sepa_counts(self.group, "GrpHdr")
        else:
            yield from self.group.findings("GrpHdr", total_name="TtlIntrBkSttlmAmt")
        if self.stream_schema is not None:
            yield from self.unexplained(parser.error_log)

    def event(self, event: str, element: etree._Element) -> Iterator[Finding]:
        name = _local(element.tag)
        if event == "start":
            if name == "PmtInf":
                yield from self.flush()
                self.block_index += 1
                self.block = _Totals()
                self.block_header = None
                self.block_offset = 0
            elif (
                name == "CdtTrfTxInf"
                and self.message_type == "pain.001"
                and self.block_header is None
            ):
                yield from self.start_block(element.getparent())
            return
        if name == "CdtTrfTxInf":
            yield from self.transaction(element)
        elif name == "GrpHdr":
            self.grp_copy = copy.deepcopy(element)
            body = element.getparent()
            document = body.getparent() if body is not None else None
            self.lines = (
                line_of(document) if document is not None else None,
                line_of(body) if body is not None else None,
            )
            xpath = f"/Document/{self.body_name}/GrpHdr"
            count = _stated(element, "NbOfTxs", xpath, self.source)
            if count is not None:
                self.group.stated_count = (int(count[0]), count[1])
            total_name = "TtlIntrBkSttlmAmt" if self.message_type == "pacs.008" else "CtrlSum"
            self.group.stated_sum = _stated(element, total_name, xpath, self.source)
        elif name == "PmtInf":
            yield from self.flush()
            level = f"PmtInf[{self.block_index}]"
            yield from self.block.findings(level)
            yield from self.sepa_counts(self.block, "PmtInf")
            parent = element.getparent()
            element.clear()
            if parent is not None:
                parent.remove(element)
        elif name == "AppHdr":
            self.app_header = copy.deepcopy(element)
            yield from self.check_header(element)

    def sepa_counts(self, totals: _Totals, what: str) -> Iterator[Finding]:
        """The SEPA-COUNT warnings the chunks could not give (they see part of the message)."""
        if self.sepa_count is None:
            return
        if totals.stated_count is not None and totals.stated_count[0] != totals.count:
            stated, where = totals.stated_count
            yield self.sepa_count.finding(
                f"{what} NbOfTxs is {stated} but it holds {totals.count} transactions",
                where,
                severity=Severity.WARNING,
            )
        claimed = totals.stated_sum
        if claimed is not None and claimed[0] != totals.total and not totals.unparsed:
            stated_sum, where = claimed
            yield self.sepa_count.finding(
                f"{what} CtrlSum is {stated_sum} but the amounts add up to {totals.total}",
                where,
                severity=Severity.WARNING,
            )

    def check_header(self, element: etree._Element) -> Iterator[Finding]:
        ns = element.tag[1:].partition("}")[0] if isinstance(element.tag, str) else ""
        header_version = ns.rsplit(":", 1)[-1]
        try:
            schema = schemas.load_schema(header_version)
        except (SchemaNotInstalledError, QenexError):
            return
        yield from xsd.validate(copy.deepcopy(element), schema, source=self.source)

    def start_block(self, block: etree._Element | None) -> Iterator[Finding]:
        self.block_header = []
        if block is None:
            return
        # The parser reads ahead: transactions may already hang below the block; the header is
        # what comes before the first of them.
        for child in block:
            if _local(child.tag) == "CdtTrfTxInf":
                break
            if isinstance(child.tag, str):
                self.block_header.append(copy.deepcopy(child))
        xpath = f"/Document/{self.body_name}/PmtInf[{self.block_index}]"
        count = _stated(block, "NbOfTxs", xpath, self.source)
        if count is not None:
            self.block.stated_count = (int(count[0]), count[1])
        self.block.stated_sum = _stated(block, "CtrlSum", xpath, self.source)
        info_id = block.find("{*}PmtInfId")
        if info_id is not None and info_id.text:
            yield from self.unique_id("PmtInfId", info_id, Severity.ERROR, f"{xpath}/PmtInfId")

    def unique_id(
        self, name: str, element: etree._Element, severity: Severity, xpath: str
    ) -> Iterator[Finding]:
        value = (element.text or "").strip()
        line = line_of(element) or 0
        state, first = self.seen.check(name, value, line)
        if state == "new":
            return
        where = Location(source=self.source, line=line or None, xpath=xpath)
        if state == "exact":
            message = (
                f"{name} {value!r} is repeated (first at line {first}); it must be unique in "
                "the message"
            )
        else:
            message = (
                f"{name} {value!r} is probably repeated (the file holds more identifiers than "
                "max_tracked_ids, so repeats are found with a Bloom filter that can rarely "
                "report a new value as seen); it must be unique in the message"
            )
        found = [DUPLICATE_ID.finding(message, where, severity=severity, args={"state": state})]
        if self.sepa_uniq is not None and name == "EndToEndId" and value != "NOTPROVIDED":
            found.append(
                self.sepa_uniq.finding(
                    f"EndToEndId {value!r} is used again (first at line {first})",
                    where,
                    severity=Severity.WARNING,
                )
            )
        yield from merge_duplicates(found)

    def transaction(self, tx: etree._Element) -> Iterator[Finding]:
        self.out.transactions += 1
        if self.out.transactions > self.limits.max_transactions:
            raise _TooManyTransactions
        amount = transaction_amount(tx, self.message_type)
        self.group.add(amount)
        self.block.add(amount)
        self.block_offset += 1
        prefix = f"/Document/{self.body_name}/"
        if self.message_type == "pain.001":
            prefix += f"PmtInf[{self.block_index}]/"
        index = self.block_offset
        ids = tx.find("{*}PmtId")
        if ids is not None:
            for child in ids:
                name = _local(child.tag)
                severity = self.unique.get(name)
                if severity is not None and child.text:
                    xpath = f"{prefix}CdtTrfTxInf[{index}]/PmtId/{name}"
                    yield from self.unique_id(name, child, severity, xpath)
        parent = tx.getparent()
        if parent is not None:
            parent.remove(tx)
        tx.tail = None
        self.chunk.append(tx)
        if len(self.chunk) >= CHUNK:
            yield from self.flush()

    # -- chunks --------------------------------------------------------------------------------
    def skeleton(self) -> tuple[etree._Element, etree._Element]:
        """(root for the rules, Document for the checks) holding the chunk's transactions."""
        nsmap: Any = {None: self.ns}
        document = etree.Element(f"{{{self.ns}}}Document", nsmap=nsmap)
        body = etree.SubElement(document, f"{{{self.ns}}}{self.body_name}")
        if self.lines[0] is not None:
            setattr(document, "sourceline", self.lines[0])  # noqa: B010 - typed read-only in stubs
        if self.lines[1] is not None:
            setattr(body, "sourceline", self.lines[1])  # noqa: B010
        if self.grp_copy is not None:
            body.append(copy.deepcopy(self.grp_copy))
        holder = body
        if self.message_type == "pain.001":
            holder = etree.SubElement(body, f"{{{self.ns}}}PmtInf")
            for child in self.block_header or ():
                holder.append(copy.deepcopy(child))
        for tx in self.chunk:
            holder.append(tx)
        root = document
        if self.app_header is not None:
            root = etree.Element("BusinessMessage")
            root.append(copy.deepcopy(self.app_header))
            root.append(document)
        return root, document

    def flush(self) -> Iterator[Finding]:
        if not self.chunk:
            return
        first_index = self.block_offset - len(self.chunk)
        root, document = self.skeleton()
        found: list[Finding] = [
            f
            for f in checks.check_document(document, self.message_type, source=self.source)
            if f.code not in _GROUP_CODES
        ]
        if self.profile == "auto":
            # The first chunk (header, group header, first transactions) decides, as for a tree.
            choice = rules.select_profile(root, source=self.source, as_of=self.as_of)
            found.append(choice.finding)
            self.profile = choice.profile
            if self.profile in ("sepa", "sepa-inst"):
                self.sepa_count, self.sepa_uniq = lookup("SEPA-COUNT"), lookup("SEPA-UNIQ")
        if self.profile is not None:
            found.extend(
                f
                for f in rules.check_profile(
                    root, self.profile, as_of=self.as_of, source=self.source
                )
                if f.code not in _WHOLE_MESSAGE_RULES
                and not (f.code == _COUNT_RULE and f.severity is Severity.WARNING)
            )
        if self.schema is not None and (
            self.stream_schema is None or self.logged > self.total_explained
        ):
            entries = xsd.schema_errors(document, self.schema)
            located = xsd.findings_of(entries, document, source=self.source)
            if self.stream_schema is not None:
                raw = Counter(entry.message for entry in entries)
                found.extend(self.count_explained(located, raw))
            else:
                found.extend(located)
        self.chunk = []
        yield from self.renumber(found, first_index)

    def count_explained(self, located: list[Finding], raw: Counter[str]) -> list[Finding]:
        kept = []
        for finding in located:
            key = (finding.code, finding.location.line, finding.message)
            if "CdtTrfTxInf[" not in (finding.location.xpath or "") and key in self.emitted_outside:
                continue
            kept.append(finding)
        for message, number in raw.items():
            self.explained[message] += number
        self.total_explained = sum(self.explained.values())
        return kept

    def renumber(self, found: list[Finding], first_index: int) -> Iterator[Finding]:
        block = self.block_index
        out: list[Finding] = []
        for finding in found:
            xpath = finding.location.xpath
            inside = xpath is not None and "CdtTrfTxInf[" in xpath
            if xpath is not None:
                if self.message_type == "pain.001":
                    xpath = _PMTINF_1.sub(f"/PmtInf[{block}]", xpath, count=1)
                xpath = _TX_N.sub(lambda m: f"/CdtTrfTxInf[{int(m[1]) + first_index}]", xpath)
                finding = finding.at(xpath=xpath)
            if not inside:
                key = (finding.code, finding.location.line, finding.message)
                if key in self.emitted_outside:
                    continue
                self.emitted_outside.add(key)
            out.append(finding)
        out.sort(key=lambda f: f.location.line or 0)
        yield from merge_duplicates(out)

    def unexplained(self, log: Any) -> Iterator[Finding]:
        remaining = Counter(self.explained)
        for entry in log:
            if entry.domain_name != "SCHEMASV":
                continue
            if remaining[entry.message] > 0:  # located by a chunk already
                remaining[entry.message] -= 1
                continue
            code, message, args = xsd.translate_error(entry.message)
            yield code.finding(
                f"{message} (found while streaming; the element is outside the transactions, so "
                "its line is not known)",
                Location(source=self.source),
                args={**args, "libxml2": entry.type_name},
            )


class _TooManyTransactions(Exception):
    pass


def _schema_only(log: Any) -> bool:
    entries = list(log)
    return bool(entries) and all(e.domain_name == "SCHEMASV" for e in entries)


# --------------------------------------------------------------------------- MT


def _mt_pieces(
    raw: io.RawIOBase | IO[bytes], limits: Limits, source: str | None
) -> Iterator[tuple[bytes, int, int, Finding | None]]:
    """(bytes of one message, lines before it, columns before it on its first line, or a limit
    finding for a message too long to check) in file order; at most two blocks are held."""
    buffer = b""
    pos = 0
    line_base = 0
    column_base = 0
    eof = False
    skipping = False
    cap = limits.max_mt_message_chars
    while True:
        cut = _next_boundary(buffer, pos, skipping)
        while cut is None and not eof and len(buffer) - pos <= cap:
            block = raw.read(_READ)
            if not block:
                eof = True
                break
            buffer = buffer[pos:] + block
            pos = 0
            cut = _next_boundary(buffer, pos, skipping)
        if cut is None:
            if eof:
                cut = len(buffer)
            else:  # a message longer than the cap: report it, skip to the next message
                keep = len(buffer) - 2
                if not skipping:
                    yield (
                        b"",
                        line_base,
                        column_base,
                        _too_long(keep - pos, limits, source, line_base, column_base),
                    )
                skipping = True
                cut = keep
        piece = buffer[pos:cut]
        if skipping or cut - pos > cap:
            if not skipping:
                yield (
                    b"",
                    line_base,
                    column_base,
                    _too_long(cut - pos, limits, source, line_base, column_base),
                )
            skipping = cut == len(buffer) - 2 and not eof
        elif piece.strip():
            yield piece, line_base, column_base, None
        newlines = piece.count(b"\n")
        if newlines:
            line_base += newlines
            column_base = len(piece) - piece.rfind(b"\n") - 1
        else:
            column_base += len(piece)
        pos = cut
        if eof and pos >= len(buffer):
            return


def _too_long(size: int, limits: Limits, source: str | None, line: int, column: int) -> Finding:
    where = Location(source=source, line=line + 1, column=column + 1)
    return limit_finding(
        "max_mt_message_chars", size, limits, what="one MT message", location=where, at_least=True
    )


def _next_boundary(buffer: bytes, pos: int, skipping: bool) -> int | None:
    """Offset of the ``{1:`` that starts the next message: the first after a block 4 (or, while
    skipping an over-long message, the first at all); None when none is in the buffer yet."""
    if skipping:
        start = _MT_START.search(buffer, pos + 1)
        return start.start() if start is not None else None
    body = _MT_BODY.search(buffer, pos)
    if body is None:
        return None
    start = _MT_START.search(buffer, body.end())
    return start.start() if start is not None else None


def _shift(finding: Finding, lines: int, column: int) -> Finding:
    loc = finding.location
    if loc.line is None:
        return finding
    new_column = loc.column
    if loc.line == 1 and loc.column is not None:
        new_column = loc.column + column
    return finding.at(line=loc.line + lines, column=new_column) if lines or column else finding


def _mt_stream(
    raw: io.RawIOBase | IO[bytes], out: FindingStream, profile: str | None
) -> Iterator[Finding]:
    from qenex_messages import mt

    limits = out.limits
    out.message_type = "MT103"
    for piece, lines, column, problem in _mt_pieces(raw, limits, out.source):
        if problem is not None:
            yield problem
            continue
        reports: list[Report] = mt.check_mt(piece, source=out.source)
        for report in reports:
            if report.message_type is None and not report.findings:
                continue
            out.messages += 1
            if out.messages > limits.max_mt_messages:
                yield limit_finding(
                    "max_mt_messages",
                    out.messages,
                    limits,
                    what="the number of MT messages",
                    location=Location(source=out.source, line=lines + 1),
                    at_least=True,
                )
                return
            for finding in report.findings:
                yield _shift(finding, lines, column)


# --------------------------------------------------------------------------- entry points


def validate_stream(
    path_or_file: str | os.PathLike[str] | BinaryIO | IO[bytes],
    *,
    source: str | None = None,
    profile: str | None = None,
    limits: Limits | None = None,
    as_of: date | None = None,
) -> FindingStream:
    """Validate a file of any size in flat memory; returns a lazy :class:`FindingStream`.

    ``path_or_file`` is a path or a binary file object (read once, front to back). ``profile``
    is a rulebook profile (``sepa``, ``sepa-inst``, ``cbpr+``), ``auto``, or None for none.
    Never raises for the file's content (problems are findings); raises
    :class:`~qenex_messages.QenexError` for an unknown ``profile`` and :class:`OSError` when a
    path cannot be opened."""
    check_profile_name(profile)
    effective = resolve(limits)
    handle = _open(path_or_file, source)
    out = FindingStream(handle.source, effective)
    return out._start(_run(handle, out, profile, as_of))


def _run(
    handle: _Input, out: FindingStream, profile: str | None, as_of: date | None
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
        reader = _Counted(head, handle.raw, limits.max_stream_bytes)
        try:
            yield from _dispatch(head, reader, handle, out, profile, as_of)
        except _TooBig:
            yield limit_finding(
                "max_stream_bytes",
                reader.total,
                limits,
                what="the file",
                location=where,
                at_least=True,
            )
        except _TooManyTransactions:
            yield limit_finding(
                "max_transactions",
                out.transactions,
                limits,
                what="the number of transactions",
                location=where,
                at_least=True,
            )
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        yield codes.UNREADABLE.finding(f"cannot read the file: {reason}", where)
    finally:
        if handle.close:
            handle.raw.close()


def _dispatch(
    head: bytes,
    reader: _Counted,
    handle: _Input,
    out: FindingStream,
    profile: str | None,
    as_of: date | None,
) -> Iterator[Finding]:
    where = Location(source=out.source)
    rejected = screen(head, source=out.source, limits=out.limits, whole=False)
    if rejected is not None:
        yield rejected
        return
    kind = detect_format(head)
    if kind == "mt":
        yield from _mt_stream(reader, out, profile)
        return
    if kind == "xml":
        root, namespace, refused = _sniff_xml(head)
        if refused:
            yield XML_DTD_REFUSED.finding(
                "the document has a DOCTYPE that declares entities or an external DTD; payment "
                "messages never do, so it is refused without being expanded",
                where,
            )
            return
        version = namespace[len(_ISO) :] if namespace and namespace.startswith(_ISO) else None
        if version in SUPPORTED and root is not None:
            assert version is not None
            out.version = version
            out.message_type = version[:8]
            stream = _XmlStream(
                out,
                reader,
                version=version,
                bare=root == "Document",
                profile=profile,
                as_of=as_of,
            )
            yield from stream.run()
            return
    yield from _whole(reader, out, profile, as_of)


def _whole(
    reader: _Counted, out: FindingStream, profile: str | None, as_of: date | None
) -> Iterator[Finding]:
    """Inputs that cannot be streamed (unknown format or version) are read whole, within
    ``max_input_bytes``, and checked like :func:`~qenex_messages.pipeline.validate_bytes`."""
    limits = out.limits
    where = Location(source=out.source)
    # Block by block: read(max_input_bytes + 1) would allocate the whole limit up front.
    parts: list[bytes] = []
    size = 0
    while size <= limits.max_input_bytes:
        block = reader.read(_READ)
        if not block:
            break
        parts.append(block)
        size += len(block)
    data = b"".join(parts)
    del parts
    if len(data) > limits.max_input_bytes:
        yield limit_finding(
            "max_input_bytes",
            len(data),
            limits,
            what="the file (not streamable: no supported Document near its start)",
            location=where,
            at_least=True,
        )
        return
    reports = validate_bytes(data, source=out.source, profile=profile, as_of=as_of, limits=limits)
    if reports:
        out.message_type = reports[0].message_type
        out.version = reports[0].version
    out.messages = len(reports)
    for report in reports:
        yield from report.findings


# --------------------------------------------------------------------------- transactions


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
    effective = resolve(limits)
    handle = _open(path_or_file, source)
    try:
        yield from _transactions(handle, effective)
    finally:
        if handle.close:
            handle.raw.close()


def _transactions(handle: _Input, limits: Limits) -> Iterator[CreditTransferTransaction]:
    where = Location(source=handle.source)
    head = handle.raw.read(_SNIFF)
    reader = _Counted(head, handle.raw, limits.max_stream_bytes)
    _, namespace, refused = _sniff_xml(head)
    if refused:
        raise MessageError(
            "the document declares entities or an external DTD",
            [XML_DTD_REFUSED.finding("the DOCTYPE declares entities or an external DTD", where)],
        )
    version = namespace[len(_ISO) :] if namespace and namespace.startswith(_ISO) else None
    if version not in SUPPORTED or version is None:
        raise MessageError(
            "not a supported pacs.008 or pain.001 document",
            [codes.UNKNOWN_FORMAT.finding("no supported ISO 20022 Document found", where)],
        )
    parse: Callable[[Reader, etree._Element], CreditTransferTransaction] = (
        _pacs_transaction if version.startswith("pacs") else _pain_transaction
    )
    parser = safe_iterparse(reader, events=("end",), tag="{*}CdtTrfTxInf")
    count = 0
    try:
        for _, tx in parser:
            count += 1
            if count > limits.max_transactions:
                raise MessageError(
                    "too many transactions",
                    [
                        limit_finding(
                            "max_transactions", count, limits, location=where, at_least=True
                        )
                    ],
                )
            yield _to_model(tx, parse, handle.source)
            parent = tx.getparent()
            tx.clear()
            if parent is not None:
                parent.remove(tx)
    except etree.XMLSyntaxError as exc:
        raise MessageError("not well-formed XML", [_syntax_finding(exc, handle.source)]) from exc
    except _TooBig as exc:
        raise MessageError(
            "the file is too large",
            [
                limit_finding(
                    "max_stream_bytes", reader.total, limits, location=where, at_least=True
                )
            ],
        ) from exc


def _to_model(
    tx: etree._Element,
    parse: Callable[[Reader, etree._Element], CreditTransferTransaction],
    source: str | None,
) -> CreditTransferTransaction:
    reader = Reader()
    where = Location(source=source, line=line_of(tx))
    try:
        model = parse(reader, tx)
    except ValidationError as exc:
        raise MessageError(
            "a transaction does not fit the model",
            [
                UNMAPPABLE.finding(
                    f"{'.'.join(str(p) for p in e['loc']) or 'transaction'}: {e['msg']}", where
                )
                for e in exc.errors()
            ],
        ) from exc
    except (ValueError, TypeError, AssertionError, ArithmeticError) as exc:
        raise MessageError(str(exc), [UNMAPPABLE.finding(str(exc), where)]) from exc
    extra = tuple(
        SupplementaryData(content=canonical_fragment(e), origin=xsd.readable_path(e))
        for e in reader.leftovers(tx)
    )
    if extra:
        model = model.model_copy(update={"supplementary_data": model.supplementary_data + extra})
    return model


def check_stream_report(
    path_or_file: str | os.PathLike[str] | BinaryIO | IO[bytes],
    **options: Any,
) -> Report:
    """``validate_stream(...).report()``: every finding of the file in one report."""
    return validate_stream(path_or_file, **options).report()
