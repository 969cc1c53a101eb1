"""rules.proofs.CleanTexts answers as its check does, whatever it has kept.

Property: over any sequence of calls, ``all_clean(texts)`` is ``check(texts)`` (the check
asked of the whole list), with the kept set emptied when full at any point, and it never holds
more texts, or longer ones, than its bounds.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_messages.rules import proofs
from qenex_messages.rules.proofs import CleanTexts


def _no_x(texts: list[str]) -> bool:
    return not any("x" in text for text in texts)


_CALLS = st.lists(st.lists(st.text(alphabet="abx", max_size=3), max_size=5), max_size=12)


def _agrees(kind: type[CleanTexts], calls: list[list[str]], cap: int) -> bool:
    """Each call of a fresh ``kind`` answers as the check, and keeps at most ``cap`` texts
    (one when ``cap`` is 0) of at most ``LONGEST_KEPT`` characters (2 here)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(proofs, "LONGEST_KEPT", 2)
        kept = kind(_no_x, cap)
        for texts in calls:
            if kept.all_clean(texts) != _no_x(texts):
                return False
            if len(kept.kept) > max(cap, 1) or max(map(len, kept.kept), default=0) > 2:
                return False
    return True


@settings(max_examples=200)
@given(calls=_CALLS, cap=st.integers(min_value=0, max_value=6))
def test_all_clean_is_the_check(calls: list[list[str]], cap: int) -> None:
    assert _agrees(CleanTexts, calls, cap)


def test_only_the_texts_not_kept_are_checked() -> None:
    asked: list[list[str]] = []
    kept = CleanTexts(lambda texts: asked.append(texts) is None)
    assert kept.all_clean(["a", "b"]) and kept.all_clean(["b", "c", "a"])
    assert asked == [["a", "b"], ["c"]]


class _KeepsAll(CleanTexts):
    """A planted bug: texts are kept even when the check fails."""

    def all_clean(self, texts: list[str]) -> bool:
        clean = super().all_clean(texts)
        self.kept.update(texts)
        return clean


def test_planted_keep_bug_is_caught() -> None:
    assert not _agrees(_KeepsAll, [["x"], ["x"]], 4)


def test_a_long_text_is_checked_each_time_and_never_kept() -> None:
    asked: list[list[str]] = []
    kept = CleanTexts(lambda texts: asked.append(texts) is None)
    long = "a" * (proofs.LONGEST_KEPT + 1)
    assert kept.all_clean([long]) and kept.all_clean([long])
    assert asked == [[long], [long]]
    assert long not in kept.kept
