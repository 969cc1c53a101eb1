"""A namespace-agnostic view of one parsed pain.001 or pacs.008 (with its AppHdr) for the rules.

The view finds the Document, the AppHdr and the body once, walks child steps (``PmtId/UETR``) in
the document's namespace without ElementPath, and turns an element into an exact location (line and
an XPath with the transaction index).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, cached_property
from typing import TypeAlias

from lxml import etree

from qenex_messages.findings import Location
from qenex_messages.identifiers import parse_decimal
from qenex_messages.iso20022.xmlsafe import local_tag
from qenex_messages.iso20022.xsd import PathIndex

Element: TypeAlias = etree._Element

PAIN001 = "pain.001"
PACS008 = "pacs.008"
_BODIES = {"CstmrCdtTrfInitn": PAIN001, "FIToFICstmrCdtTrf": PACS008}


local = local_tag
"""The local name of an element tag (``{ns}Nm`` -> ``Nm``); '' for comments and PIs."""


@cache
def _clark(path: str, ns: str) -> str:
    if not ns:
        return path
    parts = []
    for step in path.split("/"):
        if step in ("", ".", "..", "*") or step.startswith("{"):
            parts.append(step)
        else:
            parts.append(f"{{{ns}}}{step}")
    return "/".join(parts)


@cache
def _steps(path: str, ns: str) -> tuple[str, ...]:
    return tuple(f"{{{ns}}}{step}" if ns else step for step in path.split("/"))


def version_of(namespace: str) -> str | None:
    """``urn:iso:std:iso:20022:tech:xsd:pain.001.001.09`` -> ``pain.001.001.09``."""
    tail = namespace.rsplit(":", 1)[-1]
    if tail.count(".") == 3 and tail[:4].isalpha():
        return tail
    return None


def version_number(version: str | None) -> int:
    """The last number of a message version (``pain.001.001.09`` -> 9); 0 when unknown."""
    if not version:
        return 0
    tail = version.rsplit(".", 1)[-1]
    return int(tail) if tail.isdigit() else 0


@dataclass(frozen=True, slots=True)
class Tx:
    """One credit transfer transaction and, for pain.001, the payment information block above it."""

    el: Element
    pmtinf: Element | None


class Message:
    """A namespace-agnostic view of one pain.001 or pacs.008 document (with its AppHdr, if any)."""

    def __init__(
        self,
        root: Element,
        *,
        as_of: date,
        source: str | None,
        profile: str,
        document: Element | None = None,
        header: Element | None = None,
    ) -> None:
        self.root = root
        self.as_of = as_of
        self.source = source
        self.profile = profile
        # A caller that has located them already (detect's MessageInfo) passes them in: with
        # the Document given, the header given (or None) is the whole answer.
        located = document is not None
        self.doc = document if located else _find_local(root, "Document")
        self.hdr = header if located or header is not None else _find_local(root, "AppHdr")
        self.ns = _namespace(self.doc) if self.doc is not None else ""
        self.hns = _namespace(self.hdr) if self.hdr is not None else ""
        self.version = version_of(self.ns)
        self.body: Element | None = None
        self.kind: str | None = None
        if self.doc is not None:
            for child in self.doc:
                kind = _BODIES.get(local(child.tag))
                if kind is not None:
                    self.body, self.kind = child, kind
                    break
        self.grp = self.find(self.body, "GrpHdr") if self.body is not None else None

    # -- lookups -----------------------------------------------------------------------------
    def q(self, path: str) -> str:
        """``path`` (``PmtId/UETR``) in the document's namespace (Clark notation)."""
        return _clark(path, self.ns)

    def find(self, el: Element | None, path: str) -> Element | None:
        """The first element at ``path`` (child steps like ``PmtId/UETR``) below ``el``."""
        if el is None:
            return None
        if id(el) in self._pmtinf_ids:
            found = self.findall(el, path)
            return found[0] if found else None
        # iterchildren runs in C; ElementPath's find costs several microseconds per call.
        node: Element | None = el
        for tag in _steps(path, self.ns):
            assert node is not None
            node = next(node.iterchildren(tag), None)
            if node is None:
                return None
        return node

    def findall(self, el: Element | None, path: str) -> list[Element]:
        """All elements at ``path`` (child steps) below ``el``, in document order."""
        if el is None:
            return []
        if id(el) in self._pmtinf_ids:
            # A PmtInf holds every transaction: scan its children once per path, not per tx.
            key = (id(el), path)
            cached = self._block_cache.get(key)
            if cached is None:
                cached = self._block_cache[key] = self._findall(el, path)
            return list(cached)
        return self._findall(el, path)

    def _findall(self, el: Element, path: str) -> list[Element]:
        nodes = [el]
        for tag in _steps(path, self.ns):
            nodes = [c for n in nodes for c in n.iterchildren(tag)]
            if not nodes:
                break
        return nodes

    def text(self, el: Element | None, path: str) -> str | None:
        """The text at ``path`` below ``el`` (``None`` when absent, '' when empty)."""
        found = self.find(el, path)
        if found is None:
            return None
        return found.text or ""

    def hfind(self, path: str) -> Element | None:
        """The first element at ``path`` below the AppHdr (header namespace)."""
        if self.hdr is None:
            return None
        node: Element | None = self.hdr
        for tag in _steps(path, self.hns):
            assert node is not None
            node = next(node.iterchildren(tag), None)
            if node is None:
                return None
        return node

    def htext(self, path: str) -> str | None:
        """The text at ``path`` below the AppHdr."""
        found = self.hfind(path)
        return None if found is None else (found.text or "")

    def iter(self, *names: str) -> Iterator[Element]:
        """Every element of the document body with one of the local ``names``, in document order."""
        if self.body is None:
            return iter(())
        return self.body.iter(*(_clark(n, self.ns) for n in names))

    @cached_property
    def pmtinfs(self) -> list[Element]:
        """The payment information blocks (pain.001), else empty."""
        if self.kind != PAIN001 or self.body is None:
            return []
        return list(self.body.iterchildren(self.q("PmtInf")))

    @cached_property
    def _pmtinf_ids(self) -> frozenset[int]:
        return frozenset(id(pi) for pi in self.pmtinfs)

    @cached_property
    def _block_cache(self) -> dict[tuple[int, str], list[Element]]:
        return {}

    @cached_property
    def txs(self) -> list[Tx]:
        """Every transaction with its payment information block (``None`` for pacs.008)."""
        if self.kind == PAIN001:
            return [
                Tx(tx, pi) for pi in self.pmtinfs for tx in pi.iterchildren(self.q("CdtTrfTxInf"))
            ]
        if self.body is None:
            return []
        return [Tx(tx, None) for tx in self.body.iterchildren(self.q("CdtTrfTxInf"))]

    # -- locations ----------------------------------------------------------------------------
    @cached_property
    def _paths(self) -> PathIndex:
        return PathIndex()

    def xpath(self, el: Element) -> str:
        """``/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[3]/Cdtr/Nm`` for ``el``."""
        return self._paths.path(el)

    def loc(self, el: Element | None) -> Location:
        """The location of ``el`` (source, line, XPath), or of the document when ``el`` is None."""
        target = el if el is not None else (self.doc if self.doc is not None else self.root)
        raw: object = target.sourceline  # lxml-stubs type it oddly
        line = raw if isinstance(raw, int) else None
        return Location(source=self.source, line=line, xpath=self.xpath(target))


def _namespace(el: Element) -> str:
    tag = el.tag
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _find_local(root: Element, name: str) -> Element | None:
    if local(root.tag) == name:
        return root
    for el in root.iter("{*}" + name, name):
        return el
    return None


def decimal(text: str | None) -> Decimal | None:
    """``text`` as a Decimal, or ``None`` when it is not a finite number."""
    return parse_decimal(text)
