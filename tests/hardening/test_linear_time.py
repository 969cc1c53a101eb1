"""Property: the time of every entry point grows linearly with its input. Each case doubles an
input that used to take quadratic time and asserts the time at most about doubles (best of
three runs, a generous factor of 3 against the 4 of a quadratic, so a loaded machine does not
make it flaky)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from qenex_messages import check_mt, check_xml, propose_address, validate_bytes
from qenex_messages.mt.lexer import SourceText, split_messages
from tests.conftest import best_cpu_time

REPO = Path(__file__).resolve().parents[2]
PACS = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()
MT = (REPO / "examples" / "mt103.fin").read_bytes()
HEAD = b"{1:F01DEUTDEFFAXXX0000000001}{2:I103INGBNL2AXXXXN}"
_TX = re.search(rb"<CdtTrfTxInf>.*</CdtTrfTxInf>", PACS, re.S)
assert _TX is not None


def _bad_ibans(n: int) -> bytes:
    """n transactions, each with an IBAN that fails its checksum (a finding per transaction)."""
    tx = _TX[0].replace(b"<IBAN>", b"<IBAN>XX", 1) if _TX else b""
    return PACS[: _TX.start()] + tx * n + PACS[_TX.end() :]


CASES: dict[str, tuple[Callable[[int], object], Callable[[object], object], int]] = {
    # (make an input of size n, run the entry point on it, n)
    "unknown GrpHdr siblings, cbpr+": (
        lambda n: PACS.replace(b"</GrpHdr>", b"<Xtra>x</Xtra>" * n + b"</GrpHdr>"),
        lambda data: validate_bytes(data, source="m", profile="cbpr+"),  # type: ignore[arg-type]
        1_000,
    ),
    "bad IBANs, check_xml": (_bad_ibans, lambda data: check_xml(data), 400),  # type: ignore[arg-type]
    "MT lexer, unclosed blocks 4": (
        lambda n: HEAD + b"{4:\r\n" + b"{4:\r\n{1:" * n,
        lambda data: split_messages(SourceText(data.decode(), None)),  # type: ignore[attr-defined]
        20_000,
    ),
    "long MT field 70": (
        lambda n: MT.replace(b":70:", b":70:" + b"A\r\n" * n),
        lambda data: list(check_mt(data)),  # type: ignore[arg-type]
        100_000,
    ),
    "long street line": (
        lambda n: ["a" * n, "10115 Berlin", "DE"],
        propose_address,  # type: ignore[arg-type]
        8_000,
    ),
    "long street words": (
        lambda n: ["ab " * (n // 3), "10115 Berlin", "DE"],
        propose_address,  # type: ignore[arg-type]
        8_000,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_doubling_the_input_at_most_about_doubles_the_time(case: str) -> None:
    make, run, n = CASES[case]
    small, large = make(n), make(2 * n)
    run(small)  # warm caches (schemas, tables)
    once = best_cpu_time(lambda: run(small))
    twice = best_cpu_time(lambda: run(large))
    assert twice <= 3 * once + 0.02, f"{case}: {once:.3f}s for n, {twice:.3f}s for 2n"
