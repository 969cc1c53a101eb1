"""A clean SEPA message proven by one function instead of one proof per rule.

One walk collects the elements whose texts the value checks read (and meets any element that
must not be there: a comment, an AdrLine, an EqvtAmt ...; lxml's filtered walk in C for a large
body, a plain walk that also reads the leaves' texts for a small one), one XPath answers every
structural question of the rules' proofs, and the value checks run in a row with the rules' own
helpers. When it holds, every rule proof it covers holds (tests/rules/test_whole_proofs.py), so
a clean message runs no rule; when it fails, the profile asks the rules' proofs one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from itertools import chain, compress
from operator import attrgetter, methodcaller, not_
from typing import TypeAlias

from qenex_messages.iso20022.first_pass import Walked
from qenex_messages.iso20022.xmlsafe import keeps_tag
from qenex_messages.rule_record import all_rules
from qenex_messages.rules.proofs import (
    CleanTexts,
    Proof,
    holds,
    shape_keepable,
    walk_body,
    walk_whole,
    whole_proof,
)
from qenex_messages.rules.sepa import addresses, agents, parties, remittance, scheme
from qenex_messages.rules.sepa.agents import bics_valid, ibans_valid
from qenex_messages.rules.sepa.amounts import (
    AMOUNT_OK,
    TX_AMOUNT,
    amount_sum,
    amounts_in_range,
    counts_clean,
    ctrl_sum_clean,
    within_cap,
)
from qenex_messages.rules.sepa.charset import NOT_ELEMENTS, leaves_read, no_blank_leaf, text_in_set
from qenex_messages.rules.sepa.countries import all_in_sepa, countries_named, none_outside_eea
from qenex_messages.rules.sepa.dates import execution_date_clean
from qenex_messages.rules.sepa.ids import REFERENCES, references_well_formed
from qenex_messages.rules.sepa.parties import names_fit
from qenex_messages.rules.sepa.remittance import creditor_references_valid
from qenex_messages.rules.sepa.scheme import current_version, no_local_instrument
from qenex_messages.rules.view import (
    PACS008,
    PAIN001,
    Element,
    Message,
    clark,
    decimal,
    local,
    version_number,
)

_READ = (
    "IBAN",
    "BICFI",
    "BIC",
    *REFERENCES,
    "InstdAmt",
    "IntrBkSttlmAmt",
    "TtlIntrBkSttlmAmt",
    "ChrgBr",
    "PmtMtd",
    "Ref",
    "Nm",
    "Dbtr",
    "Cdtr",
    "ReqdExctnDt",
    "NbOfTxs",
    "CtrlSum",
    "SvcLvl",
    "PmtInf",
)
"""The elements whose texts (or number) the value checks read."""
_ABSENT = ("EqvtAmt", "OrgId", "PrvtId", "Purp", "CtgyPurp")
"""Elements that some rule's proof wants absent from the body (SEPA-EUR, ULTMT, PURP)."""


@lru_cache(maxsize=64)  # keyed by the document's namespace: bounded
def _walk(ns: str, kind: str, inst: bool, any_adrline: str) -> _Walk:
    """The walk for a document's namespace and kind: the tags to walk for, and the Clark names
    of those read (meeting another stops the proof):
    UETR and Authstn are outside the EPC subset of pain.001 only, and SCT (not SCT Inst) has
    no local instrument."""
    absent = [*_ABSENT]
    if kind == PAIN001:
        absent += ("UETR", "Authstn")
    if not inst:
        absent.append("LclInstrm")
    read = tuple(clark(n, ns) for n in _READ)
    stops = tuple(clark(n, ns) for n in absent)
    return _Walk((*NOT_ELEMENTS, any_adrline, *read, *stops), read, frozenset(stops))


