"""The front door's shortcuts give the answers of their plain definitions: the byte-order mark
found by trying every mark in turn, and an input blank when stripping it leaves nothing."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from qenex_messages import codes, inputs
from qenex_messages.limits import Limits

_MARKS = [bom for bom, _ in inputs._BOMS]
_PIECES = st.sampled_from(
    [*_MARKS, *(bom[:cut] for bom in _MARKS for cut in range(1, len(bom))), b"", b" ", b"\x00"]
)
_INPUTS = st.builds(
    lambda head, body: head + body,
    _PIECES,
    st.one_of(
        st.binary(max_size=40),
        st.text(" \t\r\n\x0b\x0c\x1c\x85\xa0<a", max_size=8).map(lambda text: text.encode("utf-8")),
    ),
)


def _split_plainly(data: bytes) -> tuple[str | None, bytes]:
    for bom, encoding in inputs._BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


@given(_INPUTS)
@example(b"")
@example(b"\xff")
@example(b"\xff\xfe\x00")
@example(b"\xef\xbb")
def test_the_mark_is_the_first_one_the_input_starts_with(data: bytes) -> None:
    assert inputs.split_bom(data) == _split_plainly(data)


@given(_INPUTS)
@example(b"\xef\xbb\xbf \r\n\x0b\x0c")
@example(b"\x1c")  # white space to str.strip(), not to bytes.strip(): a control byte
@example(b" \xc2\xa0")
def test_an_input_is_empty_exactly_when_stripping_it_leaves_nothing(data: bytes) -> None:
    bom, body = _split_plainly(data)
    if bom not in (None, "utf-8"):
        return  # a wide encoding is decoded before it is stripped
    refused = inputs.sniff(data, source=None, limits=Limits()).refused
    empty = refused is not None and refused.code == codes.EMPTY_INPUT.code
    assert empty is (not body.strip())


@pytest.mark.parametrize("blank", [b"", b" ", b"\t\r\n", b"\x0b\x0c"])
def test_blank_inputs_are_empty(blank: bytes) -> None:
    for data in (blank, b"\xef\xbb\xbf" + blank):
        refused = inputs.sniff(data, source=None, limits=Limits()).refused
        assert refused is not None and refused.code == codes.EMPTY_INPUT.code
