"""select / ignore / severity overrides: which findings a run reports, and how severe."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages.findings import Finding, Location, Report, Severity
from qenex_messages.selection import Selection, SelectionError, check_selectors, parse_severity

CODES = ("QX102", "QX106", "QX323", "QX341", "SEPA-SLEV", "SEPA-SVCLVL", "T08", "T26", "U13")
selectors = st.lists(
    st.sampled_from(CODES).flatmap(lambda c: st.integers(1, len(c)).map(lambda n: c[:n])),
    max_size=4,
).map(tuple)


def finding(code: str, line: int = 1) -> Finding:
    return Finding(code, Severity.ERROR, f"message of {code}", Location(source="f.xml", line=line))


@given(selectors, selectors, selectors)
def test_ignoring_more_never_reports_more(select: tuple[str, ...], ignore: tuple[str, ...],
                                          more: tuple[str, ...]) -> None:  # fmt: skip
    """Adding ignore selectors can only take codes away."""
    before = Selection(select, ignore)
    after = Selection(select, ignore + more)
    assert {c for c in CODES if after.selects(c)} <= {c for c in CODES if before.selects(c)}


@given(selectors, selectors)
def test_the_longer_selector_decides(select: tuple[str, ...], ignore: tuple[str, ...]) -> None:
    """A code is reported iff (no select, or a select matches) and no ignore matches that is at
    least as long as the longest matching select."""
    chosen = Selection(select, ignore)
    for code in CODES:
        longest_select = max((len(s) for s in select if code.startswith(s)), default=-1)
        longest_ignore = max((len(s) for s in ignore if code.startswith(s)), default=-1)
        if not select:
            expected = longest_ignore < 0
        else:
            expected = longest_select >= 0 and longest_select > longest_ignore
        assert chosen.selects(code) is expected, code


@given(selectors, selectors, st.lists(st.sampled_from(CODES), max_size=12))
def test_apply_keeps_the_selected_findings_in_order(
    select: tuple[str, ...], ignore: tuple[str, ...], codes: list[str]
) -> None:
    """apply() is a filter: the kept findings are the selected ones, in their order."""
    report = Report(source="f.xml", findings=[finding(c, n) for n, c in enumerate(codes)])
    kept = Selection(select, ignore).apply(report)
    assert kept.findings == [
        f for f in report.findings if Selection(select, ignore).selects(f.code)
    ]
    assert len(report.findings) == len(codes)  # the input report is not changed


def test_examples() -> None:
    """Prefixes and exact codes, one case per line."""
    assert Selection(("SEPA-",)).selects("SEPA-SLEV")  # a prefix selects the family
    assert not Selection(("SEPA-",)).selects("QX102")  # and nothing else
    assert not Selection(ignore=("QX3",)).selects("QX323")  # a prefix ignores the family
    assert Selection(("QX323",), ("QX3",)).selects("QX323")  # the longer select wins
    assert not Selection(("QX3",), ("QX323",)).selects("QX323")  # the longer ignore wins
    assert not Selection(("QX3",), ("QX3",)).selects("QX341")  # a tie: ignore wins


def test_severity_overrides_take_the_longest_key() -> None:
    """T08 as a warning, every other T code as info."""
    overrides = MappingProxyType({"T": Severity.INFO, "T08": Severity.WARNING})
    chosen = Selection(severity=overrides)
    report = Report(findings=[finding("T08"), finding("T26"), finding("U13")])
    assert [f.severity for f in chosen.apply(report).findings] == [
        Severity.WARNING,
        Severity.INFO,
        Severity.ERROR,
    ]


def test_unknown_selectors_and_severities_are_refused() -> None:
    """A typo in a code or a severity is an error, never a silent no-op."""
    check_selectors(["QX1", "T08"], CODES, where="select")
    with pytest.raises(SelectionError, match="select: 'QX9' matches no finding code"):
        check_selectors(["QX9"], CODES, where="select")
    assert parse_severity(" Warning ", where="T08") is Severity.WARNING
    with pytest.raises(SelectionError, match="T08: 'fatal' is not a severity"):
        parse_severity("fatal", where="T08")
