"""The fast paths of the MT reader give exactly what the exact paths give.

Properties: for every block 4, :func:`lexer._split_clean` either declines (``None``) or returns
the same fields, offsets and line ending as :func:`lexer.split_lines`, which then reports
nothing. And over the corpus, the examples and mutations of them, ``check_mt`` reports the same
findings with the fast paths (the clean split; value checks that skip what a strict format
match proved) as with both switched off.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qenex_messages.findings import Finding
from qenex_messages.mt import check_mt, fields, lexer
from qenex_messages.mt.sample import build

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "mt103"
EXAMPLES = sorted((REPO / "examples").glob("*.fin"))
MESSAGES = EXAMPLES + (sorted(CORPUS.rglob("*.txt")) if CORPUS.is_dir() else [])


def _tokens(found: tuple[list[lexer.FieldToken], str]) -> object:
    tokens, line_ending = found
    return [(t.tag, t.value, t.start, t.line_starts) for t in tokens], line_ending


def _blocks4(text: str) -> Iterator[tuple[lexer.SourceText, lexer.Block]]:
    st_ = lexer.SourceText(text, "t.fin")
    raws, _ = lexer.split_messages(st_)
    for raw in raws:
        for block in raw.blocks:
            if block.id == "4" and block.subblocks is None:
                yield st_, block


@contextmanager
def _exact_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    proving = fields._Ctx

    def unproven(
        st_: lexer.SourceText | None,
        f: fields.MtField,
        out: list[Finding],
        variant: str,
        *,
        strict: bool = False,
    ) -> fields._Ctx:
        del strict  # the exact path takes nothing as proven
        return proving(st_, f, out, variant)

    with monkeypatch.context() as patch:
        patch.setattr(lexer, "_split_clean", lambda _block: None)
        patch.setattr(fields, "_Ctx", unproven)
        yield


def _findings(data: str | bytes) -> list[list[Finding]]:
    return [report.findings for report in check_mt(data, source="t.fin")]


def _same_both_ways(data: str | bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _findings(data)
    with _exact_only(monkeypatch):
        exact = _findings(data)
    assert fast == exact


_LINE = st.text(alphabet="ABCXYZ0123456789 /-?:().,'+", max_size=12)
_FIELD = st.tuples(st.sampled_from(["20", "23B", "32A", "50K", "59", "70", "2", "999"]), _LINE)
_BREAK = st.sampled_from(["\r\n", "\n", "\r", ""])


@st.composite
def _block4(draw: st.DrawFn) -> str:
    """Block-4 text from fields and continuation lines, with any mix of line breaks."""
    parts = [draw(_BREAK)]
    for tag, value in draw(st.lists(_FIELD, max_size=6)):
        parts += [f":{tag}:{value}", draw(_BREAK)]
        for line in draw(st.lists(_LINE, max_size=2)):
            parts += [line, draw(_BREAK)]
    return "".join(parts)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_block4(), glued=st.booleans(), closed=st.booleans())
def test_clean_split_is_the_line_split(content: str, glued: bool, closed: bool) -> None:
    """Whenever the fast path answers, the exact path gives the same fields and no finding."""
    text = "{1:F01BNPAFRPPAXXX0000000000}{4:" + content + ("-}" if closed else "")
    if glued and closed and content.endswith("\n"):
        text = text.replace(content + "-}", content.rstrip("\r\n") + "-}")
    for st_, block in _blocks4(text):
        clean = lexer._split_clean(block)
        if clean is None:
            continue
        findings: list[Finding] = []
        assert _tokens(clean) == _tokens(lexer.split_lines(st_, block, findings))
        assert findings == []


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_corpus_same_findings_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example and corpus message: the same findings with and without the fast path."""
    _same_both_ways(path.read_bytes(), monkeypatch)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.integers(min_value=0, max_value=10_000),
    insert=st.sampled_from(
        ["", "\r", "\n", "\r\n", ":", ":20:", "-}", "{", "}", "X", " ", ",", "0", "a", "/"]
    ),
    cut=st.integers(min_value=0, max_value=3),
    base=st.sampled_from(["sample-crlf", "sample-lf", *(p.name for p in EXAMPLES)]),
)
def test_mutations_same_findings_both_ways(
    where: int, insert: str, cut: int, base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid message with a few characters cut or inserted anywhere: the same findings."""
    if base.startswith("sample"):
        text = build(line_ending="\r\n" if base.endswith("crlf") else "\n")
    else:
        text = (REPO / "examples" / base).read_text("utf-8")
    at = where % (len(text) + 1)
    _same_both_ways(text[:at] + insert + text[at + cut :], monkeypatch)


_CCY = "(EUR|JPY|KWD|USD|XAU|ABC)"
_VALUES = {
    "32A": rf"[0-9]{{6}}{_CCY}[0-9]{{0,13}},[0-9]{{0,4}}",
    "33B": rf"{_CCY}[0-9]{{0,13}},[0-9]{{0,4}}",
    "71G": rf"{_CCY}[0-9]{{0,3}},[0-9]{{0,3}}",
    "71F": rf"{_CCY}[0-9]{{0,3}},[0-9]{{0,3}}",
    "36": r"[0-9]{0,11},[0-9]{0,3}",
    "52A": r"[A-Z]{4}(DE|NL|XX|ZZ|US)[A-Z0-9]{2}([A-Z0-9]{3})?",
    "57A": r"(/[A-Z]{2}[0-9]{2}[A-Z0-9]{10,16}\n)?[A-Z]{4}(DE|NL|XX|ZZ)[A-Z0-9]{2}([A-Z0-9]{3})?",
}


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(
        st.sampled_from(sorted(_VALUES)).flatmap(
            lambda tag: st.tuples(st.just(tag), st.from_regex(_VALUES[tag], fullmatch=True))
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda change: change[0],
    )
)
def test_field_values_same_findings_both_ways(
    changes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Amounts, currencies, rates and BICs that keep (or just miss) their format: the checks
    that take the format as proven report exactly what the full checks report."""
    _same_both_ways(build(*changes), monkeypatch)
