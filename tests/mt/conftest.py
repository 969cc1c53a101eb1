"""Fixtures for the MT tests: a valid base MT103 and a builder that changes one field at a time."""

from __future__ import annotations

import pytest

from qenex_messages.findings import Report
from qenex_messages.mt import check_mt
from qenex_messages.mt.sample import BASE_FIELDS, UETR, build


def report(text: str | bytes) -> Report:
    """The report of the single message in ``text``."""
    reports = check_mt(text, source="test.fin")
    assert len(reports) == 1
    return reports[0]


def error_codes(text: str | bytes) -> set[str]:
    """The codes of the error findings of the single message in ``text``."""
    return {f.code for f in report(text).errors}


@pytest.fixture
def base_message() -> str:
    """A valid core MT103 (input, with 121)."""
    return build()


__all__ = ["BASE_FIELDS", "UETR", "build", "error_codes", "report"]
