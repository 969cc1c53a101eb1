"""Every message of shared/corpus/mt103 against its verdict and codes in INDEX.tsv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qenex_messages.mt import check_mt, parse_mt_messages

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "mt103"
ROWS = (
    list(csv.DictReader((CORPUS / "INDEX.tsv").read_text("utf-8").splitlines(), delimiter="\t"))
    if (CORPUS / "INDEX.tsv").exists()
    else []
)
pytestmark = pytest.mark.skipif(not ROWS, reason="../shared/corpus/mt103 is not available")

# SWIFT always cites these four together for one bad identifier code; we report T27 for the
# shape and keep the others in the finding's args (see codes.T27).
BIC_GROUP = {"T27", "T28", "T29", "T45"}


def _rows(verdict: str) -> list[dict[str, str]]:
    return [r for r in ROWS if r["our_verdict"] == verdict]


def _errors(path: Path) -> list[str]:
    return [f.code for r in check_mt(path.read_bytes(), source=str(path)) for f in r.errors]


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_never_raises_and_types(row: dict[str, str]) -> None:
    """check_mt reads every file, reports MT103 with the variant of INDEX.tsv, no internal error."""
    reports = check_mt((CORPUS / row["file"]).read_bytes(), source=row["file"])
    assert reports
    assert all(r.message_type == "MT103" for r in reports)
    assert reports[0].version == row["variant"]
    assert "QX234" not in [f.code for r in reports for f in r.findings]


@pytest.mark.parametrize("row", _rows("VALID"), ids=[r["file"] for r in _rows("VALID")])
def test_valid(row: dict[str, str]) -> None:
    """A VALID message has no error."""
    assert _errors(CORPUS / row["file"]) == []


@pytest.mark.parametrize(
    "row", _rows("VALID-LEGACY"), ids=[r["file"] for r in _rows("VALID-LEGACY")]
)
def test_valid_legacy(row: dict[str, str]) -> None:
    """A VALID-LEGACY message has no error other than the missing 121 (U13)."""
    assert set(_errors(CORPUS / row["file"])) == {"U13"}


@pytest.mark.parametrize("row", _rows("INVALID"), ids=[r["file"] for r in _rows("INVALID")])
def test_invalid(row: dict[str, str]) -> None:
    """An INVALID message has errors, including every code INDEX.tsv lists."""
    found = set(_errors(CORPUS / row["file"]))
    assert found
    if found & BIC_GROUP:
        found |= BIC_GROUP
    expected = {c for c in row["codes"].split(",") if c}
    assert expected <= found


@pytest.mark.parametrize("row", _rows("VALID"), ids=[r["file"] for r in _rows("VALID")])
def test_round_trip_bytes(row: dict[str, str]) -> None:
    """parse -> render gives the very same bytes, in the file's own line ending."""
    data = (CORPUS / row["file"]).read_bytes()
    (msg,) = parse_mt_messages(data)
    assert msg.render(line_ending=msg.line_ending).encode() == data


@pytest.mark.parametrize(
    "row",
    _rows("VALID") + _rows("VALID-LEGACY"),
    ids=[r["file"] for r in _rows("VALID") + _rows("VALID-LEGACY")],
)
def test_to_model(row: dict[str, str]) -> None:
    """Valid messages map into the model with their reference, amount and UETR."""
    (msg, *_) = parse_mt_messages((CORPUS / row["file"]).read_bytes())
    outcome = msg.to_model()
    (tx,) = outcome.value.transactions
    assert tx.instruction_id == msg.field("20").value  # type: ignore[union-attr]
    assert tx.interbank_settlement_amount is not None
    assert tx.uetr == msg.uetr
