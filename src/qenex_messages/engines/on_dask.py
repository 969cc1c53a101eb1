"""Validation and export on Dask (the ``dask`` extra: ``dask[bag]`` and ``distributed``).

A thin adapter: a :class:`dask.bag.Bag` over the files (the unit of parallelism: XML has no safe
split point), or over the messages of bulk MT files, mapped with the same function the command
runs (:func:`~qenex_messages.pipeline.runner.validate_one`, or the export's
:func:`~qenex_messages.columnar.rows_of_path`). Dask does the distribution, retries and progress.
The functions that compute take a ``distributed`` client: without one they start a
``LocalCluster`` on this machine; with one they run on its cluster unchanged.

>>> from qenex_messages.engines.on_dask import validate_on_dask
>>> reports = validate_on_dask(["examples/mt103.fin"])  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qenex_messages.columnar.rows import Rows, rows_of_path
from qenex_messages.columnar.schema import TABLES
from qenex_messages.findings import Finding, QenexError, Report
from qenex_messages.inputs import decode_text, detect_format
from qenex_messages.pipeline.runner import ValidationOptions, validate_one

if TYPE_CHECKING:
    import dask.bag
    from distributed import Client

__all__ = [
    "MessageRange",
    "export_on_dask",
    "message_ranges",
    "reports_bag",
    "rows_bag",
    "validate_on_dask",
]

_PARTITION = 16
"""Files per partition: enough to amortise a task, few enough to spread a small run."""


def _require() -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise QenexError(
            "the Dask adapter needs dask and distributed: pip install 'qenex-messages[dask]'"
        ) from None


# -- messages of bulk MT files --------------------------------------------------------------------


class MessageRange:
    """Bytes ``start:end`` of an MT file: one message (with what precedes it), its position in
    the file (``index``) and the lines and columns before it."""

    __slots__ = ("column", "end", "index", "line", "path", "start")

    def __init__(self, path: str, index: int, start: int, end: int, line: int, column: int):
        self.path = path
        self.index = index
        self.start = start
        self.end = end
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[Any, ...]:
        fields = (self.path, self.index, self.start, self.end, self.line, self.column)
        return (MessageRange, fields)


def message_ranges(path: str, options: ValidationOptions) -> list[str | MessageRange]:
    """The messages of the MT file at ``path`` as byte ranges, or ``[path]`` when the file is
    not a readable MT file of several messages (it is then validated whole)."""
    from qenex_messages.inputs import read_path
    from qenex_messages.mt.lexer import SourceText, split_messages

    data = read_path(path, limits=options.limits)
    if isinstance(data, Finding) or detect_format(data) != "mt":
        return [path]
    if isinstance(decode_text(data, path), Finding):
        return [path]
    starts = [m.start for m in split_messages(SourceText(data.decode("latin-1"), None))[0]]
    if len(starts) < 2:
        return [path]
    cuts = [0, *starts[1:], len(data)]
    ranges: list[str | MessageRange] = []
    for number, (start, end) in enumerate(pairwise(cuts)):
        before = data[:start]
        line = before.count(b"\n")
        column = start - (before.rfind(b"\n") + 1)
        ranges.append(MessageRange(path, number, start, end, line, column))
    return ranges


def _shifted(finding: Finding, lines: int, column: int) -> Finding:
    """``finding`` placed in the whole file: its piece starts after ``lines`` lines and
    ``column`` columns."""
    loc = finding.location
    if loc.line is None or not (lines or column):
        return finding
    shifted = loc.column + column if loc.line == 1 and loc.column is not None else None
    return finding.at(line=loc.line + lines, column=shifted)


def _validate_range(item: MessageRange, options: ValidationOptions) -> list[Report]:
    from qenex_messages.mt import check_mt

    with open(item.path, "rb") as handle:
        handle.seek(item.start)
        piece = handle.read(item.end - item.start)
    text = decode_text(piece, item.path)
    assert not isinstance(text, Finding)  # the whole file decoded (message_ranges)
    reports = [
        r
        for r in check_mt(text, source=item.path, limits=options.limits, as_of=options.as_of)
        if r.message_type is not None or r.findings
    ]
    return [
        replace(
            r,
            index=item.index,
            findings=[_shifted(f, item.line, item.column) for f in r.findings],
        )
        for r in reports
    ]


def _validate_item(item: str | MessageRange, options: ValidationOptions) -> list[Report]:
    if isinstance(item, MessageRange):
        return _validate_range(item, options)
    return validate_one(item, options)


# -- bags -----------------------------------------------------------------------------------------


def reports_bag(
    paths: Sequence[str | os.PathLike[str]],
    options: ValidationOptions | None = None,
    *,
    per_message: bool = False,
    partition_size: int = _PARTITION,
) -> dask.bag.Bag:
    """A bag of the reports of ``paths``, in order, as ``validate`` gives them. With
    ``per_message``, each message of a bulk MT file is a task of its own."""
    _require()
    import dask.bag as db

    effective = options or ValidationOptions()
    names = [os.fspath(p) for p in paths]
    files = db.from_sequence(names, partition_size=partition_size)
    if per_message:
        files = files.map(message_ranges, effective).flatten()
    reports: dask.bag.Bag = files.map(_validate_item, effective).flatten()
    return reports


def rows_bag(
    paths: Sequence[str | os.PathLike[str]],
    options: ValidationOptions | None = None,
    *,
    translations: bool = False,
    partition_size: int = _PARTITION,
) -> dask.bag.Bag:
    """A bag of the export rows (:class:`~qenex_messages.columnar.Rows`) of each file."""
    _require()
    import dask.bag as db

    effective = options or ValidationOptions()
    names = [os.fspath(p) for p in paths]
    bag = db.from_sequence(names, partition_size=partition_size)
    rows: dask.bag.Bag = bag.map(rows_of_path, effective, translations=translations)
    return rows


@contextmanager
def _client(client: Client | None) -> Iterator[Client]:
    """``client``, or a client of a new ``LocalCluster`` (closed on exit)."""
    if client is not None:
        yield client
        return
    from distributed import Client, LocalCluster

    with (
        LocalCluster(processes=True, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as local,
    ):
        yield local


def validate_on_dask(
    paths: Sequence[str | os.PathLike[str]],
    options: ValidationOptions | None = None,
    *,
    client: Client | None = None,
    per_message: bool = False,
) -> list[Report]:
    """The reports of ``paths`` computed on Dask: ``client``'s cluster, else a local one."""
    bag = reports_bag(paths, options, per_message=per_message)
    with _client(client) as running:
        reports: list[Report] = running.compute(bag, sync=True)
    return reports


