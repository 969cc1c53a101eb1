"""A pain.001 or pacs.008 of any size, read in flat memory: the XML input mode of the pipeline.

The file is read with lxml ``iterparse`` under the same hardening as
:func:`~qenex_messages.iso20022.parse_xml`. A bare ``Document`` is validated against its cached
XSD *while* it is parsed, which covers the whole structure. Each finished ``CdtTrfTxInf`` is
detached from the tree and collected into a *chunk* of :data:`CHUNK` transactions, checked as a
small stand-alone document (a skeleton of the group header, the payment-information header and
the chunk's transactions, which keep their source line numbers): the value checks of
:mod:`~qenex_messages.iso20022.checks` and the rulebook (a :class:`StreamRules` callback, so this
layer does not know the rulebooks) run on it, and XPaths are renumbered to the transaction's place
in the whole file. When the streaming XSD validation reports an error, the chunks are validated as
trees until the error is located; an error that no chunk explains (outside the transactions) is
reported without a line. In an envelope (``AppHdr`` + ``Document``) the header is validated on its
own and every chunk as a tree. Counts, sums and unique identifiers run on
:mod:`~qenex_messages.iso20022.totals`, as for a tree.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from lxml import etree
from pydantic import ValidationError

from qenex_messages import codes
from qenex_messages.findings import (
    Finding,
    Location,
    MessageError,
    QenexError,
    SchemaNotInstalledError,
)
from qenex_messages.inputs import CappedReader, InputTooLarge, ReadCounts, StreamInput
from qenex_messages.iso20022 import checks, paths, schemas, xsd
from qenex_messages.iso20022._read import Reader
from qenex_messages.iso20022.codes import (
    FOREIGN_WHITESPACE,
    SCHEMA_MISSING,
    SECOND_ELEMENT,
    UNMAPPABLE,
)
from qenex_messages.iso20022.detect import ISO_PREFIX, SUPPORTED, detect, header_version_of
from qenex_messages.iso20022.document import canonical_fragment
from qenex_messages.iso20022.envelope import envelope_findings, header_schema
from qenex_messages.iso20022.pacs008 import parse_transaction as _pacs_transaction
from qenex_messages.iso20022.pain001 import parse_transaction as _pain_transaction
from qenex_messages.iso20022.totals import (
    UNIQUE,
    SeenIds,
    Totals,
    duplicate_finding,
    transaction_amount,
)
from qenex_messages.iso20022.xmlsafe import (
    ascii_head,
    dtd_refused,
    keeps_tag,
    line_of,
    local_name,
    local_tag,
    safe_iterparse,
    scan_prolog,
    syntax_finding,
)
from qenex_messages.limits import Limits, limit_finding
from qenex_messages.model import CreditTransferTransaction, SupplementaryData
from qenex_messages.rootcause import merge_duplicates

__all__ = [
    "CHUNK",
    "MessageCounts",
    "StreamRules",
    "XmlHead",
    "XmlStream",
    "iter_transactions",
    "sniff_xml",
    "syntax_finding",
]

CHUNK = 256
"""Transactions checked together as one small document."""

_PARTS = ("{*}GrpHdr", "{*}PmtInf", "{*}CdtTrfTxInf", "{*}AppHdr", "{*}Document")
_NAME = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_DOC_NS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Document\b[^>]*?xmlns(?::[\w.-]+)?=[\"']([^\"']+)")
_SPACE_ERROR = "Character content other than whitespace"
_NAMES: dict[str, str] = {}
"""Local names of the identifier tags met, by qualified tag."""
_NAMES_KEPT = 64


@dataclass(frozen=True, slots=True)
class MessageCounts:
    """What the stream counted over the whole message."""

    group: Totals
    """The running totals of the group header level."""
    transactions: int
    blocks: int
    """Payment information blocks (pain.001)."""
    second: Location | None
    """Where the second transaction is, when there is one."""


class StreamRules(Protocol):
    """The rulebook as the stream sees it (the pipeline passes one in; None for no rulebook).

    ``root`` is always a skeleton: the AppHdr and the Document's headers, with the chunk's
    transactions for :meth:`chunk` and none otherwise."""

    def chunk(self, root: etree._Element) -> list[Finding]:
        """Findings of the rules that look at one chunk (``root``: AppHdr + Document skeleton)."""

    def level(self, totals: Totals, what: str, root: etree._Element) -> list[Finding]:
        """Findings about one level (``PmtInf``) once all its transactions were read."""

    def repeat(self, name: str, value: str, first: int | None, where: Location) -> list[Finding]:
        """Findings about an identifier seen before in the message."""

    def finish(self, root: etree._Element, read: MessageCounts) -> list[Finding]:
        """Findings once the whole message was read."""


# --------------------------------------------------------------------------- sniffing


class XmlHead:
    """What the first bytes of an XML input say: root element, Document namespace, DOCTYPE."""

    __slots__ = ("namespace", "refused", "root")

    def __init__(self, root: str | None, namespace: str | None, refused: bool) -> None:
        self.root = root
        self.namespace = namespace
        self.refused = refused

    @property
    def version(self) -> str | None:
        """The supported message version the Document's namespace names, else None."""
        ns = self.namespace
        version = ns[len(ISO_PREFIX) :] if ns and ns.startswith(ISO_PREFIX) else None
        return version if version in SUPPORTED else None


