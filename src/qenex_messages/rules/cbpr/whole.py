"""One proof for a whole clean CBPR+ message (``rules.proofs.whole_proof``).

A clean message should cost a fixed handful of calls, not one or two per rule: the proof reads
the AppHdr in one pass over its children (its values, and the BICs of Fr and To), makes one
walk of the body for every element whose text a covered rule checks (identifiers, names,
address parts, amounts, date-times ...), or takes check_xml's, checks those texts in
straight-line Python with the rules' own value helpers, and answers every structural question
(Fr and To against the agents, the group header's MsgId and settlement method, the agents,
parties and addresses, the payment identifiers, the charges, remittance, instructions and
service levels). A pacs.008 whose body check_xml walked whole is asked them in Python, from the
walked elements and their parents, answered once per shape of the body (what does not read a
text) and an XPath only for charges, remittance, instructions and service levels when it holds
their names; any other message, in one XPath. When the proof holds, every proof it covers holds
(tests/rules/test_whole_proofs.py, test_cbpr_walked.py); when it fails, the profile asks the
rules' own proofs. CBPR-ONE-TX is not covered, so a message of many transactions, clean
otherwise, keeps this proof; its question is asked beside the others and the answer left on
the view for that rule's proof.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple, TypeAlias

from lxml import etree

from qenex_messages.identifiers import (
    check_country,
    is_valid_bic,
    is_valid_iban,
    is_valid_lei,
    is_valid_uetr,
)
from qenex_messages.iso20022.first_pass import Walked
from qenex_messages.rules.address import STRUCTURED
from qenex_messages.rules.cbpr import addresses, agents, amounts, bah, group, ids, remittance, text
from qenex_messages.rules.cbpr.common import CBPR
from qenex_messages.rules.proofs import (
    KeptTexts,
    holds,
    number,
    shape_keepable,
    text_is,
    walk_whole,
    whole_proof,
)
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message, clark

_ADDRESS_PARTS = (*sorted(STRUCTURED), "Ctry", "AdrLine", "AdrTp")
"""Every child a PstlAdr may have (what the XSD allows): the proof reads their texts."""

_AMOUNTS = ("IntrBkSttlmAmt", "InstdAmt", "Amt")
"""Names of every amount CBPR-CCY reads (and more: an ``Amt`` may be a charge or a
container, whose ``Ccy`` is then absent)."""

_IF_PRESENT = (
    (amounts.CHARGE_NAMES, f"not({{tx}}[{amounts._UNSURE_CHARGES}])"),
    (remittance.RMT_NAMES, f"not({remittance._UNSURE_RMT})"),
    (("InstrForCdtrAgt",), f"not({remittance._TWO_CODES})"),
    (("SvcLvl",), f"not({remittance._NOT_G001})"),
)
"""XPath parts asked only when the message holds one of the names (the covered proofs ask
them so too)."""
_ONLY_IF_PRESENT = tuple(name for names, _ in _IF_PRESENT for name in names)
"""Names whose presence adds a question to the XPath (without them the rule it belongs to has
nothing to ask)."""

_GROUPS = {
    "bic": ("BICFI", "AnyBIC"),
    "iban": ("IBAN",),
    "lei": ("LEI",),
    "country": ("Ctry", "CtryOfRes", "CtryOfBirth"),
    "town": ("TwnNm",),
    "uetr": ("UETR",),
    "instrid": ("InstrId",),
    "e2e": ("EndToEndId",),
    "fin_x": ids.ID_NAMES,
    "fin_x_text": text.X_TEXT_NAMES,  # read whole, children or not, as CBPR-CHARSET-TXT does
    "extended": text.TEXT_NAMES,
    "limited": tuple(text.LIMITS),
    "ustrd": ("Ustrd",),
    "amount": _AMOUNTS,
    "bearer": ("ChrgBr",),
    "priority": ("InstrPrty",),
    "datetime": group._DATETIMES,
    "prtry": ("Prtry",),
    "agent": agents._AGENTS,
    "party": agents._PARTIES,
    "address": ("PstlAdr",),
    "part": _ADDRESS_PARTS,
    "fin": ("FinInstnId",),
    **{name: (name,) for name in _ONLY_IF_PRESENT},
}
"""What the proof reads, by what it checks: one walk of the body finds every name."""


def _in_fin_x(text_: str) -> bool:
    return ids.texts_in_fin_x((text_,))


def _in_extended(text_: str) -> bool:
    return text.EXTENDED.search(text_) is None


_TEXT_CHECKS: dict[str, tuple[Callable[[str], bool], bool]] = {
    "bic": (is_valid_bic, False),
    "iban": (is_valid_iban, False),
    "lei": (lambda t: is_valid_lei(t.strip()), False),
    "country": (lambda t: not check_country(t), False),
    "town": (lambda t: bool(t.strip()), False),
    "uetr": (is_valid_uetr, False),
    "instrid": (ids.instrid_ok, False),
    "e2e": (ids.e2e_ok, False),
    "fin_x": (_in_fin_x, True),  # as ids.in_fin_x reads them: elements without children
    "fin_x_text": (_in_fin_x, False),
    "extended": (_in_extended, False),
    "part": (_in_extended, True),  # as CBPR-CHARSET-TXT reads an address: its leaves
    "bearer": (amounts.ALLOWED_BEARERS.__contains__, False),
    "datetime": (lambda t: group.without_offset(t) is None, False),
}
"""What a covered rule asks of the text alone of each element of a group (a key of
:data:`_GROUPS`), and whether it asks it of an element without children only. Each rule's own
helper, asked of one text: the rules that join texts and search them once search for a
character, so one text at a time gives the same answer."""

_CLEAN_KEPT = 1024
"""Texts kept per name as found clean (then the set starts again: bounded)."""


class _TextCheck:
    """The checks of the text of an element of one name, and the texts found clean under all
    of them (names, towns, countries and BICs repeat from message to message: a repeated text
    costs one set look-up)."""

    __slots__ = ("checks", "clean", "leaf_checks")

    def __init__(
        self,
        checks: tuple[Callable[[str], bool], ...],
        leaf_checks: tuple[Callable[[str], bool], ...],
    ) -> None:
        self.checks = checks
        self.leaf_checks = leaf_checks
        self.clean = KeptTexts(most=_CLEAN_KEPT)

    def admit(self, el: Element, text_: str) -> bool:
        """Whether ``text_``, the text of ``el``, passes the checks (kept when it passes all
        of them, so a later element of the name, with children or not, may take it)."""
        if not all(check(text_) for check in self.checks):
            return False
        if self.leaf_checks:
            if len(el):
                return True  # the leaf checks do not read it; not kept
            if not all(check(text_) for check in self.leaf_checks):
                return False
        self.clean.keep(text_)
        return True


def _within(limit: int) -> Callable[[str], bool]:
    return lambda t: len(t) <= limit


def _text_checks() -> dict[str, _TextCheck]:
    """The checks of each name's text (:data:`_TEXT_CHECKS`, the length limits): every check
    reads the local name alone, so one table, and its texts found clean, serves every
    namespace."""
    checks: dict[str, tuple[list[Callable[[str], bool]], list[Callable[[str], bool]]]] = {}
    for key, (check, leaf_only) in _TEXT_CHECKS.items():
        for name in _GROUPS[key]:
            checks.setdefault(name, ([], []))[leaf_only].append(check)
    for name, limit in text.LIMITS.items():
        checks.setdefault(name, ([], []))[False].append(_within(limit))
    return {name: _TextCheck(tuple(always), tuple(leaf)) for name, (always, leaf) in checks.items()}


_TEXT_PLANS = _text_checks()

_READ = (
    "FinInstnId",
    "BICFI",
    "Nm",
    "PstlAdr",
    "Id",
    "OrgId",
    "AnyBIC",
    "TwnNm",
    "Ctry",
    "AdrLine",
    "Dbtr",
    "Cdtr",
)
"""The names the structural questions asked in Python read (:func:`_agents_ok` ...)."""

_READ_WHOLE = (
    "CdtTrfTxInf",
    "PmtId",
    "UETR",
    "InstrId",
    "GrpHdr",
    "MsgId",
    "NbOfTxs",
    "SttlmInf",
    "SttlmMtd",
    "InstgAgt",
    "InstdAgt",
)
"""The names the questions of a pacs.008 walked whole read besides (:func:`_plan`): only
check_xml's walk, which holds every name, is read for them."""

