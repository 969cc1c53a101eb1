"""The hardened parser: hostile XML gives findings, never a fetch, a file read or a hang."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages.iso20022 import check_xml, parse_xml, xmlsafe


@pytest.fixture
def spy_server() -> Iterator[list[str]]:
    """A local HTTP server recording every request it gets (none must arrive)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY x "pwned">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hits.append(f"port:{server.server_address[1]}")
    yield hits
    server.shutdown()
    server.server_close()


def codes(data: bytes) -> list[str]:
    outcome = parse_xml(data, source="x.xml")
    assert outcome.value is None
    return [f.code for f in outcome.findings]


def test_xxe_file_read_is_refused(tmp_path: Path) -> None:
    """An external entity pointing at a local file is refused, the file never read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]><d>&x;</d>'
    ).encode()
    assert codes(data) == ["QX302"]
    report = check_xml(data)
    assert "TOPSECRET" not in report.to_json()


def test_xxe_network_and_external_dtd_are_never_fetched(spy_server: list[str]) -> None:
    """Neither an external entity nor an external DTD on a URL causes a request."""
    port = spy_server[0].split(":")[1]
    entity = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/e">]>'
        "<d>&x;</d>"
    ).encode()
    dtd = f'<!DOCTYPE d SYSTEM "http://127.0.0.1:{port}/d.dtd"><d/>'.encode()
    parameter = (f'<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p">%p;]><d/>').encode()
    for data in (entity, dtd, parameter):
        assert codes(data) == ["QX302"]
    time.sleep(0.1)
    assert spy_server == [spy_server[0]]


def test_billion_laughs_is_refused_quickly() -> None:
    """Nested entity expansion is refused before any expansion."""
    lines = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    data = f'<?xml version="1.0"?><!DOCTYPE d [{"".join(lines)}]><d>&a9;</d>'.encode()
    start = time.process_time()  # CPU time: a loaded machine does not make it slow
    assert codes(data) == ["QX302"]
    assert time.process_time() - start < 1.0


def test_quadratic_blowup_is_refused_quickly() -> None:
    """One large entity referenced many times is refused, not expanded."""
    data = (
        '<!DOCTYPE d [<!ENTITY a "' + "x" * 50_000 + '">]><d>' + "&a;" * 50_000 + "</d>"
    ).encode()
    start = time.process_time()  # CPU time: a loaded machine does not make it slow
    assert codes(data) == ["QX302"]
    assert time.process_time() - start < 1.0


def test_utf16_doctype_with_entities_is_refused() -> None:
    """The DOCTYPE scan also sees through UTF-16 input."""
    data = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "y">]><d>&x;</d>'
    assert codes(data.encode("utf-16")) == ["QX302"]


def test_doctype_without_entities_is_a_warning() -> None:
    """A bare DOCTYPE is ignored with a warning; the document still parses."""
    outcome = parse_xml(b"<!DOCTYPE d><d/>")
    assert outcome.value is not None
    assert [f.code for f in outcome.findings] == ["QX304"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "QX001"),  # empty input
        (b"   \n", "QX001"),  # white space only
        (b"<a><b>", "QX301"),  # truncated
        (b"<a>\x00</a>", "QX006"),  # NUL byte
        ('<?xml version="1.0" encoding="UTF-8"?><a>Müller</a>'.encode("latin-1"), "QX003"),
        (b'<?xml version="1.0" encoding="NOPE-1"?><a/>', "QX003"),  # unknown encoding
        (b"<a>" * 300 + b"</a>" * 300, "QX303"),  # deeper than libxml2 allows
        (b"\x89PNG\r\n\x1a\n\x00\x00", "QX006"),  # binary
    ],
)
def test_bad_input_gives_one_finding(data: bytes, code: str) -> None:
    """Each kind of bad input gives its code and no tree."""
    found = codes(data)
    assert found[0] == code or (code == "QX006" and found[0] in ("QX006", "QX301", "QX003"))


def test_size_limit_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Input over max_input_bytes (QENEX_MAX_INPUT_BYTES) is refused before parsing."""
    monkeypatch.setenv("QENEX_MAX_INPUT_BYTES", "100")
    assert codes(b"<a>" + b"x" * 200 + b"</a>") == ["QX004"]
    monkeypatch.setenv("QENEX_MAX_INPUT_BYTES", "1000")
    assert parse_xml(b"<a>" + b"x" * 200 + b"</a>").value is not None


