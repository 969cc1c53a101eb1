"""Findings -> status: the ISO reason for each finding code, and the status report that answers
an original pain.001 or pacs.008 with what validation found.

How statuses are decided (only error findings count; warnings and notes never reject):

- A finding whose code is listed as group-level (XML, XSD, input problems: the file cannot be
  processed item by item), or that points at no payment information block or transaction
  (GrpHdr, AppHdr, no location), rejects the whole message: ``GrpSts`` RJCT with its reasons,
  and no block or transaction is listed.
- A finding that points inside a ``PmtInf`` block but at none of its transactions (e.g. its
  NbOfTxs) rejects that block: ``PmtInfSts`` RJCT with its reasons.
- A finding that points inside a transaction rejects that transaction: ``TxSts`` RJCT.
- Everything else is accepted with ``accepted`` (``ACTC``, accepted after technical
  validation, unless the caller says ``ACCP``). A block or group whose members are all rejected
  is RJCT, one with some rejected is PART.

Each rejected level carries one ``StsRsnInf`` per ISO reason code, whose ``AddtlInf`` lines hold
each finding's code, message and location, split at word boundaries into lines of at most 105
characters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from pydantic import ValidationError

from qenex_messages.codes import define
from qenex_messages.findings import Finding, Outcome, QenexError, Severity
from qenex_messages.identifiers import parse_decimal
from qenex_messages.iso20022.codes import SCHEMA_MISSING, SCHEMA_UNUSABLE
from qenex_messages.model import Agent, BusinessApplicationHeader, OrganisationIdentification, Party
from qenex_messages.status_model import (
    ACCEPTED_CUSTOMER_PROFILE,
    ACCEPTED_TECHNICAL,
    PARTIALLY_ACCEPTED,
    REJECTED,
    OriginalGroupReference,
    OriginalMessage,
    OriginalPaymentInformation,
    OriginalTransaction,
    PaymentInformationStatus,
    StatusKind,
    StatusReason,
    StatusReport,
    TransactionStatus,
)
from qenex_messages.versions import StatusReportVersion

NARRATIVE = "NARR"
"""The ISO reason for a finding code the table does not map; the text says the rest."""
LINE_WIDTH = 105
"""AddtlInf is Max105Text."""
MAX_LINES = 3
"""AddtlInf lines per finding; longer text is cut, and the cut ends in ``...``."""
CUT_MARK = "..."
_UNVALIDATED = frozenset({SCHEMA_MISSING.code, SCHEMA_UNUSABLE.code})
"""The codes that say the message was not checked against its XSD, so it cannot be answered."""

Usage = Literal["iso", "sepa", "cbpr+"]
USAGES: tuple[Usage, ...] = ("iso", "sepa", "cbpr+")
"""Report shapes: ``iso`` (every level, every transaction), ``sepa`` (EPC pain.002 for SCT:
rejections only, Orgtr and reason code, no free text), ``cbpr+`` (pacs.002 with one
TxInfAndSts carrying OrgnlGrpInf, the UETR and InstgAgt/InstdAgt)."""

REFERENCE_NOT_CARRIED = define(
    "QX450",
    Severity.WARNING,
    "A reference of the original does not fit the status report's type and was cut or left out.",
    family="replies",
    fix="Shorten the original's reference at the source, or accept the cut.",
)
REASON_TEXT_CUT = define(
    "QX451",
    Severity.INFO,
    "A finding's text does not fit the AddtlInf lines (cut, ending in '...', or not carried).",
    family="replies",
    fix="Accept the cut text, or answer with fewer findings per transaction.",
)

_CODE = re.compile(r"^[A-Z0-9]{4}$")
_PMTINF = re.compile(r"/PmtInf(?:\[(\d+)\])?(?=/|$)")
_TX = re.compile(r"/CdtTrfTxInf(?:\[(\d+)\])?(?=/|$)")
_MESSAGE_PREFIX = re.compile(r"^/Document/[A-Za-z]+/")


@dataclass(frozen=True, slots=True)
class IsoReason:
    """One ExternalStatusReason1Code: its ISO name and meaning."""

    code: str
    name: str
    meaning: str
    source: str


@dataclass(frozen=True, slots=True)
class ReasonTable:
    """Finding code -> ISO reason code, the codes that reject the whole message, and the ISO
    codes used (with name and meaning). :func:`reason_table` loads it."""

    version: str
    source: str
    reasons: Mapping[str, str]
    group_codes: frozenset[str]
    iso: Mapping[str, IsoReason]

    def reason_for(self, finding_code: str) -> str:
        """The ISO reason code answering ``finding_code`` (``NARR`` when unmapped)."""
        return self.reasons.get(finding_code, NARRATIVE)


def _load_toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QenexError(f"{origin}: not valid TOML ({exc})") from exc


def _reasons_of(data: Mapping[str, Any], origin: str) -> dict[str, str]:
    rows = data.get("reasons", {})
    if not isinstance(rows, dict):
        raise QenexError(f'{origin}: [reasons] must be a table of CODE = "ISO"')
    out: dict[str, str] = {}
    for code, reason in rows.items():
        if not isinstance(reason, str) or not _CODE.match(reason):
            raise QenexError(
                f"{origin}: reason for {code} must be a 4-character ISO code, not {reason!r}"
            )
        out[str(code)] = reason
    return out


def _group_of(data: Mapping[str, Any], origin: str) -> frozenset[str]:
    group = data.get("group", {})
    codes = group.get("codes", []) if isinstance(group, dict) else None
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise QenexError(f"{origin}: [group] codes must be a list of finding codes")
    return frozenset(codes)


def reason_table(override: str | Path | None = None) -> ReasonTable:
    """The package's table (``data/status_reasons.toml``), with a bank's own TOML of the same
    shape merged over it: its ``[reasons]`` rows replace or add mappings, its ``[group]``
    codes add to the group-level ones. Raises :class:`~qenex_messages.QenexError` for an
    unreadable or malformed override."""
    text = resources.files("qenex_messages").joinpath("data/status_reasons.toml").read_text("utf-8")
    data = _load_toml(text, "status_reasons.toml")
    meta = data["table"]
    iso = {
        code: IsoReason(code=code, name=row["name"], meaning=row["meaning"], source=row["source"])
        for code, row in data["iso"].items()
    }
    reasons = _reasons_of(data, "status_reasons.toml")
    group = _group_of(data, "status_reasons.toml")
    version = str(meta["version"])
    if override is not None:
        path = Path(override)
        try:
            own = _load_toml(path.read_text("utf-8"), str(path))
        except OSError as exc:
            raise QenexError(f"cannot read the reason table {path}: {exc.strerror}") from exc
        reasons.update(_reasons_of(own, str(path)))
        group = group | _group_of(own, str(path))
        version = f"{version}+{path.name}"
    return ReasonTable(
        version=version,
        source=str(meta["source"]),
        reasons=MappingProxyType(reasons),
        group_codes=group,
        iso=MappingProxyType(iso),
    )


# ---------------------------------------------------------------------------------------------
# Text


def wrap_lines(text: str, width: int = LINE_WIDTH, max_lines: int = MAX_LINES) -> tuple[str, bool]:
    """``text`` as lines of at most ``width`` characters broken at spaces (a longer word is
    broken inside), at most ``max_lines`` of them; when it does not fit, the last line ends in
    ``...``. Returns the lines joined by newlines and whether anything was cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return "\n".join(lines), False
    kept = lines[:max_lines]
    last = kept[-1]
    room = width - len(CUT_MARK)
    if len(last) > room:
        cut = last[:room]
        space = cut.rfind(" ")
        last = cut[:space] if space > 0 else cut
    kept[-1] = last + CUT_MARK
    return "\n".join(kept), True