_NOT_ELEMENTS = (etree.Comment, etree.PI, etree.Entity)
"""The tags of the nodes other than elements a walk may meet (comments, processing
instructions, entity references)."""


class _Tags:
    """The tags of :data:`_GROUPS` in one namespace, the checks of their texts, and the tags
    of an address's parts."""

    def __init__(self, ns: str) -> None:
        self.groups = {key: tuple(clark(n, ns) for n in names) for key, names in _GROUPS.items()}
        self.walked = tuple(dict.fromkeys(t for tags in self.groups.values() for t in tags))
        self.wanted = frozenset(self.walked)
        self.parts = frozenset(clark(n, ns) for n in _ADDRESS_PARTS)
        self.texts = {clark(name, ns): plan for name, plan in _TEXT_PLANS.items()}
        self.q = {name: clark(name, ns) for name in (*_READ, *_READ_WHOLE)}
        self.debtor_creditor = frozenset((self.q["Dbtr"], self.q["Cdtr"]))
        self.ns = ns
        self.group_header = frozenset(clark(name, ns) for name in group._GROUP_NAMES)


@lru_cache(maxsize=64)  # keyed by the document's namespace: bounded
def _tags(ns: str) -> _Tags:
    return _Tags(ns)


class _Found:
    """The elements of the body with one of the walked tags, grouped by tag, in document
    order: one walk in C, or check_xml's. ``whole`` when check_xml's walk holds every name
    and no node but elements: the tree as parse_xml read it (no comment, no processing
    instruction, a CDATA section merged into the text around it), so an element without
    children has at most one node, a text (what :func:`_plan` and :func:`_answers` read)."""

    __slots__ = (
        "_firsts",
        "_parents",
        "_transactions",
        "body",
        "by_tag",
        "elements",
        "tags",
        "whole",
    )

    def __init__(self, body: Element, tags: _Tags, walked: Walked | None = None) -> None:
        self.body = body
        self.tags = tags
        self._firsts: dict[str, dict[Element, Element]] = {}
        self._parents: dict[str, set[Element]] = {}
        self._transactions: list[Element] | None = None
        self.elements: list[Element] = []
        """Every node below the body and the body, in document order, when :attr:`whole`."""
        if walked is not None:  # check_xml's first pass walked the body whole: no walk
            # keyed by str but for a comment's or PI's tag, which no look-up by name meets
            self.by_tag: dict[str, list[Element]] = walked.by_tag  # type: ignore[assignment]
            self.whole = not any(kind in walked.by_tag for kind in _NOT_ELEMENTS)
            if self.whole:
                self.elements = walked.elements
            return
        self.whole = False
        by_tag: dict[str, list[Element]] = {}
        wanted = tags.wanted
        small = walk_whole(body)
        for el in body.iter() if small else body.iter(*tags.walked):
            tag = el.tag
            if small and tag not in wanted:
                continue
            kept = by_tag.get(tag)
            if kept is None:
                by_tag[tag] = [el]
            else:
                kept.append(el)
        self.by_tag = by_tag

    def els(self, group_: str) -> list[Element]:
        """The elements of ``group_`` (a key of :data:`_GROUPS`)."""
        by_tag = self.by_tag
        return [el for tag in self.tags.groups[group_] for el in by_tag.get(tag, ())]

    def texts(self, group_: str) -> list[str]:
        """The text ('' when empty) of each element of ``group_``."""
        by_tag = self.by_tag
        return [el.text or "" for tag in self.tags.groups[group_] for el in by_tag.get(tag, ())]

    def parents(self, name: str) -> set[Element]:
        """The parents of the walked elements of local ``name`` (one of :data:`_READ` or
        :data:`_READ_WHOLE`)."""
        found = self._parents.get(name)
        if found is None:
            tag = self.tags.q[name]
            found = self._parents[name] = {el.getparent() for el in self.by_tag.get(tag, ())}  # type: ignore[misc]
        return found

    def first_by_parent(self, name: str) -> dict[Element, Element]:
        """The first walked element of local ``name`` (one of :data:`_READ` or
        :data:`_READ_WHOLE`) of each parent:
        XPath's ``d:Name[1]`` of that parent (the walk goes in document order)."""
        first = self._firsts.get(name)
        if first is None:
            first = self._firsts[name] = {}
            for el in self.by_tag.get(self.tags.q[name], ()):
                first.setdefault(el.getparent(), el)  # type: ignore[arg-type]
        return first

    def first(self, name: str, parent: Element | None) -> Element | None:
        """``parent``'s first child of local ``name`` (None when ``parent`` is None)."""
        return None if parent is None else self.first_by_parent(name).get(parent)

    def transactions(self) -> list[Element]:
        """The body's CdtTrfTxInf children (a pacs.008's transactions), in document order."""
        if self._transactions is None:
            body = self.body
            txs = self.by_tag.get(self.tags.q["CdtTrfTxInf"], ())
            self._transactions = [tx for tx in txs if tx.getparent() is body]
        return self._transactions

    def has(self, name: str) -> bool:
        """Whether the body holds an element of the walked ``name`` (a key of :data:`_GROUPS`
        naming one element)."""
        return self.tags.groups[name][0] in self.by_tag


