"""One proof for a whole clean CBPR+ message (``rules.proofs.whole_proof``).

A clean message should cost a fixed handful of calls, not one or two per rule: the proof makes
one walk in C for every element whose text a covered rule checks (identifiers, names, address
parts, amounts, date-times ...), checks those texts in straight-line Python with the rules' own
value helpers, and answers every structural question (the AppHdr's Fr and To, the agents,
parties and addresses, the payment identifiers, the charges, remittance, instructions and
service levels) in one XPath. When it holds, every proof it covers holds
(tests/rules/test_whole_proofs.py); when it fails, the profile asks the rules' own proofs.
CBPR-ONE-TX is not covered: its own proof is one XPath, and a message of many transactions,
clean otherwise, keeps this proof.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from qenex_messages.identifiers import (
    check_country,
    check_uetr,
    is_valid_bic,
    is_valid_iban,
    is_valid_lei,
)
from qenex_messages.rules.address import STRUCTURED
from qenex_messages.rules.cbpr import addresses, agents, amounts, bah, group, ids, remittance, text
from qenex_messages.rules.cbpr.common import CBPR, header_xpath
from qenex_messages.rules.proofs import CHUNK, holds_for_each, walk_whole, whole_proof
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message

_ADDRESS_PARTS = (*sorted(STRUCTURED), "Ctry", "AdrLine", "AdrTp")
"""Every child a PstlAdr may have (what the XSD allows): the proof reads their texts."""

_AMOUNTS = ("IntrBkSttlmAmt", "InstdAmt", "Amt")
"""Names of every amount CBPR-CCY reads (and more: an ``Amt`` may be a charge or a
container, whose ``Ccy`` is then absent)."""

_ADDRESSES = "not($n[not(d:TwnNm and d:Ctry) or d:AdrLine])"
"""XPath: every address ($n) is structured (TwnNm and Ctry, no AdrLine). That an address
holds nothing but address parts in the document's namespace is asked in Python
(:func:`_extended_ok`)."""


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
    **{name: (name,) for name in _ONLY_IF_PRESENT},
}
"""What the proof reads, by what it checks: one walk of the body finds every name."""


class _Tags:
    """The tags of :data:`_GROUPS` in one namespace, and of an address's parts."""

    def __init__(self, ns: str) -> None:
        def tag(name: str) -> str:
            return f"{{{ns}}}{name}" if ns else name

        self.groups = {key: tuple(tag(n) for n in names) for key, names in _GROUPS.items()}
        self.walked = tuple(dict.fromkeys(t for tags in self.groups.values() for t in tags))
        self.wanted = frozenset(self.walked)
        self.every = f"{{{ns}}}*"
        self.parts = frozenset(tag(n) for n in _ADDRESS_PARTS)
        self.limits = {tag(name): limit for name, limit in text.LIMITS.items()}


@lru_cache(maxsize=64)  # keyed by the document's namespace: bounded
def _tags(ns: str) -> _Tags:
    return _Tags(ns)


class _Found:
    """The elements of the body with one of the walked tags, grouped by tag, in document
    order: one walk in C."""

    __slots__ = ("by_tag", "tags")

    def __init__(self, body: Element, tags: _Tags) -> None:
        by_tag: dict[str, list[Element]] = {}
        wanted = tags.wanted
        small = walk_whole(body)
        for el in body.iter(tags.every) if small else body.iter(*tags.walked):
            tag = el.tag
            if small and tag not in wanted:
                continue
            kept = by_tag.get(tag)
            if kept is None:
                by_tag[tag] = [el]
            else:
                kept.append(el)
        self.by_tag = by_tag
        self.tags = tags

    def els(self, group_: str) -> list[Element]:
        """The elements of ``group_`` (a key of :data:`_GROUPS`)."""
        by_tag = self.by_tag
        return [el for tag in self.tags.groups[group_] for el in by_tag.get(tag, ())]

    def texts(self, group_: str) -> list[str]:
        """The text ('' when empty) of each element of ``group_``."""
        by_tag = self.by_tag
        return [el.text or "" for tag in self.tags.groups[group_] for el in by_tag.get(tag, ())]

    def has(self, name: str) -> bool:
        """Whether the body holds an element of the walked ``name`` (a key of :data:`_GROUPS`
        naming one element)."""
        return self.tags.groups[name][0] in self.by_tag


def _header_ok(msg: Message) -> bool:
    """What the AppHdr rules ask of the header's values (its shape is the XPath's), and the
    group header's settlement method."""
    return (
        bah.header_values_ok(msg)
        and bah.service_ok(msg)
        and bah.definition_ok(msg)
        and bah.ids_agree(msg)
        and group.without_offset(msg.htext("CreDt") or "") is None
        and group._settlement_ok(msg)
    )


