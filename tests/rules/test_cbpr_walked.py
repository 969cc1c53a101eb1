"""The CBPR+ whole proof's structural questions of a pacs.008 walked whole, asked in Python.

Property: on a pacs.008 as ``validate_bytes`` hands it to the rulebook (read by check_xml,
its body walked whole and kept), the Python answers of the whole proof's structural questions
(``whole._answers``: every transaction's first PmtId, the group header's MsgId and settlement
method, Fr and To against the first transaction's agents, every InstgAgt and InstdAgt, the
agents, parties and addresses, and CBPR-ONE-TX's question) are exactly those of their XPath
(``whole._ALWAYS``, the pacs.008 parts of ``whole._BY_KIND``, the rules' XPath of the agents,
parties and addresses, ``group._ONE_TX``), whether the plan of the body's shape was kept or
made afresh; and ``validate_bytes`` reports the same with the proofs as with the exact bodies.
Checked over the corpus, the examples, the CBPR+ rules' examples, edits near each question,
mutations and generated documents; each question has a planted bug the check catches.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.iso20022.validate import check_xml_walked
from qenex_messages.pipeline import validate_bytes
from qenex_messages.rules import proofs
from qenex_messages.rules.cbpr import agents, group, whole
from qenex_messages.rules.proofs import exact_only
from qenex_messages.rules.samples import SAMPLES_DATE, parse
from qenex_messages.rules.view import PACS008, Element, Message
from tests.rules.declared import assert_reported_as_exact
from tests.rules.test_cbpr_fast import (
    _STRUCTURED_WITHOUT_LINES,
    _clean_bases,
    _roots,
    _whole_clean_sample,
    agent_party_documents,
    group_documents,
)
from tests.rules.test_one_walk import mutated


def _walked(root: etree._Element, as_of: date = SAMPLES_DATE) -> Message | None:
    """``root``'s view as validate_bytes builds it for the rulebook (serialised, read by
    check_xml, its walk kept), when it is a pacs.008 whose body check_xml walked whole."""
    _, info = check_xml_walked(etree.tostring(root), source="m.xml")
    if info is None or info.walked is None or info.document is None:
        return None
    msg = Message(
        info.document,
        as_of=as_of,
        source="m.xml",
        profile="cbpr+",
        document=info.document,
        header=info.header,
        walked=info.walked,
    )
    return msg if msg.kind == PACS008 else None


def _bound(msg: Message) -> whole._Bound:
    """The AppHdr's texts as the proof binds them; where the AppHdr lacks one, the sample's."""
    head = whole._Head(msg.hdr, msg.hns) if msg.hdr is not None else None
    biz = head.biz.text if head is not None and head.biz is not None else "MSG-1"
    fr, to = head.sides if head is not None else (None, None)
    return whole._Bound(biz or "", fr or "ABCDGB2LXXX", to or "EFGHDEFFXXX")


_FAMILY_XPATH = (
    (agents._PLAIN_AGENTS, "agent"),
    (agents._PLAIN_PARTIES, "party"),
    (_STRUCTURED_WITHOUT_LINES, "address"),
)


def _by_xpath(msg: Message, found: whole._Found, bound: whole._Bound) -> tuple[bool, bool]:
    """What the XPath of the questions answers (the reference)."""
    parts = " and ".join((*whole._ALWAYS, *whole._BY_KIND[PACS008]))
    structure = proofs.holds(msg, parts, **bound._asdict())
    families = all(proofs.holds_for_each(msg, xpath, found.els(g)) for xpath, g in _FAMILY_XPATH)
    return structure and families, proofs.holds(msg, group._ONE_TX)


def _agree(root: etree._Element) -> bool:
    """The Python answers on ``root`` walked are the XPath's, the kept plan a fresh one."""
    msg = _walked(root)
    if msg is None:
        return True
    assert msg.body is not None
    found = whole._Found(msg.body, whole._tags(msg.ns), msg.walked)
    assert found.whole  # check_xml's tree holds no node but elements and texts
    bound = _bound(msg)
    fresh = whole._Found(msg.body, whole._tags(msg.ns), msg.walked)
    kept = whole._SHAPES.get(whole._shape_key(found))  # an earlier body's, of the same shape
    return whole._answers(found, bound) == _by_xpath(msg, found, bound) and (
        kept is None or kept == whole._plan(fresh)
    )


def _differs(root: etree._Element, as_of: date = SAMPLES_DATE) -> bool:
    """True when validate_bytes reports otherwise with the proofs than with the exact bodies."""
    data = etree.tostring(root)
    fast = validate_bytes(data, source="m.xml", profile="cbpr+", as_of=as_of)
    with exact_only():
        exact = validate_bytes(data, source="m.xml", profile="cbpr+", as_of=as_of)
    return fast != exact


