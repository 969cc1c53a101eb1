"""MT103 -> pacs.008 (CBPR+): the corpus pairs field by field, and one case per mapping rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qenex_messages import QenexError
from qenex_messages.iso20022 import check_xml
from qenex_messages.mt import parse_mt103
from qenex_messages.translation import mt103_to_pacs008

from .conftest import MT_CORPUS, MX_CORPUS, cbpr_errors, first, tree

IN = MT_CORPUS / "ballerina-mt2mx"
OUT = MX_CORPUS / "ballerina-mt2mx"

# MT103 input (corpus/mt103/ballerina-mt2mx) -> the expected pacs.008 of the same Ballerina test.
PAIRS = {
    "001.txt": "c_53_5_mt103_pacs008_A_B.xml",
    "002.txt": "custom_mt103_pacs008.xml",
    "003.txt": "custom_mt103_a_2014.xml",
    "004.txt": "custom_mt103_a_2015.xml",
    "005.txt": "custom_mt103_fin2.xml",
    "006.txt": "p_2_1_1_mt103_pacs_008_C_D.xml",
    "008.txt": "p_2_1_2_mt103_pacs_008_A_B.xml",
    "009.txt": "p_2_1_2_mt103_pacs008_B_C.xml",
    "011.txt": "p_2_3_1_a_mt103_pacs_008_A_D.xml",
    "012.txt": "p_2_3_1_b_mt103_pacs_008_A_D.xml",
}

# The elements the mapping note covers (text compared exactly, amounts as Decimal).
FIELDS = (
    "AppHdr/Fr/FIId/FinInstnId/BICFI",
    "AppHdr/To/FIId/FinInstnId/BICFI",
    "AppHdr/BizMsgIdr",
    "AppHdr/MsgDefIdr",
    "GrpHdr/MsgId",
    "GrpHdr/NbOfTxs",
    "GrpHdr/SttlmInf/SttlmMtd",
    "GrpHdr/SttlmInf/InstgRmbrsmntAgt/FinInstnId/BICFI",
    "GrpHdr/SttlmInf/InstdRmbrsmntAgt/FinInstnId/BICFI",
    "PmtId/InstrId",
    "PmtId/EndToEndId",
    "PmtId/UETR",
    "IntrBkSttlmAmt",
    "IntrBkSttlmAmt/@Ccy",
    "IntrBkSttlmDt",
    "InstdAmt",
    "InstdAmt/@Ccy",
    "ChrgBr",
    "PmtTpInf/LclInstrm/Cd",
    "PrvsInstgAgt1/FinInstnId/BICFI",
    "PrvsInstgAgt1/FinInstnId/Nm",
    "PrvsInstgAgt3/FinInstnId/Nm",
    "InstgAgt/FinInstnId/BICFI",
    "InstdAgt/FinInstnId/BICFI",
    "IntrmyAgt1/FinInstnId/BICFI",
    "IntrmyAgt1Acct/Id/Othr/Id",
    "Dbtr/Nm",
    "Dbtr/PstlAdr/TwnNm",
    "Dbtr/PstlAdr/Ctry",
    "Dbtr/PstlAdr/AdrLine",
    "DbtrAcct/Id/Othr/Id",
    "DbtrAgt/FinInstnId/BICFI",
    "DbtrAgtAcct/Id/Othr/Id",
    "CdtrAgt/FinInstnId/BICFI",
    "CdtrAgt/FinInstnId/Nm",
    "Cdtr/Nm",
    "Cdtr/PstlAdr/TwnNm",
    "Cdtr/PstlAdr/Ctry",
    "Cdtr/PstlAdr/AdrLine",
    "Cdtr/Id/OrgId/Othr/Id",
    "CdtrAcct/Id/Othr/Id",
    "RmtInf/Ustrd",
)
AMOUNTS = {"IntrBkSttlmAmt", "InstdAmt"}

# Where the Ballerina translator departs from the rules in the mapping note (sections 7-8):
# (input, element) -> (what Ballerina wrote, what the rules give).
DIVERGENCES = {
    # TR012: with both CORT and INTC, CtgyPurp/Prtry is "INTC CORT" whatever the MT order.
    ("002.txt", "PmtTpInf/CtgyPurp/Prtry"): ("CORT INTC", "INTC CORT"),
    # s.7: Ballerina invents a 0 USD ChrgsInf for BEN without 71F; the input breaks E15 and we
    # invent nothing (the cbpr+ profile then reports CBPR-CHRGS).
    ("002.txt", "ChrgsInf/Amt"): ("0", None),
    ("003.txt", "ChrgsInf/Amt"): ("0", None),
}


def _norm(name: str, value: str | None) -> object:
    if value is not None and name in AMOUNTS:
        return Decimal(value)
    return value


@pytest.mark.skipif(not IN.is_dir(), reason="../shared corpus missing")
@pytest.mark.parametrize("mt_name", sorted(PAIRS))
def test_ballerina_pairs_field_by_field(mt_name: str) -> None:
    """Every element the mapping note covers equals Ballerina's expected output."""
    result = mt103_to_pacs008((IN / mt_name).read_bytes())
    assert result.value, result.findings
    ours, theirs = tree(result.value), tree((OUT / PAIRS[mt_name]).read_bytes())
    differences = {
        name: (_norm(name, first(theirs, name)), _norm(name, first(ours, name)))
        for name in FIELDS
        if _norm(name, first(theirs, name)) != _norm(name, first(ours, name))
    }
    assert differences == {}
    for (name, element), (ballerina, rules) in DIVERGENCES.items():
        if name == mt_name:
            assert first(theirs, element) == ballerina
            assert first(ours, element) == rules


