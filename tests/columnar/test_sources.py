"""Compressed inputs are read directly, within the limits.

Properties: a gzip file gives the rows of the file it compresses (only its name and compression
differ); each zip member is an input named ``archive!member``; decompressed bytes past
``max_input_bytes`` are refused with ``QX004`` whatever the archive claims; a corrupt, truncated
or oversized archive gives ``QX090``, never an exception.
"""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path
from typing import Any

import pytest

from qenex_messages.columnar import sources, to_arrow
from qenex_messages.limits import Limits
from qenex_messages.pipeline import ValidationOptions
from tests.columnar.conftest import EXAMPLES

MT = EXAMPLES / "mt103.fin"
XML = EXAMPLES / "pacs.008.001.08-apphdr.xml"


def _without_source(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in {"source", "compression"}} for r in rows]


@pytest.mark.parametrize("original", [MT, XML], ids=lambda p: p.name)
def test_a_gzip_file_gives_the_rows_of_what_it_holds(tmp_path: Path, original: Path) -> None:
    packed = tmp_path / f"{original.name}.gz"
    packed.write_bytes(gzip.compress(original.read_bytes()))
    plain, compressed = to_arrow([original]), to_arrow([packed])
    for name in ("transactions", "findings", "files", "addresses"):
        assert _without_source(compressed[name].to_pylist()) == _without_source(
            plain[name].to_pylist()
        )
    assert compressed.files.column("compression").to_pylist() == ["gzip"]
    assert set(compressed.transactions.column("source").to_pylist()) == {str(packed)}


def test_each_zip_member_is_an_input(tmp_path: Path) -> None:
    archive = tmp_path / "traffic.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(MT, "day1/mt103.fin")
        out.write(XML, "day1/pacs.xml")
        out.writestr("day2/", "")
    tables = to_arrow([archive])
    assert tables.files.column("source").to_pylist() == [
        f"{archive}!day1/mt103.fin",
        f"{archive}!day1/pacs.xml",
    ]
    assert tables.transactions.num_rows == 2
    assert set(tables.files.column("compression").to_pylist()) == {"zip"}


def _codes(path: Path, limits: Limits | None = None) -> list[str]:
    options = ValidationOptions(limits=limits or Limits())
    return to_arrow([path], options).findings.column("code").to_pylist()


def test_a_zip_bomb_costs_at_most_the_limit(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("big.fin", b"{1:" + b"A" * 5_000_000)
    assert archive.stat().st_size < 100_000
    assert _codes(archive, Limits(max_input_bytes=1_000_000)) == ["QX004"]


def test_a_gzip_bomb_costs_at_most_the_limit(tmp_path: Path) -> None:
    packed = tmp_path / "bomb.fin.gz"
    packed.write_bytes(gzip.compress(b"{1:" + b"A" * 5_000_000))
    assert _codes(packed, Limits(max_input_bytes=1_000_000)) == ["QX004"]


def test_a_member_that_lies_about_its_size_is_still_capped(tmp_path: Path) -> None:
    """The reader never trusts the header: it counts what it decompresses."""
    handle = __import__("io").BytesIO(b"x" * 5000)
    assert sources.read_capped(handle, 1000) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.fin.gz", b"\x1f\x8b\x08\x00garbage"),
        ("truncated.fin.gz", gzip.compress(MT.read_bytes(), mtime=0)[:40]),
        ("broken.zip", b"PK\x03\x04 not really a zip"),
    ],
)
def test_a_corrupt_archive_is_one_finding(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert _codes(path) == ["QX090"]


def test_too_many_members_are_refused_past_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_ARCHIVE_MEMBERS", 2)
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for n in range(3):
            out.write(MT, f"m{n}.fin")
    tables = to_arrow([archive])
    assert tables.files.num_rows == 3
    assert tables.transactions.num_rows == 2
    assert tables.findings.column("code").to_pylist().count("QX090") == 1
