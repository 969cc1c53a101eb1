"""Fedwire Business Application Header (head.001.001.03 guideline, F2): presence, From/To,
business service, market practice, message definition."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rules.base import RulebookRule, Scope, fails, passes, rule, shown
from qenex_messages.rules.fedwire.common import BAH_GUIDELINE, FEDWIRE, present
from qenex_messages.rules.samples import FEDWIRE_PACS
from qenex_messages.rules.view import Message, clark, local

_HEAD = "head.001.001.03"
_CONNECTION_PARTY = re.compile("[A-Z0-9]{9}")
"""ConnectionPartyIdentifier_FedwireFunds_1."""
_SERVICES = ("TEST", "PROD")
"""BusinessService_FedwireFunds_1."""
REGISTRY = (
    "www2.swift.com/mystandards/#/group/Federal_Reserve_Financial_Services/Fedwire_Funds_Service"
)
"""Max350Text_fixed: the one MktPrctc/Regy value."""
_PRACTICE_ID = re.compile(r"frb\.fedwire\.(?:[a-z]{3}\.)?01")
"""MarketPracticeIdentification_FedwireFunds_1."""
_MESSAGE_NAME = re.compile(r"[a-z]{4}\.[0-9]{3}\.001\.[0-9]{2}")
"""MessageNameIdentification_FRS_1."""


@rule(
    "FEDWIRE-BAH",
    "E",
    FEDWIRE,
    "Every Fedwire Funds message travels with a head.001.001.03 AppHdr (F2: 'The BAH is required "
    "for all messages sent across the Fedwire Funds Service').",
    sources=(BAH_GUIDELINE,),
    scope=Scope.HEADER,
    fail=fails(
        FEDWIRE_PACS,
        'xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.03"',
        'xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"',
        severity=Severity.ERROR,
    ),
    fix="Send the message with a head.001.001.03 Business Application Header.",
)
def _bah(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.hdr is None:
        yield r.finding(msg, msg.doc, "a Fedwire Funds message needs an AppHdr (head.001.001.03)")
    elif not msg.hns.endswith(_HEAD):
        yield r.finding(
            msg, msg.hdr, f"the AppHdr is {msg.hns or 'without namespace'}; Fedwire uses {_HEAD}"
        )


@rule(
    "FEDWIRE-BAH-PARTY",
    "E",
    FEDWIRE,
    "AppHdr Fr and To are FIId/FinInstnId/ClrSysMmbId/MmbId only, 9 upper-case letters or digits "
    "(F2: Party44Choice__1, ConnectionPartyIdentifier_FedwireFunds_1).",
    sources=(BAH_GUIDELINE,),
    scope=Scope.HEADER,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<Fr><FIId><FinInstnId><ClrSysMmbId><MmbId>021000021</MmbId></ClrSysMmbId>",
            "<Fr><FIId><FinInstnId><BICFI>CHASUS33XXX</BICFI>",
            severity=Severity.ERROR,
            why="From by BIC",
        ),
        fails(
            FEDWIRE_PACS,
            "<MmbId>011000015</MmbId>",
            "<MmbId>01100001</MmbId>",
            severity=Severity.ERROR,
            why="To member id of 8 characters",
        ),
    ],
    fix="Identify AppHdr Fr and To by FIId/FinInstnId/ClrSysMmbId/MmbId (9 characters).",
)
def _party(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.hdr is not None:
        yield from _parties(r, msg, "")


def _parties(r: RulebookRule, msg: Message, prefix: str) -> Iterator[Finding]:
    """Fr and To of the AppHdr (``prefix`` '') or of its Rltd (``prefix`` 'Rltd/')."""
    for side in (f"{prefix}Fr", f"{prefix}To"):
        el = msg.hfind(side)
        if el is None:
            above = msg.hfind(prefix.rstrip("/")) if prefix else None  # '' is the AppHdr itself
            yield r.finding(msg, present(above, msg.hdr), f"AppHdr/{side} is mandatory")
            continue
        fin = msg.hfind(f"{side}/FIId/FinInstnId")
        names = [] if fin is None else [local(c.tag) for c in fin if local(c.tag)]
        if names != ["ClrSysMmbId"]:
            yield r.finding(
                msg,
                present(fin, el),
                f"AppHdr/{side} must be FIId/FinInstnId/ClrSysMmbId, not {names or 'empty'}",
            )
            continue
        member = msg.htext(f"{side}/FIId/FinInstnId/ClrSysMmbId/MmbId")
        if member is None or not _CONNECTION_PARTY.fullmatch(member):
            yield r.finding(
                msg,
                msg.hfind(f"{side}/FIId/FinInstnId/ClrSysMmbId"),
                f"AppHdr/{side} MmbId {shown(member or '')} must be 9 upper-case letters or digits",
            )


@rule(
    "FEDWIRE-BIZSVC",
    "E",
    FEDWIRE,
    "AppHdr BizSvc is TEST or PROD (F2: BusinessService_FedwireFunds_1).",
    sources=(BAH_GUIDELINE,),
    scope=Scope.HEADER,
    fail=fails(FEDWIRE_PACS, "<BizSvc>TEST", "<BizSvc>swift.cbprplus.04", severity=Severity.ERROR),
    fix="Set AppHdr BizSvc to TEST or PROD.",
)
def _bizsvc(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.hdr is None:
        return
    value = msg.htext("BizSvc")
    if value not in _SERVICES:
        yield r.finding(
            msg,
            msg.hfind("BizSvc") if value is not None else msg.hdr,
            f"BizSvc {shown(value or '')} must be TEST or PROD"
            if value is not None
            else "AppHdr/BizSvc (TEST or PROD) is mandatory",
        )


@rule(
    "FEDWIRE-MKTPRCTC",
    "E",
    FEDWIRE,
    "AppHdr MktPrctc is mandatory: Regy the Fedwire Funds Service's MyStandards group, Id "
    "frb.fedwire.01 or frb.fedwire.xxx.01 (F2: ImplementationSpecification1__1).",
    sources=(BAH_GUIDELINE,),
    scope=Scope.HEADER,
    fail=[
        fails(
            FEDWIRE_PACS,
            "<Id>frb.fedwire.01</Id>",
            "<Id>frb.fedwire.02</Id>",
            severity=Severity.ERROR,
            why="Id",
        ),
        fails(
            FEDWIRE_PACS,
            "Fedwire_Funds_Service</Regy>",
            "Fedwire</Regy>",
            severity=Severity.ERROR,
            why="Regy",
        ),
    ],
    fix="Set MktPrctc/Regy to the Fedwire Funds Service MyStandards group, Id to frb.fedwire.01.",
)
def _mktprctc(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.hdr is None:
        return
    practice = msg.hfind("MktPrctc")
    if practice is None:
        yield r.finding(msg, msg.hdr, "AppHdr/MktPrctc (the Fedwire market practice) is mandatory")
        return
    registry = msg.htext("MktPrctc/Regy")
    if registry != REGISTRY:
        yield r.finding(
            msg,
            present(msg.hfind("MktPrctc/Regy"), practice),
            f"MktPrctc/Regy {shown(registry or '', 100)} must be {REGISTRY}",
        )
    ident = msg.htext("MktPrctc/Id")
    if ident is None or not _PRACTICE_ID.fullmatch(ident):
        yield r.finding(
            msg,
            present(msg.hfind("MktPrctc/Id"), practice),
            f"MktPrctc/Id {shown(ident or '')} must be frb.fedwire.01 (or frb.fedwire.xxx.01)",
        )


@rule(
    "FEDWIRE-MSGDEF",
    "E",
    FEDWIRE,
    "AppHdr MsgDefIdr is a message name like pacs.008.001.08 (F2: "
    "MessageNameIdentification_FRS_1).",
    sources=(BAH_GUIDELINE,),
    scope=Scope.HEADER,
    fail=fails(
        FEDWIRE_PACS,
        "<MsgDefIdr>pacs.008.001.08",
        "<MsgDefIdr>pacs.008.001.08.fw",
        severity=Severity.ERROR,
    ),
    fix="Set AppHdr MsgDefIdr to the message name, e.g. pacs.008.001.08.",
)
def _msgdef(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    value = msg.htext("MsgDefIdr")
    if value is not None and not _MESSAGE_NAME.fullmatch(value):
        yield r.finding(
            msg,
            msg.hfind("MsgDefIdr"),
            f"MsgDefIdr {shown(value)} must look like pacs.008.001.08",
        )


@rule(
    "FEDWIRE-CPYDPLCT",
    "E",
    FEDWIRE,
    "AppHdr CpyDplct, when present, is DUPL (F2: CopyDuplicate1Code__1).",
    sources=(BAH_GUIDELINE,),
    scope=Scope.HEADER,
    fail=fails(
        FEDWIRE_PACS,
        "-05:00</CreDt>",
        "-05:00</CreDt><CpyDplct>COPY</CpyDplct>",
        severity=Severity.ERROR,
    ),
    ok=[
        passes(FEDWIRE_PACS),
        passes(FEDWIRE_PACS, "-05:00</CreDt>", "-05:00</CreDt><CpyDplct>DUPL</CpyDplct>"),
    ],
    fix="Mark a resent message with CpyDplct DUPL (or PssblDplct); Fedwire has no copies.",
)
def _copy_duplicate(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    value = msg.htext("CpyDplct")
    if value is not None and value != "DUPL":
        yield r.finding(msg, msg.hfind("CpyDplct"), f"CpyDplct {shown(value)} must be DUPL")


_RELATED = (
    "<Rltd><Fr><FIId><FinInstnId><ClrSysMmbId><MmbId>011000015</MmbId></ClrSysMmbId></FinInstnId>"
    "</FIId></Fr><To><FIId><FinInstnId><ClrSysMmbId><MmbId>021000021</MmbId></ClrSysMmbId>"
    "</FinInstnId></FIId></To><BizMsgIdr>20261126QXMSGS01000041</BizMsgIdr>"
    "<MsgDefIdr>pacs.008.001.08</MsgDefIdr><BizSvc>TEST</BizSvc>"
    f"<MktPrctc><Regy>{REGISTRY}</Regy><Id>frb.fedwire.01</Id></MktPrctc>"
    "<CreDt>2026-11-26T09:00:00-05:00</CreDt></Rltd>"
)


@rule(
    "FEDWIRE-BAH-RLTD",
    "E",
    FEDWIRE,
    "AppHdr Rltd occurs at most once and is a Fedwire header too: Fr/To by member id, MsgDefIdr "
    "a message name, BizSvc TEST or PROD, MktPrctc with the Fedwire registry (F2: "
    "BusinessApplicationHeader7__1, ImplementationSpecification1__2).",
    sources=(BAH_GUIDELINE,),
    scope=Scope.HEADER,
    fail=[
        fails(
            FEDWIRE_PACS,
            "-05:00</CreDt>",
            "-05:00</CreDt>" + _RELATED.replace("<BizSvc>TEST</BizSvc>", ""),
            severity=Severity.ERROR,
            why="no BizSvc",
        ),
        fails(
            FEDWIRE_PACS,
            "-05:00</CreDt>",
            "-05:00</CreDt>" + _RELATED * 2,
            severity=Severity.ERROR,
            why="twice",
        ),
    ],
    ok=[passes(FEDWIRE_PACS), passes(FEDWIRE_PACS, "-05:00</CreDt>", "-05:00</CreDt>" + _RELATED)],
    fix="Give one Rltd header, shaped like the Fedwire AppHdr it relates to.",
)
def _related(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.hdr is None:
        return
    related = list(msg.hdr.iterchildren(clark("Rltd", msg.hns)))
    if not related:
        return
    if len(related) > 1:
        yield r.finding(
            msg, related[1], f"AppHdr/Rltd occurs {len(related)} times; Fedwire allows 1"
        )
    yield from _parties(r, msg, "Rltd/")
    definition = msg.htext("Rltd/MsgDefIdr")
    if definition is not None and not _MESSAGE_NAME.fullmatch(definition):
        yield r.finding(
            msg,
            msg.hfind("Rltd/MsgDefIdr"),
            f"Rltd/MsgDefIdr {shown(definition)} must look like pacs.008.001.08",
        )
    service = msg.htext("Rltd/BizSvc")
    if service not in _SERVICES:
        yield r.finding(
            msg,
            present(msg.hfind("Rltd/BizSvc"), related[0]),
            f"Rltd/BizSvc {shown(service or '')} must be TEST or PROD"
            if service is not None
            else "Rltd/BizSvc (TEST or PROD) is mandatory",
        )
    registry = msg.htext("Rltd/MktPrctc/Regy")
    if registry != REGISTRY:
        yield r.finding(
            msg,
            present(msg.hfind("Rltd/MktPrctc/Regy"), related[0]),
            f"Rltd/MktPrctc/Regy {shown(registry or '', 100)} must be {REGISTRY}",
        )
