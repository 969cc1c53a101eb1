"""The Dask adapter gives the command's findings, on a real ``distributed`` cluster.

Properties, on a LocalCluster of 2 worker processes over examples/ and ../shared/corpus: the
reports of ``validate_on_dask`` hold exactly the findings ``validate --format json`` prints;
splitting bulk MT files into one task per message changes nothing (lines included); the Parquet
dataset ``export_on_dask`` writes holds the rows of ``to_arrow``; without a client a local
cluster is started and closed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from distributed import Client, LocalCluster

from qenex_messages.columnar import TABLES, to_arrow
from qenex_messages.engines.on_dask import (
    export_on_dask,
    message_ranges,
    validate_on_dask,
)
from qenex_messages.findings import Finding, Report
from qenex_messages.pipeline import ValidationOptions
from tests.columnar.test_findings_parity import (
    FILES,
    command_findings,
    table_findings,
)
from tests.conftest import REPO


@pytest.fixture(scope="module")
def client(schema_store: Path) -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as running,
    ):
        yield running


def _keys(reports: list[Report]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (r.source, r.index, f.code, f.severity.value, f.message, *_where(f))
        for r in reports
        for f in r.findings
    )


def _where(finding: Finding) -> tuple[Any, ...]:
    loc = finding.location
    return (loc.line, loc.column, loc.field, loc.xpath)


def test_the_findings_on_dask_are_the_commands(client: Client, tmp_path: Path) -> None:
    reports = validate_on_dask(FILES, client=client)
    assert _keys(reports) == command_findings(FILES, tmp_path)
    assert [r.source for r in reports] == sorted({str(p) for p in FILES}, key=FILES_ORDER)


def FILES_ORDER(name: str) -> int:
    return [str(p) for p in FILES].index(name)


@pytest.fixture
def bulk(tmp_path: Path) -> Path:
    """An MT file of several messages: the examples and some corpus MT103s, with separators."""
    singles = [REPO / "examples" / "mt103.fin", REPO / "examples" / "mt103-stp.fin"] * 3
    singles += [p for p in FILES if p.suffix == ".txt"][:20]
    path = tmp_path / "bulk.fin"
    path.write_bytes(b"\r\n$\r\n".join(p.read_bytes().strip() for p in singles) + b"\r\n")
    return path


def test_one_task_per_message_changes_nothing(client: Client, bulk: Path, tmp_path: Path) -> None:
    assert len(message_ranges(str(bulk), ValidationOptions())) > 2
    reports = validate_on_dask([bulk], client=client, per_message=True)
    assert _keys(reports) == command_findings([bulk], tmp_path)
    assert [r.index for r in reports] == list(range(len(reports)))


def test_the_exported_dataset_holds_the_rows_of_to_arrow(client: Client, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    counts = export_on_dask(FILES, tmp_path / "out", client=client)
    expected = to_arrow(FILES)
    for name in TABLES:
        if name == "translations":
            continue
        written = pq.read_table(tmp_path / "out" / name).to_pylist()
        assert counts[name] == len(written) == expected[name].num_rows
        if name == "findings":
            assert table_findings(written) == table_findings(expected[name].to_pylist())


def test_without_a_client_a_local_cluster_runs(schema_store: Path) -> None:
    files = [REPO / "examples" / "mt103.fin", REPO / "examples" / "pain.001.001.03.xml"]
    reports = validate_on_dask(files)
    assert [r.source for r in reports] == [str(p) for p in files]


def test_the_page_example_prints_what_it_says(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib
    import io
    import re

    page = (REPO / "docs" / "scale-out.md").read_text("utf-8")
    section = page[page.index("## Dask") : page.index("## Spark")]
    code, expected = re.findall(r"```python\n(.*?)```\n\n```text\n(.*?)```", section, re.S)[0]
    monkeypatch.chdir(REPO)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "docs/scale-out.md", "exec"), {"client": client})
    assert printed.getvalue() == expected


def test_one_task_per_message_judges_on_the_day_checked_on(tmp_path: Path) -> None:
    """A per-message task takes the run's ``as_of``: a 50F date of birth after the real today
    but before the day checked on is not reported, as by the command."""
    from datetime import date

    from qenex_messages.engines.on_dask import _validate_range
    from tests.mt.test_date_of_birth import _with_birth

    path = tmp_path / "born.fin"
    path.write_text(_with_birth("20300101").strip() + "\r\n$\r\n" + _with_birth("20300101"))
    later = ValidationOptions(as_of=date(2031, 1, 1))
    ranges = [r for r in message_ranges(str(path), later) if not isinstance(r, str)]
    assert len(ranges) == 2
    findings = [f.code for r in ranges for report in _validate_range(r, later) for f in report]
    assert "T50" not in findings
    today = [
        f.code for r in ranges for report in _validate_range(r, ValidationOptions()) for f in report
    ]
    assert "T50" in today
