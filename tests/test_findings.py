"""The finding type, reports and the code registry."""

from __future__ import annotations

import json

import pytest

import qenex_messages
from qenex_messages import codes, identifiers
from qenex_messages.findings import (
    Finding,
    Location,
    MessageError,
    Outcome,
    QenexError,
    Report,
    Severity,
)


def _finding(code: str = "QX001", severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code, severity, "say what to change", Location("f.fin", 7, 5, field="20"))


def test_finding_json_shape() -> None:
    assert _finding().to_dict() == {
        "code": "QX001",
        "severity": "error",
        "message": "say what to change",
        "line": 7,
        "column": 5,
        "field": "20",
        "xpath": None,
    }


def test_finding_text_form() -> None:
    assert str(_finding()) == "f.fin:7:5: ERROR QX001 say what to change [20]"


def test_at_fills_only_given_parts() -> None:
    moved = _finding().at(line=9, xpath="/Document")
    assert moved.location == Location("f.fin", 9, 5, field="20", xpath="/Document")


def test_findings_are_hashable_and_compare_without_args() -> None:
    a = codes.EMPTY_INPUT.finding("empty", args={"x": "1"})
    b = codes.EMPTY_INPUT.finding("empty")
    assert a == b
    assert len({a, b}) == 1


def test_report_ok_and_strict() -> None:
    report = Report(source="f.fin", message_type="MT103", version="core")
    assert report.ok and report.passes(strict=True)
    report.add(_finding(severity=Severity.WARNING))
    assert report.ok and report.passes() and not report.passes(strict=True)
    report.add(_finding())
    assert not report.ok
    assert report.codes() == ["QX001", "QX001"]
    assert len(report.errors) == 1 and len(report.warnings) == 1


def test_report_json_contract() -> None:
    report = Report(source="f.fin", index=2, message_type="MT103", version="core")
    report.add(_finding())
    data = json.loads(report.to_json())
    assert data == {
        "path": "f.fin",
        "index": 2,
        "message_type": "MT103",
        "version": "core",
        "ok": False,
        "findings": [_finding().to_dict()],
    }


def test_message_error_carries_findings() -> None:
    err = MessageError("cannot parse", [_finding()])
    assert isinstance(err, QenexError) and isinstance(err, ValueError)
    assert err.findings == (_finding(),)
    assert "f.fin:7:5: ERROR QX001" in str(err)


def test_outcome_ok() -> None:
    assert Outcome("x").ok
    assert not Outcome("x", (_finding(),)).ok


def test_registry_knows_input_and_identifier_codes() -> None:
    info = codes.lookup(identifiers.IBAN_CHECKSUM.code)
    assert info is not None and info.family == "identifiers"
    assert codes.lookup("NOPE") is None
    assert all(c.title.endswith(".") for c in codes.all_codes())


def test_registry_refuses_conflicting_redefinition() -> None:
    same = codes.EMPTY_INPUT
    codes.define("QX001", Severity.ERROR, same.title, family="input", fix=same.fix)  # same: fine
    with pytest.raises(ValueError, match="already defined differently"):
        codes.define("QX001", Severity.WARNING, "other", family="input")


def test_public_api_is_exported_and_sorted() -> None:
    names = qenex_messages.__all__
    assert names == sorted(names)
    for name in names:
        assert hasattr(qenex_messages, name)


def test_lazy_names_come_from_their_layers() -> None:
    from qenex_messages import iso20022, mt, pipeline

    assert qenex_messages.check_mt is mt.check_mt
    assert qenex_messages.check_xml is iso20022.check_xml
    assert qenex_messages.validate_bytes is pipeline.validate_bytes
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = qenex_messages.nope  # type: ignore[attr-defined]
