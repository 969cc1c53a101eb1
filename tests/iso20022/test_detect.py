"""Detection of message type and version from namespaces, with or without AppHdr."""

from __future__ import annotations

import pytest

from qenex_messages.iso20022 import detect, parse_xml

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
