"""The inputs of an export: plain files, gzip files and zip archives, each read within limits.

A ``.gz`` file is one input; a ``.zip`` archive is one input per member (named
``archive.zip!member``). Decompressed bytes go through the same capped reader as any file
(:func:`qenex_messages.inputs.read_capped`), so a member is refused (``QX004``) as soon as it
proves longer than ``Limits.max_input_bytes``, whatever size its header claims: a zip bomb costs
at most that many bytes. An archive holds at most :data:`MAX_ARCHIVE_MEMBERS` members; a corrupt
or encrypted one gives ``QX090``. Nested archives are not opened.
"""

from __future__ import annotations

import gzip
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from qenex_messages import codes
from qenex_messages.findings import Finding, Location, Severity
from qenex_messages.inputs import read_capped, read_path
from qenex_messages.limits import Limits, limit_finding

__all__ = [
    "ARCHIVE_INCLUDE",
    "ARCHIVE_UNREADABLE",
    "MAX_ARCHIVE_MEMBERS",
    "Input",
    "compression_of",
    "iter_inputs",
]

ARCHIVE_INCLUDE: tuple[str, ...] = ("*.gz", "*.zip")
"""File-name patterns of the archives an export reads when walking a directory."""
MAX_ARCHIVE_MEMBERS = 100_000
"""Most members read from one zip archive; the rest are refused with one ``QX090``."""

ARCHIVE_UNREADABLE = codes.define(
    "QX090",
    Severity.ERROR,
    "A gzip file or zip archive cannot be read: corrupt, truncated, encrypted or too many members.",
    family="input",
    fix="Re-create the archive (unencrypted, gzip or zip deflate), or split it.",
)


@dataclass(frozen=True, slots=True)
class Input:
    """One input of an export: its source name, how it was compressed, and its bytes or the one
    finding that says why it could not be read."""

    source: str
    compression: str | None
    data: bytes | Finding


def compression_of(path: str) -> str | None:
    """``gzip`` or ``zip`` from the file name, else None."""
    lower = path.lower()
    if lower.endswith(".gz"):
        return "gzip"
    if lower.endswith(".zip"):
        return "zip"
    return None


def iter_inputs(path: str, limits: Limits) -> Iterator[Input]:
    """The inputs ``path`` holds: itself, its decompressed gzip content, or its zip members."""
    kind = compression_of(path)
    if kind is None:
        yield Input(path, None, read_path(path, limits=limits))
    elif kind == "gzip":
        yield Input(path, kind, _gunzip(path, limits))
    else:
        yield from _unzip(path, limits)


def _unreadable(source: str, what: str, exc: BaseException) -> Finding:
    return ARCHIVE_UNREADABLE.finding(
        f"cannot read the {what}: {exc.__class__.__name__}: {exc}", Location(source=source)
    )


def _too_large(source: str, size: int, limits: Limits, *, at_least: bool) -> Finding:
    return limit_finding(
        "max_input_bytes",
        size,
        limits,
        what="the decompressed file",
        location=Location(source=source),
        at_least=at_least,
    )


def _gunzip(path: str, limits: Limits) -> bytes | Finding:
    cap = limits.max_input_bytes
    try:
        if os.path.getsize(path) > cap:
            return _too_large(path, os.path.getsize(path), limits, at_least=True)
        with gzip.open(path, "rb") as handle:
            data = read_capped(handle, cap)
    except OSError as exc:
        if isinstance(exc, gzip.BadGzipFile) or exc.errno is None:
            return _unreadable(path, "gzip file", exc)
        return codes.UNREADABLE.finding(
            f"cannot read the file: {exc.strerror or exc}", Location(source=path)
        )
    except (EOFError, zlib.error) as exc:
        return _unreadable(path, "gzip file", exc)
    if data is None:
        return _too_large(path, cap + 1, limits, at_least=True)
    return data


def _unzip(path: str, limits: Limits) -> Iterator[Input]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        yield Input(path, "zip", _unreadable(path, "zip archive", exc))
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for count, member in enumerate(members):
            source = f"{path}!{member.filename}"
            if count == MAX_ARCHIVE_MEMBERS:
                refused = ARCHIVE_UNREADABLE.finding(
                    f"the archive has {len(members)} members; only the first "
                    f"{MAX_ARCHIVE_MEMBERS} are read",
                    Location(source=path),
                )
                yield Input(path, "zip", refused)
                return
            yield Input(source, "zip", _member(archive, member, source, limits))


def _member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: str, limits: Limits
) -> bytes | Finding:
    cap = limits.max_input_bytes
    if member.file_size > cap:
        return _too_large(source, member.file_size, limits, at_least=False)
    try:
        with archive.open(member) as handle:
            data = read_capped(handle, cap)
    # RuntimeError: an encrypted member; NotImplementedError: a compression zipfile lacks
    except (
        OSError,
        RuntimeError,
        NotImplementedError,
        zipfile.BadZipFile,
        EOFError,
        zlib.error,
    ) as exc:
        return _unreadable(source, "zip member", exc)
    if data is None:
        return _too_large(source, cap + 1, limits, at_least=True)
    return data