@pytest.mark.skipif(not IN.is_dir(), reason="../shared corpus missing")
@pytest.mark.parametrize("mt_name", sorted(PAIRS))
def test_corpus_output_is_schema_valid(mt_name: str) -> None:
    """The translation of every corpus MT103 passes the pacs.008 and head.001 XSDs."""
    result = mt103_to_pacs008((IN / mt_name).read_bytes())
    report = check_xml(result.value)
    assert report.errors == [], report.errors


@pytest.mark.skipif(not IN.is_dir(), reason="../shared corpus missing")
def test_return_is_refused() -> None:
    """72 /RETN/ (corpus 007) is a return: it becomes a pacs.004, so no pacs.008 is made."""
    result = mt103_to_pacs008((IN / "007.txt").read_bytes())
    assert result.value == b""
    assert [f.code for f in result.findings if f.is_error] == ["QX440"]
    assert result.findings[0].location.field == "72"


# ----------------------------------------------------------------------------- single rules

HEAD = (
    "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}"
    "{3:{121:eb6305c9-1f7f-49de-aed0-16487c27b42d}}{4:\r\n"
)
BASE = {
    "20": "REF-1",
    "23B": "CRED",
    "32A": "260302EUR1000,",
    "33B": "EUR1000,",
    "50K": "/DE89370400440532013000\r\nMAX MUSTER\r\nHAUPTSTR 1\r\nBERLIN",
    "59": "/BE68539007547034\r\nJAN JANSSENS",
    "70": "INVOICE 1",
    "71A": "SHA",
}


def mt(**fields: str | None) -> str:
    """An MT103 from BASE with fields replaced (``None`` removes one; ``_`` in names is a tag
    letter separator, e.g. ``f72``)."""
    merged: dict[str, str | None] = dict(BASE)
    for key, value in fields.items():
        merged[key.lstrip("f")] = value
    order = [
        "20", "13C", "23B", "23E", "26T", "32A", "33B", "36", "50K", "52A", "53A", "53B", "54A",
        "55A", "56A", "57A", "59", "59F", "70", "71A", "71F", "71G", "72", "77B",
    ]  # fmt: skip
    body = "".join(f":{tag}:{merged[tag]}\r\n" for tag in order if merged.get(tag) is not None)
    return HEAD + body + "-}"


def translate(text: str) -> tuple[object, list[str]]:
    result = mt103_to_pacs8(text)
    return tree(result.value), [f.code for f in result.findings]


def mt103_to_pacs8(text: str):  # type: ignore[no-untyped-def]
    result = mt103_to_pacs008(text)
    assert result.value, result.findings
    assert check_xml(result.value).errors == []
    return result


