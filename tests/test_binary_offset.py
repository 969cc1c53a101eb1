"""The binary screen counts control bytes in C and finds the same offset as its definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import inputs


def _by_definition(data: bytes) -> int | None:
    """The first NUL, else (when over a tenth of the first bytes are controls) the first one."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return nul
    head = data[: inputs.SNIFF_BYTES]
    controls = inputs._CONTROL.findall(head)
    if head and len(controls) * 10 > len(head):
        match = inputs._CONTROL.search(head)
        return match.start() if match else 0
    return None


_BYTES = st.binary(max_size=300) | st.lists(
    st.sampled_from([b"\x01", b"\x03", b"\x1f", b"\x0e", b"\t", b"\r\n", b"A", b"{4:", b"\x7f"]),
    max_size=200,
).map(b"".join)


@given(_BYTES)
def test_binary_offset_is_its_definition(data: bytes) -> None:
    assert inputs.binary_offset(data) == _by_definition(data)


def test_long_input_is_judged_on_its_head() -> None:
    text = b"A" * inputs.SNIFF_BYTES + b"\x01" * 5000
    assert inputs.binary_offset(text) is None
    assert _by_definition(text) is None
