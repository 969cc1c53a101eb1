"""The builders make messages that pass their own rulebooks, and name every wrong argument."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qenex_messages as qm
from qenex_messages.build import (
    NOT_PROVIDED,
    BuildError,
    Customer,
    Header,
    Payment,
    creation_time,
    customer_credit_transfer,
    sepa_credit_transfer,
)

from .strategies import IBANS

TODAY = dt.date(2026, 12, 4)
CREATED = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)
DEBTOR = Customer("Beispiel GmbH", "DE89370400440532013000", bic="COBADEFFXXX")
PAYEE = Customer("Jan Janssens", "BE68539007547034")

# EEA accounts: a non-EEA one (GB, CH) also needs the debtor's address (SEPA-NONEEA)
EEA_IBANS = [iban for iban in IBANS if iban[:2] not in ("GB", "CH")]
amounts = st.integers(min_value=1, max_value=99_999_999_999).map(lambda c: Decimal(c).scaleb(-2))
payments = st.lists(
    st.builds(
        Payment,
        amount=amounts,
        creditor=st.builds(Customer, name=st.just("Payee"), account=st.sampled_from(EEA_IBANS)),
        remittance=st.none() | st.just("Invoice 1"),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payments)
def test_a_sepa_batch_states_its_own_totals_and_passes_the_rulebook(batch: list[Payment]) -> None:
    """Property: NbOfTxs and CtrlSum equal the count and sum of the payments at both levels,
    and the rendered pain.001 passes the XSD, the checks and the SEPA profile without error."""
    transfer = sepa_credit_transfer(
        DEBTOR, batch, execution_date=dt.date(2026, 12, 7), header=Header("M1", CREATED)
    )
    total = sum((Decimal(p.amount) for p in batch), Decimal(0))
    (block,) = transfer.payment_information
    for stated in (transfer.group_header, block):
        assert stated.number_of_transactions == len(batch)
        assert stated.control_sum == total
    xml = qm.render_document(transfer, "pain.001.001.09")
    assert xml.findings == ()
    (report,) = qm.validate_bytes(xml.value, profile="sepa", as_of=TODAY)
    assert report.errors == []


@pytest.mark.parametrize(
    ("payment", "field", "code"),
    [
        # every argument breaks alone; the finding names the payment's index and the field
        (Payment("10.00", Customer("A", "BE68539007547035")), "creditor.account", "QX102"),
        (Payment("10.00", Customer("A", "BE68")), "creditor.account", "QX101"),
        (Payment("10.00", Customer("", "BE68539007547034")), "creditor.name", "QX130"),
        (Payment("10.00", Customer("A" * 71, "BE68539007547034")), "creditor.name", "QX130"),
        (Payment("10.00", Customer("A", "BE68539007547034", bic="XX")), "creditor.bic", "QX106"),
        (Payment("10.001", PAYEE), "amount", "QX115"),
        (Payment("0", PAYEE), "amount", "QX130"),
        (Payment("ten", PAYEE), "amount", "QX130"),
        (Payment(10.5, PAYEE), "amount", "QX130"),  # type: ignore[arg-type]
        (Payment("1000000000.00", PAYEE), "amount", "QX130"),
        (Payment("10.00", PAYEE, currency="USD"), "currency", "QX130"),
        (Payment("10.00", PAYEE, end_to_end_id="E" * 36), "end_to_end_id", "QX130"),
        (Payment("10.00", PAYEE, creditor_reference="RF00X"), "creditor_reference", "QX112"),
    ],
)
def test_a_wrong_payment_is_named_by_index_and_field(
    payment: Payment, field: str, code: str
) -> None:
    """Breaking one field of the third payment gives one finding at ``payments[2].<field>``."""
    good = Payment("1.00", PAYEE)
    with pytest.raises(BuildError) as caught:
        sepa_credit_transfer(DEBTOR, [good, good, payment], execution_date=dt.date(2026, 12, 7))
    (finding,) = caught.value.findings
    assert finding.location.field == f"payments[2].{field}"
    assert finding.message.startswith(f"payments[2].{field}: ")
    assert finding.code == code


def test_every_problem_is_reported_at_once() -> None:
    """Two wrong payments and a wrong debtor give three findings, not the first one only."""
    bad = Payment("1.001", PAYEE)
    with pytest.raises(BuildError) as caught:
        sepa_credit_transfer(Customer("B", "DE00"), [bad, bad], execution_date=dt.date(2026, 12, 7))
    fields = [f.location.field for f in caught.value.findings]
    assert fields == ["debtor.account", "payments[0].amount", "payments[1].amount"]


def test_generated_identifiers_and_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ids the builder generates a 32-digit message id, NOTPROVIDED end-to-end ids and
    takes the creation time from SOURCE_DATE_EPOCH when set."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764842400")
    transfer = sepa_credit_transfer(
        DEBTOR, [Payment(1, PAYEE), Payment(2, PAYEE)], execution_date=dt.date(2026, 12, 7)
    )
    header = transfer.group_header
    assert len(header.message_id) == 32
    assert header.creation_date_time == dt.datetime(2025, 12, 4, 10, 0, tzinfo=dt.UTC)
    assert {t.end_to_end_id for t in transfer.iter_transactions()} == {NOT_PROVIDED}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert creation_time().tzinfo is dt.UTC


DEBTOR_ABROAD = Customer(
    "Muster AG", "DE89370400440532013000", bic="COBADEFFXXX", town="Bonn", country="DE"
)
CREDITOR_ABROAD = Customer(
    "J Smith", "GB29NWBK60161331926819", bic="NWBKGB2L", town="Leeds", country="GB"
)


def _cbpr(
    debtor: Customer = DEBTOR_ABROAD, created: dt.datetime = CREATED, **payment: object
) -> qm.CreditTransfer:
    arguments: dict[str, object] = {"amount": "1250.00", "creditor": CREDITOR_ABROAD}
    arguments.update(payment)
    return customer_credit_transfer(
        debtor,
        Payment(**arguments),  # type: ignore[arg-type]
        settlement_date=dt.date(2026, 12, 7),
        header=Header(created=created),
    )


def test_a_customer_transfer_passes_cbpr_plus_and_renders_as_mt103() -> None:
    """The pacs.008 with its AppHdr passes the CBPR+ profile; the same model is a valid MT103."""
    transfer = _cbpr()
    pacs = qm.render_document(transfer, "pacs.008.001.08")
    assert pacs.findings == ()
    (report,) = qm.validate_bytes(pacs.value, profile="cbpr+", as_of=TODAY)
    assert report.findings == []
    assert transfer.application_header is not None
    assert transfer.application_header.business_message_id == transfer.group_header.message_id
    mt = qm.render_mt103(transfer)
    assert mt.ok
    (mt_report,) = qm.check_mt(mt.value)
    assert mt_report.ok, mt_report.findings


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"currency": "EURO"}, "payment.currency"),
        ({"amount": "1.001"}, "payment.amount"),
        ({"instruction_id": "X" * 17}, "payment.instruction_id"),
        ({"uetr": "EB6305C9-1F7F-49DE-AED0-16487C27B42D"}, "payment.uetr"),
        ({"creditor": Customer("J Smith", "GB29NWBK60161331926819")}, "payment.creditor.bic"),
        ({"debtor": Customer("Muster AG", "DE89370400440532013000")}, "debtor.bic"),
    ],
)
def test_a_wrong_transfer_argument_is_named(override: dict[str, object], field: str) -> None:
    """Each wrong argument of the customer transfer gives one finding that names it."""
    with pytest.raises(BuildError) as caught:
        _cbpr(**override)  # type: ignore[arg-type]
    assert [f.location.field for f in caught.value.findings] == [field]


def test_the_agents_of_the_app_header_default_to_the_parties_banks() -> None:
    """Without instructing/instructed agents, the AppHdr goes from the debtor's bank to the
    creditor's; given ones are checked like any BIC."""
    header = _cbpr().application_header
    assert header is not None
    assert (header.from_agent.bic, header.to_agent.bic) == ("COBADEFFXXX", "NWBKGB2L")
    with pytest.raises(BuildError) as caught:
        customer_credit_transfer(
            DEBTOR_ABROAD,
            Payment("1.00", CREDITOR_ABROAD),
            settlement_date=dt.date(2026, 12, 7),
            instructed_agent="NWBK",
        )
    assert [f.location.field for f in caught.value.findings] == ["instructed_agent"]


@pytest.mark.parametrize(
    ("created", "service"),
    [
        (dt.datetime(2025, 12, 1, tzinfo=dt.UTC), "swift.cbprplus.03"),  # SR2025
        (dt.datetime(2026, 12, 4, tzinfo=dt.UTC), "swift.cbprplus.04"),  # SR2026
    ],
)
def test_the_business_service_follows_the_release_of_the_creation_date(
    created: dt.datetime, service: str
) -> None:
    """Without ``business_service`` the AppHdr names the release in force when it is created."""
    header = _cbpr(created=created).application_header
    assert header is not None and header.business_service == service