def _relative(xpath: str | None) -> str | None:
    if not xpath:
        return None
    return _MESSAGE_PREFIX.sub("", xpath) or xpath


def describe(finding: Finding) -> str:
    """The AddtlInf text of a finding: code, message and where it points."""
    where = _relative(finding.location.xpath) or finding.location.field
    line = finding.location.line
    place = ""
    if where and line:
        place = f" (at {where}, line {line})"
    elif where:
        place = f" (at {where})"
    elif line:
        place = f" (line {line})"
    return f"{finding.code} {finding.message}{place}"


# ---------------------------------------------------------------------------------------------
# Building


@dataclass(slots=True)
class _Level:
    findings: list[Finding]

    def rejected(self) -> bool:
        return bool(self.findings)


def _position(xpath: str | None) -> tuple[int | None, int | None]:
    """(PmtInf index, CdtTrfTxInf index), 0-based, of an XPath; None where it has none."""
    if not xpath or not xpath.startswith("/Document/"):
        return None, None
    block = _PMTINF.search(xpath)
    tx = _TX.search(xpath)
    return (
        int(block[1] or 1) - 1 if block else None,
        int(tx[1] or 1) - 1 if tx else None,
    )


def _reasons(
    findings: Iterable[Finding], table: ReasonTable, notes: list[Finding]
) -> tuple[StatusReason, ...]:
    by_code: dict[str, list[str]] = {}
    seen: set[tuple[str, str, str | None]] = set()
    for finding in findings:
        iso = table.reason_for(finding.code)
        key = (iso, finding.message, finding.location.xpath)
        if key in seen:
            continue  # the same problem found by two checks (e.g. QX102 and SEPA-IBAN)
        seen.add(key)
        text, cut = wrap_lines(describe(finding))
        if cut:
            notes.append(
                REASON_TEXT_CUT.finding(
                    f"the text of {finding.code} was cut to {MAX_LINES} AddtlInf lines",
                    finding.location,
                )
            )
        by_code.setdefault(iso, []).extend(text.split("\n"))
    return tuple(
        StatusReason(code=code, additional_information=tuple(lines))
        for code, lines in by_code.items()
    )


