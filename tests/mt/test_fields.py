"""Sub-field extraction for every MT103 field option."""

from __future__ import annotations

import pytest

from qenex_messages.mt import FIELDS, parse_mt103
from qenex_messages.mt.fields import FIELDS_BY_TAG, SRU, parse_amount, parse_date

from .conftest import build


def test_table() -> None:
    """The table follows SR 2025 and holds every MT103 field and option."""
    assert SRU == 2025
    tags = set(FIELDS_BY_TAG)
    expected = {
        "20",
        "13C",
        "23B",
        "23E",
        "26T",
        "32A",
        "33B",
        "36",
        "50A",
        "50F",
        "50K",
        "51A",
        "52A",
        "52D",
        "53A",
        "53B",
        "53D",
        "54A",
        "54B",
        "54D",
        "55A",
        "55B",
        "55D",
        "56A",
        "56C",
        "56D",
        "57A",
        "57B",
        "57C",
        "57D",
        "59",
        "59A",
        "59F",
        "70",
        "71A",
        "71F",
        "71G",
        "72",
        "77B",
        "77T",
    }
    assert tags == expected
    assert [s.base for s in FIELDS][:3] == ["20", "13", "23"]


@pytest.mark.parametrize(
    ("tag", "value", "components"),
    [
        ("32A", "250115USD1000,00", {"date": "250115", "currency": "USD", "amount": "1000,00"}),
        ("33B", "EUR900,", {"currency": "EUR", "amount": "900,"}),
        ("36", "0,9236", {"rate": "0,9236"}),
        (
            "13C",
            "/CLSTIME/0915+0100",
            {"code": "CLSTIME", "time": "0915", "sign": "+", "offset": "0100"},
        ),
        ("23E", "PHOB/20.527.19.60", {"code": "PHOB", "info": "20.527.19.60"}),
        ("26T", "K90", {"code": "K90"}),
        ("50A", "/123\nDEUTDEFFXXX", {"account": "123", "bank": "DEUT", "branch": "XXX"}),
        (
            "50F",
            "CCPT/RU/03 01 767874\n1/SOROKIN\n3/RU/SOCHI",
            {"party_identifier": "CCPT/RU/03 01 767874"},
        ),
        ("50K", "/12345678\nJOHN DOE", {"account": "12345678", "name_address": "JOHN DOE"}),
        ("52A", "/D/1234\nDEUTDEFF", {"dc": "D", "account": "1234", "country": "DE"}),
        ("52D", "//AT12345\nBANK\nTOWN", {"account": "/AT12345", "name_address": "BANK\nTOWN"}),
        ("53B", "/C/123\nNEW YORK", {"dc": "C", "account": "123", "location": "NEW YORK"}),
        ("53B", "NEW YORK", {"location": "NEW YORK"}),
        ("56C", "//FW021000021", {"account": "/FW021000021"}),
        ("57D", "BANK NAME\nSTREET", {"name_address": "BANK NAME\nSTREET"}),
        ("59", "723491524\nC. KLEIN", {"account": None, "name_address": "723491524\nC. KLEIN"}),
        ("59A", "/DE89370400440532013000\nDEUTDEFF", {"account": "DE89370400440532013000"}),
        (
            "59F",
            "/985412687\n1/AGODA\n3/SG/SINGAPORE",
            {"account": "985412687", "lines": "1/AGODA\n3/SG/SINGAPORE"},
        ),
        ("70", "/ROC/E2E0404\nMORE", {"text": "/ROC/E2E0404\nMORE"}),
        ("71F", "USD10,", {"currency": "USD", "amount": "10,"}),
        ("72", "/INS/CHASUS33", {"text": "/INS/CHASUS33"}),
        ("77B", "/ORDERRES/BE//MEILAAN 1", {"text": "/ORDERRES/BE//MEILAAN 1"}),
    ],
)
def test_components(tag: str, value: str, components: dict[str, str | None]) -> None:
    """Each option's sub-fields are extracted by name."""
    extra = [(tag, value)]
    if tag.startswith("50"):
        extra.insert(0, ("50K", None))
    if tag.startswith("59"):
        extra.insert(0, ("59", None))
    if tag == "56C":
        extra.append(("57A", "CITIUS33"))
    msg = parse_mt103(build(*extra))
    f = msg.field(tag)
    assert f is not None
    for name, expected in components.items():
        assert f.get(name) == expected


def test_bic_property() -> None:
    """MtField.bic joins the BIC parts."""
    msg = parse_mt103(build(("57A", "/C/1\nCITIUS33XXX")))
    assert msg.field("57A").bic == "CITIUS33XXX"  # type: ignore[union-attr]


def test_amounts_and_dates() -> None:
    """Decimal-comma amounts become Decimal (never float); YYMMDD uses the 80/20 window."""
    from decimal import Decimal

    assert parse_amount("1234,56") == Decimal("1234.56")
    assert parse_amount("100,") == Decimal("100")
    assert parse_amount("1.5") is None
    assert parse_date("991231").year == 1999  # type: ignore[union-attr]
    assert parse_date("250115").year == 2025  # type: ignore[union-attr]
    assert parse_date("250230") is None


def test_repeated_and_out_of_order() -> None:
    """A field that may not repeat (QX207) and a field out of order (QX206)."""
    from .conftest import error_codes

    assert "QX207" in error_codes(build(("70", "A"), ("70+", "B")))
    text = build().replace(":23B:CRED\r\n", "").replace(":71A:SHA\r\n", ":71A:SHA\r\n:23B:CRED\r\n")
    assert "QX206" in error_codes(text)
