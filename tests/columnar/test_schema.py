"""The table contract: documented, stable, exact for money.

Properties: docs/scale-out.md shows exactly the tables of the schema module; every column of
contract version 1 is still there, in its place, with its type (columns are only appended); an
amount either fits the decimal column exactly or is left empty with a finding, never rounded and
never a float, and it survives a Parquet round trip unchanged.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages.columnar import schema
from qenex_messages.columnar.rows import exact_amount
from tests.conftest import REPO

# Contract version 1, as first published: (table, column, Arrow type) in order.
V1_HEADS = {
    "transactions": ["source", "message_index", "transaction_index", "message_type", "version"],
    "findings": ["source", "message_index", "transaction_index", "code", "severity", "message"],
    "files": ["source", "compression", "size_bytes", "sha256", "format", "messages"],
    "addresses": ["source", "message_index", "transaction_index", "message_type", "role"],
    "translations": ["source", "message_index", "direction", "code", "severity", "message"],
}


def test_the_docs_show_the_schema() -> None:
    page = REPO / "docs" / "scale-out.md"
    assert page.read_text("utf-8") == schema.refreshed(page), "run make docs"
    for name, columns in schema.TABLES.items():
        assert f"### `{name}`" in page.read_text("utf-8")
        assert len(columns) == len({c.name for c in columns}), f"{name}: duplicate column"


def test_columns_are_only_ever_appended() -> None:
    for table, head in V1_HEADS.items():
        assert [c.name for c in schema.TABLES[table][: len(head)]] == head


def test_the_arrow_schema_follows_the_columns() -> None:
    for name, columns in schema.TABLES.items():
        arrow = schema.arrow_schema(name)
        assert arrow.names == [c.name for c in columns]
        assert [str(t) for t in arrow.types] == [c.arrow_type for c in columns]
        assert arrow.metadata[b"qenex_messages.schema"] == schema.SCHEMA_VERSION.encode()
    amount = schema.arrow_schema("transactions").field("amount").type
    assert amount == pa.decimal128(23, 5)


_DIGITS = st.integers(min_value=0, max_value=10**25)


@given(_DIGITS, st.integers(min_value=0, max_value=8), st.booleans())
def test_an_amount_fits_exactly_or_not_at_all(units: int, decimals: int, negative: bool) -> None:
    value = Decimal(-units if negative else units).scaleb(-decimals)
    exact = exact_amount(value)
    fits = abs(value) < Decimal(10) ** 18 and value.scaleb(5) % 1 == 0
    if fits:
        assert exact == value and exact is not None and exact.as_tuple().exponent == -5
    else:
        assert exact is None


@given(st.lists(st.decimals(min_value=0, max_value=Decimal("999999999999999999.99999"), places=5)))
def test_amounts_survive_parquet_unchanged(values: list[Decimal]) -> None:
    from qenex_messages.columnar.tables import table_of

    rows = [{"source": "x", "message_index": 0, "amount": exact_amount(v)} for v in values]
    assert all(r["amount"] == v for r, v in zip(rows, values, strict=True))
    table = table_of("transactions", rows)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    back = pq.read_table(pa.BufferReader(sink.getvalue())).column("amount").to_pylist()
    assert back == values


def test_not_exportable_amount_is_a_finding(tmp_path: Path) -> None:
    """A value the lenient reader kept but the column cannot hold: empty cell, one QX140."""
    from qenex_messages.columnar import to_arrow

    source = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_text("utf-8")
    start = source.index("<IntrBkSttlmAmt")
    end = source.index("</IntrBkSttlmAmt>", start)
    opening = source[start : source.index(">", start) + 1]
    path = tmp_path / "six-decimals.xml"
    path.write_text(source[:start] + opening + "12.123456" + source[end:], "utf-8")
    tables = to_arrow([path])
    amounts = tables.transactions.column("amount").to_pylist()
    codes = tables.findings.column("code").to_pylist()
    assert amounts == [None]
    assert codes.count("QX140") == 1
    assert "QX115" in codes  # validation says what is wrong with the amount itself
