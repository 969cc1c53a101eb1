"""The typed model of a customer credit transfer, independent of any wire format.

One :class:`CreditTransfer` holds what MT103, pacs.008 (v02 to v13) and pain.001 (v03 to v13)
carry. pain.001 fills :attr:`CreditTransfer.payment_information` (batches of transactions under
one debtor); pacs.008 and MT103 fill :attr:`CreditTransfer.transactions` directly. Only rules true
in every format are enforced here (IBAN checksum, BIC shape, ISO 4217 currency and minor units,
UUID v4 UETR, ISO 3166 country); format limits (lengths, character sets) live in the formats.

Every model is frozen; build changed copies with ``model_copy(update=...)``. Money is ``Decimal``:
floats are refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from qenex_messages import identifiers
from qenex_messages._resources import iso4217
from qenex_messages.codes import define
from qenex_messages.findings import Finding, Severity

_F = "model"
CHOICE_NOT_ONE = define(
    "QX120",
    Severity.ERROR,
    "A code-or-proprietary choice has both or neither set.",
    family=_F,
    fix="Set exactly one of the code and the proprietary value.",
)
PARTY_BOTH_KINDS = define(
    "QX121",
    Severity.ERROR,
    "A party is identified both as an organisation and a person.",
    family=_F,
    fix="Identify the party as an organisation or as a person, not both.",
)
ACCOUNT_ID_NOT_ONE = define(
    "QX122",
    Severity.ERROR,
    "An account has no identification, or both an IBAN and another.",
    family=_F,
    fix="Give the account either an IBAN or another identification, exactly one.",
)
INSTRUCTION_EMPTY = define(
    "QX123",
    Severity.ERROR,
    "An instruction for an agent has neither code nor text.",
    family=_F,
    fix="Give the instruction a code or a text.",
)
WRONG_LEVEL = define(
    "QX124",
    Severity.ERROR,
    "Transactions are placed at the wrong level for the kind of message.",
    family=_F,
    fix="Put the transactions at the level the message kind uses (payment blocks for pain.001).",
)


_READING: ContextVar[list[Finding] | None] = ContextVar("qenex_messages_reading", default=None)


@contextmanager
def reading() -> Iterator[list[Finding]]:
    """Lenient construction for readers: inside this block a model keeps an identifier, currency
    or amount that fails its check, and the finding is appended to the yielded list instead of
    being raised. Outside it (building a model in code) the same value is refused."""
    notes: list[Finding] = []
    token = _READING.set(notes)
    try:
        yield notes
    finally:
        _READING.reset(token)


def _raise_first(findings: list[Finding], value: object) -> bool:
    """Refuse ``value`` with the first finding, or (while :func:`reading`) note them all, each
    with the value as read in its ``args``; whether the value passed its checks."""
    if not findings:
        return True
    notes = _READING.get()
    if notes is not None:
        notes.extend(
            replace(f, args=MappingProxyType({**f.args, "value": str(value)})) for f in findings
        )
        return False
    first = findings[0]
    raise PydanticCustomError(first.code, first.message)


def _iban(value: str) -> str:
    electronic = identifiers.compact(value)
    return electronic if _raise_first(identifiers.check_iban(electronic), value) else value


def _bic(value: str) -> str:
    _raise_first(identifiers.check_bic(value), value)
    return value


def _currency(value: str) -> str:
    _raise_first(identifiers.check_currency(value), value)
    return value


def _uetr(value: str) -> str:
    _raise_first(identifiers.check_uetr(value), value)
    return value


def _lei(value: str) -> str:
    _raise_first(identifiers.check_lei(value), value)
    return value


def _country(value: str) -> str:
    _raise_first(identifiers.check_country(value), value)
    return value


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        raise PydanticCustomError(
            identifiers.AMOUNT_RANGE.code,
            "money must be given as Decimal, int or str, never float ({value})",
            {"value": value},
        )
    return value


def _string_schema(pattern: str, description: str, **extra: Any) -> WithJsonSchema:
    """The JSON Schema of a checked string: its shape (what a pattern can say) and the rest in
    words. Check digits and registries are beyond JSON Schema; the model still checks them."""
    return WithJsonSchema(
        {"type": "string", "pattern": f"^{pattern}$", "description": description, **extra}
    )


_DECIMAL = "[0-9]+([.][0-9]+)?"
_AMOUNT = (
    f"(?=([^0-9]*[0-9]){{1,{identifiers.MAX_AMOUNT_DIGITS}}}[^0-9]*$)(0|[1-9][0-9]*)([.][0-9]+)?"
)
"""An amount as ISO 20022 writes it: no leading zeros, at most 18 digits in all."""
_AS_PLAIN_TEXT = PlainSerializer(
    lambda value: format(value, "f"), return_type=str, when_used="json"
)
"""Decimals are written as plain decimal strings (``"100.50"``, never ``"1.005E+2"``)."""

IBANStr = Annotated[
    str,
    AfterValidator(_iban),
    _string_schema(
        identifiers.IBAN_PATTERN,
        "IBAN in electronic form (upper case, no spaces) with valid check digits and BBAN",
        minLength=5,
        maxLength=34,
    ),
]
"""An IBAN in electronic form (no spaces, upper case) with valid check digits and BBAN."""
BICStr = Annotated[
    str,
    AfterValidator(_bic),
    _string_schema(identifiers.BIC_PATTERN, "BIC (ISO 9362) of 8 or 11 characters"),
]
"""A BIC (ISO 9362) of 8 or 11 characters with a known country."""
CurrencyCode = Annotated[
    str,
    AfterValidator(_currency),
    _string_schema("[A-Z]{3}", "active ISO 4217 alphabetic currency code"),
]
"""An active ISO 4217 alphabetic currency code."""
UETRStr = Annotated[
    str,
    AfterValidator(_uetr),
    _string_schema(identifiers.UETR_PATTERN, "UETR: a lower-case UUID of version 4"),
]
"""A Unique End-to-end Transaction Reference: a lower-case UUID v4."""
LEIStr = Annotated[
    str,
    AfterValidator(_lei),
    _string_schema(identifiers.LEI_PATTERN, "ISO 17442 LEI with valid check digits"),
]
"""An ISO 17442 Legal Entity Identifier."""
CountryCode = Annotated[
    str,
    AfterValidator(_country),
    _string_schema("[A-Z]{2}", "ISO 3166-1 alpha-2 country code"),
]
"""An ISO 3166-1 alpha-2 country code."""
DecimalValue = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    _AS_PLAIN_TEXT,
    _string_schema(f"-?{_DECIMAL}", "decimal number as a string (never a JSON number)"),
]
"""A finite ``Decimal`` (NaN and infinities are refused); floats are refused too."""
AmountValue = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    _AS_PLAIN_TEXT,
    _string_schema(
        _AMOUNT,
        "amount of zero or more as a decimal string of at most 18 digits, with at most the "
        "currency's minor units",
    ),
]
"""A money value: a ``DecimalValue`` of zero or more (the currency's minor units are checked
with the currency, in :class:`Amount`)."""
Text = Annotated[str, Field(min_length=1)]
"""A non-empty text."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class ChargeBearer(StrEnum):
    """Who pays the charges (ISO 20022 ChargeBearerType1Code; MT 71A OUR/BEN/SHA)."""

    DEBTOR = "DEBT"
    CREDITOR = "CRED"
    SHARED = "SHAR"
    SERVICE_LEVEL = "SLEV"


