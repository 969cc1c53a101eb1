"""A namespace-agnostic view of one parsed pain.001 or pacs.008 (with its AppHdr) for the rules.

The view finds the Document, the AppHdr and the body once, walks child steps (``PmtId/UETR``) in
the document's namespace without ElementPath, and turns an element into an exact location (line and
an XPath with the transaction index).

A profile runs 20-30 rules over one view, and many ask the same questions (the agents and
accounts of a transaction, every ``PstlAdr``, every ``IBAN``). The view keeps the answers: the
children of an element grouped by tag the first time a rule looks below it (one dictionary
look-up per step afterwards, where a fresh ``iterchildren`` sets up a tag matcher per call), the
elements of each set of names (one walk in C, ``iter`` with the tags), and a derived fact such as
the shape of every address (:meth:`Message.memo`). The answers are the ones a fresh walk would
give, in document order; the rules must not change the tree while they run.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Generic, TypeAlias, TypeVar

from lxml import etree

from qenex_messages.findings import Location
from qenex_messages.identifiers import parse_decimal
from qenex_messages.iso20022.first_pass import Walked
from qenex_messages.iso20022.xmlsafe import keeps_tag, local_tag
from qenex_messages.iso20022.xsd import PathIndex

Element: TypeAlias = etree._Element

PAIN001 = "pain.001"
PACS008 = "pacs.008"
_BODIES = {"CstmrCdtTrfInitn": PAIN001, "FIToFICstmrCdtTrf": PACS008}


class _LocalNames(dict[object, str]):
    """Tag -> local name, filled on first sight: a C-level dict lookup per call afterwards."""

    _LIMIT = 4096

    def __missing__(self, tag: object) -> str:
        name = local_tag(tag)
        if keeps_tag(tag):  # a tag of a long namespace is worked out each time
            if len(self) >= self._LIMIT:
                self.clear()  # bounded: a document of many namespaces cannot grow it without end
            self[tag] = name
        return name


local: Callable[[object], str] = _LocalNames().__getitem__
"""The local name of an element tag (``{ns}Nm`` -> ``Nm``); '' for comments and PIs."""

T = TypeVar("T")


@lru_cache(maxsize=4096)  # keyed by the document's namespace too: bounded
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


def clark(name: str, ns: str) -> str:
    """The tag lxml gives an element ``name`` of namespace ``ns`` (``name`` itself without one)."""
    return f"{{{ns}}}{name}" if ns else name


@lru_cache(maxsize=4096)
def _steps(path: str, ns: str) -> tuple[str, ...]:
    return tuple(clark(step, ns) for step in path.split("/"))


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


class _computed_once(Generic[T]):
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first
    read, which costs more than most of the view's answers): computed on the first read, then
    an attribute of the instance."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]  # read on the class: the descriptor
        value = self.compute(obj)
        setattr(obj, self.name, value)
        return value


@dataclass(frozen=True, slots=True)
class Tx:
    """One credit transfer transaction and, for pain.001, the payment information block above it."""

    el: Element
    pmtinf: Element | None


class Message:
    """A namespace-agnostic view of one pain.001 or pacs.008 document (with its AppHdr, if any)."""

    def __init__(  # noqa: PLR0913  (the root, the run's options, and what detection located)
        self,
        root: Element,
        *,
        as_of: date,
        source: str | None,
        profile: str,
        document: Element | None = None,
        header: Element | None = None,
        walked: Walked | None = None,
    ) -> None:
        self.root = root
        self.as_of = as_of
        self.source = source
        self.profile = profile
        # A caller that has located them already (detect's MessageInfo) passes them in: with
        # the Document given, the header given (or None) is the whole answer.
        self._located = document is not None
        self._header = header
        self.doc = document if self._located else _find_local(root, "Document")
        self.ns = _namespace(self.doc) if self.doc is not None else ""
        self.version = version_of(self.ns)
        self.body: Element | None = None
        self.kind: str | None = None
        if self.doc is not None:
            for child in self.doc:
                kind = _BODIES.get(local(child.tag))
                if kind is not None:
                    self.body, self.kind = child, kind
                    break
        self.walked = walked if walked is not None and walked.body is self.body else None
        """The body as check_xml's first pass walked it whole (every node by tag, and in
        document order), or None: a whole proof reads it instead of walking the body."""
        self._children: dict[Element, dict[object, list[Element]]] = {}
        self._step_tags: dict[str, tuple[str, ...]] = {}
        self._header_tags: dict[str, tuple[str, ...]] = {}

    # Looked for on first use: a clean message's whole proof reads none, and finding the
    # AppHdr below a Document root walks the whole tree.
    @_computed_once
    def hdr(self) -> Element | None:
        """The AppHdr, if any."""
        if self._located or self._header is not None:
            return self._header
        return _find_local(self.root, "AppHdr")

    @_computed_once
    def hns(self) -> str:
        """The AppHdr's namespace ('' without one)."""
        return _namespace(self.hdr) if self.hdr is not None else ""

    @_computed_once
    def grp(self) -> Element | None:
        """The group header of the body, if any."""
        return self.find(self.body, "GrpHdr") if self.body is not None else None

    # -- lookups -----------------------------------------------------------------------------
    def q(self, path: str) -> str:
        """``path`` (``PmtId/UETR``) in the document's namespace (Clark notation)."""
        return _clark(path, self.ns)

    def find(self, el: Element | None, path: str) -> Element | None:
        """The first element at ``path`` (child steps like ``PmtId/UETR``) below ``el``."""
        if el is None:
            return None
        if self.kind == PAIN001 and el in self._pmtinf_set:
            found = self._all(el, path)
            return found[0] if found else None
        tags = self._step_tags.get(path)
        if tags is None:
            tags = self._step_tags[path] = _steps(path, self.ns)
        return self._down(el, tags)

    def _down(self, node: Element, tags: tuple[str, ...]) -> Element | None:
        """The first child with each tag in turn, from ``node`` down (None when one is missing)."""
        children = self._children
        for tag in tags:
            kids = children.get(node)
            if kids is None:
                kids = self._kids(node)
            group = kids.get(tag)
            if group is None:
                return None
            node = group[0]
        return node

    def _kids(self, el: Element) -> dict[object, list[Element]]:
        """The children of ``el`` grouped by tag, in document order, kept for the next rule."""
        kids: dict[object, list[Element]] = {}
        for child in el:
            tag = child.tag  # lxml builds the string on every read
            group = kids.get(tag)
            if group is None:
                kids[tag] = [child]
            else:
                group.append(child)
        self._children[el] = kids
        return kids

    def findall(self, el: Element | None, path: str) -> list[Element]:
        """All elements at ``path`` (child steps) below ``el``, in document order."""
        if el is None:
            return []
        return self._all(el, path)  # a new list on every call

    def _all(self, el: Element, path: str) -> list[Element]:
        """The elements at ``path`` below ``el``, as a list of its own (never a cached one)."""
        nodes = [el]
        children = self._children
        tags = self._step_tags.get(path)
        if tags is None:
            tags = self._step_tags[path] = _steps(path, self.ns)
        for tag in tags:
            found: list[Element] = []
            for n in nodes:
                kids = children.get(n)
                if kids is None:
                    kids = self._kids(n)
                group = kids.get(tag)
                if group is not None:
                    found += group
            nodes = found
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
        tags = self._header_tags.get(path)
        if tags is None:
            tags = self._header_tags[path] = _steps(path, self.hns)
        return self._down(self.hdr, tags)

    def htext(self, path: str) -> str | None:
        """The text at ``path`` below the AppHdr."""
        found = self.hfind(path)
        return None if found is None else (found.text or "")

    def iter(self, *names: str) -> Iterator[Element]:
        """Every element of the document body with one of the local ``names``, in document order."""
        if self.body is None:
            return iter(())
        found = self._every.get(names)
        if found is None:
            walked = self.walked
            if walked is not None and len(names) == 1 and "*" not in names[0]:  # grouped
                found = walked.by_tag.get(_clark(names[0], self.ns), [])
            else:
                # One walk in C per set of names, kept: several rules ask for the same names.
                tags = (_clark(n, self.ns) for n in names)
                found = list(self.body.iter(*tags))
            self._every[names] = found
        return iter(found)

    def memo(self, key: Hashable, compute: Callable[[Message], T]) -> T:
        """``compute(self)``, computed once per view and kept under ``key`` (a derived fact
        several rules read, such as the shape of every address)."""
        if key in self._memo:
            return self._memo[key]  # type: ignore[no-any-return]
        value = self._memo[key] = compute(self)
        return value

    @_computed_once
    def _every(self) -> dict[object, list[Element]]:
        return {}

    @_computed_once
    def _memo(self) -> dict[Hashable, Any]:
        return {}

    @_computed_once
    def pmtinfs(self) -> list[Element]:
        """The payment information blocks (pain.001), else empty."""
        if self.kind != PAIN001 or self.body is None:
            return []
        return list(self.body.iterchildren(self.q("PmtInf")))

    @_computed_once
    def _pmtinf_set(self) -> frozenset[Element]:
        return frozenset(self.pmtinfs)

    @_computed_once
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
    @_computed_once
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