_TX = "<CdtTrfTxInf>"
_UETR = "<UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR>"
_INSTG = "<InstgAgt><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId>"
_INSTD = "<InstdAgt><FinInstnId><BICFI>EFGHDEFFXXX</BICFI></FinInstnId>"
_FIN = "<FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId>"
_SETTLEMENT = "<SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf>"
_EDITS = (
    ("", ""),  # the clean sample first: a later edit of its shape meets the plan it left
    ("<PmtId>", "<PmtId><InstrId>X</InstrId></PmtId><PmtId>"),
    (_UETR, ""),
    (_UETR, f"<Xx>{_UETR}</Xx>"),
    (_UETR, _UETR.replace("UETR", "UETX")),  # the clean shape's lengths, another tag
    ("<MsgId>MSG-1</MsgId>", "<MsgId>MSG-2</MsgId>"),
    ("<MsgId>MSG-1</MsgId>", "<MsgId>MSG-1</MsgId><MsgId>MSG-2</MsgId>"),
    ("<MsgId>MSG-1</MsgId>", "<MsgId>MSG-2</MsgId><MsgId>MSG-1</MsgId>"),
    ("<MsgId>MSG-1</MsgId>", "<MsgId>MSG-1<Cd/></MsgId>"),
    ("<MsgId>MSG-1</MsgId>", "<MsgId>MSG<![CDATA[-1]]></MsgId>"),
    ("<MsgId>MSG-1</MsgId>", "<MsgId>MSG<!--c-->-1</MsgId>"),
    ("<MsgId>MSG-1</MsgId>", "<MsgId/>"),
    ("<MsgId>MSG-1</MsgId>", '<MsgId xmlns="urn:other">MSG-2</MsgId><MsgId>MSG-1</MsgId>'),
    ("<GrpHdr>", "<GrpHdr><MsgId>M0</MsgId></GrpHdr><GrpHdr>"),
    ("<SttlmMtd>INDA<", "<SttlmMtd>CLRG<"),
    ("<SttlmMtd>INDA<", "<SttlmMtd> INDA<"),
    ("<SttlmMtd>INDA<", "<SttlmMtd>INDA<Cd/><"),
    (_SETTLEMENT, _SETTLEMENT + _SETTLEMENT.replace("INDA", "CLRG")),
    (_SETTLEMENT, _SETTLEMENT.replace("INDA", "CLRG") + _SETTLEMENT),
    (_INSTG, _INSTG.replace("ABCD", "ZZZZ")),
    (
        _INSTG,
        _INSTG.replace("ABCD", "ZZZZ") + "<FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId>",
    ),
    (_INSTG, "<InstgAgt><FinInstnId><Nm>B</Nm></FinInstnId>" + _INSTG[10:]),
    (_INSTD, _INSTD.replace("XXX<", "XXX<Cd/><")),
    (_INSTD, "<InstdAgt><FinInstnId><BICFI>EFGHDEFFXXX</BICFI></FinInstnId></InstdAgt>" + _INSTD),
    ("<NbOfTxs>1<", "<NbOfTxs> 1\n<"),
    ("<NbOfTxs>1<", "<NbOfTxs>\u00a01<"),
    ("<NbOfTxs>1<", "<NbOfTxs>2<"),
    ("<NbOfTxs>1<", "<NbOfTxs>1<Cd/><"),
    ("<SttlmInf>", "<CtrlSum>1</CtrlSum><SttlmInf>"),
    ("<SttlmInf>", '<x:MsgId xmlns:x="urn:other">M</x:MsgId><SttlmInf>'),
)
"""Edits of the clean sample near each question (old text, new text)."""


def _second_transaction(text: str, old: str, new: str) -> str:
    """``text`` with a second transaction, a copy of the first with ``old`` made ``new``."""
    tx = text[text.index(_TX) : text.index("</CdtTrfTxInf>") + len("</CdtTrfTxInf>")]
    return text.replace(tx, tx + tx.replace(old, new, 1), 1)


def _edited() -> list[etree._Element]:
    text = _whole_clean_sample()
    roots = []
    for old, new in _EDITS:
        assert old in text, old
        roots.append(parse(text.replace(old, new, 1)))
    for old, new in (
        ("", ""),
        (_INSTD, "<InstdAgt><FinInstnId><Nm>B</Nm></FinInstnId>" + _INSTD[10:]),
        (_INSTD + "</InstdAgt>", ""),
    ):
        roots.append(parse(_second_transaction(text, old, new)))
    return roots


def test_the_edits_are_walked_and_agree() -> None:
    whole._SHAPES.clear()
    roots = _edited()
    assert all(_walked(root) is not None for root in roots)
    assert all(map(_agree, roots))


def test_the_edits_report_the_same() -> None:
    assert not any(map(_differs, _edited()))


def test_documents_agree() -> None:
    """The corpus, the examples and the CBPR+ rules' examples."""
    roots = [root for _, root, _ in _roots()]
    assert sum(_walked(root) is not None for root in roots) > 20
    assert all(map(_agree, roots))


