"""Builders for the common messages: a SEPA batch, a CBPR+ customer transfer, an MT103.

Each builder takes plain values (strings, ``Decimal``, dates), checks all of them at once and
returns a :class:`~qenex_messages.model.CreditTransfer` ready for
:func:`~qenex_messages.render_document` or :func:`~qenex_messages.render_mt103`. Totals are
computed (NbOfTxs, CtrlSum); identifiers not given are generated as the docstrings say. When an
argument is wrong, :class:`BuildError` lists every problem with the argument's path, e.g.
``payments[2].creditor.account``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError

from qenex_messages import identifiers
from qenex_messages import model as m
from qenex_messages.codes import define
from qenex_messages.findings import Finding, Location, MessageError, Severity
from qenex_messages.rules.cbpr.bah import business_service as cbpr_business_service
from qenex_messages.stamps import resolve_created

__all__ = [
    "NOT_PROVIDED",
    "BuildError",
    "Customer",
    "Header",
    "Payment",
    "creation_time",
    "customer_credit_transfer",
    "sepa_credit_transfer",
]

BAD_ARGUMENT = define(
    "QX130",
    Severity.ERROR,
    "A builder argument is missing, too long or not of the expected kind.",
    family="build",
    fix="Correct the argument at the path the finding names (e.g. payments[2].amount).",
)

NOT_PROVIDED = "NOTPROVIDED"
"""The end-to-end id written when the payer gives none (the ISO 20022 convention)."""

_SEPA_MAX_AMOUNT = Decimal("999999999.99")
_NAME_MAX = 140
_SEPA_NAME_MAX = 70
_ID_MAX = 35
_REMITTANCE_MAX = 140


class BuildError(MessageError):
    """A builder's arguments are wrong; ``findings`` has one entry per problem, located by the
    argument's path in ``Location.field`` (``payments[2].amount``)."""


@dataclass(frozen=True, slots=True)
class Customer:
    """A payer or payee: name, account (an IBAN, or another account number), the BIC of the
    bank that keeps the account, and an optional postal address."""

    name: str
    account: str
    bic: str | None = None
    street: str | None = None
    building_number: str | None = None
    post_code: str | None = None
    town: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Payment:
    """One payment: the amount (``Decimal``, ``str`` or ``int``; never ``float``), the payee,
    the references the payee sees and the identifiers the banks use (generated when left out)."""

    amount: Decimal | str | int
    creditor: Customer
    end_to_end_id: str | None = None
    remittance: str | None = None
    creditor_reference: str | None = None
    purpose: str | None = None
    currency: str = "EUR"
    instruction_id: str | None = None
    uetr: str | None = None
    charge_bearer: m.ChargeBearer | None = None


@dataclass(frozen=True, slots=True)
class Header:
    """What identifies the message: its id (default: 32 random hexadecimal digits), creation time
    (default: :func:`creation_time`) and, for CBPR+, the AppHdr's business service (default: the
    one of the release in force on the creation date)."""

    message_id: str | None = None
    created: dt.datetime | None = None
    business_service: str | None = None

    def identifier(self) -> str:
        """``message_id``, or a new random one."""
        return self.message_id or uuid.uuid4().hex

    def when(self) -> dt.datetime:
        """``created``, or :func:`creation_time`."""
        return self.created or creation_time()


def creation_time() -> dt.datetime:
    """Now in UTC to the second, or the time ``SOURCE_DATE_EPOCH`` names (reproducible builds)."""
    return resolve_created()