def sniff_xml(head: bytes) -> XmlHead:
    """The root element, Document namespace and a refused DOCTYPE, from the first bytes
    (:func:`~qenex_messages.iso20022.xmlsafe.scan_prolog`, as the whole reader asks it; a
    prolog longer than ``head`` gives no root, so the input is not streamed)."""
    text = ascii_head(head)
    start, refused = scan_prolog(text)
    match = _NAME.match(text, start) if start >= 0 else None
    root = match.group(1).decode("ascii", "replace") if match else None
    namespace = _DOC_NS.search(text)
    return XmlHead(
        root, namespace.group(1).decode("ascii", "replace") if namespace else None, refused
    )


# --------------------------------------------------------------------------- the stream


class _TooManyTransactions(Exception):
    pass


def _schema_only(log: Any) -> bool:
    entries = list(log)
    return bool(entries) and all(e.domain_name == "SCHEMASV" for e in entries)


class XmlStream:
    """The state of one streamed pain.001 / pacs.008; :meth:`run` yields its findings."""

    def __init__(
        self,
        reader: CappedReader,
        counts: ReadCounts,
        *,
        version: str,
        bare: bool,
        rules: StreamRules | None,
    ) -> None:
        self.reader = reader
        self.source = counts.source
        self.limits = counts.limits
        self.counts = counts
        limits = counts.limits
        self.version = version
        self.message_type = version[:8]
        counts.version, counts.message_type = version, self.message_type
        self.body_name = (
            "FIToFICstmrCdtTrf" if self.message_type == "pacs.008" else "CstmrCdtTrfInitn"
        )
        self.ns = ISO_PREFIX + version
        self.bare = bare
        self.rules = rules
        self.schema: etree.XMLSchema | None = None
        self.stream_schema: etree.XMLSchema | None = None
        self.group = Totals(level="GrpHdr")
        self.block = Totals()
        self.block_index = 0
        self.block_header: list[etree._Element] | None = None
        self.block_id: etree._Element | None = None
        self.block_line: int | None = None
        self.block_offset = 0
        self.second: Location | None = None
        self.grp_header: etree._Element | None = None
        self.body: etree._Element | None = None
        self.app_header: etree._Element | None = None
        self.chunk: list[etree._Element] = []
        self.lines: tuple[int | None, int | None] = (None, None)
        self.seen = SeenIds(limits)
        self.unique = UNIQUE[self.message_type]
        self.emitted_outside: set[tuple[str, int | None, str]] = set()
        self.parser: Any = None
        self.explained: Counter[str] = Counter()
        self.total_explained = 0
        self.space_reported = False  # white-space look-alikes are reported once per file

    def load_schema(self) -> Iterator[Finding]:
        try:
            self.schema = schemas.load_schema(self.version)
        except SchemaNotInstalledError as exc:
            yield SCHEMA_MISSING.finding(str(exc), Location(source=self.source))
            return
        if self.bare:
            self.stream_schema = self.schema

    def run(self) -> Iterator[Finding]:
        """Read the whole stream; findings in file order within each transaction, findings
        about the whole message (counts, sums, unexplained XSD errors) last."""
        try:
            yield from self._run()
        except _TooManyTransactions:
            yield limit_finding(
                "max_transactions",
                self.counts.transactions,
                self.limits,
                what="the number of transactions",
                location=Location(source=self.source),
                at_least=True,
            )

    def _run(self) -> Iterator[Finding]:
        missing = list(self.load_schema())  # reported when the XML turns out well-formed
        parser = safe_iterparse(
            self.reader, events=("start", "end"), tag=_PARTS, schema=self.stream_schema
        )
        self.parser = parser
        failure: Finding | None = None
        seen: Counter[str] = Counter()
        tx_tag = f"{{{self.ns}}}CdtTrfTxInf"
        try:
            for event, element in parser:
                if element.tag == tx_tag:  # most events: what event() would do, in fewer calls
                    if event == "end":
                        yield from self.transaction(element)
                    elif self.block_header is None and self.message_type == "pain.001":
                        self.start_block(element.getparent())
                    continue
                if event == "start" and local_name(element) in ("Document", "AppHdr"):
                    if not seen:  # the first of them: what wraps it, as detect says for a tree
                        yield from envelope_findings(element, source=self.source)
                    second = _second(element, seen, self.source)
                    if second is not None:
                        yield second
                        return
                yield from self.event(event, element)
        except etree.XMLSyntaxError as exc:
            # Schema errors end the parse with an exception at line 0 once the whole file is
            # read; a well-formedness error has its position.
            line = exc.position[0] if exc.position else 0
            log: Any = parser.error_log
            if not (self.stream_schema is not None and not line and _schema_only(log)):
                failure = syntax_finding(exc, self.source, self.limits)
        yield from self.flush()
        if failure is not None:
            yield failure
            return
        yield from missing
        root, _ = self.skeleton()
        # What the envelope says about the Document (AppHdr MsgDefIdr), as for a tree.
        yield from detect(root, source=self.source).findings
        if self.rules is None:
            yield from self.group.findings()
        else:
            yield from self.renumber(self.after_transactions(), 0, [])
            read = MessageCounts(
                self.group, self.counts.transactions, self.block_index, self.second
            )
            # with the counts of the group: a rule that restates one folds into it
            yield from self.renumber(self.rules.finish(root, read), 0, self.group.findings())
        if self.stream_schema is not None:
            yield from self.unexplained(parser.error_log)

    def event(self, event: str, element: etree._Element) -> Iterator[Finding]:
        name = local_name(element)
        if event == "start":
            if name == "PmtInf":
                yield from self.flush()
                self.block_index += 1
                self.block = Totals(level=f"PmtInf[{self.block_index}]")
                self.block_header = None
                self.block_offset = 0
            elif (
                name == "CdtTrfTxInf"
                and self.message_type == "pain.001"
                and self.block_header is None
            ):
                self.start_block(element.getparent())
            return
        if name == "CdtTrfTxInf":
            yield from self.transaction(element)
        elif name == "GrpHdr":
            body = element.getparent()
            self.body = body
            document = body.getparent() if body is not None else None
            self.lines = (
                line_of(document) if document is not None else None,
                line_of(body) if body is not None else None,
            )
            xpath = paths.message_path(self.body_name, below="GrpHdr")
            self.group = Totals.of_header(element, "GrpHdr", source=self.source, xpath=xpath)
            for outer in (document, body):
                if outer is None or self.schema is None:  # a finding of the XSD validation
                    continue
                space = xsd.foreign_space_finding(outer, source=self.source)
                if space is not None and not self.space_reported:
                    self.space_reported = True
                    yield space
            self.grp_header = _detached(element)
        elif name == "PmtInf":
            yield from self.flush()
            if self.rules is None:
                yield from self.block.findings()
            else:
                if self.block_header is None:  # a block without transactions
                    self.start_block(element)
                root, _ = self.skeleton()
                level = self.rules.level(self.block, "PmtInf", root)
                yield from self.renumber(level, 0, self.block.findings())
            parent = element.getparent()
            element.clear()
            if parent is not None:
                parent.remove(element)
        elif name == "AppHdr":
            yield from self.check_header(element)
            self.app_header = _detached(element)

    def check_header(self, element: etree._Element) -> Iterator[Finding]:
        ns = element.tag[1:].partition("}")[0] if isinstance(element.tag, str) else ""
        header_version = header_version_of(ns)
        if header_version is None:
            return  # detection reports a header of a version it does not know, as for a tree
        try:
            schema, missing = header_schema(header_version, element, self.source)
        except QenexError:
            return
        if schema is None:
            if missing is not None:
                yield missing
            return
        for finding in xsd.validate(copy.deepcopy(element), schema, source=self.source):
            if finding.code == FOREIGN_WHITESPACE.code:
                if self.space_reported:
                    continue
                self.space_reported = True
            yield finding

    def start_block(self, block: etree._Element | None) -> None:
        self.block_header = []
        if block is None:
            return
        self.block_line = line_of(block)
        xpath = paths.message_path(self.body_name, block=self.block_index)
        level = f"PmtInf[{self.block_index}]"
        self.block = Totals.of_header(block, level, source=self.source, xpath=xpath)
        info_id = block.find("{*}PmtInfId")
        self.block_id = info_id if info_id is not None and info_id.text else None
        # The parser reads ahead: transactions may already hang below the block; the header is
        # what comes before the first of them. It is kept as parsed (see _part).
        for child in list(block):
            if local_name(child) == "CdtTrfTxInf":
                break
            if isinstance(child.tag, str):
                self.block_header.append(_detached(child))

    def unique_id(
        self, name: str, element: etree._Element, xpath: Callable[[], str]
    ) -> list[Finding]:
        """Findings when ``element`` repeats an identifier; ``xpath`` is called only then."""
        value = (element.text or "").strip()
        line = line_of(element) or 0
        seen = self.seen.check(name, value, line)
        return self.repeated(name, value, seen, line, xpath) if seen[0] != "new" else []

    def repeated(
        self,
        name: str,
        value: str,
        seen: tuple[str, int | None],
        line: int,
        xpath: Callable[[], str],
    ) -> list[Finding]:
        """The findings about identifier ``value`` at ``line``, which ``seen`` says was seen."""
        state, first = seen
        where = Location(source=self.source, line=line or None, xpath=xpath())
        found = [duplicate_finding(name, value, state, first, where, self.unique[name])]
        if self.rules is not None:
            found.extend(self.rules.repeat(name, value, first, where))
        return merge_duplicates(found)

    def transaction(self, tx: etree._Element) -> Iterator[Finding]:
        self.counts.transactions += 1
        if self.counts.transactions > self.limits.max_transactions:
            raise _TooManyTransactions
        amount = transaction_amount(tx, self.message_type)
        self.group.add(amount)
        self.block.add(amount)
        self.block_offset += 1
        if self.counts.transactions == 2:
            self.second = self.transaction_location(tx)
        tx.tail = None  # left in the parsed tree until the chunk's skeleton takes it (one move)
        self.chunk.append(tx)
        if len(self.chunk) >= CHUNK:
            yield from self.flush()

    def transaction_location(self, tx: etree._Element) -> Location:
        """Where ``tx`` (the latest transaction read) is in the file."""
        block = self.block_index if self.message_type == "pain.001" else None
        xpath = paths.message_path(self.body_name, block=block, transaction=self.block_offset)
        return Location(source=self.source, line=line_of(tx), xpath=xpath)

    def repeats(self, first_index: int) -> list[Finding]:
        """The repeated identifiers of the chunk (and of its block's PmtInfId), in file order."""
        found: list[Finding] = []
        if self.message_type == "pain.001" and self.block_id is not None:
            found.extend(self.unique_id("PmtInfId", self.block_id, self.block_id_path))
            self.block_id = None
        unique, check, names = self.unique, self.seen.check, _NAMES
        for offset, tx in enumerate(self.chunk, start=first_index + 1):
            for ids in tx.iterchildren("{*}PmtId"):  # the first PmtId, found in C
                for child in ids:
                    tag, text = child.tag, child.text
                    if not (text and isinstance(tag, str)):
                        continue
                    name = names.get(tag)
                    if name is None:
                        name = local_tag(tag)
                        if len(names) < _NAMES_KEPT and keeps_tag(tag):  # any file invents tags
                            names[tag] = name
                    if name not in unique:
                        continue
                    # unique_id inline: nearly every identifier is new, and builds nothing
                    value, line = text.strip(), line_of(child) or 0
                    state, first = check(name, value, line)
                    if state != "new":
                        where = partial(self.id_path, offset, name)
                        found.extend(self.repeated(name, value, (state, first), line, where))
                break
        return found

    def block_id_path(self) -> str:
        """The XPath of the current block's PmtInfId."""
        return paths.message_path(self.body_name, block=self.block_index, below="PmtInfId")

    def id_path(self, offset: int, name: str) -> str:
        """The XPath of identifier ``name`` of transaction ``offset`` of the current block."""
        block = self.block_index if self.message_type == "pain.001" else None
        return paths.message_path(
            self.body_name, block=block, transaction=offset, below=f"PmtId/{name}"
        )

    # -- chunks --------------------------------------------------------------------------------
    def trailing(self) -> list[etree._Element]:
        """Copies of what the message body holds after its transactions (``SplmtryData``)."""
        if self.body is None:
            return []
        return [
            copy.deepcopy(child)
            for child in self.body
            if isinstance(child.tag, str)
            and local_name(child) not in ("GrpHdr", "PmtInf", "CdtTrfTxInf")
        ]

    def skeleton(self) -> tuple[etree._Element, etree._Element]:
        """(root for the rules, Document for the checks) holding the chunk's transactions."""
        nsmap: Any = {None: self.ns}
        document = etree.Element(f"{{{self.ns}}}Document", nsmap=nsmap)
        body = etree.SubElement(document, f"{{{self.ns}}}{self.body_name}")
        _set_line(document, self.lines[0])
        _set_line(body, self.lines[1])
        if self.grp_header is not None:
            body.append(_part(self.grp_header))
        holder = body
        if self.message_type == "pain.001" and (self.chunk or self.block_header is not None):
            holder = etree.SubElement(body, f"{{{self.ns}}}PmtInf")
            _set_line(holder, self.block_line)
            for child in self.block_header or ():
                holder.append(_part(child))
        for tx in self.chunk:
            holder.append(tx)
        root = document
        if self.app_header is not None:
            root = etree.Element("BusinessMessage")
            root.append(_part(self.app_header))
            root.append(document)
        return root, document

    def after_transactions(self) -> list[Finding]:
        """The rules of a chunk on what the body holds after its transactions, if anything (no
        chunk saw it): the group header with those elements, without blocks or transactions."""
        trailing = self.trailing()
        if not trailing or self.rules is None:
            return []
        self.block_header = None
        root, document = self.skeleton()
        body = document[0]
        for element in trailing:
            body.append(element)
        return self.rules.chunk(root)

    def flush(self) -> Iterator[Finding]:
        if not self.chunk:
            return
        first_index = self.block_offset - len(self.chunk)
        root, document = self.skeleton()
        found: list[Finding] = []
        if self.rules is not None:
            found.extend(self.rules.chunk(root))
        repeats = self.repeats(first_index)
        found.extend(
            checks.check_values(document, self.message_type, source=self.source, unique=False)
        )
        if self.schema is not None and (
            self.stream_schema is None or self.errors_logged() > self.total_explained
        ):
            entries = xsd.schema_errors(document, self.schema)
            located = xsd.findings_of(entries, document, source=self.source)
            if self.stream_schema is not None:
                raw = Counter(entry.message for entry in entries)
                found.extend(self.count_explained(located, raw))
            else:
                found.extend(located)
        self.chunk = []
        yield from self.renumber(found, first_index, repeats)

    def errors_logged(self) -> int:
        """How many errors the parser (and its streaming XSD validation) logged so far."""
        return len(self.parser.error_log) if self.parser is not None else 0

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

    def renumber(
        self, found: list[Finding], first_index: int, placed: list[Finding]
    ) -> Iterator[Finding]:
        """``found`` (about the chunk as a document) renumbered to the file, merged with the
        ``placed`` findings (already numbered), in line order."""
        block = self.block_index
        out: list[Finding] = list(placed)
        for finding in found:
            xpath = finding.location.xpath
            inside = xpath is not None and "CdtTrfTxInf[" in xpath
            if xpath is not None:
                xpath = paths.renumber(
                    xpath,
                    transactions_before=first_index,
                    block=block if self.message_type == "pain.001" else None,
                )
                finding = finding.at(xpath=xpath)
            if finding.code == FOREIGN_WHITESPACE.code:
                if self.space_reported:
                    continue
                self.space_reported = True
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
            if self.space_reported and _SPACE_ERROR in entry.message:
                continue  # the one white-space look-alike finding stands for these
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


