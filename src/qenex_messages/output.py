"""Reporters: validation reports rendered as text, JSON, SARIF 2.1.0 or JUnit XML.

Pure functions from reports to ``str`` (no terminal logic, no argument parsing), so they are as
easy to call from a library as from the command line. The JSON shape is described by
``schemas/report.schema.json``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from qenex_messages._patterns import on_first_use
from qenex_messages._version import __version__
from qenex_messages.codes import UNREADABLE, lookup
from qenex_messages.findings import Finding, Report, Severity

if TYPE_CHECKING:
    from qenex_messages.model import Account, Agent, CreditTransfer, Party, Remittance
    from qenex_messages.mt import Mt103Message
    from qenex_messages.report_json import MessageJSON, ReportJSON, SummaryJSON
    from qenex_messages.status_model import StatusReason, StatusReport, TransactionStatus

__all__ = [
    "FORMATTERS",
    "JSON_VERSION",
    "SARIF_SCHEMA",
    "Summary",
    "finding_spans",
    "fingerprint",
    "format_report",
    "format_statistics",
    "format_summary",
    "summarize",
    "summary_severity",
    "to_github",
    "to_gitlab",
    "to_json",
    "to_junit",
    "to_sarif",
    "to_text",
]

JSON_VERSION: Literal[1] = 1
"""The ``version`` of the ``--format json`` document; bumped on incompatible changes."""

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "qenex-messages"
STDIN_NAME = "<stdin>"

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# XML 1.0 cannot carry these characters even escaped; finding messages may quote raw input.
_NOT_XML = on_first_use("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_COUNTS = ("files", "messages", "errors", "warnings", "infos", "failed")


class Summary:
    """Counts over a run: files, messages, error and warning findings, failing messages."""

    __slots__ = ("errors", "failed", "files", "infos", "messages", "warnings")

    def __init__(
        self,
        files: int = 0,
        messages: int = 0,
        errors: int = 0,
        warnings: int = 0,
        infos: int = 0,
        failed: int = 0,
    ) -> None:
        self.files = files
        self.messages = messages
        self.errors = errors
        self.warnings = warnings
        self.infos = infos
        self.failed = failed

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={getattr(self, name)}" for name in _COUNTS)
        return f"Summary({counts})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Summary):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _COUNTS)

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def add(self, report: Report) -> None:
        """Count one report (a report with ``index`` 0 starts a new file)."""
        if report.index == 0:
            self.files += 1
        self.messages += 1
        errors = warnings = 0
        for finding in report.findings:
            if finding.severity is Severity.ERROR:
                errors += 1
            elif finding.severity is Severity.WARNING:
                warnings += 1
            else:
                self.infos += 1
        self.errors += errors
        self.warnings += warnings
        if errors:
            self.failed += 1

    def passes(self, *, strict: bool = False) -> bool:
        """True when there is no error finding (and, with ``strict``, no warning either)."""
        return not self.errors and not (strict and self.warnings)

    def to_dict(self) -> SummaryJSON:
        """The ``summary`` object of the JSON output."""
        return {
            "files": self.files,
            "messages": self.messages,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def summarize(reports: Iterable[Report]) -> Summary:
    """The :class:`Summary` of ``reports``."""
    summary = Summary()
    for report in reports:
        summary.add(report)
    return summary


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _path(report: Report, finding: Finding | None = None) -> str:
    if finding is not None and finding.location.source:
        return finding.location.source
    return report.source or STDIN_NAME


Span = tuple[str, Severity | None]
"""A piece of a text line and the severity it shows (``None``: plain). A terminal colours the
pieces (see ``qenex_messages.terminal``); joined, they are the plain line."""


def finding_spans(finding: Finding, report: Report) -> list[Span]:
    """The pieces of :func:`format_finding`'s line; the severity word carries its severity."""
    loc = finding.location
    where = _path(report, finding)
    if loc.line is not None:
        where += f":{loc.line}"
        if loc.column is not None:
            where += f":{loc.column}"
    pointer = loc.field or loc.xpath
    suffix = f" [{pointer}]" if pointer else ""
    return [
        (f"{where}: ", None),
        (finding.severity.value.upper(), finding.severity),
        (f" {finding.code} {finding.message}{suffix}", None),
    ]


