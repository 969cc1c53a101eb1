"""pain.002 and pacs.002 status reports: render from and parse to
:class:`~qenex_messages.status_model.StatusReport`, the checks a status report needs beyond its
XSD, and the references of an original pain.001 or pacs.008 a report answers.

Elements are written in the order the XSDs of :data:`STATUS_VERSIONS` prescribe, so rendering
needs no installed schema; tests validate the output against the published XSDs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lxml import etree
from pydantic import ValidationError

from qenex_messages.codes import define
from qenex_messages.findings import Finding, Location, MessageError, Outcome, QenexError, Severity
from qenex_messages.iso20022 import head
from qenex_messages.iso20022._read import Reader
from qenex_messages.iso20022._render import Builder, _nsmap
from qenex_messages.iso20022.codes import RENDER_DROPPED
from qenex_messages.iso20022.detect import ISO_PREFIX, STATUS_REPORTS, MessageInfo, detect
from qenex_messages.iso20022.document import ENVELOPE_NS
from qenex_messages.iso20022.xmlsafe import line_of, local_name, parse_xml
from qenex_messages.iso20022.xsd import readable_path
from qenex_messages.status_model import (
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

STATUS_VERSIONS = STATUS_REPORTS
"""The status report versions read and written."""
DEFAULT_VERSION: dict[str, StatusReportVersion] = {
    "pain.002": "pain.002.001.10",
    "pacs.002": "pacs.002.001.10",
}
STATUS_ELEMENT: dict[str, str] = {"pain.002": "CstmrPmtStsRpt", "pacs.002": "FIToFIPmtStsRpt"}
HEADER_VERSION = "head.001.001.02"
"""The AppHdr written with a status report (the one CBPR+ uses with pacs.002.001.10)."""

_GROUP_STATUS_03 = frozenset(
    {"ACCP", "ACSC", "ACSP", "ACTC", "ACWC", "PART", "PDNG", "RCVD", "RJCT"}
)
_TX_STATUS_03 = frozenset({"ACCP", "ACSC", "ACSP", "ACTC", "ACWC", "PDNG", "RJCT"})
"""pain.002.001.03 closes its status codes (TransactionGroupStatus3Code,
TransactionIndividualStatus3Code); later versions use the external code sets."""

_FAMILY = "status-report"
STATUS_UNREADABLE = define(
    "QX360",
    Severity.ERROR,
    "The status report cannot be read into the status model (a value breaks its ISO type).",
    family=_FAMILY,
    fix="Correct the value that breaks its ISO type in the status report.",
)
STATUS_NOT_READ = define(
    "QX361",
    Severity.INFO,
    "An element of the status report has no field in the status model and was not read.",
    family=_FAMILY,
    fix="Nothing to fix unless the element matters: the status model has no field for it.",
)
REJECT_WITHOUT_REASON = define(
    "QX362",
    Severity.ERROR,
    "A rejection (RJCT) gives no reason code (EPC SCT and CBPR+ require one).",
    family=_FAMILY,
    fix="Add a reason code (StsRsnInf/Rsn/Cd) to the rejection.",
)
GROUP_STATUS_INCONSISTENT = define(
    "QX363",
    Severity.WARNING,
    "The group or payment information status contradicts the statuses it sums up.",
    family=_FAMILY,
    fix="Make the group or payment information status agree with the statuses it sums up.",
)
NO_ORIGINAL_REFERENCE = define(
    "QX364",
    Severity.WARNING,
    "A transaction status names no original reference to match it on.",
    family=_FAMILY,
    fix="Give each transaction status its original EndToEndId or instruction id.",
)


@dataclass(slots=True)
class ParsedStatusReport:
    """A parsed pain.002 or pacs.002: the model, what was detected, and notes on what was not
    read into the model."""

    model: StatusReport
    info: MessageInfo
    findings: list[Finding] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The original message's references


def _text(parent: etree._Element | None, path: str) -> str | None:
    if parent is None:
        return None
    found = parent.find(path)
    if found is None or found.text is None:
        return None
    return found.text.strip()


def _bic(parent: etree._Element | None, agent: str) -> str | None:
    institution = f"{{*}}{agent}/{{*}}FinInstnId/{{*}}"
    return _text(parent, institution + "BICFI") or _text(parent, institution + "BIC")


def _tx_refs(tx: etree._Element, group: etree._Element | None = None) -> OriginalTransaction:
    return OriginalTransaction(
        instruction_id=_text(tx, "{*}PmtId/{*}InstrId"),
        end_to_end_id=_text(tx, "{*}PmtId/{*}EndToEndId"),
        transaction_id=_text(tx, "{*}PmtId/{*}TxId"),
        uetr=_text(tx, "{*}PmtId/{*}UETR"),
        instructing_agent_bic=_bic(tx, "InstgAgt") or _bic(group, "InstgAgt"),
        instructed_agent_bic=_bic(tx, "InstdAgt") or _bic(group, "InstdAgt"),
    )


def read_original(info: MessageInfo) -> OriginalMessage:
    """The references of the pain.001 or pacs.008 that ``info`` (from :func:`detect`) found,
    read as they are, however wrong, so that a status report can answer them. Raises
    :class:`~qenex_messages.QenexError` when there is no such message to answer."""
    if info.document is None or info.message_type not in ("pain.001", "pacs.008"):
        raise QenexError(
            "only a pain.001 or a pacs.008 can be answered with a status report; "
            f"this is {info.message_type or 'no ISO 20022 message'}"
        )
    message = next((c for c in info.document if isinstance(c.tag, str)), None)
    header = message.find("{*}GrpHdr") if message is not None else None
    blocks: tuple[OriginalPaymentInformation, ...] = ()
    transactions: tuple[OriginalTransaction, ...] = ()
    if message is not None and info.message_type == "pain.001":
        blocks = tuple(
            OriginalPaymentInformation(
                payment_information_id=_text(block, "{*}PmtInfId"),
                number_of_transactions=_text(block, "{*}NbOfTxs"),
                control_sum=_text(block, "{*}CtrlSum"),
                transactions=tuple(_tx_refs(tx) for tx in block.iterfind("{*}CdtTrfTxInf")),
                debtor_agent_bic=_bic(block, "DbtrAgt"),
            )
            for block in message.iterfind("{*}PmtInf")
        )
    elif message is not None:
        transactions = tuple(_tx_refs(tx, header) for tx in message.iterfind("{*}CdtTrfTxInf"))
    app_header = None
    if info.header is not None:
        try:
            app_header = head.parse_header(Reader(), info.header)
        except (ValidationError, ValueError, TypeError, AssertionError):
            app_header = None  # a header we cannot model is not answered with one
    return OriginalMessage(
        message_type=info.message_type,
        version=info.version or "",
        message_id=_text(header, "{*}MsgId"),
        creation_date_time=_text(header, "{*}CreDtTm"),
        number_of_transactions=_text(header, "{*}NbOfTxs"),
        control_sum=_text(header, "{*}CtrlSum"),
        payment_information=blocks,
        transactions=transactions,
        application_header=app_header,
    )


# ---------------------------------------------------------------------------------------------
# Rendering


def _check_version(kind: StatusKind, version: StatusReportVersion) -> None:
    if version not in STATUS_VERSIONS or not version.startswith(kind):
        known = ", ".join(v for v in STATUS_VERSIONS if v.startswith(kind))
        raise QenexError(f"{version!r} is not a supported {kind} version ({known})")


class _StatusWriter:
    def __init__(self, version: str) -> None:
        self.version = version
        self.legacy = version == "pain.002.001.03"
        self.builder = Builder(ISO_PREFIX + version, version)
        self.builder.legacy = self.legacy  # BICOrBEI, BIC: the 2009 names
        self.findings: list[Finding] = []

    def status(self, parent: etree._Element, name: str, code: str | None, path: str) -> None:
        if code is None:
            return
        allowed = _TX_STATUS_03 if name == "TxSts" else _GROUP_STATUS_03
        if self.legacy and code not in allowed:
            self.findings.append(
                RENDER_DROPPED.finding(
                    f"{name} {code!r} is not a status {self.version} knows; left out",
                    Location(xpath=f"{path}/{name}"),
                )
            )
            return
        self.builder.text(parent, name, code)

    def reasons(self, parent: etree._Element, reasons: tuple[StatusReason, ...]) -> None:
        for reason in reasons:
            element = self.builder.sub(parent, "StsRsnInf")
            self.builder.party(element, "Orgtr", reason.originator)
            if reason.code is not None or reason.proprietary is not None:
                holder = self.builder.sub(element, "Rsn")
                if reason.code is not None:
                    self.builder.text(holder, "Cd", reason.code)
                else:
                    self.builder.text(holder, "Prtry", reason.proprietary)
            for line in reason.additional_information:
                self.builder.text(element, "AddtlInf", line)

    def transaction(self, parent: etree._Element, tx: TransactionStatus, path: str) -> None:
        element = self.builder.sub(parent, "TxInfAndSts")
        text = self.builder.text
        text(element, "StsId", tx.status_id)
        pacs = self.version.startswith("pacs")
        if tx.original_group is not None:
            if pacs:
                group = self.builder.sub(element, "OrgnlGrpInf")
                text(group, "OrgnlMsgId", tx.original_group.message_id)
                text(group, "OrgnlMsgNmId", tx.original_group.message_name_id)
                when = tx.original_group.creation_date_time
                text(group, "OrgnlCreDtTm", _datetime(when) if when is not None else None)
            else:
                self._lost("OrgnlGrpInf", f"{path}/OrgnlGrpInf")
        text(element, "OrgnlInstrId", tx.original_instruction_id)
        text(element, "OrgnlEndToEndId", tx.original_end_to_end_id)
        if tx.original_transaction_id is not None:
            if pacs:
                text(element, "OrgnlTxId", tx.original_transaction_id)
            else:
                self._lost("OrgnlTxId", f"{path}/OrgnlTxId")
        if tx.original_uetr is not None:
            if self.legacy:
                self._lost("OrgnlUETR", f"{path}/OrgnlUETR")
            else:
                text(element, "OrgnlUETR", tx.original_uetr)
        self.status(element, "TxSts", tx.status, path)
        self.reasons(element, tx.reasons)
        for name, agent in (("InstgAgt", tx.instructing_agent), ("InstdAgt", tx.instructed_agent)):
            if agent is None:
                continue
            if pacs:
                self.builder.agent(element, name, agent)
            else:
                self._lost(name, f"{path}/{name}")

    def _lost(self, name: str, path: str) -> None:
        self.findings.append(
            RENDER_DROPPED.finding(
                f"{name} has no place in {self.version}; left out", Location(xpath=path)
            )
        )

    def document(self, report: StatusReport) -> etree._Element:
        ns = self.builder.ns
        text = self.builder.text
        document = etree.Element(f"{{{ns}}}Document", nsmap=_nsmap(ns))
        message = self.builder.sub(document, STATUS_ELEMENT[report.kind])
        group = self.builder.sub(message, "GrpHdr")
        text(group, "MsgId", report.message_id)
        text(group, "CreDtTm", _datetime(report.creation_date_time))
        if report.original_message_id is None or report.original_message_name_id is None:
            for number, tx in enumerate(report.transactions, start=1):
                self.transaction(message, tx, f"/Document/TxInfAndSts[{number}]")
            return document
        original = self.builder.sub(message, "OrgnlGrpInfAndSts")
        text(original, "OrgnlMsgId", report.original_message_id)
        text(original, "OrgnlMsgNmId", report.original_message_name_id)
        if report.original_creation_date_time is not None:
            text(original, "OrgnlCreDtTm", _datetime(report.original_creation_date_time))
        text(original, "OrgnlNbOfTxs", report.original_number_of_transactions)
        text(original, "OrgnlCtrlSum", report.original_control_sum)
        self.status(original, "GrpSts", report.group_status, "/Document/OrgnlGrpInfAndSts")
        self.reasons(original, report.group_reasons)
        if report.kind == "pain.002":
            for index, block in enumerate(report.payment_information, start=1):
                path = f"/Document/OrgnlPmtInfAndSts[{index}]"
                element = self.builder.sub(message, "OrgnlPmtInfAndSts")
                text(element, "OrgnlPmtInfId", block.original_payment_information_id)
                text(element, "OrgnlNbOfTxs", block.original_number_of_transactions)
                text(element, "OrgnlCtrlSum", block.original_control_sum)
                self.status(element, "PmtInfSts", block.status, path)
                self.reasons(element, block.reasons)
                for number, tx in enumerate(block.transactions, start=1):
                    self.transaction(element, tx, f"{path}/TxInfAndSts[{number}]")
        else:
            for number, tx in enumerate(report.transactions, start=1):
                self.transaction(message, tx, f"/Document/TxInfAndSts[{number}]")
        return document


def _datetime(value: dt.datetime) -> str:
    return value.isoformat()


def render_status_report(
    report: StatusReport, version: StatusReportVersion | None = None, *, pretty: bool = True
) -> Outcome[bytes]:
    """``report`` as XML of ``version`` (default: the newest of its kind), in UTF-8, wrapped
    with its AppHdr in an envelope when the report has one. What the version cannot carry
    (OrgnlUETR in pain.002.001.03, a status outside its closed list) is a warning finding.
    Raises :class:`~qenex_messages.QenexError` for a version that is not of the report's kind."""
    chosen = version or DEFAULT_VERSION[report.kind]
    _check_version(report.kind, chosen)
    writer = _StatusWriter(chosen)
    root = writer.document(report)
    if report.application_header is not None:
        header = head.render_header(report.application_header, chosen, HEADER_VERSION)
        envelope = etree.Element(f"{{{ENVELOPE_NS}}}Envelope", nsmap=_nsmap(ENVELOPE_NS))
        envelope.append(header)
        envelope.append(root)
        root = envelope
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=pretty)
    return Outcome(data, tuple(writer.findings))