def _summary(statuses: list[str], accepted: str) -> str:
    if statuses and all(s == REJECTED for s in statuses):
        return REJECTED
    if any(s in (REJECTED, PARTIALLY_ACCEPTED) for s in statuses):
        return PARTIALLY_ACCEPTED
    return accepted


def _fit(value: str | None, name: str, notes: list[Finding], limit: int = 35) -> str | None:
    if value is None or value == "":
        return None
    if len(value) <= limit:
        return value
    notes.append(
        REFERENCE_NOT_CARRIED.finding(
            f"{name} {value[:40]!r}... is longer than {limit} characters; cut to fit"
        )
    )
    return value[:limit]


def _uetr(value: str | None, notes: list[Finding]) -> str | None:
    if value is None:
        return None
    if re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", value):
        return value
    notes.append(
        REFERENCE_NOT_CARRIED.finding(f"UETR {value!r} is not a UUID v4; OrgnlUETR left out")
    )
    return None


def message_id_for(original: OriginalMessage, created: dt.datetime, kind: StatusKind) -> str:
    """A deterministic MsgId for the report: the same original and time give the same id."""
    seed = f"{kind}|{original.version}|{original.message_id}|{created.isoformat()}"
    return "STS" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:29].upper()


def _datetime(value: str | None, notes: list[Finding]) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        notes.append(
            REFERENCE_NOT_CARRIED.finding(
                f"CreDtTm {value!r} is not a date-time; OrgnlCreDtTm left out"
            )
        )
        return None


def _count(value: str | None, notes: list[Finding]) -> str | None:
    if value is None or re.fullmatch(r"[0-9]{1,15}", value):
        return value
    notes.append(
        REFERENCE_NOT_CARRIED.finding(f"NbOfTxs {value!r} is not a count; OrgnlNbOfTxs left out")
    )
    return None


def _sum(value: str | None, notes: list[Finding]) -> Decimal | None:
    if value is None:
        return None
    number = parse_decimal(value)
    if number is None:
        notes.append(REFERENCE_NOT_CARRIED.finding(f"CtrlSum {value!r} is not a number; left out"))
        return None
    return number


def _header(
    original: OriginalMessage, message_id: str, version: str, created: dt.datetime
) -> BusinessApplicationHeader | None:
    theirs = original.application_header
    if theirs is None:
        return None
    return BusinessApplicationHeader(
        from_agent=theirs.to_agent,
        to_agent=theirs.from_agent,
        business_message_id=message_id,
        message_definition_id=version,
        business_service=theirs.business_service,
        creation_date=created,
        related=theirs.model_copy(update={"related": None}),
    )


