"""Test helpers for the proofs rulebook rules declare in their records (``rule(..., proof=)``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from qenex_messages import rule_record


def declare(monkeypatch: pytest.MonkeyPatch, rule: object, proof: Callable[[Any], bool]) -> None:
    """For one test, ``rule`` is registered with ``proof`` as the proof its record declares."""
    assert isinstance(rule, rule_record.Rule)
    monkeypatch.setitem(rule_record._RULES, rule.id, dataclasses.replace(rule, proof=proof))
    monkeypatch.setattr(rule_record, "_SELECTED", {})


def always(_: object) -> bool:
    """A planted proof that holds for every message."""
    return True