# ---------------------------------------------------------------------------------------------
# Reading


class _StatusReader:
    def __init__(self) -> None:
        self.reader = Reader()

    def reasons(self, parent: etree._Element | None) -> tuple[StatusReason, ...]:
        out = []
        for element in self.reader.children(parent, "StsRsnInf"):
            reason = self.reader.child(element, "Rsn")
            out.append(
                StatusReason(
                    originator=self.reader.party(element, "Orgtr"),
                    code=self.reader.code(reason, "Cd"),
                    proprietary=self.reader.text(reason, "Prtry"),
                    additional_information=self.reader.texts(element, "AddtlInf"),
                )
            )
        return tuple(out)

    def transaction(self, element: etree._Element) -> TransactionStatus:
        text, code = self.reader.text, self.reader.code
        group = self.reader.child(element, "OrgnlGrpInf")
        original_group = None
        if group is not None:
            original_group = OriginalGroupReference(
                message_id=text(group, "OrgnlMsgId") or "",
                message_name_id=text(group, "OrgnlMsgNmId") or "",
                creation_date_time=self.reader.datetime(group, "OrgnlCreDtTm"),
            )
        return TransactionStatus(
            status_id=text(element, "StsId"),
            original_group=original_group,
            original_instruction_id=text(element, "OrgnlInstrId"),
            original_end_to_end_id=text(element, "OrgnlEndToEndId"),
            original_transaction_id=text(element, "OrgnlTxId"),
            original_uetr=code(element, "OrgnlUETR"),
            status=code(element, "TxSts"),
            reasons=self.reasons(element),
            instructing_agent=self.reader.agent(element, "InstgAgt"),
            instructed_agent=self.reader.agent(element, "InstdAgt"),
        )

    def report(self, kind: StatusKind, message: etree._Element) -> StatusReport:
        group = self.reader.child(message, "GrpHdr")
        original = self.reader.child(message, "OrgnlGrpInfAndSts")
        created = self.reader.datetime(group, "CreDtTm") if group is not None else None
        if group is None or created is None:
            raise ValueError("a status report needs GrpHdr with CreDtTm")
        if original is None and kind == "pain.002":
            raise ValueError("a pain.002 needs OrgnlGrpInfAndSts")
        code = self.reader.code
        blocks = tuple(
            PaymentInformationStatus(
                original_payment_information_id=self.reader.text(block, "OrgnlPmtInfId") or "",
                original_number_of_transactions=code(block, "OrgnlNbOfTxs"),
                original_control_sum=self.reader.decimal(block, "OrgnlCtrlSum"),
                status=code(block, "PmtInfSts"),
                reasons=self.reasons(block),
                transactions=tuple(
                    self.transaction(tx) for tx in self.reader.children(block, "TxInfAndSts")
                ),
            )
            for block in self.reader.children(message, "OrgnlPmtInfAndSts")
        )
        return StatusReport(
            kind=kind,
            message_id=self.reader.text(group, "MsgId") or "",
            creation_date_time=created,
            original_message_id=self.reader.text(original, "OrgnlMsgId"),
            original_message_name_id=self.reader.text(original, "OrgnlMsgNmId"),
            original_creation_date_time=self.reader.datetime(original, "OrgnlCreDtTm"),
            original_number_of_transactions=code(original, "OrgnlNbOfTxs"),
            original_control_sum=self.reader.decimal(original, "OrgnlCtrlSum"),
            group_status=code(original, "GrpSts"),
            group_reasons=self.reasons(original),
            payment_information=blocks,
            transactions=tuple(
                self.transaction(tx) for tx in self.reader.children(message, "TxInfAndSts")
            ),
        )

    def unread(self, root: etree._Element, source: str | None) -> list[Finding]:
        """One info finding per outermost element the model did not read."""
        notes = []
        for element in self.reader.leftovers(root):
            path = readable_path(element)
            notes.append(
                STATUS_NOT_READ.finding(
                    f"{local_name(element)} has no field in the status model; not read",
                    Location(source=source, line=line_of(element), xpath=path),
                )
            )
        return notes


