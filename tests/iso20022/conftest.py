"""Fixtures of the ISO 20022 tests: a schema store with the published XSDs, sample models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from qenex_messages.model import (
    Account,
    Agent,
    Amount,
    BusinessApplicationHeader,
    ChargeBearer,
    CreditTransfer,
    CreditTransferTransaction,
    GroupHeader,
    MessageKind,
    Party,
    PaymentInformation,
    PostalAddress,
    Remittance,
    SettlementInformation,
    SettlementMethod,
)

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
MIRROR = SHARED / "schemas"
CORPUS = SHARED / "corpus" / "iso20022"


def corpus_files() -> list[Path]:
    """Every corpus XML file (empty when ../shared is missing)."""
    return sorted(CORPUS.glob("*/*.xml")) if CORPUS.is_dir() else []


def interbank(n: int = 1) -> CreditTransfer:
    """A small valid pacs.008 model with ``n`` transactions."""
    txs = tuple(
        CreditTransferTransaction(
            instruction_id=f"INSTR-{i}",
            end_to_end_id=f"E2E-{i}",
            transaction_id=f"TX-{i}",
            uetr="eb6305c9-1f7f-49de-aed0-16487c27b42d" if i == 0 else None,
            interbank_settlement_amount=Amount(value=Decimal("1000.50"), currency="EUR"),
            interbank_settlement_date=dt.date(2026, 1, 15),
            charge_bearer=ChargeBearer.SHARED,
            debtor=Party(
                name="Debtor Corp",
                postal_address=PostalAddress(town_name="Berlin", country="DE"),
            ),
            debtor_account=Account(iban="DE89370400440532013000"),
            debtor_agent=Agent(bic="DEUTDEFF"),
            creditor_agent=Agent(bic="COBADEFF"),
            creditor=Party(name="Creditor Ltd"),
            creditor_account=Account(iban="GB29NWBK60161331926819"),
            remittance=Remittance(unstructured=("Invoice 42",)),
        )
        for i in range(n)
    )
    return CreditTransfer(
        kind=MessageKind.INTERBANK,
        group_header=GroupHeader(
            message_id="MSG-1",
            creation_date_time=dt.datetime(2026, 1, 15, 10, 30, tzinfo=dt.UTC),
            number_of_transactions=n,
            settlement_information=SettlementInformation(method=SettlementMethod.CLEARING),
        ),
        transactions=txs,
        application_header=BusinessApplicationHeader(
            from_agent=Agent(bic="DEUTDEFF"),
            to_agent=Agent(bic="COBADEFF"),
            business_message_id="MSG-1",
            message_definition_id="pacs.008.001.08",
            creation_date=dt.datetime(2026, 1, 15, 10, 30, tzinfo=dt.UTC),
        ),
    )


def initiation(n: int = 1) -> CreditTransfer:
    """A small valid pain.001 model with one batch of ``n`` transactions."""
    txs = tuple(
        CreditTransferTransaction(
            instruction_id=f"INSTR-{i}",
            end_to_end_id=f"E2E-{i}",
            instructed_amount=Amount(value=Decimal("12.34"), currency="EUR"),
            creditor_agent=Agent(bic="COBADEFF"),
            creditor=Party(name=f"Creditor {i}"),
            creditor_account=Account(iban="GB29NWBK60161331926819"),
            remittance=Remittance(unstructured=(f"Invoice {i}",)),
        )
        for i in range(n)
    )
    return CreditTransfer(
        kind=MessageKind.CUSTOMER_INITIATION,
        group_header=GroupHeader(
            message_id="MSG-P1",
            creation_date_time=dt.datetime(2026, 1, 15, 10, 30),
            number_of_transactions=n,
            control_sum=Decimal("12.34") * n,
            initiating_party=Party(name="Initiator GmbH"),
        ),
        payment_information=(
            PaymentInformation(
                payment_information_id="PMT-1",
                number_of_transactions=n,
                control_sum=Decimal("12.34") * n,
                requested_execution_date=dt.date(2026, 1, 16),
                debtor=Party(name="Debtor Corp"),
                debtor_account=Account(iban="DE89370400440532013000"),
                debtor_agent=Agent(bic="DEUTDEFF"),
                transactions=txs,
            ),
        ),
    )


@pytest.fixture(scope="session", autouse=True)
def _installed_schemas(schema_store: Path) -> Path:
    """Every test here validates against the installed XSDs."""
    return schema_store
