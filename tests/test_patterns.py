"""Patterns compiled on first use are the patterns ``re.compile`` gives, compiled once."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages._patterns import on_first_use


@given(
    pattern=st.sampled_from([r"RF[0-9]{2}[A-Z0-9]{1,21}", r"/CdtTrfTxInf\[(\d+)\]", "[\x00-\x08]"]),
    flags=st.sampled_from([0, re.IGNORECASE, re.MULTILINE]),
    text=st.text(max_size=30),
)
def test_a_pattern_on_first_use_is_re_compiles(pattern: str, flags: int, text: str) -> None:
    get = on_first_use(pattern, flags)
    compiled = get()
    assert compiled.pattern == pattern
    assert compiled.flags == re.compile(pattern, flags).flags
    assert compiled.findall(text) == re.compile(pattern, flags).findall(text)
    assert get() is compiled


def test_a_pattern_is_compiled_at_its_first_call_only(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *a: calls.append(a) or real(*a))
    get = on_first_use(rb"<!ENTITY", re.IGNORECASE)
    assert calls == []
    assert get().search(b"<!entity x") is not None
    get()
    assert calls == [(rb"<!ENTITY", re.IGNORECASE)]