class _HeadTags:
    """The tags of the AppHdr's children the proof reads, in the AppHdr's namespace."""

    def __init__(self, hns: str) -> None:
        self.mandatory = tuple(clark(name, hns) for name in bah.MANDATORY)
        self.sides = (clark("Fr", hns), clark("To", hns))
        self.fiid, self.fin, self.bicfi = (
            clark("FIId", hns),
            clark("FinInstnId", hns),
            clark("BICFI", hns),
        )
        self.biz, self.prty = clark("BizMsgIdr", hns), clark("Prty", hns)


@lru_cache(maxsize=64)  # keyed by the AppHdr's namespace: bounded
def _head_tags(hns: str) -> _HeadTags:
    return _HeadTags(hns)


class _Head:
    """What the proof reads of the AppHdr, from one pass over its children (the first child of
    each tag, as :meth:`Message.htext` reads them): the mandatory values, the BizMsgIdr, Prty,
    the BIC of Fr and of To when each is FIId/FinInstnId/BICFI and nothing else, and the text
    of every BICFI of the AppHdr."""

    __slots__ = ("bics", "biz", "priority", "sides", "values")

    def __init__(self, hdr: Element, hns: str) -> None:
        tags = _head_tags(hns)
        first: dict[object, Element] = {}
        deep = False  # a BICFI may sit below another child than the first Fr and To
        for child in hdr:
            tag = child.tag
            if tag in first:
                deep = deep or bool(len(child))
            else:
                first[tag] = child
                deep = deep or (tag not in tags.sides and bool(len(child)))
        self.values = [_text(first.get(tag)) for tag in tags.mandatory]
        self.biz = first.get(tags.biz)
        self.priority = _text(first.get(tags.prty))
        self.sides = [_side_bic(first.get(tag), tags) for tag in tags.sides]
        if deep or tags.bicfi in first:  # a BICFI below another child, or the AppHdr's own
            self.bics = [el.text or "" for el in hdr.iter(tags.bicfi)]
        else:  # every BICFI of the AppHdr is the one of Fr or To (when both are shaped)
            self.bics = [bic for bic in self.sides if bic is not None]


