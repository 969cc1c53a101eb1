"""Status reports answering validated messages: statuses, reasons, XSD validity, determinism."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

import qenex_messages as qm
from qenex_messages.findings import Finding, Location, QenexError, Severity
from qenex_messages.iso20022 import check_xml, detect, parse_xml, read_original
from qenex_messages.iso20022.status import DEFAULT_VERSION
from qenex_messages.replies import build_status_report, reason_table
from qenex_messages.status_model import StatusReport
from tests.conftest import skip_without_unpublished_schema

from .conftest import CREATED, REPO, xsd_problems

Original = Callable[..., bytes]


def _answer(data: bytes, kind: str, version: str | None = None, **options: object) -> bytes:
    outcome = qm.status_report(data, kind, version, created=CREATED, **options)  # type: ignore[arg-type]
    return outcome.value


def _model(data: bytes) -> StatusReport:
    return qm.parse_status_report(data).model


@pytest.mark.parametrize("version", ["pain.002.001.10", "pain.002.001.03"])
@pytest.mark.parametrize("source", ["pain.001.001.09", "pain.001.001.03"])
def test_pain001_with_a_bad_iban_is_answered_part_and_ac01(
    schema_store: Path, original: Original, version: str, source: str
) -> None:
    """Three transactions, the second with wrong IBAN check digits: PART at group and block,
    RJCT AC01 for the second, ACTC for the others; the XSD of the report accepts it."""
    reply = _answer(original(source, 3, "bad-iban@2"), "pain.002", version)
    model = _model(reply)
    assert model.group_status == "PART"
    (block,) = model.payment_information
    assert block.status == "PART"
    assert block.original_payment_information_id == "QX-GEN-PMT-1"
    assert [t.status for t in block.transactions] == ["ACTC", "RJCT", "ACTC"]
    rejected = block.transactions[1]
    assert [r.code for r in rejected.reasons] == ["AC01"]
    text = " ".join(rejected.reasons[0].additional_information)
    assert "QX102" in text and "CdtTrfTxInf[2]/CdtrAcct/Id/IBAN" in text
    assert all(len(line) <= 105 for line in rejected.reasons[0].additional_information)
    assert model.original_message_name_id == source
    assert xsd_problems(reply, version) == []


def test_pacs008_with_a_bad_iban_is_answered_part_and_ac01(
    schema_store: Path, original: Original
) -> None:
    """The same for a pacs.008: transactions sit directly under the report, with UETR/TxId."""
    reply = _answer(original("pacs.008.001.08", 3, "bad-iban@2"), "pacs.002")
    assert xsd_problems(reply, "pacs.002.001.10") == []
    model = _model(reply)
    assert model.group_status == "PART"
    assert [t.status for t in model.transactions] == ["ACTC", "RJCT", "ACTC"]
    assert [r.code for r in model.transactions[1].reasons] == ["AC01"]
    assert all(t.original_uetr and t.original_end_to_end_id for t in model.transactions)


def test_every_transaction_rejected_rejects_the_group(
    schema_store: Path, original: Original
) -> None:
    """One transaction, rejected: the block and the group are RJCT, not PART."""
    model = _model(_answer(original("pacs.008.001.08", 1, "bad-bic@1"), "pacs.002"))
    assert model.group_status == "RJCT"
    assert [r.code for r in model.transactions[0].reasons] == ["RC01"]


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        ("ctrlsum", "AM10"),  # CtrlSum in GrpHdr: the file's totals are wrong
        ("nboftxs", "AM18"),
        ("bad-amount@2", "FF01"),  # an XSD error rejects the file, wherever it points
    ],
)
def test_group_findings_reject_the_whole_message(
    schema_store: Path, original: Original, fault: str, code: str
) -> None:
    """Group-level findings give GrpSts RJCT with their reason and list no block."""
    reply = _answer(original("pain.001.001.09", 3, fault), "pain.002")
    assert xsd_problems(reply, "pain.002.001.10") == []
    model = _model(reply)
    assert model.group_status == "RJCT"
    assert code in [r.code for r in model.group_reasons]
    assert model.payment_information == ()


def test_a_clean_message_is_accepted_at_every_level(schema_store: Path, original: Original) -> None:
    """No error: ACTC by default, ACCP when asked; warnings never reject."""
    data = original("pain.001.001.09", 2)
    model = _model(_answer(data, "pain.002"))
    assert model.group_status == "ACTC"
    assert {t.status for t in model.all_transactions()} == {"ACTC"}
    model = _model(_answer(data, "pain.002", accepted="ACCP"))
    assert model.group_status == "ACCP"
    assert model.payment_information[0].status == "ACCP"


def _built(data: bytes, kind: str, version: str, *findings: Finding) -> StatusReport:
    info = detect(parse_xml(data).value.getroot())  # type: ignore[union-attr]
    when = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    built = build_status_report(read_original(info), findings, kind, version, created=when)  # type: ignore[arg-type]
    return built.value


def test_warnings_do_not_reject(original: Original) -> None:
    """A warning pointing at a transaction leaves it accepted."""
    warning = Finding(
        "SEPA-UNIQ",
        Severity.WARNING,
        "EndToEndId repeated",
        Location(xpath="/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]/PmtId/EndToEndId"),
    )
    built = _built(original("pain.001.001.09", 2), "pain.002", "pain.002.001.10", warning)
    assert built.group_status == "ACTC"
    assert built.payment_information[0].transactions[1].reasons == ()


def test_an_unmapped_code_falls_back_to_narr_with_the_text(original: Original) -> None:
    """A finding code the table does not know is answered NARR, carrying its message."""
    error = Finding(
        "BANK-42",
        Severity.ERROR,
        "the creditor is on the bank's own block list",
        Location(xpath="/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr"),
    )
    built = _built(original("pacs.008.001.08", 2), "pacs.002", "pacs.002.001.10", error)
    (reason,) = built.transactions[0].reasons
    assert reason.code == "NARR"
    assert "block list" in " ".join(reason.additional_information)
    assert built.transactions[1].status == "ACTC"


def test_a_payment_information_finding_rejects_that_block(original: Original) -> None:
    """A finding inside PmtInf but outside its transactions rejects the block only."""
    error = Finding(
        "QX340",
        Severity.ERROR,
        "NbOfTxs says 3 but the block has 2",
        Location(xpath="/Document/CstmrCdtTrfInitn/PmtInf[1]/NbOfTxs"),
    )
    built = _built(original("pain.001.001.09", 2), "pain.002", "pain.002.001.10", error)
    (block,) = built.payment_information
    assert block.status == "RJCT"
    assert [r.code for r in block.reasons] == ["AM18"]
    assert built.group_status == "RJCT"


def test_a_bank_table_overrides_the_mapping(
    schema_store: Path, original: Original, tmp_path: Path
) -> None:
    """A bank's TOML replaces rows: here IBAN check digits are answered AC03."""
    own = tmp_path / "bank.toml"
    own.write_text('[reasons]\nQX102 = "AC03"\nSEPA-IBAN = "AC03"\n', "utf-8")
    model = _model(_answer(original("pain.001.001.09", 3, "bad-iban@2"), "pain.002", reasons=own))
    rejected = model.payment_information[0].transactions[1]
    assert [r.code for r in rejected.reasons] == ["AC03"]


