"""The shape of the ``--format json`` report, as typed dictionaries, and its JSON Schema.

:meth:`Finding.to_dict <qenex_messages.findings.Finding.to_dict>`,
:meth:`Report.to_dict <qenex_messages.findings.Report.to_dict>` and
:func:`qenex_messages.output.to_json` return these types, so the type checker holds the code
that writes the report to them, and :func:`report_schema` generates the JSON Schema from them:
the code, the schema and ``schemas/report.schema.json`` cannot drift apart.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from annotated_types import Ge, MinLen
from typing_extensions import TypedDict  # pydantic reads typing's TypedDict only from 3.12

from qenex_messages.findings import Severity

__all__ = [
    "REPORT_SCHEMA_ID",
    "FindingJSON",
    "MessageJSON",
    "ReportJSON",
    "SummaryJSON",
    "report_schema",
]


class FindingJSON(TypedDict):
    """One finding in the JSON report (``--format json``)."""

    code: Annotated[str, MinLen(1)]
    """Stable code: SWIFT's own (T26, D75 ...), a rulebook rule id, or ours (QX...)."""
    severity: Severity
    """error: the network or bank would reject it; warning: accepted but risky; info: a note."""
    message: Annotated[str, MinLen(1)]
    """What is wrong and what to change."""
    line: Annotated[int, Ge(1)] | None
    """1-based line in the file."""
    column: Annotated[int, Ge(1)] | None
    """1-based column in the line."""
    field: str | None
    """MT field tag with its option letter (``50K``), or block and tag (``3:121``)."""
    xpath: str | None
    """Indexed XPath of the XML element."""


class MessageJSON(TypedDict):
    """One message in the JSON report: what it is and everything found about it."""

    path: str | None
    """The file as named or found; ``<stdin>`` for standard input."""
    index: Annotated[int, Ge(0)]
    """Position of the message inside its file, from 0."""
    message_type: str | None
    """Detected type, e.g. ``MT103``, ``pacs.008``, ``pain.001``; null when the input is no
    message."""
    version: str | None
    """Detected version, e.g. ``pacs.008.001.08``, or the MT103 variant ``core``, ``STP``,
    ``REMIT``."""
    ok: bool
    """True when no finding is an error."""
    findings: list[FindingJSON]
    """The findings, in the order they were made."""


class SummaryJSON(TypedDict):
    """The totals of the JSON report."""

    files: Annotated[int, Ge(0)]
    """Files (and standard input) read."""
    messages: Annotated[int, Ge(0)]
    """Messages checked (entries of ``files``)."""
    errors: Annotated[int, Ge(0)]
    """Error findings over all messages."""
    warnings: Annotated[int, Ge(0)]
    """Warning findings over all messages."""


class ReportJSON(TypedDict):
    """The report of ``qenex-messages validate --format json``: one entry per message (an MT
    file may hold several), then the totals."""

    version: Literal[1]
    """Version of this document shape; changes only on incompatible changes."""
    files: list[MessageJSON]
    """One entry per message, in input order."""
    summary: SummaryJSON
    """The totals of the run."""


REPORT_SCHEMA_ID = "https://github.com/qenex/qenex-messages/schemas/report.schema.json"


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the ``--format json`` document, generated from the
    typed dictionaries above (``schemas/report.schema.json`` is this, written by ``make docs``;
    a test fails when it is stale)."""
    from pydantic import ConfigDict, TypeAdapter

    config = ConfigDict(extra="forbid", use_attribute_docstrings=True)
    for shape in (FindingJSON, MessageJSON, SummaryJSON, ReportJSON):
        shape.__pydantic_config__ = config  # type: ignore[union-attr]
    generated = TypeAdapter(ReportJSON).json_schema(mode="serialization")
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": REPORT_SCHEMA_ID,
        "title": "qenex-messages validate --format json",
    }
    body = {k: v for k, v in generated.items() if k != "title"}
    return {**head, **_plain_descriptions(body)}


def _plain_descriptions(node: Any) -> Any:
    """Docstring text as schema descriptions: one line, Markdown code spans."""
    if isinstance(node, dict):
        return {
            key: " ".join(value.replace("``", "`").split())
            if key == "description" and isinstance(value, str)
            else _plain_descriptions(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_plain_descriptions(item) for item in node]
    return node
