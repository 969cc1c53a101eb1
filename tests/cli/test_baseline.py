"""The baseline: accepted findings are left out, new ones are not, whatever lines move."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_messages import cli
from qenex_messages.baseline import Baseline, BaselineError, write_baseline
from qenex_messages.findings import Finding, Location, Report, Severity

CODES = ("T08", "U13", "QX102", "QX341")
POINTERS = (None, "71A", "/Document/GrpHdr/CtrlSum")

findings = st.builds(
    lambda code, pointer, value, line, column: Finding(
        code,
        Severity.ERROR,
        f"value '{value}' is wrong (first at line {line})",
        Location(line=line, column=column, xpath=pointer),
    ),
    st.sampled_from(CODES),
    st.sampled_from(POINTERS),
    st.sampled_from(("A", "B")),
    st.integers(1, 500),
    st.none() | st.integers(1, 80),
)
reports = st.lists(
    st.builds(
        lambda name, found: Report(source=f"pay/{name}", findings=found),
        st.sampled_from(("a.xml", "b.fin")),
        st.lists(findings, max_size=5),
    ),
    max_size=4,
)


def moved(report: Report, shift: int) -> Report:
    """The same report with every finding ``shift`` lines further down."""
    return replace(
        report,
        findings=[
            replace(f, location=replace(f.location, line=(f.location.line or 0) + shift))
            for f in report.findings
        ],
    )


@settings(max_examples=60, deadline=None)
@given(reports, st.integers(0, 40))
def test_a_baseline_accepts_its_own_run_after_lines_move(
    tmp_path_factory: pytest.TempPathFactory, run: list[Report], shift: int
) -> None:
    """Every finding recorded is accepted again, even when every line moved."""
    path = tmp_path_factory.mktemp("b") / "baseline.json"
    written = write_baseline(path, run)
    baseline = Baseline.load(path)
    left = [baseline.apply(moved(r, shift)) for r in run]
    assert all(not r.findings for r in left)
    assert baseline.accepted == written == sum(len(r.findings) for r in run)
    assert baseline.unmatched == 0


@settings(max_examples=60, deadline=None)
@given(reports, findings)
def test_a_new_finding_is_not_accepted(
    tmp_path_factory: pytest.TempPathFactory, run: list[Report], new: Finding
) -> None:
    """A finding added to a file is reported, even if it repeats an accepted one: each
    accepted finding is used once."""
    path = tmp_path_factory.mktemp("b") / "baseline.json"
    write_baseline(path, run)
    later = [*run[:-1], Report(source="pay/a.xml", findings=[new])]
    if run:
        later[-1:] = [run[-1], later[-1]]
    baseline = Baseline.load(path)
    left = [f for r in later for f in baseline.apply(r).findings]
    assert new in left
    assert len(left) == 1


def test_what_makes_a_finding_new(tmp_path: Path) -> None:
    """Code, file, element and value make a finding; line and column do not."""
    base = Finding("T08", Severity.ERROR, "71A 'XYZ' is not BEN", Location(line=3, field="71A"))
    path = tmp_path / "baseline.json"
    write_baseline(path, [Report(source="a.fin", findings=[base])])
    variants = {
        "moved": replace(base, location=Location(line=9, column=2, field="71A")),
        "other code": replace(base, code="T26"),
        "other element": replace(base, location=Location(line=3, field="71F")),
        "other value": replace(base, message="71A 'XYA' is not BEN"),
    }
    kept = {
        name: bool(Baseline.load(path).apply(Report(source="a.fin", findings=[f])).findings)
        for name, f in variants.items()
    }
    kept["other file"] = bool(
        Baseline.load(path).apply(Report(source="b.fin", findings=[base])).findings
    )
    assert kept == {
        "moved": False,
        "other code": True,
        "other element": True,
        "other value": True,
        "other file": True,
    }


def test_paths_are_relative_to_the_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A baseline written from one folder matches a run started in another."""
    (tmp_path / "pay").mkdir()
    monkeypatch.chdir(tmp_path)
    finding = Finding("U13", Severity.ERROR, "no UETR", Location(field="3:121"))
    write_baseline(tmp_path / "baseline.json", [Report(source="pay/a.fin", findings=[finding])])
    entry = json.loads((tmp_path / "baseline.json").read_text("utf-8"))["findings"][0]
    assert entry["path"] == "pay/a.fin"
    monkeypatch.chdir(tmp_path / "pay")
    baseline = Baseline.load(Path("../baseline.json"))
    assert not baseline.apply(Report(source="a.fin", findings=[finding])).findings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", r"not a baseline file \(not JSON"),
        ('{"version": 2, "findings": []}', "not a version 1 baseline file"),
        ('{"version": 1, "findings": [{"code": "T08"}]}', "needs a code, path and fingerprint"),
    ],
)
def test_a_broken_baseline_is_refused(tmp_path: Path, text: str, message: str) -> None:
    """A file that is not a baseline is an error naming it, never an empty baseline."""
    path = tmp_path / "b.json"
    path.write_text(text, "utf-8")
    with pytest.raises(BaselineError, match=message):
        Baseline.load(path)


def test_the_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--write-baseline exits 0; --baseline then passes until a finding is new; a missing
    baseline file is a usage error."""
    message = tmp_path / "m.fin"
    original = (Path(__file__).parent / "data" / "mt103-no-uetr-bad-charges.fin").read_bytes()
    message.write_bytes(original)
    baseline = str(tmp_path / "baseline.json")
    assert cli.main(["validate", "--no-config", "--write-baseline", baseline, str(message)]) == 0
    assert "wrote 2 findings to" in capsys.readouterr().err
    assert cli.main(["validate", "--no-config", "--baseline", baseline, str(message)]) == 0
    capsys.readouterr()
    message.write_bytes(b"\r\n" + original.replace(b":71A:XYZ", b":71A:XYW"))  # moved, changed
    assert cli.main(["validate", "--no-config", "--baseline", baseline, str(message)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{message}:18:6: ERROR T08 71A 'XYW' is not BEN, OUR or SHA [71A]",
        "1 file, 1 message: 1 error, 0 warnings",
    ]
    assert err.splitlines()[-1] == (
        f"qenex-messages: 1 finding accepted by the baseline {baseline}; 1 of its findings no "
        "longer occur (write it again with --write-baseline to drop them)"
    )
    code = cli.main(["validate", "--baseline", str(tmp_path / "none.json"), str(message)])
    assert code == 2
    assert "none.json: No such file or directory" in capsys.readouterr().err
