"""The fuzz wall: valid MT and XML messages, mutated by hypothesis (byte flips, truncation, a
duplicated slice, special bytes or tags inserted), through every public entry point. Only
findings or documented QenexErrors may come out. ``QENEX_FUZZ_LONG=1`` runs the long profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .attacks import ENTRY_POINTS

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SEEDS = {
    "mt103": (EXAMPLES / "mt103.fin").read_bytes(),
    "mt103-stp": (EXAMPLES / "mt103-stp.fin").read_bytes(),
    "pacs008": (EXAMPLES / "pacs.008.001.08-apphdr.xml").read_bytes(),
    "pain001": (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes(),
}
SPECIAL = [
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\r",
    b"{",
    b"}",
    b"-}",
    b"{4:",
    b"{1:",
    b":20:",
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"]]>",
    b"<![CDATA[x]]>",
    b"<!DOCTYPE x>",
    b"<!ENTITY a 'b'>",
    b"<CdtTrfTxInf>",
    b"</CdtTrfTxInf>",
    b"<IBAN>XX00</IBAN>",
    b'Ccy="EUR"',
    b"\xef\xbb\xbf",
    b"\xfe\xff",
]
# The CLI starts a fresh validation per call; the file-based entries need a path.
ENTRIES = sorted(set(ENTRY_POINTS) - {"cli"})


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed message with one to three mutations."""
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "truncate", "duplicate", "insert", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "duplicate":
            end = draw(st.integers(at, min(len(data), at + 400)))
            data[at:at] = data[at:end] * draw(st.integers(1, 4))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(SPECIAL))
        else:
            end = draw(st.integers(at, min(len(data), at + 50)))
            del data[at:end]
    return bytes(data)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each mutated message is written for the path-based entry points."""
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.usefixtures("schema_store")
@pytest.mark.parametrize("entry", ENTRIES)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=mutated())
def test_mutations_give_findings_or_documented_errors(
    entry: str, data: bytes, folder: Path
) -> None:
    """No entry point lets anything but findings or a QenexError out of a mutated message."""
    path = folder / "message.bin"
    path.write_bytes(data)
    findings = ENTRY_POINTS[entry](data, path)
    assert isinstance(findings, list)


@pytest.mark.usefixtures("schema_store")
@settings(
    max_examples=15,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated())
def test_cli_survives_mutations(data: bytes, folder: Path) -> None:
    """The command exits 0, 1 or 2 on any mutation, never with a traceback."""
    path = folder / ("message.xml" if data.lstrip()[:1] == b"<" else "message.fin")
    path.write_bytes(data)
    ENTRY_POINTS["cli"](data, path)


def test_regression_amount_that_is_not_a_number() -> None:
    """Found by the fuzz wall: parse_document let decimal.InvalidOperation out for an InstdAmt
    of '!250.00'; it is a MessageError with a finding now."""
    from qenex_messages import MessageError
    from qenex_messages.iso20022 import parse_document

    data = SEEDS["pain001"].replace(b">1250.00<", b">!250.00<")
    with pytest.raises(MessageError) as caught:
        parse_document(data)
    assert caught.value.findings
