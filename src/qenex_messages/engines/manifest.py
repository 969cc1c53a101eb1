"""A resumable validation run: ``validate --manifest FILE``.

The manifest is a JSON Lines file. Its first line records what the run validates with (profile,
user XSD, date, limits, library version); every further line is one finished shard (one input
file): its path, size and SHA-256, and its reports with every finding. A shard is written and
flushed as soon as it is done (and synced to disk every second), so a run that is killed loses
at most the shards in flight. Run the same command again and shards already in the manifest
are not validated again: their reports are read back, and the output is the one an
uninterrupted run gives.

A shard's identity is its path, size and the SHA-256 of its content. Size and modification time
would be cheaper, but a copy, a restore or an archive extraction changes the time of files that
did not change (so they would be validated again) and tools such as ``rsync -a`` or ``touch -r``
keep the time of files that did change (so stale findings would be reused). Hashing reads each
file once, at a fraction of the cost of validating it.

The date of date-dependent rules is fixed when the manifest is created (``--as-of``, else that
day), so a run resumed on a later day gives the same findings. Resuming with other options is
refused: the findings would not be the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import date
from itertools import islice
from types import MappingProxyType
from typing import IO, Any

from qenex_messages._version import __version__
from qenex_messages.findings import EMPTY_ARGS, Finding, Location, QenexError, Report, Severity
from qenex_messages.inputs import STDIN
from qenex_messages.pipeline.runner import ValidationOptions, validate_one

__all__ = ["MANIFEST_VERSION", "Shard", "run_resumable", "shard_of"]

MANIFEST_VERSION = 1
_WINDOW = 32
"""Shards handed to the worker processes at a time, per process."""
_HASH_BLOCK = 1 << 20
_SYNC_EVERY = 1.0
"""Seconds between syncs of the manifest to disk (each shard is flushed as it is written)."""


@dataclass(frozen=True, slots=True)
class Shard:
    """One input file, identified by its path, size and content hash."""

    path: str
    size: int
    sha256: str

    @property
    def key(self) -> tuple[str, int, str]:
        """What makes two shards the same."""
        return (self.path, self.size, self.sha256)


def shard_of(path: str) -> Shard | None:
    """The shard of the file at ``path``, or None when it cannot be read (validating it says
    why, and such a file is never recorded as done)."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_HASH_BLOCK):
                digest.update(block)
                size += len(block)
    except OSError:
        return None
    return Shard(path, size, digest.hexdigest())


# -- reports to JSON and back ---------------------------------------------------------------------


def _finding_json(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "location": [loc.source, loc.line, loc.column, loc.field, loc.xpath],
        "args": dict(finding.args),
    }


def _finding_back(data: dict[str, Any]) -> Finding:
    source, line, column, field, xpath = data["location"]
    args = data.get("args") or {}
    return Finding(
        data["code"],
        Severity(data["severity"]),
        data["message"],
        Location(source, line, column, field, xpath),
        MappingProxyType(args) if args else EMPTY_ARGS,
    )


def _report_json(report: Report) -> dict[str, Any]:
    return {
        "source": report.source,
        "index": report.index,
        "message_type": report.message_type,
        "version": report.version,
        "findings": [_finding_json(f) for f in report.findings],
    }


def _report_back(data: dict[str, Any]) -> Report:
    return Report(
        source=data["source"],
        index=data["index"],
        message_type=data["message_type"],
        version=data["version"],
        findings=[_finding_back(f) for f in data["findings"]],
    )


# -- the manifest file ----------------------------------------------------------------------------


def _header(options: ValidationOptions) -> dict[str, Any]:
    limits = {k: v for k, v in asdict(options.limits).items() if k != "set_by"}
    return {
        "manifest": "qenex-messages",
        "version": MANIFEST_VERSION,
        "library": __version__,
        "profile": options.profile,
        "schema": options.schema,
        "as_of": options.as_of.isoformat() if options.as_of else None,
        "stream": options.stream,
        "limits": limits,
    }


