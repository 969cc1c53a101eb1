"""`qenex-messages export` writes the tables and nothing else; docs/scale-out.md runs.

Properties: the command writes exactly one Parquet file per table into DIR (no partial file left),
each with the schema of the module; the tables are those of ``to_arrow`` on the same inputs,
whatever the number of processes; a bad path or standard input is a usage error (exit 2) that
writes nothing; the Python example and the two DuckDB queries of docs/scale-out.md print what the
page says.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from qenex_messages.cli import main
from qenex_messages.columnar import TABLES, arrow_schema, to_arrow
from tests.columnar.conftest import EXAMPLES
from tests.conftest import REPO

PAGE = (REPO / "docs" / "scale-out.md").read_text("utf-8")


def _export(out: Path, *extra: str) -> None:
    assert main(["export", str(EXAMPLES), "-o", str(out), *extra]) == 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_export_writes_the_tables_of_to_arrow(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    _export(out, "--jobs", jobs, "--translations")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.parquet" for n in TABLES)
    expected = to_arrow(sorted(EXAMPLES.iterdir()), translations=True)
    for name in TABLES:
        table = pq.read_table(out / f"{name}.parquet")
        assert table.schema.equals(arrow_schema(name), check_metadata=True)
        assert table.to_pylist() == expected[name].to_pylist()


@pytest.mark.parametrize("paths", [["missing.fin"], ["-"]])
def test_a_usage_error_writes_nothing(tmp_path: Path, paths: list[str]) -> None:
    out = tmp_path / "out"
    assert main(["export", *paths, "-o", str(out)]) == 2
    assert not out.exists()


def _blocks(kind: str) -> list[tuple[str, str]]:
    blocks = re.findall(r"```(\w*)\n(.*?)```", PAGE, re.DOTALL)
    return [
        (code, blocks[i + 1][1])
        for i, (lang, code) in enumerate(blocks[:-1])
        if lang == kind and blocks[i + 1][0] == "text"
    ]


def test_the_python_example_prints_what_the_page_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    (code, expected), *_ = _blocks("python")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "docs/scale-out.md", "exec"), {})
    assert printed.getvalue() == expected


def test_the_migration_queries_answer_as_the_page_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    duckdb = pytest.importorskip("duckdb")
    queries = _blocks("sql")
    assert len(queries) == 2
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["qenex-messages"])
    assert main(["export", str(EXAMPLES), "-o", "out", "--translations", "--jobs", "1"]) == 0
    for sql, expected in queries:
        rows = duckdb.connect().sql(sql).fetchall()
        assert "".join("|".join(str(v) for v in row) + "\n" for row in rows) == expected
