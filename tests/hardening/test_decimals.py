"""Property: amounts are exact decimals with bounded digits. Any other amount text is a
finding (or a documented QenexError) at every XML entry point, never decimal.Overflow; totals
are exact, never rounded to the 28 digits of Python's default decimal context."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import (
    QenexError,
    check_xml,
    iter_transactions,
    pacs008_to_mt103,
    pain001_to_pacs008,
    parse_document,
    validate_bytes,
    validate_stream,
)
from qenex_messages.identifiers import check_amount, exact_sum, parse_decimal
from qenex_messages.iso20022.codes import SUM_MISMATCH

REPO = Path(__file__).resolve().parents[2]
PACS = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()
PAIN = (REPO / "examples" / "pain.001.001.09-sepa.xml").read_bytes()
HOSTILE = [
    "1E+9999999",
    "9E+999999",
    "-1E-9999999",
    "NaN",
    "sNaN",
    "Infinity",
    "1_000.00",
    "1e5",
    "9" * 40,
    "9" * 70,
    "0x10",
    "١٢٣",
]

ENTRIES: dict[str, Callable[[bytes], object]] = {
    "check_xml": check_xml,
    "validate_bytes": lambda d: validate_bytes(d, source="m"),
    "cbpr+": lambda d: validate_bytes(d, source="m", profile="cbpr+"),
    "sepa": lambda d: validate_bytes(d, source="m", profile="sepa"),
    "parse_document": parse_document,
    "pacs008_to_mt103": pacs008_to_mt103,
    "pain001_to_pacs008": pain001_to_pacs008,
    "iter_transactions": lambda d: list(iter_transactions(io.BytesIO(d))),
    "validate_stream": lambda d: list(validate_stream(io.BytesIO(d))),
}


def _with_amounts(value: str) -> list[bytes]:
    return [
        PACS.replace(b">12500.00<", f">{value}<".encode()),
        PAIN.replace(b">1250.00<", f">{value}<".encode()).replace(
            b">490.50<", f">{value}<".encode()
        ),
    ]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_amounts_are_findings(value: str) -> None:
    """No entry point lets decimal.Overflow (or any non-QenexError) out; check_xml reports an
    error for the amount."""
    for data in _with_amounts(value):
        for entry in ENTRIES.values():
            with contextlib.suppress(QenexError):
                entry(data)
        assert not check_xml(data).ok


def test_control_sum_is_compared_exactly() -> None:
    """Two amounts whose sum has 29 digits: a CtrlSum rounded to 28 digits is a mismatch."""
    big = "100000000000000000000.00000001"
    data = (
        PAIN.replace(b">1250.00<", f">{big}<".encode())
        .replace(b">490.50<", b">1<")
        .replace(b">1740.50<", b">100000000000000000001.0000000<")
    )
    assert any(f.code == SUM_MISMATCH.code for f in check_xml(data).findings)
    exact = data.replace(b">100000000000000000001.0000000<", b">100000000000000000001.00000001<")
    assert not any(f.code == SUM_MISMATCH.code for f in check_xml(exact).findings)


@given(
    st.lists(
        st.decimals(
            allow_nan=False, allow_infinity=False, places=5, min_value=-(10**13), max_value=10**13
        ),
        max_size=50,
    )
)
def test_exact_sum_is_exact(values: list[Decimal]) -> None:
    """exact_sum equals the sum of the values as fractions."""
    from fractions import Fraction

    assert Fraction(exact_sum(values)) == sum((Fraction(v) for v in values), Fraction(0))


@given(st.text(max_size=80))
def test_parse_decimal_reads_only_bounded_xsd_decimals(text: str) -> None:
    """Whatever the text, the value read is None or a finite Decimal of at most 64 characters
    whose digits check_amount can count without overflowing."""
    value = parse_decimal(text)
    if value is not None:
        assert value.is_finite() and len(text.strip()) <= 64
        check_amount(value, "EUR")


def test_a_model_amount_has_at_most_18_digits() -> None:
    """Building is strict: 19 digits, or an exponent out of range, is refused with a finding."""
    assert check_amount(Decimal("1" * 19), "EUR")
    assert check_amount(Decimal("1E+9999999"), "EUR")
    assert not check_amount(Decimal("1" * 16 + ".00"), "EUR")
