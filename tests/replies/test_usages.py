"""Usage-guideline shapes: the EPC pain.002 for SCT rejects and the CBPR+ pacs.002."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

import qenex_messages as qm
from qenex_messages.findings import QenexError

from .conftest import CREATED, REPO, SHARED, xsd_problems

Original = Callable[..., bytes]
EPC_PAIN002 = SHARED / "schemas" / "epc" / "EPC132-08_2025_V1.0_pain.002.001.10.xsd"


def _epc_problems(data: bytes) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(EPC_PAIN002)))
    return [] if schema.validate(etree.fromstring(data)) else [str(e) for e in schema.error_log]


@pytest.mark.parametrize("fault", ["bad-iban@2", "ctrlsum"])
def test_sepa_usage_passes_the_epc_pain002_xsd(
    schema_store: Path, original: Original, fault: str
) -> None:
    """Rejections only, each reason with Orgtr (the DbtrAgt BIC) and a code, no AddtlInf: the
    EPC's own pain.002 XSD accepts it (and so does ISO's)."""
    if not EPC_PAIN002.is_file():
        pytest.skip("the EPC usage XSD is a user schema, found only in the ../shared mirror")
    outcome = qm.status_report(
        original("pain.001.001.09", 3, fault), "pain.002", created=CREATED, usage="sepa"
    )
    assert _epc_problems(outcome.value) == []
    assert xsd_problems(outcome.value, "pain.002.001.10") == []
    assert any(f.code == "QX451" for f in outcome.findings)  # the texts are not carried


def test_sepa_usage_lists_only_the_rejected(schema_store: Path, original: Original) -> None:
    """A partial reject: no GrpSts or PmtInfSts (EPC allows only RJCT), only the bad tx."""
    outcome = qm.status_report(
        original("pain.001.001.09", 3, "bad-iban@2"), "pain.002", created=CREATED, usage="sepa"
    )
    model = qm.parse_status_report(outcome.value).model
    assert model.group_status is None
    (block,) = model.payment_information
    assert block.status is None
    (tx,) = block.transactions
    assert tx.original_end_to_end_id == "QX-E2E-000000002"
    (reason,) = tx.reasons
    assert reason.code == "AC01"
    assert reason.additional_information == ()
    assert reason.originator is not None
    assert reason.originator.organisation_id is not None
    assert reason.originator.organisation_id.any_bic == "DEUTDEFFXXX"


def test_sepa_usage_refuses_a_clean_file(schema_store: Path, original: Original) -> None:
    """The EPC pain.002 carries rejections only; with none there is nothing to send."""
    with pytest.raises(QenexError, match="rejections only"):
        qm.status_report(original("pain.001.001.09", 2), "pain.002", created=CREATED, usage="sepa")


def test_cbpr_usage_answers_one_transaction(schema_store: Path) -> None:
    """CBPR+: no OrgnlGrpInfAndSts; one TxInfAndSts with OrgnlGrpInf, UETR, TxId, swapped
    agents; the AppHdr answers the original's."""
    data = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()
    outcome = qm.status_report(data, "pacs.002", created=CREATED, usage="cbpr+")
    assert xsd_problems(outcome.value, "pacs.002.001.10") == []
    assert b"OrgnlGrpInfAndSts" not in outcome.value
    model = qm.parse_status_report(outcome.value).model
    assert model.original_message_id is None
    (tx,) = model.transactions
    assert tx.original_group is not None
    assert tx.original_group.message_id == "QX-EX-20260302-01"
    assert tx.original_group.message_name_id == "pacs.008.001.08"
    assert tx.original_uetr == "8a562c67-ca16-48ba-b074-65581be6f001"
    assert tx.status == "ACTC"
    assert tx.instructing_agent is not None and tx.instructing_agent.bic == "INGBNL2AXXX"
    assert tx.instructed_agent is not None and tx.instructed_agent.bic == "DEUTDEFFXXX"
    assert model.application_header is not None
    assert model.application_header.to_agent.bic == "DEUTDEFFXXX"


def test_cbpr_usage_puts_group_findings_on_the_transaction(
    schema_store: Path, original: Original
) -> None:
    """With one transaction, a group-level error (NbOfTxs) rejects that transaction."""
    outcome = qm.status_report(
        original("pacs.008.001.08", 1, "nboftxs"), "pacs.002", created=CREATED, usage="cbpr+"
    )
    (tx,) = qm.parse_status_report(outcome.value).model.transactions
    assert tx.status == "RJCT"
    assert "AM18" in [r.code for r in tx.reasons]


def test_cbpr_usage_refuses_several_transactions(schema_store: Path, original: Original) -> None:
    """A CBPR+ pacs.002 answers one transaction."""
    with pytest.raises(QenexError, match="one transaction"):
        qm.status_report(original("pacs.008.001.08", 2), "pacs.002", created=CREATED, usage="cbpr+")


@pytest.mark.parametrize(("kind", "usage"), [("pacs.002", "sepa"), ("pain.002", "cbpr+")])
def test_a_usage_of_the_other_kind_is_refused(original: Original, kind: str, usage: str) -> None:
    """sepa shapes a pain.002, cbpr+ a pacs.002."""
    source = "pacs.008.001.08" if kind == "pacs.002" else "pain.001.001.09"
    with pytest.raises(QenexError, match="only"):
        qm.status_report(original(source, 1), kind, created=CREATED, usage=usage)  # type: ignore[arg-type]
