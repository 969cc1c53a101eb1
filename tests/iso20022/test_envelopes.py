"""Envelopes: the wrappers of SWIFT, SWIFTNet, Fedwire Funds, FedNow and The Clearing House are
unwrapped, a wrapper the library does not know is a QX331 warning, and wrapping never changes
what is found in the AppHdr and Document.

Property: for every message with an AppHdr and a Document (the rule samples and the corpus),
each wrapper gives the findings of the plain SWIFT envelope, except QX331 for an unknown one."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.iso20022.detect import detect
from qenex_messages.iso20022.envelope import TCH, envelope_findings
from qenex_messages.pipeline.validate import validate_bytes
from qenex_messages.rules.samples import sample, sample_names
from tests.iso20022.conftest import corpus_files

AS_OF = date(2026, 11, 26)
WRAPPERS: dict[str, tuple[str, str]] = {
    "swift": ('<Envelope xmlns="urn:swift:xsd:envelope">', "</Envelope>"),
    "saa": (
        (
            '<Saa:DataPDU xmlns:Saa="urn:swift:saa:xsd:saa.2.0"><Saa:Revision>2.0.14</Saa:Revision>'
            "<Saa:Body>"
        ),
        "</Saa:Body></Saa:DataPDU>",
    ),
    "swiftnet": (
        (
            '<Sw:Request xmlns:Sw="urn:swift:snl:ns.Sw"><Sw:RequestHeader><Sw:Service>swift.finplus'
            "</Sw:Service></Sw:RequestHeader><Sw:RequestPayload>"
        ),
        "</Sw:RequestPayload></Sw:Request>",
    ),
    "fedwire-incoming": (
        (
            '<FedwireFundsIncoming xmlns="urn:fedwirefunds:incoming:v001">'
            "<FedwireFundsTechnicalHeader><Sequence>1</Sequence></FedwireFundsTechnicalHeader>"
            "<FedwireFundsIncomingMessage><FedwireFundsCustomerCreditTransfer>"
        ),
        "</FedwireFundsCustomerCreditTransfer></FedwireFundsIncomingMessage></FedwireFundsIncoming>",
    ),
    "fedwire-outgoing": (
        (
            '<FedwireFundsOutgoing xmlns="urn:fedwirefunds:outgoing:v001">'
            "<FedwireFundsOutgoingMessage><FedwireFundsCustomerCreditTransfer>"
        ),
        "</FedwireFundsCustomerCreditTransfer></FedwireFundsOutgoingMessage></FedwireFundsOutgoing>",
    ),
    "fednow": (
        (
            '<FedNowIncoming xmlns="urn:fednow:incoming:v001"><FedNowIncomingMessage>'
            "<FedNowCustomerCreditTransfer>"
        ),
        "</FedNowCustomerCreditTransfer></FedNowIncomingMessage></FedNowIncoming>",
    ),
    "bare": ("<BusinessMessage>", "</BusinessMessage>"),
    "unknown": ('<Wrapper xmlns="urn:example:bank:wrapper"><Payload>', "</Payload></Wrapper>"),
}
_PARTS = re.compile(r"<(?:\w+:)?AppHdr\b.*</(?:\w+:)?Document>", re.S)


def _inner(text: str) -> str | None:
    """The AppHdr and Document of ``text`` as written (None without both)."""
    match = _PARTS.search(text)
    return match.group(0) if match else None


def _wrapped(inner: str, wrapper: str) -> bytes:
    start, end = WRAPPERS[wrapper]
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{start}{inner}{end}\n'.encode()


def _findings(data: bytes, profile: str | None) -> list[tuple[str, str, str | None]]:
    (report,) = validate_bytes(data, source="m.xml", profile=profile, as_of=AS_OF)
    return sorted((f.code, f.message, f.location.xpath) for f in report.findings)


def _messages() -> list[tuple[str, str]]:
    found = [(name, sample(name)) for name in sample_names()]
    found += [(p.name, p.read_text("utf-8", errors="replace")) for p in corpus_files()]
    return [(name, inner) for name, text in found if (inner := _inner(text)) is not None]


MESSAGES = _messages()


@pytest.mark.parametrize("wrapper", [w for w in WRAPPERS if w != "swift"])
@pytest.mark.parametrize(("name", "inner"), MESSAGES, ids=[n for n, _ in MESSAGES])
def test_a_wrapper_changes_nothing_but_its_own_finding(name: str, inner: str, wrapper: str) -> None:
    """Wrapped in any envelope, the AppHdr and Document give the findings they give in the
    SWIFT envelope; an unknown wrapper adds exactly one QX331 naming it."""
    expected = _findings(_wrapped(inner, "swift"), "auto")
    found = _findings(_wrapped(inner, wrapper), "auto")
    if wrapper == "unknown":
        extra = [f for f in found if f[0] == "QX331"]
        assert len(extra) == 1
        assert "<Wrapper> of namespace 'urn:example:bank:wrapper'" in extra[0][1]
        found = [f for f in found if f[0] != "QX331"]
    assert found == expected


def _tch(inner: str) -> bytes:
    """The AppHdr and Document written as The Clearing House writes them: the AppHdr and the
    message wrapper in urn:tch, their content in the ISO namespaces (with prefixes)."""
    root = etree.fromstring(_wrapped(inner, "swift"))
    header, document = root[0], root[1]
    head_ns, doc_ns = etree.QName(header).namespace, etree.QName(document).namespace
    message = etree.Element(f"{{{TCH}}}Message", nsmap={None: TCH, "head": head_ns, "ct": doc_ns})
    for name, part in (("AppHdr", header), ("CreditTransfer", document)):
        holder = etree.SubElement(message, f"{{{TCH}}}{name}")
        holder.extend(copy.deepcopy(child) for child in part)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8")


def test_the_clearing_house_message_is_read_as_appHdr_and_document() -> None:
    """A urn:tch Message gives the findings of the same AppHdr and Document in an Envelope."""
    inner = _inner(sample("fedwire-pacs.008.001.08"))
    assert inner is not None
    tch = _tch(inner)
    info = detect(etree.fromstring(tch))
    assert (info.message_type, info.version, info.header_version) == (
        "pacs.008",
        "pacs.008.001.08",
        "head.001.001.03",
    )
    assert _findings(tch, "fedwire") == _findings(_wrapped(inner, "swift"), "fedwire")


@given(
    st.from_regex(r"urn:[a-z]{1,8}:[a-z0-9.]{1,12}", fullmatch=True),
    st.from_regex(r"[A-Z][A-Za-z]{0,15}", fullmatch=True),
)
def test_any_unknown_wrapper_is_named(ns: str, element: str) -> None:
    """Whatever namespace and element an unknown wrapper has, QX331 names both."""
    text = (
        f'<{element} xmlns="{ns}"><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">'
        f"<FIToFICstmrCdtTrf/></Document></{element}>"
    )
    info = detect(etree.fromstring(text.encode()))
    (finding,) = [f for f in info.findings if f.code == "QX331"]
    assert f"<{element}> of namespace {ns!r}" in finding.message
    assert finding.args == {"namespace": ns, "element": element}


def test_known_wrappers_and_bare_documents_say_nothing() -> None:
    """No QX331 for a bare Document, nor inside any envelope the library knows."""
    inner = _inner(sample("fedwire-pacs.008.001.08"))
    assert inner is not None
    for wrapper in WRAPPERS:
        root = etree.fromstring(_wrapped(inner, wrapper))
        document = next(root.iter("{*}Document"))
        assert bool(envelope_findings(document)) == (wrapper == "unknown"), wrapper
    bare = etree.fromstring(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"/>')
    assert envelope_findings(bare) == []


def test_the_corpus_has_messages_to_wrap() -> None:
    """The property runs on the rule samples at least (and the corpus when ../shared exists)."""
    assert any(name.startswith("fedwire") for name, _ in MESSAGES)
    if corpus_files():
        assert len(MESSAGES) > len(sample_names())
    assert Path(__file__).name == "test_envelopes.py"
