"""The catalog of published ISO 20022 XSDs and the per-user schema store.

The XSDs are not shipped: :func:`~qenex_messages.iso20022.install_schemas` fetches them into the
store (see :mod:`~qenex_messages.iso20022.schema_install`). This module says what the catalog
holds, where the store is, what state each entry is in, and compiles schemas from the store: a
file is used only when its content (line endings normalised) has the catalog hash (checked once
by ``schemas install``, which records the file's stat data; see
:mod:`~qenex_messages.iso20022.schema_stamps`), and files in the store are read without
following symbolic links. Compiled schemas are cached per process.
"""

from __future__ import annotations

import os
import stat
import sys
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from qenex_messages._records import record
from qenex_messages.findings import SchemaNotInstalledError
from qenex_messages.iso20022 import schema_stamps
from qenex_messages.iso20022.schema_sources import (
    MAX_XSD_BYTES,
    Source,
    UrlSource,
    WheelSource,
    normalized_sha256,
)
from qenex_messages.iso20022.schema_stamps import RECORD, stat_key, vouched
from qenex_messages.limits import environment_reader

INSTALL_HINT = "run `qenex-messages schemas install` (or `--from DIR` with a mirror)"
ADDED_FOLDER = "added"
"""Sub-folder of the store holding the XSDs registered with ``schemas add``."""
ADDED_INDEX = "index.json"


@record(frozen=True, slots=True)
class CatalogEntry:
    """One published message definition and the sources that carry an exact copy of it."""

    id: str
    namespace: str
    file: str
    sha256_lf: str
    """SHA-256 of the file with CRLF line endings normalised to LF; ``""`` when none is known."""
    sha256: str = ""
    """SHA-256 of the bytes as ISO publishes them, where such a copy was seen."""
    default: bool = False
    sources: tuple[Source, ...] = ()
    note: str = ""

    @property
    def verifiable(self) -> bool:
        """Whether the catalog knows the content to expect (and so can install it)."""
        return bool(self.sha256_lf)


@record(frozen=True, slots=True)
class SchemaStatus:
    """The state of one catalog entry in the store: ``installed``, ``missing``, ``corrupt``,
    or ``no-hash`` (the catalog knows no verified copy; register one with ``schemas add``)."""

    id: str
    file: str
    namespace: str
    path: Path
    state: str
    default: bool = False
    sources: tuple[str, ...] = ()
    note: str = ""


def _source(row: dict[str, str]) -> Source:
    if "wheel" in row:
        return WheelSource(row["wheel"], row["member"])
    return UrlSource(row["url"], row.get("archive_member", ""))


def catalog_entry(row: dict[str, Any]) -> CatalogEntry:
    """The entry of one ``[[schema]]`` row of ``schemas/catalog.toml``."""
    return CatalogEntry(
        id=row["id"],
        namespace=row["namespace"],
        file=row["file"],
        sha256_lf=row.get("sha256_lf", "").lower(),
        sha256=row.get("sha256", "").lower(),
        default=bool(row.get("default", False)),
        sources=tuple(_source(source) for source in row.get("source", [])),
        note=row.get("note", ""),
    )


@cache
def catalog() -> tuple[CatalogEntry, ...]:
    """Every catalog entry, in catalog order (``schemas/catalog.toml``, read from the table
    generated from it, so no run parses TOML)."""
    from qenex_messages.iso20022.catalog_table import ROWS

    return tuple(catalog_entry(row) for row in ROWS)


@cache
def _by_id() -> dict[str, CatalogEntry]:
    return {item.id: item for item in catalog()}


def entry(schema_id: str) -> CatalogEntry | None:
    """The catalog entry for ``schema_id`` (e.g. ``'pacs.008.001.08'``), or ``None``."""
    return _by_id().get(schema_id)