class _Checker:
    """Collects the problems of every argument before anything is built."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, path: str, message: str) -> None:
        self.findings.append(BAD_ARGUMENT.finding(f"{path}: {message}", Location(field=path)))

    def extend(self, path: str, found: list[Finding]) -> None:
        self.findings.extend(
            replace(f, message=f"{path}: {f.message}", location=Location(field=path)) for f in found
        )

    def text(self, path: str, value: str | None, limit: int, *, required: bool = False) -> None:
        if value is None or value == "":
            if required:
                self.add(path, "is required")
            return
        if len(value) > limit:
            self.add(path, f"has {len(value)} characters; at most {limit} fit")

    def amount(self, path: str, value: Decimal | str | int, currency: str) -> Decimal | None:
        if isinstance(value, float | bool) or not isinstance(value, Decimal | str | int):
            self.add(path, f"give money as Decimal, str or int, not {type(value).__name__}")
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            self.add(path, f"{value!r} is not a number")
            return None
        if amount.is_finite() and amount <= 0:
            self.add(path, f"{amount} must be more than zero")
            return None
        found = identifiers.check_amount(amount, currency)
        self.extend(path, found)
        if found:
            return None
        units = identifiers.minor_units(currency)
        return amount if units is None else amount.quantize(Decimal(1).scaleb(-units))

    def account(self, path: str, value: str, *, iban_only: bool) -> m.Account | None:
        compact = identifiers.compact(value)
        looks_like_iban = compact[:2].isalpha() and compact[2:4].isdigit()
        if iban_only or looks_like_iban:
            found = identifiers.check_iban(value)
            self.extend(path, found)
            return None if found else m.Account(iban=compact)
        self.text(path, value, 34, required=True)
        return m.Account(other=m.GenericIdentification(id=value)) if value else None

    def bic(self, path: str, value: str | None, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.add(path, "is required")
            return
        self.extend(path, identifiers.check_bic(value))

    def customer(
        self, path: str, who: Customer, *, name_max: int, iban_only: bool, bic_required: bool
    ) -> tuple[m.Party, m.Account | None]:
        self.text(f"{path}.name", who.name, name_max, required=True)
        account = self.account(f"{path}.account", who.account, iban_only=iban_only)
        self.bic(f"{path}.bic", who.bic, required=bic_required)
        if who.country is not None:
            self.extend(f"{path}.country", identifiers.check_country(who.country))
        for name in ("street", "building_number", "post_code", "town"):
            self.text(f"{path}.{name}", getattr(who, name), 70 if name != "post_code" else 16)
        return _party(who), account

    def payment(
        self, path: str, payment: Payment, *, sepa: bool
    ) -> m.CreditTransferTransaction | None:
        """The transaction of ``payment`` (amounts, creditor, references), or ``None`` when an
        argument is wrong; the problems are added to the findings."""
        before = len(self.findings)
        currency_problems = identifiers.check_currency(payment.currency)
        self.extend(f"{path}.currency", currency_problems)
        if sepa and payment.currency != "EUR" and not currency_problems:
            self.add(f"{path}.currency", f"SEPA pays in EUR, not {payment.currency!r}")
        currency = "XXX" if currency_problems else payment.currency
        amount = self.amount(f"{path}.amount", payment.amount, currency)
        if sepa and amount is not None and amount > _SEPA_MAX_AMOUNT:
            self.add(f"{path}.amount", f"{amount} is over the SEPA maximum {_SEPA_MAX_AMOUNT}")
        party, account = self.customer(
            f"{path}.creditor",
            payment.creditor,
            name_max=_SEPA_NAME_MAX if sepa else _NAME_MAX,
            iban_only=sepa,
            bic_required=not sepa,
        )
        self.text(f"{path}.end_to_end_id", payment.end_to_end_id, _ID_MAX)
        self.text(f"{path}.instruction_id", payment.instruction_id, _ID_MAX if sepa else 16)
        self.text(f"{path}.remittance", payment.remittance, _REMITTANCE_MAX)
        if payment.uetr is not None:
            self.extend(f"{path}.uetr", identifiers.check_uetr(payment.uetr))
        if payment.creditor_reference is not None:
            self.extend(
                f"{path}.creditor_reference",
                identifiers.check_creditor_reference(payment.creditor_reference),
            )
        if sepa and payment.remittance and payment.creditor_reference:
            self.add(
                f"{path}.remittance",
                "SEPA allows remittance text or a creditor reference, not both",
            )
        bearer = payment.charge_bearer
        if sepa and bearer not in (None, m.ChargeBearer.SERVICE_LEVEL):
            self.add(f"{path}.charge_bearer", f"SEPA charges are SLEV, not {bearer}")
        if len(self.findings) > before or amount is None:
            return None
        creditor_bic = payment.creditor.bic
        return m.CreditTransferTransaction(
            instruction_id=payment.instruction_id,
            end_to_end_id=payment.end_to_end_id or NOT_PROVIDED,
            uetr=payment.uetr,
            instructed_amount=m.Amount(value=amount, currency=payment.currency),
            charge_bearer=None if sepa else (bearer or m.ChargeBearer.SHARED),
            creditor_agent=m.Agent(bic=creditor_bic) if creditor_bic else None,
            creditor=party,
            creditor_account=account,
            purpose=m.CodeOrProprietary(code=payment.purpose) if payment.purpose else None,
            remittance=_remittance(payment),
        )

    def raise_if_any(self, what: str) -> None:
        if self.findings:
            count = len(self.findings)
            raise BuildError(
                f"{what}: {count} argument problem{'s' if count > 1 else ''}", self.findings
            )


def _party(who: Customer) -> m.Party:
    address = None
    parts = (who.street, who.building_number, who.post_code, who.town, who.country)
    if any(p is not None for p in parts):
        address = m.PostalAddress(
            street_name=who.street,
            building_number=who.building_number,
            post_code=who.post_code,
            town_name=who.town,
            country=who.country
            if who.country and not identifiers.check_country(who.country)
            else None,
        )
    return m.Party(name=who.name or None, postal_address=address)


def _built(what: str, build: object) -> m.CreditTransfer:
    """The model, or a :class:`BuildError` naming each pydantic problem left after our checks."""
    assert callable(build)
    try:
        result = build()
    except ValidationError as exc:
        findings = [
            BAD_ARGUMENT.finding(
                f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}",
                Location(field=".".join(str(p) for p in error["loc"]) or None),
            )
            for error in exc.errors()
        ]
        raise BuildError(f"{what}: the arguments do not make a valid message", findings) from exc
    assert isinstance(result, m.CreditTransfer)
    return result


def _remittance(payment: Payment) -> m.Remittance | None:
    if payment.creditor_reference is not None:
        return m.Remittance(
            structured=(
                m.StructuredRemittance(
                    creditor_reference=m.CreditorReference(
                        reference=payment.creditor_reference,
                        type=m.CodeOrProprietary(code="SCOR"),
                    )
                ),
            )
        )
    if payment.remittance:
        return m.Remittance(unstructured=(payment.remittance,))
    return None


def sepa_credit_transfer(
    debtor: Customer,
    payments: Sequence[Payment],
    *,
    execution_date: dt.date,
    header: Header | None = None,
    batch_booking: bool | None = None,
    instant: bool = False,
) -> m.CreditTransfer:
    """A SEPA credit transfer initiation (pain.001): one debtor paying each of ``payments``.

    NbOfTxs and CtrlSum are computed at both levels; the message id (see :class:`Header`) is
    also the payment-information id; a payment without ``end_to_end_id`` gets ``NOTPROVIDED``;
    a debtor without BIC gets the debtor agent ``NOTPROVIDED``. ``instant`` asks for SEPA Instant
    (local instrument ``INST``). Raises :class:`BuildError` naming every wrong argument
    (``payments[1].creditor.account: IBAN ... has wrong check digits``)."""
    header = header or Header()
    check = _Checker()
    debtor_party, debtor_account = check.customer(
        "debtor", debtor, name_max=_SEPA_NAME_MAX, iban_only=True, bic_required=False
    )
    check.text("header.message_id", header.message_id, _ID_MAX)
    if not payments:
        check.add("payments", "give at least one payment")
    built = [check.payment(f"payments[{i}]", p, sepa=True) for i, p in enumerate(payments)]
    check.raise_if_any("SEPA credit transfer")
    assert debtor_account is not None
    transactions = tuple(t for t in built if t is not None)
    identifier = header.identifier()
    total = identifiers.exact_sum(
        t.instructed_amount.value for t in transactions if t.instructed_amount
    )
    payment_type = m.PaymentTypeInformation(
        service_levels=(m.CodeOrProprietary(code="SEPA"),),
        local_instrument=m.CodeOrProprietary(code="INST") if instant else None,
    )

    def build() -> m.CreditTransfer:
        return m.CreditTransfer(
            kind=m.MessageKind.CUSTOMER_INITIATION,
            group_header=m.GroupHeader(
                message_id=identifier,
                creation_date_time=header.when(),
                number_of_transactions=len(transactions),
                control_sum=total,
                initiating_party=m.Party(name=debtor.name),
            ),
            payment_information=(
                m.PaymentInformation(
                    payment_information_id=identifier,
                    batch_booking=batch_booking,
                    number_of_transactions=len(transactions),
                    control_sum=total,
                    payment_type=payment_type,
                    requested_execution_date=execution_date,
                    debtor=debtor_party,
                    debtor_account=debtor_account,
                    debtor_agent=m.Agent(bic=debtor.bic) if debtor.bic else _NOT_PROVIDED_AGENT,
                    charge_bearer=m.ChargeBearer.SERVICE_LEVEL,
                    transactions=transactions,
                ),
            ),
        )

    return _built("SEPA credit transfer", build)


_NOT_PROVIDED_AGENT = m.Agent(other_id=m.GenericIdentification(id=NOT_PROVIDED))
"""The debtor agent of a SEPA payment whose debtor gives no BIC (the EPC's ``NOTPROVIDED``)."""


def customer_credit_transfer(
    debtor: Customer,
    payment: Payment,
    *,
    settlement_date: dt.date,
    instructing_agent: str | None = None,
    instructed_agent: str | None = None,
    header: Header | None = None,
) -> m.CreditTransfer:
    """One interbank customer credit transfer with its Business Application Header, as CBPR+
    wants it: render it with ``render_document(transfer, "pacs.008.001.08")`` or as an MT103 with
    ``render_mt103(transfer)``.

    ``debtor.bic`` and ``payment.creditor.bic`` are the debtor's and creditor's agents
    (required). ``instructing_agent`` and ``instructed_agent`` are the BICs of the sending and
    receiving banks (the AppHdr's From and To; default: the debtor's and the creditor's agent).
    Settlement is INDA; charges SHAR unless ``payment.charge_bearer`` says otherwise. The message
    id (see :class:`Header`) is also the AppHdr's BizMsgIdr; ``payment.instruction_id`` defaults
    to its first 16 characters (CBPR+ and MT field 20 allow 16), ``payment.end_to_end_id`` to
    ``NOTPROVIDED`` and ``payment.uetr`` to a new UUID v4. Raises :class:`BuildError` naming
    every wrong argument."""
    header = header or Header()
    check = _Checker()
    debtor_party, debtor_account = check.customer(
        "debtor", debtor, name_max=_NAME_MAX, iban_only=False, bic_required=True
    )
    transaction = check.payment("payment", payment, sepa=False)
    check.bic("instructing_agent", instructing_agent)
    check.bic("instructed_agent", instructed_agent)
    check.text("header.message_id", header.message_id, _ID_MAX)
    check.raise_if_any("customer credit transfer")
    assert transaction is not None
    assert debtor.bic is not None
    assert payment.creditor.bic is not None
    identifier = header.identifier()
    when = header.when()
    from_agent = m.Agent(bic=instructing_agent or debtor.bic)
    to_agent = m.Agent(bic=instructed_agent or payment.creditor.bic)
    service = header.business_service or cbpr_business_service(when.date())

    def build() -> m.CreditTransfer:
        interbank = transaction.model_copy(
            update={
                "instruction_id": transaction.instruction_id or identifier[:16],
                "uetr": transaction.uetr or str(uuid.uuid4()),
                "interbank_settlement_amount": transaction.instructed_amount,
                "interbank_settlement_date": settlement_date,
                "instructing_agent": from_agent,
                "instructed_agent": to_agent,
                "debtor": debtor_party,
                "debtor_account": debtor_account,
                "debtor_agent": m.Agent(bic=debtor.bic),
            }
        )
        return m.CreditTransfer(
            kind=m.MessageKind.INTERBANK,
            group_header=m.GroupHeader(
                message_id=identifier,
                creation_date_time=when,
                number_of_transactions=1,
                settlement_information=m.SettlementInformation(
                    method=m.SettlementMethod.INSTRUCTED_AGENT
                ),
            ),
            transactions=(interbank,),
            application_header=m.BusinessApplicationHeader(
                from_agent=from_agent,
                to_agent=to_agent,
                business_message_id=identifier,
                message_definition_id="pacs.008.001.08",
                business_service=service,
                creation_date=when,
            ),
        )

    return _built("customer credit transfer", build)
