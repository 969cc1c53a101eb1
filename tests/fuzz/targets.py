"""One fuzz target per public entry point: each takes bytes and may only return, or raise a
documented :class:`~qenex_messages.QenexError`. Anything else (another exception, a hang, a
crash) is a defect. Used by the coverage-guided runner (:mod:`tests.fuzz.run`) and, over the
seed corpus, by the test suite."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

from qenex_messages import (
    QenexError,
    check_mt,
    check_xml,
    detect_format,
    iter_transactions,
    migrate,
    mt103_to_pacs008,
    pacs008_to_mt103,
    pain001_to_pacs008,
    parse_document,
    parse_mt103,
    parse_mt_messages,
    propose_address,
    render_document,
    render_mt103,
    validate_bytes,
    validate_stream,
)
from qenex_messages.iso20022 import parse_xml

REPO = Path(__file__).resolve().parents[2]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
SUFFIXES = (".xml", ".fin", ".txt", ".mt", ".mt103")


def _document(data: bytes) -> None:
    parsed = parse_document(data, source="fuzz")
    if parsed.info.version is not None:
        render_document(parsed.model, parsed.info.version)


def _mt103(data: bytes) -> None:
    message = parse_mt103(data, source="fuzz")
    render_mt103(message.to_model().value)


def _address(data: bytes) -> None:
    propose_address(data.decode("utf-8", "replace").splitlines()[:8])


def _stream(data: bytes) -> None:
    for _ in validate_stream(io.BytesIO(data), source="fuzz"):
        pass


def _transactions(data: bytes) -> None:
    for _ in iter_transactions(io.BytesIO(data), source="fuzz"):
        pass


TARGETS: dict[str, Callable[[bytes], object]] = {
    "check_xml": lambda d: check_xml(d, source="fuzz"),
    "parse_xml": lambda d: parse_xml(d, source="fuzz"),
    "parse_document": _document,
    "validate_bytes": lambda d: validate_bytes(d, source="fuzz"),
    "validate_cbpr": lambda d: validate_bytes(d, source="fuzz", profile="cbpr+"),
    "validate_sepa": lambda d: validate_bytes(d, source="fuzz", profile="sepa"),
    "detect_format": detect_format,
    "check_mt": lambda d: check_mt(d, source="fuzz"),
    "parse_mt_messages": lambda d: parse_mt_messages(d, source="fuzz"),
    "parse_mt103": _mt103,
    "mt103_to_pacs008": mt103_to_pacs008,
    "pacs008_to_mt103": pacs008_to_mt103,
    "pain001_to_pacs008": pain001_to_pacs008,
    "migrate": lambda d: migrate(d, to="pacs.008.001.10"),
    "propose_address": _address,
    "validate_stream": _stream,
    "iter_transactions": _transactions,
}


def run(name: str, data: bytes) -> None:
    """Call target ``name`` on ``data``; a documented QenexError is an answer, not a defect."""
    with contextlib.suppress(QenexError):
        TARGETS[name](data)


def run_any(data: bytes) -> None:
    """The first byte picks the target, the rest is its input (one process fuzzes them all)."""
    if data:
        names = sorted(TARGETS)
        run(names[data[0] % len(names)], data[1:])


def seeds(*, shared: bool = True) -> list[bytes]:
    """The examples of the repository and (``shared``, where present) the ../shared corpus."""
    roots = [REPO / "examples"] + ([SHARED_CORPUS] if shared and SHARED_CORPUS.is_dir() else [])
    found = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix.lower() in SUFFIXES:
                found.append(path.read_bytes())
    return found
