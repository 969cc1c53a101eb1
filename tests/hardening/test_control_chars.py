"""Property: a character XML cannot hold (a control character in an MT field) is a finding
naming the character and the element wherever the library writes XML, never lxml's ValueError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import mt103_to_pacs008, parse_mt103, render_document
from qenex_messages.iso20022.xmlsafe import xml_text

REPO = Path(__file__).resolve().parents[2]
MT = (REPO / "examples" / "mt103.fin").read_bytes()
CONTROLS = [0x0B, 0x0C, 0x01, 0x1F, 0x7F]


@pytest.mark.parametrize("code", CONTROLS)
def test_mt_control_character_is_a_finding(code: int) -> None:
    """VT (and the other C0 controls) in field 70 and 59: the pacs.008 is written, and a finding
    names the character; U+007F is valid XML and is kept."""
    ch = bytes([code])
    data = MT.replace(b":70:", b":70:A" + ch + b"B", 1).replace(b":59:", b":59:" + ch, 1)
    outcome = mt103_to_pacs008(data)
    shown = f"U+{code:04X}"
    named = [f for f in outcome.findings if shown in f.message]
    if code == 0x7F:
        assert not named
    else:
        assert named and all(f.location.xpath for f in named)
        assert ch not in outcome.value
    model = parse_mt103(data).to_model().value
    rendered = render_document(model, "pacs.008.001.08")
    assert (code == 0x7F) or any(shown in f.message for f in rendered.findings)


@given(st.text())
def test_xml_text_is_always_writable(text: str) -> None:
    """Whatever the text, lxml accepts what xml_text returns, and nothing else changed."""
    from lxml import etree

    clean, bad = xml_text(text)
    etree.Element("x").text = clean
    assert (bad is None) == (clean == text)
    assert len(clean) == len(text)
