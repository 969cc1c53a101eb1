"""The CBPR+ rules' proofs of a clean message change nothing they report.

Property: for every message, the ``cbpr+`` profile gives exactly the findings (codes,
severities, messages, locations, order) with the proofs of the CBPR+ rules as with every
rule's exact body alone (:func:`exact_only`). Checked over the corpus, the examples, every
CBPR+ rule's own examples, the mutations of the one-walk test, the benchmark's generated
messages, and CBPR+ documents whose payment identifiers are replaced by generated text or
repeated.
"""

from __future__ import annotations

import functools
import io
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages import rule_record
from qenex_messages.charsets import CBPR_EXTENDED_EXTRA, X_CHARS
from qenex_messages.iso20022 import parse_xml
from qenex_messages.rules import check_profile, proofs, rulebook_rules
from qenex_messages.rules.cbpr import addresses, agents, amounts, group, ids, remittance, whole
from qenex_messages.rules.cbpr import text as text_rules
from qenex_messages.rules.profiles import rules_for
from qenex_messages.rules.proofs import exact_only, within
from qenex_messages.rules.samples import (
    CBPR_PACS,
    CBPR_PAIN,
    SAMPLES_DATE,
    example_text,
    parse,
    sample,
)
from qenex_messages.rules.view import PACS008, Message
from tests.conftest import load_script
from tests.rules.declared import always, declare
from tests.rules.test_one_walk import _corpus as corpus
from tests.rules.test_one_walk import mutated

REPO = Path(__file__).resolve().parents[2]


def _differs(root: etree._Element, as_of: date = SAMPLES_DATE) -> bool:
    """True when the cbpr+ findings differ with and without the proofs."""
    fast = check_profile(root, "cbpr+", as_of=as_of, source="m.xml")
    with exact_only():
        exact = check_profile(root, "cbpr+", as_of=as_of, source="m.xml")
    return fast != exact


def _roots() -> list[tuple[str, etree._Element, date]]:
    """The corpus (when ../shared is there), the examples, and each CBPR+ rule's own examples."""
    found = []
    for path in corpus() + sorted((REPO / "examples").glob("*.xml")):
        parsed = parse_xml(path.read_bytes(), source=path.name).value
        if parsed is not None:
            found.append((path.name[:60], parsed.getroot(), SAMPLES_DATE))
    for r in rules_for("cbpr+"):
        for i, e in enumerate((*r.passes, *r.fails)):
            found.append((f"{r.id}-{i}", parse(example_text(e)), e.as_of or SAMPLES_DATE))
    return found


@pytest.mark.parametrize(("name", "root", "as_of"), _roots(), ids=lambda x: str(x)[:60])
def test_documents(name: str, root: etree._Element, as_of: date) -> None:
    assert not _differs(root, as_of), name


@settings(max_examples=60)
@given(root=mutated())
def test_mutations(root: etree._Element) -> None:
    assert not _differs(root)


def test_generated_documents() -> None:
    """The benchmark's CBPR+ pacs.008 of one and of several transactions."""
    generate = load_script(REPO / "scripts" / "generate.py", "qenex_generate")
    for count in (1, 5):
        buffer = io.BytesIO()
        generate.write_xml(buffer, "pacs.008.001.08", count, cbpr=True)
        assert not _differs(parse(buffer.getvalue().decode()))


_IDS = ("UETR", "InstrId", "EndToEndId")
_PIECES = st.sampled_from(
    [
        "eb6305c9-1f7f-49de-aed0-16487c27b42d",
        "EB6305C9-1F7F-49DE-AED0-16487C27B42D",
        "eb6305c9-1f7f-19de-aed0-16487c27b42d",
        "REF1",
        "NOTPROVIDED",
        *("", " ", "\t", "/", "//", "A", "é"),
        "a" * 17,
        "b" * 36,
    ]
)


@st.composite
def cbpr_documents(draw: st.DrawFn) -> etree._Element:
    """A CBPR+ sample whose payment identifiers are given generated text (or CDATA), dropped, or
    whose PmtId is repeated with or without them."""
    text = sample(draw(st.sampled_from([CBPR_PACS, CBPR_PAIN])))
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(_IDS))
        found = re.search(f"<{name}>([^<]*)</{name}>", text)
        if found is None:
            continue
        action = draw(st.sampled_from(["text", "cdata", "drop", "empty-pmtid-first"]))
        if action == "drop":
            text = text[: found.start()] + text[found.end() :]
        elif action == "empty-pmtid-first":
            text = text.replace("<PmtId>", f"<PmtId><{name}>X</{name}></PmtId><PmtId>", 1)
        else:
            value = draw(st.lists(_PIECES, max_size=3).map("".join))
            body = f"<![CDATA[{value}]]>" if action == "cdata" else value
            text = text[: found.start(1)] + body + text[found.end(1) :]
    return parse(text)


@settings(max_examples=150)
@given(root=cbpr_documents())
def test_generated_values(root: etree._Element) -> None:
    assert not _differs(root)


_PROVEN = [r for r in rulebook_rules() if r.id.startswith("CBPR-") and r.proof is not None]


@pytest.mark.parametrize("rule", _PROVEN, ids=lambda r: r.id)
def test_planted_runner_bug_is_caught(monkeypatch: pytest.MonkeyPatch, rule: object) -> None:
    """The profile skips a rule exactly when the proof its record declares holds: a declared
    proof that holds for every message hides what the rule's own failing examples report."""
    declare(monkeypatch, rule, always)
    assert isinstance(rule, rule_record.Rule)
    caught = [e for e in rule.fails if _differs(parse(example_text(e)), e.as_of or SAMPLES_DATE)]
    assert caught, f"{rule.id}: a proof that always holds went unnoticed"


def test_planted_first_pmtid_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proof that reads UETR under any PmtId misses one missing from the first."""
    monkeypatch.setattr(ids, "_FIRST", "{{tx}}/d:PmtId/d:{name}[1]")
    text = sample(CBPR_PACS).replace("<PmtId>", "<PmtId><InstrId>X</InstrId></PmtId><PmtId>", 1)
    assert _differs(parse(text))


_SPOTS = ("<Nm>Paris Trading<", "<StrtNm>Rue de Rivoli<", "<Ustrd>Invoice 42<", "<InstrInf>Call<")
_ALPHABET = "".join(sorted(X_CHARS)) + CBPR_EXTENDED_EXTRA + "\t\n\r" + "éß€\u00a0_"


@settings(max_examples=150)
@given(
    spot=st.sampled_from(_SPOTS),
    value=st.text(alphabet=_ALPHABET, max_size=8),
    form=st.sampled_from(["text", "cdata", "comment"]),
)
def test_charset_over_texts(spot: str, value: str, form: str) -> None:
    """Any text, in the FIN X set, the extended set or neither, escaped, as CDATA or after a
    comment, in a name, an address line, remittance or InstrInf."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("\r", "&#13;")
    if form == "cdata" and "]]>" not in value:
        escaped = f"<![CDATA[{value.replace(chr(13), '')}]]>"
    elif form == "comment":
        escaped = f"<!--{value.replace('-', '')}-->{escaped}"
    text = sample(CBPR_PACS).replace(
        "<RmtInf>", "<InstrForNxtAgt><InstrInf>Call</InstrInf></InstrForNxtAgt><RmtInf>", 1
    )
    text = text.replace(spot, spot[: spot.index(">") + 1] + escaped + "<", 1)
    assert not _differs(parse(text))