def format_finding(finding: Finding, report: Report) -> str:
    """One line: ``path:line:col: SEVERITY CODE message [field or xpath]``."""
    return "".join(text for text, _ in finding_spans(finding, report))


def format_report(report: Report) -> str:
    """The lines of one report's findings, ordered by position (empty when there are none)."""
    return "".join(format_finding(f, report) + "\n" for f in report.sorted())


def summary_severity(summary: Summary) -> Severity | None:
    """The worst severity a summary counts (``None`` for a clean run): its line's colour."""
    if summary.errors:
        return Severity.ERROR
    return Severity.WARNING if summary.warnings else None


def format_summary(summary: Summary) -> str:
    """The one-line summary, e.g. ``2 files, 3 messages: 1 error, 0 warnings``."""
    return (
        f"{_plural(summary.files, 'file')}, {_plural(summary.messages, 'message')}: "
        f"{_plural(summary.errors, 'error')}, {_plural(summary.warnings, 'warning')}\n"
    )


def to_text(reports: Iterable[Report], *, quiet: bool = False) -> str:
    """Human-readable text: one line per finding (unless ``quiet``), then the summary line."""
    parts: list[str] = []
    summary = Summary()
    for report in reports:
        summary.add(report)
        if not quiet:
            parts.append(format_report(report))
    parts.append(format_summary(summary))
    return "".join(parts)


def format_statistics(reports: Iterable[Report]) -> str:
    """One line per finding code, most frequent first: count, code, severity, what it means
    (``--statistics``)."""
    counts: dict[str, int] = {}
    worst: dict[str, Severity] = {}
    for report in reports:
        for finding in report.findings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
            if finding.code not in worst or finding.severity.rank > worst[finding.code].rank:
                worst[finding.code] = finding.severity
    if not counts:
        return ""
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    number = max(len(str(n)) for n in counts.values())
    width = max(len(code) for code in counts)
    lines = []
    for code in ordered:
        info = lookup(code)
        title = info.title if info else ""
        severity = worst[code].value
        lines.append(f"{counts[code]:>{number}}  {code:<{width}}  {severity:<7}  {title}".rstrip())
    return "\n".join(lines) + "\n"


def to_json(reports: Iterable[Report]) -> str:
    """The JSON document of ``--format json`` (its JSON Schema:
    :func:`qenex_messages.report_json.report_schema`)."""
    files: list[MessageJSON] = []
    summary = Summary()
    for report in reports:
        summary.add(report)
        entry = report.to_dict()
        entry["path"] = _path(report)
        files.append(entry)
    document: ReportJSON = {"version": JSON_VERSION, "files": files, "summary": summary.to_dict()}
    import json  # only for the formats written as JSON

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    """A SARIF artifact URI: relative paths stay relative (with ``/``), absolute ones ``file://``."""
    if path == STDIN_NAME:
        return "stdin"
    if os.path.isabs(path):
        return Path(path).as_uri()
    from urllib.parse import quote  # only for SARIF

    return quote(path.replace(os.sep, "/"), safe="/-._~!$&'()*+,;=:@")


def _sarif_result(finding: Finding, report: Report, rule_index: int) -> dict[str, Any]:
    loc = finding.location
    region: dict[str, int] = {"startLine": loc.line if loc.line and loc.line > 0 else 1}
    if loc.line and loc.column and loc.column > 0:
        region["startColumn"] = loc.column
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(_path(report, finding))},
            "region": region,
        }
    }
    pointer = loc.xpath or loc.field
    if pointer:
        location["logicalLocations"] = [
            {"fullyQualifiedName": pointer, "kind": "element" if loc.xpath else "member"}
        ]
    text = finding.message
    if loc.field or loc.xpath:
        text += f" [{loc.field or loc.xpath}]"
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [location],
        "properties": {"messageIndex": report.index},
    }
    if report.message_type:
        result["properties"]["messageType"] = report.message_type
    return result


