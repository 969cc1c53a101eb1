"""The credit-transfer model: enforced invariants and lossless JSON round trips."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from pydantic import ValidationError

from qenex_messages import model as m
from tests.strategies import credit_transfers


def _error_type(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(exc.value.errors()[0]["type"])


@given(credit_transfers)
def test_json_round_trip_is_identity(transfer: m.CreditTransfer) -> None:
    assert m.CreditTransfer.model_validate_json(transfer.model_dump_json()) == transfer


@given(credit_transfers)
def test_python_round_trip_is_identity(transfer: m.CreditTransfer) -> None:
    assert m.CreditTransfer.model_validate(transfer.model_dump()) == transfer


def test_amount_keeps_decimal_exactly() -> None:
    amount = m.Amount(value="0.10", currency="EUR")
    assert amount.value == Decimal("0.10")
    assert m.Amount.model_validate_json(amount.model_dump_json()).value == Decimal("0.10")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"value": 1.5, "currency": "EUR"}, "QX116"),  # floats are refused
        ({"value": "1.005", "currency": "EUR"}, "QX115"),  # 3 decimals for a 2-decimal currency
        ({"value": "100.5", "currency": "JPY"}, "QX115"),  # JPY has no minor unit
        ({"value": "-1", "currency": "EUR"}, "QX116"),  # negative
        ({"value": "NaN", "currency": "EUR"}, "finite_number"),  # not a number
        ({"value": "1", "currency": "EURO"}, "QX114"),  # not ISO 4217
    ],
)
def test_amount_invariants(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        m.Amount.model_validate(kwargs)
    assert _error_type(exc) == code


def test_account_normalises_printed_iban() -> None:
    assert m.Account(iban="de89 3704 0044 0532 0130 00").iban == "DE89370400440532013000"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"iban": "DE89370400440532013001"}, "QX102"),
        ({}, "QX122"),
        ({"iban": "DE89370400440532013000", "other": {"id": "123"}}, "QX122"),
        ({"other": {"id": "123"}, "currency": "ABC"}, "QX114"),
    ],
)
def test_account_invariants(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        m.Account.model_validate(kwargs)
    assert _error_type(exc) == code


@pytest.mark.parametrize(
    ("model", "kwargs", "code"),
    [
        (m.Agent, {"bic": "DEUTDEF"}, "QX106"),
        (m.Agent, {"bic": "DEUTXXFF"}, "QX107"),
        (m.Agent, {"lei": "5493001KJTIIGC8Y1R13"}, "QX110"),
        (m.CreditTransferTransaction, {"uetr": "not-a-uuid"}, "QX113"),
        (m.PostalAddress, {"country": "XX"}, "QX117"),
        (m.CodeOrProprietary, {}, "QX120"),
        (m.CodeOrProprietary, {"code": "A", "proprietary": "B"}, "QX120"),
        (
            m.Party,
            {"organisation_id": {}, "private_id": {}},
            "QX121",
        ),
        (m.AgentInstruction, {}, "QX123"),
    ],
)
def test_identifier_invariants(
    model: type[m.BaseModel], kwargs: dict[str, object], code: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(kwargs)
    assert _error_type(exc) == code


def test_models_are_frozen() -> None:
    amount = m.Amount(value="1", currency="EUR")
    with pytest.raises(ValidationError):
        amount.value = Decimal(2)  # type: ignore[misc]


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        m.Party.model_validate({"nmae": "typo"})
    assert _error_type(exc) == "extra_forbidden"


def _header() -> m.GroupHeader:
    return m.GroupHeader(message_id="M1", creation_date_time=dt.datetime(2026, 11, 26, 10, 0))


def _tx(amount: str) -> m.CreditTransferTransaction:
    return m.CreditTransferTransaction(
        end_to_end_id="E2E", instructed_amount=m.Amount(value=amount, currency="EUR")
    )


def test_levels_match_the_kind_of_message() -> None:
    block = m.PaymentInformation(
        payment_information_id="P1",
        debtor=m.Party(name="A"),
        debtor_account=m.Account(iban="DE89370400440532013000"),
        debtor_agent=m.Agent(bic="DEUTDEFF"),
        transactions=(_tx("1.00"), _tx("2.50")),
    )
    transfer = m.CreditTransfer(
        kind=m.MessageKind.CUSTOMER_INITIATION, group_header=_header(), payment_information=(block,)
    )
    assert transfer.number_of_transactions == 2
    assert transfer.computed_control_sum() == Decimal("3.50")
    assert block.computed_control_sum() == Decimal("3.50")
    with pytest.raises(ValidationError) as exc:
        m.CreditTransfer(
            kind=m.MessageKind.INTERBANK, group_header=_header(), payment_information=(block,)
        )
    assert _error_type(exc) == "QX124"
    with pytest.raises(ValidationError) as exc:
        m.CreditTransfer(
            kind=m.MessageKind.CUSTOMER_INITIATION, group_header=_header(), transactions=(_tx("1"),)
        )
    assert _error_type(exc) == "QX124"


@pytest.mark.parametrize(
    ("kwargs", "kind"),
    [
        ({}, "empty"),
        ({"address_lines": ("1 Main St",)}, "unstructured"),
        ({"town_name": "Berlin", "country": "DE"}, "structured"),
        ({"town_name": "Berlin", "country": "DE", "address_lines": ("Haus 1",)}, "hybrid"),
    ],
)
def test_postal_address_kind(kwargs: dict[str, object], kind: str) -> None:
    assert m.PostalAddress.model_validate(kwargs).kind == kind


def test_settlement_amount_preferred_over_instructed() -> None:
    tx = m.CreditTransferTransaction(
        instructed_amount=m.Amount(value="1", currency="EUR"),
        interbank_settlement_amount=m.Amount(value="2", currency="EUR"),
    )
    assert tx.amount == m.Amount(value="2", currency="EUR")