def test_planted_charset_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A character-set proof that holds InstrInf to the extended set misses what the exact
    check reports."""
    loose = (("InstrInf",), text_rules.EXTENDED)
    monkeypatch.setattr(text_rules, "_PROOF_SETS", (text_rules._PROOF_SETS[0], loose))
    text = sample(CBPR_PACS).replace(
        "<RmtInf>", "<InstrForNxtAgt><InstrInf>a_b</InstrInf></InstrForNxtAgt><RmtInf>", 1
    )
    assert _differs(parse(text))


# -- amounts, charges, remittance, instructions, service levels ----------------------------------

_KEEPING = etree.XMLParser(remove_comments=False, strip_cdata=False, resolve_entities=False)
"""A parser that keeps comments and CDATA nodes, so that an element's text and its string value
can differ (a caller may hand the rules a tree of its own)."""

_AMOUNT_TEXTS = st.sampled_from(["900", "1000", "1000.5"]) | st.sampled_from(
    [
        "1000",
        "1000.5",
        "1000.50",
        "1000.505",
        "1000.000",
        " 10.1 ",
        "7.",
        ".5",
        "1.5<!--c-->55",
        "1<!--c-->.555",
        "<![CDATA[1.555]]>",
        "1.<![CDATA[555]]>",
        "abc",
        "",
    ]
)
_CURRENCIES = st.sampled_from(["EUR", "JPY", "BHD", "CLF", "XAU", "XPT", "XXX", "", "eur", None])
_BEARERS = st.sampled_from(["DEBT", "CRED", "SHAR"]) | st.sampled_from(
    [
        "SLEV",
        " DEBT",
        "",
        "DE<!--c-->BT",
        "<![CDATA[DEBT]]>",
        "CRED<!--c-->X",
        "DEBTOR",
        "<x>SHAR</x>",
    ]
)
_SERVICE_LEVELS = st.sampled_from(
    ["G001", "G002", "G009", "G00", "G001 ", "SEPA", "G0<!--c-->01", "G001<!--c-->", "G004x"]
)
_INSTRUCTION_CODES = st.sampled_from(["PHOB", "TELB", "HOLD", "CHQB", "PHOB<!--c-->"])


def _amount(draw: st.DrawFn, name: str) -> str:
    ccy = draw(_CURRENCIES)
    attr = "" if ccy is None else f' Ccy="{ccy}"'
    return f"<{name}{attr}>{draw(_AMOUNT_TEXTS)}</{name}>"


def _charges(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.sampled_from([0, 0, 1, 3]))):
        agent = draw(
            st.sampled_from(
                [
                    "",
                    "<Agt><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId></Agt>",
                    "<Agt><FinInstnId><Nm>Bank</Nm></FinInstnId></Agt>",
                    (
                        "<Agt><FinInstnId><Nm>Bank</Nm><PstlAdr><Ctry>GB</Ctry></PstlAdr>"
                        "</FinInstnId></Agt>"
                    ),
                    (
                        "<Agt><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId><FinInstnId>"
                        "<PstlAdr><Ctry>GB</Ctry></PstlAdr></FinInstnId></Agt>"
                    ),
                ]
            )
        )
        amount = draw(st.sampled_from(["0", "5", "0.00", "x"]))
        blocks.append(f'<ChrgsInf><Amt Ccy="EUR">{amount}</Amt>{agent}</ChrgsInf>')
    return "".join(blocks)


def _remittance(draw: st.DrawFn) -> str:
    strd_text = draw(st.sampled_from(["x", "y" * 4500, "z" * 9001, " " * 9001 + "w"]))
    parts = draw(
        st.lists(
            st.sampled_from(
                [
                    "<Ustrd>Invoice 42</Ustrd>",
                    f"<Strd><AddtlRmtInf>{strd_text}</AddtlRmtInf></Strd>",
                    f"<Strd><RfrdDocInf><Nb>{strd_text}</Nb></RfrdDocInf></Strd>",
                ]
            ),
            max_size=3,
        )
    )
    found = f"<RmtInf>{''.join(parts)}</RmtInf>" if draw(st.booleans()) else ""
    if draw(st.booleans()):
        found += "<RltdRmtInf><RmtId>R1</RmtId></RltdRmtInf>"
    if draw(st.booleans()):
        found += f"<RmtInf><Strd><AddtlRmtInf>{strd_text}</AddtlRmtInf></Strd></RmtInf>"
    return found


@st.composite
def transaction_documents(draw: st.DrawFn) -> tuple[etree._Element, date]:
    """A CBPR+ sample whose amounts, currencies, charge bearer, charges, remittance,
    instructions for the creditor agent and service levels are generated, in and out of what
    CBPR-CCY, CHRGBR, CHRGS, RMT, INSTRCDTR and GPI accept, some with comments or CDATA inside a
    value (parsed keeping them)."""
    pacs = draw(st.booleans())
    text = sample(CBPR_PACS if pacs else CBPR_PAIN)
    if pacs:
        text = text.replace('<IntrBkSttlmAmt Ccy="JPY">1000</IntrBkSttlmAmt>', "{sttlm}")
        text = text.replace('<InstdAmt Ccy="JPY">1000</InstdAmt>', "{instd}")
        text = text.replace(re.search("<ChrgsInf>.*</ChrgsInf>", text)[0], "{charges}")  # type: ignore[index]
        text = text.replace("<RmtInf><Ustrd>Invoice 42</Ustrd></RmtInf>", "{rmt}")
        text = text.replace("<InstrForCdtrAgt><Cd>PHOB</Cd></InstrForCdtrAgt>", "{instr}")
        text = text.replace("<SvcLvl><Cd>G001</Cd></SvcLvl>", "{svclvl}")
        sttlm = _amount(draw, "IntrBkSttlmAmt")
        same = sttlm.replace("IntrBkSttlmAmt", "InstdAmt")
        other = re.sub(">.*<", f">{draw(_AMOUNT_TEXTS)}<", same)
        instd = draw(st.sampled_from(["", same, other, _amount(draw, "InstdAmt")]))
    else:
        text = text.replace('<Amt><InstdAmt Ccy="AUD">320000.00</InstdAmt></Amt>', "{sttlm}")
        text = text.replace("</CdtTrfTxInf>", "{instd}{charges}{instr}{rmt}</CdtTrfTxInf>")
        text = text.replace("<CdtTrfTxInf><PmtId>", "<CdtTrfTxInf>{svclvl}<PmtId>")
        amount = _amount(draw, "InstdAmt")
        if draw(st.booleans()):
            amount += f"<EqvtAmt>{_amount(draw, 'Amt')}<CcyOfTrf>EUR</CcyOfTrf></EqvtAmt>"
        sttlm, instd = f"<Amt>{amount}</Amt>", ""
    count = draw(st.sampled_from([1, 1, 0, 2]))
    bearers = "".join(f"<ChrgBr>{draw(_BEARERS)}</ChrgBr>" for _ in range(count))
    text = re.sub("<ChrgBr>[A-Z]+</ChrgBr>", lambda _: bearers, text)
    if not pacs and draw(st.booleans()):
        bearer = f"<ChrgBr>{draw(_BEARERS)}</ChrgBr>"
        text = text.replace("<PmtMtd>TRF</PmtMtd>", f"<PmtMtd>TRF</PmtMtd>{bearer}")
    codes = draw(st.lists(_INSTRUCTION_CODES, max_size=3))
    if draw(st.booleans()):
        instr = "".join(f"<InstrForCdtrAgt><Cd>{c}</Cd></InstrForCdtrAgt>" for c in codes)
    else:
        instr = f"<InstrForCdtrAgt>{''.join(f'<Cd>{c}</Cd>' for c in codes)}</InstrForCdtrAgt>"
    levels = draw(st.lists(_SERVICE_LEVELS, max_size=2))
    svclvl = "".join(f"<SvcLvl><Cd>{c}</Cd></SvcLvl>" for c in levels)
    if not pacs and svclvl:
        svclvl = f"<PmtTpInf>{svclvl}</PmtTpInf>"
    text = text.format(
        sttlm=sttlm,
        instd=instd,
        charges=_charges(draw),
        rmt=_remittance(draw),
        instr=instr,
        svclvl=svclvl,
    )
    parser = _KEEPING if draw(st.booleans()) else None
    root = etree.fromstring(text.encode(), parser) if parser is not None else parse(text)
    return root, draw(st.sampled_from([SAMPLES_DATE, date(2026, 12, 5)]))


@settings(max_examples=400)
@given(case=transaction_documents())
def test_transaction_values(case: tuple[etree._Element, date]) -> None:
    root, as_of = case
    assert not _differs(root, as_of)


_PACS_AMOUNT = '<IntrBkSttlmAmt Ccy="JPY">1000</IntrBkSttlmAmt>'
_PACS_CHARGES = (
    '<ChrgsInf><Amt Ccy="JPY">0</Amt><Agt><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId>'
    "</Agt></ChrgsInf>"
)
_PACS_RMT = "<RmtInf><Ustrd>Invoice 42</Ustrd></RmtInf>"


@pytest.mark.parametrize(
    "planted",
    [
        # CBPR-CCY: the decimals forgotten
        (
            amounts,
            "_amount_ok",
            lambda ccy, _text: ccy not in amounts._COMMODITIES,
            CBPR_PACS,
            _PACS_AMOUNT,
            '<IntrBkSttlmAmt Ccy="EUR">1000.505</IntrBkSttlmAmt>',
        ),
        # CBPR-CCY: the equivalent amount forgotten
        (
            amounts,
            "_AMOUNT_PATHS",
            amounts._AMOUNT_PATHS[:-1],
            CBPR_PAIN,
            "</InstdAmt>",
            '</InstdAmt><EqvtAmt><Amt Ccy="JPY">10.5</Amt><CcyOfTrf>EUR</CcyOfTrf></EqvtAmt>',
        ),
        # CBPR-CCY: a name look-up that finds nothing, so every amount is left out
        (
            amounts,
            "absent",
            lambda _msg, *_names: True,
            CBPR_PACS,
            '<InstdAmt Ccy="JPY">1000</InstdAmt>',
            '<InstdAmt Ccy="JPY">1000.5</InstdAmt>',
        ),
        # CBPR-CHRGBR: the charge bearer of the payment block forgotten
        (
            amounts,
            "_BEARERS",
            "{tx}/d:ChrgBr",
            CBPR_PAIN,
            "<PmtMtd>TRF</PmtMtd>",
            "<PmtMtd>TRF</PmtMtd><ChrgBr>SLEV</ChrgBr>",
        ),
        # CBPR-CHRGS: the charges agent's Nm and PstlAdr forgotten
        (
            amounts,
            "_UNSURE_CHARGES",
            " or ".join(amounts._UNSURE_CHARGES.split(" or ")[:-1]),
            CBPR_PACS,
            "<BICFI>ABCDGB2LXXX</BICFI></FinInstnId></Agt>",
            "<Nm>Bank</Nm></FinInstnId></Agt>",
        ),
        # CBPR-CHRGS: an instructed amount above the settled one under DEBT forgotten
        (
            amounts,
            "_UNSURE_CHARGES",
            amounts._UNSURE_CHARGES.split(" or ")[0],
            CBPR_PACS,
            '<InstdAmt Ccy="JPY">1000</InstdAmt>\n<ChrgBr>CRED</ChrgBr>',
            '<InstdAmt Ccy="JPY">900</InstdAmt>\n<ChrgBr>DEBT</ChrgBr>',
        ),
        # CBPR-CHRGS: without ChrgsInf, the instructed amount forgotten
        (
            amounts,
            "CHARGE_NAMES",
            ("ChrgsInf",),
            CBPR_PACS,
            '<InstdAmt Ccy="JPY">1000</InstdAmt>\n<ChrgBr>CRED</ChrgBr>\n' + _PACS_CHARGES,
            '<InstdAmt Ccy="JPY">900</InstdAmt>\n<ChrgBr>DEBT</ChrgBr>\n',
        ),
        # CBPR-RMT: a structured remittance over 9,000 characters let through
        (
            remittance,
            "_UNSURE_RMT",
            remittance._UNSURE_RMT.replace("9000", "90000"),
            CBPR_PACS,
            _PACS_RMT,
            f"<RmtInf><Strd><AddtlRmtInf>{'x' * 9001}</AddtlRmtInf></Strd></RmtInf>",
        ),
        # CBPR-RMT: RmtInf beside RltdRmtInf forgotten
        (
            remittance,
            "_UNSURE_RMT",
            remittance._UNSURE_RMT.replace("d:RmtInf and d:RltdRmtInf or ", ""),
            CBPR_PACS,
            _PACS_RMT,
            _PACS_RMT + "<RltdRmtInf><RmtId>R1</RmtId></RltdRmtInf>",
        ),
        # CBPR-RMT: RltdRmtInf forgotten where there is no Strd
        (
            remittance,
            "RMT_NAMES",
            ("Strd",),
            CBPR_PACS,
            _PACS_RMT,
            _PACS_RMT + "<RltdRmtInf><RmtId>R1</RmtId></RltdRmtInf>",
        ),
        # CBPR-INSTRCDTR: two codes taken for fine
        (
            remittance,
            "_TWO_CODES",
            remittance._TWO_CODES.replace("> 1", "> 2"),
            CBPR_PACS,
            "<Cd>PHOB</Cd>",
            "<Cd>PHOB</Cd><Cd>TELB</Cd>",
        ),
        # CBPR-GPI: only the first service level read
        (
            remittance,
            "_NOT_G001",
            remittance._NOT_G001.replace("d:SvcLvl/", "d:SvcLvl[1]/"),
            CBPR_PACS,
            "<SvcLvl><Cd>G001</Cd></SvcLvl>",
            "<SvcLvl><Cd>G001</Cd></SvcLvl><SvcLvl><Cd>G004</Cd></SvcLvl>",
        ),
    ],
)
def test_planted_transaction_bugs_are_caught(
    monkeypatch: pytest.MonkeyPatch, planted: tuple[object, str, object, str, str, str]
) -> None:
    """A looser proof of an amount, charges, remittance, instruction or service-level rule is
    caught on a document it wrongly calls clean, while the document alone agrees (so the bug,
    not the document, makes the difference)."""
    module, name, loose, base, old, new = planted
    text = sample(base)
    assert old in text
    root = etree.fromstring(text.replace(old, new, 1).encode(), _KEEPING)
    assert not _differs(root)
    monkeypatch.setattr(module, name, loose)
    assert _differs(root)


# -- agents, parties, identifiers and addresses (rules/cbpr/agents.py, addresses.py) ----------

_AGENT_NAMES = ("DbtrAgt", "CdtrAgt", "InstgAgt", "InstdAgt", "IntrmyAgt1", "PrvsInstgAgt1")
_PARTY_NAMES = ("Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr", "InitgPty")
_ADDRESS_PARTS = ("TwnNm", "Ctry", "AdrLine", "AdrLine", "StrtNm", "PstCd", "BldgNb", "AdrTp")
_PART_TEXTS = st.sampled_from(
    [
        *("London", "GB", "XK", "XX", "", " ", "\u00a0", "\u3000x", "1 High Street"),
        *("London GB", "HIGH STREET 1", "a" * 36),
    ]
)
_IDENTIFIERS = ("IBAN", "BICFI", "LEI", "Ctry", "Prty", "InstrPrty")
_ID_TEXTS = st.sampled_from(
    [
        "NORM",
        " NORM",
        "HIGH",
        "GB29NWBK60161331926819",
        "GB29NWBK60161331926818",
        "DEUTDEFFXXX",
        "DEUTDEFF",
        "DEUTXXFF",
        "deutdeffxxx",
        "529900T8BM49AURSDO55",
        "529900T8BM49AURSDO56",
        "FR",
        "XX",
        "",
        " ",
        "\u00a0",
    ]
)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child(parent: etree._Element, name: str, ns: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ns}}}{name}" if ns else name)
    el.text = text
    return el


@st.composite
def agent_party_documents(draw: st.DrawFn) -> etree._Element:
    """A CBPR+ sample whose agents, parties, addresses, identifiers or priorities are
    changed: a BICFI dropped or blanked, Nm or PstlAdr added or dropped, AnyBIC added, a
    FinInstnId or Id put first, an address rebuilt from generated parts (some in no namespace,
    some after a comment), an identifier or priority given generated text."""
    root = parse(sample(draw(st.sampled_from([CBPR_PACS, CBPR_PAIN]))))
    doc = next(el for el in root.iter() if _local(el) == "Document")
    ns = etree.QName(doc).namespace or ""
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["agent", "party", "address", "identifier"]))
        if action == "identifier":
            named = [el for el in root.iter() if _local(el) in _IDENTIFIERS]
            draw(st.sampled_from(named)).text = draw(_ID_TEXTS)
            continue
        names = {"agent": _AGENT_NAMES, "party": _PARTY_NAMES, "address": ("PstlAdr",)}[action]
        found = [el for el in doc.iter() if _local(el) in names]
        if not found:
            continue
        el = draw(st.sampled_from(found))
        if action == "agent":
            _change_agent(draw, el, ns)
        elif action == "party":
            _change_party(draw, el, ns)
        else:
            _rebuild_address(draw, el, ns)
    return root


def _change_agent(draw: st.DrawFn, agent: etree._Element, ns: str) -> None:
    fin = next((c for c in agent if _local(c) == "FinInstnId"), None)
    if fin is None:
        fin = _child(agent, "FinInstnId", ns)
    change = draw(st.sampled_from(["no-bic", "blank-bic", "nm", "adr", "lei", "fin-first"]))
    bic = next((c for c in fin if _local(c) == "BICFI"), None)
    if change == "no-bic" and bic is not None:
        fin.remove(bic)
    elif change == "blank-bic" and bic is not None:
        bic.text = draw(st.sampled_from(["", " ", "\u00a0"]))
    elif change == "nm":
        _child(fin, "Nm", ns, "Bank")
    elif change == "adr":
        _rebuild_address(draw, _child(fin, "PstlAdr", ns), ns)
    elif change == "lei":
        _child(fin, "LEI", ns, "529900T8BM49AURSDO55")
    else:
        agent.insert(0, etree.Element(f"{{{ns}}}FinInstnId" if ns else "FinInstnId"))


def _change_party(draw: st.DrawFn, party: etree._Element, ns: str) -> None:
    """Give ``party`` (or a new UltmtDbtr or UltmtCdtr beside it) any mix of Nm, PstlAdr and
    Id/OrgId/AnyBIC, the Id first or after another Id."""
    if draw(st.booleans()) and party.getparent() is not None:
        ultimate = draw(st.sampled_from(["UltmtDbtr", "UltmtCdtr"]))
        party = _child(party.getparent(), ultimate, ns)  # type: ignore[arg-type]
    for child in [c for c in party if _local(c) in ("Nm", "PstlAdr", "Id")]:
        party.remove(child)
    if draw(st.booleans()):
        _child(party, "Nm", ns, "Acme")
    if draw(st.booleans()):
        _rebuild_address(draw, _child(party, "PstlAdr", ns), ns)
    if draw(st.booleans()):
        if draw(st.booleans()):
            _child(party, "Id", ns)
        org = _child(_child(party, "Id", ns), "OrgId", ns)
        _child(org, "AnyBIC", ns, draw(st.sampled_from(["ABCDGB2LXXX", "ABCDXX2L"])))


def _rebuild_address(draw: st.DrawFn, address: etree._Element, ns: str) -> None:
    for child in list(address):
        address.remove(child)
    if draw(st.booleans()):  # a town and country to start from: near misses of a clean one
        _child(address, "TwnNm", ns, "London")
        _child(address, "Ctry", ns, "GB")
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(_ADDRESS_PARTS))
        foreign = draw(st.integers(0, 9)) == 0
        part = _child(address, name, "" if foreign else ns, draw(_PART_TEXTS))
        if draw(st.integers(0, 9)) == 0:
            part.insert(0, etree.Comment("c"))


@settings(max_examples=300)
@given(root=agent_party_documents())
def test_agents_parties_and_addresses(root: etree._Element) -> None:
    assert not _differs(root)


def _generated(transactions: int) -> str:
    generate = load_script(REPO / "scripts" / "generate.py", "qenex_generate")
    buffer = io.BytesIO()
    generate.write_xml(buffer, "pacs.008.001.08", transactions, cbpr=True)
    return buffer.getvalue().decode()


def _last_creditor_agent_named(transactions: int) -> etree._Element:
    """The benchmark's message with a Nm but no PstlAdr in the last transaction's CdtrAgt."""
    text = _generated(transactions)
    at = text.rindex("<BICFI>", 0, text.rindex("</CdtrAgt>"))
    return parse(text[:at] + "<Nm>Bank</Nm>" + text[at:])


def test_many_agents_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Agents past the first chunk bound to an XPath variable are seen: the proof holds them
    to the body, and a proof that looks at the first chunk only is caught."""
    root = _last_creditor_agent_named(40)  # 80 agents: two chunks
    assert not _differs(root)
    first_only = proofs.holds_for_each

    def first_chunk(msg: object, expr: str, elements: list[etree._Element]) -> bool:
        return first_only(msg, expr, elements[: proofs.CHUNK])  # type: ignore[arg-type]

    monkeypatch.setattr(agents, "holds_for_each", first_chunk)
    assert _differs(root)


