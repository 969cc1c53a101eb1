"""The exported findings are the command's findings.

Property: for every message file of ../shared/corpus, examples/ and tests/data/broken/, the
findings table of an export holds exactly the multiset of (source, message index, code,
severity, message, line, column, field, XPath) that ``qenex-messages validate --format json``
reports, plus one ``QX141`` for each message the command names that has no transaction rows
(it cannot be read into the model) and none for any other; and the transactions table holds one
row per transaction of the model, with every amount equal to the model's ``Decimal``.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from qenex_messages.cli import main
from qenex_messages.columnar import to_arrow
from qenex_messages.columnar.rows import MODEL_UNREADABLE
from qenex_messages.findings import QenexError
from qenex_messages.pipeline.validate import load_models
from tests.columnar.conftest import EXAMPLES, corpus_files
from tests.conftest import REPO

BROKEN = sorted(p for p in (REPO / "tests" / "data" / "broken").iterdir() if p.suffix != ".toml")
FILES = [*sorted(EXAMPLES.iterdir()), *BROKEN, *corpus_files()]
UNREAD = MODEL_UNREADABLE.code
Key = tuple[Any, ...]


def command_entries(paths: list[Path], tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    """The reports of `validate --format json` on ``paths``."""
    out = tmp_path / "report.json"
    code = main(["validate", *map(str, paths), "--format", "json", "-o", str(out), *extra])
    assert code in (0, 1, 2)  # 2: an XSD outside the defaults is missing (a finding too)
    entries: list[dict[str, Any]] = json.loads(out.read_text("utf-8"))["files"]
    return entries


def command_findings(paths: list[Path], tmp_path: Path, *extra: str) -> Counter[Key]:
    """The findings of `validate --format json` on ``paths``, as table keys."""
    found: Counter[Key] = Counter()
    for entry in command_entries(paths, tmp_path, *extra):
        for f in entry["findings"]:
            where = (f["line"], f["column"], f["field"], f["xpath"])
            found[
                (entry["path"], entry["index"], f["code"], f["severity"], f["message"], *where)
            ] += 1
    return found


def table_findings(rows: list[dict[str, Any]]) -> Counter[Key]:
    """The findings rows as keys, but for the ``QX141`` rows the export adds."""
    names = ("source", "message_index", "code", "severity", "message")
    names += ("line", "column", "field", "xpath")
    return Counter(tuple(r[n] for n in names) for r in rows if r["code"] != UNREAD)


def test_the_findings_table_is_what_validate_reports(tmp_path: Path) -> None:
    tables = to_arrow(FILES)
    assert table_findings(tables.findings.to_pylist()) == command_findings(FILES, tmp_path)
    assert tables.files.num_rows == len(FILES)


def test_each_message_without_transaction_rows_has_one_qx141(tmp_path: Path) -> None:
    tables = to_arrow(FILES)
    read = {(r["source"], r["message_index"]) for r in tables.transactions.to_pylist()}
    named = {(e["path"], e["index"]) for e in command_entries(FILES, tmp_path) if e["message_type"]}
    unread = Counter(
        (r["source"], r["message_index"])
        for r in tables.findings.to_pylist()
        if r["code"] == UNREAD
    )
    assert unread == Counter(named - read)
    assert all(
        r["severity"] == "warning" for r in tables.findings.to_pylist() if r["code"] == UNREAD
    )
    assert unread  # tests/data/broken has messages the model cannot read


def test_a_profile_and_a_date_give_the_same_findings_as_the_command(tmp_path: Path) -> None:
    from datetime import date

    from qenex_messages.pipeline import ValidationOptions

    options = ValidationOptions(profile="auto", as_of=date(2026, 12, 1))
    tables = to_arrow(FILES, options)
    expected = command_findings(FILES, tmp_path, "--profile", "auto", "--as-of", "2026-12-01")
    assert table_findings(tables.findings.to_pylist()) == expected


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_one_row_per_transaction_with_the_exact_amounts(path: Path) -> None:
    rows = to_arrow([path]).transactions.to_pylist()
    try:
        models = [m for m, _, _ in load_models(path.read_bytes(), source=str(path))]
    except QenexError:  # no message the model can read: no transaction rows
        models = []
    expected = [
        (index, number, t.amount.value if t.amount else None)
        for index, model in enumerate(models)
        if model is not None
        for number, t in enumerate(model.iter_transactions())
    ]
    got = [(r["message_index"], r["transaction_index"], r["amount"]) for r in rows]
    assert got == expected
    assert all(isinstance(r["amount"], Decimal | None) for r in rows)


def test_reports_give_their_findings_and_files_only() -> None:
    from qenex_messages import validate_path

    reports = [r for path in FILES[:4] for r in validate_path(path)]
    tables = to_arrow(reports)
    expected = Counter(
        (r.source, r.index, f.code, f.severity.value, f.message, *_where(f))
        for r in reports
        for f in r.findings
    )
    assert table_findings(tables.findings.to_pylist()) == expected
    assert tables.files.column("source").to_pylist() == [str(p) for p in FILES[:4]]
    assert tables.transactions.num_rows == 0


def _where(finding: Any) -> tuple[Any, ...]:
    loc = finding.location
    return (loc.line, loc.column, loc.field, loc.xpath)


def test_a_message_the_model_cannot_read_is_a_finding_not_a_silent_gap(tmp_path: Path) -> None:
    message = (EXAMPLES / "mt103.fin").read_text("utf-8").strip()
    bulk = tmp_path / "bulk.fin"
    bulk.write_text(f"{message}\r\n$\r\n{message.replace('{2:I103', '{2:I202', 1)}\r\n", "utf-8")
    tables = to_arrow([bulk])
    assert [r["message_index"] for r in tables.transactions.to_pylist()] == [0]
    unread = [r for r in tables.findings.to_pylist() if r["code"] == UNREAD]
    assert [(r["message_index"], r["severity"]) for r in unread] == [(1, "warning")]
    assert "MT202" in unread[0]["message"]
    assert tables.files.to_pylist()[0]["warnings"] >= 1
