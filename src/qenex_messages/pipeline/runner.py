"""Validate many files, in order, on a pool of processes: the engine of ``validate PATH...``.

Reports cross process boundaries as they are (:class:`~qenex_messages.findings.Finding`
pickles itself). At most a few batches per process are in flight, so memory stays flat however
many files; standard input is always read in the calling process.
"""

from __future__ import annotations

import io
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from qenex_messages._records import field, record, replace
from qenex_messages.codes import UNREADABLE
from qenex_messages.findings import Finding, Location, Report
from qenex_messages.inputs import STDIN, STDIN_SOURCE, open_binary
from qenex_messages.limits import Limits
from qenex_messages.pipeline.validate import validate_path
from qenex_messages.versions import ProfileOption

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["STREAM_ABOVE", "ValidationOptions", "run_validation", "validate_one"]

_BATCH = 16
_IN_FLIGHT_PER_JOB = 4


@record(frozen=True, slots=True)
class ValidationOptions:
    """What every file of one run is validated with."""

    profile: ProfileOption | None = None
    schema: str | None = None
    as_of: date | None = None
    limits: Limits = field(default_factory=Limits)
    stream: bool = False
    """Stream every input (else only those over :data:`STREAM_ABOVE` bytes)."""
    on_read: Callable[[str, int], None] | None = field(default=None, compare=False)
    """Told ``(path, bytes read so far)`` as a file is streamed in the calling process (a
    progress display); never sent to worker processes."""


STREAM_ABOVE = 16 * 1024 * 1024
"""Files larger than this are streamed: reading them whole would cost many times their size."""


def _streams(path: str, options: ValidationOptions) -> bool:
    if options.schema is not None:  # a user XSD is applied to a whole document
        return False
    if options.stream:
        return True
    if path == STDIN:
        return False
    try:
        return os.stat(path).st_size > STREAM_ABOVE
    except OSError:
        return False  # validate_path reports why it cannot be read


def validate_one(path: str | Finding, options: ValidationOptions) -> list[Report]:
    """The reports of one file (or ``-``, standard input): read whole, or streamed when asked
    for or when the file is large (the same findings; one report for the whole file). A
    finding in place of a path (one :func:`iter_message_files` gives for a path that selects
    nothing) is that path's report."""
    if isinstance(path, Finding):
        return [Report(source=path.location.source, findings=[path])]
    if _streams(path, options):
        return [_stream_report(path, options)]
    return validate_path(
        path,
        profile=options.profile,
        schema=options.schema,
        as_of=options.as_of,
        limits=options.limits,
    )


class _Counted(io.RawIOBase):
    """A binary file that tells ``on_read`` how many bytes it has given so far."""

    def __init__(self, path: str, on_read: Callable[[str, int], None]) -> None:
        super().__init__()
        self.name = path
        self._raw = open_binary(path)
        self._on_read = on_read
        self._done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        self._done += count
        self._on_read(self.name, self._done)
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


def _stream_handle(path: str, options: ValidationOptions) -> str | BinaryIO:
    if path == STDIN:
        return sys.stdin.buffer
    if options.on_read is None or os.stat(path).st_size > options.limits.max_stream_bytes:
        return path  # a file over the limit is refused before it is read
    return cast(BinaryIO, io.BufferedReader(_Counted(path, options.on_read)))


def _stream_report(path: str, options: ValidationOptions) -> Report:
    from qenex_messages.pipeline.stream import check_stream_report  # streamed files only

    try:
        handle = _stream_handle(path, options)
        try:
            return check_stream_report(
                handle,
                source=STDIN_SOURCE if path == STDIN else path,
                profile=options.profile,
                as_of=options.as_of,
                limits=options.limits,
            )
        finally:
            if not isinstance(handle, str) and path != STDIN:  # opened here for counting
                handle.close()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        where = Location(source=path)
        return Report(
            source=path, findings=[UNREADABLE.finding(f"cannot read the file: {reason}", where)]
        )


def _validate_batch(paths: list[str | Finding], options: ValidationOptions) -> list[list[Report]]:
    """Worker-process task: validate a few files."""
    return [validate_one(p, options) for p in paths]


def _batches(paths: Iterator[str | Finding], size: int) -> Iterator[list[str | Finding]]:
    while batch := list(islice(paths, size)):
        yield batch


def run_validation(
    paths: Iterable[str | Finding], options: ValidationOptions, jobs: int
) -> Iterator[Report]:
    """Reports for ``paths`` in input order, computed by ``jobs`` processes (a finding in place
    of a path is passed through as that path's report)."""
    files = iter(paths)
    if jobs <= 1:
        for path in files:
            yield from validate_one(path, options)
        return
    first = list(islice(files, _BATCH + 1))
    if len(first) <= _BATCH:  # a handful of files: a process pool costs more than it saves
        for path in first:
            yield from validate_one(path, options)
        return
    from concurrent.futures import Future, ProcessPoolExecutor  # for a pool only

    pending: deque[Future[list[list[Report]]]] = deque()
    sent = replace(options, on_read=None)  # a callback stays in this process
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in _batches(chain(first, files), _BATCH):
            if STDIN in batch:
                done: Future[list[list[Report]]] = Future()
                done.set_result(_validate_batch(batch, options))
                pending.append(done)
            else:
                pending.append(pool.submit(_validate_batch, batch, sent))
            while len(pending) >= jobs * _IN_FLIGHT_PER_JOB:
                yield from _drain(pending.popleft())
        while pending:
            yield from _drain(pending.popleft())


def _drain(future: Future[list[list[Report]]]) -> Iterator[Report]:
    for per_file in future.result():
        yield from per_file
