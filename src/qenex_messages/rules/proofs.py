"""Proofs that a message is clean, which rulebook rules ask for before their exact bodies."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar

from lxml import etree

from qenex_messages.iso20022.first_pass import Walked, small_body
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message

# -- fast paths ------------------------------------------------------------------------------
# A clean message should cost little: before its exact body, a rule asks for a proof, made from
# the whole document at once (a walk in C for a set of names, one XPath over the transactions,
# one regular expression), that the body would find nothing. Each proof is conservative: when it
# cannot show the message clean, the exact body runs and reports everything.
# tests/rules/test_sepa_fast.py and test_cbpr_fast.py hold each proof to the exact body.

_EXACT: list[bool] = [False]


@contextmanager
def exact_only() -> Iterator[None]:
    """Within this block every rule runs its exact body (no proofs); for the tests."""
    _EXACT.append(True)
    try:
        yield
    finally:
        _EXACT.pop()


def fast_paths() -> bool:
    """False inside :func:`exact_only`."""
    return not _EXACT[-1]


def proven_clean(msg: Message, key: Hashable, proof: Callable[[Message], bool]) -> bool:
    """True when ``proof`` shows that a rule's exact body would find nothing in ``msg`` (kept
    per view under ``key``: several rules may share a proof)."""
    if _EXACT[-1] or msg.body is None:
        return False
    return msg.memo(("proof", key), proof)


Proof = Callable[[Message], bool]
"""A proof: True only when the checks it stands for would find nothing in the message."""

_P = TypeVar("_P", bound=Proof)


class WholeProof:
    """One proof for a profile's whole clean message that stands for the proofs of several
    rules: when it holds, each proof of ``covers`` would hold too (so the profile asks none of
    them); when it fails, the profile asks them one by one as before."""

    __slots__ = ("covers", "profiles", "proof")

    def __init__(self, proof: Proof, covers: frozenset[Proof], profiles: frozenset[str]) -> None:
        self.proof = proof
        self.covers = covers
        self.profiles = profiles

    def __repr__(self) -> str:
        return f"WholeProof({getattr(self.proof, '__qualname__', self.proof)!r})"


_WHOLE: list[WholeProof] = []


def whole_proof(profiles: Iterable[str], covers: Iterable[Proof]) -> Callable[[_P], _P]:
    """Register the decorated function as a :class:`WholeProof` of ``profiles`` standing for
    the rules' proofs ``covers`` (tests/rules/test_whole_proofs.py holds it to each of them)."""

    def decorate(proof: _P) -> _P:
        _WHOLE.append(WholeProof(proof, frozenset(covers), frozenset(profiles)))
        return proof

    return decorate


def whole_proofs(profile: str | None = None) -> tuple[WholeProof, ...]:
    """The registered whole proofs (of ``profile``, default all), in registration order (the
    same tuple while the registry is unchanged)."""
    registry = _WHOLE
    kept = _WHOLE_OF.get(profile)
    if kept is not None and kept[0] is registry and kept[1] == len(registry):
        return kept[2]
    found = tuple(w for w in registry if profile is None or profile in w.profiles)
    if len(_WHOLE_OF) >= _MAX_WHOLE_OF:
        _WHOLE_OF.clear()  # bounded: a caller may ask for any profile name
    _WHOLE_OF[profile] = (registry, len(registry), found)
    return found


_WHOLE_OF: dict[str | None, tuple[list[WholeProof], int, tuple[WholeProof, ...]]] = {}
"""Per profile: the registry list and length the answer was taken from (a test may swap the
list or a registration add to it), and the answer."""
_MAX_WHOLE_OF = 64


class KeptTexts:
    """A bounded set of texts a check passed, in ``kept`` (read it; :meth:`keep` adds to it):
    at most ``most`` texts (then it is emptied) of at most :data:`LONGEST_KEPT` characters (a
    longer one is checked each time: messages that fail the XSD may hold texts of any length).
    Each change is a single operation under the GIL, so threads may share it."""

    __slots__ = ("_most", "kept")

    def __init__(self, most: int = 4096) -> None:
        self._most = most
        self.kept: set[str] = set()

    def keep(self, text: str) -> None:
        """Remember ``text``, which the check passed."""
        if len(text) <= LONGEST_KEPT:
            known = self.kept
            if len(known) >= self._most:
                known.clear()
            known.add(text)


class CleanTexts(KeptTexts):
    """The texts one check found clean, so that a text seen again (the same IBAN, BIC or
    amount in message after message) costs one set look-up; the texts not kept are checked
    together, as the check alone would."""

    __slots__ = ("_check",)

    def __init__(self, check: Callable[[list[str]], bool], most: int = 4096) -> None:
        super().__init__(most)
        self._check = check

    def all_clean(self, texts: list[str]) -> bool:
        """True when the check passes every text of ``texts``."""
        known = self.kept
        if known.issuperset(texts):
            return True
        new = [text for text in texts if text not in known]
        if not self._check(new):
            return False
        for text in new:
            self.keep(text)
        return True


LONGEST_KEPT = 140
"""The longest text a :class:`KeptTexts` keeps (the longest text CBPR+ and SEPA allow in
a name, a line of remittance or a reference)."""


MOST_SHAPE_TAG_CHARS = 40_000
"""The longest a body's tags may be in all for its answer to be kept per shape: a foreign
namespace URI of any length is copied into the tag of every element under it."""


