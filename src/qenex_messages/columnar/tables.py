"""Arrow tables and Parquet files from message files or reports (needs the ``arrow`` extra).

:func:`to_arrow` builds the four tables in memory; :func:`export_parquet` writes them to a
directory in row groups, spreading the files over worker processes, with memory that does not
grow with the number of files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qenex_messages.columnar.rows import Rows, rows_of_path, rows_of_reports
from qenex_messages.columnar.schema import TABLES, arrow_schema
from qenex_messages.findings import Finding, QenexError, Report
from qenex_messages.pipeline.runner import ValidationOptions

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ArrowTables", "ExportSummary", "export_parquet", "require_pyarrow", "to_arrow"]

_WINDOW = 64
"""Files handed to the worker processes at a time, per process."""
_BATCH_BYTES = 1 << 20
"""Bytes of message files sent to a process in one task, at most (or one file when larger)."""
_ROW_GROUP = 50_000
"""Rows (of all tables together) gathered before they are written: memory stays flat."""


def require_pyarrow() -> None:
    """Raise :class:`QenexError` with the install hint when pyarrow is missing."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise QenexError(
            "columnar output needs pyarrow: pip install 'qenex-messages[arrow]'"
        ) from None


@dataclass(frozen=True, slots=True)
class ArrowTables:
    """The exported tables, by the names of :data:`~qenex_messages.columnar.schema.TABLES`."""

    transactions: pa.Table
    findings: pa.Table
    files: pa.Table
    addresses: pa.Table
    translations: pa.Table

    def __getitem__(self, name: str) -> pa.Table:
        table: pa.Table = getattr(self, name)
        return table


def table_of(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """The rows of table ``name`` as an Arrow table of its schema."""
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=arrow_schema(name))


def _tables(rows: Rows) -> ArrowTables:
    return ArrowTables(**{name: table_of(name, rows.table(name)) for name in TABLES})


def to_arrow(
    items: Iterable[str | os.PathLike[str] | Report],
    options: ValidationOptions | None = None,
    *,
    translations: bool = False,
) -> ArrowTables:
    """The tables of message files (paths, ``.gz`` and ``.zip`` included) or of reports.

    A path is validated as ``validate`` does (``options``: profile, date, limits) and read into
    the model: every table gets rows. A :class:`Report` already holds its findings but no
    model: it gives ``findings`` and ``files`` rows only. ``translations`` translates each
    MT103 and pacs.008 to the other format for the translations table. Raises
    :class:`QenexError` when pyarrow is not installed.
    """
    require_pyarrow()
    effective = options or ValidationOptions()
    rows = Rows()
    reports: list[Report] = []
    for item in items:
        if isinstance(item, Report):
            reports.append(item)
        else:
            rows.extend(rows_of_path(os.fspath(item), effective, translations=translations))
    if reports:
        rows.extend(rows_of_reports(reports))
    return _tables(rows)


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote: the files read and the rows of each table."""

    files: int
    rows: dict[str, int]


def _rows_of_batch(
    paths: list[str | Finding], options: ValidationOptions, translations: bool
) -> Rows:
    rows = Rows()
    for path in paths:
        rows.extend(rows_of_path(path, options, translations=translations))
    return rows


def _batches(paths: Iterator[str | Finding], size: int) -> Iterator[list[str | Finding]]:
    """Up to ``size`` files, fewer when they hold more than :data:`_BATCH_BYTES` together (a
    few bulk files are spread over the processes rather than sent to one)."""
    batch: list[str | Finding] = []
    held = 0
    for path in paths:
        batch.append(path)
        held += _size_of(path)
        if len(batch) >= size or held >= _BATCH_BYTES:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _size_of(path: str | Finding) -> int:
    try:
        return 0 if isinstance(path, Finding) else os.stat(path).st_size
    except OSError:
        return 0


def _computed(
    paths: Iterable[str | Finding], options: ValidationOptions, jobs: int, translations: bool
) -> Iterator[Rows]:
    """Rows of batches of files, in input order, from ``jobs`` processes."""
    batches = _batches(iter(paths), 16)
    if jobs <= 1:
        for batch in batches:
            yield _rows_of_batch(batch, options, translations)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        while window := list(islice(batches, jobs * _WINDOW // 16)):
            size = len(window)
            yield from pool.map(_rows_of_batch, window, [options] * size, [translations] * size)


def export_parquet(
    paths: Iterable[str | Finding],
    directory: str | os.PathLike[str],
    options: ValidationOptions | None = None,
    *,
    jobs: int = 1,
    translations: bool = False,
) -> ExportSummary:
    """Write ``<table>.parquet`` for every table into ``directory`` (created when missing).

    ``translations`` fills the translations table (see :func:`to_arrow`). Each file is first
    written as ``.<table>.parquet.partial`` and renamed when complete, so a
    directory never holds a half-written table under its final name.
    """
    require_pyarrow()
    import pyarrow.parquet as pq

    effective = options or ValidationOptions()
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    partial = {name: target / f".{name}.parquet.partial" for name in TABLES}
    writers = {name: pq.ParquetWriter(partial[name], arrow_schema(name)) for name in TABLES}
    counts = dict.fromkeys(TABLES, 0)
    files = 0
    pending = Rows()

    def flush() -> None:
        for name, writer in writers.items():
            table = table_of(name, pending.table(name))
            counts[name] += table.num_rows
            if table.num_rows:
                writer.write_table(table)
            pending.table(name).clear()

    done = False
    try:
        for rows in _computed(paths, effective, jobs, translations):
            files += len(rows.files)
            pending.extend(rows)
            if sum(len(pending.table(name)) for name in TABLES) >= _ROW_GROUP:
                flush()
        flush()
        done = True
    finally:
        for writer in writers.values():
            writer.close()
        if not done:
            for path in partial.values():
                path.unlink(missing_ok=True)
    for name in TABLES:
        partial[name].replace(target / f"{name}.parquet")
    return ExportSummary(files, counts)
