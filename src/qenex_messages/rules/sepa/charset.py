"""SEPA character set: the basic Latin set (with the text transliterated), and blank fields."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from qenex_messages.charsets import X_CHARS, transliterate
from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import (
    NOT_BASIC,
    RulebookRule,
    Scope,
    fails,
    not_checkable,
    rule,
    shown,
)
from qenex_messages.rules.proofs import fast_paths, within
from qenex_messages.rules.samples import SEPA_PAIN
from qenex_messages.rules.sepa.common import SEPA, elements
from qenex_messages.rules.view import Element, Message, local

# --------------------------------------------------------------------------------------------
_TEXT_LEAVES = etree.XPath("descendant-or-self::*[not(*)][string-length(text()) > 0]", regexp=False)

_TEXT_ONLY = etree.XPath("string(.)", regexp=False)
_ALLOWED = "".join(sorted(X_CHARS | {"\n", "\t", "\r"})).encode("ascii")
"""The basic set and the white space that may stand between elements, as bytes."""
_SPACED = str.maketrans("\n\t\r", "   ")


@rule(
    "SEPA-CHARSET",
    "E",
    SEPA,
    "Text and identifiers use only the SEPA basic Latin set a-z A-Z 0-9 / - ? : ( ) . , ' + space.",
    sources=("S3", "S9", "I1"),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN, "<Nm>Dupont SA</Nm>", "<Nm>Müller &amp; Co</Nm>", severity=Severity.ERROR
    ),
    fix="Replace characters outside the SEPA basic Latin set (transliterate accents).",
    proof=lambda m: text_in_set(m),
)
def _charset(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.body is None:
        return
    everything = str(_TEXT_ONLY(msg.body))
    # Fast path: the whole text at once (white space between elements allowed); the walk runs
    # only when something is wrong. Deleting the allowed bytes in C is ~10x a regex search.
    # White space between elements is allowed; a line break or tab inside a value is not.
    if fast_paths():
        clean = text_in_set(msg, everything)
    else:
        clean = not NOT_BASIC.search(everything.translate(_SPACED))
        clean = clean and not _CONTROL_IN_VALUE(msg.body)
    if clean:
        return
    for el in elements(_TEXT_LEAVES(msg.body)):
        text = el.text or ""
        bad = sorted(set(NOT_BASIC.findall(text)))
        if bad and text.strip(_XML_SPACE):  # white space alone is SEPA-BLANK's finding
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {shown(text)} has characters outside the SEPA basic set "
                f"({''.join(bad)!r}); transliterated it reads "
                f"{shown(transliterate(text))}",
            )
    encoding = msg.root.getroottree().docinfo.encoding
    if encoding and encoding.upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        yield r.finding(msg, None, f"the document is encoded in {encoding}; SEPA requires UTF-8")


def text_in_set(msg: Message, everything: str | None = None) -> bool:
    """SEPA-CHARSET's proof: the whole text of the body (``everything``, read when not given)
    is in the basic set with white space between elements, and no value holds a line break,
    tab or carriage return."""
    if everything is None:
        assert msg.body is not None
        in_set = text_of_in_set(msg.body)
    else:
        in_set = within(everything, _ALLOWED)
    return in_set and not msg.memo("sepa control in value", _control_in_value)


def text_of_in_set(el: Element) -> bool:
    """``within(string(.), allowed)`` for ``el`` without an XPath call: its text content as
    UTF-8 (libxml2's content of the node, as ``string(.)`` reads it) holds no byte outside the
    allowed ASCII bytes (a character outside ASCII is bytes over 127)."""
    text = etree.tostring(el, method="text", encoding="utf-8", with_tail=False)
    return not text.translate(None, _ALLOWED)


NOT_ELEMENTS = (etree.Comment, etree.PI, etree.Entity)
"""What a body may hold beside elements that splits or hides a value's text."""
_XML_SPACE = " \t\r\n"
"""XML's white space (what ``normalize-space`` removes; Python's ``strip()`` removes more)."""

_CONTROL_IN_VALUE = etree.XPath(
    "boolean(descendant-or-self::*[not(*)][contains(., '\n') or contains(., '\t')"
    " or contains(., '\r')][normalize-space(.) != ''])",
    regexp=False,
)
"""Whether a leaf's text holds a line break, tab or carriage return beside other characters
(its whole text: a superset of what the walk reads, so the walk runs whenever it could find one)."""


def _control_in_value(msg: Message) -> bool:
    """:data:`_CONTROL_IN_VALUE`, from the pass over the leaves SEPA-BLANK's proof makes too."""
    scan = msg.memo(_LEAVES, _scan_leaves)
    if scan is None:
        assert msg.body is not None
        return bool(_CONTROL_IN_VALUE(msg.body))
    return scan[1]


_LEAVES = "sepa leaves"
"""The view's memo of the pass over the leaves (:func:`_scan_leaves`)."""


def _scan_leaves(msg: Message) -> tuple[bool, bool] | None:
    """The pass over the leaves (:func:`scan_texts`) of the body; None when the body holds
    comments, PIs or entity references, whose leaves' ``text`` is not their whole text."""
    body = msg.body
    assert body is not None
    if next(body.iter(*NOT_ELEMENTS), None) is not None:
        return None
    return scan_texts([text for el in body.iter() if not len(el) and (text := el.text)])


def leaves_read(msg: Message, texts: list[str]) -> None:
    """Keep for ``msg`` the pass over the leaves from ``texts``, the text of every leaf of the
    body that has one, in document order, read by a walk that met no comment, PI or entity
    reference (the whole proof's walk of a small body): the body is not walked again."""
    msg.memo(_LEAVES, lambda _msg: scan_texts(texts))


def scan_texts(texts: list[str]) -> tuple[bool, bool]:
    """Whether some text of the leaves' ``texts`` starts with white space, and whether some
    holds a line break, tab or carriage return beside other characters. The texts are joined
    and searched in C first; each is looked at only when the joined text holds one of those
    characters."""
    joined = _SEPARATOR + _SEPARATOR.join(texts)
    if not any(mark in joined for mark in _SUSPECT):
        return False, False
    blank_start = any(text[0] in _XML_SPACE for text in texts)
    control = any(
        any(ch in text for ch in "\n\t\r") and text.strip(_XML_SPACE) != "" for text in texts
    )
    return blank_start, control


_SEPARATOR = "\x00"
"""Joins the leaves' texts: XML text never holds it."""
_SUSPECT = ("\n", "\t", "\r", _SEPARATOR + " ")
"""In the joined texts: a line break, tab or carriage return anywhere, or a text that starts
with a space."""


_BLANK = etree.XPath(
    "descendant::*[not(*)][string-length(text()) > 0][normalize-space(text()) = '']",
    regexp=False,
)


@rule(
    "SEPA-BLANK",
    "E",
    SEPA,
    "No field may hold only spaces (DK).",
    sources=("S3",),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, "<Ustrd>Invoice 1<", "<Ustrd>   <", severity=Severity.ERROR),
    fix="Fill the element in or leave it out; it must not hold only spaces.",
    proof=lambda m: no_blank_leaf(m),
)
def _blank(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.body is None:
        return
    for el in elements(_BLANK(msg.body)):
        yield r.finding(msg, el, f"{local(el.tag)} holds only white space")


def no_blank_leaf(msg: Message) -> bool:
    """True when no leaf of the body starts with white space (one pass over the elements, about
    3x faster than the XPath's predicates on every element). Without comments, PIs and entity
    references in the body, a leaf's first text node (or CDATA section) starts its ``text``, so
    a leaf the XPath reports is one whose ``text`` starts with white space."""
    scan = msg.memo(_LEAVES, _scan_leaves)
    return scan is not None and not scan[0]


not_checkable(
    "SEPA-CHARSET",
    SEPA,
    "Community character sets and byte order mark",
    "Wider sets need a community agreement (e.g. DK); the BOM is gone once the XML is parsed.",
)