def _sarif_rule(code: str, severity: Severity) -> dict[str, Any]:
    info = lookup(code)
    title = info.title if info else f"Finding {code}."
    level = _SARIF_LEVEL[info.severity if info else severity]
    help_text = (info.fix if info and info.fix else title) if info else title
    rule: dict[str, Any] = {
        "id": code,
        "name": code,
        "shortDescription": {"text": title},
        "fullDescription": {"text": title},
        "help": {"text": help_text, "markdown": f"**{code}**: {title}\n\n{help_text}"},
        "helpUri": f"{CODES_URI}",
        "defaultConfiguration": {"level": level},
    }
    if info:
        rule["properties"] = {"family": info.family}
    return rule


def _notification(finding: Finding, report: Report) -> dict[str, Any]:
    return {
        "descriptor": {"id": finding.code},
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(_path(report, finding))}}}
        ],
    }


def to_sarif(reports: Iterable[Report]) -> str:
    """A SARIF 2.1.0 log (one run) that GitHub code scanning accepts. Findings about messages
    are results; a check that could not run (:func:`tool_failures`) is an execution
    notification of the invocation, which then did not succeed."""
    rules: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in reports:
        for finding in report.sorted():
            if finding.code in tool_failures():
                notifications.append(_notification(finding, report))
                continue
            index = index_of.get(finding.code)
            if index is None:
                index = index_of[finding.code] = len(rules)
                rules.append(_sarif_rule(finding.code, finding.severity))
            result = _sarif_result(finding, report, index)
            result["partialFingerprints"] = {"findingHash/v1": fingerprint(finding, report)}
            results.append(result)
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    import json  # only for the formats written as JSON

    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _xml_text(text: str) -> str:
    return _NOT_XML().sub("\ufffd", text)


def _classname(path: str) -> str:
    """A JUnit classname that CI servers do not split into packages at the dots: the file's
    dots become ``_`` (``out/pain.001.xml`` -> ``out/pain_001_xml``)."""
    return _xml_text(path.replace(".", "_"))


def to_junit(
    reports: Iterable[Report],
    *,
    strict: bool = False,
    started: float | None = None,
) -> str:
    """JUnit XML, one ``testcase`` per message: errors (and warnings if ``strict``) make a
    ``failure``; a check that could not run (:func:`tool_failures`) makes an ``error``. The
    suite carries ``timestamp`` and ``time`` (seconds since ``started``, default: now)."""
    from lxml import etree  # only for JUnit

    begin = time.time() if started is None else started
    suite = etree.Element("testsuite", name=TOOL_NAME)
    summary = Summary()
    failures = errors = 0
    for report in reports:
        summary.add(report)
        path = _path(report)
        label = " ".join(p for p in (report.message_type, report.version) if p)
        name = f"{path}#{report.index}" + (f" ({label})" if label else "")
        case = etree.SubElement(suite, "testcase", classname=_classname(path), name=_xml_text(name))
        case.set("file", _xml_text(path))
        threshold = Severity.WARNING.rank if strict else Severity.ERROR.rank
        ordered = report.sorted()
        broken = [f for f in ordered if f.code in tool_failures()]
        failing = [f for f in ordered if f.severity.rank >= threshold and f not in broken]
        other = [f for f in ordered if f.severity.rank < threshold and f not in broken]
        for kind, found in (("error", broken), ("failure", failing)):
            if not found:
                continue
            if kind == "error":
                errors += 1
            else:
                failures += 1
            first = found[0]
            element = etree.SubElement(
                case, kind, message=_xml_text(f"{first.code} {first.message}"), type=first.code
            )
            element.text = _xml_text("".join(format_finding(f, report) + "\n" for f in found))
        if other:
            out = etree.SubElement(case, "system-out")
            out.text = _xml_text("".join(format_finding(f, report) + "\n" for f in other))
    elapsed = f"{max(0.0, time.time() - begin):.3f}"
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(begin))
    counts = {
        "tests": str(summary.messages),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": "0",
        "time": elapsed,
    }
    root = etree.Element("testsuites", name=TOOL_NAME)
    for key, value in counts.items():
        root.set(key, value)
        suite.set(key, value)
    suite.set("timestamp", stamp)
    root.append(suite)
    body: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return body.decode("utf-8")


