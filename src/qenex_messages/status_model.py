"""The typed model of a payment status report (pain.002, pacs.002), free of any wire format.

A status report answers one original message (a pain.001 or a pacs.008) at up to three levels:
the group (the whole message), each payment information block (pain.002 only) and each
transaction. Each level carries a status (``ACCP``, ``ACTC``, ``RJCT``, ``PART`` ...) and the
reasons for it. The original references (message id, payment information id, instruction id,
end-to-end id, transaction id, UETR) are what an application matches a reply on.

Building is strict: lengths and code shapes follow the ISO 20022 types. The
:class:`OriginalMessage` family is the opposite: what was read from an original message that may
be wrong, kept as read, to be answered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from qenex_messages.model import Agent, BusinessApplicationHeader, Party

StatusKind = Literal["pain.002", "pacs.002"]
"""The two status report messages."""

Max35 = Annotated[str, Field(min_length=1, max_length=35)]
Max105 = Annotated[str, Field(min_length=1, max_length=105)]
StatusCode = Annotated[str, Field(pattern=r"^[A-Z0-9]{4}$")]
"""An ISO external status code: ExternalPaymentGroupStatus1Code or ...TransactionStatus1Code."""
ReasonCode = Annotated[str, Field(pattern=r"^[A-Z0-9]{1,4}$")]
"""An ISO ExternalStatusReason1Code such as ``AC01`` or ``NARR``."""
Numeric15 = Annotated[str, Field(pattern=r"^[0-9]{1,15}$")]

ACCEPTED_TECHNICAL = "ACTC"
ACCEPTED_CUSTOMER_PROFILE = "ACCP"
REJECTED = "RJCT"
PARTIALLY_ACCEPTED = "PART"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StatusReason(_Frozen):
    """One StsRsnInf: who gives the status (Orgtr), an ISO reason code (or a proprietary one)
    and free text lines."""

    originator: Party | None = None
    code: ReasonCode | None = None
    proprietary: Max35 | None = None
    additional_information: tuple[Max105, ...] = ()


class OriginalGroupReference(_Frozen):
    """OrgnlGrpInf of a pacs.002 transaction: the original message it came in."""

    message_id: Max35
    message_name_id: Max35
    creation_date_time: dt.datetime | None = None


class TransactionStatus(_Frozen):
    """TxInfAndSts: the status of one original transaction and what identifies it."""

    status_id: Max35 | None = None
    original_group: OriginalGroupReference | None = None
    """OrgnlGrpInf: pacs.002 only (CBPR+ puts the original message here, per transaction)."""
    original_instruction_id: Max35 | None = None
    original_end_to_end_id: Max35 | None = None
    original_transaction_id: Max35 | None = None
    """OrgnlTxId: pacs.002 only."""
    original_uetr: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"
    )
    status: StatusCode | None = None
    reasons: tuple[StatusReason, ...] = ()
    instructing_agent: Agent | None = None
    """InstgAgt: pacs.002 only (the agent sending the report)."""
    instructed_agent: Agent | None = None
    """InstdAgt: pacs.002 only (the agent the report goes to)."""


class PaymentInformationStatus(_Frozen):
    """OrgnlPmtInfAndSts (pain.002 only): the status of one original payment information block."""

    original_payment_information_id: Max35
    original_number_of_transactions: Numeric15 | None = None
    original_control_sum: Decimal | None = None
    status: StatusCode | None = None
    reasons: tuple[StatusReason, ...] = ()
    transactions: tuple[TransactionStatus, ...] = ()


class StatusReport(_Frozen):
    """A whole pain.002 or pacs.002: its own header, the original group and its status, and the
    payment information blocks (pain.002) or transactions (pacs.002) it reports on."""

    kind: StatusKind
    message_id: Max35
    creation_date_time: dt.datetime
    original_message_id: Max35 | None = None
    """OrgnlGrpInfAndSts is written only with it; a pain.002 needs it."""
    original_message_name_id: Max35 | None = None
    original_creation_date_time: dt.datetime | None = None
    original_number_of_transactions: Numeric15 | None = None
    original_control_sum: Decimal | None = None
    group_status: StatusCode | None = None
    group_reasons: tuple[StatusReason, ...] = ()
    payment_information: tuple[PaymentInformationStatus, ...] = ()
    """pain.002 only."""
    transactions: tuple[TransactionStatus, ...] = ()
    """pacs.002 only."""
    application_header: BusinessApplicationHeader | None = None

    @model_validator(mode="after")
    def _group_fits(self) -> StatusReport:
        if (self.original_message_id is None) != (self.original_message_name_id is None):
            raise ValueError("original_message_id and original_message_name_id go together")
        if self.original_message_id is None:
            if self.kind == "pain.002":
                raise ValueError("a pain.002 needs original_message_id and its name")
            stray = [
                name
                for name in (
                    "original_creation_date_time",
                    "original_number_of_transactions",
                    "original_control_sum",
                    "group_status",
                )
                if getattr(self, name) is not None
            ] + (["group_reasons"] if self.group_reasons else [])
            if stray:
                raise ValueError(
                    f"{', '.join(stray)} belong to the original group, which needs "
                    "original_message_id"
                )
        if self.kind == "pain.002" and self.transactions:
            raise ValueError("a pain.002 reports transactions inside payment_information")
        if self.kind == "pacs.002" and self.payment_information:
            raise ValueError("a pacs.002 has no payment information blocks")
        return self

    def all_transactions(self) -> tuple[TransactionStatus, ...]:
        """Every transaction status, at whichever level the message kind places them."""
        nested = tuple(t for block in self.payment_information for t in block.transactions)
        return self.transactions + nested


@dataclass(frozen=True, slots=True)
class OriginalTransaction:
    """The references of one transaction of an original message, as read (not validated)."""

    instruction_id: str | None = None
    end_to_end_id: str | None = None
    transaction_id: str | None = None
    uetr: str | None = None
    instructing_agent_bic: str | None = None
    instructed_agent_bic: str | None = None


@dataclass(frozen=True, slots=True)
class OriginalPaymentInformation:
    """The references of one PmtInf block of an original pain.001, as read."""

    payment_information_id: str | None
    number_of_transactions: str | None
    control_sum: str | None
    transactions: tuple[OriginalTransaction, ...]
    debtor_agent_bic: str | None = None


@dataclass(frozen=True, slots=True)
class OriginalMessage:
    """The references of an original pain.001 or pacs.008, as read, for answering it.

    ``payment_information`` is filled for a pain.001, ``transactions`` for a pacs.008."""

    message_type: str
    version: str
    message_id: str | None
    creation_date_time: str | None
    number_of_transactions: str | None
    control_sum: str | None
    payment_information: tuple[OriginalPaymentInformation, ...] = ()
    transactions: tuple[OriginalTransaction, ...] = ()
    application_header: BusinessApplicationHeader | None = None
