"""The model's JSON Schema tells the truth: what the model writes, the schema allows; what the
schema allows in shape, the model reads back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

jsonschema = pytest.importorskip("jsonschema")

from qenex_messages import model as m  # noqa: E402

from .strategies import credit_transfers  # noqa: E402

SCHEMA = m.CreditTransfer.model_json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _errors(instance: Any, schema: dict[str, Any]) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(instance)]


def test_the_schema_is_a_valid_json_schema() -> None:
    """The published schema passes the JSON Schema 2020-12 meta-schema."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(credit_transfers)
def test_every_model_dumps_to_json_its_schema_allows(transfer: m.CreditTransfer) -> None:
    """Property: the JSON of any valid model validates against the model's own schema, and
    reads back into an equal model."""
    text = transfer.model_dump_json()
    assert _errors(json.loads(text), SCHEMA) == []
    assert m.CreditTransfer.model_validate_json(text) == transfer


AMOUNT = m.Amount.model_json_schema()


@pytest.mark.parametrize(
    "amount",
    [
        # decimal strings of every shape the schema allows, within the currency's minor units
        {"value": "0", "currency": "EUR"},
        {"value": "10.5", "currency": "EUR"},
        {"value": "10.50", "currency": "EUR"},
        {"value": "10.500", "currency": "EUR"},  # trailing zeros add no decimals
        {"value": "7.25", "currency": "USD"},
        {"value": "100", "currency": "JPY"},
        {"value": "100.0", "currency": "JPY"},
        {"value": "1.125", "currency": "BHD"},
        {"value": "9999999999999999.99", "currency": "EUR"},  # 18 digits, the most allowed
    ],
)
def test_amounts_the_schema_allows_are_read(amount: dict[str, str]) -> None:
    """Each amount the schema allows is accepted by model_validate_json."""
    assert _errors(amount, AMOUNT) == []
    m.Amount.model_validate_json(json.dumps(amount))


@pytest.mark.parametrize(
    "amount",
    [
        # what the model refuses, the schema refuses too
        {"value": 10.5, "currency": "EUR"},  # a JSON number: floats are never money
        {"value": 10, "currency": "EUR"},  # a JSON number, even a whole one
        {"value": "-1.00", "currency": "EUR"},
        {"value": "10.005", "currency": "EUR"},
        {"value": "100.5", "currency": "JPY"},
        {"value": "1.1255", "currency": "BHD"},
        {"value": "1e3", "currency": "EUR"},
        {"value": "NaN", "currency": "EUR"},
        {"value": "10.00", "currency": "eur"},
        {"value": "99999999999999999.99", "currency": "EUR"},  # 19 digits
        {"value": "0999", "currency": "EUR"},  # a leading zero
    ],
)
def test_amounts_the_schema_refuses(amount: dict[str, Any]) -> None:
    """Each of these is refused by the schema (the model refuses or would write it otherwise)."""
    assert _errors(amount, AMOUNT) != []


def test_a_json_number_amount_is_refused_by_schema_and_model() -> None:
    """10.5 as a number: the schema says no, and so does model_validate_json."""
    document = '{"value": 10.5, "currency": "EUR"}'
    assert _errors(json.loads(document), AMOUNT) != []
    with pytest.raises(ValueError, match="never float"):
        m.Amount.model_validate_json(document)


TX = m.CreditTransferTransaction


@pytest.mark.parametrize(
    ("model", "instance", "allowed"),
    [
        (m.Account, {"iban": "DE89370400440532013000"}, True),
        (m.Account, {"iban": "de89370400440532013000"}, False),  # electronic form: upper case
        (m.Account, {"iban": "DE89 3704 0044 0532 0130 00"}, False),  # and no spaces
        (m.Account, {"iban": "DE8"}, False),
        (m.Agent, {"bic": "DEUTDEFF"}, True),
        (m.Agent, {"bic": "DEUTDEFF500"}, True),
        (m.Agent, {"bic": "DEUTDEFF5"}, False),
        (m.Agent, {"lei": "5493001KJTIIGC8Y1R12"}, True),
        (m.Agent, {"lei": "5493001KJTIIGC8Y1R1X"}, False),
        (TX, {"uetr": "eb6305c9-1f7f-49de-aed0-16487c27b42d"}, True),
        (TX, {"uetr": "EB6305C9-1F7F-49DE-AED0-16487C27B42D"}, False),
        (TX, {"currency_of_transfer": "EUR"}, True),
        (TX, {"currency_of_transfer": "Eur"}, False),
        (m.PostalAddress, {"country": "DE"}, True),
        (m.PostalAddress, {"country": "DEU"}, False),
    ],
)
def test_identifier_shapes(model: type[Any], instance: dict[str, str], allowed: bool) -> None:
    """IBAN, BIC, LEI, UETR, currency and country shapes are in the schema, and the values it
    allows are read by model_validate_json."""
    assert (_errors(instance, model.model_json_schema()) == []) is allowed
    if allowed:
        model.model_validate_json(json.dumps(instance))
