"""The Spark adapter gives the command's findings, on a real local[2] session.

Runs when pyspark is installed (the ``spark`` extra; it is not in the ``test`` extra: the wheel
is over 300 MB and a session takes from ten seconds to a minute to start on a busy machine), else
skips with that reason. Properties, over examples/ and ../shared/corpus: the findings DataFrame
holds exactly the findings ``validate --format json`` prints; the transactions DataFrame holds
the rows of ``to_arrow``, amounts as exact ``DecimalType(23, 5)``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]'")
pytest.importorskip("pyarrow")

from pyspark.sql import SparkSession

from qenex_messages.columnar import to_arrow
from qenex_messages.engines.on_spark import spark_schema, tables_on_spark
from tests.columnar.test_findings_parity import (
    FILES,
    command_findings,
    table_findings,
)


@pytest.fixture(scope="module")
def spark(schema_store: Path) -> Iterator[SparkSession]:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers import qenex_messages
    session = (
        SparkSession.builder.master("local[2]")
        .appName("qenex-messages tests")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


def _plain(rows: list[Any]) -> list[dict[str, Any]]:
    return [row.asDict() for row in rows]


def test_the_tables_on_spark_are_the_commands(spark: SparkSession, tmp_path: Path) -> None:
    tables = tables_on_spark(spark, FILES)
    findings = _plain(tables["findings"].collect())
    assert table_findings(findings) == command_findings(FILES, tmp_path)
    assert tables["transactions"].schema == spark_schema("transactions")
    expected = to_arrow(FILES).transactions.to_pylist()
    got = _plain(tables["transactions"].collect())
    key = ("source", "message_index", "transaction_index")
    assert sorted(got, key=lambda r: tuple(map(str, (r[k] for k in key)))) == sorted(
        expected, key=lambda r: tuple(map(str, (r[k] for k in key)))
    )