def _text(el: Element | None) -> str | None:
    return None if el is None else (el.text or "")


def _side_bic(side: Element | None, tags: _HeadTags) -> str | None:
    """The text of ``side``'s (Fr or To) BICFI when ``side`` holds FIId/FinInstnId/BICFI and
    no other node (stricter than CBPR-BAH: nothing else below FIId, and the BICFI is a leaf);
    else None."""
    if side is None or len(side) != 1:
        return None
    fiid = side[0]
    if fiid.tag != tags.fiid or len(fiid) != 1:
        return None
    fin = fiid[0]
    if fin.tag != tags.fin or len(fin) != 1:
        return None
    bic = fin[0]
    return (bic.text or "") if bic.tag == tags.bicfi and not len(bic) else None


def _header_ok(msg: Message, head: _Head) -> bool:
    """What the AppHdr rules ask of the header (the BizMsgIdr and MsgId agreeing is the
    XPath's): its values, and Fr and To as CBPR-BAH wants them."""
    _, definition, service, created = head.values
    return (
        bah.mandatory_values_ok(msg.hns, head.values)
        and bah.service_value_ok(msg, service)
        and bah.definition_value_ok(msg, definition)
        and group.without_offset(created or "") is None
        and None not in head.sides
    )


def _values_ok(msg: Message, head: _Head, found: _Found) -> bool:
    """The texts the covered rules check, checked with the rules' own value helpers."""
    head_priority = head.priority
    biz = head.biz
    return (
        _texts_ok(found)
        and all(is_valid_bic(t) for t in head.bics)
        and (biz is None or bool(len(biz)) or _in_fin_x(biz.text or ""))
        and text.one_ustrd_each(found.els("ustrd"))
        and all(amounts._amount_ok(el.get("Ccy") or "", el.text) for el in found.els("amount"))
        and (head_priority is None or all(t == head_priority for t in found.texts("priority")))
        and remittance.coded(msg, found.els("prtry"))
        and _parts_only(found)
    )


