"""The SWIFT format-notation compiler."""

from __future__ import annotations

import pytest

from qenex_messages.charsets import first_bad_char, is_x
from qenex_messages.swift_format import FormatSyntaxError, compile_format


@pytest.mark.parametrize(
    ("notation", "text", "expected"),
    [
        ("16x", "REF 123/A", {"c1": "REF 123/A"}),  # X allows space and slash
        ("16x", "", None),  # at least one character
        ("16x", "A" * 17, None),  # too long
        ("3!a", "USD", {"c1": "USD"}),
        ("3!a", "usd", None),  # a is upper case only
        ("4!c", "CRE1", {"c1": "CRE1"}),
        ("6!n3!a15d", "250115EUR1234,56", {"c1": "250115", "c2": "EUR", "c3": "1234,56"}),
        ("6!n3!a15d", "250115EUR1234", None),  # comma is mandatory
        ("6!n3!a15d", "250115EUR,5", None),  # a digit before the comma
        ("6!n3!a15d", "250115EUR1,2,3", None),  # one comma only
        ("15d", "1" * 14 + ",", {"c1": "1" * 14 + ","}),  # the comma counts in the length
        ("15d", "1" * 15 + ",", None),
        ("4*35x", "A\nB\nC\nD", {"c1": "A\nB\nC\nD"}),
        ("4*35x", "A\nB\nC\nD\nE", None),  # five lines
        ("4*35x", "A" * 36, None),  # 36 characters on a line
        ("2-4n", "123", {"c1": "123"}),
        ("2-4n", "1", None),
        ("4!h", "0AF9", {"c1": "0AF9"}),
        ("3e", "  ", {"c1": "  "}),
        ("4!A", "AbCd", {"c1": "AbCd"}),
        ("4!B", "Ab1d", {"c1": "Ab1d"}),
        ("2y", "A=", {"c1": "A="}),
        ("9000z", "a{b}", None),  # } is outside Z
        ("9000z", "a{b@\nc", {"c1": "a{b@\nc"}),  # Z has { @ and line breaks
    ],
)
def test_match(notation: str, text: str, expected: dict[str, str] | None) -> None:
    """Each notation accepts exactly the texts SWIFT's definition allows."""
    assert compile_format(notation).match(text) == expected


def test_optional_parts_and_names() -> None:
    """Optional parts give None; names label the components in order."""
    fmt = compile_format("4!c[/30x]", ("code", "info"))
    assert fmt.match("PHOB/123 456") == {"code": "PHOB", "info": "123 456"}
    assert fmt.match("SDVA") == {"code": "SDVA", "info": None}
    assert fmt.names == ("code", "info")


def test_party_identifier_and_bic() -> None:
    """[/1!a][/34x]$BIC reads the D/C mark, the account and the BIC on the next line."""
    fmt = compile_format(
        "[[/1!a][/34x]$]4!a2!a2!c[3!c]", ("dc", "account", "bank", "country", "location", "branch")
    )
    assert fmt.match("/C/123\nDEUTDEFFXXX") == {
        "dc": "C",
        "account": "123",
        "bank": "DEUT",
        "country": "DE",
        "location": "FF",
        "branch": "XXX",
    }
    assert fmt.match("//RTFOO\nFOOUUSYY")["account"] == "/RTFOO"  # type: ignore[index]
    assert fmt.match("INVALID BIC") is None


def test_lines_group() -> None:
    """N*(...) repeats a group on up to N lines (59F)."""
    fmt = compile_format("[/34x$]4*(1!n/33x)", ("account", "lines"))
    assert fmt.match("/1\n1/A\n3/SG/X") == {"account": "1", "lines": "1/A\n3/SG/X"}
    assert fmt.match("1/A\nX/B") is None
    assert fmt.max_lines == 4


def test_time_indication() -> None:
    """13C: /8c/4!n1!x4!n."""
    fmt = compile_format("/8c/4!n1!x4!n", ("code", "time", "sign", "offset"))
    assert fmt.match("/CLSTIME/0915+0100") == {
        "code": "CLSTIME",
        "time": "0915",
        "sign": "+",
        "offset": "0100",
    }
    assert fmt.match("/RNCTIME/123123123+0000") is None


def test_compiled_once() -> None:
    """The same notation and names give the very same compiled object (cached)."""
    assert compile_format("16x", ("a",)) is compile_format("16x", ("a",))


@pytest.mark.parametrize("notation", ["[16x", "4*(1!n", "16x]"])
def test_bad_notation(notation: str) -> None:
    """A malformed notation is a bug in a table and raises FormatSyntaxError."""
    with pytest.raises(FormatSyntaxError):
        compile_format(notation)


def test_character_set_helpers() -> None:
    """is_x and first_bad_char implement the X set exactly."""
    assert is_x("Abc 123 /-?:().,'+\nnext")
    assert not is_x("a_b")
    assert first_bad_char("ab}c") == 2
    assert first_bad_char("abc") == -1