def test_base_message_is_cbpr_clean() -> None:
    """A plain MT103 gives a CBPR+ pacs.008 with no rule error, AppHdr from the header BICs."""
    result = mt103_to_pacs8(mt())
    root = tree(result.value)
    assert cbpr_errors(result.value) == []
    assert first(root, "AppHdr/Fr/FIId/FinInstnId/BICFI") == "BANKBEBBXXX"
    assert first(root, "AppHdr/To/FIId/FinInstnId/BICFI") == "BANKDEFFXXX"
    assert first(root, "AppHdr/BizSvc") == "swift.cbprplus.03"
    created = first(root, "GrpHdr/CreDtTm")
    assert created is not None and created.endswith("+00:00")
    # Absent 52a/57a: the sender and receiver (mandatory in MX).
    assert first(root, "DbtrAgt/FinInstnId/BICFI") == "BANKBEBBXXX"
    assert first(root, "CdtrAgt/FinInstnId/BICFI") == "BANKDEFFXXX"
    assert first(root, "PmtId/EndToEndId") == "NOTPROVIDED"
    assert first(root, "GrpHdr/SttlmInf/SttlmMtd") == "INDA"


def test_business_service_and_no_header() -> None:
    """The BizSvc is configurable; header=False gives a bare Document."""
    result = mt103_to_pacs008(mt(), business_service="swift.cbprplus.02")
    assert first(tree(result.value), "AppHdr/BizSvc") == "swift.cbprplus.02"
    bare = mt103_to_pacs008(mt(), header=False)
    assert tree(bare.value).tag.endswith("Document")


def test_unsupported_version_raises() -> None:
    """A version that is not a supported pacs.008 is a usage error."""
    with pytest.raises(QenexError):
        mt103_to_pacs008(mt(), version="pain.001.001.09")


def test_unreadable_input_is_a_finding() -> None:
    """Binary or truncated input gives an error finding, never an exception."""
    result = mt103_to_pacs008(b"\x00\x01garbage")
    assert result.value == b""
    assert "QX445" in [f.code for f in result.findings]


def test_parsed_message_is_accepted() -> None:
    """An already parsed Mt103Message can be given."""
    assert mt103_to_pacs008(parse_mt103(mt())).value


@pytest.mark.parametrize(
    ("f70", "e2e", "cut"),
    [
        ("/ROC/ABC123", "ABC123", False),  # the ROC text
        ("INVOICE 1", "NOTPROVIDED", False),  # no /ROC/
        ("/ROC/" + "A" * 30 + "\r\n" + "B" * 10, "A" * 30 + "B" * 4 + "+", True),  # full line
    ],
)
def test_end_to_end_id_from_roc(f70: str, e2e: str, cut: bool) -> None:
    """TR013: EndToEndId from /ROC/ (lines joined), 34 + '+' when longer than 35."""
    result = mt103_to_pacs8(mt(f70=f70))
    assert first(tree(result.value), "PmtId/EndToEndId") == e2e
    assert ("QX442" in [f.code for f in result.findings]) is cut


def test_ustrd_join_stays_within_140() -> None:
    """70 4 x 35: full lines join without a space, so Ustrd is at most 140 characters."""
    lines = ["X" * 35] * 4
    result = mt103_to_pacs8(mt(f70="\r\n".join(lines)))
    assert first(tree(result.value), "RmtInf/Ustrd") == "X" * 140


def test_reject_refused() -> None:
    """72 /REJT/ is a reject: refused with an error finding."""
    result = mt103_to_pacs008(mt(f72="/REJT/99\r\n/AC01/"))
    assert result.value == b""
    assert [f.code for f in result.findings] == ["QX440"]


def test_field_72_rules() -> None:
    """/INS/ -> PrvsInstgAgt, /ACC/ -> InstrForCdtrAgt text, the rest -> InstrForNxtAgt text."""
    text = "/INS/DEUTDEFFXXX\r\n/ACC/PAY AT BRANCH\r\n/INT/CALL BEFORE\r\n/XYZ/BILATERAL"
    result = mt103_to_pacs8(mt(f72=text))
    root = tree(result.value)
    assert first(root, "PrvsInstgAgt1/FinInstnId/BICFI") == "DEUTDEFFXXX"
    assert first(root, "InstrForCdtrAgt/InstrInf") == "PAY AT BRANCH"
    assert first(root, "InstrForCdtrAgt/Cd") is None
    assert first(root, "InstrForNxtAgt/InstrInf") == "/INT/CALL BEFORE/XYZ/BILATERAL"
    assert first(root, "InstrForNxtAgt/Cd") is None
    # /XYZ/ is not an MT103 code word: carried as text, with a warning.
    assert [f.code for f in result.findings if f.code == "QX444"] == ["QX444"]


