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
from qenex_messages.findings import Finding
from qenex_messages.iso20022 import stream as stream_module
from qenex_messages.iso20022.stream import sniff_xml
from qenex_messages.rule_record import Example
from qenex_messages.rules import PROFILES, rulebook_rules
from qenex_messages.rules.base import RulebookRule
from qenex_messages.rules.samples import SAMPLES_DATE, example_text
from tests.conftest import REPO, SHARED

_SUFFIXES = {".xml", ".fin", ".txt", ".mt", ".mt103", ".swift"}
_TREES = [SHARED / "corpus", REPO / "tests", REPO / "examples"]
FILES = sorted(
    p for tree in _TREES if tree.is_dir() for p in tree.rglob("*") if p.suffix in _SUFFIXES
)

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


def _differences(profile: str | None) -> dict[str, tuple[Counter[Key], Counter[Key]]]:
    differ = {}
    for path in FILES:
        whole, streamed = _whole(path, profile), _streamed(path, profile)
        if whole != streamed:
            differ[str(path)] = (whole - streamed, streamed - whole)
    return differ


@pytest.mark.parametrize("profile", [None, "auto", *PROFILES])
def test_every_file_gives_the_same_findings_whole_and_streamed(profile: str | None) -> None:
    assert len(FILES) > 20
    assert not _differences(profile)


@pytest.mark.parametrize("profile", [None, "sepa", "cbpr+", "fedwire", "hvps+"])
def test_chunks_of_one_transaction_change_nothing(
    profile: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rules over the whole message (counts, uniqueness, one transaction, one PmtInf) hear the
    stream's running totals, so however small the chunks, the findings stay those of the tree."""
    monkeypatch.setattr(stream_module, "CHUNK", 1)
    assert not _differences(profile)


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


_RULEBOOK_CASES = [
    (rule, example) for rule in rulebook_rules() for example in (*rule.passes, *rule.fails)
]


@pytest.mark.parametrize(
    ("rule", "example"),
    _RULEBOOK_CASES,
    ids=[f"{r.id}-{i}" for i, (r, _) in enumerate(_RULEBOOK_CASES)],
)
def test_every_rule_example_gives_the_same_findings_streamed(
    rule: RulebookRule, example: Example, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each rulebook rule's own examples, streamed one transaction per chunk, report the rule's
    codes where the tree does: a rule of message scope is held to its tally form here."""
    monkeypatch.setattr(stream_module, "CHUNK", 1)
    data = example_text(example).encode()
    profile = example.under or rule.order[0]
    when = example.as_of or SAMPLES_DATE
    codes = {c.code for c in rule.codes}

    def mine(found: list[Finding]) -> Counter[Key]:
        return Counter(
            (f.code, f.location.line, f.location.xpath) for f in found if f.code in codes
        )

    reports = validate_bytes(data, source="x", profile=profile, as_of=when)
    whole = mine([f for r in reports for f in r])
    streamed = mine(
        list(validate_stream(io.BytesIO(data), source="x", profile=profile, as_of=when))
    )
    assert whole == streamed


_SEPA = (REPO / "examples" / "pain.001.001.09-sepa.xml").read_text()
_BLOCK = _SEPA[_SEPA.index("    <PmtInf>") : _SEPA.index("</PmtInf>") + len("</PmtInf>\n")]
_HEADER_FAULTS = {
    "none": ("", ""),
    "iban": ("<IBAN>DE07500700100912345678</IBAN>", "<IBAN>DE00500700100912345678</IBAN>"),
    "method": ("<PmtMtd>TRF</PmtMtd>", ""),
    "sum": (
        "<CtrlSum>1740.50</CtrlSum>\n      <PmtTpInf>",
        "<CtrlSum>1.00</CtrlSum>\n      <PmtTpInf>",
    ),
    "charges": ("<ChrgBr>SLEV</ChrgBr>", "<ChrgBr>CRED</ChrgBr>"),
    "id": ("<PmtInfId>QX-SEPA-2026-0302-A-1</PmtInfId>", "<PmtInfId></PmtInfId>"),
}


@settings(max_examples=12, deadline=None)
@given(
    gaps=st.lists(st.sampled_from([0, 3, 65_480, 70_000]), min_size=2, max_size=2),
    faults=st.lists(st.sampled_from(sorted(_HEADER_FAULTS)), min_size=2, max_size=2),
    profile=st.sampled_from([None, "sepa"]),
)
def test_blocks_past_line_65535_stream_like_a_tree(
    gaps: list[int], faults: list[str], profile: str | None
) -> None:
    """libxml2 holds a line number given to a node in 16 bits: the stream's block headers are
    the parsed elements themselves, so a finding in a block that starts anywhere, past line
    65,535 too, has the line, XPath and code the tree gives it."""
    blocks = []
    for n, (gap, fault) in enumerate(zip(gaps, faults, strict=True)):
        old, new = _HEADER_FAULTS[fault]
        block = _BLOCK.replace(old, new, 1) if old else _BLOCK
        blocks.append("\n" * gap + block.replace("0302-A-1<", f"0302-A-{n}<"))
    data = _SEPA.replace(_BLOCK, "".join(blocks), 1).encode()
    assert _streamed(data, profile) == _whole(data, profile)


@pytest.mark.parametrize("newline", [b"\r\n", b"\n"])
def test_mt_block_headers_past_line_65535_stream_like_a_tree(newline: bytes) -> None:
    """An MT message whose block 1 and 2 headers are wrong, past line 70,000 of its file: the
    stream gives each finding the line and column the whole file gives it."""
    bad = _MT103.replace(b"{1:F01", b"{1:X01", 1).replace(b"{2:I103", b"{2:I1O3", 1)
    data = _MT103 + newline * 70_000 + bad

    def placed(found: list[Finding]) -> Counter[tuple[str, int | None, int | None]]:
        return Counter((f.code, f.location.line, f.location.column) for f in found)

    whole = placed([f for r in validate_bytes(data, source="x") for f in r])
    streamed = placed(list(validate_stream(io.BytesIO(data), source="x")))
    assert streamed == whole
    assert len(whole) >= 2
    assert all(line is not None and line > 70_000 for _, line, _ in whole)


@pytest.mark.parametrize("chunk", [1, 1000])
@pytest.mark.parametrize("profile", [None, "sepa", "auto"])
def test_a_repeated_payment_block_id_streams_like_a_tree(
    chunk: int, profile: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three blocks, the first and the third with one PmtInfId: whole and streamed report the
    repeat at the third block's PmtInfId, with the SEPA rule folded into the same finding."""
    monkeypatch.setattr(stream_module, "CHUNK", chunk)
    ids = ["0302-A-1", "0302-A-2", "0302-A-1"]
    blocks = [
        _BLOCK.replace("0302-A-1<", f"{i}<").replace("-1-", f"-{n}-") for n, i in enumerate(ids)
    ]
    data = _SEPA.replace(_BLOCK, "".join(blocks), 1).encode()
    assert _streamed(data, profile) == _whole(data, profile)
    reports = validate_bytes(data, source="x", profile=profile, as_of=SAMPLES_DATE)
    repeats = [f for r in reports for f in r if (f.location.xpath or "").endswith("PmtInfId")]
    assert [f.location.xpath for f in repeats] == ["/Document/CstmrCdtTrfInitn/PmtInf[3]/PmtInfId"]
    if profile == "sepa":
        assert "SEPA-UNIQ" in repeats[0].args.get("rule", "")