def schema_store() -> Path:
    """The schema store: ``QENEX_SCHEMA_DIR``, else the user data folder the OS expects
    (``~/.local/share/qenex-messages/schemas`` on Linux, ``%LOCALAPPDATA%`` on Windows,
    ``~/Library/Application Support`` on macOS)."""
    explicit = os.environ.get("QENEX_SCHEMA_DIR", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    return _user_data_folder() / "schemas"


def _user_data_folder() -> Path:
    known = linux_user_data_folder()
    if known is not None:
        return known
    import platformdirs  # its import costs a fifth of a validation's start-up

    return platformdirs.user_data_path("qenex-messages", appauthor=False)


def linux_user_data_folder() -> Path | None:
    """platformdirs' user data folder of this package where every version of it gives the same
    answer without asking the system (Linux, no Android variables, an absolute ``HOME``, and
    ``XDG_DATA_HOME`` absolute or blank); ``None`` elsewhere, where platformdirs is asked."""
    environ = os.environ
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in environ:
        return None
    data_home = environ.get("XDG_DATA_HOME", "")
    if not data_home.startswith("/"):
        if data_home.strip() or not environ.get("HOME", "").startswith("/"):
            return None
        data_home = os.path.expanduser("~/.local/share")
    return Path(data_home, "qenex-messages")


def read_store_file(path: Path) -> bytes | None:
    """The bytes of a regular file in the store, or ``None`` when it is missing, a symbolic
    link, not a regular file, or too large. Links are never followed out of the store."""
    read = read_store_file_stat(path)
    return None if read is None else read[0]


def read_store_file_stat(path: Path) -> tuple[bytes, os.stat_result | None] | None:
    """:func:`read_store_file` with the file's stat data, ``None`` in their place when they
    changed while the file was read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_XSD_BYTES:
            return None
        data = handle.read(MAX_XSD_BYTES + 1)
        same = stat_key(os.fstat(handle.fileno())) == stat_key(info)
        return data, info if same else None


def _describe_sources(item: CatalogEntry) -> tuple[str, ...]:
    return tuple(source.describe() for source in item.sources)


def schema_status(*, store: Path | None = None) -> list[SchemaStatus]:
    """The state of every catalog entry in the store."""
    target_dir = store if store is not None else schema_store()
    statuses = []
    for item in catalog():
        path = target_dir / item.file
        data = read_store_file(path)
        if not item.verifiable:
            state = "installed" if _added_for(item.id, target_dir) is not None else "no-hash"
        elif data is None:
            state = "corrupt" if os.path.lexists(path) else "missing"
        elif normalized_sha256(data) != item.sha256_lf:
            state = "corrupt"
        else:
            state = "installed"
        statuses.append(
            SchemaStatus(
                item.id,
                item.file,
                item.namespace,
                path,
                state,
                item.default,
                _describe_sources(item),
                item.note,
            )
        )
    return statuses


def compile_xsd(data: bytes, label: str) -> etree.XMLSchema:
    """Compile XSD bytes with the hardened parser; :class:`SchemaNotInstalledError` if invalid."""
    from qenex_messages.iso20022.xmlsafe import safe_parser

    try:
        document = etree.fromstring(data, safe_parser(), base_url=label)
        return etree.XMLSchema(document)
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError, ValueError) as exc:
        raise SchemaNotInstalledError(f"{label}: not a usable XSD: {exc}") from exc


def compile_catalog_xsd(data: bytes, label: str) -> etree.XMLSchema:
    """:func:`compile_xsd` for a catalog XSD, which includes and imports nothing. lxml compiles
    a document it parsed from a file object where it lies, but copies an element tree handed to
    it first (6 M instructions of start-up for a pacs.008 and its AppHdr); the file object is
    parsed by this thread's default parser, made the hardened one for the call."""
    import io

    from qenex_messages.iso20022.xmlsafe import safe_parser

    source = io.BytesIO(data)
    source.name = label  # the document's URL, as ``base_url`` gives it in compile_xsd
    previous = etree.get_default_parser()
    etree.set_default_parser(safe_parser())
    try:
        return etree.XMLSchema(file=source)
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError, ValueError) as exc:
        raise SchemaNotInstalledError(f"{label}: not a usable XSD: {exc}") from exc
    finally:
        etree.set_default_parser(previous)


