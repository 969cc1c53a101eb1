"""The mapping tables of the translation property: which input path may land at which output path.

Read with ``leafmap.Rule``: the first rule whose ``source`` matches the whole input path applies.
The tables follow ``docs/mt-mx-mapping.md`` (sections 2-6) of the shared research notes; a path
with no rule, or a value not found where its rule points, needs a finding that names it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from qenex_messages.findings import Finding
from tests.leaves import Leaves
from tests.properties.leafmap import Kind, Rule, rule

TX = r"Document/FIToFICstmrCdtTrf/CdtTrfTxInf/"
GH = r"Document/FIToFICstmrCdtTrf/GrpHdr/"
FI = r"FinInstnId/(?:BICFI|BIC)"
ACCOUNT = r"Id/(?:IBAN|Othr/Id)"
ADDRESS = (
    r"PstlAdr/(?:AdrLine|StrtNm|BldgNb|BldgNm|Flr|PstBx|Room|Dept|SubDept|TwnLctnNm|DstrctNm"
    r"|CtrySubDvsn)"
)


def _agent(tag: str, element: str, account: str) -> list[Rule]:
    """An MT agent field (A, B, C, D options) and its pacs.008 agent and account."""
    agent = f"{TX}{element}/FinInstnId"
    return [
        rule(rf"{tag}A/bic", rf"{agent}/BICFI", kind=Kind.BIC),
        rule(
            rf"{tag}[ABCD]/account",
            rf"{TX}{account}/{ACCOUNT}",
            rf"{agent}/ClrSysMmbId/MmbId",
            rf"{agent}/ClrSysMmbId/ClrSysId/(?:Cd|Prtry)",
        ),
        rule(rf"{tag}[AD]/dc", implied=True),  # the mark /C or /D: an INGA/INDA choice
        rule(rf"{tag}[BD]/(?:line|location)", rf"{agent}/(?:Nm|{ADDRESS})"),
    ]


def _party(tag: str, element: str, account: str) -> list[Rule]:
    """An MT party field (50a or 59a) and its pacs.008 party and account."""
    party = f"{TX}{element}"
    identification = rf"{party}/Id/(?:OrgId|PrvtId)/Othr/(?:Id|Issr|SchmeNm/Cd)"
    return [
        rule(rf"{tag}[AFK]?/account", rf"{TX}{account}/{ACCOUNT}", kind=Kind.ID),
        rule(rf"{tag}F/id(?:/code|/country)?", identification, rf"{party}/CtryOfRes"),
        rule(rf"{tag}A/bic", rf"{party}/Id/OrgId/AnyBIC", kind=Kind.BIC),
        rule(rf"{tag}K?/line", rf"{party}/(?:Nm|{ADDRESS}|PstlAdr/TwnNm|PstlAdr/PstCd)"),
        rule(rf"{tag}F/1", rf"{party}/Nm"),
        rule(rf"{tag}F/2", rf"{party}/{ADDRESS}"),
        rule(rf"{tag}F/3/country", rf"{party}/PstlAdr/Ctry", kind=Kind.CODE),
        rule(rf"{tag}F/3/town", rf"{party}/PstlAdr/(?:TwnNm|PstCd|CtrySubDvsn)"),
        rule(rf"{tag}F/4", rf"{party}/Id/PrvtId/DtAndPlcOfBirth/BirthDt", kind=Kind.DATE),
        rule(rf"{tag}F/5/country", rf"{party}/Id/PrvtId/DtAndPlcOfBirth/CtryOfBirth"),
        rule(rf"{tag}F/5/town", rf"{party}/Id/PrvtId/DtAndPlcOfBirth/CityOfBirth"),
        rule(rf"{tag}F/[67]/country", identification, rf"{party}/CtryOfRes", kind=Kind.TEXT),
        rule(rf"{tag}F/[678](?:/id)?", identification),
    ]


_SETTLEMENT = GH + r"SttlmInf/"
_REIMBURSEMENT = rf"{_SETTLEMENT}(?:InstgRmbrsmntAgt|InstdRmbrsmntAgt|ThrdRmbrsmntAgt)/FinInstnId"

MT_TO_PACS: tuple[Rule, ...] = (
    rule(r"1/sender", r"AppHdr/Fr/FIId/FinInstnId/BICFI", rf"{TX}InstgAgt/{FI}", kind=Kind.BIC),
    rule(r"2/receiver", r"AppHdr/To/FIId/FinInstnId/BICFI", rf"{TX}InstdAgt/{FI}", kind=Kind.BIC),
    rule(r"3:121", rf"{TX}PmtId/UETR", kind=Kind.CODE),
    rule(
        r"3:111",
        rf"{TX}PmtTpInf/SvcLvl/Cd",
        kind=Kind.CODE,
        values={
            "001": "G001",
            "002": "G002",
            "003": "G003",
            "004": "G004",
            "005": "G005",
            "006": "G006",
            "007": "G007",
            "008": "G008",
            "009": "G009",
        },
    ),
    rule(r"3:119", implied=True),  # STP/REMIT: the MT103 variant, a rule set, not a value
    rule(
        r"20/reference", rf"{GH}MsgId", rf"{TX}PmtId/InstrId", r"AppHdr/BizMsgIdr", kind=Kind.CODE
    ),
    rule(r"13C/SNDTIME", rf"{TX}SttlmTmIndctn/DbtDtTm", kind=Kind.TIME),
    rule(r"13C/RNCTIME", rf"{TX}SttlmTmIndctn/CdtDtTm", kind=Kind.TIME),
    rule(r"13C/CLSTIME", rf"{TX}SttlmTmReq/CLSTm", kind=Kind.TIME),
    rule(r"13C/TILTIME", rf"{TX}SttlmTmReq/TillTm", kind=Kind.TIME),
    rule(r"13C/FROTIME", rf"{TX}SttlmTmReq/FrTm", kind=Kind.TIME),
    rule(r"13C/REJTIME", rf"{TX}SttlmTmReq/RjctTm", kind=Kind.TIME),
    rule(r"23B/code", implied=True),  # CRED: a customer credit transfer is what a pacs.008 is
    rule(
        r"23E/code", rf"{TX}PmtTpInf/(?:SvcLvl|CtgyPurp)/(?:Cd|Prtry)", rf"{TX}InstrForCdtrAgt/Cd"
    ),
    rule(r"23E/info", rf"{TX}InstrForCdtrAgt/InstrInf"),
    rule(r"26T/code", rf"{TX}Purp/Prtry"),
    rule(r"32A/date", rf"{TX}IntrBkSttlmDt", kind=Kind.DATE),
    rule(r"32A/currency", rf"{TX}IntrBkSttlmAmt/@Ccy", kind=Kind.CODE),
    rule(r"32A/amount", rf"{TX}IntrBkSttlmAmt", kind=Kind.AMOUNT),
    rule(r"33B/currency", rf"{TX}InstdAmt/@Ccy", kind=Kind.CODE),
    rule(r"33B/amount", rf"{TX}InstdAmt", kind=Kind.AMOUNT),
    rule(r"36/rate", rf"{TX}XchgRate", kind=Kind.AMOUNT),
    *_party("50", "Dbtr", "DbtrAcct"),
    *_party("59", "Cdtr", "CdtrAcct"),
    *_agent("52", "DbtrAgt", "DbtrAgtAcct"),
    *_agent("56", "IntrmyAgt1", "IntrmyAgt1Acct"),
    *_agent("57", "CdtrAgt", "CdtrAgtAcct"),
    # 53a/54a/55a: METAFCT001; a BIC equal to the sender or receiver is carried by the method.
    rule(
        r"5[345]A/bic",
        rf"{_REIMBURSEMENT}/BICFI",
        rf"{TX}(?:InstgAgt|InstdAgt)/{FI}",
        kind=Kind.BIC,
    ),
    rule(
        r"5[345][ABD]/account",
        rf"{_SETTLEMENT}(?:SttlmAcct|InstgRmbrsmntAgtAcct|InstdRmbrsmntAgtAcct|ThrdRmbrsmntAgtAcct)/{ACCOUNT}",
    ),
    rule(r"5[345][ABD]/dc", implied=True),
    rule(r"5[345][BD]/(?:line|location)", rf"{_REIMBURSEMENT}/(?:Nm|{ADDRESS})"),
    rule(r"70/text", rf"{TX}RmtInf/Ustrd", rf"{TX}PmtId/EndToEndId"),
    rule(
        r"71A/code",
        rf"{TX}ChrgBr",
        kind=Kind.CODE,
        values={"OUR": "DEBT", "BEN": "CRED", "SHA": "SHAR"},
    ),
    rule(r"71[FG]/currency", rf"{TX}ChrgsInf/Amt/@Ccy", kind=Kind.CODE),
    rule(r"71[FG]/amount", rf"{TX}ChrgsInf/Amt", kind=Kind.AMOUNT),
    # /INS/, /ACC/ and the codes CBPR+ restores (/INTA/, /SVCLVL/ ...) choose an element
    # (PrvsInstgAgt, InstrForCdtrAgt, IntrmyAgt2, SvcLvl ...); the other codes stay in the text.
    rule(
        r"72/code",
        rf"{TX}InstrForNxtAgt/InstrInf",
        values=dict.fromkeys(("INS", "ACC", "INTA", "SVCLVL", "LOCINS", "CATPURP"), ""),
    ),
    rule(
        r"72/text",
        rf"{TX}InstrForNxtAgt/InstrInf",
        rf"{TX}InstrForCdtrAgt/InstrInf",
        rf"{TX}PrvsInstgAgt\d/(?:{FI}|FinInstnId/Nm)",
        rf"{TX}IntrmyAgt[23]/{FI}",
        rf"{TX}PmtTpInf/.*",
    ),
    rule(r"77B/text", rf"{TX}RgltryRptg/Dtls/Inf", rf"{TX}(?:Dbtr|Cdtr)/CtryOfRes"),
)
"""MT103 -> pacs.008 (mapping note, section 3)."""

_PARTIES_TO_MT = {
    "Dbtr": r"50[AFK]?/.*",
    "DbtrAcct": r"50[AFK]?/.*",
    "Cdtr": r"59[AF]?/.*",
    "CdtrAcct": r"59[AF]?/.*",
    "DbtrAgt": r"52[AD]/.*",
    "DbtrAgtAcct": r"52[AD]/.*",
    "CdtrAgt": r"57[ABCD]/.*",
    "CdtrAgtAcct": r"57[ABCD]/.*",
    "IntrmyAgt1": r"56[ACD]/.*",
    "IntrmyAgt1Acct": r"56[ACD]/.*",
    "IntrmyAgt[23]": r"72/.*",
    "PrvsInstgAgt[123]": r"72/.*",
    "InstgAgt": r"1/sender",
    "InstdAgt": r"2/receiver",
}


def _to_mt_party(element: str, target: str) -> list[Rule]:
    return [
        rule(rf"{TX}{element}/(?:.*/)?(?:BICFI|BIC|AnyBIC|BICOrBEI)", target, kind=Kind.BIC),
        rule(rf"{TX}{element}/.*", target),
    ]


PACS_TO_MT: tuple[Rule, ...] = (
    rule(
        r"AppHdr/(?:Fr|To)/FIId/FinInstnId/(?:BICFI|BIC)",
        r"[12]/(?:sender|receiver)",
        kind=Kind.BIC,
    ),
    rule(r"AppHdr/(?:MsgDefIdr|CreDt)", implied=True),  # the message type; the time of sending
    rule(r"AppHdr/BizMsgIdr", r"20/reference", kind=Kind.CODE),
    rule(rf"{GH}MsgId", r"20/reference", kind=Kind.CODE),
    # the creation time: block 2 of an output message only (no leaf here; a finding at 2 names it)
    rule(rf"{GH}CreDtTm", r"2/created", kind=Kind.DATETIME),
    rule(rf"{GH}(?:NbOfTxs|CtrlSum|TtlIntrBkSttlmAmt|TtlIntrBkSttlmAmt/@Ccy)", implied=True),
    rule(rf"{GH}SttlmInf/SttlmMtd", implied=True),  # INDA/INGA/COVE: the choice of 53a/54a/55a
    rule(rf"{GH}IntrBkSttlmDt", r"32A/date", kind=Kind.DATE),
    rule(rf"{GH}SttlmInf/.*(?:BICFI|BIC)", r"5[345]A/bic", kind=Kind.BIC),
    rule(rf"{GH}SttlmInf/.*", r"5[345][ABD]/.*"),
    rule(rf"{TX}PmtId/InstrId", r"20/reference", kind=Kind.TEXT),
    rule(rf"{TX}PmtId/EndToEndId", r"70/text", r"20/reference", values={"NOTPROVIDED": ""}),
    rule(rf"{TX}PmtId/UETR", r"3:121", kind=Kind.CODE),
    rule(
        rf"{TX}PmtTpInf/SvcLvl/Cd",
        r"3:111",
        r"23E/code",
        r"72/text",
        values={f"G00{n}": f"00{n}" for n in range(10)},
    ),
    rule(rf"{TX}PmtTpInf/(?:SvcLvl|LclInstrm|CtgyPurp)/(?:Cd|Prtry)", r"23E/code", r"72/text"),
    rule(rf"{TX}PmtTpInf/ClrChanl", r"5[67][AC]/account", values={"RTGS": "RT"}),
    rule(rf"{TX}IntrBkSttlmAmt", r"32A/amount", kind=Kind.AMOUNT),
    rule(rf"{TX}IntrBkSttlmAmt/@Ccy", r"32A/currency", kind=Kind.CODE),
    rule(rf"{TX}IntrBkSttlmDt", r"32A/date", kind=Kind.DATE),
    rule(rf"{TX}InstdAmt", r"33B/amount", kind=Kind.AMOUNT),
    rule(rf"{TX}InstdAmt/@Ccy", r"33B/currency", kind=Kind.CODE),
    rule(rf"{TX}XchgRate", r"36/rate", kind=Kind.AMOUNT),
    rule(
        rf"{TX}ChrgBr",
        r"71A/code",
        kind=Kind.CODE,
        values={"DEBT": "OUR", "CRED": "BEN", "SHAR": "SHA"},
    ),
    rule(rf"{TX}ChrgsInf/Amt", r"71[FG]/amount", kind=Kind.AMOUNT),
    rule(rf"{TX}ChrgsInf/Amt/@Ccy", r"71[FG]/currency", kind=Kind.CODE),
    rule(rf"{TX}SttlmTmIndctn/DbtDtTm", r"13C/SNDTIME", kind=Kind.TIME),
    rule(rf"{TX}SttlmTmIndctn/CdtDtTm", r"13C/RNCTIME", kind=Kind.TIME),
    rule(rf"{TX}SttlmTmReq/CLSTm", r"13C/CLSTIME", kind=Kind.TIME),
    rule(rf"{TX}SttlmTmReq/TillTm", r"13C/TILTIME", kind=Kind.TIME),
    rule(rf"{TX}SttlmTmReq/FrTm", r"13C/FROTIME", kind=Kind.TIME),
    rule(rf"{TX}SttlmTmReq/RjctTm", r"13C/REJTIME", kind=Kind.TIME),
    *(r for element, target in _PARTIES_TO_MT.items() for r in _to_mt_party(element, target)),
    rule(rf"{TX}InstrForCdtrAgt/Cd", r"23E/code", r"72/code"),
    rule(rf"{TX}InstrForCdtrAgt/InstrInf", r"23E/info", r"72/text"),
    rule(rf"{TX}InstrForNxtAgt/(?:Cd|InstrInf)", r"72/.*"),
    rule(rf"{TX}Purp/Prtry", r"26T/code", values={}),
    rule(rf"{TX}RmtInf/Ustrd", r"70/text"),
    rule(rf"{TX}RgltryRptg/Dtls/Inf", r"77B/text"),
)
"""pacs.008 -> MT103 (mapping note, section 4); a party's values are looked for in its field."""

