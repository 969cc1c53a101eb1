"""Property: a malformed QENEX_MAX_* variable has one documented behaviour everywhere. Every
entry point raises SettingError naming the variable and its value, before reading the input;
the command line exits 2 with that message."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from qenex_messages import (
    SettingError,
    check_mt,
    check_xml,
    iter_transactions,
    mt103_to_pacs008,
    parse_document,
    parse_mt103,
    validate_bytes,
    validate_path,
    validate_stream,
)
from qenex_messages.cli import main
from qenex_messages.iso20022 import parse_xml

REPO = Path(__file__).resolve().parents[2]
PACS = REPO / "examples" / "pacs.008.001.08-apphdr.xml"
MT = REPO / "examples" / "mt103.fin"
MALFORMED = [
    ("QENEX_MAX_INPUT_BYTES", "abc"),
    ("QENEX_MAX_INPUT_BYTES", "0"),
    ("QENEX_MAX_INPUT_BYTES", "-5"),
    ("QENEX_MAX_INPUT_BYTES", "1.5"),
    ("QENEX_MAX_INPUT_BYTES", "²"),
    ("QENEX_MAX_INPUT_BYTES", "9" * 5000),
    ("QENEX_MAX_XML_DEPTH", "1000"),
    ("QENEX_MAX_TEXT_BYTES", "20000000"),
    ("QENEX_MAX_MT_FIELDS", "many"),
]
ENTRIES: dict[str, Callable[[], object]] = {
    "check_xml": lambda: check_xml(PACS.read_bytes()),
    "parse_xml": lambda: parse_xml(PACS.read_bytes()),
    "parse_document": lambda: parse_document(PACS.read_bytes()),
    "validate_bytes": lambda: validate_bytes(PACS.read_bytes(), source="m"),
    "validate_path": lambda: validate_path(PACS),
    "validate_stream": lambda: list(validate_stream(io.BytesIO(PACS.read_bytes()))),
    "iter_transactions": lambda: list(iter_transactions(io.BytesIO(PACS.read_bytes()))),
    "check_mt": lambda: check_mt(MT.read_bytes()),
    "parse_mt103": lambda: parse_mt103(MT.read_bytes()),
    "mt103_to_pacs008": lambda: mt103_to_pacs008(MT.read_bytes()),
}


@pytest.mark.parametrize(("variable", "value"), MALFORMED)
def test_every_entry_point_raises_setting_error(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    for name, entry in ENTRIES.items():
        with pytest.raises(SettingError) as caught:
            entry()
        assert variable in str(caught.value), name
        assert value[:20] in str(caught.value), name


@pytest.mark.parametrize(("variable", "value"), MALFORMED[:3])
def test_the_command_reports_a_usage_error(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(variable, value)
    for argv in (["validate", str(PACS)], ["validate", str(MT)], ["inspect", str(MT)]):
        assert main(argv) == 2
        assert variable in capsys.readouterr().err


def test_valid_variables_still_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QENEX_MAX_INPUT_BYTES", "1_000")
    report = check_xml(PACS.read_bytes())
    assert any("QENEX_MAX_INPUT_BYTES=1000" in f.message for f in report.findings)