class PaymentMethod(StrEnum):
    """pain.001 payment method: transfer, cheque or transfer advice."""

    TRANSFER = "TRF"
    CHEQUE = "CHK"
    TRANSFER_ADVICE = "TRA"


class SettlementMethod(StrEnum):
    """pacs.008 settlement method (SettlementMethod1Code)."""

    INSTRUCTED_AGENT = "INDA"
    INSTRUCTING_AGENT = "INGA"
    COVER = "COVE"
    CLEARING = "CLRG"


class Priority(StrEnum):
    """Instruction or settlement priority (ISO 20022 Priority2Code and Priority3Code)."""

    URGENT = "URGT"
    HIGH = "HIGH"
    NORMAL = "NORM"


def _minor_units_schema(schema: dict[str, Any]) -> None:
    """Say in the schema how many decimals each currency allows (ISO 4217 minor units)."""
    by_units: dict[int, list[str]] = {}
    for code in sorted(iso4217()):
        units = identifiers.minor_units(code)
        if units is not None:
            by_units.setdefault(units, []).append(code)
    schema["allOf"] = [
        {
            "if": {"properties": {"currency": {"enum": codes}}},
            "then": {
                "properties": {
                    "value": {
                        "pattern": "^[0-9]+([.]0*)?$"
                        if units == 0
                        else f"^[0-9]+([.][0-9]{{0,{units}}}0*)?$"
                    }
                }
            },
        }
        for units, codes in sorted(by_units.items())
    ]