def test_field_72_ins_without_bic() -> None:
    """/INS/ with a name: PrvsInstgAgt Nm + AdrLine NOTPROVIDED."""
    root = tree(mt103_to_pacs8(mt(f72="/INS/SOME BANK")).value)
    assert first(root, "PrvsInstgAgt1/FinInstnId/Nm") == "SOME BANK"
    assert first(root, "PrvsInstgAgt1/FinInstnId/PstlAdr/AdrLine") == "NOTPROVIDED"


def test_field_72_overflow_tr011() -> None:
    """TR011: more than 6 x 35 of next-agent text is cut, the last piece ending with '+'."""
    lines = ["/REC/" + "A" * 30] + ["//" + "B" * 33] * 5
    result = mt103_to_pacs008(mt(f72="\r\n".join(lines)))
    root = tree(result.value)
    pieces = root.xpath(".//*[local-name()='InstrForNxtAgt']/*[local-name()='InstrInf']")
    assert len(pieces) <= 6
    assert all(len(p.text) <= 35 for p in pieces)
    joined = "".join(p.text for p in pieces)
    assert joined.startswith("/REC/" + "A" * 30)
    # 35 + 5 x 33 = 200 characters fit in 6 x 35 = 210: nothing cut here.
    assert "QX442" not in [f.code for f in result.findings]
    long_lines = ["/REC/" + "A" * 30] + ["//" + "B" * 33] * 5 + ["/INT/" + "C" * 30]
    longer = mt103_to_pacs008(mt(f72="\r\n".join(long_lines)))
    cut = tree(longer.value).xpath(".//*[local-name()='InstrInf']")
    assert cut[-1].text.endswith("+")
    assert "QX442" in [f.code for f in longer.findings]


@pytest.mark.parametrize(
    ("codes", "where", "value", "lost"),
    [
        (["SDVA"], "PmtTpInf/SvcLvl/Cd", "SDVA", False),
        (["INTC"], "PmtTpInf/CtgyPurp/Cd", "INTC", False),
        (["INTC", "CORT"], "PmtTpInf/CtgyPurp/Prtry", "INTC CORT", False),
        (["HOLD"], "InstrForCdtrAgt/Cd", "HOLD", False),
        (["PHOI"], "PmtTpInf", None, True),  # dropped by rule, with a warning
        (["TELI"], "PmtTpInf", None, True),
    ],
)
def test_23e_table(codes: list[str], where: str, value: str | None, lost: bool) -> None:
    """23E per the note's table; dropped codes are warnings."""
    text = mt()
    text = text.replace(":23B:CRED\r\n", ":23B:CRED\r\n" + "".join(f":23E:{c}\r\n" for c in codes))
    result = mt103_to_pacs008(text)
    assert first(tree(result.value), where) == value
    assert ("QX441" in [f.code for f in result.findings]) is lost


def test_23b_other_than_cred_is_a_loss() -> None:
    """23B is not translated; a code other than CRED is reported."""
    assert "QX441" not in [f.code for f in mt103_to_pacs008(mt()).findings]
    result = mt103_to_pacs008(mt(f23B="SPRI"))
    assert "QX441" in [f.code for f in result.findings]


def test_26t_13c_111_and_77b() -> None:
    """26T -> Purp/Prtry ':26T:'+code; 13C -> SttlmTmIndctn on 0001-01-01; 77B -> CtryOfRes."""
    text = mt(f26T="K90", f77B="/ORDERRES/DE//INVOICE", f13C="/SNDTIME/1015+0100")
    text = text.replace("{121:", "{111:001}{121:")
    root = tree(mt103_to_pacs8(text).value)
    assert first(root, "Purp/Prtry") == ":26T:K90"
    assert first(root, "SttlmTmIndctn/DbtDtTm") == "0001-01-01T10:15:00+01:00"
    assert first(root, "Dbtr/CtryOfRes") == "DE"
    assert first(root, "RgltryRptg/Dtls/Inf") == "/ORDERRES/DE//INVOICE"
    assert first(root, "PmtTpInf/SvcLvl/Cd") == "G001"


