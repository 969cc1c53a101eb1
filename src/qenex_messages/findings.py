"""The one finding type every part of qenex-messages reports with.

Exceptions (all are ``ValueError`` so callers can catch one thing)::

    QenexError                 root of everything the library raises on purpose
    ├── MessageError           a message could not be parsed; carries the findings
    ├── SchemaNotInstalledError  an XSD needed for validation is not in the schema store
    ├── LimitExceededError     input is over a configured safety limit
    └── SettingError           a QENEX_MAX_* variable or a Limits value is not a valid limit
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from qenex_messages._records import field, record, replace

if TYPE_CHECKING:
    from qenex_messages.report_json import FindingJSON, MessageJSON

T = TypeVar("T")

EMPTY_ARGS: Mapping[str, str] = MappingProxyType({})


class Severity(StrEnum):
    """How bad a finding is: ``error`` is a rejection, ``warning`` a risk, ``info`` a note."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for errors, 1 for warnings, 0 for info: handy for thresholds and sorting."""
        return _RANK[self]


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@record(frozen=True, slots=True)
class Location:
    """Where a finding points: source file, 1-based line and column, MT field tag, XPath."""

    source: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    xpath: str | None = None

    def __str__(self) -> str:
        parts = [self.source or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


NOWHERE = Location()


@record(frozen=True, slots=True)
class Finding:
    """One problem (or note) about a message, with a stable code and an exact location."""

    code: str
    severity: Severity
    message: str
    location: Location = NOWHERE
    args: Mapping[str, str] = field(default_factory=lambda: EMPTY_ARGS, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        """True for findings the receiving network or bank would reject."""
        return self.severity is Severity.ERROR

    def at(
        self,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        xpath: str | None = None,
    ) -> Finding:
        """A copy with the given location parts filled in (parts left ``None`` are kept)."""
        loc = self.location
        return replace(
            self,
            location=Location(
                source=source if source is not None else loc.source,
                line=line if line is not None else loc.line,
                column=column if column is not None else loc.column,
                field=field if field is not None else loc.field,
                xpath=xpath if xpath is not None else loc.xpath,
            ),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # ``args`` is a read-only mapping, which does not pickle: send a dict, rebuild on load.
        return (_finding, (self.code, self.severity, self.message, self.location, dict(self.args)))

    def to_dict(self) -> FindingJSON:
        """The finding in the JSON shape of the CLI's ``--format json`` output."""
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "line": loc.line,
            "column": loc.column,
            "field": loc.field,
            "xpath": loc.xpath,
        }

    def __str__(self) -> str:
        where = self.location.field or self.location.xpath
        suffix = f" [{where}]" if where else ""
        return f"{self.location}: {self.severity.value.upper()} {self.code} {self.message}{suffix}"


def _finding(
    code: str, severity: Severity, message: str, location: Location, args: dict[str, str]
) -> Finding:
    """Rebuild a pickled :class:`Finding`."""
    return Finding(
        code, severity, message, location, MappingProxyType(args) if args else EMPTY_ARGS
    )


@record(slots=True)
class Report:
    """The result of checking one message: what it is, and everything found about it."""

    source: str | None = None
    index: int = 0
    message_type: str | None = None
    version: str | None = None
    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        """Append one finding."""
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Append several findings."""
        self.findings.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def errors(self) -> list[Finding]:
        """The error findings."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The warning findings."""
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def passes(self, *, strict: bool = False) -> bool:
        """True when there is no error (and, with ``strict``, no warning either)."""
        threshold = 1 if strict else 2
        return all(f.severity.rank < threshold for f in self.findings)

    def codes(self) -> list[str]:
        """The finding codes in order, e.g. ``["T26", "D75"]``."""
        return [f.code for f in self.findings]

    def sorted(self) -> list[Finding]:
        """Findings ordered by position in the source, then by code."""
        return sorted(
            self.findings,
            key=lambda f: (f.location.line or 0, f.location.column or 0, f.code),
        )

    def to_dict(self) -> MessageJSON:
        """The report in the JSON shape of one ``files`` entry of ``--format json``."""
        return {
            "path": self.source,
            "index": self.index,
            "message_type": self.message_type,
            "version": self.version,
            "ok": self.ok,
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """``to_dict()`` as JSON text."""
        import json  # only for the JSON report

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


class QenexError(ValueError):
    """Root of the exceptions qenex-messages raises on purpose."""


class MessageError(QenexError):
    """A message could not be parsed; ``findings`` says why and where."""

    def __init__(self, message: str, findings: Iterable[Finding] = ()) -> None:
        super().__init__(message)
        self.findings: tuple[Finding, ...] = tuple(findings)

    def __str__(self) -> str:
        base = super().__str__()
        if not self.findings:
            return base
        return base + "\n" + "\n".join(f"  {f}" for f in self.findings[:20])


class SchemaNotInstalledError(QenexError):
    """An XSD needed for validation is missing from the schema store."""


class LimitExceededError(QenexError):
    """Input is over a configured safety limit (size, depth, count)."""


class SettingError(QenexError):
    """A safety limit is set to something that is not one: a ``QENEX_MAX_*`` variable that is
    not a positive whole number (the message names the variable and its value), or a
    :class:`~qenex_messages.Limits` value out of range. Every entry point that reads the limits
    raises it, before reading any input; the command line reports it as a usage error."""


@record(frozen=True, slots=True)
class Outcome(Generic[T]):
    """A value produced together with findings (e.g. rendered text and what the render lost)."""

    value: T
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)
