"""Detection of message type and version from namespaces, with or without AppHdr."""

from __future__ import annotations

from importlib import import_module

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages.iso20022 import detect, parse_xml
from qenex_messages.iso20022.detect import MessageInfo

from .conftest import REPO, corpus_files

detect_module = import_module("qenex_messages.iso20022.detect")

NS = "urn:iso:std:iso:20022:tech:xsd:"


def info_of(text: str):  # type: ignore[no-untyped-def]
    tree = parse_xml(text.encode()).value
    assert tree is not None
    return detect(tree.getroot())


def test_bare_document() -> None:
    """A bare pacs.008.001.08 Document."""
    info = info_of(f'<Document xmlns="{NS}pacs.008.001.08"><FIToFICstmrCdtTrf/></Document>')
    assert (info.message_type, info.version, info.has_header, info.findings) == (
        "pacs.008",
        "pacs.008.001.08",
        False,
        [],
    )


def test_envelope_with_header() -> None:
    """AppHdr + Document in any wrapper."""
    info = info_of(
        f'<Envelope><AppHdr xmlns="{NS}head.001.001.02"><MsgDefIdr>pain.001.001.09</MsgDefIdr>'
        f'</AppHdr><Document xmlns="{NS}pain.001.001.09"><CstmrCdtTrfInitn/></Document></Envelope>'
    )
    assert (info.version, info.has_header, info.header_version) == (
        "pain.001.001.09",
        True,
        "head.001.001.02",
    )
    assert info.findings == []


def test_header_alone() -> None:
    """An AppHdr alone is head.001 with an info finding."""
    info = info_of(f'<AppHdr xmlns="{NS}head.001.001.04"/>')
    assert (info.message_type, info.version) == ("head.001", "head.001.001.04")
    assert [f.code for f in info.findings] == ["QX315"]


def test_header_definition_mismatch() -> None:
    """MsgDefIdr naming another version is flagged."""
    info = info_of(
        f'<E><AppHdr xmlns="{NS}head.001.001.02"><MsgDefIdr>WRONG.000.00</MsgDefIdr></AppHdr>'
        f'<Document xmlns="{NS}pain.001.001.09"><CstmrCdtTrfInitn/></Document></E>'
    )
    assert [f.code for f in info.findings] == ["QX316"]


@pytest.mark.parametrize(
    ("xml", "code", "fragment"),
    [
        ("<Document><CstmrCdtTrfInitn/></Document>", "QX311", "no namespace"),
        (
            f'<Document xmlns="{NS}pacs.008.001.8"><FIToFICstmrCdtTrf/></Document>',
            "QX312",
            "did you mean 'urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08'",
        ),
        (
            f'<Document xmlns="{NS}pacs.008.001.07"><FIToFICstmrCdtTrf/></Document>',
            "QX313",
            "pacs.008.001.07 is not a supported version",
        ),
        (
            f'<Document xmlns="{NS}pacs.008.001.08"><CstmrCdtTrfInitn/></Document>',
            "QX314",
            "must hold FIToFICstmrCdtTrf",
        ),
        ("<Foo/>", "QX310", "root element is 'Foo'"),
    ],
)
def test_namespace_problems(xml: str, code: str, fragment: str) -> None:
    """Missing, mistyped, unsupported and mismatched namespaces each get a clear finding."""
    info = info_of(xml)
    assert [f.code for f in info.findings] == [code]
    assert fragment in info.findings[0].message


def test_missing_namespace_suggests_a_supported_version() -> None:
    """QX311 suggests the newest version the library supports, never one it does not."""
    from qenex_messages.iso20022.detect import SUPPORTED

    for element, kind in (("FIToFICstmrCdtTrf", "pacs.008"), ("CstmrCdtTrfInitn", "pain.001")):
        info = info_of(f"<Document><{element}/></Document>")
        [finding] = info.findings
        suggested = finding.message.rpartition("tech:xsd:")[2].rstrip('"')
        assert suggested in SUPPORTED
        assert suggested == max(v for v in SUPPORTED if v.startswith(kind))


def test_unsupported_message_type_is_not_called_a_version() -> None:
    """camt.053 is a message type the library does not validate, not an unsupported version."""
    info = info_of(f'<Document xmlns="{NS}camt.053.001.08"><BkToCstmrStmt/></Document>')
    [finding] = info.findings
    assert finding.code == "QX313"
    assert "camt.053 (camt.053.001.08) is a message type qenex-messages does not validate" in (
        finding.message
    )
    assert "version" not in finding.message.replace("(camt.053.001.08)", "")