def test_lower_depth_and_text_limits_are_enforced() -> None:
    """max_xml_depth and max_text_bytes below libxml2's own are checked, naming the setting."""
    from qenex_messages.limits import Limits

    deep = b"<a>" * 10 + b"</a>" * 10
    assert parse_xml(deep).value is not None
    (finding,) = parse_xml(deep, limits=Limits(max_xml_depth=5)).findings
    assert finding.code == "QX303"
    assert "max_xml_depth (QENEX_MAX_XML_DEPTH=5)" in finding.message
    (finding,) = parse_xml(b"<a>" + b"x" * 50 + b"</a>", limits=Limits(max_text_bytes=10)).findings
    assert finding.code == "QX004"
    assert "max_text_bytes" in finding.message


def test_parser_limits_cannot_exceed_libxml2() -> None:
    """huge_tree stays off, so the depth and text limits cannot be raised past libxml2's."""
    from qenex_messages.limits import Limits

    with pytest.raises(ValueError, match="max_xml_depth can be at most 256"):
        Limits(max_xml_depth=1000)


def test_utf16_document_parses() -> None:
    """A correctly declared UTF-16 document is fine."""
    data = '<?xml version="1.0" encoding="UTF-16"?><a>Müller</a>'.encode("utf-16")
    outcome = parse_xml(data)
    assert outcome.value is not None
    assert outcome.value.getroot().text == "Müller"


_PIECES = (
    b'<?xml version="1.0"?>',
    b"<!DOCTYPE d>",
    b'<!doctype d SYSTEM "x.dtd">',
    b'<!DOCTYPE d [<!ENTITY e "x">]>',
    b"<!DOCTYPE d [ %pe; ]>",
    b"<!DOCTYPE d [ <!ELEMENT d ANY> ]>",
    b"<!DOCTYPE d [ <!-- ] --> %pe; ]>",
    b'<!DOCTYPE d [ <!ATTLIST d x CDATA "]>"> %pe; ]>',
    b"<!DOCTYPE d [ <?pi <a?> %pe; ]>",
    b"<!-- <a -->",
    b"<d>50%off</d>",
    b"<!-- note! -->",
    b"<![CDATA[!]]>",
    b"<Document>",
    b"</Document>",
    b"!",
    b" ",
)


@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le"]),
)
def test_the_prolog_is_read_only_where_a_doctype_can_be(pieces: list[bytes], encoding: str) -> None:
    """Skipping the prolog of bytes without ``!`` (and without a UTF-16 byte-order mark)
    never changes whether a DOCTYPE that declares entities, refers to parameter entities or
    names an external DTD is found."""
    data = b"".join(pieces).decode().encode(encoding)
    full = xmlsafe.scan_prolog(xmlsafe.ascii_head(data))[1]
    assert xmlsafe._may_declare(data) == full


@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-16"]),
)
def test_whole_and_streamed_readers_refuse_the_same_doctypes(
    pieces: list[bytes], encoding: str
) -> None:
    """The whole reader and the stream's sniff refuse exactly the same DOCTYPEs: one with a
    parameter-entity reference behind a ``]`` in a comment or literal, or behind a ``<a`` in a
    comment or PI, is refused by both; a DOCTYPE that declares elements only, before a body
    that says ``50%off``, by neither."""
    from qenex_messages.iso20022.stream import sniff_xml

    data = b"".join(pieces).decode().encode(encoding)
    assert xmlsafe._may_declare(data) == sniff_xml(data).refused


def test_a_doctype_of_element_declarations_only_is_not_refused() -> None:
    data = b'<!DOCTYPE d [ <!ELEMENT d ANY> <!-- "]" --> ]><d>50%off</d>'
    assert not xmlsafe._may_declare(data)
    assert xmlsafe.scan_prolog(data) == (data.index(b"<d>"), False)
