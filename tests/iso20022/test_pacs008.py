"""pacs.008 parse and render in every supported version."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from qenex_messages.findings import MessageError, QenexError
from qenex_messages.iso20022 import check_xml, parse_document, render_document
from qenex_messages.iso20022.head import HEADER_FOR
from qenex_messages.model import Account
from tests.conftest import skip_without_unpublished_schema

from .conftest import initiation, interbank

VERSIONS = ["pacs.008.001.08", "pacs.008.001.12", "pacs.008.001.13"]


@pytest.mark.parametrize("version", VERSIONS)
def test_render_parse_equal(version: str) -> None:
    """Render then parse gives the same model, with AppHdr in an envelope."""
    skip_without_unpublished_schema(HEADER_FOR[version])
    model = interbank(3)
    outcome = render_document(model, version)
    assert outcome.ok, [str(f) for f in outcome.findings]
    assert outcome.value.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b"<Envelope" in outcome.value and b"<AppHdr" in outcome.value
    report = check_xml(outcome.value)
    assert report.ok, [str(f) for f in report.findings]
    parsed = parse_document(outcome.value)
    expected = model.model_copy(
        update={
            "application_header": model.application_header.model_copy(  # type: ignore[union-attr]
                update={"message_definition_id": version}
            )
        }
    )
    assert parsed.model == expected


def test_version_02_losses_are_warnings() -> None:
    """pacs.008.001.02 has no UETR: a warning, never silent; TxId is mandatory there."""
    outcome = render_document(interbank(1), "pacs.008.001.02", header=False)
    assert outcome.ok
    assert any(f.code == "QX380" and "UETR" in f.message for f in outcome.findings)
    assert check_xml(outcome.value).ok
    without_tx_id = interbank(1).model_copy(
        update={
            "transactions": (
                interbank(1).transactions[0].model_copy(update={"transaction_id": None}),
            )
        }
    )
    outcome = render_document(without_tx_id, "pacs.008.001.02", header=False)
    assert not outcome.ok
    assert any(f.code == "QX383" and "TxId" in f.message for f in outcome.findings)


def test_truncation_is_a_warning() -> None:
    """A too-long name is cut to the version's limit with a warning."""
    model = interbank(1)
    tx = model.transactions[0]
    long = tx.model_copy(update={"creditor": tx.creditor.model_copy(update={"name": "N" * 200})})  # type: ignore[union-attr]
    outcome = render_document(model.model_copy(update={"transactions": (long,)}), "pacs.008.001.08")
    assert outcome.ok
    assert [f.code for f in outcome.findings] == ["QX381"]
    assert b"N" * 140 + b"<" in outcome.value


def test_counts_are_computed() -> None:
    """NbOfTxs is counted, not trusted."""
    model = interbank(2)
    wrong = model.model_copy(
        update={"group_header": model.group_header.model_copy(update={"number_of_transactions": 9})}
    )
    assert b"<NbOfTxs>2</NbOfTxs>" in render_document(wrong, "pacs.008.001.08").value


def test_wrong_kind_and_version() -> None:
    """A pain.001 model is not a pacs.008; unknown versions are refused."""
    with pytest.raises(QenexError):
        render_document(initiation(1), "pacs.008.001.08")
    with pytest.raises(QenexError):
        render_document(interbank(1), "pacs.008.001.99")


def test_parse_keeps_a_bad_iban_and_says_where() -> None:
    """Reading is lenient: a bad IBAN is kept as read, with its finding at its XPath; building the
    same value in code is refused."""
    data = render_document(interbank(1), "pacs.008.001.08").value
    parsed = parse_document(data.replace(b"GB29NWBK", b"GB28NWBK"))
    account = parsed.model.transactions[0].creditor_account
    assert account is not None
    assert account.iban is not None
    assert account.iban.startswith("GB28NWBK")
    (bad,) = [f for f in parsed.findings if f.code == "QX102"]
    assert bad.location.xpath == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/CdtrAcct/Id/IBAN"
    with pytest.raises(ValidationError):
        Account(iban=account.iban)
    with pytest.raises(MessageError):
        parse_document(b"<not-xml")
