"""The names the public API accepts for message versions, MT103 variants and rulebook profiles.

Each is a ``Literal`` type, so a type checker refuses ``render_document(model, "pain.001.001.99")``
before it runs; the tuples beside them are the same names at run time (``SUPPORTED`` is read from
the Literal, never written twice). ``tests/test_versions.py`` checks them against the schema
catalog, the profiles and the MT layer, so they cannot drift. The ``as_*`` functions check a name
that arrives as text (a command line, a configuration file) and return it typed.
"""

from __future__ import annotations

from typing import Literal, TypeAlias, TypeVar, cast, get_args

from qenex_messages.findings import QenexError

__all__ = [
    "CONVERT_TARGETS",
    "GROUPINGS",
    "MT_VARIANTS",
    "PACS008_VERSIONS",
    "PAIN001_VERSIONS",
    "PROFILES",
    "STATUS_REPORT_VERSIONS",
    "SUPPORTED",
    "ConvertTarget",
    "Grouping",
    "LineEnding",
    "MTVariant",
    "MessageVersion",
    "Pacs008Version",
    "Pain001Version",
    "ProfileName",
    "ProfileOption",
    "StatusReportVersion",
    "as_convert_target",
    "as_message_version",
    "as_pacs008_version",
    "as_profile",
]

Pacs008Version: TypeAlias = Literal[
    "pacs.008.001.02", "pacs.008.001.08", "pacs.008.001.12", "pacs.008.001.13"
]
"""The pacs.008 (FI to FI customer credit transfer) versions read and written."""
Pain001Version: TypeAlias = Literal[
    "pain.001.001.03", "pain.001.001.09", "pain.001.001.12", "pain.001.001.13"
]
"""The pain.001 (customer credit transfer initiation) versions read and written."""
MessageVersion: TypeAlias = Literal[Pacs008Version, Pain001Version]
"""Every credit-transfer version read and written."""
StatusReportVersion: TypeAlias = Literal["pacs.002.001.10", "pain.002.001.03", "pain.002.001.10"]
"""The status report versions read and written."""
MTVariant: TypeAlias = Literal["core", "STP", "REMIT"]
"""The MT103 variants: core, STP (straight-through) and REMIT (field 77T)."""
ConvertTarget: TypeAlias = Literal["mt103", "mt103-stp", "mt103-remit", MessageVersion]
"""What :func:`~qenex_messages.convert` turns a message into."""
ProfileName: TypeAlias = Literal["sepa", "sepa-inst", "cbpr+", "fedwire", "hvps+", "t2", "chaps"]
"""The rulebook profiles."""
ProfileOption: TypeAlias = Literal[ProfileName, "auto"]
"""A profile, or ``auto`` to choose one from the message."""
Grouping: TypeAlias = Literal["transaction", "block", "message"]
"""How pain.001 -> pacs.008 groups transactions: ``transaction``, one pacs.008 per transaction
(CBPR+ practice: its pacs.008 carries exactly one); ``block``, one per payment-information block;
``message``, one for the whole pain.001 (SEPA practice: a bulk of many transactions)."""
LineEnding: TypeAlias = Literal["\r\n", "\n"]
"""The line ending of MT text written."""

_T = TypeVar("_T", bound=str)


def _values(alias: object) -> tuple[str, ...]:
    """The strings of a (possibly nested) ``Literal``, in order."""
    found: list[str] = []
    for arg in get_args(alias):
        found.extend([arg] if isinstance(arg, str) else _values(arg))
    return tuple(found)


PACS008_VERSIONS = cast("tuple[Pacs008Version, ...]", _values(Pacs008Version))
PAIN001_VERSIONS = cast("tuple[Pain001Version, ...]", _values(Pain001Version))
SUPPORTED: tuple[MessageVersion, ...] = (*PACS008_VERSIONS, *PAIN001_VERSIONS)
"""The message versions qenex-messages validates, parses and renders."""
STATUS_REPORT_VERSIONS = cast("tuple[StatusReportVersion, ...]", _values(StatusReportVersion))
MT_VARIANTS = cast("tuple[MTVariant, ...]", _values(MTVariant))
CONVERT_TARGETS = cast("tuple[ConvertTarget, ...]", _values(ConvertTarget))
PROFILES = cast("tuple[ProfileName, ...]", _values(ProfileName))
GROUPINGS = cast("tuple[Grouping, ...]", _values(Grouping))


def _member(text: str, allowed: tuple[_T, ...], what: str) -> _T:
    for value in allowed:
        if value == text:
            return value
    raise QenexError(f"{text!r} is not {what} (choose one of {', '.join(allowed)})")


def as_message_version(text: str) -> MessageVersion:
    """``text`` as a supported message version; :class:`QenexError` when it is not one."""
    return _member(text, SUPPORTED, "a supported version")


def as_pacs008_version(text: str) -> Pacs008Version:
    """``text`` as a supported pacs.008 version; :class:`QenexError` when it is not one."""
    return _member(text, PACS008_VERSIONS, "a supported pacs.008 version")


def as_convert_target(text: str) -> ConvertTarget:
    """``text`` as a target of ``convert``; :class:`QenexError` when it is not one."""
    return _member(text, CONVERT_TARGETS, "a conversion target")


def as_profile(text: str) -> ProfileOption:
    """``text`` as a profile name or ``auto``; :class:`QenexError` when it is neither."""
    return _member(text, ("auto", *PROFILES), "a profile")