_RENAMES = (
    (re.compile(r"/BIC(?=/|$)"), "/BICFI"),
    (re.compile(r"/BICOrBEI(?=/|$)"), "/AnyBIC"),
    (re.compile(r"/ReqdExctnDt/(?:Dt|DtTm)$"), "/ReqdExctnDt"),
    (re.compile(r"/ReqdColltnDt/(?:Dt|DtTm)$"), "/ReqdColltnDt"),
    (re.compile(r"/ChrgsInf/Pty(?=/|$)"), "/ChrgsInf/Agt"),
    (re.compile(r"/AdrTp/Cd$"), "/AdrTp"),
)
"""Elements renamed between versions of one message, and version-neutral paths for them."""


def neutral(path: str) -> str:
    """``path`` with the version-specific element names of :data:`_RENAMES` made neutral."""
    for pattern, name in _RENAMES:
        path = pattern.sub(name, re.sub(r"\[\d+\]", "", path))
    return path


def xml_paths(leaves: Leaves) -> Leaves:
    """``leaves`` with version-neutral paths."""
    out: Leaves = Counter()
    for (path, value), count in leaves.items():
        out[(neutral(path), value)] += count
    return out


def neutral_findings(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` located at version-neutral XPaths."""
    return [f.at(xpath=neutral(f.location.xpath)) if f.location.xpath else f for f in findings]


MIGRATION: tuple[Rule, ...] = (
    rule(r"AppHdr/MsgDefIdr", implied=True),  # the version itself: changed on purpose
    rule(r"(.*)/(?:@Ccy)", r"\g<0>", kind=Kind.CODE),
    rule(r".*(?:Amt|CtrlSum)", r"\g<0>", kind=Kind.AMOUNT),
    rule(r".*/@\{http://www.w3.org/2001/XMLSchema-instance\}schemaLocation", implied=True),
    rule(r".*(?:DtTm|CreDt)", r"\g<0>", kind=Kind.DATETIME),
    rule(r".*", r"\g<0>", kind=Kind.CODE),
)
"""One message in another version: every leaf at the same (version-neutral) path."""

_PAIN = r"Document/CstmrCdtTrfInitn/"
_PMTINF_DOWN = r"Dbtr|DbtrAcct|DbtrAgt|DbtrAgtAcct|UltmtDbtr|PmtTpInf|ChrgBr"

PAIN_TO_PACS: tuple[Rule, ...] = (
    rule(r"AppHdr/MsgDefIdr", implied=True),
    rule(rf"{_PAIN}(?:GrpHdr|PmtInf)/(?:NbOfTxs|CtrlSum)", implied=True),  # counted again
    # TRF (others are refused) and batch booking (reported): the debtor agent's choices
    rule(rf"{_PAIN}PmtInf/(?:PmtMtd|BtchBookg)", implied=True),
    rule(rf"{_PAIN}GrpHdr/InitgPty/(.*)", rf"{TX}InitgPty/\1"),
    rule(rf"{_PAIN}SplmtryData/(.*)", r"Document/FIToFICstmrCdtTrf/SplmtryData/\1"),
    rule(rf"{_PAIN}PmtInf/ReqdExctnDt", rf"{TX}IntrBkSttlmDt", kind=Kind.DATE),
    rule(rf"{_PAIN}PmtInf/((?:{_PMTINF_DOWN})(?:/.*)?)", rf"{TX}\1"),
    rule(
        rf"{_PAIN}PmtInf/CdtTrfTxInf/Amt/InstdAmt(/@Ccy)?",
        rf"{TX}InstdAmt\1",
        rf"{TX}IntrBkSttlmAmt\1",
        kind=Kind.AMOUNT,
    ),
    rule(rf"{_PAIN}PmtInf/CdtTrfTxInf/XchgRateInf/XchgRate", rf"{TX}XchgRate", kind=Kind.AMOUNT),
    # the first intermediary becomes the instructed agent; the others move up one place
    rule(rf"{_PAIN}PmtInf/CdtTrfTxInf/IntrmyAgt1/(.*)", rf"{TX}InstdAgt/\1"),
    rule(rf"{_PAIN}PmtInf/CdtTrfTxInf/IntrmyAgt[23](Acct)?/(.*)", rf"{TX}IntrmyAgt[12]\1/\2"),
    rule(rf"{_PAIN}PmtInf/CdtTrfTxInf/(.*)", rf"{TX}\1"),
)
"""pain.001 -> pacs.008 (mapping note, section 6); payment-information data goes to each
transaction."""
