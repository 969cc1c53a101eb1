"""`validate --manifest`: a run that stops midway and is resumed gives the findings of a run that
never stopped, and does not validate finished files again.

Properties: for the files of examples/ and ../shared/corpus, (1) a run stopped (Ctrl-C) after
some files and then resumed prints the JSON report of an uninterrupted run; (2) the same holds
when the process is killed (SIGKILL) while it writes; (3) a finished file is skipped on resume
unless its content changed; (4) resuming with other options is refused (exit 2); (5) the
manifest pins the date of date-dependent rules.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from qenex_messages.cli import main
from qenex_messages.engines import manifest as mf
from tests.conftest import REPO, SHARED

FILES = [str(p) for p in sorted((REPO / "examples").iterdir())]
if (SHARED / "corpus").is_dir():
    FILES += [str(p) for p in sorted((SHARED / "corpus" / "mt103").rglob("*.txt"))]
    FILES += [str(p) for p in sorted((SHARED / "corpus" / "iso20022").rglob("*.xml"))]


@pytest.fixture(autouse=True)
def _schemas(schema_store: Path) -> Path:
    return schema_store


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The corpus and examples, and 40 copies of the examples: enough files that a run can be
    stopped midway, with or without ../shared."""
    copies = tmp_path_factory.mktemp("copies")
    made = []
    for number in range(40):
        for example in sorted((REPO / "examples").iterdir()):
            target = copies / f"{number:02d}-{example.name}"
            target.write_bytes(example.read_bytes())
            made.append(str(target))
    return FILES + made


def _validate(out: Path, files: list[str], *extra: str) -> dict[str, Any]:
    code = main(["validate", *files, "--format", "json", "-o", str(out), "--jobs", "1", *extra])
    assert code in (0, 1, 2)
    report: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return report


def _shards(manifest: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in manifest.read_text("utf-8").splitlines()[1:]]


@pytest.fixture(scope="module")
def uninterrupted(
    tmp_path_factory: pytest.TempPathFactory, schema_store: Path, files: list[str]
) -> Any:
    out = tmp_path_factory.mktemp("plain") / "report.json"
    return _validate(out, files, "--as-of", "2026-12-01")["files"]


def test_an_aborted_run_resumes_to_the_same_findings(
    tmp_path: Path, files: list[str], uninterrupted: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = tmp_path / "run.manifest"
    real = mf.validate_one
    calls = {"n": 0}

    def failing(path: Any, options: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > len(files) // 2:
            raise KeyboardInterrupt  # as if stopped with Ctrl-C
        return real(path, options)

    monkeypatch.setattr(mf, "validate_one", failing)
    first = ["validate", *files, "--jobs", "1", "--manifest", str(manifest), "-q"]
    assert main([*first, "--as-of", "2026-12-01"]) == 130
    written = len(_shards(manifest))
    assert 0 < written <= len(files) // 2, "the shards in flight when it stopped are lost"

    monkeypatch.setattr(mf, "validate_one", real)
    seen: list[Any] = []
    monkeypatch.setattr(mf, "validate_one", lambda p, o: seen.append(p) or real(p, o))
    resumed = _validate(tmp_path / "second.json", files, "--manifest", str(manifest))
    assert resumed["files"] == uninterrupted
    assert len(seen) == len(files) - written, "finished files are not validated again"
    assert len(_shards(manifest)) == len(files)


def test_a_killed_run_resumes_to_the_same_findings(
    tmp_path: Path, files: list[str], uninterrupted: Any
) -> None:
    manifest = tmp_path / "run.manifest"
    command = [sys.executable, "-m", "qenex_messages", "validate", *files, "--jobs", "1"]
    command += ["--manifest", str(manifest), "--as-of", "2026-12-01", "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and manifest.read_text("utf-8").count("\n") > 3:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = manifest.read_text("utf-8").count("\n") - 1
    assert written > 0, "the run was killed after writing some shards"
    with manifest.open("a", encoding="utf-8") as torn:  # as if killed in the middle of a line
        torn.write('{"path": "half a li')
    resumed = _validate(tmp_path / "resumed.json", files, "--manifest", str(manifest))
    assert resumed["files"] == uninterrupted
    assert len(_shards(manifest)) == len(files)


def test_a_changed_file_is_validated_again(tmp_path: Path, schema_store: Path) -> None:
    message = tmp_path / "one.fin"
    message.write_bytes((REPO / "examples" / "mt103.fin").read_bytes())
    manifest = tmp_path / "run.manifest"
    args = ["validate", str(message), "--manifest", str(manifest), "-q"]
    assert main(args) == 0
    stat = message.stat()
    data = message.read_bytes()
    at = data.index(b":20:") + 4
    message.write_bytes(data[:at] + b"/" + data[at + 1 :])  # same size, T26: starts with '/'
    os.utime(message, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time
    assert main(args) == 1, "the changed content is validated, not taken from the manifest"
    assert len(_shards(manifest)) == 2


def test_other_options_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "run.manifest"
    one = FILES[0]
    assert main(["validate", one, "--manifest", str(manifest), "--as-of", "2026-12-01"]) == 0
    code = main(["validate", one, "--manifest", str(manifest), "--profile", "sepa"])
    assert code == 2
    assert "profile" in capsys.readouterr().err


def test_the_manifest_pins_the_date(tmp_path: Path) -> None:
    manifest = tmp_path / "run.manifest"
    assert main(["validate", FILES[0], "--manifest", str(manifest), "-q"]) == 0
    header = json.loads(manifest.read_text("utf-8").splitlines()[0])
    assert header["as_of"] is not None


def test_not_a_manifest_is_a_usage_error(tmp_path: Path) -> None:
    manifest = tmp_path / "notes.txt"
    manifest.write_text("shopping list\nmilk\n", "utf-8")
    assert main(["validate", FILES[0], "--manifest", str(manifest)]) == 2
    assert manifest.read_text("utf-8") == "shopping list\nmilk\n"
