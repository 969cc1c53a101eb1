"""The catalog of published ISO 20022 XSDs and the per-user schema store.

The XSDs are not shipped: :func:`install_schemas` copies them from a mirror folder, downloads them
from a base URL, or fetches the official download named in the catalog (extracting the XSD from a
zip when the download is a whole message set), and refuses every file whose SHA-256 differs from
the catalog. Compiled schemas are built once per process and cached.
"""

from __future__ import annotations

import hashlib
import io
import os
import tomllib
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from qenex_messages.findings import QenexError, SchemaNotInstalledError

_MAX_DOWNLOAD = 64 * 1024 * 1024
_INSTALL_HINT = "run `qenex-messages schemas install` (or `--from DIR_OR_URL` with a mirror)"


class SchemaDownloadError(QenexError):
    """A schema file could not be fetched (network error, HTTP error, timeout)."""


class SchemaIntegrityError(QenexError):
    """A schema file's SHA-256 differs from the catalog; it was refused and not installed."""


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One published message definition: id, target namespace, file name, hash, official URL."""

    id: str
    namespace: str
    file: str
    sha256: str
    url: str = ""
    archive_member: str = ""


@dataclass(frozen=True, slots=True)
class SchemaInstall:
    """What :func:`install_schemas` did with one catalog entry."""

    id: str
    file: str
    path: Path
    action: str
    """``installed``, ``unchanged`` (already there with the right hash) or ``unavailable``."""
    origin: str
    """Where the file came from (folder, URL), or why it could not be installed."""


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """The state of one catalog entry in the store: ``installed``, ``missing`` or ``corrupt``."""

    id: str
    file: str
    namespace: str
    path: Path
    state: str


def _catalog_text() -> str:
    shipped = resources.files("qenex_messages").joinpath("_catalog/catalog.toml")
    if shipped.is_file():
        return shipped.read_text("utf-8")
    repo = Path(__file__).resolve().parents[3] / "schemas" / "catalog.toml"
    return repo.read_text("utf-8")


@cache
def catalog() -> tuple[CatalogEntry, ...]:
    """Every catalog entry, in catalog order."""
    data = tomllib.loads(_catalog_text())
    return tuple(
        CatalogEntry(
            id=row["id"],
            namespace=row["namespace"],
            file=row["file"],
            sha256=row["sha256"].lower(),
            url=row.get("url", ""),
            archive_member=row.get("archive_member", ""),
        )
        for row in data.get("schema", [])
    )


@cache
def _by_id() -> dict[str, CatalogEntry]:
    return {entry.id: entry for entry in catalog()}


def entry(schema_id: str) -> CatalogEntry | None:
    """The catalog entry for ``schema_id`` (e.g. ``'pacs.008.001.08'``), or ``None``."""
    return _by_id().get(schema_id)


def schema_store() -> Path:
    """The schema store: ``QENEX_SCHEMA_DIR``, else ``$XDG_DATA_HOME/qenex-messages/schemas``."""
    explicit = os.environ.get("QENEX_SCHEMA_DIR", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME", "").strip()
    base = Path(data_home).expanduser() if data_home else Path.home() / ".local" / "share"
    return base / "qenex-messages" / "schemas"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fetch(url: str, timeout: float) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise SchemaDownloadError(f"refusing to fetch {url!r}: only http(s) URLs are used")
    request = urllib.request.Request(url, headers={"User-Agent": "qenex-messages"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data: bytes = response.read(_MAX_DOWNLOAD + 1)
    except urllib.error.HTTPError as exc:
        raise SchemaDownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except TimeoutError as exc:
        raise SchemaDownloadError(f"{url}: no answer within {timeout:g} s") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise SchemaDownloadError(f"{url}: no answer within {timeout:g} s") from exc
        raise SchemaDownloadError(
            f"cannot download {url} ({reason}); without network access install from a "
            "mirror: qenex-messages schemas install --from DIR_OR_URL"
        ) from exc
    if len(data) > _MAX_DOWNLOAD:
        raise SchemaDownloadError(f"{url}: larger than {_MAX_DOWNLOAD:,} bytes, refused")
    return data


def _from_zip(data: bytes, member: str, url: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if n == member or n.endswith("/" + member)]
            if not names:
                raise SchemaDownloadError(f"{url}: the archive has no member {member!r}")
            info = archive.getinfo(names[0])
            if info.file_size > _MAX_DOWNLOAD:
                raise SchemaDownloadError(f"{url}: member {member!r} is too large")
            return archive.read(info)
    except zipfile.BadZipFile as exc:
        raise SchemaDownloadError(f"{url}: not a zip archive ({exc})") from exc


def _candidates(folder: Path, item: CatalogEntry) -> list[Path]:
    return [folder / item.file, folder / "iso20022" / item.file]


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def install_schemas(
    source: str | Path | None = None, *, store: Path | None = None, timeout: float = 30.0
) -> list[SchemaInstall]:
    """Install every catalog XSD into ``store`` (default :func:`schema_store`).

    ``source`` is a mirror folder, a base URL (``<base>/<file>``), or ``None`` for the mirror in
    ``QENEX_SCHEMA_MIRROR`` when set, else the official URLs of the catalog. Entries with no
    source are reported as ``unavailable``. Raises :class:`SchemaIntegrityError` when a file's
    SHA-256 differs from the catalog and :class:`SchemaDownloadError` on network failures and
    timeouts; both are :class:`~qenex_messages.QenexError`.
    """
    target_dir = store if store is not None else schema_store()
    if source is None:
        mirror = os.environ.get("QENEX_SCHEMA_MIRROR", "").strip()
        source = mirror or None
    results: list[SchemaInstall] = []
    for item in catalog():
        target = target_dir / item.file
        if target.is_file() and _sha256(target.read_bytes()) == item.sha256:
            results.append(SchemaInstall(item.id, item.file, target, "unchanged", str(target)))
            continue
        data: bytes | None = None
        origin = ""
        if source is None:
            if not item.url:
                results.append(
                    SchemaInstall(
                        item.id,
                        item.file,
                        target,
                        "unavailable",
                        "no official URL is known; install it from a mirror with --from",
                    )
                )
                continue
            data = _fetch(item.url, timeout)
            origin = item.url
            if item.archive_member:
                data = _from_zip(data, item.archive_member, item.url)
        elif isinstance(source, str) and source.startswith(("http://", "https://")):
            origin = source.rstrip("/") + "/" + item.file
            try:
                data = _fetch(origin, timeout)
            except SchemaDownloadError as exc:
                if "HTTP 404" not in str(exc):
                    raise
                results.append(
                    SchemaInstall(item.id, item.file, target, "unavailable", f"{origin}: 404")
                )
                continue
        else:
            folder = Path(source).expanduser()
            if not folder.is_dir():
                raise SchemaDownloadError(f"{folder}: not a folder or an http(s) URL")
            found = next((p for p in _candidates(folder, item) if p.is_file()), None)
            if found is None:
                results.append(
                    SchemaInstall(item.id, item.file, target, "unavailable", f"not in {folder}")
                )
                continue
            data = found.read_bytes()
            origin = str(found)
        digest = _sha256(data)
        if digest != item.sha256:
            raise SchemaIntegrityError(
                f"{origin}: SHA-256 {digest} differs from the catalog's {item.sha256} for "
                f"{item.id}; the file was refused"
            )
        _write_atomic(target, data)
        results.append(SchemaInstall(item.id, item.file, target, "installed", origin))
    return results


def schema_status(*, store: Path | None = None) -> list[SchemaStatus]:
    """The state of every catalog entry in the store: installed, missing or corrupt."""
    target_dir = store if store is not None else schema_store()
    statuses = []
    for item in catalog():
        path = target_dir / item.file
        if not path.is_file():
            state = "missing"
        elif _sha256(path.read_bytes()) != item.sha256:
            state = "corrupt"
        else:
            state = "installed"
        statuses.append(SchemaStatus(item.id, item.file, item.namespace, path, state))
    return statuses


def _compile(path: Path, label: str) -> etree.XMLSchema:
    from qenex_messages.iso20022.xmlsafe import safe_parser

    try:
        document = etree.parse(str(path), safe_parser())
        return etree.XMLSchema(document)
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError, OSError) as exc:
        raise SchemaNotInstalledError(f"{label}: cannot compile {path}: {exc}") from exc


@cache
def _compiled(path_text: str, sha256: str, schema_id: str) -> etree.XMLSchema:
    path = Path(path_text)
    if not path.is_file():
        raise SchemaNotInstalledError(
            f"the XSD for {schema_id} is not installed in {path.parent}; {_INSTALL_HINT}"
        )
    if _sha256(path.read_bytes()) != sha256:
        raise SchemaNotInstalledError(
            f"the XSD {path} does not match the catalog hash for {schema_id} (corrupt or "
            f"edited); {_INSTALL_HINT}"
        )
    return _compile(path, schema_id)


def load_schema(schema_id: str, *, store: Path | None = None) -> etree.XMLSchema:
    """The compiled XSD of ``schema_id`` from the store (verified once, cached per process).

    Raises :class:`~qenex_messages.SchemaNotInstalledError` when it is missing or corrupt.
    """
    key = (schema_id, str(store) if store is not None else _store_text())
    compiled = _loaded.get(key)
    if compiled is not None:
        return compiled
    item = entry(schema_id)
    if item is None:
        raise SchemaNotInstalledError(f"{schema_id} is not in the schema catalog")
    path = (Path(key[1]).expanduser() / item.file).resolve()
    try:
        compiled = _compiled(str(path), item.sha256, schema_id)
    except SchemaNotInstalledError:
        _compiled.cache_clear()  # a later install must be picked up
        raise
    _loaded[key] = compiled
    return compiled


_loaded: dict[tuple[str, str], etree.XMLSchema] = {}
"""Compiled schemas by (id, store): the hot path of validation, free of file-system calls."""


def _store_text() -> str:
    # The store as text, cheaply: the environment is read each call so tests can switch stores.
    explicit = os.environ.get("QENEX_SCHEMA_DIR")
    return explicit.strip() if explicit and explicit.strip() else str(schema_store())


@cache
def _user_schema(path_text: str, mtime_ns: int, size: int) -> etree.XMLSchema:
    return _compile(Path(path_text), path_text)


def load_user_schema(path: str | Path) -> etree.XMLSchema:
    """A user XSD (usage guideline) compiled once per file version.

    Raises :class:`~qenex_messages.SchemaNotInstalledError` when it cannot be read or compiled.
    """
    resolved = Path(path).expanduser().resolve()
    try:
        stat = resolved.stat()
    except OSError as exc:
        raise SchemaNotInstalledError(f"cannot read the XSD {path}: {exc}") from exc
    return _user_schema(str(resolved), stat.st_mtime_ns, stat.st_size)


@cache
def xsd_document(schema_id: str, store_text: str) -> etree._ElementTree:
    """The parsed XSD of ``schema_id`` (for the renderer's structure tables)."""
    from qenex_messages.iso20022.xmlsafe import safe_parser

    load_schema(schema_id, store=Path(store_text))  # verifies presence and hash
    item = entry(schema_id)
    assert item is not None
    return etree.parse(str(Path(store_text) / item.file), safe_parser())