_MINE = {
    "CBPR-IBAN",
    "CBPR-BIC",
    "CBPR-LEI",
    "CBPR-AGENT",
    "CBPR-PARTY",
    "CBPR-INSTG-INSTD",
    "CBPR-ADDR-2025",
    "CBPR-ADDR-2026",
    "CBPR-ADDR-DUP",
    "CBPR-CTRY",
    "CBPR-PRTY",
}


def test_agent_and_address_rules_declare_proofs() -> None:
    """These rules declare their proofs, so test_planted_runner_bug_is_caught plants a proof
    that always holds in each."""
    assert {r.id for r in _PROVEN} >= _MINE


_HYBRID = "<PstlAdr><TwnNm>Paris</TwnNm><Ctry>FR</Ctry>{}</PstlAdr>"
_NEAR_MISSES = [
    # (what the proof must not overlook, the loosened XPath or text check, the address)
    (
        "an AdrLine in no namespace makes the third line",
        (proofs, "_PLAIN_ADDRESS", "true()"),
        "<AdrLine>a</AdrLine><AdrLine>b</AdrLine><AdrLine xmlns=''>c</AdrLine>",
    ),
    (
        "a third AdrLine",
        (addresses, "_STRUCTURED", "not($n[not(d:TwnNm and d:Ctry)])"),
        "<AdrLine>a</AdrLine><AdrLine>b</AdrLine><AdrLine>c</AdrLine>",
    ),
]