def build_status_report(  # noqa: PLR0913  (the report's options, all keyword-only)
    original: OriginalMessage,
    findings: Iterable[Finding],
    kind: StatusKind,
    version: StatusReportVersion,
    *,
    created: dt.datetime,
    message_id: str | None = None,
    table: ReasonTable | None = None,
    accepted: str = ACCEPTED_TECHNICAL,
    header: bool | None = None,
    usage: Usage = "iso",
    originator: str | None = None,
) -> Outcome[StatusReport]:
    """The status report answering ``original`` with ``findings`` (see the module docstring
    for how statuses are decided). ``created`` is the report's CreDtTm; ``message_id``
    defaults to :func:`message_id_for`. ``header`` adds an AppHdr (Fr and To swapped, Rltd the
    original's); by default when the original has one. ``usage`` shapes the report for a
    usage guideline (:data:`USAGES`); ``originator`` is the BIC of the bank giving the status,
    for ``sepa`` (default: the payment information block's DbtrAgt). The outcome's findings say
    what of the original could not be carried. Raises :class:`~qenex_messages.QenexError`
    when the findings show the message was not validated against its XSD, or a pain.002 is
    asked for a pacs.008 (or the reverse), or the usage cannot answer this message."""
    expected = "pain.001" if kind == "pain.002" else "pacs.008"
    if original.message_type != expected:
        raise QenexError(f"a {kind} answers a {expected}, not a {original.message_type}")
    if accepted not in (ACCEPTED_TECHNICAL, ACCEPTED_CUSTOMER_PROFILE):
        raise QenexError(f"accepted must be ACTC or ACCP, not {accepted!r}")
    if usage not in USAGES:
        raise QenexError(f"usage must be one of {', '.join(USAGES)}, not {usage!r}")
    if usage == "sepa" and kind != "pain.002":
        raise QenexError("the sepa usage (EPC pain.002 for SCT rejects) is for pain.002 only")
    if usage == "cbpr+" and kind != "pacs.002":
        raise QenexError("the cbpr+ usage is for pacs.002 only")
    table = table or reason_table()
    errors = [f for f in findings if f.severity is Severity.ERROR]
    missing = [f for f in errors if f.code in _UNVALIDATED]
    if missing:
        raise QenexError(
            "the message was not checked against its XSD, so it cannot be answered: "
            + missing[0].message
        )
    answer = _Answer(kind, table, accepted)
    placed = answer.place(errors, original)
    message_id = message_id or message_id_for(original, created, kind)
    with_header = header if header is not None else original.application_header is not None
    app_header = _header(original, message_id, version, created) if with_header else None
    if usage == "cbpr+":
        report = answer.cbpr(original, errors, message_id, created)
    else:
        report = answer.iso(original, placed, message_id, created)
    report = report.model_copy(update={"application_header": app_header})
    if usage == "sepa":
        report = _sepa(report, original, originator, answer.notes)
    return Outcome(report, tuple(answer.notes))


@dataclass(slots=True)
class _Placement:
    """Where each error finding lands: the group, a payment information block, a transaction."""

    group: _Level
    blocks: list[_Level]
    transactions: list[list[_Level]]


