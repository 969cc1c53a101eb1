"""Property: a translation writes each leaf value of its input, or a finding names it.

For every file of ``../shared/corpus`` and for generated messages, and for each translation
(MT103 -> pacs.008, pacs.008 -> MT103, pain.001 -> pacs.008, version migrations), every
(path without indexes, value) of the input is found in the output at a path the mapping table
(``tables.py``) allows, with both values normalised (dates, amounts, BICs, text without line
breaks), or is named by a finding at its MT field or XPath. See ``leafmap.py`` for the rules.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from qenex_messages.findings import Finding, MessageError, QenexError
from qenex_messages.iso20022 import SUPPORTED, ParsedDocument, parse_document, render_document
from qenex_messages.model import CreditTransfer
from qenex_messages.mt import Mt103Message, parse_mt_messages
from qenex_messages.mt.read import unreadable
from qenex_messages.translation import (
    migrate,
    mt103_to_pacs008,
    pacs008_to_mt103,
    pain001_to_pacs008,
)
from tests.iso20022.test_roundtrip import initiation_models, interbank_models
from tests.leaves import Leaves
from tests.properties.leafmap import Unexplained, document_leaves, mt_leaves, unexplained
from tests.properties.tables import (
    MIGRATION,
    MT_TO_PACS,
    PACS_TO_MT,
    PAIN_TO_PACS,
    neutral_findings,
    xml_paths,
)
from tests.translation.test_roundtrip import mt103_texts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MT_FILES = (
    sorted(
        p
        for p in (SHARED / "mt103").rglob("*")
        if p.is_file() and p.suffix not in (".md", ".tsv") and "SUMS" not in p.name
    )
    if (SHARED / "mt103").is_dir()
    else []
)
XML_FILES = sorted((SHARED / "iso20022").glob("*/*.xml")) if (SHARED / "iso20022").is_dir() else []


def _name(path: Path) -> str:
    return str(path.relative_to(SHARED))


def _root(data: bytes) -> etree._Element:
    """The tree of a translation's XML output (AppHdr and Document side by side)."""
    body = re.sub(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>)?", b"", data)
    return etree.fromstring(b"<Message>" + body + b"</Message>")


def _mt_output(texts: list[str]) -> Leaves:
    out: Leaves = Counter()
    for text in texts:
        for message in parse_mt_messages(text):
            out.update(mt_leaves(message))
    return out


def _explain(problems: list[Unexplained], output: object) -> str:
    return "\n".join(map(str, problems)) + f"\n--- output ---\n{output!r}"


# --------------------------------------------------------------------------- MT103 -> pacs.008


def check_mt_to_pacs(message: Mt103Message) -> None:
    """MT103 -> pacs.008: each MT leaf is in the pacs.008 or named."""
    out = mt103_to_pacs008(message)
    if not out.value:
        assert any(f.is_error for f in out.findings), out.findings
        return
    findings: list[Finding] = [*message.findings, *out.findings]
    problems = unexplained(
        mt_leaves(message), document_leaves(_root(out.value)), findings, MT_TO_PACS
    )
    assert not problems, _explain(problems, out.value)


@pytest.mark.skipif(not MT_FILES, reason="no ../shared corpus")
@pytest.mark.parametrize("path", MT_FILES, ids=_name)
def test_mt103_to_pacs008_corpus(path: Path) -> None:
    try:
        messages = parse_mt_messages(path.read_bytes())
    except MessageError:
        return  # nothing readable: tests/mt/test_corpus.py checks the findings
    for message in messages:
        if not unreadable(message) and message.message_type in (None, "103"):
            check_mt_to_pacs(message)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mt103_texts())
def test_mt103_to_pacs008_generated(text: str) -> None:
    (message,) = parse_mt_messages(text)
    check_mt_to_pacs(message)


# --------------------------------------------------------------------------- pacs.008 -> MT103


def check_pacs_to_mt(data: bytes) -> None:
    """pacs.008 -> MT103: each XML leaf is in one of the MT103s or named."""
    out = pacs008_to_mt103(data)
    problems = unexplained(
        document_leaves(_root(data)), _mt_output(out.value), out.findings, PACS_TO_MT
    )
    assert not problems, _explain(problems, out.value)


def _parsed(path: Path) -> ParsedDocument | None:
    try:
        return parse_document(path.read_bytes())
    except (MessageError, QenexError):
        return None