@pytest.mark.parametrize(
    "text",
    [
        '[reasons]\nQX102 = "TOOLONG"\n',  # not a 4-character code
        "[reasons\n",  # not TOML
        "[group]\ncodes = 3\n",  # not a list
    ],
)
def test_a_malformed_bank_table_is_refused(tmp_path: Path, text: str) -> None:
    """A bad override is a QenexError naming the file, never a traceback."""
    own = tmp_path / "bank.toml"
    own.write_text(text, "utf-8")
    with pytest.raises(QenexError, match=r"bank\.toml"):
        reason_table(own)


def test_the_same_created_time_gives_the_same_bytes(
    schema_store: Path, original: Original, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--created (or SOURCE_DATE_EPOCH) makes the report, MsgId included, reproducible."""
    data = original("pain.001.001.09", 3, "bad-iban@2")
    assert _answer(data, "pain.002") == _answer(data, "pain.002")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772449200")
    first = qm.status_report(data, "pain.002").value
    assert first == qm.status_report(data, "pain.002").value
    model = _model(first)
    assert model.creation_date_time == dt.datetime.fromtimestamp(1772449200, dt.UTC)
    assert model.message_id != _model(_answer(data, "pain.002")).message_id


def test_a_status_report_validates_and_is_detected(schema_store: Path, original: Original) -> None:
    """validate reads a pain.002 / pacs.002: XSD and the status checks, no error."""
    skip_without_unpublished_schema(*DEFAULT_VERSION.values())
    for source, kind in (("pain.001.001.09", "pain.002"), ("pacs.008.001.08", "pacs.002")):
        reply = _answer(original(source, 3, "bad-iban@2"), kind)
        report = check_xml(reply)
        assert report.message_type == kind
        assert report.errors == [], report.findings


def test_pacs002_carries_a_cbpr_app_header(schema_store: Path) -> None:
    """An original with an AppHdr is answered with one: Fr and To swapped, BizMsgIdr the
    report's MsgId, MsgDefIdr pacs.002.001.10, BizSvc kept, Rltd the original header."""
    data = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()
    reply = _answer(data, "pacs.002")
    assert xsd_problems(reply, "pacs.002.001.10") == []
    model = _model(reply)
    header = model.application_header
    assert header is not None
    assert header.from_agent.bic == "INGBNL2AXXX"
    assert header.to_agent.bic == "DEUTDEFFXXX"
    assert header.business_message_id == model.message_id
    assert header.message_definition_id == "pacs.002.001.10"
    assert header.business_service == "swift.cbprplus.03"
    assert header.related is not None
    assert header.related.business_message_id == "QX-EX-20260302-01"
    assert header.related.message_definition_id == "pacs.008.001.08"


def test_answering_the_wrong_kind_is_refused(original: Original) -> None:
    """A pain.002 answers a pain.001 only; a status report answers nothing."""
    with pytest.raises(QenexError, match=r"pacs\.008"):
        qm.status_report(original("pain.001.001.09", 1), "pacs.002", created=CREATED)
    with pytest.raises(QenexError, match="version"):
        qm.status_report(original("pain.001.001.09", 1), "pain.002", "pacs.002.001.10")


def test_a_missing_schema_is_not_answered(
    original: Original, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the XSD the message was not fully checked: refuse rather than accept it."""
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path))
    with pytest.raises(QenexError, match="XSD"):
        qm.status_report(original("pain.001.001.09", 1), "pain.002", created=CREATED)
