"""Identifiers repeat only at their place: the whole and the streamed readings agree.

An ``EndToEndId`` (or InstrId, TxId, UETR, PmtInfId) inside an ``Envlp`` of ``SplmtryData``
is not one of the message's, in any namespace and however it is wrapped; a real repeat in the
transactions is still found. Property: for each placement, both versions, whole findings ==
streamed findings, and a repeat at its place is reported by both.
"""

from __future__ import annotations

import io
import re
from types import ModuleType

import pytest

from qenex_messages import validate_bytes, validate_stream


def _xml(generate: ModuleType, version: str, count: int) -> bytes:
    buffer = io.BytesIO()
    generate.write_xml(buffer, version, count)
    return buffer.getvalue()


_VERSIONS = ("pacs.008.001.08", "pain.001.001.09")
_CARRIED = [
    *(("pacs.008.001.08", name) for name in ("EndToEndId", "InstrId", "TxId", "UETR")),
    *(("pain.001.001.09", name) for name in ("EndToEndId", "InstrId", "PmtInfId")),
]
"""The identifiers that must be unique which the generated messages of each version carry."""
_PLACEMENTS = (
    '<x:{name} xmlns:x="urn:other">{text}</x:{name}>',
    '<{name} xmlns="">{text}</{name}>',
    "<{name}>{text}</{name}>",
    "<PmtId><{name}>{text}</{name}></PmtId>",
)


def _codes(data: bytes) -> tuple[list[str], list[str]]:
    whole = sorted(f.code for r in validate_bytes(data, source="m.xml") for f in r.findings)
    streamed = sorted(validate_stream(io.BytesIO(data), source="m.xml").report().codes())
    return whole, streamed


@pytest.mark.parametrize(("version", "name"), _CARRIED)
@pytest.mark.parametrize("placement", _PLACEMENTS)
def test_an_identifier_out_of_place_is_no_repeat(
    version: str, placement: str, name: str, generate: ModuleType
) -> None:
    text = _xml(generate, version, 6).decode()
    found = re.search(rf"<{name}>([^<]*)</{name}>", text)
    assert found is not None, (version, name)
    last = text.rindex("</CdtTrfTxInf>")
    inner = placement.format(name=name, text=found.group(1))
    data = text[:last] + f"<SplmtryData><Envlp>{inner}</Envlp></SplmtryData>" + text[last:]
    whole, streamed = _codes(data.encode())
    assert whole == streamed
    assert "QX342" not in whole


@pytest.mark.parametrize("version", _VERSIONS)
def test_a_repeat_at_its_place_is_found_both_ways(version: str, generate: ModuleType) -> None:
    text = _xml(generate, version, 6).decode()
    first, second = re.findall(r"<EndToEndId>([^<]*)</EndToEndId>", text)[:2]
    whole, streamed = _codes(text.replace(second, first, 1).encode())
    assert whole == streamed == ["QX342"]
