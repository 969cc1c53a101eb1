"""One input in, its rows out: the unit of work every export engine runs (the command's process
pool, Dask, Spark).

:func:`rows_of_path` validates each input exactly as ``validate`` does (same options, same
findings) and reads its messages into the model for the transaction and address rows. Rows are
plain dicts keyed by the columns of :mod:`qenex_messages.columnar.schema`, so they pickle cheaply
and need no pyarrow until a table is built. Amounts stay ``Decimal`` throughout.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from qenex_messages import codes
from qenex_messages.columnar.schema import AMOUNT_PRECISION, AMOUNT_SCALE
from qenex_messages.columnar.sources import Input, iter_inputs
from qenex_messages.findings import (
    Finding,
    Location,
    MessageError,
    QenexError,
    Report,
    SchemaNotInstalledError,
    Severity,
)
from qenex_messages.inputs import detect_format
from qenex_messages.model import (
    Account,
    Agent,
    Amount,
    CreditTransfer,
    CreditTransferTransaction,
    Party,
    PaymentInformation,
)
from qenex_messages.pipeline.runner import STREAM_ABOVE, ValidationOptions, validate_one
from qenex_messages.pipeline.validate import Validated, validate_and_read
from qenex_messages.rules.address import meets_hybrid_rule, model_kind, propose_address

if TYPE_CHECKING:
    from qenex_messages.mt import Mt103Message

__all__ = [
    "AMOUNT_NOT_EXPORTED",
    "MODEL_UNREADABLE",
    "Row",
    "Rows",
    "exact_amount",
    "rows_of_path",
    "rows_of_reports",
]

Row = dict[str, Any]

AMOUNT_NOT_EXPORTED = codes.define(
    "QX140",
    Severity.WARNING,
    "An amount has more digits than the exported decimal column holds; its cell is left empty.",
    family="identifiers",
    fix="Correct the amount: ISO 20022 allows 18 digits, 5 of them after the point.",
)

MODEL_UNREADABLE = codes.define(
    "QX141",
    Severity.WARNING,
    "A message cannot be read into the model: it has no rows in the transactions and addresses "
    "tables.",
    family="model",
    fix="Correct the finding it names; only MT103, pacs.008 and pain.001 have transaction rows.",
)

_QUANTUM = Decimal(1).scaleb(-AMOUNT_SCALE)
_INTEGER_DIGITS = AMOUNT_PRECISION - AMOUNT_SCALE


@dataclass(slots=True)
class Rows:
    """The rows of one or more inputs, by table."""

    transactions: list[Row] = field(default_factory=list)
    findings: list[Row] = field(default_factory=list)
    files: list[Row] = field(default_factory=list)
    addresses: list[Row] = field(default_factory=list)
    translations: list[Row] = field(default_factory=list)

    def extend(self, other: Rows) -> None:
        """Append the rows of ``other``."""
        self.transactions += other.transactions
        self.findings += other.findings
        self.files += other.files
        self.addresses += other.addresses
        self.translations += other.translations

    def table(self, name: str) -> list[Row]:
        """The rows of table ``name``."""
        rows: list[Row] = getattr(self, name)
        return rows


def exact_amount(value: Decimal) -> Decimal | None:
    """``value`` with exactly the column's 5 decimals, or None when that would change it (more
    decimals, more than 18 digits before the point, not finite)."""
    if not value.is_finite():
        return None
    scaled = value.quantize(_QUANTUM) if value.adjusted() < _INTEGER_DIGITS else None
    if scaled is None or scaled != value:
        return None
    return scaled


def rows_of_path(
    path: str | Finding, options: ValidationOptions, *, translations: bool = False
) -> Rows:
    """The rows of every input ``path`` holds (a file, a gzip file, the members of a zip);
    ``translations`` fills the translations table too (each message is translated). A
    :class:`Finding` (a path that selects nothing, from ``iter_message_files``) is its row."""
    if isinstance(path, Finding):
        return rows_of_reports([Report(source=path.location.source, findings=[path])])
    rows = Rows()
    for each in iter_inputs(path, options.limits):
        rows.extend(_rows_of_input(each, path, options, translations))
    return rows


def _streamed(path: str, options: ValidationOptions) -> bool:
    """Whether ``validate`` streams ``path`` (as :func:`validate_one` decides)."""
    if options.schema is not None:
        return False
    try:
        return options.stream or os.stat(path).st_size > STREAM_ABOVE
    except OSError:
        return False


def _validated(item: Input, path: str, options: ValidationOptions) -> Validated:
    if item.compression is None and _streamed(path, options):
        return Validated(validate_one(path, options))  # what `validate PATH` runs on a large file
    if isinstance(item.data, Finding):
        return Validated([Report(source=item.source, findings=[item.data])])
    return validate_and_read(
        item.data,
        source=item.source,
        profile=options.profile,
        schema=options.schema,
        as_of=options.as_of,
        limits=options.limits,
    )


@dataclass(frozen=True, slots=True)
class _Read:
    """One message read into the model, or the finding that says why it cannot be (``model``
    None); and what translating it to the other format loses (empty when not asked for)."""

    model: CreditTransfer | None
    direction: str | None = None
    losses: tuple[Finding, ...] = ()
    why: Finding | None = None


def _read_messages(
    data: bytes, source: str, validated: Validated, translations: bool
) -> list[_Read]:
    """Every message of ``data`` in the model, in order; the MT messages validation read are
    not read again."""
    if validated.mt_messages:
        return [_read_mt(message, translations) for message in validated.mt_messages]
    kind = detect_format(data)
    try:
        if kind == "xml":
            return [_read_xml(data, source, translations)]
        if kind == "mt":  # validated as a stream: the messages were not kept
            from qenex_messages.mt import parse_mt_messages

            return [_read_mt(m, translations) for m in parse_mt_messages(data, source=source)]
    except SchemaNotInstalledError:
        raise
    except QenexError as exc:
        return [_Read(None, why=_cause(exc, source))]
    return []


def _cause(exc: QenexError, source: str) -> Finding:
    """The finding that says why reading failed."""
    if isinstance(exc, MessageError) and exc.findings:
        return exc.findings[0]
    return MODEL_UNREADABLE.finding(str(exc), Location(source=source))


def _read_mt(message: Mt103Message, translations: bool) -> _Read:
    from qenex_messages.mt.read import unreadable

    if unreadable(message):
        return _Read(None, why=next((f for f in message.findings if f.is_error), None))
    model = message.to_model().value
    if not translations:
        return _Read(model)
    from qenex_messages.translation import mt103_to_pacs008

    return _Read(model, "MT103>pacs.008", mt103_to_pacs008(message).findings)


def _read_xml(data: bytes, source: str, translations: bool) -> _Read:
    from qenex_messages.iso20022 import parse_document
    from qenex_messages.translation import pacs008_to_mt103

    parsed = parse_document(data, source=source)
    if not translations or parsed.info.message_type != "pacs.008":
        return _Read(parsed.model)
    return _Read(parsed.model, "pacs.008>MT103", pacs008_to_mt103(parsed).findings)


def _not_read(read: _Read, source: str, index: int) -> Finding:
    """The ``QX141`` finding of a message that has no transaction rows."""
    why = read.why
    reason = f": {why.code} {why.message}" if why is not None else ""
    return MODEL_UNREADABLE.finding(
        f"message {index} cannot be read into the model, so it has no transaction or address "
        f"rows{reason}",
        why.location if why is not None else Location(source=source),
    )


def _rows_of_input(item: Input, path: str, options: ValidationOptions, translations: bool) -> Rows:
    validated = _validated(item, path, options)
    reports = validated.reports
    data = item.data if isinstance(item.data, bytes) else None
    messages = (
        _read_messages(data, item.source, validated, translations) if data is not None else []
    )
    by_index = {r.index: r for r in reports}
    rows = Rows()
    extra: list[tuple[int, Finding]] = []
    sizes: dict[int, list[int]] = {}
    for index, read in enumerate(messages):
        model = read.model
        rows.translations += [
            _translation_row(f, item.source, index, read.direction) for f in read.losses
        ]
        report = by_index.get(index, reports[0] if len(reports) == 1 else None)
        if model is None:
            if report is not None and report.message_type is not None:  # a message, not noise
                extra.append((index, _not_read(read, item.source, index)))
            continue
        sizes[index] = [len(b.transactions) for b in model.payment_information]
        message = _MessageRows(item.source, index, model, report)
        losses: list[Finding] = []
        rows.transactions += message.transactions(losses)
        rows.addresses += message.addresses()
        extra += [(index, f) for f in losses]
    for report in reports:
        rows.findings += finding_rows(report, sizes.get(report.index))
    rows.findings += [_finding_row(f, item.source, index, None) for index, f in extra]
    found = [f for _, f in extra]
    rows.files.append(_file_row(item, data, reports, len(rows.transactions), found))
    return rows


def _translation_row(finding: Finding, source: str, index: int, direction: str | None) -> Row:
    row = _finding_row(finding, source, index, None)
    row["direction"] = direction
    return row


def rows_of_reports(reports: Iterable[Report]) -> Rows:
    """Findings and files rows from reports already made (no transactions: a report holds no
    model)."""
    rows = Rows()
    by_source: dict[str | None, list[Report]] = {}
    for report in reports:
        rows.findings += finding_rows(report, None)
        by_source.setdefault(report.source, []).append(report)
    for source, group in by_source.items():
        item = Input(source or "<input>", None, b"")
        rows.files.append(_file_row(item, None, group, 0, []))
    return rows


# -- findings and files ---------------------------------------------------------------------------

_TRANSACTION = re.compile(r"/CdtTrfTxInf(?:\[(\d+)\])?")
_BLOCK = re.compile(r"/PmtInf(?:\[(\d+)\])?/")


def transaction_of(finding: Finding, block_sizes: list[int] | None) -> int | None:
    """The 0-based transaction a finding is about: from the XPath (``CdtTrfTxInf[n]``, counted
    across ``PmtInf`` blocks of sizes ``block_sizes``), 0 for an MT field, else None."""
    xpath = finding.location.xpath
    if xpath is None:
        return 0 if finding.location.field is not None else None
    match = _TRANSACTION.search(xpath)
    if match is None:
        return None
    within = int(match.group(1) or 1) - 1
    block = _BLOCK.search(xpath)
    if block is None:
        return within
    number = int(block.group(1) or 1) - 1
    if block_sizes is None or number >= len(block_sizes):
        return None
    return sum(block_sizes[:number]) + within


def finding_rows(report: Report, block_sizes: list[int] | None) -> list[Row]:
    """One row per finding of ``report``."""
    source = report.source or "<input>"
    return [
        _finding_row(f, source, report.index, transaction_of(f, block_sizes))
        for f in report.findings
    ]


def _finding_row(finding: Finding, source: str, index: int, transaction: int | None) -> Row:
    where = finding.location
    return {
        "source": source,
        "message_index": index,
        "transaction_index": transaction,
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "line": where.line,
        "column": where.column,
        "field": where.field,
        "xpath": where.xpath,
    }


def _file_row(
    item: Input, data: bytes | None, reports: list[Report], transactions: int, extra: list[Finding]
) -> Row:
    found = [f for r in reports for f in r.findings] + extra
    count = {s: sum(1 for f in found if f.severity is s) for s in Severity}
    return {
        "source": item.source,
        "compression": item.compression,
        "size_bytes": len(data) if data is not None else None,
        "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
        "format": detect_format(data) if data is not None else "unknown",
        "messages": sum(1 for r in reports if r.message_type is not None),
        "transactions": transactions,
        "errors": count[Severity.ERROR],
        "warnings": count[Severity.WARNING],
        "infos": count[Severity.INFO],
        "ok": count[Severity.ERROR] == 0,
    }


# -- transactions and addresses -------------------------------------------------------------------

_PARTIES = ("debtor", "creditor", "ultimate_debtor", "ultimate_creditor")
_AGENTS = ("instructing_agent", "instructed_agent", "debtor_agent", "creditor_agent")


def _account(account: Account | None) -> str | None:
    if account is None:
        return None
    return account.iban or (account.other.id if account.other is not None else None)


def _bic_country(agent: Agent | None) -> str | None:
    bic = agent.bic if agent is not None else None
    return bic[4:6] if bic and len(bic) >= 6 else None


class _MessageRows:
    """The transaction and address rows of one message read into the model."""

    def __init__(
        self, source: str, index: int, model: CreditTransfer, report: Report | None
    ) -> None:
        self.source = source
        self.index = index
        self.model = model
        self.report = report
        self.message_type = report.message_type if report is not None else None

    def _each(self) -> Iterator[tuple[int, CreditTransferTransaction, PaymentInformation | None]]:
        number = 0
        for txn in self.model.transactions:
            yield number, txn, None
            number += 1
        for block in self.model.payment_information:
            for txn in block.transactions:
                yield number, txn, block
                number += 1

    def _resolved(
        self, txn: CreditTransferTransaction, block: PaymentInformation | None
    ) -> dict[str, Any]:
        """Parties, agents and accounts of ``txn``, from its block where it has none itself."""
        header = self.model.group_header

        def pick(name: str) -> Any:
            own = getattr(txn, name)
            if own is None and block is not None:
                own = getattr(block, name, None)
            if own is None and name in ("instructing_agent", "instructed_agent"):
                own = getattr(header, name)
            return own

        names = (*_PARTIES, *_AGENTS, "debtor_account", "creditor_account")
        return {name: pick(name) for name in names}

    def transactions(self, losses: list[Finding]) -> list[Row]:
        header = self.model.group_header
        rows: list[Row] = []
        for number, txn, block in self._each():
            who = self._resolved(txn, block)
            amount = txn.amount
            settlement = txn.interbank_settlement_date or header.interbank_settlement_date
            if settlement is None and block is not None:
                settlement = block.requested_execution_date
            row: Row = {
                "source": self.source,
                "message_index": self.index,
                "transaction_index": number,
                "message_type": self.message_type,
                "version": self.report.version if self.report is not None else None,
                "message_id": header.message_id,
                "creation_date_time": header.creation_date_time.isoformat(),
                "instruction_id": txn.instruction_id,
                "end_to_end_id": txn.end_to_end_id,
                "transaction_id": txn.transaction_id,
                "uetr": txn.uetr,
                "currency": amount.currency if amount is not None else None,
                "instructed_currency": (
                    txn.instructed_amount.currency if txn.instructed_amount else None
                ),
                "settlement_date": settlement,
                "charge_bearer": txn.charge_bearer.value if txn.charge_bearer else None,
                "debtor_account": _account(who["debtor_account"]),
                "creditor_account": _account(who["creditor_account"]),
                "intermediary_agent_bic": (
                    txn.intermediary_agents[0].bic if txn.intermediary_agents else None
                ),
                "purpose": _purpose(txn),
                "remittance": (
                    "\n".join(txn.remittance.unstructured)
                    if txn.remittance and txn.remittance.unstructured
                    else None
                ),
                "message_ok": self.report.ok if self.report is not None else None,
            }
            row["amount"] = self._amount(amount, "amount", number, losses)
            row["instructed_amount"] = self._amount(
                txn.instructed_amount, "instructed_amount", number, losses
            )
            for role in _PARTIES:
                party: Party | None = who[role]
                address = party.postal_address if party is not None else None
                row[f"{role}_name"] = party.name if party is not None else None
                row[f"{role}_country"] = address.country if address is not None else None
                row[f"{role}_address_shape"] = model_kind(address) if party is not None else None
            for role in _AGENTS:
                agent: Agent | None = who[role]
                row[f"{role}_bic"] = agent.bic if agent is not None else None
            rows.append(row)
        return rows

    def _amount(
        self, amount: Amount | None, column: str, number: int, losses: list[Finding]
    ) -> Decimal | None:
        if amount is None:
            return None
        exact = exact_amount(amount.value)
        if exact is None:
            losses.append(
                AMOUNT_NOT_EXPORTED.finding(
                    f"{column} {amount.value} {amount.currency} of transaction {number} does "
                    f"not fit decimal128({AMOUNT_PRECISION}, {AMOUNT_SCALE}); the cell is empty",
                    Location(source=self.source),
                )
            )
        return exact

    def addresses(self) -> list[Row]:
        rows: list[Row] = []
        for number, txn, block in self._each():
            who = self._resolved(txn, block)
            debtor_side = who["debtor_agent"] or who["instructing_agent"]
            creditor_side = who["creditor_agent"] or who["instructed_agent"]
            corridor = f"{_bic_country(debtor_side) or '?'}>{_bic_country(creditor_side) or '?'}"
            for role in (*_PARTIES, *_AGENTS):
                holder: Party | Agent | None = who[role]
                if holder is None:
                    continue
                row = _address_row(holder)
                row.update(
                    source=self.source,
                    message_index=self.index,
                    transaction_index=number,
                    message_type=self.message_type,
                    role=role,
                    corridor=corridor,
                )
                rows.append(row)
        return rows


def _purpose(txn: CreditTransferTransaction) -> str | None:
    purpose = txn.purpose
    if purpose is None:
        return None
    return purpose.code or purpose.proprietary


def _address_row(holder: Party | Agent) -> Row:
    address = holder.postal_address
    lines = address.address_lines if address is not None else ()
    row: Row = {
        "name": holder.name,
        "bic": holder.bic if isinstance(holder, Agent) else None,
        "shape": model_kind(address),
        "country": address.country if address is not None else None,
        "town": address.town_name if address is not None else None,
        "address_lines": len(lines),
        "hybrid_ready": meets_hybrid_rule(address),
        "proposed": False,
        "proposed_street": None,
        "proposed_building": None,
        "proposed_post_code": None,
        "proposed_town": None,
        "proposed_country": None,
        "proposal_confidence": None,
        "proposal_reason": None,
    }
    if lines and not row["hybrid_ready"]:
        hint = address.country if address is not None else None
        proposal = propose_address(lines, country_hint=hint)
        suggested = proposal.address
        row["proposal_confidence"] = proposal.confidence
        row["proposal_reason"] = proposal.reason
        if suggested is not None:
            row.update(
                proposed=True,
                proposed_street=suggested.street_name,
                proposed_building=suggested.building_number,
                proposed_post_code=suggested.post_code,
                proposed_town=suggested.town_name,
                proposed_country=suggested.country,
            )
    return row
