"""Properties: MT103 -> pacs.008 -> MT103 gives back the same MT103 for content that fits both,
and every pacs.008 made from an MT103 passes its XSD and the CBPR+ profile."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qenex_messages import model as m
from qenex_messages.iso20022 import check_xml
from qenex_messages.mt import check_mt, render_mt103
from qenex_messages.translation import mt103_to_pacs008, pacs008_to_mt103

from .conftest import cbpr_errors

BICS = ("DEUTDEFFXXX", "BNPAFRPPXXX", "NWBKGB2LXXX", "CHASUS33XXX", "UBSWCHZH80A", "ABNANL2AXXX")
IBANS = ("DE89370400440532013000", "FR1420041010050500013M02606", "GB29NWBK60161331926819")
WORD = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=8)


def words(max_size: int) -> st.SearchStrategy[str]:
    """Upper-case words joined by single spaces, at most ``max_size`` characters."""
    return st.lists(WORD, min_size=1, max_size=6).map(" ".join).filter(lambda s: len(s) <= max_size)


def _chunks_clean(text: str) -> bool:
    pieces = [text[i : i + 35] for i in range(0, len(text), 35)]
    return all(p == p.strip() for p in pieces)


@st.composite
def parties(draw: st.DrawFn) -> tuple[m.Party, m.Account]:
    name = draw(words(33))
    account = m.Account(iban=draw(st.sampled_from(IBANS)))
    if draw(st.booleans()):  # 50F/59F: name, one street line, country and town (hybrid)
        address = m.PostalAddress(
            address_lines=(draw(words(33)),),
            country=draw(st.sampled_from(("DE", "FR", "GB", "US"))),
            town_name=draw(words(30)),
        )
    else:  # 50K/59: name and up to three unstructured lines
        lines = tuple(draw(st.lists(words(35), max_size=3)))
        address = m.PostalAddress(address_lines=lines) if lines else None
    return m.Party(name=name, postal_address=address), account


@st.composite
def mt103_texts(draw: st.DrawFn) -> str:
    """MT103s (rendered from models) whose content fits pacs.008 and MT103 both."""
    sender, receiver = draw(st.lists(st.sampled_from(BICS), min_size=2, max_size=2, unique=True))
    currency = draw(st.sampled_from(("EUR", "USD", "GBP", "JPY")))
    exponent = 0 if currency == "JPY" else 2
    amount = m.Amount(
        value=Decimal(draw(st.integers(1, 10**11))).scaleb(-exponent), currency=currency
    )
    debtor, debtor_account = draw(parties())
    creditor, creditor_account = draw(parties())
    e2e = draw(st.none() | WORD)
    remittance = None
    if e2e is not None:
        remittance = m.Remittance(unstructured=(f"/ROC/{e2e}",))
    elif draw(st.booleans()):
        text = draw(words(140).filter(_chunks_clean))
        remittance = m.Remittance(unstructured=(text,))
    previous = tuple(m.Agent(bic=b) for b in draw(st.lists(st.sampled_from(BICS), max_size=2)))
    acc = draw(st.none() | words(30))
    next_agent = tuple(
        m.AgentInstruction(information=f"/{code}/{text}")
        for code, text in draw(
            st.lists(st.tuples(st.sampled_from(("INT", "REC")), words(28)), max_size=2)
        )
    )
    levels = []
    if draw(st.booleans()):
        levels.append(m.CodeOrProprietary(code="G001"))
    if draw(st.booleans()):
        levels.append(m.CodeOrProprietary(code="SDVA"))
    intermediary = draw(st.none() | st.sampled_from(BICS))
    settlement_account = draw(st.none() | st.just("12345678"))
    settlement = m.SettlementInformation(
        method=m.SettlementMethod.INSTRUCTING_AGENT
        if settlement_account
        else m.SettlementMethod.INSTRUCTED_AGENT,
        settlement_account=m.Account(other=m.GenericIdentification(id=settlement_account))
        if settlement_account
        else None,
    )
    tx = m.CreditTransferTransaction(
        instruction_id=draw(
            st.text("ABCDEFGHIJ0123456789-", min_size=1, max_size=16).filter(
                lambda s: not s.startswith("-") and not s.endswith("-")
            )
        ),
        end_to_end_id=e2e,
        uetr=str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)), version=4)),
        payment_type=m.PaymentTypeInformation(service_levels=tuple(levels)) if levels else None,
        interbank_settlement_amount=amount,
        interbank_settlement_date=draw(st.dates(dt.date(2000, 1, 1), dt.date(2049, 12, 31))),
        instructed_amount=amount,
        charge_bearer=draw(st.sampled_from((m.ChargeBearer.DEBTOR, m.ChargeBearer.SHARED))),
        purpose=draw(
            st.none()
            | st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=3, max_size=3).map(
                lambda w: m.CodeOrProprietary(proprietary=f":26T:{w}")
            )
        ),
        previous_instructing_agents=previous,
        instructing_agent=m.Agent(bic=sender),
        instructed_agent=m.Agent(bic=receiver),
        intermediary_agents=(m.Agent(bic=intermediary),) if intermediary else (),
        debtor=debtor,
        debtor_account=debtor_account,
        debtor_agent=m.Agent(bic=draw(st.sampled_from(BICS))),
        creditor_agent=m.Agent(bic=draw(st.sampled_from(BICS))),
        creditor=creditor,
        creditor_account=creditor_account,
        instructions_for_creditor_agent=(m.AgentInstruction(information=acc),) if acc else (),
        instructions_for_next_agent=next_agent,
        remittance=remittance,
    )
    model = m.CreditTransfer(
        kind=m.MessageKind.INTERBANK,
        group_header=m.GroupHeader(
            message_id="X",
            creation_date_time=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            settlement_information=settlement,
        ),
        transactions=(tx,),
    )
    rendered = render_mt103(model)
    assert rendered.ok, rendered.findings
    return rendered.value


_72_CODE_AFTER_CODE = (
    "{1:F01DEUTDEFFAXXX0000000000}{2:I103BNPAFRPPXXXXN}"
    "{3:{121:00000000-0000-4000-8000-000000000000}}{4:\r\n:20:0\r\n:23B:CRED\r\n"
    ":32A:000101EUR0,01\r\n:33B:EUR0,01\r\n:50K:/DE89370400440532013000\r\n0\r\n"
    ":52A:DEUTDEFFXXX\r\n:57A:DEUTDEFFXXX\r\n:59F:/DE89370400440532013000\r\n1/0\r\n"
    "2/0\r\n3/DE/0\r\n:71A:OUR\r\n:72:/INT/PHONBEN\r\n/INT/0\r\n-}"
)
"""72 '/INT/PHONBEN': the slash closing /INT/ must not open a /PHONBEN/ code on the way back."""


@settings(max_examples=40)
@given(mt103_texts())
@example(_72_CODE_AFTER_CODE)
def test_mt103_to_pacs008_and_back_is_identity(text: str) -> None:
    """MT103 -> pacs.008 -> MT103 gives the same text; each output passes its own rules."""
    assert all(r.errors == [] for r in check_mt(text)), check_mt(text)[0].errors
    xml = mt103_to_pacs008(text)
    assert xml.ok, xml.findings
    assert check_xml(xml.value).errors == []
    assert cbpr_errors(xml.value) == []
    back = pacs008_to_mt103(xml.value)
    assert back.ok, back.findings
    assert back.value == [text]