def _texts_ok(found: _Found) -> bool:
    """Every walked element passes the checks of its tag's text (:data:`_TEXT_CHECKS`, the
    length limits)."""
    plans = found.tags.texts
    for tag, els in found.by_tag.items():
        plan = plans.get(tag)
        if plan is None:
            continue
        clean = plan.clean.kept
        for el in els:
            text_ = el.text or ""
            if text_ not in clean and not plan.admit(el, text_):
                return False
    return True


def _parts_only(found: _Found) -> bool:
    """An address has no child but the parts a PstlAdr may have, so none escapes
    CBPR-CHARSET-TXT's extended set (every part is walked and its text checked)."""
    parts = found.tags.parts
    for address in found.els("address"):
        for child in address:
            tag = child.tag
            if tag not in parts and isinstance(tag, str):
                return False  # an element no address has: the rule's own proof decides
    return True


def _agents_ok(found: _Found) -> bool:
    """No agent's first FinInstnId lacks a BICFI or gives Nm without PstlAdr or the reverse
    (:data:`agents._PLAIN_AGENTS`), from the parents of the walked elements."""
    first_fin = found.first_by_parent("FinInstnId")
    with_bic, with_nm, with_adr = (found.parents(n) for n in ("BICFI", "Nm", "PstlAdr"))
    for agent in found.els("agent"):
        fin = first_fin.get(agent)
        if fin is not None and (fin not in with_bic or (fin in with_nm) != (fin in with_adr)):
            return False
    return True


def _first_of_its_tag(el: Element) -> bool:
    """No earlier sibling of ``el`` has its tag (``el`` is its parent's ``d:Name[1]``)."""
    tag = el.tag
    return all(sibling.tag != tag for sibling in el.itersiblings(preceding=True))


def _with_any_bic(found: _Found) -> set[Element | None]:
    """The elements with an ``Id[1]/OrgId[1]/AnyBIC``, from the walked AnyBIC."""
    q = found.tags.q
    held: set[Element | None] = set()
    for bic in found.by_tag.get(q["AnyBIC"], ()):
        org = bic.getparent()
        holder = None if org is None else org.getparent()
        if holder is None or org is None or org.tag != q["OrgId"] or holder.tag != q["Id"]:
            continue
        if _first_of_its_tag(org) and _first_of_its_tag(holder):
            held.add(holder.getparent())
    return held


def _parties_ok(found: _Found) -> bool:
    """No party has AnyBIC with Nm or PstlAdr, PstlAdr without Nm, or is a Dbtr or Cdtr
    with neither Nm nor AnyBIC (:data:`agents._PLAIN_PARTIES`)."""
    with_nm, with_adr = found.parents("Nm"), found.parents("PstlAdr")
    with_bic = _with_any_bic(found)
    debtor_creditor = found.tags.debtor_creditor
    for party in found.els("party"):
        named, placed, bic = party in with_nm, party in with_adr, party in with_bic
        if bic and (named or placed):
            return False
        if not named and (placed or (party.tag in debtor_creditor and not bic)):
            return False
    return True