# --------------------------------------------------------------------------- transactions


_MAX_SET_LINE = 65_535
"""libxml2 keeps a line number it is given in 16 bits; the parser stores larger ones apart."""


def _detached(element: etree._Element) -> etree._Element:
    """``element`` taken out of the tree being parsed (kept whole, with its line numbers)."""
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
    return element


def _part(header: etree._Element) -> etree._Element:
    """What a skeleton holds for a parsed ``header``: a copy, which libxml2 walks fastest, when
    every line in it fits the 16 bits a copy keeps; else the parsed element itself, moved in,
    so that its lines past 65,535 stay exact."""
    if all((line_of(e) or 0) < _MAX_SET_LINE for e in header.iter()):
        return copy.deepcopy(header)
    return header


def _set_line(element: etree._Element, line: int | None) -> None:
    """Give a skeleton element the line of the element it stands for, when libxml2 can hold it."""
    if line is not None and line <= _MAX_SET_LINE:
        setattr(element, "sourceline", line)  # noqa: B010 - typed read-only in stubs


def _second(element: etree._Element, seen: Counter[str], source: str | None) -> Finding | None:
    """The QX318 finding when ``element`` is a second Document or AppHdr (the rule of
    :func:`~qenex_messages.iso20022.detect.detect`); a stream stops reading there."""
    name = local_name(element)
    seen[name] += 1
    if seen[name] < 2:
        return None
    return SECOND_ELEMENT.finding(
        f"a second {name} (line {line_of(element)}): a message has one {name}; reading stopped",
        Location(source=source, line=line_of(element), xpath="/" + name),
    )


