"""The registry of finding codes: each code's default severity, family and one-line meaning.

Codes are SWIFT's own where SWIFT defines one (``T26``, ``D75``, ``E13`` ...) and our own ``QX``
codes otherwise. Each part of the library defines the codes it reports with :func:`define` at
import time; ``docs/codes.md`` is generated from this registry so it cannot drift.

Our own ranges: ``QX0xx`` input and envelope, ``QX1xx`` identifiers and amounts, ``QX2xx`` MT,
``QX3xx`` ISO 20022 XML and XSD, ``QX4xx`` rendering and translation losses, ``QX5xx`` rulebooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from qenex_messages._records import record
from qenex_messages.findings import EMPTY_ARGS, NOWHERE, Finding, Location, Severity

_REGISTRY: dict[str, CodeInfo] = {}


class Judges(StrEnum):
    """What a code says about the value of one element, so that two codes on one value fold
    into one finding (:func:`qenex_messages.rootcause.merge_duplicates`)."""

    NOTHING = ""
    """Not a judgement of one value (or judged by its family: identifiers, rulebook rules)."""
    CHECK = "check"
    """A specific check of the value (a date that exists, an identifier used once)."""
    FACET = "facet"
    """A generic XSD facet of the value's type (length, pattern, enumeration ...)."""


@record(frozen=True, slots=True)
class CodeInfo:
    """A registered code: what it means and how severe it is unless a rule says otherwise."""

    code: str
    severity: Severity
    title: str
    family: str
    fix: str = ""
    """How to fix it: one short, specific sentence (the "how to fix" column of docs/codes.md)."""
    judges: Judges = Judges.NOTHING

    def finding(
        self,
        message: str,
        location: Location = NOWHERE,
        *,
        severity: Severity | None = None,
        args: Mapping[str, str] | None = None,
    ) -> Finding:
        """A finding of this code; ``message`` says what is wrong and what to change."""
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            message=message,
            location=location,
            args=MappingProxyType(dict(args)) if args else EMPTY_ARGS,
        )


def define(
    code: str,
    severity: Severity,
    title: str,
    *,
    family: str,
    fix: str = "",
    judges: Judges = Judges.NOTHING,
) -> CodeInfo:
    """Register ``code`` once; registering the same code again with other facts is a bug.

    ``title`` says what the code means, ``fix`` how to fix what it reports, ``judges`` whether
    it judges the value of one element."""
    info = CodeInfo(
        code=code, severity=severity, title=title, family=family, fix=fix, judges=judges
    )
    existing = _REGISTRY.get(code)
    if existing is not None and existing != info:
        raise ValueError(f"finding code {code} is already defined differently: {existing}")
    _REGISTRY[code] = info
    return info


def lookup(code: str) -> CodeInfo | None:
    """The registered facts for ``code``, or ``None`` for an unknown code."""
    return _REGISTRY.get(code)


def all_codes() -> tuple[CodeInfo, ...]:
    """Every code registered so far, sorted by family then code."""
    return tuple(sorted(_REGISTRY.values(), key=lambda c: (c.family, c.code)))


# Codes of the input layer, shared by every format.
EMPTY_INPUT = define(
    "QX001",
    Severity.ERROR,
    "The input is empty or holds only white space.",
    family="input",
    fix="Check the file was written completely; send the message itself, not an empty file.",
)
UNKNOWN_FORMAT = define(
    "QX002",
    Severity.ERROR,
    "The input is neither an MT message nor a supported ISO 20022 XML document.",
    family="input",
    fix="Send an MT message starting with '{1:' or an ISO 20022 XML document.",
)
BAD_ENCODING = define(
    "QX003",
    Severity.ERROR,
    "The bytes cannot be decoded in the declared or expected character encoding.",
    family="input",
    fix="Save the file as UTF-8 (or fix the encoding declaration to match the bytes).",
)
TOO_LARGE = define(
    "QX004",
    Severity.ERROR,
    "The input is larger than the configured limit (the finding names the setting).",
    family="input",
    fix="Split the file, or raise the limit the finding names (--max-bytes or QENEX_MAX_*).",
)
UNREADABLE = define(
    "QX005",
    Severity.ERROR,
    "The file could not be read (permissions, I/O error).",
    family="input",
    fix="Check the path and the file's permissions.",
)
BINARY_INPUT = define(
    "QX006",
    Severity.ERROR,
    "The input contains NUL or other control bytes no payment message may carry.",
    family="input",
    fix="Remove the control bytes; check the file is text and not a binary or compressed file.",
)