def _addresses_ok(found: _Found) -> bool:
    """Every address is structured: TwnNm and Ctry, no AdrLine (what the address rules ask)."""
    with_town, with_country = found.parents("TwnNm"), found.parents("Ctry")
    with_lines = found.parents("AdrLine")
    return all(
        address in with_town and address in with_country and address not in with_lines
        for address in found.els("address")
    )


_FAMILIES: tuple[Callable[[_Found], bool], ...] = (_agents_ok, _parties_ok, _addresses_ok)
"""The questions about the agents, parties and addresses, asked in Python of the walked
elements and their parents: bound to an XPath, they cost more to convert than to ask."""


class _Bound(NamedTuple):
    """The AppHdr's texts the structural questions compare with (bound as ``$biz``, ``$fr``
    and ``$to`` in their XPath): the BizMsgIdr's text, and the BICs of Fr and To."""

    biz: str
    fr: str
    to: str


# -- the structural questions of a pacs.008 walked whole, in Python ------------------------
# Each reads the elements check_xml's walk holds (:attr:`_Found.whole`), where an element
# without children has at most one node, a text: XPath's ``count(node()) = 1 and text() = $x``
# is ``not len(el) and el.text == x``.


def _payment_ids_ok(found: _Found) -> bool:
    """Every transaction's first PmtId has a UETR and an InstrId."""
    first = found.first_by_parent("PmtId")
    with_uetr, with_instr_id = found.parents("UETR"), found.parents("InstrId")
    for tx in found.transactions():
        ids_ = first.get(tx)
        if ids_ not in with_uetr or ids_ not in with_instr_id:
            return False
    return True


def _instg_instd_ok(found: _Found) -> bool:
    """Every transaction's first InstgAgt and InstdAgt give a FinInstnId[1]/BICFI."""
    with_bic = found.parents("BICFI")
    for tx in found.transactions():
        for agent in ("InstgAgt", "InstdAgt"):
            if found.first("FinInstnId", found.first(agent, tx)) not in with_bic:
                return False
    return True


def _group_header(found: _Found) -> Element | None:
    return found.first("GrpHdr", found.body)


def _msg_id(found: _Found) -> Element | None:
    """The group header's first MsgId."""
    return found.first("MsgId", _group_header(found))


def _settlement_method(found: _Found) -> Element | None:
    """The group header's first SttlmInf's first SttlmMtd."""
    return found.first("SttlmMtd", found.first("SttlmInf", _group_header(found)))


def _agent_bic(found: _Found, agent: str) -> Element | None:
    """The first transaction's ``agent[1]/FinInstnId[1]/BICFI[1]``."""
    txs = found.transactions()
    if not txs:
        return None
    return found.first("BICFI", found.first("FinInstnId", found.first(agent, txs[0])))


def _one_tx_count(found: _Found) -> Element | None:
    """The group header's first NbOfTxs when the body holds one transaction, that NbOfTxs has
    no child and the group header no element but what CBPR-ONE-TX allows; else None."""
    grp = _group_header(found)
    count = found.first("NbOfTxs", grp)
    if grp is None or count is None or not _is_leaf(count) or len(found.transactions()) != 1:
        return None
    allowed = found.tags.group_header
    if all(child.tag in allowed for child in grp if isinstance(child.tag, str)):
        return count
    return None


def _is_leaf(el: Element) -> bool:
    """``el`` has no child: in a walk of :attr:`_Found.whole`, its one node, if any, is a text."""
    return not len(el)


def _is_one(count: Element) -> bool:
    """``count`` holds ``1`` between XML white space (what XPath's ``normalize-space`` strips;
    Python's ``strip()`` strips more)."""
    return (count.text or "").strip(" \t\n\r") == "1"


