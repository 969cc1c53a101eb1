"""A header count or sum that does not match its transactions is one finding: the ISO check
(QX340 / QX341) names the SEPA rule that says the same (SEPA-COUNT), whole and streamed, in
every output format."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from qenex_messages import validate_bytes, validate_stream
from qenex_messages.cli import main
from qenex_messages.findings import Finding
from qenex_messages.iso20022 import stream as stream_module
from qenex_messages.rules.samples import SAMPLES_DATE
from tests.conftest import REPO

_SEPA = (REPO / "examples" / "pain.001.001.09-sepa.xml").read_bytes()
_WRONG = {
    "group count": (b"<NbOfTxs>2</NbOfTxs>", b"<NbOfTxs>3</NbOfTxs>", 1, "QX340"),
    "block count": (b"<NbOfTxs>2</NbOfTxs>", b"<NbOfTxs>3</NbOfTxs>", 2, "QX340"),
    "group sum": (b"<CtrlSum>1740.50</CtrlSum>", b"<CtrlSum>1740.00</CtrlSum>", 1, "QX341"),
    "block sum": (b"<CtrlSum>1740.50</CtrlSum>", b"<CtrlSum>1740.00</CtrlSum>", 2, "QX341"),
}


def _wrong(case: str) -> tuple[bytes, str]:
    old, new, nth, code = _WRONG[case]
    at = -1
    for _ in range(nth):
        at = _SEPA.index(old, at + 1)
    return _SEPA[:at] + new + _SEPA[at + len(old) :], code


def _about_figures(found: list[Finding]) -> list[tuple[str, str | None, str]]:
    return sorted(
        (f.code, f.location.xpath, f.args.get("rule", ""))
        for f in found
        if f.code in {"QX340", "QX341", "SEPA-COUNT"}
    )


@pytest.mark.parametrize("chunk", [1, 256])
@pytest.mark.parametrize("case", sorted(_WRONG))
def test_a_wrong_figure_is_one_finding_whole_and_streamed(
    case: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream_module, "CHUNK", chunk)
    data, code = _wrong(case)
    whole = [f for r in validate_bytes(data, profile="sepa", as_of=SAMPLES_DATE) for f in r]
    streamed = list(validate_stream(io.BytesIO(data), profile="sepa", as_of=SAMPLES_DATE))
    [(found, _, rule)] = _about_figures(whole)
    assert (found, rule) == (code, "SEPA-COUNT")
    assert _about_figures(streamed) == _about_figures(whole)


@pytest.mark.parametrize("stream", [False, True])
def test_json_and_sarif_carry_the_one_finding(
    stream: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = _wrong("group count")
    path = tmp_path / "wrong-count.xml"
    path.write_bytes(data)
    flags = ["--stream"] if stream else []
    common = ["validate", *flags, "--profile", "sepa", "--as-of", str(SAMPLES_DATE), str(path)]
    main([*common, "--format", "json"])
    text = capsys.readouterr().out
    assert "SEPA-COUNT" not in {f["code"] for r in json.loads(text)["files"] for f in r["findings"]}
    assert text.count('"QX340"') == 1
    main([*common, "--format", "sarif"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [r["ruleId"] for r in results if r["ruleId"] in {"QX340", "SEPA-COUNT"}] == ["QX340"]
