"""The identifier shapes read with string methods are their regular expressions.

``identifiers`` reads the shapes every message asks for (an IBAN, a BIC, a UETR, a decimal, and
the white space an IBAN is written with) with string methods instead of compiling their
patterns at start-up. The property: for any text (matching, near misses, and anything else),
each answers as ``re.fullmatch`` of its pattern does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import identifiers as ids

SHAPES: list[tuple[str, Callable[[str], bool]]] = [
    (ids.IBAN_PATTERN, ids.iban_shaped),
    (ids.BIC_PATTERN, ids.bic_shaped),
    (ids.UETR_PATTERN, ids.uetr_shaped),
    (ids.DECIMAL_TEXT, ids.decimal_shaped),
]
NEAR = "0123456789abcdefxyzABCDEFXYZ+-. \n\t\u00a0\u0663\u00e9\u212a\u0130"
"""Characters a near miss is made of: digits, letters of both cases, signs, white space, and
non-ASCII digits and letters that a string method might take for ASCII ones."""


@st.composite
def _texts(draw: st.DrawFn, pattern: str) -> str:
    """A text matching ``pattern``, one with a character changed, added or dropped, or any."""
    matching = draw(st.from_regex(pattern, fullmatch=True))
    kind = draw(st.sampled_from(["match", "change", "add", "drop", "any"]))
    at = draw(st.integers(0, len(matching)))
    char = draw(st.sampled_from(NEAR))
    if kind == "change" and matching:
        at = min(at, len(matching) - 1)
        return matching[:at] + char + matching[at + 1 :]
    if kind == "add":
        return matching[:at] + char + matching[at:]
    if kind == "drop" and matching:
        return matching[:at] + matching[at + 1 :]
    if kind == "any":
        return draw(st.text(alphabet=st.sampled_from(NEAR), max_size=40))
    return matching


@pytest.mark.parametrize(
    ("pattern", "shaped"), SHAPES, ids=lambda value: getattr(value, "__name__", "")
)
@given(data=st.data())
def test_a_shape_answers_as_its_pattern(
    pattern: str, shaped: Callable[[str], bool], data: st.DataObject
) -> None:
    text = data.draw(_texts(pattern))
    assert shaped(text) == bool(re.fullmatch(pattern, text)), text


SEEDS = {
    ids.IBAN_PATTERN: ["DE89370400440532013000", "GB12A", "AB12" + "X9" * 15, "AB12" + "Z" * 29],
    ids.BIC_PATTERN: ["DEUTDEFF", "DEUTDEFF500", "0A1BDE2Z", "0A1BDE2Z9Y8"],
    ids.UETR_PATTERN: [
        "eb6305c9-1f7f-49de-aed0-16487c27b42d",
        "00000000-0000-4000-b000-000000000000",
    ],
    ids.DECIMAL_TEXT: ["0", "12.50", "+.5", "-3.", "1234567890.0123", "-0.000"],
}
"""Texts matching each pattern, at its lengths' bounds among them."""


def _neighbours(text: str) -> set[str]:
    """``text`` with any one character changed to, or added from, :data:`NEAR` or dropped."""
    found = {text[:at] + text[at + 1 :] for at in range(len(text))}
    for char in NEAR:
        found |= {text[:at] + char + text[at + 1 :] for at in range(len(text))}
        found |= {text[:at] + char + text[at:] for at in range(len(text) + 1)}
    return found


@pytest.mark.parametrize(
    ("pattern", "shaped"), SHAPES, ids=lambda value: getattr(value, "__name__", "")
)
def test_every_neighbour_of_a_match_answers_as_the_pattern(
    pattern: str, shaped: Callable[[str], bool]
) -> None:
    """Every text one edit away from a match (the cases a hand-written reading gets wrong: a
    bound, a class, a non-ASCII digit or letter) is judged as ``re.fullmatch`` judges it."""
    checked = 0
    for seed in SEEDS[pattern]:
        assert shaped(seed), seed
        for text in _neighbours(seed):
            assert shaped(text) == bool(re.fullmatch(pattern, text)), text
            checked += 1
    assert checked > 1000


@given(st.text())
def test_compact_removes_the_white_space_the_pattern_does(text: str) -> None:
    assert ids.compact(text) == re.sub(r"\s+", "", text).upper()