def shape_keepable(tags: Iterable[str]) -> bool:
    """Whether a shape key holding ``tags`` is small enough to keep."""
    return sum(map(len, tags)) <= MOST_SHAPE_TAG_CHARS


walk_whole = small_body
"""True when a proof should walk a body whole and pick the elements it reads in Python rather
than have lxml walk for a set of names (the criterion of check_xml's first pass, which then
hands its walk on: :attr:`Message.walked`)."""


def walk_body(body: Element) -> Walked:
    """``body`` walked whole as check_xml's first pass hands it on (:attr:`Message.walked`),
    for a proof that reads a small body check_xml did not walk."""
    elements = list(body.iter())
    by_tag: dict[object, list[Element]] = {}
    for el in elements:
        group = by_tag.get(el.tag)
        if group is None:
            by_tag[el.tag] = [el]
        else:
            group.append(el)
    return Walked(elements, by_tag)


@lru_cache(maxsize=4096)
def _xpath(expr: str, kind: str | None, ns: str) -> etree.XPath:
    # Bounded: the key holds the document's namespace, which a caller may vary without limit.
    full = expr.format(tx=TX_PATH.get(kind or "", "d:CdtTrfTxInf"))
    # Without the EXSLT regular expressions (no proof uses them) lxml registers fewer functions
    # on each evaluation: about half the fixed cost of a call.
    if ns:
        return etree.XPath(full, namespaces={"d": ns}, regexp=False)
    return etree.XPath(full.replace("d:", ""), regexp=False)


def holds(msg: Message, expr: str, **variables: Any) -> bool:
    """The XPath boolean ``expr`` evaluated on the body (``d:`` is the document namespace,
    ``{tx}`` the transactions; ``variables`` are bound as ``$name``)."""
    assert msg.body is not None  # proven_clean runs no proof without a body
    return bool(_xpath(expr, msg.kind, msg.ns)(msg.body, **variables))


def count(msg: Message, expr: str) -> int:
    """The XPath number ``expr`` evaluated on the body, as for :func:`holds`."""
    found = number(msg, expr)
    return int(found) if found == found else -1  # NaN: no number


def number(msg: Message, expr: str, **variables: Any) -> float:
    """The XPath number ``expr`` evaluated on the body, as for :func:`holds` (NaN when the
    expression gives no number)."""
    assert msg.body is not None
    found = _xpath(expr, msg.kind, msg.ns)(msg.body, **variables)
    return found if isinstance(found, float) else float("nan")


def select(msg: Message, el: Element, expr: str) -> list[Element]:
    """The elements the XPath ``expr`` selects from ``el`` (``d:`` as for :func:`holds`)."""
    found = _xpath(expr, msg.kind, msg.ns)(el)
    return found if isinstance(found, list) else []  # type: ignore[return-value]


def transactions(msg: Message) -> int:
    """How many transactions the body holds (``len(msg.txs)``) by one XPath count in C, kept per
    view; 0 without a body."""
    return msg.memo("transactions", lambda m: count(m, "count({tx})") if m.body is not None else 0)


def absent(msg: Message, *names: str) -> bool:
    """True when no element of the body has one of the local ``names``. Free when the document
    holds none of the names at all (lxml turns the walk down at once); else a walk up to the
    first one."""
    assert msg.body is not None
    return next(msg.body.iter(*(msg.q(n) for n in names)), None) is None


def within(text: str, allowed: bytes) -> bool:
    """True when every character of ``text`` is one of the ASCII ``allowed`` bytes: deleting
    them in C leaves nothing (about 10x a regular-expression search)."""
    return text.isascii() and not text.encode("ascii").translate(None, allowed)


def text_is(*values: str) -> str:
    """An XPath predicate body: the element's one child node is a text holding one of
    ``values`` (so its ``.text`` is that value; a comment, an element or a second node fails)."""
    equal = " or ".join(f"text()='{v}'" for v in values)
    return f"count(node())=1 and ({equal})"


TX_PATH = {PAIN001: "d:PmtInf/d:CdtTrfTxInf", PACS008: "d:CdtTrfTxInf"}
"""The transactions of a message, as an XPath from the body (what :attr:`Message.txs` holds)."""


CHUNK = 64
"""Elements bound to an XPath variable at once: libxml2 looks for a duplicate each time it adds
one to a node-set, so a set of n elements costs n * n; in chunks it stays linear."""


def holds_for_each(msg: Message, expr: str, elements: list[Element]) -> bool:
    """The XPath boolean ``expr``, a property of every element of ``$n`` (``d:`` as for
    :func:`holds`), holds with ``$n`` bound to ``elements`` (a set the view walked for already,
    such as every agent)."""
    assert msg.body is not None
    xpath = _xpath(expr, msg.kind, msg.ns)
    body = msg.body
    for start in range(0, len(elements), CHUNK):
        chunk: Any = elements[start : start + CHUNK]  # lxml-stubs want a list of a wider type
        if not xpath(body, n=chunk):
            return False
    return True


_PLAIN_ADDRESS = "count($n/*) = count($n/d:*)"


def plain_addresses(msg: Message) -> bool:
    """Every child of every ``PstlAdr`` is in the document's namespace (kept per view). An
    address's shape reads its children by local name (rules/address.py), a proof's XPath by
    name in the document's namespace: without this, a child in another namespace would escape
    the proof and not the rule."""
    addresses = list(msg.iter("PstlAdr"))
    return msg.memo("plain addresses", lambda m: holds_for_each(m, _PLAIN_ADDRESS, addresses))
