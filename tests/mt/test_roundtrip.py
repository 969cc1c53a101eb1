"""Model -> MT103 -> model is the identity for models MT103 can carry; losses are findings."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_messages import model as m
from qenex_messages.identifiers import minor_units
from qenex_messages.mt import check_mt, parse_mt103, render_mt103

from .conftest import build

X_TEXT = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 .,-()?'+", min_size=1, max_size=35
).filter(lambda s: s.strip() == s and not s.startswith(("/", ":", "-")))
REF = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=16)
BICS = st.sampled_from(("DEUTDEFF", "CHASUS33XXX", "BNPAFRPP", "NWBKGB2L", "UBSWCHZH80A"))
ACCOUNTS = st.sampled_from(("DE89370400440532013000", "12345678", "GB29NWBK60161331926819"))


def _account(value: str) -> m.Account:
    if value[:2].isalpha():
        return m.Account(iban=value)
    return m.Account(other=m.GenericIdentification(id=value))


@st.composite
def mt103_models(draw: st.DrawFn) -> m.CreditTransfer:
    """Models inside what MT103 carries: one transaction, X-set text within field limits."""
    ccy = draw(st.sampled_from(("EUR", "USD", "JPY", "BHD", "GBP")))
    units = minor_units(ccy) or 0
    value = Decimal(draw(st.integers(0, 10**12))).scaleb(-units)
    date = draw(st.dates(dt.date(2000, 1, 1), dt.date(2079, 12, 31)))
    settle = m.Amount(value=value, currency=ccy)
    instructed = None
    rate = None
    if draw(st.booleans()):
        other = draw(st.sampled_from(("EUR", "USD", "CHF")))
        instructed = m.Amount(value=Decimal(draw(st.integers(0, 10**9))), currency=other)
        if other != ccy:
            rate = Decimal(draw(st.integers(1, 10**6))).scaleb(-4)
    debtor = m.Party(
        name=draw(X_TEXT),
        postal_address=m.PostalAddress(
            address_lines=tuple(draw(st.lists(X_TEXT, min_size=1, max_size=3)))
        )
        if draw(st.booleans())
        else None,
    )
    creditor = m.Party(name=draw(X_TEXT))
    if draw(st.booleans()):
        creditor = m.Party(
            name=draw(X_TEXT),
            postal_address=m.PostalAddress(
                country="DE", town_name=draw(X_TEXT.filter(lambda s: len(s) <= 30))
            ),
        )
    sender, receiver = draw(BICS), draw(BICS)
    remittance = None
    if draw(st.booleans()):
        remittance = m.Remittance(
            unstructured=(
                draw(
                    st.text(alphabet="ABCDEF 123", min_size=1, max_size=140).filter(
                        lambda s: s.strip() == s
                    )
                ),
            )
        )
    tx = m.CreditTransferTransaction(
        instruction_id=draw(REF),
        uetr=str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)), version=4)),
        interbank_settlement_amount=settle,
        interbank_settlement_date=date,
        instructed_amount=instructed,
        exchange_rate=rate,
        # BEN (CRED) needs a 71F (rule C14); the charges mapping is tested on its own below.
        charge_bearer=draw(st.sampled_from((m.ChargeBearer.DEBTOR, m.ChargeBearer.SHARED))),
        instructing_agent=m.Agent(bic=sender),
        instructed_agent=m.Agent(bic=receiver),
        debtor=debtor,
        debtor_account=_account(draw(ACCOUNTS)) if draw(st.booleans()) else None,
        creditor=creditor,
        creditor_account=_account(draw(ACCOUNTS)),
        creditor_agent=m.Agent(bic=draw(BICS)) if draw(st.booleans()) else None,
        remittance=remittance,
        supplementary_data=(m.SupplementaryData(content="CRED", origin="MT103 23B"),),
    )
    created = dt.datetime.combine(date, dt.time(0, 0), dt.UTC)
    header = m.GroupHeader(
        message_id=tx.instruction_id or "X",
        creation_date_time=created,
        number_of_transactions=1,
        settlement_information=m.SettlementInformation(method=m.SettlementMethod.INSTRUCTED_AGENT),
    )
    bah = m.BusinessApplicationHeader(
        from_agent=m.Agent(bic=sender),
        to_agent=m.Agent(bic=receiver),
        business_message_id=tx.instruction_id or "X",
        message_definition_id="MT103",
        creation_date=created,
    )
    return m.CreditTransfer(
        kind=m.MessageKind.INTERBANK,
        group_header=header,
        transactions=(tx,),
        application_header=bah,
    )


def _normalise_bics(model: m.CreditTransfer) -> m.CreditTransfer:
    """MT writes BICs with a branch; XXX and no branch mean the same institution."""

    def norm(agent: m.Agent | None) -> m.Agent | None:
        if agent is None or agent.bic is None:
            return agent
        return agent.model_copy(update={"bic": agent.bic[:8] + (agent.bic[8:] or "XXX")})

    (tx,) = model.transactions
    tx = tx.model_copy(
        update={
            "instructing_agent": norm(tx.instructing_agent),
            "instructed_agent": norm(tx.instructed_agent),
        }
    )
    bah = model.application_header
    assert bah is not None
    bah = bah.model_copy(
        update={"from_agent": norm(bah.from_agent), "to_agent": norm(bah.to_agent)}
    )
    return model.model_copy(update={"transactions": (tx,), "application_header": bah})


@settings(max_examples=60)
@given(mt103_models())
def test_model_mt_model_identity(model: m.CreditTransfer) -> None:
    """render_mt103 then parse then to_model gives the model back, with no finding but the note
    that an input message's creation time is filled in from 32A."""
    rendered = render_mt103(model)
    assert rendered.findings == ()
    reports = check_mt(rendered.value)
    # C2 (D49) depends on which BICs were drawn, not on what MT103 can carry.
    assert [f for f in reports[0].findings if f.code != "D49"] == []
    back = parse_mt103(rendered.value).to_model()
    assert [f.location.field for f in back.findings] == ["2"]
    assert back.value == _normalise_bics(model)


