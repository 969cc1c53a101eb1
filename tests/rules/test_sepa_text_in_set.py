"""SEPA-CHARSET's proof reads the body's text serialized in C instead of an XPath ``string(.)``.

Property: ``charset.text_of_in_set(el)`` is ``within(string(.), allowed)`` for bodies whose
texts and tails (and the body's own tail, which ``string(.)`` leaves out) hold any characters:
the basic set, accents, symbols beyond the Basic Multilingual Plane, white space, markup
characters escaped, CDATA sections and entity references.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.rules.proofs import within
from qenex_messages.rules.samples import SEPA_PAIN, sample
from qenex_messages.rules.sepa import charset
from tests.rules.test_one_walk import mutated

_CHARS = st.sampled_from(
    ["a", "Z", "0", "/", "-", " ", "\n", "\t", "\r", "é", "€", "𝄞", "&", "<", "_", "~", "\x7f"]
)
_TEXTS = st.lists(_CHARS, max_size=6).map("".join)


def _by_xpath(el: etree._Element) -> bool:
    return within(str(etree.XPath("string(.)")(el)), charset._ALLOWED)


def _body(root: etree._Element) -> etree._Element:
    """The first element below ``root`` (else ``root``): a body, as the view finds one."""
    return next(root.iterchildren(etree.Element), root)


@settings(max_examples=200)
@given(st.data())
def test_texts_and_tails_anywhere(data: st.DataObject) -> None:
    root = etree.fromstring(sample(SEPA_PAIN).encode())
    elements = list(root.iter())
    for _ in range(data.draw(st.integers(0, 4))):
        el = data.draw(st.sampled_from(elements))
        text = data.draw(_TEXTS)
        where = data.draw(st.sampled_from(["text", "tail", "cdata"]))
        if where == "cdata":
            el.text = etree.CDATA(text.replace("\r", ""))
        else:
            setattr(el, where, text)
    body = _body(root)
    body.tail = data.draw(_TEXTS)  # outside string(.)
    assert charset.text_of_in_set(body) == _by_xpath(body)


@settings(max_examples=60)
@given(mutated())
def test_mutated_samples(root: etree._Element) -> None:
    for el in (root, _body(root)):
        assert charset.text_of_in_set(el) == _by_xpath(el)


def test_entity_references() -> None:
    """An entity reference left unexpanded counts with its content, as ``string(.)`` reads it."""
    for content in ("abc", "Müller"):
        text = f'<!DOCTYPE a [<!ENTITY e "{content}">]><a><b>x&e;</b></a>'.encode()
        root = etree.fromstring(text, etree.XMLParser(resolve_entities=False))
        assert charset.text_of_in_set(root) == _by_xpath(root) == content.isascii()
