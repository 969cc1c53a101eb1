"""Which findings a run reports, and how severe: ``select``, ``ignore`` and severity overrides.

A selector is a finding code (``QX342``) or the start of codes (``SEPA-``, ``QX1``). When a
code matches both a ``select`` and an ``ignore`` selector, the longer (more specific) one
decides, and ``ignore`` wins a tie; with no ``select`` every code is selected. Severity
overrides are keyed by selectors too, the longest match deciding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from qenex_messages._records import field, record, replace
from qenex_messages.findings import Finding, QenexError, Report, Severity

__all__ = ["Selection", "SelectionError", "check_selectors", "parse_severity"]


class SelectionError(QenexError):
    """A selector that names no finding code, or a severity that is none."""


def _longest(code: str, selectors: Iterable[str]) -> str | None:
    matches = [s for s in selectors if code.startswith(s)]
    return max(matches, key=len) if matches else None


def parse_severity(text: str, *, where: str) -> Severity:
    """``error``, ``warning`` or ``info`` as a :class:`Severity`; ``where`` names the setting."""
    try:
        return Severity(text.strip().lower())
    except ValueError:
        raise SelectionError(
            f"{where}: {text!r} is not a severity (choose error, warning or info)"
        ) from None


def check_selectors(selectors: Iterable[str], known: Iterable[str], *, where: str) -> None:
    """Raise :class:`SelectionError` for a selector that matches none of the ``known`` codes
    (a typo would otherwise select or ignore nothing, silently)."""
    codes = tuple(known)
    for selector in selectors:
        if not selector or not any(code.startswith(selector) for code in codes):
            raise SelectionError(f"{where}: {selector!r} matches no finding code (see codes.md)")


@record(frozen=True, slots=True)
class Selection:
    """The findings a run reports (``select`` minus ``ignore``) and their severity."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def is_default(self) -> bool:
        """True when the selection keeps every finding as it is."""
        return not (self.select or self.ignore or self.severity)

    def selects(self, code: str) -> bool:
        """True when findings of ``code`` are reported."""
        ignored = _longest(code, self.ignore)
        if not self.select:
            return ignored is None
        selected = _longest(code, self.select)
        if selected is None:
            return False
        return ignored is None or len(selected) > len(ignored)

    def adjust(self, finding: Finding) -> Finding:
        """``finding`` with the severity its code is overridden to, if any."""
        key = _longest(finding.code, self.severity)
        if key is None or self.severity[key] is finding.severity:
            return finding
        return replace(finding, severity=self.severity[key])

    def apply(self, report: Report) -> Report:
        """A copy of ``report`` with only the selected findings, at their overridden severity."""
        if self.is_default:
            return report
        kept = [self.adjust(f) for f in report.findings if self.selects(f.code)]
        return replace(report, findings=kept)
