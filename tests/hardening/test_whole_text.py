"""Property: a comment or processing instruction inside a value never changes what any entry
point reads. ``1<!-- -->2500.00`` is the XSD's ``12500.00``, and every reader (check_xml,
parse_document, the rulebooks, translation, the streaming reader) must agree with it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from qenex_messages import check_xml, iter_transactions, parse_document, validate_bytes
from qenex_messages.translation import pacs008_to_mt103

REPO = Path(__file__).resolve().parents[2]
CLEAN = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()
SPLITTERS = [b"<!-- -->", b"<!--x-->", b"<?pi data?>", b"<!----><?x?><!--y-->"]


def _split(data: bytes, splitter: bytes) -> bytes:
    """Every text value of the message cut in two by ``splitter`` (amounts, names, codes)."""
    return re.sub(rb">([^<\s])([^<]+)<", lambda m: b">" + m[1] + splitter + m[2] + b"<", data)


def _codes(data: bytes) -> list[tuple[str, str]]:
    return sorted((f.code, f.message) for f in check_xml(data, source="m").findings)


@pytest.mark.parametrize("splitter", SPLITTERS)
def test_every_entry_point_reads_the_whole_text(splitter: bytes) -> None:
    """The split message reads exactly like the clean one everywhere."""
    split = _split(CLEAN, splitter)
    assert split.count(splitter) > 20  # the amounts, names, BICs and IBANs are all split
    assert _codes(split) == _codes(CLEAN)
    assert parse_document(split).model == parse_document(CLEAN).model
    assert list(iter_transactions(io.BytesIO(split))) == list(iter_transactions(io.BytesIO(CLEAN)))
    assert pacs008_to_mt103(split).value == pacs008_to_mt103(CLEAN).value
    for profile in ("cbpr+", "sepa"):
        found = validate_bytes(split, source="m", profile=profile)
        clean = validate_bytes(CLEAN, source="m", profile=profile)
        assert [sorted(f.message for f in r.findings) for r in found] == [
            sorted(f.message for f in r.findings) for r in clean
        ]


def test_the_amount_is_the_xsd_value() -> None:
    """The reported example: the amount is 12500.00, not 1, in the model and in the MT."""
    split = CLEAN.replace(b">12500.00<", b">1<!-- -->2500.00<")
    model = parse_document(split).model
    assert str(model.transactions[0].interbank_settlement_amount.value) == "12500.00"
    assert any("EUR12500," in text for text in pacs008_to_mt103(split).value)


def test_all_xml_is_parsed_by_the_hardened_parser() -> None:
    """The class is closed: no module of the library builds a tree with another parser, so no
    tree anywhere holds a comment that splits a text."""
    src = REPO / "src" / "qenex_messages"
    parse_call = re.compile(r"etree\.(fromstring|parse|XML|iterparse|XMLParser)\(([^)]*)")
    for path in src.rglob("*.py"):
        if path.name == "xmlsafe.py":
            continue
        for match in parse_call.finditer(path.read_text()):
            assert (
                match[1] in ("fromstring", "parse")
                and "safe_parser()" in path.read_text()[match.start() : match.start() + 200]
            ), f"{path.relative_to(REPO)} parses XML without the hardened parser: {match[0]}"