def _write_partition(
    rows: list[Rows], directory: str, number: int, translations: bool
) -> dict[str, int]:
    """Worker task: one partition's rows as ``<table>/part-<number>.parquet``."""
    import pyarrow.parquet as pq

    from qenex_messages.columnar.tables import table_of

    merged = Rows()
    for each in rows:
        merged.extend(each)
    counts: dict[str, int] = {}
    for name in TABLES:
        if name == "translations" and not translations:
            continue
        table = table_of(name, merged.table(name))
        folder = Path(directory) / name
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / f"part-{number:05d}.parquet")
        counts[name] = table.num_rows
    return counts


def export_on_dask(
    paths: Sequence[str | os.PathLike[str]],
    directory: str | os.PathLike[str],
    options: ValidationOptions | None = None,
    *,
    client: Client | None = None,
    translations: bool = False,
) -> dict[str, int]:
    """Export ``paths`` on Dask: each partition writes ``<table>/part-NNNNN.parquet`` under
    ``directory`` (a Parquet dataset per table, which DuckDB, Spark or pyarrow read as one);
    the rows written per table."""
    from dask.delayed import delayed

    bag = rows_bag(paths, options, translations=translations)
    target = os.fspath(directory)
    parts = [
        delayed(_write_partition)(part, target, number, translations)
        for number, part in enumerate(bag.to_delayed())
    ]
    with _client(client) as running:
        counts: list[dict[str, int]] = running.compute(parts, sync=True)
    return {name: sum(c.get(name, 0) for c in counts) for name in TABLES if counts}