class Amount(_Model):
    """Money: a non-negative ``Decimal`` value in an ISO 4217 currency, within its minor units."""

    value: AmountValue
    currency: CurrencyCode

    model_config = ConfigDict(json_schema_extra=lambda schema: _minor_units_schema(schema))

    @model_validator(mode="after")
    def _within_minor_units(self) -> Self:
        _raise_first(identifiers.check_amount(self.value, self.currency), self.value)
        return self

    def __str__(self) -> str:
        return f"{self.value} {self.currency}"


class CodeOrProprietary(_Model):
    """An external code (e.g. ``SEPA``, ``SUPP``) or a proprietary value: exactly one is set."""

    code: str | None = None
    proprietary: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.code is None) == (self.proprietary is None):
            raise PydanticCustomError(
                CHOICE_NOT_ONE.code,
                "give either a code or a proprietary value, not both or neither",
            )
        return self


class PostalAddress(_Model):
    """A postal address: structured elements, unstructured lines, or the hybrid of both."""

    address_type: CodeOrProprietary | None = None
    department: str | None = None
    sub_department: str | None = None
    street_name: str | None = None
    building_number: str | None = None
    building_name: str | None = None
    floor: str | None = None
    post_box: str | None = None
    room: str | None = None
    post_code: str | None = None
    town_name: str | None = None
    town_location_name: str | None = None
    district_name: str | None = None
    country_sub_division: str | None = None
    country: CountryCode | None = None
    address_lines: tuple[str, ...] = ()

    @property
    def has_structured(self) -> bool:
        """True when any element other than the free address lines is set."""
        return any(
            getattr(self, name) is not None
            for name in type(self).model_fields
            if name != "address_lines"
        )

    @property
    def kind(self) -> str:
        """``'structured'``, ``'unstructured'``, ``'hybrid'`` or ``'empty'``."""
        structured = self.has_structured
        if structured and self.address_lines:
            return "hybrid"
        if structured:
            return "structured"
        return "unstructured" if self.address_lines else "empty"


class GenericIdentification(_Model):
    """An identifier with its scheme (code or proprietary) and issuer."""

    id: Text
    scheme: CodeOrProprietary | None = None
    issuer: str | None = None


class OrganisationIdentification(_Model):
    """How an organisation is identified: BIC, LEI or other identifiers."""

    any_bic: BICStr | None = None
    lei: LEIStr | None = None
    others: tuple[GenericIdentification, ...] = ()


class DateAndPlaceOfBirth(_Model):
    """A private person's birth date and place."""

    birth_date: dt.date
    province: str | None = None
    city: Text
    country: CountryCode


class PersonIdentification(_Model):
    """How a private person is identified: birth date and place, or other identifiers."""

    date_and_place_of_birth: DateAndPlaceOfBirth | None = None
    others: tuple[GenericIdentification, ...] = ()


class ContactDetails(_Model):
    """Contact details of a party."""

    name_prefix: str | None = None
    name: str | None = None
    phone_number: str | None = None
    mobile_number: str | None = None
    fax_number: str | None = None
    email_address: str | None = None
    other: tuple[GenericIdentification, ...] = ()


class Party(_Model):
    """A debtor, creditor, ultimate party or initiating party."""

    name: str | None = None
    postal_address: PostalAddress | None = None
    organisation_id: OrganisationIdentification | None = None
    private_id: PersonIdentification | None = None
    country_of_residence: CountryCode | None = None
    contact_details: ContactDetails | None = None

    @model_validator(mode="after")
    def _one_identification(self) -> Self:
        if self.organisation_id is not None and self.private_id is not None:
            raise PydanticCustomError(
                PARTY_BOTH_KINDS.code,
                "a party is identified as an organisation or a private person, not both",
            )
        return self


