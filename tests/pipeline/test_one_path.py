"""One validation reads its input once: the size is checked once, the byte-order mark split once
and the Document located once, whatever the format and whether a rulebook runs.

The functions that do each job are wrapped with counters; a validation of an MT file, an XML
file, and an XML file under a named and an ``auto`` profile must call each at most once (the
Document is located only in XML)."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qenex_messages import inputs, validate_bytes, validate_path
from qenex_messages.limits import Limits
from qenex_messages.rules import view
from tests.conftest import REPO

detect = importlib.import_module(
    "qenex_messages.iso20022.detect"
)  # the package re-exports detect()

_MT = REPO / "examples" / "mt103.fin"
_XML = REPO / "examples" / "pain.001.001.09-sepa.xml"
_ENVELOPE = REPO / "examples" / "pacs.008.001.08-apphdr.xml"
CASES = [
    ("MT", _MT, None, 0),
    ("XML", _XML, None, 1),
    ("XML+sepa", _XML, "sepa", 1),
    ("XML+auto", _XML, "auto", 1),
    ("AppHdr+cbpr+", _ENVELOPE, "cbpr+", 1),
]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts of size checks, BOM splits and Document look-ups while the test runs."""
    counted: Counter[str] = Counter()

    def spy(owner: Any, name: str, label: str, when: Callable[..., bool] | None = None) -> None:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if when is None or when(*args, **kwargs):
                counted[label] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    def document(_root: Any, name: str, *_rest: Any) -> bool:
        return name == "Document"

    spy(Limits, "input_refused", "size")
    spy(inputs, "split_bom", "bom")
    monkeypatch.setattr(detect, "_BARE", {})  # detection reads the tree, not what it kept
    monkeypatch.setattr(detect, "_ENVELOPED", {})
    spy(detect, "_one", "document", document)
    spy(view, "_find_local", "document", document)
    return counted


@pytest.mark.parametrize(
    ("label", "path", "profile", "documents"), CASES, ids=[c[0] for c in CASES]
)
def test_a_file_is_sized_split_and_located_once(
    calls: Counter[str], label: str, path: Path, profile: str | None, documents: int
) -> None:
    reports = validate_path(path, profile=profile)
    assert reports and reports[0].message_type, label
    assert calls == Counter({"size": 1, "bom": 1, "document": documents}), label


@pytest.mark.parametrize(
    ("label", "path", "profile", "documents"), CASES, ids=[c[0] for c in CASES]
)
def test_bytes_are_sized_split_and_located_once(
    calls: Counter[str], label: str, path: Path, profile: str | None, documents: int
) -> None:
    validate_bytes(path.read_bytes(), source=path.name, profile=profile)
    assert calls == Counter({"size": 1, "bom": 1, "document": documents}), label


def test_a_file_over_the_limit_is_refused_by_its_one_check(calls: Counter[str]) -> None:
    """The one size check still refuses: read_path measures, nothing reads the bytes."""
    limits = Limits(max_input_bytes=100)
    [report] = validate_path(_XML, limits=limits)
    assert [f.code for f in report] == ["QX004"]
    assert calls == Counter({"size": 1})
