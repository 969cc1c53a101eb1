"""Hypothesis: generated models render to XSD-valid XML in every supported version, and parse
back to the same model in the version they were made for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qenex_messages.iso20022 import SUPPORTED, check_xml, parse_document, render_document
from qenex_messages.model import (
    Account,
    Agent,
    Amount,
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

text = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -.,/äöüéß&",
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() == s and s != "")
ibans = st.sampled_from(
    ["DE89370400440532013000", "GB29NWBK60161331926819", "FR1420041010050500013M02606"]
)
bics = st.sampled_from(["DEUTDEFF", "COBADEFFXXX", "BNPAFRPP", "NWBKGB2L"])
amounts = st.builds(
    Amount,
    value=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999.99"), places=2),
    currency=st.sampled_from(["EUR", "USD", "GBP"]),
)
addresses = st.one_of(
    st.none(),
    st.builds(PostalAddress, town_name=text, country=st.sampled_from(["DE", "GB", "FR"])),
    st.builds(PostalAddress, address_lines=st.lists(text, min_size=1, max_size=2).map(tuple)),
)
parties = st.builds(Party, name=text, postal_address=addresses)
agents = st.builds(Agent, bic=bics)
ids = st.text(alphabet="ABCDEFGHIJ0123456789-", min_size=1, max_size=35)
remittances = st.one_of(
    st.none(), st.builds(Remittance, unstructured=st.lists(text, max_size=1).map(tuple))
)


@st.composite
def interbank_models(draw: st.DrawFn) -> CreditTransfer:
    n = draw(st.integers(1, 3))
    txs = tuple(
        CreditTransferTransaction(
            end_to_end_id=draw(ids),
            transaction_id=f"TX{i}",
            interbank_settlement_amount=draw(amounts),
            interbank_settlement_date=dt.date(2026, 3, 2),
            charge_bearer=draw(st.sampled_from(list(ChargeBearer))),
            debtor=draw(parties),
            debtor_account=Account(iban=draw(ibans)),
            debtor_agent=draw(agents),
            creditor_agent=draw(agents),
            creditor=draw(parties),
            creditor_account=Account(iban=draw(ibans)),
            remittance=draw(remittances),
        )
        for i in range(n)
    )
    return CreditTransfer(
        kind=MessageKind.INTERBANK,
        group_header=GroupHeader(
            message_id=draw(ids),
            creation_date_time=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
            number_of_transactions=n,
            settlement_information=SettlementInformation(method=SettlementMethod.INSTRUCTED_AGENT),
        ),
        transactions=txs,
    )


@st.composite
def initiation_models(draw: st.DrawFn) -> CreditTransfer:
    def tx(i: int) -> CreditTransferTransaction:
        return CreditTransferTransaction(
            instruction_id=f"I{i}",
            end_to_end_id=draw(ids),
            instructed_amount=draw(amounts),
            creditor_agent=draw(agents),
            creditor=draw(parties),
            creditor_account=Account(iban=draw(ibans)),
            remittance=draw(remittances),
        )

    blocks = tuple(
        PaymentInformation(
            payment_information_id=f"P{b}",
            requested_execution_date=dt.date(2026, 3, 3),
            debtor=draw(parties),
            debtor_account=Account(iban=draw(ibans)),
            debtor_agent=draw(agents),
            transactions=tuple(tx(10 * b + i) for i in range(draw(st.integers(1, 2)))),
        )
        for b in range(draw(st.integers(1, 2)))
    )
    return CreditTransfer(
        kind=MessageKind.CUSTOMER_INITIATION,
        group_header=GroupHeader(
            message_id=draw(ids),
            creation_date_time=dt.datetime(2026, 3, 2, 9, 0),
            initiating_party=draw(parties),
        ),
        payment_information=blocks,
    )


def _check_all(model: CreditTransfer, prefix: str, native: str) -> None:
    for version in (v for v in SUPPORTED if v.startswith(prefix)):
        outcome = render_document(model, version)
        assert outcome.ok, (version, [str(f) for f in outcome.findings])
        report = check_xml(outcome.value)
        assert not [f for f in report.errors if f.code.startswith("QX3")], (
            version,
            [str(f) for f in report.errors],
        )
        if version == native and not any(f.code == "QX381" for f in outcome.findings):
            # GrpHdr/NbOfTxs is mandatory and always written as counted
            header = model.group_header.model_copy(
                update={"number_of_transactions": model.number_of_transactions}
            )
            expected = model.model_copy(update={"group_header": header})
            assert parse_document(outcome.value).model == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interbank_models())
def test_pacs008_models_render_valid_in_every_version(model: CreditTransfer) -> None:
    """Every pacs.008 version accepts what we render (v02 losses are warnings)."""
    _check_all(model, "pacs.008", "pacs.008.001.08")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initiation_models())
def test_pain001_models_render_valid_in_every_version(model: CreditTransfer) -> None:
    """Every pain.001 version accepts what we render."""
    _check_all(model, "pain.001", "pain.001.001.09")