def target_namespace(data: bytes) -> str:
    """The ``targetNamespace`` of XSD bytes (``""`` when it has none or does not parse)."""
    from qenex_messages.iso20022.xmlsafe import safe_parser

    try:
        return str(etree.fromstring(data, safe_parser()).get("targetNamespace", ""))
    except (etree.XMLSyntaxError, ValueError):
        return ""


def _verified_bytes(item: CatalogEntry, store: Path) -> bytes:
    if not item.verifiable:
        added = _added_for(item.id, store)
        if added is None:
            raise SchemaNotInstalledError(
                f"no verified copy of the {item.id} XSD is known: {item.note}"
            )
        return added
    path = store / item.file
    read = read_store_file_stat(path)
    if read is None:
        if os.path.lexists(path):
            raise SchemaNotInstalledError(
                f"{path} is not a regular file (a link or a folder), so it is not used; "
                f"{INSTALL_HINT}"
            )
        hint = INSTALL_HINT if item.default else _no_default_hint(item)
        raise SchemaNotInstalledError(f"the XSD for {item.id} is not installed in {store}; {hint}")
    data, info = read
    if not _vouched(store, item, info) and normalized_sha256(data) != item.sha256_lf:
        raise SchemaNotInstalledError(
            f"the XSD {path} does not match the catalog hash for {item.id} (corrupt or "
            f"edited); {INSTALL_HINT}"
        )
    return data


def _vouched(store: Path, item: CatalogEntry, info: os.stat_result | None) -> bool:
    """Whether ``schemas install`` verified the file of ``item`` with these stat data."""
    if info is None or not schema_stamps.TRUSTED:
        return False
    return vouched(read_store_file(store / RECORD), item.file, item.sha256_lf, info)


def _no_default_hint(item: CatalogEntry) -> str:
    return (
        f"run `qenex-messages schemas install {item.id} --from DIR` with a mirror that has it, "
        f"or `qenex-messages schemas add FILE --as {item.id}`"
    )


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
    folder = Path(key[1]).expanduser()
    compiled = compile_catalog_xsd(_verified_bytes(item, folder), str(folder / item.file))
    _loaded[key] = compiled
    return compiled


_loaded: dict[tuple[str, str], etree.XMLSchema] = {}
"""Compiled schemas by (id, store): the hot path of validation, free of file-system calls."""


def _store_text() -> str:
    """The store as text, read from the environment at each call (tests switch stores) but
    worked out only when a variable it is made of changed: the user data folder costs about
    125 k instructions (platformdirs, pathlib), once per schema of every message."""
    key = _store_key()
    known = _stores.get(key)
    if known is None:
        known = str(schema_store())
        if len(_stores) >= _STORES_KEPT:
            _stores.clear()
        _stores[key] = known
    return known


_STORE_VARIABLES = (
    "QENEX_SCHEMA_DIR",
    "HOME",
    "XDG_DATA_HOME",
    "LOCALAPPDATA",
    "APPDATA",
    "USERPROFILE",
    "WIN_PD_OVERRIDE_LOCAL_APPDATA",
    "ANDROID_DATA",
)
"""What :func:`schema_store` is made of: ``HOME`` also for a ``~`` in QENEX_SCHEMA_DIR;
``XDG_DATA_HOME`` on Linux; on Windows platformdirs asks the system for the local application
data folder unless ``WIN_PD_OVERRIDE_LOCAL_APPDATA`` names one (the other three are kept for
older platformdirs, which read them); ``ANDROID_DATA`` decides whether platformdirs is asked."""
_store_key = environment_reader(_STORE_VARIABLES)
_stores: dict[tuple[object, ...], str] = {}
_STORES_KEPT = 16