@pytest.mark.parametrize(("why", "loosened", "lines"), _NEAR_MISSES, ids=lambda x: str(x)[:40])
def test_planted_address_shape_bugs_are_caught(
    monkeypatch: pytest.MonkeyPatch, why: str, loosened: tuple[object, str, str], lines: str
) -> None:
    """An address the proof must not pass, and a loosened proof that passes it."""
    text = sample(CBPR_PACS).replace(
        "<PstlAdr><StrtNm>Rue de Rivoli</StrtNm><TwnNm>Paris</TwnNm><Ctry>FR</Ctry></PstlAdr>",
        _HYBRID.format(lines),
    )
    assert _HYBRID.format(lines) in text
    assert not _differs(parse(text)), why
    module, name, loose = loosened
    monkeypatch.setattr(module, name, loose)
    assert _differs(parse(text)), why


def test_planted_blank_town_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A town of white space Python strips (a no-break space) is blank: a proof that reads
    only whether TwnNm is there is caught."""
    text = sample(CBPR_PACS).replace("<TwnNm>Paris</TwnNm>", "<TwnNm>\u00a0</TwnNm>")
    assert not _differs(parse(text))
    monkeypatch.setattr(addresses, "texts", lambda _msg, _kind: [])
    assert _differs(parse(text))


def test_planted_instd_agent_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proof that asks for the InstgAgt's BICFI only misses an InstdAgt without one."""
    text = sample(CBPR_PACS).replace(
        "<InstdAgt><FinInstnId><BICFI>EFGHDEFFXXX</BICFI>", "<InstdAgt><FinInstnId><Nm>Bank</Nm>"
    )
    assert not _differs(parse(text))
    monkeypatch.setattr(
        agents, "_WITHOUT_INSTG_INSTD", "{tx}[not(d:InstgAgt[1]/d:FinInstnId[1]/d:BICFI)]"
    )
    assert _differs(parse(text))


