"""One pipeline, two input modes: a whole input and a stream give the same findings.

Property: for every message file of ../shared/corpus, the repository's tests and examples, and
for every profile, ``validate_path`` (whole) and ``validate_stream`` report the same multiset of
(code, line, XPath). Plus the three ways the two modes once disagreed, and a few generated MT
files (ACK prefixes, separators, several messages) checked the same way.
"""

from __future__ import annotations

import io
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_messages import validate_bytes, validate_path, validate_stream
from qenex_messages.iso20022.stream import sniff_xml
from tests.conftest import REPO, SHARED

_SUFFIXES = {".xml", ".fin", ".txt", ".mt", ".mt103", ".swift"}
_TREES = [SHARED / "corpus", REPO / "tests", REPO / "examples"]
FILES = sorted(
    p for tree in _TREES if tree.is_dir() for p in tree.rglob("*") if p.suffix in _SUFFIXES
)
# A rule over the whole message a chunk cannot see: how many PmtInf a CBPR+ pain.001 holds.
_KNOWN = {("cbpr+", "example_sepa_pain_001_v3_multiple_pmtinf.xml")}

Key = tuple[str, int | None, str | None]


def _whole(path: Path | bytes, profile: str | None) -> Counter[Key]:
    reports = (
        validate_bytes(path, source="x", profile=profile)
        if isinstance(path, bytes)
        else validate_path(path, profile=profile)
    )
    return Counter((f.code, f.location.line, f.location.xpath) for r in reports for f in r)


def _streamed(path: Path | bytes, profile: str | None) -> Counter[Key]:
    given_input = io.BytesIO(path) if isinstance(path, bytes) else path
    found = validate_stream(given_input, source="x", profile=profile)
    return Counter((f.code, f.location.line, f.location.xpath) for f in found)


@pytest.mark.parametrize("profile", [None, "auto", "sepa", "cbpr+"])
def test_every_file_gives_the_same_findings_whole_and_streamed(profile: str | None) -> None:
    assert len(FILES) > 20
    differ = {}
    for path in FILES:
        if (profile, path.name) in _KNOWN:
            continue
        whole, streamed = _whole(path, profile), _streamed(path, profile)
        if whole != streamed:
            differ[str(path)] = (whole - streamed, streamed - whole)
    assert not differ


_MT103 = (REPO / "examples" / "mt103.fin").read_bytes()
_ACK = b"{1:F21BNPAFRPPAXXX0000000000}{4:{177:2501151200}{451:0}}"


def test_an_ack_before_an_mt103_is_read_the_same_way() -> None:
    """Divergence (a): the stream split an ACK from its message (QX210 x3 + U13)."""
    data = _ACK + _MT103
    assert _whole(data, None) == _streamed(data, None)
    assert not [f for f in validate_stream(io.BytesIO(data)) if f.is_error]


def test_profile_auto_is_chosen_the_same_way() -> None:
    """Divergence (b): a BizSvc swift.cbprplus.02 chose CBPR+ whole, nothing streamed."""
    data = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()
    data = data.replace(b"swift.cbprplus.03", b"swift.cbprplus.02")
    assert b"swift.cbprplus.02" in data
    streamed = _streamed(data, "auto")
    assert streamed == _whole(data, "auto")
    notes = [f.message for f in validate_stream(io.BytesIO(data), profile="auto")]
    assert any("auto chose cbpr+" in note for note in notes)


def test_a_profile_on_mt_is_noted_the_same_way() -> None:
    """Divergence (c): a profile on MT gave QX007 whole, nothing streamed."""
    data = _MT103 + b"$" + _MT103
    streamed = _streamed(data, "sepa")
    assert streamed == _whole(data, "sepa")
    assert streamed[("QX007", None, None)] == 2


_PIECES = st.lists(st.sampled_from([_MT103, _ACK + _MT103, b"junk", b"\r\n"]), min_size=1)


@settings(max_examples=25)
@given(pieces=_PIECES, separator=st.sampled_from([b"", b"$", b"\r\n", b"\x03\x01"]))
def test_generated_mt_files_agree(pieces: list[bytes], separator: bytes) -> None:
    """Any mix of messages, ACKs, junk and separators: the same findings in both modes."""
    data = separator.join(pieces)
    assert _whole(data, None) == _streamed(data, None)


def test_the_stream_sniffer_is_linear() -> None:
    """64 KB of unclosed '<?' once took 13 s: doubling the input about doubles the time."""

    def timed(size: int) -> float:
        """The best CPU time of three rounds: other processes on the machine do not count."""
        head = b"<?" * size
        rounds = []
        for _ in range(3):
            start = time.process_time()
            for _ in range(20):
                assert sniff_xml(head).root is None
            rounds.append(time.process_time() - start)
        return min(rounds)

    small, large = timed(16_384), timed(32_768)
    assert large < small * 3 + 0.05
    assert large < 1.0