@dataclass(slots=True)
class _Answer:
    """What building one report needs: the kind, the table, the accepted status, the notes."""

    kind: StatusKind
    table: ReasonTable
    accepted: str
    notes: list[Finding] = field(default_factory=list)

    def place(self, errors: list[Finding], original: OriginalMessage) -> _Placement:
        if self.kind == "pain.002":
            txs = [[_Level([]) for _ in b.transactions] for b in original.payment_information]
        else:
            txs = [[_Level([]) for _ in original.transactions]]
        placed = _Placement(_Level([]), [_Level([]) for _ in original.payment_information], txs)
        for finding in errors:
            block_at, tx_at = _position(finding.location.xpath)
            if self.kind == "pacs.002" and tx_at is not None:
                block_at = 0
            if finding.code in self.table.group_codes or block_at is None or block_at >= len(txs):
                placed.group.findings.append(finding)
            elif tx_at is not None and tx_at < len(txs[block_at]):
                txs[block_at][tx_at].findings.append(finding)
            elif self.kind == "pain.002" and tx_at is None:
                placed.blocks[block_at].findings.append(finding)
            else:
                placed.group.findings.append(finding)
        return placed

    def reasons(self, findings: Iterable[Finding]) -> tuple[StatusReason, ...]:
        return _reasons(findings, self.table, self.notes)

    def transaction(
        self, original: OriginalTransaction, findings: list[Finding]
    ) -> TransactionStatus:
        notes = self.notes
        return TransactionStatus(
            original_instruction_id=_fit(original.instruction_id, "InstrId", notes),
            original_end_to_end_id=_fit(original.end_to_end_id, "EndToEndId", notes),
            original_transaction_id=(
                _fit(original.transaction_id, "TxId", notes) if self.kind == "pacs.002" else None
            ),
            original_uetr=_uetr(original.uetr, notes),
            status=REJECTED if findings else self.accepted,
            reasons=self.reasons(findings),
        )

    def block(
        self, block: OriginalPaymentInformation, level: _Level, txs: list[_Level]
    ) -> PaymentInformationStatus:
        members: tuple[TransactionStatus, ...] = ()
        if level.rejected():
            status = REJECTED
        else:
            members = tuple(
                self.transaction(tx, txs[n].findings) for n, tx in enumerate(block.transactions)
            )
            status = _summary([str(m.status) for m in members], self.accepted)
        notes = self.notes
        return PaymentInformationStatus(
            original_payment_information_id=(
                _fit(block.payment_information_id, "PmtInfId", notes) or "NOTPROVIDED"
            ),
            original_number_of_transactions=_count(block.number_of_transactions, notes),
            original_control_sum=_sum(block.control_sum, notes),
            status=status,
            reasons=self.reasons(level.findings),
            transactions=members,
        )

    def iso(
        self, original: OriginalMessage, placed: _Placement, message_id: str, created: dt.datetime
    ) -> StatusReport:
        """Every level: the group, each block (pain.002), each transaction."""
        blocks: tuple[PaymentInformationStatus, ...] = ()
        transactions: tuple[TransactionStatus, ...] = ()
        if placed.group.rejected():
            group_status = REJECTED
        elif self.kind == "pain.002":
            blocks = tuple(
                self.block(block, placed.blocks[n], placed.transactions[n])
                for n, block in enumerate(original.payment_information)
            )
            group_status = _summary([str(b.status) for b in blocks], self.accepted)
        else:
            transactions = tuple(
                self.transaction(tx, placed.transactions[0][n].findings)
                for n, tx in enumerate(original.transactions)
            )
            group_status = _summary([str(t.status) for t in transactions], self.accepted)
        notes = self.notes
        return StatusReport(
            kind=self.kind,
            message_id=message_id,
            creation_date_time=created,
            original_message_id=_fit(original.message_id, "MsgId", notes) or "NOTPROVIDED",
            original_message_name_id=original.version or original.message_type,
            original_creation_date_time=_datetime(original.creation_date_time, notes),
            original_number_of_transactions=_count(original.number_of_transactions, notes),
            original_control_sum=_sum(original.control_sum, notes),
            group_status=group_status,
            group_reasons=self.reasons(placed.group.findings),
            payment_information=blocks,
            transactions=transactions,
        )

    def cbpr(
        self,
        original: OriginalMessage,
        errors: list[Finding],
        message_id: str,
        created: dt.datetime,
    ) -> StatusReport:
        """The CBPR+ shape: one TxInfAndSts carrying the original group (OrgnlGrpInf), every
        rejection reason of the message, and InstgAgt/InstdAgt swapped from the original."""
        if len(original.transactions) != 1:
            raise QenexError(
                "a CBPR+ pacs.002 answers one transaction; this pacs.008 has "
                f"{len(original.transactions)}"
            )
        (source,) = original.transactions
        group = OriginalGroupReference(
            message_id=_fit(original.message_id, "MsgId", self.notes) or "NOTPROVIDED",
            message_name_id=original.version or original.message_type,
            creation_date_time=_datetime(original.creation_date_time, self.notes),
        )
        tx = self.transaction(source, errors).model_copy(
            update={
                "original_group": group,
                "instructing_agent": _agent(source.instructed_agent_bic),
                "instructed_agent": _agent(source.instructing_agent_bic),
            }
        )
        return StatusReport(
            kind="pacs.002", message_id=message_id, creation_date_time=created, transactions=(tx,)
        )


