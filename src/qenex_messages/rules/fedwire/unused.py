"""Elements the Fedwire pacs.008 and BAH guidelines (F1, F2) remove from the ISO message: each
group of them is one rule, so a finding says which part of the guideline it comes from."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.fedwire.common import (
    BAH_GUIDELINE,
    FEDWIRE,
    OTHER_AGENTS,
    PACS_GUIDELINE,
    PARTIES,
    not_used,
)
from qenex_messages.rules.samples import FEDWIRE_PACS
from qenex_messages.rules.view import Message

GROUP_HEADER = (
    "BtchBookg",
    "CtrlSum",
    "TtlIntrBkSttlmAmt",
    "IntrBkSttlmDt",
    "PmtTpInf",
    "InstgAgt",
    "InstdAgt",
)
"""GroupHeader93__1 keeps MsgId, CreDtTm, NbOfTxs and SttlmInf only."""
SETTLEMENT = (
    "SttlmAcct",
    "InstgRmbrsmntAgt",
    "InstgRmbrsmntAgtAcct",
    "InstdRmbrsmntAgt",
    "InstdRmbrsmntAgtAcct",
    "ThrdRmbrsmntAgt",
    "ThrdRmbrsmntAgtAcct",
)
"""SettlementInstruction7__1 keeps SttlmMtd and ClrSys only."""
TRANSACTION = (
    "PmtId/ClrSysRef",
    "PmtTpInf/ClrChanl",
    "SttlmPrty",
    "SttlmTmIndctn",
    "SttlmTmReq",
    "PoolgAdjstmntDt",
    "InstrForNxtAgt",
    "Tax",
)
"""Removed from CreditTransferTransaction39__1, PaymentIdentification7__1 and
PaymentTypeInformation28__1."""
AGENT_PARTS = (
    *(f"{a}/BrnchId" for a in ("InstgAgt", "InstdAgt", *OTHER_AGENTS) if a != "CdtrAgt"),
    "CdtrAgt/BrnchId/LEI",
    "CdtrAgt/BrnchId/Nm",
    "CdtrAgt/BrnchId/PstlAdr",
    *(f"{a}/FinInstnId/Othr" for a in OTHER_AGENTS),
)
"""BranchAndFinancialInstitutionIdentification6__1/__2 have no BrnchId, BranchData3__1 (CdtrAgt)
keeps Id only, FinancialInstitutionIdentification18__1 has no Othr."""
HEADER = ("CharSet", "Prty", "Sgntr", "Rltd/CharSet", "Rltd/CpyDplct", "Rltd/Prty", "Rltd/Sgntr")
"""BusinessApplicationHeaderV03 and BusinessApplicationHeader7__1 as the BAH guideline keeps
them."""
HEADER_PARTIES = tuple(
    f"{side}/FIId/{part}"
    for side in ("Fr", "To", "Rltd/Fr", "Rltd/To")
    for part in ("BrnchId", "FinInstnId/ClrSysMmbId/ClrSysId")
)
"""Party44Choice__1: FIId without BrnchId, ClearingSystemMemberIdentification2__1 without
ClrSysId."""


@rule(
    "FEDWIRE-GRPHDR-UNUSED",
    "E",
    FEDWIRE,
    "GrpHdr has no BtchBookg, CtrlSum, TtlIntrBkSttlmAmt, IntrBkSttlmDt, PmtTpInf, InstgAgt or "
    "InstdAgt (F1: GroupHeader93__1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.HEADER,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<NbOfTxs>1</NbOfTxs>",
            "<NbOfTxs>1</NbOfTxs><CtrlSum>2500.50</CtrlSum>",
            severity=Severity.ERROR,
            why="CtrlSum",
        ),
        fails(
            FEDWIRE_PACS,
            "<NbOfTxs>1</NbOfTxs>",
            '<NbOfTxs>1</NbOfTxs><TtlIntrBkSttlmAmt Ccy="USD">2500.50</TtlIntrBkSttlmAmt>',
            severity=Severity.ERROR,
            why="TtlIntrBkSttlmAmt",
        ),
    ],
    fix="Remove the element from GrpHdr; the transaction carries the amount, date and agents.",
)
def _group_header(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    yield from not_used(r, msg, msg.grp, GROUP_HEADER, "GrpHdr")


@rule(
    "FEDWIRE-STTLM-UNUSED",
    "E",
    FEDWIRE,
    "SttlmInf has no SttlmAcct and no reimbursement agents or their accounts (F1: "
    "SettlementInstruction7__1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.HEADER,
    fail=fails(
        FEDWIRE_PACS,
        "<SttlmMtd>CLRG</SttlmMtd>",
        "<SttlmMtd>CLRG</SttlmMtd><SttlmAcct><Id><Othr><Id>1234</Id></Othr></Id></SttlmAcct>",
        severity=Severity.ERROR,
    ),
    fix="Remove the settlement account and reimbursement agents: Fedwire settles on master "
    "accounts.",
)
def _settlement(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    yield from not_used(r, msg, msg.find(msg.grp, "SttlmInf"), SETTLEMENT, "SttlmInf")


@rule(
    "FEDWIRE-TX-UNUSED",
    "E",
    FEDWIRE,
    "CdtTrfTxInf has no PmtId/ClrSysRef, PmtTpInf/ClrChanl, SttlmPrty, SttlmTmIndctn, SttlmTmReq, "
    "PoolgAdjstmntDt, InstrForNxtAgt or Tax (F1: CreditTransferTransaction39__1, "
    "PaymentIdentification7__1, PaymentTypeInformation28__1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<IntrBkSttlmDt>2026-11-26</IntrBkSttlmDt>",
            "<IntrBkSttlmDt>2026-11-26</IntrBkSttlmDt><SttlmPrty>HIGH</SttlmPrty>",
            severity=Severity.ERROR,
            why="SttlmPrty",
        ),
        fails(
            FEDWIRE_PACS,
            "65581be6f011</UETR>",
            "65581be6f011</UETR><ClrSysRef>FED-1</ClrSysRef>",
            severity=Severity.ERROR,
            why="ClrSysRef",
        ),
        fails(
            FEDWIRE_PACS,
            "</CdtrAcct>",
            "</CdtrAcct><InstrForNxtAgt><InstrInf>PHONE</InstrInf></InstrForNxtAgt>",
            severity=Severity.ERROR,
            why="InstrForNxtAgt",
        ),
    ],
    fix="Remove the element; the Fedwire Funds guideline does not carry it.",
)
def _transaction(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        yield from not_used(r, msg, tx.el, TRANSACTION, "CdtTrfTxInf")


@rule(
    "FEDWIRE-SPLMTRYDATA",
    "E",
    FEDWIRE,
    "No SplmtryData, neither for the message nor for the transaction (F1: "
    "FIToFICustomerCreditTransferV08, CreditTransferTransaction39__1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS,
        "</RmtInf>",
        "</RmtInf><SplmtryData><Envlp><Note>x</Note></Envlp></SplmtryData>",
        severity=Severity.ERROR,
    ),
    fix="Remove SplmtryData; carry the information in an element the guideline keeps.",
)
def _supplementary(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    yield from not_used(r, msg, msg.body, ("SplmtryData",), "FIToFICstmrCdtTrf")
    for tx in msg.txs:
        yield from not_used(r, msg, tx.el, ("SplmtryData",), "CdtTrfTxInf")


@rule(
    "FEDWIRE-AGENT-UNUSED",
    "E",
    FEDWIRE,
    "Agents have no BrnchId (CdtrAgt a BrnchId/Id only) and no FinInstnId/Othr (F1: "
    "BranchAndFinancialInstitutionIdentification6__1/__2, BranchData3__1, "
    "FinancialInstitutionIdentification18__1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            "</FinInstnId></DbtrAgt>",
            "</FinInstnId><BrnchId><Id>NY-12</Id></BrnchId></DbtrAgt>",
            severity=Severity.ERROR,
            why="DbtrAgt branch",
        ),
        fails(
            FEDWIRE_PACS,
            "</FinInstnId></CdtrAgt>",
            "</FinInstnId><BrnchId><Nm>Market Street branch</Nm></BrnchId></CdtrAgt>",
            severity=Severity.ERROR,
            why="CdtrAgt branch name",
        ),
        fails(
            FEDWIRE_PACS,
            "</ClrSysMmbId></FinInstnId></DbtrAgt>",
            "</ClrSysMmbId><Othr><Id>HUDSON-1</Id></Othr></FinInstnId></DbtrAgt>",
            severity=Severity.ERROR,
            why="FinInstnId/Othr",
        ),
    ],
    fix="Identify the agent by its FinInstnId (BIC, ABA, LEI, name and address) without a branch.",
)
def _agent_parts(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        yield from not_used(r, msg, tx.el, AGENT_PARTS, "CdtTrfTxInf")


@rule(
    "FEDWIRE-CTCTDTLS",
    "E",
    FEDWIRE,
    "No party (UltmtDbtr, InitgPty, Dbtr, Cdtr, UltmtCdtr, nor Invcr, Invcee, Grnshee, "
    "GrnshmtAdmstr of structured remittance) has CtctDtls (F1: "
    "PartyIdentification135__1/__2).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS,
        "<Ctry>US</Ctry></PstlAdr></Dbtr>",
        "<Ctry>US</Ctry></PstlAdr><CtctDtls><EmailAdr>ap@example.com</EmailAdr></CtctDtls></Dbtr>",
        severity=Severity.ERROR,
    ),
    fix="Remove the contact details; Fedwire does not carry them.",
)
def _contact(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        yield from not_used(r, msg, tx.el, [f"{p}/CtctDtls" for p in PARTIES], "CdtTrfTxInf")


@rule(
    "FEDWIRE-ADRTP",
    "E",
    FEDWIRE,
    "No postal address has AdrTp (F1: PostalAddress24__1/__2).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS,
        "<PstlAdr><StrtNm>Main Street",
        "<PstlAdr><AdrTp><Cd>BIZZ</Cd></AdrTp><StrtNm>Main Street",
        severity=Severity.ERROR,
    ),
    fix="Remove AdrTp from the postal address.",
)
def _address_type(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        for el in tx.el.iter(msg.q("AdrTp")):
            yield r.finding(msg, el, "PstlAdr/AdrTp is not used in Fedwire Funds; remove it")


@rule(
    "FEDWIRE-BAH-UNUSED",
    "E",
    FEDWIRE,
    "The AppHdr (and its Rltd) has no CharSet, Prty or Sgntr, Rltd no CpyDplct, and Fr/To no "
    "BrnchId or ClrSysId (F2: BusinessApplicationHeaderV03, BusinessApplicationHeader7__1, "
    "Party44Choice__1).",
    sources=(BAH_GUIDELINE,),
    scope=Scope.HEADER,
    fail=[
        fails(
            FEDWIRE_PACS,
            "-05:00</CreDt>",
            "-05:00</CreDt><Prty>NORM</Prty>",
            severity=Severity.ERROR,
            why="Prty",
        ),
        fails(
            FEDWIRE_PACS,
            "<Fr><FIId><FinInstnId><ClrSysMmbId><MmbId>",
            "<Fr><FIId><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>",
            severity=Severity.ERROR,
            why="From with ClrSysId",
        ),
    ],
    fix="Remove the element from the AppHdr.",
)
def _header(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.hdr is None:
        return
    for path in (*HEADER, *HEADER_PARTIES):
        el = msg.hfind(path)
        if el is not None:
            yield r.finding(msg, el, f"AppHdr/{path} is not used in Fedwire Funds; remove it")
