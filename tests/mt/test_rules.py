"""Field-level value codes and the STP field restrictions (the network rules C1-C18, 23E, 51A and
REMIT are records with their own examples, run by tests/test_rule_records.py).

Each case breaks one thing in a valid base message (conftest.build); the passing twin changes the
same field in an allowed way and must be free of errors.
"""

from __future__ import annotations

import pytest

from .conftest import UETR, build, error_codes

STP = f"{{119:STP}}{{121:{UETR}}}"
REMIT = f"{{119:REMIT}}{{121:{UETR}}}"
EEA = {"sender": "DEUTDEFFAXXX", "receiver": "BNPAFRPPXXXX"}

Change = tuple[str, str | None]

# (code, why, failing changes, passing changes, build options)
CASES: list[tuple[str, str, list[Change], list[Change], dict[str, str]]] = [
    ("D97", "23E SDVA takes no text", [("23E", "SDVA/TODAY")], [("23E", "HOLD/AT COUNTER")], {}),
    ("T47", "23E code unknown", [("23E", "FOOO")], [("23E", "REPA/123")], {}),
    ("T36", "23B code unknown", [("23B", "ABCD")], [("23B", "SPAY")], {}),
    ("T08", "71A code unknown", [("71A", "XYZ")], [("71A", "OUR")], {}),
    ("T26", "20 starts with a slash", [("20", "/REF")], [("20", "REF/1")], {}),
    ("T26", "20 contains //", [("20", "RE//F")], [("20", "RE/F")], {}),
    ("T50", "32A date is not real", [("32A", "250230USD1000,")], [("32A", "240229USD1000,")], {}),
    ("T52", "32A currency unknown", [("32A", "250115XYZ1000,")], [("32A", "250115JPY1000,")], {}),
    (
        "T43",
        "32A amount without comma",
        [("32A", "250115USD1000")],
        [("32A", "250115USD1000,")],
        {},
    ),
    (
        "T40",
        "32A amount without integer digit",
        [("32A", "250115USD,50")],
        [("32A", "250115USD0,50")],
        {},
    ),
    ("C03", "JPY has no decimals", [("32A", "250115JPY1000,5")], [("32A", "250115JPY1000,")], {}),
    (
        "D57",
        "71G must not be zero",
        [("71A", "OUR"), ("71G", "USD0,"), ("33B", "USD1000,")],
        [("71A", "OUR"), ("71G", "USD1,"), ("33B", "USD999,")],
        {},
    ),
    ("T38", "13C time", [("13C", "/CLSTIME/2415+0100")], [("13C", "/CLSTIME/0915+0100")], {}),
    ("T15", "13C sign", [("13C", "/CLSTIME/0915*0100")], [("13C", "/CLSTIME/0915-0100")], {}),
    ("T16", "13C offset", [("13C", "/CLSTIME/0915+1400")], [("13C", "/CLSTIME/0915+1300")], {}),
    ("T27", "52A is not a BIC", [("52A", "NOT A BIC")], [("52A", "DEUTDEFF")], {}),
    (
        "T54",
        "50F line 1 layout",
        [("50K", None), ("50F", "NOSLASH\n1/JOHN")],
        [("50K", None), ("50F", "/123\n1/JOHN")],
        {},
    ),
    (
        "T55",
        "50F identification code",
        [("50K", None), ("50F", "ABCD/DE/123\n1/JOHN")],
        [("50K", None), ("50F", "CCPT/DE/123\n1/JOHN")],
        {},
    ),
    (
        "T56",
        "50F 2 without 3",
        [("50K", None), ("50F", "/123\n1/JOHN\n2/STREET")],
        [("50K", None), ("50F", "/123\n1/JOHN\n2/STREET\n3/DE/BERLIN")],
        {},
    ),
    (
        "T56",
        "59F numbers descending",
        [("59", None), ("59F", "/123\n3/DE/BERLIN\n1/JANE")],
        [("59", None), ("59F", "/123\n1/JANE\n3/DE/BERLIN")],
        {},
    ),
    (
        "T73",
        "59F line 3 country",
        [("59", None), ("59F", "/123\n1/JANE\n3/XX/TOWN")],
        [("59", None), ("59F", "/123\n1/JANE\n3/DE/TOWN")],
        {},
    ),
    (
        "T50",
        "50F date of birth",
        [("50K", None), ("50F", "/1\n1/JOHN\n4/20251340\n5/DE/BONN")],
        [("50K", None), ("50F", "/1\n1/JOHN\n4/19800101\n5/DE/BONN")],
        {},
    ),
    ("QX202", "character outside X", [("70", "INVOICE_123")], [("70", "INVOICE-123")], {}),
    ("QX203", "70 line too long", [("70", "A" * 36)], [("70", "A" * 35)], {}),
    ("QX203", "70 five lines", [("70", "A\nB\nC\nD\nE")], [("70", "A\nB\nC\nD")], {}),
    ("QX204", "71A missing", [("71A", None)], [], {}),
    (
        "QX227",
        "72 line without a code",
        [("72", "FREE TEXT")],
        [("72", "/REC/FREE TEXT\n//MORE")],
        {},
    ),
    ("QX205", "77T outside REMIT", [("77T", "/NARR/TEXT")], [], {}),
]