def _xml_of(kind: str) -> list[Path]:
    return [p for p in XML_FILES if (parsed := _parsed(p)) and parsed.info.message_type == kind]


PACS_FILES = _xml_of("pacs.008")
PAIN_FILES = _xml_of("pain.001")


@pytest.mark.skipif(not PACS_FILES, reason="no ../shared corpus")
@pytest.mark.parametrize("path", PACS_FILES, ids=_name)
def test_pacs008_to_mt103_corpus(path: Path) -> None:
    check_pacs_to_mt(path.read_bytes())


def _rendered(model: CreditTransfer, version: str) -> bytes:
    out = render_document(model, version)
    assert out.ok, out.findings
    return out.value


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interbank_models())
def test_pacs008_to_mt103_generated(model: CreditTransfer) -> None:
    check_pacs_to_mt(_rendered(model, "pacs.008.001.08"))


@pytest.mark.parametrize("town", ["/", "Den Haag/", "/Rotterdam"])
def test_pacs008_to_mt103_keeps_a_town_with_slashes(town: str) -> None:
    """A town made of or ending in a slash reaches 59F line 3 (it once was stripped with it)."""
    data = (EXAMPLES / "pacs.008.001.08-apphdr.xml").read_text(encoding="utf-8")
    start = data.index("<TwnNm>", data.index("<Cdtr>"))
    end = data.index("</TwnNm>", start) + len("</TwnNm>")
    check_pacs_to_mt((data[:start] + f"<TwnNm>{town}</TwnNm>" + data[end:]).encode())


# --------------------------------------------------------------------------- pain.001 -> pacs.008


def _refusals(findings: tuple[Finding, ...]) -> list[Finding]:
    """``findings`` with each refusal (QX440) located at the payment block or transaction it
    refuses: everything in it is named by that one finding."""
    out = []
    for f in findings:
        where = f.location.xpath
        if f.code == "QX440" and where:
            m = re.match(r".*?/(?:CdtTrfTxInf|PmtInf)\[\d+\]", where)
            f = f.at(xpath=m.group(0)) if m else f
        out.append(f)
    return out


def check_pain_to_pacs(data: bytes) -> None:
    """pain.001 -> pacs.008: each pain.001 leaf is in one of the pacs.008 messages or named."""
    out = pain001_to_pacs008(data)
    if not out.value:
        assert any(f.is_error for f in out.findings), out.findings
        return
    output: Leaves = Counter()
    for document in out.value:
        output.update(xml_paths(document_leaves(_root(document))))
    problems = unexplained(
        xml_paths(document_leaves(_root(data))),
        output,
        neutral_findings(_refusals(out.findings)),
        PAIN_TO_PACS,
    )
    assert not problems, _explain(problems, out.value)


@pytest.mark.skipif(not PAIN_FILES, reason="no ../shared corpus")
@pytest.mark.parametrize("path", PAIN_FILES, ids=_name)
def test_pain001_to_pacs008_corpus(path: Path) -> None:
    check_pain_to_pacs(path.read_bytes())


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initiation_models())
def test_pain001_to_pacs008_generated(model: CreditTransfer) -> None:
    check_pain_to_pacs(_rendered(model, "pain.001.001.09"))


# --------------------------------------------------------------------------- version migration


def check_migration(data: bytes, kind: str) -> None:
    """Every other supported version of the same message keeps each leaf or names it."""
    source = xml_paths(document_leaves(_root(data)))
    for version in (v for v in SUPPORTED if v.startswith(kind)):
        out = migrate(data, to=version)
        if not out.value:  # refused (e.g. .02 needs a TxId the input lacks): an error says so
            assert any(f.is_error for f in out.findings), out.findings
            continue
        output = xml_paths(document_leaves(_root(out.value)))
        problems = unexplained(source, output, neutral_findings(out.findings), MIGRATION)
        assert not problems, version + "\n" + _explain(problems, out.value)


@pytest.mark.skipif(not XML_FILES, reason="no ../shared corpus")
@pytest.mark.parametrize("path", PACS_FILES + PAIN_FILES, ids=_name)
def test_migration_corpus(path: Path) -> None:
    parsed = _parsed(path)
    assert parsed is not None
    check_migration(path.read_bytes(), parsed.info.message_type)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interbank_models())
def test_migration_generated(model: CreditTransfer) -> None:
    check_migration(_rendered(model, "pacs.008.001.08"), "pacs.008")