def test_charges_71f_and_71g() -> None:
    """71F: one ChrgsInf each with agent Nm NOTPROVIDED; 71G: the receiver as agent."""
    root = tree(mt103_to_pacs8(mt(f71A="SHA", f71F="EUR5,", f33B="EUR1005,")).value)
    assert first(root, "ChrgsInf/Amt") == "5"
    assert first(root, "ChrgsInf/Agt/FinInstnId/Nm") == "NOTPROVIDED"
    assert first(root, "ChrgsInf/Agt/FinInstnId/PstlAdr/AdrLine") == "NOTPROVIDED"
    root = tree(mt103_to_pacs8(mt(f71A="OUR", f71G="EUR5,")).value)
    assert first(root, "ChrgBr") == "DEBT"
    assert first(root, "ChrgsInf/Agt/FinInstnId/BICFI") == "BANKDEFFXXX"


@pytest.mark.parametrize(
    ("fields", "method", "account", "reimbursement"),
    [
        ({}, "INDA", None, None),  # no 53/54: INDA
        ({"f53B": "/12345"}, "INDA", "12345", None),  # account at the receiver
        ({"f53B": "/C/12345"}, "INGA", "12345", None),  # credit mark: INGA
        ({"f53A": "BANKDEFFXXX"}, "INDA", None, None),  # 53A = receiver
        ({"f53A": "COBADEFFXXX"}, "COVE", None, "COBADEFFXXX"),  # third-party BIC: cover
    ],
)
def test_settlement_method(
    fields: dict[str, str], method: str, account: str | None, reimbursement: str | None
) -> None:
    """METAFCT001: INDA / INGA / COVE from 53a/54a; never CLRG."""
    root = tree(mt103_to_pacs8(mt(**fields)).value)
    assert first(root, "GrpHdr/SttlmInf/SttlmMtd") == method
    assert first(root, "GrpHdr/SttlmInf/SttlmAcct/Id/Othr/Id") == account
    assert first(root, "GrpHdr/SttlmInf/InstgRmbrsmntAgt/FinInstnId/BICFI") == reimbursement


def test_clearing_codes_and_rtgs() -> None:
    """//FW with a number -> ClrSysMmbId USABA; //RT alone -> ClrChanl RTGS."""
    root = tree(mt103_to_pacs8(mt(f57A="//FW021000021\r\nCHASUS33XXX")).value)
    assert first(root, "CdtrAgt/FinInstnId/ClrSysMmbId/ClrSysId/Cd") == "USABA"
    assert first(root, "CdtrAgt/FinInstnId/ClrSysMmbId/MmbId") == "021000021"
    root = tree(mt103_to_pacs8(mt(f56A="//RT\r\nCHASUS33XXX")).value)
    assert first(root, "PmtTpInf/ClrChanl") == "RTGS"
    assert first(root, "IntrmyAgt1/FinInstnId/ClrSysMmbId/MmbId") is None


def test_accountless_creditor_gets_notprovided_id() -> None:
    """59F without account: Cdtr/Id/OrgId/Othr/Id NOTPROVIDED (TR014)."""
    text = mt(f59=None, f59F="1/JAN JANSSENS\r\n2/KERKSTRAAT 1\r\n3/BE/BRUSSEL")
    root = tree(mt103_to_pacs8(text).value)
    assert first(root, "Cdtr/Id/OrgId/Othr/Id") == "NOTPROVIDED"
    assert first(root, "Cdtr/PstlAdr/TwnNm") == "BRUSSEL"
    assert first(root, "Cdtr/PstlAdr/Ctry") == "BE"
    assert first(root, "Cdtr/PstlAdr/AdrLine") == "KERKSTRAAT 1"


def test_upper_case_uetr_is_lowered_with_a_warning() -> None:
    """121 in upper case: lower-cased deliberately, reported."""
    text = mt().replace(
        "eb6305c9-1f7f-49de-aed0-16487c27b42d", "EB6305C9-1F7F-49DE-AED0-16487C27B42D"
    )
    result = mt103_to_pacs8(text)
    assert first(tree(result.value), "PmtId/UETR") == "eb6305c9-1f7f-49de-aed0-16487c27b42d"
    assert "QX446" in [f.code for f in result.findings]