# --------------------------------------------------------------------------- CI formats


@cache
def tool_failures() -> frozenset[str]:
    """The codes that say the check could not run (a missing or unreadable file, a path that
    selects no file, a missing or broken XSD), not that the message is wrong: SARIF reports
    them as execution notifications, JUnit as errors."""
    # Imported on first use: their layers define them, and reporting a clean file needs neither.
    from qenex_messages.iso20022.codes import SCHEMA_MISSING, SCHEMA_UNUSABLE
    from qenex_messages.pipeline.files import NOTHING_SELECTED

    return frozenset(
        info.code for info in (UNREADABLE, NOTHING_SELECTED, SCHEMA_MISSING, SCHEMA_UNUSABLE)
    )


INFORMATION_URI = "https://pypi.org/project/qenex-messages/"
CODES_URI = "https://pypi.org/project/qenex-messages/#finding-codes"


def fingerprint(finding: Finding, report: Report) -> str:
    """A stable hash of what a finding is about (file, code, element, message): the same
    problem keeps its fingerprint when lines move, so CI servers can track it across runs."""
    loc = finding.location
    key = "\0".join(
        (_path(report, finding), finding.code, loc.xpath or loc.field or "", finding.message)
    )
    import hashlib  # only for the formats that carry fingerprints

    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def to_github(reports: Iterable[Report]) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...,col=...::message``), one
    per finding, then the summary line: each finding becomes an annotation on the file."""
    lines: list[str] = []
    summary = Summary()
    for report in reports:
        summary.add(report)
        for finding in report.sorted():
            loc = finding.location
            props = [f"file={_github_escape(_path(report, finding), property_value=True)}"]
            if loc.line:
                props.append(f"line={loc.line}")
                if loc.column:
                    props.append(f"col={loc.column}")
            props.append(f"title={_github_escape(finding.code, property_value=True)}")
            pointer = loc.field or loc.xpath
            text = finding.message + (f" [{pointer}]" if pointer else "")
            command = _GITHUB_COMMAND[finding.severity]
            lines.append(f"::{command} {','.join(props)}::{_github_escape(text)}\n")
    lines.append(format_summary(summary))
    return "".join(lines)


_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def to_gitlab(reports: Iterable[Report]) -> str:
    """A GitLab Code Quality report: a JSON array of issues with ``description``,
    ``check_name``, ``fingerprint``, ``severity`` and ``location`` (path and line)."""
    issues: list[dict[str, Any]] = []
    for report in reports:
        for finding in report.sorted():
            loc = finding.location
            pointer = loc.field or loc.xpath
            issues.append(
                {
                    "type": "issue",
                    "description": finding.message + (f" [{pointer}]" if pointer else ""),
                    "check_name": finding.code,
                    "fingerprint": fingerprint(finding, report),
                    "severity": _GITLAB_SEVERITY[finding.severity],
                    "location": {
                        "path": _path(report, finding),
                        "lines": {"begin": loc.line if loc.line and loc.line > 0 else 1},
                    },
                }
            )
    import json  # only for the formats written as JSON

    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _text_plain(reports: Sequence[Report]) -> str:
    return to_text(reports)


FORMATTERS: dict[str, Callable[[Sequence[Report]], str]] = {
    "text": _text_plain,
    "json": to_json,
    "sarif": to_sarif,
    "junit": to_junit,
    "github": to_github,
    "gitlab": to_gitlab,
}
"""Output format name -> function rendering a sequence of reports (plain text, no colour)."""


# --------------------------------------------------------------------------- inspect


def _agent_text(agent: Agent | None) -> str:
    if agent is None:
        return "-"
    parts = [agent.bic, agent.name]
    if agent.clearing_member is not None:
        parts.append(f"clearing {agent.clearing_member.member_id}")
    return ", ".join(p for p in parts if p) or "-"


def _party_text(party: Party | None, account: Account | None = None) -> str:
    parts: list[str] = []
    if party is not None and party.name:
        parts.append(party.name)
    if party is not None and party.postal_address is not None:
        address = party.postal_address
        place = ", ".join(p for p in (address.town_name, address.country) if p)
        if place:
            parts.append(place)
        elif address.address_lines:
            parts.append(" / ".join(address.address_lines))
    if account is not None:
        parts.append(f"account {account.identification}")
    return "; ".join(parts) or "-"


def _status_text(status: str | None, reasons: tuple[StatusReason, ...]) -> str:
    text = status or "no status"
    for reason in reasons:
        code = reason.code or reason.proprietary or "no code"
        detail = " ".join(reason.additional_information)
        text += f"; {code}" + (f": {detail}" if detail else "")
    return text


def _labelled(*pairs: tuple[str, object]) -> str:
    """``instruction X, end-to-end Y``: each identifier that is there, after its label."""
    return ", ".join(f"{label} {value}" for label, value in pairs if value)


def describe_status_report(report: StatusReport, version: str, source: str) -> str:
    """A readable summary of a status report: what it answers, then each level's status."""
    lines = [
        (
            f"{source}: {version}, message id {report.message_id}, "
            f"created {report.creation_date_time.isoformat()}"
        )
    ]
    if report.original_message_id is not None:
        lines.append(
            f"  Original {report.original_message_name_id} {report.original_message_id}: "
            + _status_text(report.group_status, report.group_reasons)
        )
    if report.application_header is not None:
        app = report.application_header
        lines.append(
            f"  AppHdr: {_agent_text(app.from_agent)} -> {_agent_text(app.to_agent)}"
            + (f", answering {app.related.business_message_id}" if app.related else "")
        )

    def transaction(tx: TransactionStatus, indent: str) -> str:
        ids = _labelled(
            ("instruction", tx.original_instruction_id),
            ("end-to-end", tx.original_end_to_end_id),
            ("transaction", tx.original_transaction_id),
            ("UETR", tx.original_uetr),
        )
        return f"{indent}Transaction {ids or 'without references'}: " + _status_text(
            tx.status, tx.reasons
        )

    for block in report.payment_information:
        lines.append(
            f"  Payment information {block.original_payment_information_id}: "
            + _status_text(block.status, block.reasons)
        )
        lines.extend(transaction(tx, "    ") for tx in block.transactions)
    lines.extend(transaction(tx, "  ") for tx in report.transactions)
    return "\n".join(lines) + "\n"


