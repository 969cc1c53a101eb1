"""The binary screen's count of control bytes, left until an XML parse fails, refuses as before.

``validate_bytes`` and ``validate_path`` sniff with ``parse_next``: an XML input's control
bytes are counted only when its parse fails (XML 1.0 allows none but TAB, LF and CR, so a
document that parses has none) or when another front-door finding would refuse it (the binary
one comes first). Property: the reports are those of the screen counted first, for XML
documents with NUL and control bytes anywhere, in any number, under any declared encoding,
with and without a byte-order mark, and for the examples and mutated samples.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages import codes, validate_bytes
from qenex_messages.findings import Report
from qenex_messages.inputs import sniff
from qenex_messages.limits import resolve
from qenex_messages.pipeline import validate as pipeline
from qenex_messages.pipeline.validate import validate_path
from qenex_messages.rules.samples import SAMPLES_DATE
from tests.conftest import REPO
from tests.rules.test_one_walk import mutated

_EXAMPLES = sorted((REPO / "examples").glob("*.xml"))
_CONTROLS = [bytes([b]) for b in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]]
_DECLARATIONS = [
    b"",
    b'<?xml version="1.0" encoding="UTF-8"?>\n',
    b'<?xml version="1.0" encoding="ISO-8859-1"?>',
    b'<?xml version="1.0" encoding="windows-1252"?>',
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'<?xml version="1.0" encoding="UTF-7"?>',
    b'<?xml version="1.0" encoding="EBCDIC-US"?>',
    # encodings in which a byte below 0x20 is a character, named past a padded declaration
    b'<?xml version="1.0"' + b" " * 200 + b'encoding="VISCII"?>',
    b'<?xml version="1.0"' + b" " * 230 + b'encoding="ISO-2022-JP"?>',
]


def _screened_first(data: bytes, profile: str | None) -> list[Report]:
    """What validate_bytes gave before: the control bytes counted before any parse."""
    limits = resolve(None)
    seen = sniff(data, source="m.xml", limits=limits)
    assert not seen.controls_unread
    return pipeline._validate(
        seen,
        data,
        source="m.xml",
        profile=profile,  # type: ignore[arg-type]
        schema=None,
        as_of=SAMPLES_DATE,
        limits=limits,
    ).reports


def _assert_same(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.xml"
        path.write_bytes(data)
        for profile in (None, "sepa"):
            expected = _screened_first(data, profile)
            got = validate_bytes(data, source="m.xml", profile=profile, as_of=SAMPLES_DATE)  # type: ignore[arg-type]
            assert got == expected, profile
            read = validate_path(path, profile=profile, as_of=SAMPLES_DATE)  # type: ignore[arg-type]
            assert [r.findings for r in read] == [
                [f.at(source=str(path)) for f in r.findings] for r in expected
            ], profile


def _body(draw: st.DrawFn) -> bytes:
    data = _EXAMPLES[draw(st.integers(0, len(_EXAMPLES) - 1))].read_bytes()
    if data.startswith(b"<?xml"):
        data = data[data.index(b"?>") + 2 :].lstrip()
    return data


@st.composite
def _with_controls(draw: st.DrawFn) -> bytes:
    """An example with a declaration drawn, a BOM or not, and control bytes put anywhere:
    one, a few, or enough to be over a tenth of the first 4 KiB."""
    declaration = draw(st.sampled_from(_DECLARATIONS))
    data = declaration + _body(draw)
    how_many = draw(st.sampled_from([0, 1, 3, 50, 500, 2000]))
    # from the first byte on, after the first '<' (sniffed as XML), or after the declaration
    first = draw(st.sampled_from([0, 1, len(declaration)]))
    spots = sorted(
        draw(st.lists(st.integers(first, len(data)), min_size=how_many, max_size=how_many))
    )
    # a few kinds of control byte per document (a NUL among many would refuse every one)
    kinds = draw(st.lists(st.sampled_from(_CONTROLS), min_size=1, max_size=3))
    pieces, last = [], 0
    for spot in spots:
        pieces += [data[last:spot], draw(st.sampled_from(kinds))]
        last = spot
    data = b"".join([*pieces, data[last:]])
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
)
@given(_with_controls())
def test_control_bytes_anywhere(data: bytes) -> None:
    _assert_same(data)


@pytest.mark.parametrize("declaration", _DECLARATIONS)
@pytest.mark.parametrize("control", [b"\x00", b"\x01", b"\x08", b"\x0b", b"\x1f"])
@pytest.mark.parametrize("count", [1, 500])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_control_bytes_after_each_declaration(
    declaration: bytes, control: bytes, count: int, bom: bytes
) -> None:
    """Every declaration, with control bytes in a row or spread over the first bytes after it."""
    body = _EXAMPLES[0].read_bytes()
    if body.startswith(b"<?xml"):
        body = body[body.index(b"?>") + 2 :].lstrip()
    _assert_same(bom + declaration + body[:1] + control * count + body[1:])
    spread = b"".join(body[i : i + 3] + control for i in range(0, 3 * count, 3))
    _assert_same(bom + declaration + spread + body[3 * count :])


@pytest.mark.parametrize("declaration", _DECLARATIONS[-2:])
@pytest.mark.parametrize("count", [1, 60, 500])
def test_control_bytes_that_are_characters_of_the_declared_encoding(
    declaration: bytes, count: int
) -> None:
    """In VISCII and ISO-2022-JP a byte below 0x20 is a character, so the document still
    parses: the screen counts them as it did before any parse."""
    start = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">'
    control = b"\x1b" if b"2022" in declaration else b"\x02"
    _assert_same(declaration + start + control * count + b"<CstmrCdtTrfInitn/></Document>")


def test_a_head_of_control_bytes_is_refused_as_binary() -> None:
    """The count is taken: a parse that fails on many control bytes reports them as binary."""
    data = b"<Document>" + b"\x01" * 100 + b"</Document>"
    (report,) = validate_bytes(data, source="m.xml")
    assert [f.code for f in report.findings] == [codes.BINARY_INPUT.code]
    assert sniff(data, source=None, limits=resolve(None), parse_next=True).controls_unread


def test_a_refused_encoding_waits_for_the_count() -> None:
    """An encoding refused as well: the binary finding still comes first."""
    data = b'<?xml version="1.0" encoding="UTF-7"?>' + b"\x02" * 60
    (report,) = validate_bytes(data, source="m.xml")
    assert [f.code for f in report.findings] == [codes.BINARY_INPUT.code]


@pytest.mark.parametrize("path", _EXAMPLES, ids=lambda p: p.name)
def test_examples(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    _assert_same(data)
    (tmp_path / "m.xml").write_bytes(data)
    assert validate_path(tmp_path / "m.xml") == validate_bytes(data, source=str(tmp_path / "m.xml"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_samples(root: etree._Element) -> None:
    _assert_same(etree.tostring(root))
