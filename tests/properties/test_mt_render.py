"""MT103 written back keeps what was read: the line break after ``-}``, the lines of field 72 as
they stand (no code word invented), and a finding when the model cannot keep the order of 72."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_messages.mt import parse_mt_messages, render_mt103
from qenex_messages.translation import mt103_to_pacs008, pacs008_to_mt103
from tests.translation.test_roundtrip import mt103_texts

HEAD = (
    "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}"
    "{3:{121:9bfd29ee-d028-43bf-8e26-ce33331b9079}}{4:\r\n:20:REF1\r\n:23B:CRED\r\n"
    ":32A:260302EUR100,\r\n:50K:/BE71096123456769\r\nJOHN DOE\r\n"
    ":59:/DE89370400440532013000\r\nJANE DOE\r\n:71A:SHA\r\n"
)


def _with_72(*lines: str) -> str:
    return HEAD + ":72:" + "\r\n".join(lines) + "\r\n-}"


@settings(max_examples=20)
@given(mt103_texts(), st.lists(st.sampled_from(["\r\n", "\n", " "]), max_size=3).map("".join))
def test_what_follows_the_last_block_is_written_back(text: str, after: str) -> None:
    """parse -> render gives the very bytes read, whatever white space follows ``-}``, for one
    message and for two in a row."""
    for data in (text + after, text + after + text + after):
        rendered = "".join(m.render(line_ending=m.line_ending) for m in parse_mt_messages(data))
        assert rendered == data


def test_a_72_line_without_code_stays_as_it_is() -> None:
    """Model -> MT103 writes free 72 text on its own line, with no /REC/ put in front of it."""
    (message,) = parse_mt_messages(_with_72("/REC/FOO BAR", "FREE TEXT HERE"))
    rendered = render_mt103(message.to_model().value)
    assert ":72:/REC/FOO BAR\r\nFREE TEXT HERE\r\n" in rendered.value
    assert not [f for f in rendered.findings if f.location.field == "72"]


def test_72_order_the_model_cannot_keep_is_named() -> None:
    """/INS/ after another line: the model keeps the kinds apart, and a finding at 72 says so;
    in the order a render writes (INS, ACC, rest) there is no such finding."""
    moved = parse_mt_messages(_with_72("/REC/FOO", "/INS/BANKDEFF"))[0].to_model()
    assert [f.code for f in moved.findings if f.location.field == "72"] == ["QX422"]
    kept = parse_mt_messages(_with_72("/INS/BANKDEFF", "/REC/FOO"))[0].to_model()
    assert not [f for f in kept.findings if f.location.field == "72"]


def test_free_72_text_keeps_its_words_through_pacs008() -> None:
    """MT103 -> pacs.008 -> MT103: a 72 line without code is joined with a space, not glued to
    the word before it."""
    xml = mt103_to_pacs008(_with_72("/REC/FOO BAR", "FREE TEXT HERE"))
    back = pacs008_to_mt103(xml.value)
    assert "/REC/FOO BAR FREE TEXT HERE" in back.value[0]


def test_code_word_written_before_next_agent_text_is_named() -> None:
    """pacs.008 -> MT103: InstrForNxtAgt text without a code gets /REC/ and a finding at its
    XPath (the value is filled in, never silently)."""
    xml = mt103_to_pacs008(_with_72("/REC/FOO")).value
    xml = xml.replace(b"<InstrInf>/REC/FOO</InstrInf>", b"<InstrInf>CALL BEFORE PAYING</InstrInf>")
    back = pacs008_to_mt103(xml)
    assert ":72:/REC/CALL BEFORE PAYING" in back.value[0]
    named = [f for f in back.findings if f.code == "QX443" and "InstrForNxtAgt" in str(f)]
    assert named, back.findings
