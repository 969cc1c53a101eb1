"""MT103 -> model -> MT103 -> model keeps every value, or a finding names the field it changed.

The comparison is an outside reviewer's: the multisets of (model path without indexes, value) of
the two models; each difference must be named by a finding (of reading, rendering or reading
back) located at an MT field that can hold that part of the model.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings

from qenex_messages.findings import Finding, QenexError
from qenex_messages.mt import Mt103Message, parse_mt_messages, render_mt103
from tests.leaves import model_leaves
from tests.translation.test_roundtrip import mt103_texts

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "mt103"
FILES = (
    sorted(
        p
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix not in (".md", ".tsv") and "SUMS" not in p.name
    )
    if CORPUS.exists()
    else []
)

# Which MT fields hold each part of the model (the second path segment under transactions).
_TRANSACTION_TAGS = {
    "instruction_id": ("20",),
    "end_to_end_id": ("70",),
    "uetr": ("3:121",),
    "instructing_agent": ("1", "2"),
    "instructed_agent": ("1", "2"),
    "interbank_settlement_amount": ("32A",),
    "interbank_settlement_date": ("32A",),
    "instructed_amount": ("33B",),
    "exchange_rate": ("36",),
    "time_indications": ("13C",),
    "payment_type": ("23E", "3:111"),
    "purpose": ("26T",),
    "debtor": ("50",),
    "debtor_account": ("50",),
    "creditor": ("59",),
    "creditor_account": ("59",),
    "debtor_agent": ("52",),
    "debtor_agent_account": ("52",),
    "creditor_agent": ("57",),
    "creditor_agent_account": ("57",),
    "intermediary_agents": ("56",),
    "intermediary_agent_accounts": ("56",),
    "charge_bearer": ("71A",),
    "charges": ("71F", "71G"),
    "previous_instructing_agents": ("72",),
    "instructions_for_next_agent": ("72",),
    "instructions_for_creditor_agent": ("23E", "72"),
    "regulatory_reporting": ("77B",),
    "remittance": ("70",),
}
_HEADER_TAGS = {
    "message_id": ("20",),
    "creation_date_time": ("2",),
    "settlement_information": ("53", "54", "55"),
}


def _tags(path: str, kept_tags: set[str]) -> tuple[str, ...]:
    parts = path.split(".")
    if parts[0] == "application_header":
        return ("1", "2", "20")
    if parts[0] == "group_header":
        return _HEADER_TAGS.get(parts[1], ())
    if parts[1] == "supplementary_data":
        return tuple(kept_tags)
    return _TRANSACTION_TAGS.get(parts[1], ())


def _named(tags: tuple[str, ...], findings: list[Finding]) -> bool:
    fields = {f.location.field or "" for f in findings}
    return any(
        field == tag or re.fullmatch(re.escape(tag) + "[A-Z]?(/.*)?", field)
        for tag in tags
        for field in fields
    )


def _kept_tags(*leaf_sets: object) -> set[str]:
    tags = set()
    for leaves in leaf_sets:
        for (path, value), _ in leaves.items():  # type: ignore[attr-defined]
            if path.endswith("supplementary_data.origin") and value.startswith("MT103 "):
                tags.add(value[6:].split("/")[0].removeprefix("3:"))
    return tags


def assert_round_trip(message: Mt103Message) -> None:
    first = message.to_model()
    rendered = render_mt103(first.value, variant=message.variant)
    (again_message,) = parse_mt_messages(rendered.value)
    again = again_message.to_model()
    findings = [*first.findings, *rendered.findings, *again.findings]
    before, after = model_leaves(first.value), model_leaves(again.value)
    lost, gained = before - after, after - before
    kept = _kept_tags(lost, gained)
    unnamed = [(p, v) for p, v in (lost + gained) if not _named(_tags(p, kept), findings)]
    assert not unnamed, (unnamed, rendered.value)


RICH = [
    # 50F with birth date and place, 53B account, 54B location, 56C account, 57C clearing code,
    # 70 with codes at line starts
    """{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{3:{121:9bfd29ee-d028-43bf-8e26-ce33331b9079}}{4:
:20:REF1
:23B:CRED
:32A:260302EUR100,
:50F:/BE71096123456769
1/JOHN DOE
3/BE/1000 BRUSSELS
4/19700101
5/BE/BRUSSELS
:53B:/SETTLEACC1
:54B:FRANKFURT
:56C:/INTERACC99
:57C://BL12345678
:59:/DE89370400440532013000
JANE DOE
:70:/RFB/INVOICE 1234
/INV/ABC DEF GHIJKL MNOPQR STUV WXYZ 0123
:71A:SHA
:72:/BNF/PAY QUICK
/INS/BANKDEFF
-}""",
    # 50F with customer and national ids and additional information
    """{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{3:{121:9bfd29ee-d028-43bf-8e26-ce33331b9079}}{4:
:20:REF2
:23B:CRED
:32A:260302EUR100,
:50F:/BE71096123456769
1/JOHN DOE
6/BE/BANKX/123456
7/BE/NATID99
8/EXTRA INFO
:59F:/DE89370400440532013000
1/JANE DOE
2/HAUPTSTRASSE 1
3/DE/60311 FRANKFURT
:71A:OUR
-}""",
]


@pytest.mark.parametrize("text", RICH, ids=["agents-and-70", "50F-ids"])
def test_rich_messages_round_trip(text: str) -> None:
    for message in parse_mt_messages(text.replace("\n", "\r\n")):
        assert_round_trip(message)


@pytest.mark.skipif(not FILES, reason="no ../shared corpus")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_round_trip(path: Path) -> None:
    try:
        messages = parse_mt_messages(path.read_bytes())
    except QenexError:
        return  # nothing readable: the corpus tests check the findings
    for message in messages:
        if message.fields and message.message_type in (None, "103"):
            assert_round_trip(message)


@settings(max_examples=25)
@given(mt103_texts())
def test_generated_round_trip(text: str) -> None:
    """Generated MT103s: parse -> model -> render -> parse gives the same model, or a finding
    names the field of each difference."""
    (message,) = parse_mt_messages(text)
    assert_round_trip(message)
