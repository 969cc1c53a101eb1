"""One finding per root cause: name the cause once and drop what only follows from it.

Two helpers shared by the format layers and the validation pipeline:

* :func:`suppress` keeps one *cause* finding and removes the findings it explains, saying in the
  cause how many were removed (``args["suppressed"]``);
* :func:`merge_duplicates` folds findings that report the value of one element under different
  codes (an XSD pattern and an identifier check, a rulebook rule and a format check) into the
  most specific one; the other codes ride along in its args. A rulebook finding that says it
  restates a format check (``args[RESTATES]``: a count or sum that does not match, say) folds
  into that check's finding on the same element.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from types import MappingProxyType

from qenex_messages._records import replace
from qenex_messages.codes import Judges, lookup
from qenex_messages.findings import Finding

__all__ = ["RESTATES", "counted", "describe_char", "merge_duplicates", "suppress"]

RESTATES = "restates"
"""The argument by which a finding names the code of the format check it restates (the same
problem of the same element): :func:`merge_duplicates` keeps the check's finding only."""

_CONTROL_NAMES = {"\r": "CARRIAGE RETURN (CR)", "\n": "LINE FEED (LF)", "\t": "TAB"}


def describe_char(ch: str) -> str:
    """``U+00A0 NO-BREAK SPACE``: the code point and its Unicode name."""
    name = _CONTROL_NAMES.get(ch) or unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()


def suppress(
    findings: Sequence[Finding], cause: Finding, explained: Callable[[Finding], bool]
) -> list[Finding]:
    """``findings`` with ``cause`` first and every finding ``explained`` by it removed.

    The cause's message ends with how many findings were removed, and ``args["suppressed"]``
    holds the number, so that nothing disappears without a trace.
    """
    kept: list[Finding] = []
    dropped = 0
    for each in findings:
        if each is cause:
            continue
        if explained(each):
            dropped += 1
        else:
            kept.append(each)
    return [counted(cause, dropped), *kept]


def counted(cause: Finding, dropped: int) -> Finding:
    """``cause`` saying that ``dropped`` findings which follow from it are not reported."""
    if not dropped:
        return cause
    if dropped == 1:
        tail = "1 finding that follows from it is not reported"
    else:
        tail = f"{dropped} findings that follow from it are not reported"
    message = f"{cause.message} ({tail})"
    args = MappingProxyType({**cause.args, "suppressed": str(dropped)})
    return replace(cause, message=message, args=args)


def _kind(finding: Finding) -> int | None:
    """0 for a specific check of a value, 1 for a rulebook rule, 2 for a generic XSD facet,
    ``None`` for findings that are not about a value."""
    info = lookup(finding.code)
    if info is None:
        return None
    if info.judges is Judges.FACET:
        return 2
    if info.family.startswith("rules:"):
        return 1
    if info.family == "identifiers" or info.judges is Judges.CHECK:
        return 0
    return None


def merge_duplicates(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per value: findings about the value of one XML element (same source and
    XPath) from different kinds of check are folded into one, the most severe and most specific
    (an identifier check before a rulebook rule before a generic XSD facet). Findings of the
    same kind (two rulebook rules, say) name different problems and all stay.

    The other codes ride along: rulebook rule ids in ``args["rule"]``, other codes in
    ``args["also"]``, and both are named at the end of the message.
    """
    ordered = _fold_restatements(list(findings))
    groups: dict[tuple[str | None, str], list[int]] = {}
    kinds: dict[int, int] = {}
    for index, each in enumerate(ordered):
        xpath = each.location.xpath
        kind = _kind(each) if xpath else None
        if kind is None or xpath is None:
            continue
        kinds[index] = kind
        groups.setdefault((each.location.source, xpath), []).append(index)
    drop: set[int] = set()
    merged: dict[int, Finding] = {}
    for members in groups.values():
        if len({ordered[i].code for i in members}) < 2:
            continue
        best = min(members, key=lambda i: (-ordered[i].severity.rank, kinds[i], i))
        winner = ordered[best]
        # Only another kind of check on the same value is the same root cause; two rulebook
        # rules (or two identifier checks) on one element report two different problems.
        others = [i for i in members if ordered[i].code != winner.code and kinds[i] != kinds[best]]
        if not others:
            continue
        rules = [ordered[i].code for i in others if kinds[i] == 1]
        merged[best] = _naming(winner, rules, [ordered[i].code for i in others if kinds[i] != 1])
        drop.update(others)
    return [merged.get(i, f) for i, f in enumerate(ordered) if i not in drop]


def _naming(winner: Finding, rules: list[str], also: list[str]) -> Finding:
    """``winner`` naming the rulebook ``rules`` and ``also`` codes folded into it."""
    rules, also = list(dict.fromkeys(rules)), list(dict.fromkeys(also))
    args = dict(winner.args)
    if rules:
        args["rule"] = ", ".join(rules)
    if also:
        args["also"] = ", ".join(also)
    return replace(
        winner,
        message=f"{winner.message} (also {', '.join(rules + also)})",
        args=MappingProxyType(args),
    )


def _fold_restatements(found: list[Finding]) -> list[Finding]:
    """``found`` without the findings that restate a format check reported on the same element
    (``args[RESTATES]``); the check's finding names them."""
    if not any(RESTATES in f.args for f in found):
        return found
    checks = {(f.location.source, f.location.xpath, f.code): i for i, f in enumerate(found)}
    folded: dict[int, list[str]] = {}
    for index, each in enumerate(found):
        code = each.args.get(RESTATES)
        where = each.location
        check = checks.get((where.source, where.xpath, code or "")) if where.xpath else None
        if check is not None:
            folded.setdefault(check, []).append(each.code)
            folded[index] = []
    return [
        _naming(f, folded[i], []) if folded.get(i) else f
        for i, f in enumerate(found)
        if i not in folded or folded[i]
    ]