# Detection keeps what it found for a bare Document (by its tag and its message element's tag);
# a Document it had something to say about is always read again.
_ROOTS = ("Document", "AppHdr", "Envelope", "Message")
_NAMESPACES = (
    f"{NS}pacs.008.001.08",
    f"{NS}pain.001.001.09",
    f"{NS}pacs.002.001.10",
    f"{NS}pacs.008.001.99",
    f"{NS}camt.053.001.08",
    "urn:iso:std:iso:20022:tech:xsd:pacs.008.001",
    "urn:tch",
    "",
)
_ELEMENTS = ("FIToFICstmrCdtTrf", "CstmrCdtTrfInitn", "FIToFIPmtStsRpt", "Other", "")


def _fields(info: MessageInfo) -> tuple[object, ...]:
    return (
        info.message_type,
        info.version,
        info.has_header,
        info.header_version,
        info.findings,
        info.header,
        info.document,
    )


def _document(root: str, ns: str, element: str, twice: bool, inner_ns: str | None = None) -> str:
    xmlns = f' xmlns="{ns}"' if ns else ""
    own = f' xmlns="{inner_ns}"' if inner_ns is not None else ""
    inner = f"<{element}{own}/>" if element else ""
    return f"<{root}{xmlns}>{inner * (2 if twice else 1)}</{root}>"


_DOCUMENTS = st.builds(
    _document,
    root=st.sampled_from(_ROOTS),
    ns=st.sampled_from(_NAMESPACES),
    element=st.sampled_from(_ELEMENTS),
    twice=st.booleans(),
    inner_ns=st.sampled_from([None, "urn:x", ""]),
)


def _kept_differs(earlier: str, text: str) -> bool:
    """True when ``text``, detected after ``earlier`` and again, differs from reading its tree."""
    info_of(earlier)
    first, again = info_of(text), info_of(text)
    tree = parse_xml(text.encode()).value
    assert tree is not None
    read = detect_module._detect(tree.getroot(), None)
    return not (
        _fields(again)[:5] == _fields(first)[:5] == _fields(read)[:5]
        and (again.document is not None or read.document is None)
    )


@given(earlier=_DOCUMENTS, text=_DOCUMENTS)
def test_what_detection_keeps_is_what_it_reads(earlier: str, text: str) -> None:
    """Detecting a root after another one and a second time (from what detection kept) gives
    what reading the tree gives, for bare Documents and anything else."""
    assert not _kept_differs(earlier, text)


def test_the_corpus_is_detected_alike_kept_or_read() -> None:
    """Every example and corpus file is detected alike from what detection kept and by
    reading the tree."""
    files = [*sorted((REPO / "examples").glob("*.xml")), *corpus_files()]
    assert files
    for path in files:
        tree = parse_xml(path.read_bytes()).value
        if tree is None:
            continue
        detect(tree.getroot())
        kept = detect(tree.getroot())
        read = detect_module._detect(tree.getroot(), None)
        assert _fields(kept) == _fields(read), path.name


def test_a_kept_detection_that_ignored_the_message_element_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A planted bug: keeping detections by the root's tag alone gives a pacs.008 Document
    that holds a pain.001 message element the first one's clean answer, and the property
    above sees it."""
    monkeypatch.setattr(detect_module, "_BARE", {})
    monkeypatch.setattr(detect_module, "_bare_key", lambda root: (root.tag, ""))
    good = _document("Document", f"{NS}pacs.008.001.08", "FIToFICstmrCdtTrf", False)
    bad = _document("Document", f"{NS}pacs.008.001.08", "CstmrCdtTrfInitn", False)
    assert _kept_differs(good, bad)


def test_what_detection_keeps_does_not_grow_with_made_up_namespaces() -> None:
    """A message element in a namespace of the sender's choosing adds nothing to the table."""
    for i in range(50):
        info_of(
            _document("Document", f"{NS}pacs.008.001.08", "FIToFICstmrCdtTrf", False, f"urn:{i}")
        )
    keys = [key for key in detect_module._BARE if key[0] == f"{{{NS}pacs.008.001.08}}Document"]
    assert len(keys) <= 1