# -- the group header: one transaction ----------------------------------------------------------

_COUNTS = st.sampled_from(
    ["1", " 1 ", "\n1\n", "2", "01", "1<!--c-->", "<!--c-->1", "<![CDATA[1]]>", "", "1.0", None]
)
_GROUP_EXTRAS = st.sampled_from(
    [
        "",
        "<CtrlSum>1</CtrlSum>",
        "<!--c-->",
        '<x:MsgId xmlns:x="urn:other">M</x:MsgId>',
        '<MsgId xmlns="">M</MsgId>',
        '<TtlIntrBkSttlmAmt Ccy="JPY">1000</TtlIntrBkSttlmAmt>',
        "<MsgId>M2</MsgId>",
    ]
)


@st.composite
def group_documents(draw: st.DrawFn) -> etree._Element:
    """The CBPR+ pacs.008 sample with a generated NbOfTxs (or none), other group header
    children, a second group header before the first, and none, one or two transactions."""
    text = sample(CBPR_PACS)
    nb = draw(_COUNTS)
    text = text.replace("<NbOfTxs>1</NbOfTxs>", "" if nb is None else f"<NbOfTxs>{nb}</NbOfTxs>")
    extras = "".join(draw(st.lists(_GROUP_EXTRAS, max_size=2)))
    text = text.replace("<SttlmInf>", f"{extras}<SttlmInf>", 1)
    if draw(st.booleans()):
        text = text.replace("<GrpHdr>", "<GrpHdr><MsgId>M0</MsgId></GrpHdr><GrpHdr>", 1)
    tx = re.search("<CdtTrfTxInf>.*</CdtTrfTxInf>", text, re.S)
    assert tx is not None
    text = text.replace(tx[0], tx[0] * draw(st.integers(0, 2)))
    parser = _KEEPING if draw(st.booleans()) else None
    return etree.fromstring(text.encode(), parser) if parser is not None else parse(text)


@settings(max_examples=200)
@given(root=group_documents())
def test_group_header_values(root: etree._Element) -> None:
    assert not _differs(root)


@pytest.mark.parametrize(
    ("loose", "old", "new"),
    [
        # the group header's other children forgotten
        (group._ONE_TX.partition(" and not(")[0], "<SttlmInf>", "<CtrlSum>1</CtrlSum><SttlmInf>"),
        # NbOfTxs read as its string value, where the rule reads its text
        (
            group._ONE_TX.replace(
                "not(node()[2]) and normalize-space(text())", "normalize-space()"
            ),
            "<NbOfTxs>1</NbOfTxs>",
            "<NbOfTxs><!--c-->1</NbOfTxs>",
        ),
        # the transactions not counted
        (
            group._ONE_TX.replace("count({tx}) = 1 and ", ""),
            "<CdtTrfTxInf>",
            "<CdtTrfTxInf/><CdtTrfTxInf>",
        ),
    ],
)
def test_planted_group_bugs_are_caught(
    monkeypatch: pytest.MonkeyPatch, loose: str, old: str, new: str
) -> None:
    """A looser CBPR-ONE-TX proof is caught on a document it wrongly calls clean."""
    text = sample(CBPR_PACS)
    assert old in text
    root = etree.fromstring(text.replace(old, new, 1).encode(), _KEEPING)
    assert not _differs(root)
    monkeypatch.setattr(group, "_ONE_TX", loose)
    assert _differs(root)


# -- identifiers: the FIN X character set ------------------------------------------------------

_ID_SPOTS = (
    "<BizMsgIdr>MSG-1<",
    "<MsgId>MSG-1<",
    "<InstrId>REF123<",
    "<EndToEndId>NOTPROVIDED<",
)
_ID_ALPHABET = "".join(sorted(X_CHARS)) + "_@\t\n\r" + "é\u00a0"