def _pydantic_findings(exc: ValidationError, source: str | None) -> list[Finding]:
    return [
        STATUS_UNREADABLE.finding(
            f"{'.'.join(str(p) for p in error['loc']) or 'report'}: {error['msg']}",
            Location(source=source, field=".".join(str(p) for p in error["loc"]) or None),
        )
        for error in exc.errors()
    ]


def parse_status_report(data: bytes, *, source: str | None = None) -> ParsedStatusReport:
    """Parse a pain.002 or pacs.002 (bare, or with its AppHdr in an envelope) into the model.

    Raises :class:`~qenex_messages.MessageError` when the bytes are not safe XML, not a
    supported status report, or a value breaks its ISO type. Elements the model has no field
    for (charges, original transaction reference ...) are info findings."""
    parsed = parse_xml(data, source=source)
    if parsed.value is None:
        raise MessageError("not a well-formed, safe XML document", parsed.findings)
    info = detect(parsed.value.getroot(), source=source)
    errors = [f for f in info.findings if f.is_error]
    if errors or info.document is None or info.message_type not in STATUS_ELEMENT:
        raise MessageError("not a supported pain.002 or pacs.002 document", errors or info.findings)
    kind: StatusKind = "pain.002" if info.message_type == "pain.002" else "pacs.002"
    message = next((c for c in info.document if isinstance(c.tag, str)), None)
    if message is None:
        raise MessageError("the Document is empty", [STATUS_UNREADABLE.finding("empty Document")])
    reader = _StatusReader()
    try:
        model = reader.report(kind, message)
        if info.header is not None:
            header = head.parse_header(reader.reader, info.header)
            if header is not None:
                model = model.model_copy(update={"application_header": header})
    except ValidationError as exc:
        raise MessageError(
            "the status report breaks its ISO types", _pydantic_findings(exc, source)
        ) from exc
    except (ValueError, TypeError, AssertionError) as exc:
        where = Location(source=source, line=line_of(message))
        raise MessageError(str(exc), [STATUS_UNREADABLE.finding(str(exc), where)]) from exc
    notes = reader.unread(info.document, source)
    if info.header is not None:
        notes.extend(reader.unread(info.header, source))
    return ParsedStatusReport(model=model, info=info, findings=list(parsed.findings) + notes)


