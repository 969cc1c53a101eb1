"""The catalogue of every finding code the library can report, for docs and SARIF rules."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from qenex_messages.codes import CodeInfo, all_codes

# Every module that defines codes at import time; importing them fills the registry.
_DEFINING_MODULES = (
    "qenex_messages.identifiers",
    "qenex_messages.model",
    "qenex_messages.mt",
    "qenex_messages.iso20022",
    "qenex_messages.iso20022.status",
    "qenex_messages.rules",
    "qenex_messages.rules.fedwire.convert",
    "qenex_messages.translation",
    "qenex_messages.replies",
    "qenex_messages.pipeline",
    "qenex_messages.pipeline.stream",
    "qenex_messages.build",
    "qenex_messages.fix",
    "qenex_messages.limits",
    "qenex_messages.columnar",
)


def load() -> tuple[CodeInfo, ...]:
    """Import every code-defining module and return all registered codes."""
    for name in _DEFINING_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return all_codes()


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(infos: Iterable[CodeInfo]) -> str:
    """The catalogue as the Markdown page ``docs/codes.md``."""
    lines = [
        "# Finding codes",
        "",
        "Every code qenex-messages reports, generated from the code registry by",
        "`scripts/gen_docs.py` (do not edit by hand). Codes are SWIFT's own where SWIFT defines",
        "one (T, C, D, E, H, U ...), rule ids for rulebook profiles, and our own `QX` codes",
        "otherwise. The severity is the default; a rule may report a code at another severity",
        "where the standard says so.",
        "",
    ]
    family: str | None = None
    for info in infos:
        if info.family != family:
            family = info.family
            lines += [
                "",
                f"## {family}",
                "",
                "| code | severity | meaning | how to fix |",
                "|---|---|---|---|",
            ]
        lines.append(
            f"| `{info.code}` | {info.severity.value} | {_escape(info.title)} "
            f"| {_escape(info.fix)} |"
        )
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"
