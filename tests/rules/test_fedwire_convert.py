"""CBPR+ -> Fedwire: a CBPR+-clean pacs.008 converted with the agents' ABA numbers and an IMAD
passes the fedwire profile (and, with ../shared, the Fedwire guideline XSDs); what the message
cannot give (a USD amount, an ABA number, the IMAD) is an error finding, never a guess.

Property: over the corpus's CBPR+-clean pacs.008.001.08 messages and the CBPR+ sample with any
USD amount, conversion errors and the fedwire profile's remaining errors name the same causes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from qenex_messages import cli
from qenex_messages.findings import QenexError
from qenex_messages.pipeline.validate import validate_bytes
from qenex_messages.rules import check_profile
from qenex_messages.rules.fedwire.convert import FEDWIRE_SERVICE, to_fedwire
from qenex_messages.rules.samples import CBPR_PACS, sample
from tests.console import check_console_section
from tests.iso20022.conftest import corpus_files
from tests.rules.test_fedwire_guideline import GUIDELINES, PARTS, _errors

IMAD = "20261126QXMSGS01000042"
AS_OF = date(2026, 11, 26)
ROUTING = ("021000021", "121000248", "011000015", "026009593")
"""Valid ABA numbers the tests hand out, as a user maps their correspondents' BICs."""


def _agents(data: bytes) -> dict[str, str]:
    """Every BIC of the instructing and instructed agents, mapped to an ABA number."""
    root = etree.fromstring(data)
    bics = [
        el.text or ""
        for name in ("InstgAgt", "InstdAgt")
        for el in root.iter(f"{{*}}{name}")
        for el in el.iter("{*}BICFI")
    ]
    return {bic: ROUTING[n % len(ROUTING)] for n, bic in enumerate(dict.fromkeys(bics))}


def _cbpr_clean() -> list[tuple[str, bytes]]:
    """The corpus's pacs.008.001.08 messages that --profile cbpr+ passes, and the sample."""
    found = [("cbpr-sample", sample(CBPR_PACS).encode())]
    for path in corpus_files():
        data = path.read_bytes()
        if b"pacs.008.001.08" not in data:
            continue
        (report,) = validate_bytes(data, source=path.name, profile="cbpr+", as_of=AS_OF)
        if report.version == "pacs.008.001.08" and not report.errors:
            found.append((path.name, data))
    return found


CLEAN = _cbpr_clean()


def _currency(data: bytes) -> str | None:
    amount = next(etree.fromstring(data).iter("{*}IntrBkSttlmAmt"), None)
    return None if amount is None else amount.get("Ccy")


@pytest.mark.parametrize(("name", "data"), CLEAN, ids=[n for n, _ in CLEAN])
def test_a_cbpr_clean_message_converts_for_fedwire(name: str, data: bytes) -> None:
    """In USD it passes the fedwire profile; in another currency the one error is the
    currency, reported by the conversion (QX571) and by the profile (FEDWIRE-AMOUNT)."""
    result = to_fedwire(data, agents=_agents(data), imad=IMAD, source=name, as_of=AS_OF)
    assert result.data is not None
    errors = sorted({f.code for f in result.findings if f.is_error})
    if _currency(data) == "USD":
        assert errors == [], [f.message for f in result.findings if f.is_error]
        assert result.ok
        if GUIDELINES.is_dir():
            converted = etree.fromstring(result.data)
            for part in PARTS:
                xml = etree.tostring(next(converted.iter(f"{{*}}{part}")))
                assert _errors(part, xml) == [], part
    else:  # one cause, one finding: the conversion's, not the profile's FEDWIRE-AMOUNT too
        assert errors == ["QX571"]
    again = check_profile(etree.fromstring(result.data), "fedwire", as_of=AS_OF)
    expected = [] if _currency(data) == "USD" else ["FEDWIRE-AMOUNT"]
    assert sorted({f.code for f in again if f.is_error}) == expected


@given(st.decimals(Decimal("0.01"), Decimal("999999999.99"), places=2))
def test_any_usd_amount_of_the_cbpr_sample_converts_clean(amount: Decimal) -> None:
    """The CBPR+ sample in USD, with any 2-decimal amount, converts to a clean Fedwire message."""
    text = sample(CBPR_PACS).replace('Ccy="JPY">1000<', f'Ccy="USD">{amount}<')
    data = text.replace('Ccy="JPY"', 'Ccy="USD"').encode()
    result = to_fedwire(data, agents=_agents(data), imad=IMAD, as_of=AS_OF)
    assert result.ok, [f.message for f in result.findings if f.is_error]