class ClearingSystemMemberId(_Model):
    """A member of a clearing system (e.g. ``USABA`` 021000021, ``GBDSC`` 400515)."""

    member_id: Text
    system: CodeOrProprietary | None = None


class Agent(_Model):
    """A financial institution: by BIC, clearing member id, LEI, name and address, or other id."""

    bic: BICStr | None = None
    clearing_member: ClearingSystemMemberId | None = None
    lei: LEIStr | None = None
    name: str | None = None
    postal_address: PostalAddress | None = None
    other_id: GenericIdentification | None = None
    branch_id: str | None = None


class Account(_Model):
    """An account: by IBAN or another identification, with type, currency, name and proxy."""

    iban: IBANStr | None = None
    other: GenericIdentification | None = None
    type: CodeOrProprietary | None = None
    currency: CurrencyCode | None = None
    name: str | None = None
    proxy: GenericIdentification | None = None

    @model_validator(mode="after")
    def _identified(self) -> Self:
        if self.iban is not None and self.other is not None:
            raise PydanticCustomError(
                ACCOUNT_ID_NOT_ONE.code,
                "an account is identified by an IBAN or another identification, not both",
            )
        if self.iban is None and self.other is None and self.proxy is None:
            raise PydanticCustomError(
                ACCOUNT_ID_NOT_ONE.code,
                "an account needs an IBAN, another identification or a proxy",
            )
        return self

    @property
    def identification(self) -> str:
        """The IBAN, or else the other identification, or else the proxy."""
        if self.iban is not None:
            return self.iban
        if self.other is not None:
            return self.other.id
        assert self.proxy is not None
        return self.proxy.id


class Charges(_Model):
    """One charge taken along the chain (pacs.008 ChrgsInf; MT 71F/71G)."""

    amount: Amount
    agent: Agent | None = None
    type: CodeOrProprietary | None = None


class PaymentTypeInformation(_Model):
    """Priority, clearing channel, service levels, local instrument and category purpose."""

    instruction_priority: Priority | None = None
    clearing_channel: str | None = None
    service_levels: tuple[CodeOrProprietary, ...] = ()
    local_instrument: CodeOrProprietary | None = None
    category_purpose: CodeOrProprietary | None = None


class TimeIndication(_Model):
    """A settlement time: debit or credit time, or a requested close/till/from/reject time."""

    kind: str = Field(pattern=r"^(DBTDTTM|CDTDTTM|CLSTM|TILLTM|FRTM|RJCTTM)$")
    time: dt.time | dt.datetime


class AgentInstruction(_Model):
    """An instruction for the creditor agent or the next agent: a code and/or text."""

    code: str | None = None
    information: str | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.code is None and self.information is None:
            raise PydanticCustomError(
                INSTRUCTION_EMPTY.code, "an instruction needs a code or information"
            )
        return self


class RegulatoryDetail(_Model):
    """One regulatory reporting detail (type, date, country, code, amount, free lines)."""

    type: str | None = None
    date: dt.date | None = None
    country: CountryCode | None = None
    code: str | None = None
    amount: Amount | None = None
    information: tuple[str, ...] = ()


class RegulatoryReporting(_Model):
    """Regulatory reporting for the debit side, the credit side or both (MT 77B)."""

    debit_credit_indicator: str | None = Field(default=None, pattern=r"^(DEBT|CRED|BOTH)$")
    authority_name: str | None = None
    authority_country: CountryCode | None = None
    details: tuple[RegulatoryDetail, ...] = ()


class CreditorReference(_Model):
    """A structured creditor reference (e.g. ISO 11649 ``RF18...`` with type ``SCOR``)."""

    reference: Text
    type: CodeOrProprietary | None = None
    issuer: str | None = None


class ReferredDocument(_Model):
    """A document the payment settles (invoice number, type, date)."""

    number: str | None = None
    type: CodeOrProprietary | None = None
    related_date: dt.date | None = None


class StructuredRemittance(_Model):
    """Structured remittance: referred documents, amounts, creditor reference, extra lines."""

    referred_documents: tuple[ReferredDocument, ...] = ()
    due_amount: Amount | None = None
    remitted_amount: Amount | None = None
    creditor_reference: CreditorReference | None = None
    invoicer: Party | None = None
    invoicee: Party | None = None
    additional_information: tuple[str, ...] = ()


