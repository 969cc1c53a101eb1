"""``validate --stream`` (and any file over the size threshold) reports what a whole read does."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from qenex_messages.cli import main
from qenex_messages.pipeline import runner
from tests.conftest import REPO

EXAMPLES = REPO / "examples"
BAD = REPO / "tests" / "cli" / "data"


def _findings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Counter[tuple]]:
    code = main(["validate", "--format", "json", "--jobs", "1", *args])
    document = json.loads(capsys.readouterr().out)
    found = Counter(
        (entry["path"], f["code"], f["line"], f["xpath"])
        for entry in document["files"]
        for f in entry["findings"]
    )
    return code, found


@pytest.mark.parametrize("profile", [[], ["--profile", "auto"], ["--profile", "sepa"]])
def test_stream_and_whole_give_the_same_findings(
    capsys: pytest.CaptureFixture[str], profile: list[str]
) -> None:
    whole = _findings(capsys, *profile, str(EXAMPLES), str(BAD))
    streamed = _findings(capsys, "--stream", *profile, str(EXAMPLES), str(BAD))
    assert streamed == whole
    assert whole[1]  # the examples hold findings to compare


def test_large_files_stream_without_asking(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Over STREAM_ABOVE a file is streamed: --max-bytes below its size still refuses it, and
    a file over max_input_bytes (which a whole read refuses) is validated."""
    monkeypatch.setattr(runner, "STREAM_ABOVE", 100)
    source = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
    big = tmp_path / "big.xml"
    big.write_bytes(source)
    monkeypatch.setenv("QENEX_MAX_INPUT_BYTES", "200")
    code, found = _findings(capsys, str(big))
    assert "QX004" not in {c for _, c, *_ in found}
    monkeypatch.delenv("QENEX_MAX_INPUT_BYTES")
    assert (code, found) == _findings(capsys, str(big))
    _, refused = _findings(capsys, "--max-bytes", "200", str(big))
    assert {c for _, c, *_ in refused} == {"QX004"}


def test_stream_with_a_user_schema_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--stream", "--schema", __file__, str(EXAMPLES)])
    assert code == 2
    assert "--stream" in capsys.readouterr().err