def test_render_losses_are_findings() -> None:
    """Transliteration, truncation, extra transactions and missing data each give a finding."""
    model = parse_mt103(build()).to_model().value
    (tx,) = model.transactions
    tx = tx.model_copy(
        update={
            "debtor": m.Party(name="Jürgen Ærø & Søn " + "X" * 30),
            "purpose": m.CodeOrProprietary(code="SALA"),
        }
    )
    model = model.model_copy(update={"transactions": (tx, tx)})
    out = render_mt103(model)
    codes = {f.code for f in out.findings}
    assert {"QX420", "QX421", "QX422", "QX423"} <= codes
    assert ":50K:/12345678\r\nJurgen AEro + Son XXXXXXXXXXXXXXXX+" in out.value
    assert check_mt(out.value)[0].ok


def test_variants_and_line_endings() -> None:
    """render_mt103 writes 119 for STP and REMIT and the requested line ending."""
    model = parse_mt103(build()).to_model().value
    stp = render_mt103(model, variant="STP", line_ending="\n").value
    assert "{119:STP}" in stp and "\r\n" not in stp
    assert check_mt(stp)[0].version == "STP"


def test_mapping_follows_the_mapping_note() -> None:
    """71A OUR -> DEBT, 70 /ROC/ -> end-to-end id, 23E codes, 26T, 13C, 77B residence."""
    text = build(
        ("13C", "/SNDTIME/0915+0100"),
        ("23E", "SDVA"),
        ("23E+", "CORT"),
        ("26T", "K90"),
        ("71A", "OUR"),
        ("71G", "USD5,"),
        ("33B", "EUR900,"),
        ("36", "1,1"),
        ("70", "/ROC/E2E1//INV 42"),
        ("77B", "/ORDERRES/BE//MEILAAN 1"),
        ("72", "/INS/DEUTDEFF\n/ACC/CALL ME"),
    )
    model = parse_mt103(text).to_model().value
    (tx,) = model.transactions
    assert tx.charge_bearer is m.ChargeBearer.DEBTOR
    assert tx.end_to_end_id == "E2E1"
    assert tx.remittance is not None and tx.remittance.unstructured == ("/ROC/E2E1//INV 42",)
    assert tx.payment_type is not None
    assert [s.code for s in tx.payment_type.service_levels] == ["SDVA"]
    assert tx.payment_type.category_purpose == m.CodeOrProprietary(code="CORT")
    assert tx.purpose == m.CodeOrProprietary(proprietary=":26T:K90")
    assert tx.time_indications[0].kind == "DBTDTTM"
    assert tx.exchange_rate == Decimal("1.1")
    assert tx.instructed_amount == m.Amount(value=Decimal(900), currency="EUR")
    assert tx.charges[0].agent is not None and tx.charges[0].agent.bic == "CHASUS33XXX"
    assert tx.debtor is not None and tx.debtor.country_of_residence == "BE"
    assert [a.bic for a in tx.previous_instructing_agents] == ["DEUTDEFF"]
    assert tx.instructions_for_creditor_agent[0].information == "CALL ME"
    again = render_mt103(model).value
    assert check_mt(again)[0].ok
