"""The schema store: install from a mirror or HTTP, hash refusal, timeouts, status, missing."""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from pathlib import Path

import pytest

from qenex_messages.findings import QenexError, SchemaNotInstalledError
from qenex_messages.iso20022 import check_xml, install_schemas, schema_status
from qenex_messages.iso20022.schemas import (
    SchemaDownloadError,
    SchemaIntegrityError,
    catalog,
    load_schema,
    schema_store,
)

from .conftest import MIRROR

pytestmark = pytest.mark.skipif(not MIRROR.is_dir(), reason="no ../shared/schemas mirror")


def serve(folder: Path, *, hang: bool = False) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 (or hang on every request)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            if hang:
                time.sleep(3)
                return
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def mirror_copy(tmp_path: Path) -> Path:
    """A writable copy of the ISO XSDs of the mirror."""
    folder = tmp_path / "mirror"
    shutil.copytree(MIRROR / "iso20022", folder)
    return folder


def test_install_from_mirror_then_unchanged(tmp_path: Path) -> None:
    """Every catalog XSD installs from the mirror; a second run changes nothing."""
    store = tmp_path / "store"
    first = install_schemas(MIRROR, store=store)
    assert {r.action for r in first} == {"installed"}
    assert len(first) == len(catalog())
    assert {s.state for s in schema_status(store=store)} == {"installed"}
    assert {r.action for r in install_schemas(MIRROR, store=store)} == {"unchanged"}


def test_status_reports_missing_and_corrupt(tmp_path: Path) -> None:
    """Deleted files are missing, edited ones corrupt, and a corrupt schema is not used."""
    store = tmp_path / "store"
    install_schemas(MIRROR, store=store)
    (store / "pacs.008.001.02.xsd").unlink()
    (store / "pain.001.001.03.xsd").write_bytes(b"<xs:schema/>")
    states = {s.id: s.state for s in schema_status(store=store)}
    assert states["pacs.008.001.02"] == "missing"
    assert states["pain.001.001.03"] == "corrupt"
    assert states["pacs.008.001.08"] == "installed"
    with pytest.raises(SchemaNotInstalledError, match="schemas install"):
        load_schema("pain.001.001.03", store=store)


def test_tampered_mirror_file_is_refused(tmp_path: Path, mirror_copy: Path) -> None:
    """A file whose SHA-256 differs from the catalog raises and is not installed."""
    target = mirror_copy / "pacs.008.001.08.xsd"
    target.write_bytes(target.read_bytes().replace(b"Max35Text", b"Max36Text", 1))
    store = tmp_path / "store"
    with pytest.raises(SchemaIntegrityError, match="SHA-256"):
        install_schemas(mirror_copy, store=store)
    assert not (store / "pacs.008.001.08.xsd").exists()


def test_missing_file_in_mirror_is_unavailable(tmp_path: Path, mirror_copy: Path) -> None:
    """An entry the mirror lacks is reported, the rest installed."""
    (mirror_copy / "pain.002.001.10.xsd").unlink()
    results = {r.id: r.action for r in install_schemas(mirror_copy, store=tmp_path / "s")}
    assert results["pain.002.001.10"] == "unavailable"
    assert results["pacs.008.001.08"] == "installed"


def test_install_from_local_http_server(tmp_path: Path, mirror_copy: Path) -> None:
    """A base URL serving the files installs them."""
    server, url = serve(mirror_copy)
    try:
        results = install_schemas(url, store=tmp_path / "store", timeout=5)
    finally:
        server.shutdown()
        server.server_close()
    assert {r.action for r in results} == {"installed"}


def test_corrupted_file_over_http_is_refused(tmp_path: Path, mirror_copy: Path) -> None:
    """A corrupted download raises SchemaIntegrityError (a QenexError)."""
    (mirror_copy / "head.001.001.02.xsd").write_bytes(b"<corrupt/>")
    server, url = serve(mirror_copy)
    try:
        with pytest.raises(QenexError, match="SHA-256"):
            install_schemas(url, store=tmp_path / "store", timeout=5)
    finally:
        server.shutdown()
        server.server_close()


def test_hanging_server_times_out(tmp_path: Path, mirror_copy: Path) -> None:
    """A server that never answers gives SchemaDownloadError within the timeout, not a hang."""
    server, url = serve(mirror_copy, hang=True)
    start = time.perf_counter()
    try:
        with pytest.raises(SchemaDownloadError, match="no answer"):
            install_schemas(url, store=tmp_path / "store", timeout=0.5)
    finally:
        server.shutdown()
        server.server_close()
    assert time.perf_counter() - start < 2.5


def test_no_source_and_no_url_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries without an official URL need a mirror; they are reported, never guessed."""
    monkeypatch.delenv("QENEX_SCHEMA_MIRROR", raising=False)
    store = tmp_path / "store"
    for item in catalog():
        if item.url:  # pretend it is already there so no network is used
            store.mkdir(exist_ok=True)
            shutil.copy(MIRROR / "iso20022" / item.file, store / item.file)
    results = install_schemas(None, store=store)
    assert {r.action for r in results if not (store / r.file).exists()} <= {"unavailable"}
    assert any(r.action == "unavailable" and "mirror" in r.origin for r in results)


def test_store_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """QENEX_SCHEMA_DIR wins, then XDG_DATA_HOME, then ~/.local/share."""
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "a"))
    assert schema_store() == tmp_path / "a"
    monkeypatch.delenv("QENEX_SCHEMA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "x"))
    assert schema_store() == tmp_path / "x" / "qenex-messages" / "schemas"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert schema_store() == Path.home() / ".local/share/qenex-messages/schemas"


def test_check_without_schema_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Validation with an empty store is a finding naming the command, not a traceback."""
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "empty"))
    data = (MIRROR.parent / "corpus/iso20022/pacs008/pacs.008.001.08.xml").read_bytes()
    report = check_xml(data)
    assert "QX320" in report.codes()
    assert "qenex-messages schemas install" in report.errors[0].message


def test_user_schema(tmp_path: Path) -> None:
    """A usage-guideline XSD given by path is used instead of the catalog one."""
    data = (MIRROR.parent / "corpus/iso20022/pacs008/pacs.008.001.08.xml").read_bytes()
    cbpr = MIRROR / "cbpr" / "CBPRPlus_pacs_008_001_08_20210413_0914.xsd"
    report = check_xml(data, schema=cbpr)
    assert any(f.code == "QX325" and "CreDtTm" in f.message for f in report.errors)
    broken = tmp_path / "broken.xsd"
    broken.write_text("<nope")
    assert "QX321" in check_xml(data, schema=broken).codes()