class _Walk:
    """What :func:`sepa_clean` walks the body for, in one namespace, kind and profile."""

    __slots__ = ("none", "passed", "read", "stops", "tags")

    def __init__(self, tags: tuple[object, ...], read: tuple[str, ...], stops: frozenset[str]):
        self.tags = tags
        self.read = read
        self.none: tuple[Sequence[Element], ...] = ((),) * len(read)
        """What each name of ``read`` has when the body holds none."""
        self.stops = stops
        self.passed: set[object] = set()
        """Tags met in a whole walk that do not stop the proof."""

    def groups(self, body: Element, walked: Walked | None = None) -> _Grouped | None:
        """The elements of ``body`` with each name of ``_READ``, in document order (not to be
        changed: they may be ``walked``'s own lists), and, when the body is walked whole, the
        text of every leaf that has one (what SEPA-BLANK's and SEPA-CHARSET's pass reads) and
        the body's shape (None otherwise); or None when the body holds a node that stops the
        proof (a comment, PI or entity, an AdrLine, or an element a rule turns down)."""
        if walked is None:
            if not walk_whole(body):
                return self._filtered(body)
            walked = walk_body(body)
        by_tag = walked.by_tag  # every tag of the body, once: no element is visited for these
        if not self.passed.issuperset(by_tag) and not self._admits(by_tag):
            return None
        found = dict(zip(_READ, map(by_tag.get, self.read, self.none), strict=True))
        # The leaves and the shape: each a pass of C over the elements, no Python per element.
        elements = walked.elements
        children = tuple(map(len, elements))
        leaves = list(filter(None, map(_TEXT, compress(elements, map(not_, children)))))
        return found, leaves, (tuple(map(_TAG, elements)), children)

    def _admits(self, tags: Iterable[object]) -> bool:
        """No tag of ``tags`` stops the proof (each one that does not is kept in ``passed``)."""
        passed, stops = self.passed, self.stops
        for tag in tags:
            if tag in passed:
                continue
            if tag in stops or not isinstance(tag, str) or local(tag) == "AdrLine":
                return False
            if keeps_tag(tag):
                if len(passed) >= _MAX_PASSED:
                    passed.clear()  # bounded: documents may hold any names
                passed.add(tag)
        return True

    def _filtered(self, body: Element) -> _Grouped | None:
        """:meth:`groups` of a larger body: lxml's filter, and the leaves' pass apart (one walk
        of every element in Python that also reads each tag costs more than the two)."""
        groups: dict[object, list[Element]] = {tag: [] for tag in self.read}
        for el in body.iter(*self.tags):
            group = groups.get(el.tag)
            if group is None:
                return None
            group.append(el)
        return dict(zip(_READ, groups.values(), strict=True)), None, None


_Shape: TypeAlias = tuple[tuple[str, ...], tuple[int, ...]]
"""A body's shape: each element's tag and number of children, in document order."""
_Found: TypeAlias = dict[str, Sequence[Element]]
"""The elements of each name of ``_READ``, in document order."""
_Grouped: TypeAlias = tuple[_Found, list[str] | None, _Shape | None]
"""What :meth:`_Walk.groups` finds: the elements by name, the leaves' texts and the shape."""
_TAG = attrgetter("tag")
_TEXT = attrgetter("text")
_MAX_PASSED = 4096


def _structure(kind: str) -> str:
    """Every structural question of the covered proofs as one XPath boolean, true when none
    finds a problem (``$parties``: how many Dbtr and Cdtr the body holds; ``$amounts``: how
    many elements are named as a transaction's amount)."""
    return (
        f"not({agents.WITHOUT_IBAN[kind]}) and not({agents.WITHOUT_BIC[kind]})"
        f" and {parties.NAMED_PARTIES[kind]} = $parties and not({parties.ULTIMATE_TWICE})"
        f" and not({remittance.RMT_PROBLEMS}) and not({addresses.UNSTRUCTURED})"
        f" and count({{tx}}/{TX_AMOUNT[kind]}) = $amounts and count({{tx}}) = $amounts"
    )


_STRUCTURE = {kind: _structure(kind) for kind in (PAIN001, PACS008)}
_SHAPE_ONLY = {
    kind: expr.replace(remittance.USTRD_TOO_LONG, remittance.USTRD_NOT_LEAF)
    for kind, expr in _STRUCTURE.items()
}
""":data:`_STRUCTURE` asking only the body's shape: an Ustrd with an element in it instead of
one longer than 140 (which a body whose every leaf text is at most 140 long cannot hold)."""


def _structure_holds(
    msg: Message, shape: _Shape | None, leaves: list[str] | None, **counts: int
) -> bool:
    """:data:`_STRUCTURE` holds on the body, ``counts`` being its variables. A small body
    whose leaves' texts are all short enough is answered by its shape (``shape``: each
    element's tag and number of children, in document order, which gives the tree), kept per
    shape: the same shape, read by the same XPath (the kind's, in the Document's namespace),
    gives the same answer. A body of more than :data:`_MOST_SHAPED` elements, or of tags
    too long in all, is asked each time (its key would hold memory without bound)."""
    kind = msg.kind
    assert kind is not None
    if (
        shape is None
        or leaves is None
        or len(shape[1]) > _MOST_SHAPED
        or max(map(len, leaves), default=0) > _LONGEST_LEAF
        or not shape_keepable(shape[0])
    ):
        return holds(msg, _STRUCTURE[kind], **counts)
    key = (kind, msg.ns, shape)  # the counts are read in msg.ns from the same shape
    known = _SHAPES.get(key)
    if known is None:
        known = holds(msg, _SHAPE_ONLY[kind], **counts)
        if len(_SHAPES) >= _MAX_SHAPES:
            _SHAPES.clear()  # bounded: documents may have any shape
        _SHAPES[key] = known
    return known


