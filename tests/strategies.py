"""Hypothesis strategies for the credit-transfer model: every generated object is valid."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from hypothesis import strategies as st

from qenex_messages import model as m
from qenex_messages.identifiers import minor_units

IBANS = (
    "DE89370400440532013000",
    "GB29NWBK60161331926819",
    "FR1420041010050500013M02606",
    "NL91ABNA0417164300",
    "CH9300762011623852957",
    "BE68539007547034",
)
BICS = ("DEUTDEFF", "DEUTDEFFXXX", "NWBKGB2L", "BNPAFRPP123", "ABNANL2A", "UBSWCHZH80A")
CURRENCIES = ("EUR", "USD", "GBP", "JPY", "CHF", "BHD")
COUNTRIES = ("DE", "GB", "FR", "NL", "CH", "US", "JP")
LEIS = ("5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55")

text35 = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh 0123456789/-?:().,'+", min_size=1, max_size=35
).filter(lambda s: s.strip() == s and s != "")
short_code = st.sampled_from(("SEPA", "URGP", "SUPP", "SALA", "INTC", "CORT", "GDDS"))


def optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


@st.composite
def amounts(draw: st.DrawFn, currency: str | None = None) -> m.Amount:
    ccy = currency or draw(st.sampled_from(CURRENCIES))
    units = minor_units(ccy) or 0
    cents = draw(st.integers(min_value=0, max_value=10**14))
    return m.Amount(value=Decimal(cents).scaleb(-units), currency=ccy)


code_or_prtry = st.builds(m.CodeOrProprietary, code=short_code) | st.builds(
    m.CodeOrProprietary, proprietary=text35
)

addresses = st.builds(
    m.PostalAddress,
    street_name=optional(text35),
    building_number=optional(st.text("0123456789", min_size=1, max_size=5)),
    post_code=optional(st.text("0123456789", min_size=4, max_size=5)),
    town_name=optional(text35),
    country=optional(st.sampled_from(COUNTRIES)),
    address_lines=st.lists(text35, max_size=2).map(tuple),
)

generic_ids = st.builds(
    m.GenericIdentification, id=text35, scheme=optional(code_or_prtry), issuer=optional(text35)
)

organisation_ids = st.builds(
    m.OrganisationIdentification,
    any_bic=optional(st.sampled_from(BICS)),
    lei=optional(st.sampled_from(LEIS)),
    others=st.lists(generic_ids, max_size=2).map(tuple),
)

person_ids = st.builds(
    m.PersonIdentification,
    date_and_place_of_birth=optional(
        st.builds(
            m.DateAndPlaceOfBirth,
            birth_date=st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)),
            city=text35,
            country=st.sampled_from(COUNTRIES),
        )
    ),
    others=st.lists(generic_ids, max_size=1).map(tuple),
)

parties = st.builds(
    m.Party,
    name=optional(text35),
    postal_address=optional(addresses),
    organisation_id=optional(organisation_ids),
    country_of_residence=optional(st.sampled_from(COUNTRIES)),
)

agents = st.builds(
    m.Agent,
    bic=optional(st.sampled_from(BICS)),
    clearing_member=optional(
        st.builds(
            m.ClearingSystemMemberId,
            member_id=st.text("0123456789", min_size=6, max_size=9),
            system=optional(st.builds(m.CodeOrProprietary, code=st.just("USABA"))),
        )
    ),
    name=optional(text35),
    postal_address=optional(addresses),
)

accounts = st.builds(m.Account, iban=st.sampled_from(IBANS)) | st.builds(
    m.Account, other=generic_ids, currency=optional(st.sampled_from(CURRENCIES))
)

uetrs = st.uuids(version=4).map(str)


@st.composite
def transactions(draw: st.DrawFn) -> m.CreditTransferTransaction:
    ccy = draw(st.sampled_from(CURRENCIES))
    return m.CreditTransferTransaction(
        instruction_id=draw(optional(text35)),
        end_to_end_id=draw(text35),
        uetr=draw(optional(uetrs)),
        instructed_amount=draw(amounts(ccy)),
        interbank_settlement_amount=draw(optional(amounts(ccy))),
        interbank_settlement_date=draw(
            optional(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
        ),
        exchange_rate=draw(optional(st.decimals("0.000001", "1000", places=6))),
        charge_bearer=draw(optional(st.sampled_from(list(m.ChargeBearer)))),
        charges=tuple(draw(st.lists(st.builds(m.Charges, amount=amounts(ccy)), max_size=2))),
        debtor=draw(parties),
        debtor_account=draw(optional(accounts)),
        debtor_agent=draw(optional(agents)),
        creditor_agent=draw(optional(agents)),
        creditor=draw(parties),
        creditor_account=draw(optional(accounts)),
        intermediary_agents=tuple(draw(st.lists(agents, max_size=3))),
        purpose=draw(optional(code_or_prtry)),
        remittance=draw(
            optional(
                st.builds(
                    m.Remittance,
                    unstructured=st.lists(text35, max_size=2).map(tuple),
                    structured=st.lists(
                        st.builds(
                            m.StructuredRemittance,
                            creditor_reference=optional(
                                st.builds(
                                    m.CreditorReference, reference=st.just("RF18539007547034")
                                )
                            ),
                        ),
                        max_size=1,
                    ).map(tuple),
                )
            )
        ),
        instructions_for_creditor_agent=tuple(
            draw(st.lists(st.builds(m.AgentInstruction, code=st.just("PHOB")), max_size=1))
        ),
        regulatory_reporting=tuple(
            draw(
                st.lists(
                    st.builds(
                        m.RegulatoryReporting,
                        details=st.lists(
                            st.builds(
                                m.RegulatoryDetail,
                                information=st.lists(text35, min_size=1, max_size=3).map(tuple),
                            ),
                            max_size=1,
                        ).map(tuple),
                    ),
                    max_size=1,
                )
            )
        ),
    )


datetimes = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


@st.composite
def interbank_transfers(draw: st.DrawFn) -> m.CreditTransfer:
    txs = tuple(draw(st.lists(transactions(), min_size=1, max_size=3)))
    return m.CreditTransfer(
        kind=m.MessageKind.INTERBANK,
        group_header=m.GroupHeader(
            message_id=draw(text35),
            creation_date_time=draw(datetimes),
            number_of_transactions=len(txs),
            settlement_information=m.SettlementInformation(
                method=draw(st.sampled_from(list(m.SettlementMethod)))
            ),
        ),
        transactions=txs,
    )


@st.composite
def customer_initiations(draw: st.DrawFn) -> m.CreditTransfer:
    blocks = []
    for i in range(draw(st.integers(1, 2))):
        txs = tuple(draw(st.lists(transactions(), min_size=1, max_size=2)))
        blocks.append(
            m.PaymentInformation(
                payment_information_id=f"PMT-{i}",
                requested_execution_date=draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
                debtor=draw(parties),
                debtor_account=draw(accounts),
                debtor_agent=draw(agents),
                charge_bearer=draw(optional(st.sampled_from(list(m.ChargeBearer)))),
                transactions=txs,
            )
        )
    return m.CreditTransfer(
        kind=m.MessageKind.CUSTOMER_INITIATION,
        group_header=m.GroupHeader(
            message_id=draw(text35),
            creation_date_time=draw(datetimes),
            initiating_party=draw(parties),
        ),
        payment_information=tuple(blocks),
    )


credit_transfers = interbank_transfers() | customer_initiations()

__all__ = [
    "credit_transfers",
    "customer_initiations",
    "interbank_transfers",
    "transactions",
    "uuid",
]
