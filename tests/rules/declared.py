"""Test helpers for the proofs rulebook rules declare in their records (``rule(..., proof=)``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from qenex_messages import rule_record
from qenex_messages.pipeline import validate_bytes
from qenex_messages.rules.proofs import exact_only
from qenex_messages.rules.samples import SAMPLES_DATE


def declare(monkeypatch: pytest.MonkeyPatch, rule: object, proof: Callable[[Any], bool]) -> None:
    """For one test, ``rule`` is registered with ``proof`` as the proof its record declares."""
    assert isinstance(rule, rule_record.Rule)
    monkeypatch.setitem(rule_record._RULES, rule.id, dataclasses.replace(rule, proof=proof))
    monkeypatch.setattr(rule_record, "_SELECTED", {})


def always(_: object) -> bool:
    """A planted proof that holds for every message."""
    return True


def assert_reported_as_exact(text: str, profile: str) -> None:
    """``validate_bytes`` reports ``text`` under ``profile`` with the proofs as it does with
    the rules' exact bodies alone."""
    data = text.encode()
    fast = validate_bytes(data, source="m.xml", profile=profile, as_of=SAMPLES_DATE)  # type: ignore[arg-type]
    with exact_only():
        exact = validate_bytes(data, source="m.xml", profile=profile, as_of=SAMPLES_DATE)  # type: ignore[arg-type]
    assert fast == exact
