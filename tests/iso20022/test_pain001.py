"""pain.001 parse and render in every supported version."""

from __future__ import annotations

import pytest

from qenex_messages.iso20022 import check_xml, parse_document, render_document

from .conftest import initiation


@pytest.mark.parametrize(
    "version", ["pain.001.001.03", "pain.001.001.09", "pain.001.001.12", "pain.001.001.13"]
)
def test_render_parse_equal(version: str) -> None:
    """Render then parse gives the same model and the XML passes XSD and checks."""
    model = initiation(3)
    outcome = render_document(model, version)
    assert outcome.ok, [str(f) for f in outcome.findings]
    assert b"<Envelope" not in outcome.value
    report = check_xml(outcome.value)
    assert report.ok and report.version == version, [str(f) for f in report.findings]
    assert parse_document(outcome.value).model == model


def test_requested_date_shapes() -> None:
    """ReqdExctnDt is a date in .03 and a Dt choice from .09."""
    assert (
        b"<ReqdExctnDt>2026-01-16</ReqdExctnDt>"
        in render_document(initiation(1), "pain.001.001.03").value
    )
    assert b"<ReqdExctnDt>\n" in render_document(initiation(1), "pain.001.001.09").value


def test_missing_initiating_party_is_an_error() -> None:
    """InitgPty is mandatory in pain.001: the model lacking it gives an error finding."""
    model = initiation(1)
    model = model.model_copy(
        update={"group_header": model.group_header.model_copy(update={"initiating_party": None})}
    )
    outcome = render_document(model, "pain.001.001.09")
    assert not outcome.ok
    assert any(f.code == "QX383" and "InitgPty" in f.message for f in outcome.findings)
