"""Envelopes: blocks, several messages per file, ACK prefix, S block, line endings, positions."""

from __future__ import annotations

from pathlib import Path

from qenex_messages.mt import check_mt, parse_mt103, parse_mt_messages

from .conftest import UETR, build, error_codes, report


def test_lf_and_crlf_parse_the_same() -> None:
    """LF input gives the same fields as CRLF; the line ending is remembered."""
    crlf, lf = parse_mt103(build()), parse_mt103(build(line_ending="\n"))
    assert [(f.tag, f.value) for f in crlf.fields] == [(f.tag, f.value) for f in lf.fields]
    assert (crlf.line_ending, lf.line_ending) == ("\r\n", "\n")
    assert error_codes(build(line_ending="\n")) == set()


def test_several_messages() -> None:
    """Back-to-back, RJE ($) and DOS-PCC (SOH/ETX) files give one report per message."""
    one = build()
    for text in (one + one, one + "$" + one, f"\x01{one}\x03   \x01{one}\x03"):
        reports = check_mt(text)
        assert [r.index for r in reports] == [0, 1]
        assert all(r.ok for r in reports)


def test_ack_prefix_and_s_block_kept() -> None:
    """A service-21 ACK before the message and an {S:} block after it are kept verbatim."""
    ack = "{1:F21BNPAFRPPAXXX0000000000}{4:{177:2501151200}{451:0}}"
    text = ack + build() + "{5:{CHK:0123456789AB}}{S:{SAC:}{COP:P}}"
    msg = parse_mt103(text)
    assert msg.prefix == ack
    assert msg.render() == text
    assert report(text).ok


def test_nak_prefix_is_reported() -> None:
    """A NAK (451:1) before the message is a warning."""
    nak = "{1:F21BNPAFRPPAXXX0000000000}{4:{177:2501151200}{451:1}{405:T26}}"
    assert "QX230" in report(nak + build()).codes()


def test_output_header() -> None:
    """An output block 2 gives sender = MIR LT, receiver = block 1 LT."""
    text = build().replace(
        "{2:I103CHASUS33XXXXN}", "{2:O1031200250115CHASUS33AXXX00000000002501151201N}"
    )
    msg = parse_mt103(text)
    assert (msg.sender_bic, msg.receiver_bic) == ("CHASUS33XXX", "BNPAFRPPXXX")
    assert report(text).ok


def test_unknown_block3_tags_kept() -> None:
    """Unknown block 3 tags are a warning and render back unchanged."""
    text = build(block3=f"{{108:MY REF}}{{999:X}}{{121:{UETR}}}")
    assert parse_mt103(text).render() == text
    rep = report(text)
    assert rep.ok
    assert "QX221" in rep.codes()


def test_positions_are_exact() -> None:
    """A bad character is reported at its own line and column with the field tag."""
    text = build(("70", "LINE ONE\nBAD_CHAR"))
    (f,) = [f for f in report(text).findings if f.code == "QX202"]
    lines = text.split("\r\n")
    row = next(i for i, line in enumerate(lines, 1) if line == "BAD_CHAR")
    assert (f.location.line, f.location.column, f.location.field) == (row, 4, "70")


def test_block_problems() -> None:
    """Order, repetition, unclosed blocks, white space and text outside blocks."""
    base = build()
    assert "QX211" in error_codes(
        base.replace("{2:I103CHASUS33XXXXN}{3:", "{3:", 1).replace(
            "}}{4:", "}}{2:I103CHASUS33XXXXN}{4:", 1
        )
    )
    assert "QX210" in error_codes(base[:-2])  # block 4 never closed
    assert "QX212" in error_codes(base + "garbage")
    assert "QX214" in error_codes(base.replace("\r\n-}", "-}"))
    spaced = base.replace("}{2:", "}\n{2:")
    assert "QX213" in report(spaced).codes()
    assert report(spaced).ok


def test_missing_block3_and_4() -> None:
    """Without block 3 the UETR is missing (U13); without block 4 the message is incomplete."""
    text = build()
    no3 = text[: text.index("{3:")] + text[text.index("{4:") :]
    assert error_codes(no3) == {"U13"}
    assert "QX210" in error_codes(text[: text.index("{4:")])


def test_other_message_type() -> None:
    """An MT202 is reported as such, with one unsupported finding and no crash."""
    (rep,) = check_mt(build().replace("I103", "I202"))
    assert rep.message_type == "MT202"
    assert "QX225" in rep.codes()


def test_field_line_starting_with_colon_is_content() -> None:
    """A continuation line starting with ':' but not ':NN:' stays in the field."""
    msg = parse_mt103(build(("70", "A\n:NOT A TAG")))
    assert msg.field("70").value == "A\n:NOT A TAG"  # type: ignore[union-attr]


def test_parse_mt_messages_all() -> None:
    """parse_mt_messages returns every message, each with its index."""
    messages = parse_mt_messages(build() + build(("20", "SECOND")))
    assert [m.index for m in messages] == [0, 1]
    assert messages[1].field("20").value == "SECOND"  # type: ignore[union-attr]


def test_a_message_read_twice_is_equal_and_shows_its_tokens() -> None:
    """Reading the same MT103 twice gives equal messages (fields, and the tokens they were read
    from, compare by value), and a field's repr shows its token, not an object address."""
    data = (Path(__file__).resolve().parents[2] / "examples" / "mt103.fin").read_bytes()
    first, again = parse_mt103(data), parse_mt103(data)
    assert first == again
    assert first.fields[0].token is not again.fields[0].token
    assert "FieldToken(tag=" in repr(first.fields[0]) and " at 0x" not in repr(first.fields[0])