def iter_transactions(
    handle: StreamInput, head: bytes, limits: Limits
) -> Iterator[CreditTransferTransaction]:
    """The model of every ``CdtTrfTxInf`` read from ``handle`` (whose first bytes, already read,
    are ``head``); raises :class:`MessageError` as
    :func:`qenex_messages.iter_transactions` documents."""
    where = Location(source=handle.source)
    reader = CappedReader(head, handle.raw, limits.max_stream_bytes)
    sniffed = sniff_xml(head)
    if sniffed.refused:
        refused = dtd_refused(handle.source)
        raise MessageError(refused.message, [refused])
    version = sniffed.version
    if version is None:
        raise MessageError(
            "not a supported pacs.008 or pain.001 document",
            [codes.UNKNOWN_FORMAT.finding("no supported ISO 20022 Document found", where)],
        )
    parse: Callable[[Reader, etree._Element], CreditTransferTransaction] = (
        _pacs_transaction if version.startswith("pacs") else _pain_transaction
    )
    parser = safe_iterparse(
        reader, events=("start", "end"), tag=("{*}CdtTrfTxInf", "{*}Document", "{*}AppHdr")
    )
    count = 0
    seen: Counter[str] = Counter()
    try:
        for event, tx in parser:
            if local_name(tx) != "CdtTrfTxInf":
                second = _second(tx, seen, handle.source) if event == "start" else None
                if second is not None:
                    raise MessageError("a second Document or AppHdr", [second])
                continue
            if event == "start":
                continue
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
        raise MessageError(
            "not well-formed XML", [syntax_finding(exc, handle.source, limits)]
        ) from exc
    except InputTooLarge as exc:
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