@settings(max_examples=200)
@given(
    spot=st.sampled_from(_ID_SPOTS),
    value=st.text(alphabet=_ID_ALPHABET, max_size=6),
    form=st.sampled_from(["text", "cdata", "comment", "child", "prtry"]),
)
def test_identifier_charset_over_texts(spot: str, value: str, form: str) -> None:
    """Any text, in FIN X or not, escaped, as CDATA, beside a comment or a child element, in
    the AppHdr's BizMsgIdr, the MsgId, InstrId or EndToEndId, or a structured Prtry."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("\r", "&#13;")
    if form == "cdata":
        escaped = f"<![CDATA[{value.replace(chr(13), '')}]]>"
    elif form == "comment":
        escaped = f"<!--c-->{escaped}"
    elif form == "child":
        escaped = f"{escaped}<Cd>X</Cd>"
    text = sample(CBPR_PACS)
    if form == "prtry":
        text = text.replace("<Purp><Cd>GDDS</Cd>", f"<Purp><Prtry>{escaped}</Prtry>", 1)
    else:
        text = text.replace(spot, spot[: spot.index(">") + 1] + escaped + "<", 1)
    assert not _differs(etree.fromstring(text.encode(), _KEEPING))


@pytest.mark.parametrize(
    ("name", "loose", "old", "new"),
    [
        # an underscore taken for FIN X
        ("_X_BYTES", ids._X_BYTES + b"_", "<InstrId>REF123<", "<InstrId>REF_1<"),
    ],
)
def test_planted_identifier_charset_bugs_are_caught(
    monkeypatch: pytest.MonkeyPatch, name: str, loose: object, old: str, new: str
) -> None:
    """A looser CBPR-CHARSET-ID proof is caught on a document it wrongly calls clean."""
    text = sample(CBPR_PACS)
    assert old in text
    root = parse(text.replace(old, new, 1))
    assert not _differs(root)
    monkeypatch.setattr(ids, name, loose)
    assert _differs(root)


def test_planted_biz_msg_idr_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CBPR-CHARSET-ID proof that forgets the AppHdr's BizMsgIdr is caught."""
    root = parse(sample(CBPR_PACS).replace("<BizMsgIdr>MSG-1<", "<BizMsgIdr>MSG@1<", 1))
    assert not _differs(root)
    rule = next(r for r in rulebook_rules() if r.id == "CBPR-CHARSET-ID")

    def loose(msg: Message) -> bool:
        texts = [el.text or "" for el in msg.iter(*ids.ID_NAMES) if not len(el)]
        return within("".join(texts), ids._X_BYTES)

    declare(monkeypatch, rule, loose)
    assert _differs(root)


# -- the whole proof (rules/cbpr/whole.py) ------------------------------------------------------


def _generated_root(transactions: int) -> etree._Element:
    generate = load_script(REPO / "scripts" / "generate.py", "qenex_generate")
    buffer = io.BytesIO()
    generate.write_xml(buffer, "pacs.008.001.08", transactions, cbpr=True)
    return parse(buffer.getvalue().decode())


@pytest.mark.parametrize("transactions", [1, 2, 70])
def test_whole_proof_holds_on_clean_generated_messages(transactions: int) -> None:
    """The benchmark's messages take the whole proof (70 transactions bind the agents, parties
    and addresses in chunks), and the findings stay those of the exact bodies."""
    root = _generated_root(transactions)
    msg = Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
    assert whole.cbpr_clean(msg)
    assert not _differs(root)