_LONGEST_LEAF = remittance.USTRD_MAX
"""The longest leaf text of a body whose structure its shape answers (no Ustrd is longer)."""
_SHAPES: dict[tuple[str, str | None, _Shape], bool] = {}
_MAX_SHAPES = 256
_MOST_SHAPED = 500
_TX_AMOUNT_NAME = {
    kind: path.rpartition("d:")[2].partition("[")[0] for kind, path in TX_AMOUNT.items()
}
"""The name of each transaction's amount (the last step of ``TX_AMOUNT``)."""
_SVCLVL = {kind: f"not({problems})" for kind, problems in scheme.SVCLVL_PROBLEMS.items()}


def _one_level_per_block(
    msg: Message, levels: Sequence[Element], blocks: Sequence[Element]
) -> bool:
    """The usual shape of a SEPA pain.001, which SEPA-SVCLVL's proof passes too: each payment
    information block holds one ``PmtTpInf/SvcLvl`` with nothing but ``Cd`` SEPA, and no other
    service level is anywhere in the body (``levels`` and ``blocks``: every SvcLvl and PmtInf
    of the body). False leaves the question to that proof's XPath."""
    if msg.kind != PAIN001 or len(levels) != len(blocks):
        return False
    code, holder_tag = msg.q("Cd"), msg.q("PmtTpInf")
    holders = set()
    for level in levels:
        if len(level) != 1 or level[0].tag != code or level[0].text != "SEPA" or len(level[0]):
            return False
        parent = level.getparent()
        if parent is None or parent.tag != holder_tag:
            return False
        holders.add(parent.getparent())
    return holders == set(blocks)


def _on_any_date(countries: frozenset[str]) -> bool:
    """SEPA-COUNTRY and SEPA-NONEEA find nothing in ``countries`` whatever the date: each is
    in SEPA on the earliest date (so on every later one) and none is outside the EEA."""
    return all_in_sepa(countries, date.min) and none_outside_eea(countries)


# The value checks of one text, each kept for the texts it passed (rules.proofs.CleanTexts):
# an IBAN or a BIC is kept only when its countries also pass on any date, so the look-up
# answers SEPA-COUNTRY and SEPA-NONEEA for it too, whatever the message's date.
_IBANS = CleanTexts(lambda t: ibans_valid(t) and _on_any_date(countries_named(t, ())))
_BICS = CleanTexts(lambda t: bics_valid(t) and _on_any_date(countries_named((), t)))
_AMOUNTS = CleanTexts(amounts_in_range)
# References (MsgId, PmtInfId, EndToEndId, ...) are unique per message: kept, they would fill
# the set and empty it again, so each is matched (one regular expression call per text).
_NAMES = CleanTexts(names_fit)


def _values_clean(msg: Message, found: _Found) -> bool:
    """The value checks of the covered proofs over the elements the walk found (``_READ``),
    their texts read in C; an element without text fails them (the rules' proofs answer)."""
    instd, intrbk = found["InstdAmt"], found["IntrBkSttlmAmt"]
    amounts = [*instd, *intrbk, *found["TtlIntrBkSttlmAmt"]]
    amount_texts = list(map(_TEXT, amounts))
    refs = list(map(_TEXT, chain.from_iterable(map(found.__getitem__, REFERENCES))))
    ends, blocks = list(map(_TEXT, found["EndToEndId"])), list(map(_TEXT, found["PmtInfId"]))
    names, rfs = list(map(_TEXT, found["Nm"])), list(map(_TEXT, found["Ref"]))
    iban_texts = list(map(_TEXT, found["IBAN"]))
    bic_texts = list(map(_TEXT, chain(found["BICFI"], found["BIC"])))
    if (
        None in amount_texts
        or None in refs
        or None in names
        or None in rfs
        or None in iban_texts
        or None in bic_texts
    ):
        return False
    if not (
        _EUR.issuperset(map(_CCY, amounts))
        and _AMOUNTS.all_clean(amount_texts)
        and _SLEV.issuperset(map(_TEXT, found["ChrgBr"]))
        and _TRF.issuperset(map(_TEXT, found["PmtMtd"]))
        and references_well_formed(refs)
        and len(set(ends)) == len(ends)  # SEPA-UNIQ, as ids.unrepeated: no id twice
        and len(set(blocks)) == len(blocks)
        and _NAMES.all_clean(names)
        and (not rfs or creditor_references_valid(rfs))
    ):
        return False
    if not (_IBANS.all_clean(iban_texts) and _BICS.all_clean(bic_texts)):
        # A problem, or a country whose answer depends on the date: the checks in full.
        if not (ibans_valid(iban_texts) and bics_valid(bic_texts)):
            return False
        countries = countries_named(iban_texts, bic_texts)
        if not (all_in_sepa(countries, msg.as_of) and none_outside_eea(countries)):
            return False
    return msg.profile != "sepa-inst" or within_cap(
        amount_texts[: len(instd) + len(intrbk)], msg.as_of
    )