_ALWAYS = (
    "not({tx}[not(d:PmtId[1]/d:UETR and d:PmtId[1]/d:InstrId)])",
    "not(d:GrpHdr[1]/d:MsgId[1][not(count(node()) = 1 and text() = $biz)])",
    f"not(d:GrpHdr[1]/d:SttlmInf[1]/d:SttlmMtd[1][not({text_is(*group.SETTLEMENT_METHODS)})])",
)
"""XPath parts for every message: every transaction's first PmtId has a UETR and an InstrId;
the group header's MsgId is the AppHdr's BizMsgIdr ($biz) as its one node, and its settlement
method one CBPR+ allows."""

_BY_KIND = {
    PACS008: (bah.FROM_TO_SAME, f"not({agents._WITHOUT_INSTG_INSTD})"),
    PAIN001: (group.ONE_BLOCK,),
}
"""XPath parts of one kind of message (``$fr`` and ``$to`` the AppHdr's Fr and To BICs)."""


class _Plan(NamedTuple):
    """What a pacs.008's shape answers of the structural questions: whether those that read
    no text hold (with every element whose text is compared present where it must be, and
    without children), and where each element whose text is compared stands in the walk (-1:
    absent)."""

    holds: bool
    msg_id: int
    method: int
    instg: int
    instd: int
    nb_of_txs: int
    """The NbOfTxs CBPR-ONE-TX reads the text of, when the rest of that rule's question holds."""


def _plan(found: _Found) -> _Plan:
    """The questions of :data:`_ALWAYS`, :data:`_BY_KIND`'s pacs.008 parts, :data:`_FAMILIES`
    and CBPR-ONE-TX's (:data:`group._ONE_TX`), but for the texts they compare, answered from
    ``found``'s elements and their parents."""
    msg_id, method = _msg_id(found), _settlement_method(found)
    instg, instd = _agent_bic(found, "InstgAgt"), _agent_bic(found, "InstdAgt")
    count = _one_tx_count(found)
    holds = (
        instg is not None
        and instd is not None
        and _is_leaf(instg)
        and _is_leaf(instd)
        and (msg_id is None or _is_leaf(msg_id))
        and (method is None or _is_leaf(method))
        and _payment_ids_ok(found)
        and _instg_instd_ok(found)
        and all(question(found) for question in _FAMILIES)
    )
    at = {el: i for i, el in enumerate(found.elements)}
    return _Plan(
        holds, *(-1 if el is None else at[el] for el in (msg_id, method, instg, instd, count))
    )


_ShapeKey: TypeAlias = tuple[str, tuple[int, ...], tuple[str, ...]]
_SHAPES: dict[_ShapeKey, _Plan] = {}
"""The plan of each shape met: the namespace, and the tag and number of children of each
element of the walk in document order (which give the tree)."""
_MAX_SHAPES = 256
_MOST_SHAPED = 500
"""A walk of more nodes is planned each time (a key per node would hold memory without
bound)."""
_tag = attrgetter("tag")


def _shape_key(found: _Found) -> _ShapeKey:
    """The namespace the questions read, and each node's tag and number of children in
    document order (which give the tree)."""
    els = found.elements
    return (found.tags.ns, tuple(map(len, els)), tuple(map(_tag, els)))


def _shaped_plan(found: _Found) -> _Plan:
    """:func:`_plan` of ``found``, kept per shape: the same tree of tags gives the same plan."""
    if len(found.elements) > _MOST_SHAPED:
        return _plan(found)
    key = _shape_key(found)
    if not shape_keepable(key[2]):
        return _plan(found)
    plan = _SHAPES.get(key)
    if plan is None:
        plan = _plan(found)
        if len(_SHAPES) >= _MAX_SHAPES:
            _SHAPES.clear()  # bounded: documents may have any shape
        _SHAPES[key] = plan
    return plan


def _answers(found: _Found, bound: _Bound) -> tuple[bool, bool]:
    """Whether the structural questions of a pacs.008 walked whole hold (:func:`_plan`'s),
    and whether CBPR-ONE-TX's does: the plan of its shape, and the texts it compares."""
    plan = _shaped_plan(found)
    els = found.elements
    one_tx = plan.nb_of_txs >= 0 and _is_one(els[plan.nb_of_txs])
    held = (
        plan.holds
        and (plan.msg_id < 0 or els[plan.msg_id].text == bound.biz)
        and (plan.method < 0 or els[plan.method].text in group.SETTLEMENT_METHODS)
        and els[plan.instg].text == bound.fr
        and els[plan.instd].text == bound.to
    )
    return held, one_tx