def describe_transfer(model: CreditTransfer, kind: str, source: str) -> str:
    """A readable summary of a credit transfer: header, then each transaction's route."""
    header = model.group_header
    lines = [
        (
            f"{source}: {kind} ({model.kind.value}), message id {header.message_id}, "
            f"created {header.creation_date_time.isoformat()}"
        )
    ]
    if model.application_header is not None:
        app = model.application_header
        lines.append(
            f"  AppHdr: {_agent_text(app.from_agent)} -> {_agent_text(app.to_agent)}, "
            f"{app.message_definition_id}"
            + (f", service {app.business_service}" if app.business_service else "")
        )
    lines.extend(
        f"  Payment information {block.payment_information_id}: "
        f"{len(block.transactions)} transaction(s), debtor "
        f"{_party_text(block.debtor, block.debtor_account)}, agent "
        f"{_agent_text(block.debtor_agent)}"
        + (
            f", execution {block.requested_execution_date.isoformat()}"
            if block.requested_execution_date
            else ""
        )
        for block in model.payment_information
    )
    for number, tx in enumerate(model.iter_transactions(), start=1):
        ids = _labelled(
            ("instruction", tx.instruction_id),
            ("end-to-end", tx.end_to_end_id),
            ("UETR", tx.uetr),
        )
        lines.append(f"  Transaction {number}: {ids or 'no identifiers'}")
        amount = tx.amount
        if amount is not None:
            settled = (
                f" settled {tx.interbank_settlement_date.isoformat()}"
                if tx.interbank_settlement_date
                else ""
            )
            lines.append(f"    amount    {amount.value} {amount.currency}{settled}")
        if tx.instructed_amount is not None and tx.instructed_amount != amount:
            lines.append(
                f"    instructed {tx.instructed_amount.value} {tx.instructed_amount.currency}"
            )
        if tx.charge_bearer is not None:
            lines.append(f"    charges   {tx.charge_bearer.value}")
        if tx.debtor is not None or tx.debtor_account is not None:
            lines.append(f"    debtor    {_party_text(tx.debtor, tx.debtor_account)}")
        route = [tx.debtor_agent, *tx.intermediary_agents, tx.creditor_agent]
        shown = [_agent_text(a) for a in route if a is not None]
        if shown:
            lines.append(f"    route     {' -> '.join(shown)}")
        lines.append(f"    creditor  {_party_text(tx.creditor, tx.creditor_account)}")
        if tx.remittance is not None:
            lines.extend(_remittance_lines(tx.remittance))
    return "\n".join(lines) + "\n"