def _agent(bic: str | None) -> Agent | None:
    if bic is None:
        return None
    try:
        return Agent(bic=bic)
    except ValidationError:
        return None  # a BIC the original got wrong is not repeated in the answer


def _sepa(
    report: StatusReport,
    original: OriginalMessage,
    originator: str | None,
    notes: list[Finding],
) -> StatusReport:
    """The EPC shape (EPC132-08 pain.002 for SCT): rejections only, each reason with its
    originator (Orgtr) and code, no AddtlInf, no OrgnlCreDtTm."""
    if report.group_status != REJECTED and not any(
        b.status == REJECTED or any(t.status == REJECTED for t in b.transactions)
        for b in report.payment_information
    ):
        raise QenexError("nothing is rejected: the EPC pain.002 reports rejections only")
    dropped = 0

    def origin(block_at: int) -> Party:
        bic = originator
        blocks = original.payment_information
        if bic is None and blocks:
            bic = blocks[min(block_at, len(blocks) - 1)].debtor_agent_bic
        if bic is None:
            raise QenexError("the EPC pain.002 names who rejects (Orgtr): give the bank's BIC")
        try:
            return Party(organisation_id=OrganisationIdentification(any_bic=bic))
        except ValidationError as exc:
            raise QenexError(f"{bic!r} is not a BIC to name as the originator") from exc

    def plain(reasons: tuple[StatusReason, ...], block_at: int) -> tuple[StatusReason, ...]:
        nonlocal dropped
        dropped += sum(1 for r in reasons if r.additional_information)
        who = origin(block_at)
        return tuple(
            r.model_copy(update={"originator": who, "additional_information": ()}) for r in reasons
        )

    blocks = []
    for index, block in enumerate(report.payment_information):
        rejected = tuple(
            t.model_copy(update={"reasons": plain(t.reasons, index)})
            for t in block.transactions
            if t.status == REJECTED
        )
        if block.status != REJECTED and not rejected:
            continue
        blocks.append(
            block.model_copy(
                update={
                    "status": REJECTED if block.status == REJECTED else None,
                    "reasons": plain(block.reasons, index),
                    "transactions": rejected,
                }
            )
        )
    shaped = report.model_copy(
        update={
            "original_creation_date_time": None,
            "group_status": REJECTED if report.group_status == REJECTED else None,
            "group_reasons": plain(report.group_reasons, 0),
            "payment_information": tuple(blocks),
        }
    )
    if dropped:
        notes.append(
            REASON_TEXT_CUT.finding(
                f"the EPC pain.002 has no AddtlInf: the text of {dropped} reason(s) is not "
                "carried, only the codes"
            )
        )
    return shaped


# ---------------------------------------------------------------------------------------------
# Documentation


def table_markdown(table: ReasonTable | None = None) -> str:
    """The page ``docs/status-reasons.md``: every finding code and the ISO reason answering it."""
    table = table or reason_table()
    lines = [
        "# Status reasons",
        "",
        "How a status report (pain.002, pacs.002) answers each finding code, generated from",
        "`src/qenex_messages/data/status_reasons.toml` by `scripts/gen_docs.py` (do not edit by",
        f"hand). Table version {table.version}. ISO codes: {table.source}.",
        "A finding code not listed here is answered with `NARR` and the finding's text; a bank",
        "replaces any row with its own TOML (`--reasons FILE`). Only error findings reject;",
        "warnings and notes never do.",
        "",
        "## ISO reason codes used",
        "",
        "| ISO code | ISO name | meaning | source |",
        "|---|---|---|---|",
    ]
    for code in sorted(table.iso):
        reason = table.iso[code]
        lines.append(f"| `{code}` | {reason.name} | {reason.meaning} | {reason.source} |")
    lines += [
        "",
        "## Finding code to ISO reason",
        "",
        "| finding code | ISO reason | ISO name | rejects |",
        "|---|---|---|---|",
    ]
    for code in sorted(table.reasons):
        scope = "the whole message" if code in table.group_codes else "where it points"
        iso = table.reasons[code]
        name = table.iso[iso].name if iso in table.iso else "(the bank's own)"
        lines.append(f"| `{code}` | `{iso}` | {name} | {scope} |")
    return "\n".join(lines) + "\n"
