"""A profile that adds no finding leaves check_xml's report as it was.

``validate_bytes(data, profile=...)`` merges the profile's findings into check_xml's report
(``rootcause.merge_duplicates``) only when the profile found something: check_xml merged its
own findings already. Property: the reports are those of the unconditional merge (check_xml,
the profile, then one merge of both) over the examples, the corpus and mutated samples, under
every profile and ``auto``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from qenex_messages import validate_bytes
from qenex_messages.findings import Report
from qenex_messages.iso20022.validate import check_xml_walked
from qenex_messages.rootcause import RESTATES, merge_duplicates
from qenex_messages.rules import PROFILES, check_profile, select_profile
from qenex_messages.rules.samples import SAMPLES_DATE
from tests.conftest import REPO
from tests.rules.test_one_walk import _corpus as corpus
from tests.rules.test_one_walk import mutated

NAMES = (*PROFILES, "auto")


def _always_merged(data: bytes, profile: str, as_of: date) -> Report:
    """What validate_bytes gave before: the profile's findings merged in every time."""
    report, info = check_xml_walked(data, source="m.xml", screened=True)
    assert not any(RESTATES in f.args for f in report.findings)  # what the skip relies on
    if report.message_type not in ("pacs.008", "pain.001") or info is None:
        return report
    name: str | None = profile
    if profile == "auto":
        choice = select_profile(info, source="m.xml", as_of=as_of)
        report.extend([choice.finding])
        name = choice.profile
    if name is not None:
        found = check_profile(info, name, as_of=as_of, source="m.xml")  # type: ignore[arg-type]
        report.findings = merge_duplicates([*report.findings, *found])
    return report


def _assert_same(data: bytes, as_of: date) -> None:
    for profile in NAMES:
        (got,) = validate_bytes(data, source="m.xml", profile=profile, as_of=as_of)  # type: ignore[arg-type]
        assert got == _always_merged(data, profile, as_of), profile


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "examples").glob("*.xml")) + corpus()[::7],
    ids=lambda p: p.name[:60],
)
def test_documents(path: Path) -> None:
    _assert_same(path.read_bytes(), SAMPLES_DATE)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_samples(root: etree._Element) -> None:
    _assert_same(etree.tostring(root), SAMPLES_DATE)