@pytest.mark.parametrize("base", range(2))
def test_the_clean_bases_take_the_questions_in_python(base: int) -> None:
    """A clean pacs.008 of each kind (with and without charges, instructions and service
    levels, asked in an XPath) takes the whole proof walked."""
    msg = _walked(parse(_clean_bases()[base]))
    assert msg is not None
    assert whole.cbpr_clean(msg)


@settings(max_examples=300, deadline=None)
@given(root=st.one_of(mutated(_clean_bases()), group_documents(), agent_party_documents()))
def test_generated_documents_agree(root: etree._Element) -> None:
    """Mutations of clean pacs.008 messages, generated group headers, agents, parties and
    addresses."""
    event(f"walked pacs.008: {_walked(root) is not None}")
    assert _agree(root)
    assert not _differs(root)


# -- planted bugs --------------------------------------------------------------------------


def _any_payment_ids(found: whole._Found) -> bool:
    """Some PmtId of each transaction, not the first, has a UETR and an InstrId."""
    with_both = found.parents("UETR") & found.parents("InstrId")
    return all(
        any(p.getparent() is tx for p in with_both if p is not None) for tx in found.transactions()
    )


def _last_child(name: str, parent: Element | None, found: whole._Found) -> Element | None:
    kids = [el for el in found.by_tag.get(found.tags.q[name], ()) if el.getparent() is parent]
    return kids[-1] if kids and parent is not None else None


def _last_msg_id(found: whole._Found) -> Element | None:
    return _last_child("MsgId", whole._group_header(found), found)


def _last_settlement_method(found: whole._Found) -> Element | None:
    info = _last_child("SttlmInf", whole._group_header(found), found)
    return found.first("SttlmMtd", info)


def _last_fin_bic(found: whole._Found, agent: str) -> Element | None:
    txs = found.transactions()
    holder = found.first(agent, txs[0]) if txs else None
    return found.first("BICFI", _last_child("FinInstnId", holder, found))


def _any_fin_with_bic(found: whole._Found) -> bool:
    """Some FinInstnId of each InstgAgt and InstdAgt, not the first, has a BICFI."""
    with_bic = found.parents("BICFI")
    fins = found.by_tag.get(found.tags.q["FinInstnId"], ())
    return all(
        any(fin.getparent() is found.first(agent, tx) and fin in with_bic for fin in fins)
        for tx in found.transactions()
        for agent in ("InstgAgt", "InstdAgt")
    )


def _count_without_header_check(found: whole._Found) -> Element | None:
    count = found.first("NbOfTxs", whole._group_header(found))
    if count is None or len(count) or len(found.transactions()) != 1:
        return None
    return count


_PLANTED: tuple[tuple[str, Callable[..., object]], ...] = (
    ("_payment_ids_ok", _any_payment_ids),
    ("_msg_id", _last_msg_id),
    ("_settlement_method", _last_settlement_method),
    ("_agent_bic", _last_fin_bic),
    ("_instg_instd_ok", _any_fin_with_bic),
    ("_one_tx_count", _count_without_header_check),
    ("_is_one", lambda count: (count.text or "").strip() == "1"),
    ("_is_leaf", lambda _el: True),
    ("_shape_key", lambda found: (found.tags.ns, tuple(map(len, found.elements)), ())),
)
"""A looser helper of the Python answers, by name: the first PmtId, MsgId, SttlmInf,
FinInstnId taken for any or the last, NbOfTxs read without the group header's other children
or stripped of any white space, a child taken for none, a shape without its tags."""


@pytest.mark.parametrize(("name", "planted"), _PLANTED, ids=[n for n, _ in _PLANTED])
def test_planted_python_answer_bugs_are_caught(
    monkeypatch: pytest.MonkeyPatch, name: str, planted: Callable[..., object]
) -> None:
    monkeypatch.setattr(whole, "_SHAPES", {})
    monkeypatch.setattr(whole, name, planted)
    assert not all(map(_agree, _edited())), name


def test_a_shape_of_long_tags_is_not_kept() -> None:
    """A body whose tags are long in all (a foreign namespace URI repeated on every element)
    is planned afresh, not kept, and reported as the exact bodies report it; an ordinary
    body's shape is still kept."""
    base = _whole_clean_sample()
    inner = "".join("<o:a>" + "<o:b/>" * 20 + "</o:a>" for _ in range(20))
    uri = "urn:o:" + "x" * 1_000
    hostile = base.replace("<Purp>", f'<o:w xmlns:o="{uri}">{inner}</o:w><Purp>', 1)
    assert hostile != base
    whole._SHAPES.clear()
    for text in (hostile, base):
        assert_reported_as_exact(text, "cbpr+")
    assert len(whole._SHAPES) == 1  # the base's
    assert all(proofs.shape_keepable(tags) for _, _, tags in whole._SHAPES)
