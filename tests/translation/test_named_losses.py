"""pacs.008 -> MT103 names what MT103 cannot carry: LEIs, AppHdr PssblDplct, birth data."""

from __future__ import annotations

import re
from pathlib import Path

from qenex_messages.translation import pacs008_to_mt103

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pacs.008.001.08-apphdr.xml"


def _convert(data: bytes) -> tuple[str, list[str]]:
    out = pacs008_to_mt103(data)
    return out.value[0], [
        f"{f.location.field or f.location.xpath}: {f.message}" for f in out.findings
    ]


def test_lei_and_possible_duplicate_are_named() -> None:
    data = EXAMPLE.read_bytes()
    data = data.replace(
        b"</PstlAdr>", b"</PstlAdr><Id><OrgId><LEI>529900T8BM49AURSDO55</LEI></OrgId></Id>", 1
    )
    data = re.sub(rb"(</CreDt>)", rb"\1<PssblDplct>true</PssblDplct>", data, count=1)
    _, findings = _convert(data)
    assert any("529900T8BM49AURSDO55" in f for f in findings), findings
    assert any(f.startswith("/AppHdr/PssblDplct") for f in findings), findings


def test_post_code_goes_with_the_town_on_line_3() -> None:
    text, _ = _convert(EXAMPLE.read_bytes())
    assert "3/DE/60311 FRANKFURT AM MAIN" in text.upper()
