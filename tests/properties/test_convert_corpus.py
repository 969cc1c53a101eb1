"""Every XSD-valid corpus file (and every readable corpus MT103) can be inspected and converted
to every target that can carry its content.

A target that cannot carry the content refuses with an error finding located at the element
that needs it: ``QX440`` (no translation: a cheque, an FX equivalent amount) or ``QX447`` (the
target requires data the input does not hold: an agent's BIC, a TxId for pacs.008.001.02).
Anything else must give an output: never an exception, never an empty value without one of
these refusals (other errors, such as a bad BIC in the input, may come with it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qenex_messages.iso20022 import check_xml
from qenex_messages.mt import parse_mt_messages
from qenex_messages.mt.read import unreadable
from qenex_messages.pipeline.validate import load_models
from qenex_messages.translation import TARGETS, convert
from tests.iso20022.test_corpus import NO_ISO_XSD, XSD_INVALID
from tests.properties.test_translations import MT_FILES

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
XML = SHARED / "iso20022"
XML_FILES = [
    p
    for p in (sorted(XML.glob("*/*.xml")) if XML.is_dir() else [])
    if str(p.relative_to(XML)) not in XSD_INVALID and str(p.relative_to(XML)) not in NO_ISO_XSD
]
REFUSALS = {"QX440", "QX447"}


def _name(path: Path) -> str:
    return str(path.relative_to(SHARED))


def _targets(kind: str) -> list[str]:
    """The targets a message of ``kind`` has a translation to (pacs.008 has none to pain.001)."""
    return [t for t in TARGETS if not (kind in ("pacs.008", "mt103") and t.startswith("pain"))]


def _converts(data: bytes, kind: str) -> None:
    for to in _targets(kind):
        out = convert(data, to=to)
        if out.value:
            continue
        refusals = [f for f in out.findings if f.is_error and f.code in REFUSALS]
        assert refusals, (to, [str(f) for f in out.findings])
        assert all(f.location.xpath or f.location.field for f in refusals), (to, refusals)


@pytest.mark.skipif(not XML_FILES, reason="no ../shared corpus")
@pytest.mark.parametrize("path", XML_FILES, ids=_name)
def test_every_xsd_valid_file_is_inspected_and_converted(path: Path) -> None:
    data = path.read_bytes()
    report = check_xml(data, source=_name(path))
    assert not [f for f in report.errors if f.code.startswith("QX32")], report.errors
    ((model, _kind, _findings),) = load_models(data, source=_name(path))
    assert model is not None
    _converts(data, str(report.message_type))


@pytest.mark.skipif(not MT_FILES, reason="no ../shared corpus")
@pytest.mark.parametrize("path", MT_FILES, ids=_name)
def test_every_readable_mt103_is_inspected_and_converted(path: Path) -> None:
    data = path.read_bytes()
    messages = parse_mt_messages(data)
    loaded = load_models(data, source=_name(path))
    assert len(loaded) == len(messages)
    for message, (model, _kind, _findings) in zip(messages, loaded, strict=True):
        assert (model is None) == unreadable(message)
    if all(not unreadable(m) and m.message_type in (None, "103") for m in messages):
        _converts(data, "mt103")