# --------------------------------------------------------------------------- user schemas


def added_schemas(store: Path | None = None) -> dict[str, dict[str, str]]:
    """The XSDs registered with ``schemas add``: name -> {sha256_lf, namespace, origin}."""
    folder = (store if store is not None else schema_store()) / ADDED_FOLDER
    data = read_store_file(folder / ADDED_INDEX)
    if data is None:
        return {}
    import json  # only where a user registered a schema

    try:
        index = json.loads(data)
    except ValueError:
        return {}
    if not isinstance(index, dict):
        return {}
    return {
        str(name): {str(k): str(v) for k, v in row.items()}
        for name, row in index.items()
        if isinstance(row, dict) and isinstance(row.get("sha256_lf"), str)
    }


def added_file(store: Path, sha256_lf: str) -> Path:
    """Where the store keeps a registered XSD: named by its content hash."""
    return store / ADDED_FOLDER / f"{sha256_lf}.xsd"


def _added_for(name: str, store: Path) -> bytes | None:
    row = added_schemas(store).get(name)
    if row is None:
        return None
    data = read_store_file(added_file(store, row["sha256_lf"]))
    if data is None or normalized_sha256(data) != row["sha256_lf"]:
        return None
    return data


@cache
def _user_schema(path_text: str, _mtime_ns: int, _size: int) -> etree.XMLSchema:
    """The XSD at ``path_text`` compiled; its modification time and size are only part of the
    cache key, so a changed file is compiled again."""
    from qenex_messages.iso20022.xmlsafe import safe_parser

    try:
        document = etree.parse(path_text, safe_parser())
        return etree.XMLSchema(document)
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError, OSError) as exc:
        raise SchemaNotInstalledError(f"{path_text}: cannot compile {path_text}: {exc}") from exc


@cache
def _added_schema(store_text: str, name: str, _sha256_lf: str) -> etree.XMLSchema:
    """The registered XSD ``name`` compiled; its recorded hash is only part of the cache key,
    so a registration again under the same name is compiled again."""
    data = _added_for(name, Path(store_text))
    if data is None:
        raise SchemaNotInstalledError(
            f"the registered XSD {name!r} is missing or was changed in {store_text}; "
            f"register it again with `qenex-messages schemas add FILE --as {name}`"
        )
    return compile_xsd(data, name)


def load_user_schema(path_or_name: str | Path) -> etree.XMLSchema:
    """A usage-guideline XSD: a file path, or a name registered with ``schemas add``.

    A file is compiled once per file version (an XSD that includes others is read from its
    folder); a registered name is read from the store and checked against its recorded hash.
    Raises :class:`~qenex_messages.SchemaNotInstalledError` when neither works.
    """
    candidate = Path(path_or_name).expanduser()
    if candidate.is_file():
        resolved = candidate.resolve()
        info = resolved.stat()
        return _user_schema(str(resolved), info.st_mtime_ns, info.st_size)
    name = str(path_or_name)
    store = Path(_store_text())
    row = added_schemas(store).get(name)
    if row is None:
        known = sorted(added_schemas(store))
        listed = f" (registered: {', '.join(known)})" if known else ""
        raise SchemaNotInstalledError(
            f"{name}: no such XSD file and no schema registered under that name{listed}; "
            "register one with `qenex-messages schemas add FILE --as NAME`"
        )
    return _added_schema(str(store), name, row["sha256_lf"])


@cache
def xsd_document(schema_id: str, store_text: str) -> etree._ElementTree:
    """The parsed XSD of ``schema_id`` (for the renderer's structure tables)."""
    from qenex_messages.iso20022.xmlsafe import safe_parser

    item = entry(schema_id)
    if item is None:
        raise SchemaNotInstalledError(f"{schema_id} is not in the schema catalog")
    data = _verified_bytes(item, Path(store_text))
    return etree.ElementTree(etree.fromstring(data, safe_parser()))
