"""A baseline: the findings a project has accepted, so that a run fails only on new ones.

Each accepted finding is kept as its code, its file (relative to the baseline file's folder,
so the run may start anywhere) and a fingerprint of what it is about: the MT field or XPath and
the message, with line numbers inside the message left out. Lines can move without a finding
becoming new; a changed value, element or code makes it new. The same finding twice in a file
is accepted twice, not more.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from qenex_messages.findings import Finding, QenexError, Report

__all__ = ["BASELINE_VERSION", "Baseline", "BaselineError", "write_baseline"]

BASELINE_VERSION = 1
"""The ``version`` of the baseline file; bumped when old files could no longer match."""

STDIN_NAME = "<stdin>"
_LINE_NUMBER = re.compile(r"\b(line|lines|offset)\s+\d+", re.IGNORECASE)

Key = tuple[str, str, str]


class BaselineError(QenexError):
    """A baseline file that cannot be read or is not a baseline."""


def _relative(path: str, folder: Path) -> str:
    if path == STDIN_NAME:
        return path
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute, folder)).as_posix()
    except ValueError:  # another drive
        return Path(absolute).as_posix()


def _fingerprint(finding: Finding) -> str:
    loc = finding.location
    message = _LINE_NUMBER.sub(r"\1 N", finding.message)
    text = "\0".join((finding.code, loc.xpath or loc.field or "", message))
    import hashlib  # only when a baseline is read or written

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _key(finding: Finding, report: Report, folder: Path) -> Key:
    path = finding.location.source or report.source or STDIN_NAME
    return finding.code, _relative(path, folder), _fingerprint(finding)


@dataclass(slots=True)
class Baseline:
    """The accepted findings of one baseline file, consumed as a run matches them."""

    folder: Path
    remaining: Counter[Key] = field(default_factory=Counter)
    accepted: int = 0
    """How many findings of the run the baseline accepted so far."""

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """The baseline in ``path`` (written by :func:`write_baseline`)."""
        try:
            document = json.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise BaselineError(f"{path}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise BaselineError(f"{path}: not a baseline file (not JSON: {exc})") from None
        entries = _entries(document, path)
        folder = path.resolve().parent
        return cls(folder, Counter((e["code"], e["path"], e["fingerprint"]) for e in entries))

    def apply(self, report: Report) -> Report:
        """``report`` without the findings the baseline accepts."""
        kept = []
        for finding in report.findings:
            key = _key(finding, report, self.folder)
            if self.remaining[key] > 0:
                self.remaining[key] -= 1
                self.accepted += 1
            else:
                kept.append(finding)
        return report if len(kept) == len(report.findings) else replace(report, findings=kept)

    @property
    def unmatched(self) -> int:
        """Accepted findings the run did not meet (fixed since, or in files not checked)."""
        return sum(self.remaining.values())


def _entries(document: Any, path: Path) -> list[dict[str, str]]:
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise BaselineError(
            f"{path}: not a version {BASELINE_VERSION} baseline file; write it again with "
            "--write-baseline"
        )
    entries = document.get("findings")
    if not isinstance(entries, list) or not all(_is_entry(e) for e in entries):
        raise BaselineError(f"{path}: each finding needs a code, path and fingerprint")
    return entries


def _is_entry(entry: object) -> bool:
    fields = ("code", "path", "fingerprint")
    return isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in fields)


def write_baseline(path: Path, reports: Iterable[Report]) -> int:
    """Write every finding of ``reports`` to ``path`` as accepted; return how many."""
    folder = path.resolve().parent
    rows = []
    for report in reports:
        for finding in report.findings:
            code, where, fingerprint = _key(finding, report, folder)
            rows.append(
                {
                    "code": code,
                    "path": where,
                    "fingerprint": fingerprint,
                    "severity": finding.severity.value,
                    "message": finding.message,
                }
            )
    rows.sort(key=lambda r: (r["path"], r["code"], r["fingerprint"]))
    document = {"version": BASELINE_VERSION, "tool": "qenex-messages", "findings": rows}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return len(rows)