def test_what_the_message_lacks_is_an_error_never_a_guess() -> None:
    """Without the IMAD or an agent's ABA number the conversion says so, and the profile
    reports the same places."""
    data = sample(CBPR_PACS).replace('Ccy="JPY"', 'Ccy="USD"').encode()
    agents = _agents(data)
    agents.pop("EFGHDEFFXXX")
    result = to_fedwire(data, agents=agents, as_of=AS_OF)
    needed = [f.message for f in result.findings if f.code == "QX571"]
    assert any("GrpHdr/MsgId must be the IMAD" in m for m in needed)
    assert any("InstdAgt EFGHDEFFXXX" in m and "--aba EFGHDEFFXXX=ROUTING" in m for m in needed)
    assert {f.code for f in result.findings if f.is_error} == {"QX571"}
    assert not result.ok
    assert result.data is not None
    again = check_profile(etree.fromstring(result.data), "fedwire", as_of=AS_OF)
    assert {f.code for f in again if f.is_error} == {"FEDWIRE-IMAD", "FEDWIRE-AGENT-ID"}


def test_the_header_names_the_sender_and_the_service() -> None:
    """AppHdr From is the instructing agent's ABA, To the Fedwire Funds Service."""
    data = sample(CBPR_PACS).encode()
    result = to_fedwire(data, agents=_agents(data), imad=IMAD, service="PROD", as_of=AS_OF)
    assert result.data is not None
    header = next(etree.fromstring(result.data).iter("{*}AppHdr"))
    members = [el.text for el in header.iter("{*}MmbId")]
    assert members == [_agents(data)["ABCDGB2LXXX"], FEDWIRE_SERVICE]
    assert next(header.iter("{*}BizSvc")).text == "PROD"
    dropped = [f.message for f in result.findings if f.code == "QX570"]
    assert any(m.startswith("AppHdr/Prty dropped") for m in dropped)


@pytest.mark.parametrize(
    ("agents", "options"),
    [
        ({"NOTABIC": "021000021"}, {}),
        ({"ABCDGB2LXXX": "021000022"}, {}),
        ({}, {"imad": "20261131QXMSGS01000042"}),
        ({}, {"service": "LIVE"}),
    ],
)
def test_a_bad_option_is_refused(agents: dict[str, str], options: dict[str, str]) -> None:
    """A mapping that is no BIC=ABA, an IMAD of no date, an unknown BizSvc: QenexError."""
    with pytest.raises(QenexError):
        to_fedwire(sample(CBPR_PACS).encode(), agents=agents, **options)  # type: ignore[arg-type]


def test_convert_to_fedwire_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`convert --to fedwire --aba BIC=ROUTING --imad ...` writes a message the fedwire profile
    passes (and the guideline XSDs, when ../shared has them)."""
    text = sample(CBPR_PACS).replace('Ccy="JPY"', 'Ccy="USD"')
    source = tmp_path / "cbpr.xml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "fedwire.xml"
    argv = ["convert", str(source), "--to", "fedwire", "-o", str(out), "--imad", IMAD]
    for bic, number in _agents(text.encode()).items():
        argv += ["--aba", f"{bic}={number}"]
    assert cli.main(argv) == 0, capsys.readouterr().err
    converted = etree.fromstring(out.read_bytes())
    assert [f for f in check_profile(converted, "fedwire", as_of=AS_OF) if f.is_error] == []
    if GUIDELINES.is_dir():  # else the profile check above stands alone
        for part in PARTS:
            xml = etree.tostring(next(converted.iter(f"{{*}}{part}")))
            assert _errors(part, xml) == [], part
    capsys.readouterr()
    assert cli.main(["convert", str(source), "--to", "fedwire", "-o", str(out)]) == 1
    assert "give it (--aba" in capsys.readouterr().err


def test_the_corpus_gives_cbpr_messages_to_convert() -> None:
    """The corpus, when present, adds CBPR+-clean messages in USD and in other currencies."""
    if not corpus_files():
        pytest.skip("no ../shared corpus")
    currencies = {_currency(data) for _, data in CLEAN}
    assert "USD" in currencies
    assert len(currencies) > 1


def test_the_fedwire_example_of_the_cli_page_prints_what_it_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """docs/cli.md "Converting for Fedwire": the command prints what follows it, exits 1."""
    assert check_console_section("Converting for Fedwire", capsys, monkeypatch, tmp_path) >= 1