class Remittance(_Model):
    """Remittance information: unstructured lines and/or structured blocks."""

    unstructured: tuple[str, ...] = ()
    structured: tuple[StructuredRemittance, ...] = ()


class SupplementaryData(_Model):
    """Content with no home in the model, kept verbatim (e.g. an XML fragment) so none is lost."""

    placeholder: str | None = None
    content: str
    origin: str | None = None


class SettlementInformation(_Model):
    """How interbank settlement happens (pacs.008 SttlmInf; MT 53a/54a/55a)."""

    method: SettlementMethod
    settlement_account: Account | None = None
    clearing_system: CodeOrProprietary | None = None
    instructing_reimbursement_agent: Agent | None = None
    instructing_reimbursement_agent_account: Account | None = None
    instructed_reimbursement_agent: Agent | None = None
    instructed_reimbursement_agent_account: Account | None = None
    third_reimbursement_agent: Agent | None = None
    third_reimbursement_agent_account: Account | None = None


class CreditTransferTransaction(_Model):
    """One credit transfer: ids, amounts, parties, agents, charges, remittance and the rest."""

    instruction_id: str | None = None
    end_to_end_id: str | None = None
    transaction_id: str | None = None
    uetr: UETRStr | None = None
    clearing_system_reference: str | None = None
    payment_type: PaymentTypeInformation | None = None

    instructed_amount: Amount | None = None
    equivalent_amount: Amount | None = None
    currency_of_transfer: CurrencyCode | None = None
    interbank_settlement_amount: Amount | None = None
    interbank_settlement_date: dt.date | None = None
    settlement_priority: Priority | None = None
    time_indications: tuple[TimeIndication, ...] = ()
    exchange_rate: DecimalValue | None = None
    charge_bearer: ChargeBearer | None = None
    charges: tuple[Charges, ...] = ()

    previous_instructing_agents: tuple[Agent, ...] = ()
    instructing_agent: Agent | None = None
    instructed_agent: Agent | None = None
    intermediary_agents: tuple[Agent, ...] = Field(default=(), max_length=3)
    intermediary_agent_accounts: tuple[Account | None, ...] = ()

    ultimate_debtor: Party | None = None
    initiating_party: Party | None = None
    debtor: Party | None = None
    debtor_account: Account | None = None
    debtor_agent: Agent | None = None
    debtor_agent_account: Account | None = None
    creditor_agent: Agent | None = None
    creditor_agent_account: Account | None = None
    creditor: Party | None = None
    creditor_account: Account | None = None
    ultimate_creditor: Party | None = None

    instruction_for_debtor_agent: str | None = None
    instructions_for_creditor_agent: tuple[AgentInstruction, ...] = ()
    instructions_for_next_agent: tuple[AgentInstruction, ...] = ()
    purpose: CodeOrProprietary | None = None
    regulatory_reporting: tuple[RegulatoryReporting, ...] = ()
    remittance: Remittance | None = None
    supplementary_data: tuple[SupplementaryData, ...] = ()

    @property
    def amount(self) -> Amount | None:
        """The interbank settlement amount where there is one, else the instructed amount."""
        return self.interbank_settlement_amount or self.instructed_amount


class PaymentInformation(_Model):
    """A pain.001 payment-information block: one debtor, one execution date, many transactions."""

    payment_information_id: Text
    payment_method: PaymentMethod = PaymentMethod.TRANSFER
    batch_booking: bool | None = None
    number_of_transactions: int | None = Field(default=None, ge=1)
    control_sum: DecimalValue | None = None
    payment_type: PaymentTypeInformation | None = None
    requested_execution_date: dt.date | None = None
    requested_execution_date_time: dt.datetime | None = None
    pooling_adjustment_date: dt.date | None = None
    debtor: Party
    debtor_account: Account
    debtor_agent: Agent
    debtor_agent_account: Account | None = None
    ultimate_debtor: Party | None = None
    charge_bearer: ChargeBearer | None = None
    charges_account: Account | None = None
    charges_account_agent: Agent | None = None
    transactions: tuple[CreditTransferTransaction, ...] = Field(min_length=1)

    def computed_control_sum(self) -> Decimal:
        """The sum of the instructed amounts of the transactions (what CtrlSum must say)."""
        return identifiers.exact_sum(
            t.instructed_amount.value for t in self.transactions if t.instructed_amount
        )