STP_CASES: list[tuple[str, str, list[Change], list[Change]]] = [
    ("T48", "STP 23E codes", [("23E", "HOLD")], [("23E", "SDVA")]),
    ("T81", "STP forbids /REJT/", [("72", "/REJT/59")], [("72", "/REC/59")]),
    ("T44", "STP /INS/ with a BIC only", [("72", "/INS/SOME BANK")], [("72", "/INS/DEUTDEFF")]),
    ("T47", "STP /INS/ once", [("72", "/INS/DEUTDEFF\n/INS/CITIUS33")], [("72", "/INS/DEUTDEFF")]),
    ("QX208", "STP allows 52A only", [("52D", "SOME BANK")], [("52A", "DEUTDEFF")]),
]


@pytest.mark.parametrize(
    ("code", "why", "bad", "good", "opts"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_core_rule(
    code: str, why: str, bad: list[Change], good: list[Change], opts: dict[str, str]
) -> None:
    """The failing message gets the code; the passing twin has no error at all."""
    assert code in error_codes(build(*bad, **opts)), why
    assert error_codes(build(*good, **opts)) == set(), why


@pytest.mark.parametrize(("code", "why", "bad", "good"), STP_CASES, ids=[c[0] for c in STP_CASES])
def test_stp_rule(code: str, why: str, bad: list[Change], good: list[Change]) -> None:
    """MT103 STP restrictions apply when block 3 has 119:STP."""
    assert code in error_codes(build(*bad, block3=STP)), why
    assert error_codes(build(*good, block3=STP)) == set(), why


def test_stp_rules_silent_without_flag() -> None:
    """Without 119:STP the same 23E HOLD is a valid core message."""
    assert error_codes(build(("23E", "HOLD"))) == set()


def test_uetr() -> None:
    """121 missing is U13; a malformed 121 is QX113; an invalid 119 is QX223."""
    assert error_codes(build(block3="{108:MUR}")) == {"U13"}
    assert error_codes(build(block3="{121:EB6305C9-1F7F-49DE-AED0-16487C27B42D}")) == {"QX113"}
    assert error_codes(build(block3=f"{{119:COV}}{{121:{UETR}}}")) == {"QX223"}


def test_finding_location_points_at_the_field() -> None:
    """A rule finding names the field tag and the line/column of its ':tag:'."""
    text = build(("71G", "USD5,"), ("33B", "USD995,"))
    from .conftest import report

    (finding,) = [f for f in report(text).errors if f.code == "D50"]
    lines = text.split("\r\n")
    line = next(i for i, x in enumerate(lines, 1) if x.startswith(":71G:"))
    assert (finding.location.line, finding.location.column, finding.location.field) == (
        line,
        1,
        "71G",
    )