def _values_ok(msg: Message, found: _Found) -> bool:
    """The texts the covered rules check, checked with the rules' own value helpers."""
    bics = set(found.texts("bic")).union(el.text or "" for el in agents.header_bics(msg))
    head_priority = msg.htext("Prty")
    biz = msg.hfind("BizMsgIdr")
    fin_x = found.els("fin_x") + ([biz] if biz is not None else [])
    limits = found.tags.limits
    return (
        all(is_valid_bic(t) for t in bics)
        and all(is_valid_iban(t) for t in set(found.texts("iban")))
        and all(is_valid_lei(t.strip()) for t in set(found.texts("lei")))
        and not any(check_country(t) for t in set(found.texts("country")))
        and all(t.strip() for t in found.texts("town"))
        and not any(check_uetr(t) for t in found.texts("uetr"))
        and all(ids.instrid_ok(t) for t in found.texts("instrid"))
        and all(ids.e2e_ok(t) for t in found.texts("e2e"))
        and ids.in_fin_x(fin_x)
        and ids.texts_in_fin_x(found.texts("fin_x_text"))
        and all(
            len(el.text or "") <= limit
            for tag, limit in limits.items()
            for el in found.by_tag.get(tag, ())
        )
        and text.one_ustrd_each(found.els("ustrd"))
        and all(amounts._amount_ok(el.get("Ccy") or "", el.text) for el in found.els("amount"))
        and set(found.texts("bearer")) <= amounts.ALLOWED_BEARERS
        and (head_priority is None or all(t == head_priority for t in found.texts("priority")))
        and not any(group.without_offset(t) for t in found.texts("datetime"))
        and remittance.coded(msg, found.els("prtry"))
        and _extended_ok(found)
    )


def _extended_ok(found: _Found) -> bool:
    """CBPR-CHARSET-TXT's extended set holds the names, remittance and every address part;
    an address has no child but the parts a PstlAdr may have (so none escapes the check)."""
    parts = found.tags.parts
    leaves = []
    for address in found.els("address"):
        for child in address:
            tag = child.tag
            if tag in parts:
                if not len(child):
                    leaves.append(child.text or "")
            elif isinstance(tag, str):
                return False  # an element no address has: the rule's own proof decides
    return text.EXTENDED.search("".join(found.texts("extended") + leaves)) is None


_ALWAYS = (
    bah.BAH_SIDES,
    "not({tx}[not(d:PmtId[1]/d:UETR and d:PmtId[1]/d:InstrId)])",
    agents._PLAIN_AGENTS.replace("$n", "$a"),
    agents._PLAIN_PARTIES.replace("$n", "$p"),
    _ADDRESSES.replace("$n", "$s"),
)
"""XPath parts for every message: the AppHdr's Fr and To; every transaction's first PmtId has
a UETR and an InstrId; the agents ($a), parties ($p) and addresses ($s) as their rules want
them."""

_BY_KIND = {
    PACS008: (bah.FROM_TO_SAME, f"not({agents._WITHOUT_INSTG_INSTD})"),
    PAIN001: (group.ONE_BLOCK,),
}
"""XPath parts of one kind of message."""


@lru_cache(maxsize=256)
def _expression(kind: str, present: frozenset[str]) -> str:
    parts = [*_ALWAYS, *_BY_KIND.get(kind, ())]
    parts += [part for names, part in _IF_PRESENT if present.intersection(names)]
    return " and ".join(parts)


def _shape_ok(msg: Message, found: _Found) -> bool:
    """The one XPath of the structural questions (with the families bound in chunks when the
    message is large)."""
    body, kind = msg.body, msg.kind
    assert body is not None
    assert kind is not None
    present = frozenset(n for names, _ in _IF_PRESENT for n in names if found.has(n))
    if not present.intersection(amounts.CHARGE_NAMES) and "CRED" in found.texts("bearer"):
        return False  # CBPR-CHRGS: CRED without any ChrgsInf
    # lxml-stubs want lists of a wider type than a list of elements
    bound: dict[str, Any] = {
        "h": msg.hdr,
        "a": found.els("agent"),
        "p": found.els("party"),
        "s": found.els("address"),
    }
    xpath = header_xpath(_expression(kind, present), kind, msg.ns, msg.hns)
    # up to CHUNK of each, they are bound in the one XPath; more are bound in chunks
    if max(len(bound["a"]), len(bound["p"]), len(bound["s"])) <= CHUNK:
        return bool(xpath(body, **bound))
    return (
        bool(xpath(body, h=bound["h"], a=[], p=[], s=[]))
        and holds_for_each(msg, agents._PLAIN_AGENTS, bound["a"])
        and holds_for_each(msg, agents._PLAIN_PARTIES, bound["p"])
        and holds_for_each(msg, _ADDRESSES, bound["s"])
    )


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
    """The whole CBPR+ message is clean under every rule but CBPR-ONE-TX: one walk, the value
    checks, one XPath."""
    if msg.hdr is None or msg.body is None or msg.kind is None or not _header_ok(msg):
        return False
    found = _Found(msg.body, _tags(msg.ns))
    return _values_ok(msg, found) and _shape_ok(msg, found)