# Detection keeps what it found for a wrapper of just an AppHdr and a Document too (by the
# wrapper's, the AppHdr's and the Document's tags and the message element's name); the header's
# MsgDefIdr is read every time.
_WRAPPERS = (
    "Envelope",
    "{urn:swift:xsd:envelope}Envelope",
    "{urn:made:up}Wrap",
    "{urn:tch}Message",
)
_HEADERS = (f"{NS}head.001.001.02", f"{NS}head.001.001.04", f"{NS}head.001.001.99", "urn:x")
_DEFINITIONS = ("pacs.008.001.08", "pain.001.001.09", " pacs.008.001.08 ", None)
_EXTRAS = ("", "<Other/>", f'<Document xmlns="{NS}pacs.008.001.08"><FIToFICstmrCdtTrf/></Document>')


def _envelope(
    wrapper: str, header_ns: str, definition: str | None, ns: str, element: str, extra: str
) -> str:
    wrapper_ns, _, name = (
        wrapper[1:].partition("}") if wrapper.startswith("{") else ("", "", wrapper)
    )
    xmlns = f' xmlns="{wrapper_ns}"' if wrapper_ns else ""
    defined = f"<MsgDefIdr>{definition}</MsgDefIdr>" if definition is not None else ""
    inner = f"<{element}/>" if element else ""
    return (
        f'<{name}{xmlns}><AppHdr xmlns="{header_ns}"><Fr/>{defined}</AppHdr>'
        f'<Document xmlns="{ns}">{inner}</Document>{extra}</{name}>'
    )


_ENVELOPES = st.builds(
    _envelope,
    wrapper=st.sampled_from(_WRAPPERS),
    header_ns=st.sampled_from(_HEADERS),
    definition=st.sampled_from(_DEFINITIONS),
    ns=st.sampled_from(_NAMESPACES[:5]),
    element=st.sampled_from(_ELEMENTS),
    extra=st.sampled_from(_EXTRAS),
)


@given(earlier=_ENVELOPES, text=_ENVELOPES)
def test_what_detection_keeps_of_an_envelope_is_what_it_reads(earlier: str, text: str) -> None:
    """An envelope detected after another one and a second time gives what reading the tree
    gives: the same type, versions, findings (the MsgDefIdr's included), AppHdr and Document."""
    assert not _kept_differs(earlier, text)


def test_a_kept_envelope_that_ignored_the_header_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted bug: keeping envelopes without the AppHdr's tag gives an AppHdr of an unknown
    version the answer of a known one (no QX317, a header version), and the property sees it."""
    keyed = detect_module._envelope_parts

    def without_header(root):  # type: ignore[no-untyped-def]
        parts = keyed(root)
        if parts is None:
            return None
        (tag, _, document, element), header, found = parts
        return (tag, "", document, element), header, found

    monkeypatch.setattr(detect_module, "_ENVELOPED", {})
    monkeypatch.setattr(detect_module, "_envelope_parts", without_header)
    parts = ("Envelope", "pacs.008.001.08", f"{NS}pacs.008.001.08", "FIToFICstmrCdtTrf", "")
    good = _envelope(parts[0], f"{NS}head.001.001.02", *parts[1:])
    bad = _envelope(parts[0], f"{NS}head.001.001.99", *parts[1:])
    assert _kept_differs(good, bad)


def test_a_kept_envelope_still_reads_the_definition() -> None:
    """A second envelope of the same shape whose MsgDefIdr names another version has QX316."""
    parts = ("Envelope", f"{NS}head.001.001.02")
    rest = (f"{NS}pacs.008.001.08", "FIToFICstmrCdtTrf", "")
    assert info_of(_envelope(*parts, "pacs.008.001.08", *rest)).findings == []
    assert [f.code for f in info_of(_envelope(*parts, "pain.001.001.09", *rest)).findings] == [
        "QX316"
    ]


def test_what_detection_keeps_of_envelopes_is_bounded() -> None:
    """Wrappers of the sender's naming never grow the table past its bound."""
    for i in range(3 * detect_module._ENVELOPES_KEPT):
        info_of(
            _envelope(
                f"Wrap{i}",
                f"{NS}head.001.001.02",
                None,
                f"{NS}pacs.008.001.08",
                "FIToFICstmrCdtTrf",
                "",
            )
        )
    assert 0 < len(detect_module._ENVELOPED) <= detect_module._ENVELOPES_KEPT
