"""What the Fedwire pacs.008 guideline (F1) makes mandatory or lets repeat fewer times than the
ISO message: the settlement date, both Fedwire agents, an agent's clearing system, and the
repetition limits of instructions, remittance and identifiers."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, passes, rule, shown
from qenex_messages.rules.fedwire.common import (
    FEDWIRE,
    OTHER_AGENTS,
    PACS_GUIDELINE,
    PARTIES,
    at_most,
    present,
)
from qenex_messages.rules.fedwire.dates import limits_on
from qenex_messages.rules.samples import FEDWIRE_PACS
from qenex_messages.rules.view import Message

_INSTRUCTING = (
    "<InstgAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId>"
    "<MmbId>021000021</MmbId></ClrSysMmbId></FinInstnId></InstgAgt>"
)
_TWO_INSTRUCTIONS = (
    "<InstrForCdtrAgt><InstrInf>PHONE 1</InstrInf></InstrForCdtrAgt>"
    "<InstrForCdtrAgt><InstrInf>PHONE 2</InstrInf></InstrForCdtrAgt>"
)


@rule(
    "FEDWIRE-STTLMDT",
    "E",
    FEDWIRE,
    "IntrBkSttlmDt is mandatory (F1: CreditTransferTransaction39__1/IntrBkSttlmDt, minOccurs 1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS, "<IntrBkSttlmDt>2026-11-26</IntrBkSttlmDt>", "", severity=Severity.ERROR
    ),
    fix="Give the interbank settlement date (IntrBkSttlmDt) of the transaction.",
)
def _settlement_date(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        if msg.find(tx.el, "IntrBkSttlmDt") is None:
            yield r.finding(msg, tx.el, "IntrBkSttlmDt is mandatory in Fedwire Funds")


@rule(
    "FEDWIRE-AGENTS",
    "E",
    FEDWIRE,
    "InstgAgt (the Fedwire sender) and InstdAgt (the Fedwire receiver) are mandatory (F1: "
    "CreditTransferTransaction39__1, minOccurs 1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(FEDWIRE_PACS, _INSTRUCTING, "", severity=Severity.ERROR),
    fix="Name the Fedwire sender (InstgAgt) and receiver (InstdAgt) by their ABA numbers.",
)
def _agents(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        for name in ("InstgAgt", "InstdAgt"):
            if msg.find(tx.el, name) is None:
                yield r.finding(msg, tx.el, f"{name} is mandatory in Fedwire Funds")


@rule(
    "FEDWIRE-CLRSYSID",
    "E",
    FEDWIRE,
    "An agent identified by ClrSysMmbId names its clearing system by ClrSysId/Cd (F1: "
    "ClearingSystemMemberIdentification2__1/ClrSysId minOccurs 1, "
    "ClearingSystemIdentification2Choice__1 without Prtry).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<DbtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId>",
            "<DbtrAgt><FinInstnId><ClrSysMmbId>",
            severity=Severity.ERROR,
            why="no ClrSysId",
        ),
        fails(
            FEDWIRE_PACS,
            "<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd>",
            "<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Prtry>ABA</Prtry>",
            severity=Severity.ERROR,
            why="a proprietary clearing system",
        ),
    ],
    fix="Name the clearing system with ClrSysId/Cd (USABA for an ABA routing number).",
)
def _clearing_system(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        for agent in OTHER_AGENTS:
            for member in msg.findall(tx.el, f"{agent}/FinInstnId/ClrSysMmbId"):
                system = msg.find(member, "ClrSysId")
                if msg.find(system, "Cd") is None:
                    yield r.finding(
                        msg,
                        present(system, member),
                        f"{agent} ClrSysMmbId needs ClrSysId/Cd in Fedwire Funds",
                    )


@rule(
    "FEDWIRE-INSTRFORCDTRAGT",
    "E",
    FEDWIRE,
    "InstrForCdtrAgt occurs at most twice (F1: CreditTransferTransaction39__1/InstrForCdtrAgt).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS,
        "</CdtrAcct>",
        "</CdtrAcct>" + _TWO_INSTRUCTIONS + "<InstrForCdtrAgt><InstrCd>HOLD</InstrCd>"
        "</InstrForCdtrAgt>",
        severity=Severity.ERROR,
    ),
    ok=[
        passes(FEDWIRE_PACS),
        passes(FEDWIRE_PACS, "</CdtrAcct>", "</CdtrAcct>" + _TWO_INSTRUCTIONS),
    ],
    fix="Give at most two instructions for the creditor agent.",
)
def _instructions(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        yield from at_most(
            r, msg, tx.el, "InstrForCdtrAgt", limits_on(msg.as_of).instructions, "CdtTrfTxInf"
        )


@rule(
    "FEDWIRE-SVCLVL",
    "E",
    FEDWIRE,
    "PmtTpInf/SvcLvl occurs at most 3 times (F1: PaymentTypeInformation28__1/SvcLvl).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS,
        "<PmtTpInf><LclInstrm>",
        "<PmtTpInf>" + "<SvcLvl><Cd>URGP</Cd></SvcLvl>" * 4 + "<LclInstrm>",
        severity=Severity.ERROR,
    ),
    fix="Give at most three service levels.",
)
def _service_levels(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        yield from at_most(
            r, msg, tx.el, "PmtTpInf/SvcLvl", limits_on(msg.as_of).service_levels, "CdtTrfTxInf"
        )


@rule(
    "FEDWIRE-PARTY-OTHR",
    "E",
    FEDWIRE,
    "A party's OrgId/Othr and PrvtId/Othr occur at most twice (F1: "
    "OrganisationIdentification29__1, PersonIdentification13__1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS,
        "<Ctry>US</Ctry></PstlAdr></Dbtr>",
        "<Ctry>US</Ctry></PstlAdr><Id><OrgId>"
        + "".join(f"<Othr><Id>TAX-{n}</Id></Othr>" for n in range(3))
        + "</OrgId></Id></Dbtr>",
        severity=Severity.ERROR,
    ),
    fix="Keep at most two other identifications per party.",
)
def _other_ids(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        for party in PARTIES:
            for kind in ("OrgId", "PrvtId"):
                yield from at_most(
                    r,
                    msg,
                    tx.el,
                    f"{party}/Id/{kind}/Othr",
                    limits_on(msg.as_of).other_ids,
                    "CdtTrfTxInf",
                )


@rule(
    "FEDWIRE-RLTDRMTINF",
    "E",
    FEDWIRE,
    "RltdRmtInf occurs at most once, with at most 2 RmtLctnDtls (F1: "
    "CreditTransferTransaction39__1/RltdRmtInf, RemittanceLocation7__1).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<RmtInf>",
            "<RltdRmtInf><RmtId>R1</RmtId></RltdRmtInf><RltdRmtInf><RmtId>R2</RmtId></RltdRmtInf>"
            "<RmtInf>",
            severity=Severity.ERROR,
            why="twice",
        ),
        fails(
            FEDWIRE_PACS,
            "<RmtInf>",
            "<RltdRmtInf>"
            + "<RmtLctnDtls><Mtd>EMAL</Mtd><ElctrncAdr>ap@example.com</ElctrncAdr></RmtLctnDtls>"
            * 3
            + "</RltdRmtInf><RmtInf>",
            severity=Severity.ERROR,
            why="3 locations",
        ),
    ],
    fix="Send at most one related remittance information with at most two locations.",
)
def _related_remittance(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        yield from at_most(r, msg, tx.el, "RltdRmtInf", 1, "CdtTrfTxInf")
        for related in msg.findall(tx.el, "RltdRmtInf"):
            yield from at_most(
                r, msg, related, "RmtLctnDtls", limits_on(msg.as_of).locations, "RltdRmtInf"
            )


@rule(
    "FEDWIRE-USTRD",
    "E",
    FEDWIRE,
    "RmtInf/Ustrd occurs at most once (F1: RemittanceInformation16__1/Ustrd).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS,
        "<Ustrd>Invoice 2026-0042</Ustrd>",
        "<Ustrd>Invoice 2026-0042</Ustrd><Ustrd>Invoice 2026-0043</Ustrd>",
        severity=Severity.ERROR,
    ),
    fix="Put the unstructured remittance information in one Ustrd of up to 140 characters.",
)
def _unstructured(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        yield from at_most(r, msg, tx.el, "RmtInf/Ustrd", 1, "CdtTrfTxInf")


@rule(
    "FEDWIRE-LINE-DESC",
    "E",
    FEDWIRE,
    "A referred document line's Desc is at most 35 characters (F1: "
    "DocumentLineInformation1__1/Desc, Max35Text).",
    sources=(PACS_GUIDELINE,),
    scope=Scope.TRANSACTION,
    fail=fails(
        FEDWIRE_PACS,
        "<Ustrd>Invoice 2026-0042</Ustrd>",
        "<Strd><RfrdDocInf><LineDtls><Id><Nb>1</Nb></Id><Desc>"
        "Steel brackets, 40 mm, zinc plated x 500"
        "</Desc></LineDtls></RfrdDocInf></Strd>",
        severity=Severity.ERROR,
    ),
    fix="Shorten the document line description to 35 characters.",
)
def _line_description(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    limit = limits_on(msg.as_of).line_description
    for tx in msg.txs:
        for desc in msg.findall(tx.el, "RmtInf/Strd/RfrdDocInf/LineDtls/Desc"):
            text = desc.text or ""
            if len(text) > limit:
                yield r.finding(
                    msg,
                    desc,
                    f"LineDtls/Desc {shown(text)} has {len(text)} characters; Fedwire Funds "
                    f"allows {limit}",
                )
