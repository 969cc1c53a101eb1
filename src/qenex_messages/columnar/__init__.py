"""Columnar output: messages, findings, files and addresses as Arrow tables and Parquet files.

The schemas (:mod:`qenex_messages.columnar.schema`) import without pyarrow; building tables
needs the ``arrow`` extra (``pip install 'qenex-messages[arrow]'``). docs/scale-out.md
describes every column.
"""

from __future__ import annotations

from qenex_messages.columnar.rows import Rows, rows_of_path, rows_of_reports
from qenex_messages.columnar.schema import TABLES, arrow_schema
from qenex_messages.columnar.tables import ArrowTables, ExportSummary, export_parquet, to_arrow

__all__ = [
    "TABLES",
    "ArrowTables",
    "ExportSummary",
    "Rows",
    "arrow_schema",
    "export_parquet",
    "rows_of_path",
    "rows_of_reports",
    "to_arrow",
]