_CCY = methodcaller("get", "Ccy")
_EUR, _SLEV, _TRF = frozenset({"EUR"}), frozenset({"SLEV"}), frozenset({"TRF"})


def sepa_clean(msg: Message) -> bool:
    """True only when no SEPA rule whose proof this covers would report anything in ``msg``."""
    body = msg.body
    kind = msg.kind
    if body is None or kind is None:
        return False
    version = msg.version
    if version != current_version(msg) or version_number(version) in (2, 3):
        return False  # SEPA-VERSION's, and the .03/.02 address and reference rules
    walk = _walk(msg.ns, kind, msg.profile == "sepa-inst", addresses._ANY_ADRLINE)
    grouped = walk.groups(body, msg.walked)
    if grouped is None:
        return False
    found, leaves, shape = grouped
    if leaves is not None:
        leaves_read(msg, leaves)
    if not _values_clean(msg, found):
        return False
    if kind == PAIN001 and not all(execution_date_clean(msg, r) for r in found["ReqdExctnDt"]):
        return False
    amounts = found[_TX_AMOUNT_NAME[kind]]  # each transaction's, by the XPath
    nbs, ctrls = found["NbOfTxs"], found["CtrlSum"]
    parties = len(found["Dbtr"]) + len(found["Cdtr"])
    return (
        _structure_holds(msg, shape, leaves, parties=parties, amounts=len(amounts))
        and (
            _one_level_per_block(msg, found["SvcLvl"], found["PmtInf"]) or holds(msg, _SVCLVL[kind])
        )
        and (not (nbs or ctrls) or _totals_clean(msg, nbs, ctrls, amounts, found["PmtInf"]))
        and text_in_set(msg)
        and no_blank_leaf(msg)
    )


def _totals_clean(
    msg: Message,
    nbs: Sequence[Element],
    ctrls: Sequence[Element],
    amounts: Sequence[Element],
    blocks: Sequence[Element],
) -> bool:
    """SEPA-COUNT finds nothing wrong with the NbOfTxs ``nbs`` and CtrlSums ``ctrls``,
    ``amounts`` being every transaction's amount and ``blocks`` every PmtInf of the body: with
    one payment information block at most, every level holds them all; with several, each
    block is counted as the rule does."""
    if msg.kind == PAIN001 and len(blocks) > 1:  # the body's own PmtInf children are no more
        return counts_clean(msg)
    count = str(len(amounts))
    if not all(el.text == count for el in nbs):
        return False
    if len(amounts) == 1 and AMOUNT_OK.fullmatch(text := amounts[0].text or ""):
        # One transaction: each CtrlSum written as its amount is that sum, with 2 decimals
        # at most, and needs no Decimal.
        ctrls = [ctrl for ctrl in ctrls if ctrl.text != text]
    total = amount_sum([decimal(el.text) for el in amounts]) if ctrls else None
    return all(ctrl_sum_clean(ctrl, total) for ctrl in ctrls)


def _proofs_of(profile: str) -> frozenset[Proof]:
    """Every proof the SEPA rules of ``profile`` declare (all SEPA modules are imported first)."""
    rules = all_rules("sepa")
    return frozenset(r.proof for r in rules if profile in r.applies_to and r.proof is not None)


whole_proof(profiles={"sepa"}, covers=_proofs_of("sepa"))(sepa_clean)
# SCT Inst expects a local instrument INST, which SEPA-LCLINSTRM's proof never shows
whole_proof(profiles={"sepa-inst"}, covers=_proofs_of("sepa-inst") - {no_local_instrument})(
    sepa_clean
)