class GroupHeader(_Model):
    """The message-level header (pain.001 and pacs.008 GrpHdr)."""

    message_id: Text
    creation_date_time: dt.datetime
    number_of_transactions: int | None = Field(default=None, ge=1)
    control_sum: DecimalValue | None = None
    initiating_party: Party | None = None
    forwarding_agent: Agent | None = None
    batch_booking: bool | None = None
    total_interbank_settlement_amount: Amount | None = None
    interbank_settlement_date: dt.date | None = None
    settlement_information: SettlementInformation | None = None
    payment_type: PaymentTypeInformation | None = None
    instructing_agent: Agent | None = None
    instructed_agent: Agent | None = None


class BusinessApplicationHeader(_Model):
    """The ISO 20022 Business Application Header (head.001), or the routing of an MT envelope."""

    from_agent: Agent
    to_agent: Agent
    business_message_id: Text
    message_definition_id: Text
    business_service: str | None = None
    market_practice: str | None = None
    creation_date: dt.datetime
    copy_duplicate: str | None = Field(default=None, pattern=r"^(CODU|COPY|DUPL)$")
    possible_duplicate: bool | None = None
    priority: str | None = None
    related: BusinessApplicationHeader | None = None


class MessageKind(StrEnum):
    """Whether a credit transfer is a customer initiation (pain.001) or interbank (pacs/MT103)."""

    CUSTOMER_INITIATION = "customer_initiation"
    INTERBANK = "interbank"


class CreditTransfer(_Model):
    """A whole credit transfer message: header, batches or transactions, and the AppHdr."""

    kind: MessageKind
    group_header: GroupHeader
    payment_information: tuple[PaymentInformation, ...] = ()
    transactions: tuple[CreditTransferTransaction, ...] = ()
    application_header: BusinessApplicationHeader | None = None
    supplementary_data: tuple[SupplementaryData, ...] = ()

    @model_validator(mode="after")
    def _levels(self) -> Self:
        if self.kind is MessageKind.CUSTOMER_INITIATION and self.transactions:
            raise PydanticCustomError(
                WRONG_LEVEL.code,
                "a customer initiation keeps its transactions inside payment_information",
            )
        if self.kind is MessageKind.INTERBANK and self.payment_information:
            raise PydanticCustomError(
                WRONG_LEVEL.code, "an interbank transfer has no payment_information blocks"
            )
        return self

    def iter_transactions(self) -> Iterator[CreditTransferTransaction]:
        """Every transaction, across payment-information blocks where there are any."""
        yield from self.transactions
        for block in self.payment_information:
            yield from block.transactions

    @property
    def number_of_transactions(self) -> int:
        """How many transactions the message holds (counted, not read from the header)."""
        return len(self.transactions) + sum(len(b.transactions) for b in self.payment_information)

    def computed_control_sum(self) -> Decimal:
        """The sum of the transaction amounts, as NbOfTxs/CtrlSum checks need it."""
        return identifiers.exact_sum(
            t.amount.value for t in self.iter_transactions() if t.amount is not None
        )


__all__ = [
    "Account",
    "Agent",
    "AgentInstruction",
    "Amount",
    "AmountValue",
    "BICStr",
    "BusinessApplicationHeader",
    "ChargeBearer",
    "Charges",
    "ClearingSystemMemberId",
    "CodeOrProprietary",
    "ContactDetails",
    "CountryCode",
    "CreditTransfer",
    "CreditTransferTransaction",
    "CreditorReference",
    "CurrencyCode",
    "DateAndPlaceOfBirth",
    "DecimalValue",
    "GenericIdentification",
    "GroupHeader",
    "IBANStr",
    "LEIStr",
    "MessageKind",
    "OrganisationIdentification",
    "Party",
    "PaymentInformation",
    "PaymentMethod",
    "PaymentTypeInformation",
    "PersonIdentification",
    "PostalAddress",
    "Priority",
    "ReferredDocument",
    "RegulatoryDetail",
    "RegulatoryReporting",
    "Remittance",
    "SettlementInformation",
    "SettlementMethod",
    "StructuredRemittance",
    "SupplementaryData",
    "TimeIndication",
    "UETRStr",
    "reading",
]