# ---------------------------------------------------------------------------------------------
# Checks beyond the XSD


def _summed(statuses: list[str | None]) -> str | None:
    """The group status the member statuses add up to, or None when they do not decide it."""
    known = [s for s in statuses if s is not None]
    if not known:
        return None
    rejected = sum(1 for s in known if s == REJECTED)
    if rejected == len(known):
        return REJECTED
    if PARTIALLY_ACCEPTED in known:
        return PARTIALLY_ACCEPTED
    return PARTIALLY_ACCEPTED if rejected else "accepted"


def check_status_document(document: etree._Element, *, source: str | None = None) -> list[Finding]:
    """The checks of a pain.002 or pacs.002 ``Document`` beyond its XSD: every RJCT gives a
    reason code, at its level or, for a group or block, at a level below it (EPC SCT
    implementation guidelines; CBPR+ pacs.002 usage),
    group and block statuses agree with the statuses they sum up, and each transaction status
    names an original reference."""
    findings: list[Finding] = []
    message = next((c for c in document if isinstance(c.tag, str)), None)
    if message is None:
        return findings

    def where(element: etree._Element) -> Location:
        return Location(source=source, line=line_of(element), xpath=readable_path(element))

    for status in message.iter("{*}GrpSts", "{*}PmtInfSts", "{*}TxSts"):
        if (status.text or "").strip() != REJECTED:
            continue
        scope = message if local_name(status) == "GrpSts" else status.getparent()
        assert scope is not None
        reasons = scope.iterfind(".//{*}StsRsnInf/{*}Rsn/*")
        if not any((code.text or "").strip() for code in reasons):
            findings.append(
                REJECT_WITHOUT_REASON.finding(
                    f"{local_name(status)} is RJCT but no StsRsnInf/Rsn gives a reason code; "
                    "add the ISO reason (e.g. AC01, FF01, NARR with AddtlInf)",
                    where(status),
                )
            )
    for level, status_name, members, member_status in (
        (message.find("{*}OrgnlGrpInfAndSts"), "GrpSts", _group_members(message), None),
        *(
            (block, "PmtInfSts", block.findall("{*}TxInfAndSts"), "TxSts")
            for block in message.iterfind("{*}OrgnlPmtInfAndSts")
        ),
    ):
        if level is None:
            continue
        stated = _text(level, "{*}" + status_name)
        if member_status is None:
            summed = _summed([_member_status(m) for m in members])
        else:
            summed = _summed([_text(m, "{*}" + member_status) for m in members])
        if stated is None or summed is None:
            continue
        accepted = stated not in (REJECTED, PARTIALLY_ACCEPTED, "PDNG", "RCVD")
        agrees = stated == summed or (summed == "accepted" and accepted)
        if not agrees:
            shown = "some accepted, some rejected" if summed == PARTIALLY_ACCEPTED else summed
            if summed == REJECTED:
                shown = "all rejected"
            elif summed == "accepted":
                shown = "none rejected"
            findings.append(
                GROUP_STATUS_INCONSISTENT.finding(
                    f"{status_name} is {stated} but the statuses below it are {shown}",
                    where(_first(level, status_name)),
                )
            )
    findings.extend(
        NO_ORIGINAL_REFERENCE.finding(
            "TxInfAndSts names none of OrgnlInstrId, OrgnlEndToEndId, OrgnlTxId, "
            "OrgnlUETR; the sender cannot tell which transaction it answers",
            where(tx),
        )
        for tx in message.iter("{*}TxInfAndSts")
        if not any(tx.find("{*}" + name) is not None for name in _REFERENCES)
    )
    return findings


_REFERENCES = ("OrgnlInstrId", "OrgnlEndToEndId", "OrgnlTxId", "OrgnlUETR")


def _group_members(message: etree._Element) -> list[etree._Element]:
    blocks = message.findall("{*}OrgnlPmtInfAndSts")
    return blocks if blocks else message.findall("{*}TxInfAndSts")


def _member_status(element: etree._Element) -> str | None:
    return _text(element, "{*}PmtInfSts") or _text(element, "{*}TxSts")


def _first(parent: etree._Element, name: str) -> etree._Element:
    found = parent.find("{*}" + name)
    return parent if found is None else found