def _read(path: str) -> tuple[dict[str, Any] | None, dict[tuple[str, int, str], list[Report]]]:
    """The header and the finished shards of the manifest at ``path`` (a torn last line, from a
    run that was killed while writing it, is ignored)."""
    done: dict[tuple[str, int, str], list[Report]] = {}
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except FileNotFoundError:
        return None, done
    except (OSError, UnicodeDecodeError) as exc:
        raise QenexError(f"{path}: cannot read the manifest: {exc}") from None
    if not lines[0].strip():
        return None, done
    try:
        header = json.loads(lines[0])
        complete = lines[1:-1]  # the last piece has no newline: torn, or empty
        for line in complete:
            entry = json.loads(line)
            key = (entry["path"], entry["size"], entry["sha256"])
            done[key] = [_report_back(r) for r in entry["reports"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise QenexError(f"{path}: not a qenex-messages manifest ({exc})") from None
    if not isinstance(header, dict) or header.get("manifest") != "qenex-messages":
        raise QenexError(f"{path}: not a qenex-messages manifest")
    return header, done


def _resumed_options(header: dict[str, Any], options: ValidationOptions) -> ValidationOptions:
    """``options`` with the manifest's date; a QenexError when they differ from its header."""
    if options.as_of is None and header.get("as_of"):
        options = replace(options, as_of=date.fromisoformat(header["as_of"]))
    wanted = _header(options)
    differing = [
        k
        for k in ("version", "library", "profile", "schema", "as_of", "stream", "limits")
        if header.get(k) != wanted[k]
    ]
    if differing:
        raise QenexError(
            f"the manifest was written with other {', '.join(differing)}; resume with the same "
            "options, or start a new manifest"
        )
    return options


def _open_for_append(
    path: str, header: dict[str, Any] | None, options: ValidationOptions
) -> IO[str]:
    """The manifest opened for appending shards: created with its header, or cut after its last
    complete line."""
    if header is None:
        handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 (the caller closes it)
        handle.write(json.dumps(_header(options)) + "\n")
        _sync(handle)
        return handle
    with open(path, "rb+") as raw:
        data = raw.read()
        raw.truncate(data.rfind(b"\n") + 1)
    return open(path, "a", encoding="utf-8")


def _sync(handle: IO[str]) -> None:
    handle.flush()
    os.fsync(handle.fileno())


# -- the run --------------------------------------------------------------------------------------


def _validate_shards(
    shards: list[tuple[str | Finding, Shard | None]], options: ValidationOptions
) -> list[list[Report]]:
    return [validate_one(path, options) for path, _ in shards]


def _computed(
    pending: Iterator[tuple[str | Finding, Shard | None]],
    done: dict[tuple[str, int, str], list[Report]],
    options: ValidationOptions,
    jobs: int,
) -> Iterator[tuple[Shard | None, list[Report], bool]]:
    """(shard, its reports, whether they are new) for every input, in input order."""
    with ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else _Inline() as pool:
        while window := list(islice(pending, max(jobs, 1) * _WINDOW)):
            todo = [item for item in window if item[1] is None or item[1].key not in done]
            chunks = [todo[i : i + 4] for i in range(0, len(todo), 4)]
            results = iter(
                reports
                for chunk in pool.map(_validate_shards, chunks, [options] * len(chunks))
                for reports in chunk
            )
            for _, shard in window:
                if shard is not None and shard.key in done:
                    yield shard, done[shard.key], False
                else:
                    yield shard, next(results), True


class _Inline:
    """A stand-in for the process pool with one job: ``map`` runs in this process."""

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, fn: Any, *iterables: Iterable[Any]) -> Iterator[Any]:
        return map(fn, *iterables)


def run_resumable(
    paths: Iterable[str | Finding], options: ValidationOptions, jobs: int, manifest: str
) -> Iterator[Report]:
    """Reports for ``paths`` in input order, as :func:`run_validation` gives them, recording each
    finished file in ``manifest`` and reusing the files it already records.

    Raises :class:`QenexError` at once when ``manifest`` is not a manifest or was written with
    other options (profile, XSD, date, limits, library version), and, when it is reached, for
    standard input (which cannot be resumed).
    """
    header, done = _read(manifest)
    if header is not None:
        options = _resumed_options(header, options)
    elif options.as_of is None:
        options = replace(options, as_of=date.today())
    return _run(paths, options, jobs, manifest, header, done)


def _run(
    paths: Iterable[str | Finding],
    options: ValidationOptions,
    jobs: int,
    manifest: str,
    header: dict[str, Any] | None,
    done: dict[tuple[str, int, str], list[Report]],
) -> Iterator[Report]:
    def identified() -> Iterator[tuple[str | Finding, Shard | None]]:
        for path in paths:
            if path == STDIN:
                raise QenexError("--manifest resumes files; standard input cannot be resumed")
            yield path, shard_of(path) if isinstance(path, str) else None

    handle = _open_for_append(manifest, header, options)
    synced = time.monotonic()
    try:
        for shard, reports, new in _computed(identified(), done, options, jobs):
            if new and shard is not None:
                entry = {**asdict(shard), "reports": [_report_json(r) for r in reports]}
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
                handle.flush()  # a killed run keeps every shard written so far
                if time.monotonic() - synced > _SYNC_EVERY:  # and a crashed machine most
                    _sync(handle)
                    synced = time.monotonic()
                done[shard.key] = reports
            yield from reports
    finally:
        _sync(handle)
        handle.close()
