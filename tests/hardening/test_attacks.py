"""Every attack of the corpus through every public entry point: findings (or a documented
QenexError) within bounded time and memory, and no file or network access attempted."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from qenex_messages.findings import Severity

from .attacks import ENTRY_POINTS, SECRET, UNDECLARED_ENTITY_DOCTYPES, mt_attacks, xml_attacks

# Entry points that may succeed on some attacks (e.g. a UTF-16 document whose BOM overrides its
# declaration parses fine); the others must report something.
MAY_PASS = {"parse_document", "parse_mt_messages", "parse_mt103", "iter_transactions", "parse_xml"}
SECONDS = 20.0
REPO = Path(__file__).resolve().parents[2]

# Audit events seen while an attack runs (hooks cannot be removed, so one records for all).
_EVENTS: list[tuple[str, str]] = []
_RECORDING = threading.Event()


def _hook(event: str, args: tuple[object, ...]) -> None:
    if not _RECORDING.is_set():
        return
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _EVENTS.append(("open", os.fsdecode(args[0])))
    elif event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        _EVENTS.append((event, repr(args[:2])))


sys.addaudithook(_hook)


class Canary:
    """A local TCP server that records every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.2)
        self.hits = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.thread.join(2)
        self.server.close()


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    """The canary server the network attacks point at."""
    server = Canary()
    yield server
    server.close()


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file only an XXE could read: its content must never appear in any output."""
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture(scope="module")
def corpus(canary: Canary, secret_file: Path) -> dict[str, bytes]:
    """Every attack by name (built once: one of them is 100 MB)."""
    return {**xml_attacks(secret_file, canary.url), **mt_attacks()}


def _allowed_roots(work: Path, schema_store: Path) -> tuple[str, ...]:
    # the command reads its settings file, found by walking up from the working directory
    settings = [
        str(folder / name)
        for folder in (Path.cwd(), *Path.cwd().parents)
        for name in ("pyproject.toml", ".qenex-messages.toml")
    ]
    return (
        *settings,
        str(work),
        str(schema_store),
        sys.prefix,
        sys.base_prefix,
        str(REPO / "src"),
        "/dev/",
        "/proc/",
    )


def _attacks() -> list[str]:
    return list(xml_attacks(Path("/x"), "http://x")) + list(mt_attacks())


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("attack", _attacks())
def test_attack(
    attack: str,
    entry: str,
    canary: Canary,
    corpus: dict[str, bytes],
    schema_store: Path,
    tmp_path: Path,
) -> None:
    """Findings or a QenexError, fast, in bounded memory, without touching files or network."""
    data = corpus[attack]
    path = tmp_path / ("attack.xml" if data.lstrip()[:1] == b"<" else "attack.fin")
    path.write_bytes(data)
    hits = canary.hits
    _EVENTS.clear()
    tracemalloc.start()
    _RECORDING.set()
    start = time.perf_counter()
    try:
        findings = ENTRY_POINTS[entry](data, path)
    finally:
        elapsed = time.perf_counter() - start
        _RECORDING.clear()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < SECONDS, f"{elapsed:.1f} s"
    bound = 6 * len(data) + (64 << 20)
    assert peak < bound, f"peak {peak:,} bytes for {len(data):,} input"
    if entry not in MAY_PASS:
        assert any(f.severity is not Severity.INFO for f in findings), findings[:3]
    assert canary.hits == hits, "a connection reached the canary server"
    assert all(SECRET not in f.message for f in findings)
    roots = _allowed_roots(tmp_path, schema_store)
    stray = [e for e in _EVENTS if e[0] != "open" or not e[1].startswith(roots)]
    assert not stray, stray[:5]


@pytest.mark.parametrize("name", sorted(UNDECLARED_ENTITY_DOCTYPES))
@pytest.mark.parametrize("utf16", [False, True], ids=["utf-8", "utf-16"])
def test_a_hidden_parameter_entity_is_refused_whole_and_streamed(
    name: str, utf16: bool, tmp_path: Path
) -> None:
    """Whole and streamed, a DOCTYPE with a parameter-entity reference hidden from a simple
    scan is refused alike (QX302), not read with an entity nothing declares."""
    from qenex_messages.pipeline import validate_bytes
    from qenex_messages.pipeline.stream import validate_stream

    from .attacks import _doc

    data = _doc(UNDECLARED_ENTITY_DOCTYPES[name], "&foo;")
    if utf16:
        data = data.decode().replace("UTF-8", "UTF-16").encode("utf-16")
    path = tmp_path / "m.xml"
    path.write_bytes(data)
    (whole,) = validate_bytes(data, source="m.xml")
    streamed = list(validate_stream(str(path)))
    assert [f.code for f in whole.findings] == ["QX302"]
    assert [f.code for f in streamed] == ["QX302"]