@lru_cache(maxsize=256)
def _expression(kind: str, present: frozenset[str], one_tx: str) -> str:
    """The shape's questions as one XPath number: 2 when they all hold, plus 1 when
    ``one_tx`` (CBPR-ONE-TX's own proof) holds, asked beside them for that rule."""
    parts = [*_ALWAYS, *_BY_KIND.get(kind, ())]
    if present:
        parts.append(_present_expression(present))
    return f"2 * number({' and '.join(parts)}) + number({one_tx})"


def _shape_ok(msg: Message, head: _Head, found: _Found) -> bool:
    """The questions about the agents, parties and addresses in Python, then the one XPath of
    the other structural questions; CBPR-ONE-TX's answer, asked in it too, is left for that
    rule's proof. A pacs.008 walked whole is asked them in Python, and an XPath only of the
    names :data:`_IF_PRESENT` lists that it holds."""
    present = frozenset(n for names, _ in _IF_PRESENT for n in names if found.has(n))
    if not present.intersection(amounts.CHARGE_NAMES) and "CRED" in found.texts("bearer"):
        return False  # CBPR-CHRGS: CRED without any ChrgsInf
    assert head.biz is not None  # the header's values hold
    assert msg.kind is not None
    fr, to = head.sides
    assert fr is not None  # so are Fr and To
    assert to is not None
    bound = _Bound(head.biz.text or "", fr, to)
    if found.whole and msg.kind == PACS008:
        held, one_tx = _answers(found, bound)
        msg.memo(group.ONE_TX_ANSWER, lambda _: one_tx)
        return held and (not present or holds(msg, _present_expression(present)))
    expression = _expression(msg.kind, present, group._ONE_TX)
    answer = number(msg, expression, **bound._asdict())
    msg.memo(group.ONE_TX_ANSWER, lambda _: answer % 2 == 1)
    return answer >= 2 and all(question(found) for question in _FAMILIES)


@lru_cache(maxsize=64)
def _present_expression(present: frozenset[str]) -> str:
    """The XPath of the :data:`_IF_PRESENT` parts of the names ``present``."""
    return " and ".join(part for names, part in _IF_PRESENT if present.intersection(names))


@whole_proof(
    profiles=CBPR,
    covers={
        addresses._structured_ok,
        addresses._towns_ok,
        addresses._without_lines,
        addresses._countries_ok,
        agents._instg_instd_ok,
        agents._agents_ok,
        agents._leis_ok,
        agents.bics_ok,
        agents._ibans_ok,
        agents._parties_ok,
        amounts._amounts_ok,
        amounts._bearers_ok,
        amounts._charges_ok,
        bah._bah_ok,
        bah.service_ok,
        bah.definition_ok,
        bah.ids_agree,
        bah._ends_agree,
        bah._priorities_agree,
        group._datetimes_ok,
        group._settlement_ok,
        group._one_block_ok,
        ids._uetrs_ok,
        ids._instrids_ok,
        ids._e2es_ok,
        ids._identifier_chars_ok,
        remittance._remittance_ok,
        remittance._one_code_each,
        remittance._gpi_ok,
        remittance._codes_ok,
        text._charset_ok,
        text._lengths_ok,
    },
)
def cbpr_clean(msg: Message) -> bool:
    """The whole CBPR+ message is clean under every rule but CBPR-ONE-TX: one pass over the
    AppHdr, one walk of the body, the value checks, one XPath."""
    if msg.hdr is None or msg.body is None or msg.kind is None:
        return False
    head = _Head(msg.hdr, msg.hns)
    if not _header_ok(msg, head):
        return False
    found = _Found(msg.body, _tags(msg.ns), msg.walked)
    return _values_ok(msg, head, found) and _shape_ok(msg, head, found)
