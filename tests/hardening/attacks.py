"""The attack corpus, built in memory (never downloaded), and every public entry point.

Each attack is a name, the bytes, and a marker that must never show up in any output (the
content of a file or server an entity points at). Each entry point takes bytes and a path to a
copy on disk, and returns the findings, or raises a documented ``QenexError``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from qenex_messages import QenexError
from qenex_messages.cli import main
from qenex_messages.findings import Finding
from qenex_messages.iso20022 import check_xml, parse_document, parse_xml
from qenex_messages.mt import check_mt, parse_mt103, parse_mt_messages
from qenex_messages.pipeline import validate_bytes
from qenex_messages.pipeline.stream import iter_transactions, validate_stream

NS = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"
SECRET = "QX-SECRET-MARKER-7f3a"


def _doc(doctype: str, text: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<Document xmlns="{NS}">'
        f"<FIToFICstmrCdtTrf><GrpHdr><MsgId>{text}</MsgId></GrpHdr></FIToFICstmrCdtTrf>"
        "</Document>\n"
    ).encode()


UNDECLARED_ENTITY_DOCTYPES = {
    "after-comment": "<!-- <a --><!DOCTYPE Document [ %pe; ]>",
    "after-pi": "<?foo <bar?><!DOCTYPE Document [ %pe; ]>",
    "comment-in-subset": "<!DOCTYPE Document [ <!-- <a --> %pe; ]>",
    "pi-in-subset": "<!DOCTYPE Document [ <?pi <a?> %pe; ]>",
    "bracket-in-comment": "<!DOCTYPE Document [ <!-- ] --> %pe; ]>",
    "bracket-in-literal": '<!DOCTYPE Document [ <!ATTLIST Document x CDATA "]>"> %pe; ]>',
}
"""DOCTYPEs whose parameter-entity reference hides from a scan that stops at the first ``<a``
or ``]``: the document may then refer to an entity nothing declares."""


def xml_attacks(secret_file: Path, url: str) -> dict[str, bytes]:
    """XML attacks; ``secret_file`` holds :data:`SECRET`, ``url`` points at a canary server."""
    laughs = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    blob = "A" * 50_000
    mt_like = "Q" * 1
    return {
        "xxe-file": _doc(f'<!DOCTYPE Document [<!ENTITY x SYSTEM "file://{secret_file}">]>', "&x;"),
        "xxe-network": _doc(f'<!DOCTYPE Document [<!ENTITY x SYSTEM "{url}/xxe">]>', "&x;"),
        "xxe-parameter": _doc(f'<!DOCTYPE Document [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>', "x"),
        "external-dtd": _doc(f'<!DOCTYPE Document SYSTEM "{url}/evil.dtd">', "x"),
        # a parameter-entity reference lets &foo; through undeclared, unexpanded
        "undeclared-entity": _doc("<!DOCTYPE Document [ %pe; ]>", "MSG-1&foo;"),
        "undeclared-entity-spaced": _doc("<!DOCTYPE Document [\n%pe;\n]>", "&foo;"),
        **{
            f"undeclared-entity-{name}": _doc(doctype, "&foo;")
            for name, doctype in UNDECLARED_ENTITY_DOCTYPES.items()
        },
        "billion-laughs": _doc(f"<!DOCTYPE Document [{''.join(laughs)}]>", "&lol9;"),
        "quadratic-blowup": _doc(f'<!DOCTYPE Document [<!ENTITY a "{blob}">]>', "&a;" * 5_000),
        "deep-nesting": f'<Document xmlns="{NS}">'.encode()
        + b"<a>" * 100_000
        + b"</a>" * 100_000
        + b"</Document>",
        "huge-text-node": _doc("", "").replace(
            b"<MsgId></MsgId>", b"<MsgId>" + b"B" * (100 << 20) + b"</MsgId>"
        ),
        "invalid-utf8": _doc("", "ok").replace(b"ok", b"\xff\xfe\xc3\x28 bad"),
        "utf16-lying-declaration": _doc("", "x").decode().encode("utf-16"),
        "utf8-declared-utf16": _doc("", "x").replace(b"UTF-8", b"UTF-16"),
        "nul-bytes": _doc("", "a\x00b"),
        "only-prolog": b'<?xml version="1.0"?>' + b" " * 70_000 + b"<!-- never closed",
        "mt-in-xml-clothing": f"<{mt_like}".encode() * 10,
    }


MT_HEAD = b"{1:F01DEUTDEFFAXXX0000000001}{2:I103INGBNL2AXXXXN}"


def mt_attacks() -> dict[str, bytes]:
    """MT attacks: unbalanced braces, a 1 MB field, NULs, runaway blocks."""
    return {
        "mt-unbalanced-open": MT_HEAD + b"{3:{108:X}{4:\r\n:20:REF\r\n:23B:CRED\r\n",
        "mt-unbalanced-close": MT_HEAD + b"}}}}{4:\r\n:20:REF\r\n-}}}}}",
        "mt-many-opens": b"{1:" + b"{" * 10_000,
        "mt-many-blocks": (MT_HEAD + b"{4:\r\n:20:R\r\n-}") * 500,
        "mt-1mb-field": MT_HEAD + b"{4:\r\n:20:REF\r\n:70:" + b"A" * (1 << 20) + b"\r\n-}",
        "mt-1mb-line-count": MT_HEAD + b"{4:\r\n:20:REF\r\n:70:" + b"A\r\n" * 5_000 + b"-}",
        "mt-nul-bytes": MT_HEAD + b"{4:\r\n:20:R\x00F\r\n-}",
        "mt-invalid-utf8": MT_HEAD + b"{4:\r\n:20:R\xff\xfeF\r\n-}",
        "mt-many-fields": MT_HEAD + b"{4:\r\n" + b":72:/ACC/X\r\n" * 1_000 + b"-}",
    }


Entry = Callable[[bytes, Path], list[Finding]]


def _reports(reports: list[object]) -> list[Finding]:
    found: list[Finding] = []
    for report in reports:
        found.extend(getattr(report, "findings"))  # noqa: B009 - Report or list alike
    return found


def _raises_or(findings: Callable[[], list[Finding]]) -> list[Finding]:
    try:
        return findings()
    except QenexError as exc:
        return list(getattr(exc, "findings", ())) or [_marker(exc)]


def _drain(path: Path) -> list[Finding]:
    for _ in iter_transactions(path):
        pass
    return []


def _marker(exc: QenexError) -> Finding:
    from qenex_messages.findings import Severity

    return Finding("raised", Severity.ERROR, str(exc))


def _cli(data: bytes, path: Path) -> list[Finding]:
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["validate", str(path), "--format", "json", "-q", "--jobs", "1"])
    text = out.getvalue()
    assert code in (0, 1, 2), code
    assert "Traceback" not in text
    from qenex_messages.findings import Severity

    return [Finding("cli", Severity.ERROR if code else Severity.INFO, text[:100_000])]


ENTRY_POINTS: dict[str, Entry] = {
    "validate_bytes": lambda data, path: _reports(list(validate_bytes(data, source="attack"))),
    "check_xml": lambda data, path: check_xml(data, source="attack").findings,
    "parse_xml": lambda data, path: list(parse_xml(data, source="attack").findings),
    "parse_document": lambda data, path: _raises_or(
        lambda: list(parse_document(data, source="attack").findings)
    ),
    "check_mt": lambda data, path: _reports(list(check_mt(data, source="attack"))),
    "parse_mt_messages": lambda data, path: _raises_or(
        lambda: [f for m in parse_mt_messages(data, source="attack") for f in m.findings]
    ),
    "parse_mt103": lambda data, path: _raises_or(
        lambda: list(parse_mt103(data, source="attack").findings)
    ),
    "validate_stream": lambda data, path: list(validate_stream(path)),
    "validate_stream_file": lambda data, path: list(validate_stream(io.BytesIO(data))),
    "iter_transactions": lambda data, path: _raises_or(lambda: _drain(path)),
    "cli": _cli,
}
