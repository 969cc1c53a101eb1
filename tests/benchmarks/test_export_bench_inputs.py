"""The export benchmark times valid traffic: the messages it generates validate clean, so its
figures are those of the common case, not of building findings for a generator's mistake."""

from __future__ import annotations

from pathlib import Path

from qenex_messages import validate_path
from tests.conftest import REPO, load_script


def test_generated_messages_validate_clean(tmp_path: Path) -> None:
    bench = load_script(REPO / "benchmarks" / "export_bench.py", "export_bench")
    pacs = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_text("utf-8")
    mt = (REPO / "examples" / "mt103.fin").read_text("utf-8").strip()
    bench._pacs_file(tmp_path / "p.xml", 123_456, 4, pacs)
    bench._mt_file(tmp_path / "m.fin", 123_456, 4, mt)
    for path in (tmp_path / "p.xml", tmp_path / "m.fin"):
        reports = validate_path(path)
        assert len(reports) == (1 if path.suffix == ".xml" else 4)
        assert [f.code for r in reports for f in r] == [], path.name