def test_whole_walk_is_the_same_whole_or_filtered(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small body is walked whole and its elements picked in Python, a large one through
    lxml's filter: both find the same elements in the same order."""
    roots = [root for _, root, _ in _roots()] + [_generated_root(n) for n in (1, 3)]
    checked = 0
    for root in roots:
        msg = Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
        if msg.body is None:
            continue
        tags = whole._tags(msg.ns)
        found = {}
        for small in (False, True):
            monkeypatch.setattr(whole, "walk_whole", lambda _body, small=small: small)
            found[small] = whole._Found(msg.body, tags).by_tag
        assert found[False] == found[True]
        checked += 1
    assert checked > 10


def _loosen(monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    """Leave one structural question out of the whole proof: an XPath part of ``_ALWAYS`` by
    its index, or one of the questions asked in Python (``_agents_ok`` ...) by its name."""
    if which.isdigit():
        parts = list(whole._ALWAYS)
        parts[int(which)] = "true()"
        monkeypatch.setattr(whole, "_ALWAYS", tuple(parts))
        whole._expression.cache_clear()
    else:
        families = [f for f in whole._FAMILIES if f.__name__ != which]
        assert len(families) == len(whole._FAMILIES) - 1, which
        monkeypatch.setattr(whole, "_FAMILIES", tuple(families))


def _whole_clean_sample() -> str:
    """The CBPR+ pacs.008 sample without its one AdrLine: the whole proof holds on it."""
    text = sample(CBPR_PACS).replace("<AdrLine>1 High Street</AdrLine>", "", 1)
    msg = Message(parse(text), as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
    assert whole.cbpr_clean(msg)
    return text


@pytest.mark.parametrize(
    ("why", "which", "old", "new"),
    [
        (
            "an address without a town taken for structured",
            "_addresses_ok",
            "<TwnNm>Paris</TwnNm>",
            "",
        ),
        (
            "a transaction without UETR",
            "0",
            "<UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR>",
            "",
        ),
        (
            "an agent with Nm and no PstlAdr",
            "_agents_ok",
            "<BICFI>DEUTDEFFXXX</BICFI>",
            "<BICFI>DEUTDEFFXXX</BICFI><Nm>B</Nm>",
        ),
    ],
)
def test_planted_whole_proof_bugs_are_caught(
    monkeypatch: pytest.MonkeyPatch, why: str, which: str, old: str, new: str
) -> None:
    """A whole proof that leaves out one of its structural questions is caught on a message
    that question is there for."""
    text = _whole_clean_sample()
    assert old in text, why
    root = parse(text.replace(old, new, 1))
    assert not _differs(root)
    _loosen(monkeypatch, which)
    try:
        assert _differs(root), why
    finally:
        whole._expression.cache_clear()


@functools.cache
def _clean_bases() -> tuple[str, ...]:
    """Messages the whole proof holds on: the CBPR+ pacs.008 sample without its AdrLine, and
    the benchmark's one-transaction message."""
    generate = load_script(REPO / "scripts" / "generate.py", "qenex_generate")
    buffer = io.BytesIO()
    generate.write_xml(buffer, "pacs.008.001.08", 1, cbpr=True)
    return (_whole_clean_sample(), buffer.getvalue().decode())


@settings(max_examples=120)
@given(root=mutated(_clean_bases()))
def test_mutations_of_messages_the_whole_proof_holds_on(root: etree._Element) -> None:
    """Mutations of clean pacs.008 messages (the sample mutations almost never leave the whole
    proof holding on a pacs.008): fast and exact give the same findings, and where the whole
    proof holds, the CBPR-ONE-TX answer it leaves is the rule's own proof's."""
    msg = Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
    held = whole.cbpr_clean(msg)
    event(f"whole proof holds: {held}")
    if held:
        left = msg.memo(group.ONE_TX_ANSWER, lambda _: None)
        fresh = Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
        assert left is group._one_tx_holds(fresh)
    assert not _differs(root)


def test_the_clean_bases_are_clean() -> None:
    """The mutations above start from messages the whole proof holds on."""
    for text in _clean_bases():
        msg = Message(parse(text), as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
        assert whole.cbpr_clean(msg)


@pytest.mark.parametrize(
    ("why", "which", "old", "new"),
    [
        ("a MsgId other than the BizMsgIdr", "1", "<MsgId>MSG-1</MsgId>", "<MsgId>MSG-2</MsgId>"),
        ("a settlement method CBPR+ does not allow", "2", "<SttlmMtd>INDA<", "<SttlmMtd>CLRG<"),
    ],
)
def test_planted_whole_proof_group_header_bugs_are_caught(
    monkeypatch: pytest.MonkeyPatch, why: str, which: str, old: str, new: str
) -> None:
    """A whole proof that leaves out its MsgId or settlement question is caught."""
    test_planted_whole_proof_bugs_are_caught(monkeypatch, why, which, old, new)


def _differs_with_pacs_part(
    monkeypatch: pytest.MonkeyPatch, root: etree._Element, part: int
) -> bool:
    """Whether fast and exact differ on ``root`` once the whole proof's pacs.008 XPath part
    ``part`` (of :data:`whole._BY_KIND`) is left out (asked as ``true()``)."""
    parts = list(whole._BY_KIND[PACS008])
    parts[part] = "true()"
    monkeypatch.setitem(whole._BY_KIND, PACS008, tuple(parts))
    whole._expression.cache_clear()
    try:
        return _differs(root)
    finally:
        whole._expression.cache_clear()


def test_planted_whole_proof_from_to_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole proof that leaves out CBPR-BAH's Fr/To against the agents is caught."""
    text = _whole_clean_sample().replace("<BICFI>ABCDGB2LXXX<", "<BICFI>ZZZZGB2LXXX<", 1)
    root = parse(text)
    assert not _differs(root)
    assert _differs_with_pacs_part(monkeypatch, root, 0)


_HEADER_BICS = (
    "<Prty>NORM</Prty>",
    [
        "<Prty>NORM</Prty><BICFI>NOTABIC</BICFI>",  # the AppHdr's own BICFI
        "<Prty>NORM</Prty><BICFI>ABCDGB2LXXX</BICFI><BICFI>BAD</BICFI>",
        "<Prty>NORM<BICFI>BAD</BICFI></Prty>",  # a BICFI below another child
    ],
)


@pytest.mark.parametrize("new", _HEADER_BICS[1])
def test_every_header_bic_is_read(new: str) -> None:
    """CBPR-BIC reads every BICFI of the AppHdr, wherever it sits: so does the whole proof."""
    text = _whole_clean_sample()
    assert _HEADER_BICS[0] in text
    root = parse(text.replace(_HEADER_BICS[0], new, 1))
    msg = Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
    assert not whole.cbpr_clean(msg)
    assert not _differs(root)


@pytest.mark.parametrize("new", _HEADER_BICS[1])
def test_planted_header_bics_bug_is_caught(monkeypatch: pytest.MonkeyPatch, new: str) -> None:
    """A whole proof that takes the header's BICs from Fr and To alone is caught."""
    root = parse(_whole_clean_sample().replace(_HEADER_BICS[0], new, 1))
    original = whole._Head.__init__

    def sides_only(self: whole._Head, hdr: etree._Element, hns: str) -> None:
        original(self, hdr, hns)
        self.bics = [bic for bic in self.sides if bic is not None]

    monkeypatch.setattr(whole._Head, "__init__", sides_only)
    assert _differs(root)


def test_planted_whole_address_part_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole proof that lets an address hold a part no address has (whose text the rule
    reads but the walk does not) is caught."""
    text = _whole_clean_sample().replace("<StrtNm>Rue de Rivoli</StrtNm>", "<Xyz>Rue é</Xyz>", 1)
    root = parse(text)
    assert not _differs(root)
    monkeypatch.setattr(whole, "_parts_only", lambda _found: True)
    assert _differs(root)


@pytest.mark.parametrize("inside", ["<!--c-->", "<?pi x?>", "<Cd/>"])
def test_instruction_text_with_a_child_node_is_read_whole(inside: str) -> None:
    """CBPR-CHARSET-TXT reads an InstrInf's text whatever else it holds; so does the whole
    proof (the identifiers' FIN X question passes over elements with children)."""
    anchor = "<InstrForCdtrAgt><Cd>PHOB</Cd></InstrForCdtrAgt>"
    text = _whole_clean_sample()
    assert anchor in text
    bad = f"<InstrForNxtAgt><InstrInf>BAD_TEXT{inside}</InstrInf></InstrForNxtAgt>"
    root = etree.fromstring(text.replace(anchor, anchor + bad, 1).encode())
    msg = Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
    assert not whole.cbpr_clean(msg)
    assert not _differs(root)


_BAD_TEXTS = (
    ("<BICFI>DEUTDEFFXXX</BICFI>", "<BICFI>DEUTDEFF_XX</BICFI>"),
    ("<TwnNm>Paris</TwnNm>", "<TwnNm>Parisé</TwnNm>"),
    ("<Ctry>FR</Ctry>", "<Ctry>QQ</Ctry>"),
)


@pytest.mark.parametrize(("old", "new"), _BAD_TEXTS)
def test_a_text_found_wrong_is_never_kept_clean(old: str, new: str) -> None:
    """The whole proof keeps, per tag, the texts it found clean: a wrong text is refused each
    time it is met, before and after the clean one it replaces was kept."""
    text = _whole_clean_sample()
    assert old in text
    bad = parse(text.replace(old, new, 1))
    for root in (parse(text), bad, bad):
        msg = Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
        assert whole.cbpr_clean(msg) is (root is not bad)
    assert not _differs(bad)


def _forget_clean_texts() -> None:
    for plan in whole._TEXT_PLANS.values():
        plan.clean.kept.clear()


@pytest.mark.parametrize(("old", "new"), _BAD_TEXTS)
def test_planted_clean_text_bug_is_caught(
    monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    """A whole proof that keeps a text before checking it takes the wrong text as clean the
    second time it is met."""
    original = whole._TextCheck.admit

    def keeps_first(self: whole._TextCheck, el: etree._Element, text_: str) -> bool:
        self.clean.keep(text_)
        return original(self, el, text_)

    monkeypatch.setattr(whole._TextCheck, "admit", keeps_first)
    _forget_clean_texts()
    try:
        bad = parse(_whole_clean_sample().replace(old, new, 1))
        answers = [
            whole.cbpr_clean(Message(bad, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+"))
            for _ in range(2)
        ]
        assert answers == [False, True]
    finally:
        _forget_clean_texts()  # the wrong texts kept go


@pytest.mark.parametrize(
    ("why", "old", "new"),
    [
        (
            "a debtor identified by AnyBIC that also gives its name",
            "<Dbtr><Nm>Smith &amp; Co [UK]</Nm>",
            (
                "<Dbtr><Nm>Smith &amp; Co [UK]</Nm>"
                "<Id><OrgId><AnyBIC>ABCDGB2LXXX</AnyBIC></OrgId></Id>"
            ),
        ),
        (
            "a creditor with neither Nm nor AnyBIC",
            (
                "<Cdtr><Nm>Paris Trading</Nm><PstlAdr><StrtNm>Rue de Rivoli</StrtNm>"
                "<TwnNm>Paris</TwnNm><Ctry>FR</Ctry></PstlAdr></Cdtr>"
            ),
            "<Cdtr></Cdtr>",
        ),
    ],
)
def test_planted_whole_proof_party_bug_is_caught(
    monkeypatch: pytest.MonkeyPatch, why: str, old: str, new: str
) -> None:
    """A whole proof that leaves out its question about the parties is caught."""
    test_planted_whole_proof_bugs_are_caught(monkeypatch, why, "_parties_ok", old, new)


def test_planted_whole_proof_instg_instd_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole proof that leaves out its question about every transaction's InstgAgt and
    InstdAgt (a second transaction without them) is caught."""
    text = _whole_clean_sample()
    tx = re.search("<CdtTrfTxInf>.*</CdtTrfTxInf>", text, re.S)
    assert tx is not None
    second = re.sub("<InstdAgt>.*?</InstdAgt>", "", tx[0], count=1, flags=re.S)
    second = second.replace(
        "eb6305c9-1f7f-49de-aed0-16487c27b42d", "0b6305c9-1f7f-49de-aed0-16487c27b42d"
    )
    root = parse(text.replace(tx[0], tx[0] + second, 1))
    assert not _differs(root)
    assert _differs_with_pacs_part(monkeypatch, root, 1)


_FAMILY_EDITS = (
    (
        "<DbtrAgt><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId></DbtrAgt>",
        (
            "<DbtrAgt><FinInstnId><Nm>Bank</Nm></FinInstnId>"
            "<FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId></DbtrAgt>"
        ),
    ),
    (
        "<Id><OrgId><LEI>529900T8BM49AURSDO55</LEI></OrgId></Id></Dbtr>",
        (
            "<Id><OrgId><LEI>529900T8BM49AURSDO55</LEI></OrgId>"
            "<OrgId><AnyBIC>ABCDGB2LXXX</AnyBIC></OrgId></Id></Dbtr>"
        ),
    ),
    (
        "<Id><OrgId><LEI>529900T8BM49AURSDO55</LEI></OrgId></Id></Dbtr>",
        "<Id><PrvtId><AnyBIC>ABCDGB2LXXX</AnyBIC></PrvtId></Id></Dbtr>",
    ),
)
"""A first FinInstnId with a name only; an AnyBIC in a second OrgId; one in a PrvtId."""


_STRUCTURED_WITHOUT_LINES = "not($n[not(d:TwnNm and d:Ctry) or d:AdrLine])"
"""XPath: every address ($n) has TwnNm and Ctry and no AdrLine (what the whole proof asks)."""


def _families_agree(root: etree._Element) -> bool:
    """The agents, parties and addresses asked in Python from the walked elements answer as
    the XPath of their rules (:data:`agents._PLAIN_AGENTS` ...) does."""
    msg = Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+")
    if msg.body is None or msg.ns is None:
        return True
    found = whole._Found(msg.body, whole._tags(msg.ns))
    families = (
        (whole._agents_ok, agents._PLAIN_AGENTS, "agent"),
        (whole._parties_ok, agents._PLAIN_PARTIES, "party"),
        (whole._addresses_ok, _STRUCTURED_WITHOUT_LINES, "address"),
    )
    return all(
        asked(found) == proofs.holds_for_each(msg, expr, found.els(group_))
        for asked, expr, group_ in families
    )


def _family_edits() -> list[etree._Element]:
    text = _whole_clean_sample()
    roots = []
    for old, new in _FAMILY_EDITS:
        assert old in text
        roots.append(parse(text.replace(old, new, 1)))
    return roots


def test_agents_parties_and_addresses_answer_as_their_xpath() -> None:
    assert all(map(_families_agree, _family_edits()))


@settings(max_examples=150, deadline=None)
@given(root=mutated(_clean_bases()))
def test_agents_parties_and_addresses_answer_as_their_xpath_over_mutations(
    root: etree._Element,
) -> None:
    assume(Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+").body is not None)
    assert _families_agree(root)


def _last_by_parent(self: whole._Found, name: str) -> dict[etree._Element, etree._Element]:
    return {el.getparent(): el for el in self.by_tag.get(self.tags.q[name], ())}  # type: ignore[misc]


def _any_bic_anywhere(found: whole._Found) -> set[etree._Element | None]:
    return {
        bic.getparent().getparent().getparent()
        for bic in found.by_tag.get(found.tags.q["AnyBIC"], ())
    }  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("target", "name", "planted"),
    [
        (whole._Found, "first_by_parent", _last_by_parent),
        (whole, "_first_of_its_tag", lambda _el: True),
        (whole, "_with_any_bic", _any_bic_anywhere),
    ],
)
def test_planted_family_bugs_are_caught(
    monkeypatch: pytest.MonkeyPatch, target: object, name: str, planted: object
) -> None:
    """The last FinInstnId taken for the first, an OrgId or Id taken as first whatever came
    before, an AnyBIC counted wherever it stands: each answers otherwise than the XPath."""
    monkeypatch.setattr(target, name, planted)
    assert not all(map(_families_agree, _family_edits()))


def _leaf_after_child() -> tuple[bool, etree._Element]:
    """The whole proof's answer on an EndToEndId ``NOT_PROVIDED`` (not FIN X) without children,
    met after the same text with a child (read whole, not held to FIN X: the rule reads
    elements without children), and the message it answered on."""
    old = "<EndToEndId>NOTPROVIDED</EndToEndId>"
    text = _whole_clean_sample()
    assert old in text
    _forget_clean_texts()
    with_child = parse(text.replace(old, "<EndToEndId>NOT_PROVIDED<Cd/></EndToEndId>", 1))
    leaf = parse(text.replace(old, "<EndToEndId>NOT_PROVIDED</EndToEndId>", 1))
    answers = [
        whole.cbpr_clean(Message(root, as_of=SAMPLES_DATE, source="m.xml", profile="cbpr+"))
        for root in (with_child, leaf)
    ]
    _forget_clean_texts()
    return answers[1], leaf


def test_a_text_read_past_its_children_is_not_kept() -> None:
    clean, leaf = _leaf_after_child()
    assert not clean
    assert not _differs(leaf)


def test_planted_kept_past_children_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    original = whole._TextCheck.admit

    def keeps_with_children(self: whole._TextCheck, el: etree._Element, text_: str) -> bool:
        if len(el) and all(check(text_) for check in self.checks):
            self.clean.keep(text_)
        return original(self, el, text_)

    monkeypatch.setattr(whole._TextCheck, "admit", keeps_with_children)
    assert _leaf_after_child()[0]


def test_the_names_read_by_their_parents_are_walked() -> None:
    """The structural questions asked in Python look the names of ``whole._READ`` up among the
    walked elements (the first pass's whole walk holds every name, the proof's own walk only
    those of ``_GROUPS``): each one looked up is walked, so both give the same answer; Id and
    OrgId are only compared with a tag."""
    walked = {name for names in whole._GROUPS.values() for name in names}
    assert set(whole._READ) - {"Id", "OrgId"} <= walked
