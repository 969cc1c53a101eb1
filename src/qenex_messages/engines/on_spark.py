"""Validation and export on Spark (the ``spark`` extra: ``pyspark``).

A thin adapter: the file paths become an RDD (the file is the unit of parallelism), each
partition runs the export's :func:`~qenex_messages.columnar.rows_of_path` with
``mapPartitions``, and the rows of one table become a DataFrame whose schema is the Arrow schema
of :mod:`qenex_messages.columnar.schema` in Spark's types (amounts ``DecimalType(23, 5)``). Spark
does the distribution, retries and progress; any session works unchanged (``local[2]`` or a
cluster), provided the workers can read the paths and import qenex-messages.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qenex_messages.columnar.rows import Rows, rows_of_path
from qenex_messages.columnar.schema import AMOUNT_PRECISION, AMOUNT_SCALE, TABLES
from qenex_messages.findings import QenexError
from qenex_messages.pipeline.runner import ValidationOptions

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = ["spark_schema", "table_on_spark", "tables_on_spark"]


def _require() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise QenexError(
            "the Spark adapter needs pyspark: pip install 'qenex-messages[spark]'"
        ) from None


def spark_schema(table: str) -> StructType:
    """The Spark schema of ``table``: the Arrow schema's columns in Spark's types."""
    _require()
    from pyspark.sql import types as t

    kinds = {
        "string": t.StringType(),
        "int32": t.IntegerType(),
        "int64": t.LongType(),
        "bool": t.BooleanType(),
        "date": t.DateType(),
        "amount": t.DecimalType(AMOUNT_PRECISION, AMOUNT_SCALE),
        "float": t.DoubleType(),
    }
    return t.StructType([t.StructField(c.name, kinds[c.kind], True) for c in TABLES[table]])


def _tuples(rows: Rows, table: str) -> list[tuple[Any, ...]]:
    names = [c.name for c in TABLES[table]]
    return [tuple(row.get(name) for name in names) for row in rows.table(table)]


def _rows_rdd(
    spark: SparkSession,
    paths: Sequence[str | os.PathLike[str]],
    options: ValidationOptions | None,
    translations: bool,
) -> RDD[Rows]:
    """An RDD of the rows of each file, computed by ``mapPartitions`` over the paths."""
    _require()
    effective = options or ValidationOptions()
    names = [os.fspath(p) for p in paths]
    context = spark.sparkContext
    return context.parallelize(
        names, max(1, min(len(names), context.defaultParallelism))
    ).mapPartitions(
        lambda part: (rows_of_path(p, effective, translations=translations) for p in part)
    )


def _frame(spark: SparkSession, rows: RDD[Rows], table: str) -> DataFrame:
    return spark.createDataFrame(
        rows.flatMap(lambda each: _tuples(each, table)), spark_schema(table)
    )


def table_on_spark(
    spark: SparkSession,
    paths: Sequence[str | os.PathLike[str]],
    table: str,
    options: ValidationOptions | None = None,
    *,
    translations: bool = False,
) -> DataFrame:
    """The DataFrame of ``table`` (``transactions``, ``findings``, ...) for ``paths``."""
    return _frame(spark, _rows_rdd(spark, paths, options, translations), table)


def tables_on_spark(
    spark: SparkSession,
    paths: Sequence[str | os.PathLike[str]],
    options: ValidationOptions | None = None,
    *,
    translations: bool = False,
) -> dict[str, DataFrame]:
    """Every table for ``paths`` as DataFrames. The files are validated once: their rows are
    cached (``unpersist`` the ``transactions`` frame's source when done, or let the session end)."""
    rows = _rows_rdd(spark, paths, options, translations).cache()
    return {name: _frame(spark, rows, name) for name in TABLES}