def _remittance_lines(remittance: Remittance) -> list[str]:
    lines = []
    if remittance.unstructured:
        lines.append(f"    remittance {' '.join(remittance.unstructured)}")
    for block in remittance.structured:
        parts = []
        reference = block.creditor_reference
        if reference is not None:
            kind = reference.type.code if reference.type is not None else None
            parts.append(
                f"creditor reference {reference.reference}" + (f" ({kind})" if kind else "")
            )
        parts.extend(f"document {doc.number}" for doc in block.referred_documents if doc.number)
        if block.remitted_amount is not None:
            amount = block.remitted_amount
            parts.append(f"remitted {amount.value} {amount.currency}")
        parts.extend(block.additional_information)
        lines.append(f"    remittance (structured) {'; '.join(parts) or '-'}")
    return lines


def describe_message(data: bytes, model: CreditTransfer, kind: str, source: str) -> str:
    """The text of ``inspect``: an MT103 as written (:func:`describe_mt103`), an ISO 20022
    message through its model (:func:`describe_transfer`)."""
    if kind == "mt103":
        from qenex_messages.mt import parse_mt103

        return describe_mt103(parse_mt103(data, source=source), source)
    return describe_transfer(model, kind, source)


def describe_mt103(message: Mt103Message, source: str) -> str:
    """A readable view of an MT103 as it is written: its header facts, then every block-4 field
    with the field's name and content (nothing the message does not say)."""
    header = [f"{source}: MT{message.message_type or '103'} ({message.variant})"]
    if message.sender_bic or message.receiver_bic:
        header.append(f"{message.sender_bic or '?'} -> {message.receiver_bic or '?'}")
    if message.uetr:
        header.append(f"UETR {message.uetr}")
    lines = [", ".join(header)]
    width = max((len(_field_name(f.tag)) for f in message.fields), default=0)
    for each in message.fields:
        content = " / ".join(line for line in each.value.split("\n"))
        lines.append(
            f"  :{each.tag}:{' ' * (4 - len(each.tag))}{_field_name(each.tag):<{width}}  {content}"
        )
    return "\n".join(lines) + "\n"


def _field_name(tag: str) -> str:
    from qenex_messages.mt.fields import FIELDS_BY_TAG

    entry = FIELDS_BY_TAG.get(tag)
    return entry[1].name if entry is not None else "(not an MT103 field)"
