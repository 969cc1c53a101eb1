"""SWIFT CBPR+ usage-guideline rules for pacs.008.001.08 and pain.001.001.09 (with the BAH).

Rule ids, severities and pass/fail values follow ``docs/rulebooks`` section B; ``Rnn`` in the titles
are the usage-guideline rule numbers as transcribed by cbpr-usage-rules (S1). Release-dependent
rules read ``as_of``: SR2025 from 22 Nov 2025, SR2026 from 14 Nov 2026.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import (
    check_bic,
    check_country,
    check_iban,
    check_lei,
    check_uetr,
    decimals,
    minor_units,
)
from qenex_messages.rules import address as adr
from qenex_messages.rules.base import (
    CBPR_PROFILES,
    NOT_BASIC,
    PACS008,
    PAIN001,
    Element,
    Message,
    Rule,
    decimal,
    local,
    not_checkable,
    rule,
    shown,
    slash_problem,
)

CBPR = CBPR_PROFILES
SR2025 = date(2025, 11, 22)
"""Swift standards release 2025 (end of MT/MX coexistence for payments)."""
SR2026 = date(2026, 11, 14)
CBPR_UNSTRUCTURED_END: date | None = None
"""End of unstructured addresses on CBPR+: planned 14 Nov 2026, deferred by Swift on 27 Aug 2026
with a new date due by Dec 2026. Until set, CBPR-ADDR-2026 is a warning."""

_EXTENDED = re.compile(r"[^a-zA-Z0-9/\-?:().,'+ !#$%&*=^_`{|}~\";<>@\[\\\]]")


def _bic_equal(a: str, b: str) -> bool:
    """BICs equal, with an 8-character BIC the same as its XXX branch."""
    a, b = a.strip().upper(), b.strip().upper()
    return (a + "XXX" if len(a) == 8 else a) == (b + "XXX" if len(b) == 8 else b)


def _agent_bic(msg: Message, agent: Element | None) -> str | None:
    return msg.text(agent, "FinInstnId/BICFI")


# -- BAH ------------------------------------------------------------------------------------------


@rule(
    "CBPR-BAH",
    "E",
    CBPR,
    "A head.001.001.02 BAH with Fr/To as FIId/FinInstnId/BICFI and BizMsgIdr, MsgDefIdr, BizSvc, "
    "CreDt.",
    sources=("S2", "S16"),
    passing="BAH with BICFI",
    failing="no BAH, or Fr/OrgId",
)
def _bah(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.hdr is None:
        yield r.finding(msg, msg.doc, "CBPR+ messages travel with a BAH (head.001.001.02)")
        return
    if not msg.hns.endswith("head.001.001.02"):
        yield r.finding(
            msg, msg.hdr, f"the BAH is {msg.hns or 'without namespace'}; CBPR+ uses head.001.001.02"
        )
    for side in ("Fr", "To"):
        el = msg.hfind(side)
        if el is None:
            yield r.finding(msg, msg.hdr, f"AppHdr/{side} is mandatory")
            continue
        ids = [local(c.tag) for c in el if local(c.tag)]
        fin = msg.hfind(f"{side}/FIId/FinInstnId")
        if ids != ["FIId"] or fin is None:
            yield r.finding(msg, el, f"AppHdr/{side} must be FIId/FinInstnId/BICFI, not {ids}")
            continue
        names = [local(c.tag) for c in fin if local(c.tag)]
        if names != ["BICFI"]:
            yield r.finding(msg, fin, f"AppHdr/{side} FinInstnId must hold only BICFI, not {names}")
    for name in ("BizMsgIdr", "MsgDefIdr", "BizSvc", "CreDt"):
        value = msg.htext(name)
        if value is None or not value.strip():
            yield r.finding(msg, msg.hdr, f"AppHdr/{name} is mandatory")
        elif name == "BizMsgIdr" and len(value) > 35:
            yield r.finding(msg, msg.hfind(name), f"BizMsgIdr has {len(value)} characters; max 35")


@rule(
    "CBPR-BIZSVC",
    "E",
    CBPR,
    "BizSvc is swift.cbprplus.03 from SR2025 (pacs.008 STP: swift.cbprplus.stp.03); .02 before.",
    sources=("S1", "S17"),
    passing="swift.cbprplus.03",
    failing="swift.cbprplus.02",
    note="S2 gives .02 for SR2025; S1 and S17 give .03 (used here).",
)
def _bizsvc(r: Rule, msg: Message) -> Iterator[Finding]:
    value = msg.htext("BizSvc")
    if value is None:
        return
    suffix = "03" if msg.as_of >= SR2025 else "02"
    allowed = {f"swift.cbprplus.{suffix}"}
    if msg.kind == PACS008:
        allowed.add(f"swift.cbprplus.stp.{suffix}")
    if value not in allowed:
        release = "SR2025 and later" if suffix == "03" else "SR2024 and earlier"
        yield r.finding(
            msg,
            msg.hfind("BizSvc"),
            f"BizSvc {shown(value)} is not {' or '.join(sorted(allowed))} ({release})",
        )


@rule(
    "CBPR-MSGDEF",
    "W",
    CBPR,
    "MsgDefIdr equals the Document's message version (R8, textual).",
    sources=("S1",),
    passing="pacs.008.001.08",
    failing="pacs.008.001.09",
)
def _msgdef(r: Rule, msg: Message) -> Iterator[Finding]:
    value = msg.htext("MsgDefIdr")
    if value is not None and msg.version is not None and value != msg.version:
        yield r.warn(
            msg,
            msg.hfind("MsgDefIdr"),
            f"MsgDefIdr {shown(value)} but the Document is {msg.version}",
        )


@rule(
    "CBPR-BIZMSGID",
    "E",
    CBPR,
    "BizMsgIdr equals GrpHdr/MsgId (formal from SR2026, W before).",
    sources=("S1",),
    passing="equal",
    failing="different",
)
def _bizmsgid(r: Rule, msg: Message) -> Iterator[Finding]:
    value = msg.htext("BizMsgIdr")
    msg_id = msg.text(msg.grp, "MsgId")
    if value is not None and msg_id is not None and value != msg_id:
        yield r.finding(
            msg,
            msg.hfind("BizMsgIdr"),
            f"BizMsgIdr {shown(value)} differs from GrpHdr/MsgId {shown(msg_id)}",
            severity=Severity.ERROR if msg.as_of >= SR2026 else Severity.WARNING,
        )


@rule(
    "CBPR-FROM-TO",
    "E",
    CBPR,
    "BAH Fr is the InstgAgt BIC; To is the InstdAgt BIC unless CpyDplct is COPY or CODU.",
    sources=("S1",),
    passing="equal",
    failing="different",
)
def _from_to(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PACS008 or msg.hdr is None or not msg.txs:
        return
    tx = msg.txs[0].el
    copy = msg.htext("CpyDplct") in ("COPY", "CODU")
    for side, agent in (("Fr", "InstgAgt"), ("To", "InstdAgt")):
        if side == "To" and copy:
            continue
        head = msg.htext(f"{side}/FIId/FinInstnId/BICFI")
        body = _agent_bic(msg, msg.find(tx, agent))
        if head and body and not _bic_equal(head, body):
            yield r.finding(
                msg,
                msg.hfind(f"{side}/FIId/FinInstnId/BICFI"),
                f"AppHdr/{side} BIC {head} differs from {agent} BIC {body}",
            )


@rule(
    "CBPR-PRTY",
    "W",
    CBPR,
    "BAH Prty equals PmtTpInf/InstrPrty when both are present.",
    sources=("S1",),
    passing="HIGH/HIGH",
    failing="HIGH/NORM",
)
def _prty(r: Rule, msg: Message) -> Iterator[Finding]:
    head = msg.htext("Prty")
    if head is None:
        return
    for tx in msg.txs:
        body = msg.text(tx.el, "PmtTpInf/InstrPrty")
        if body is None and tx.pmtinf is not None:
            body = msg.text(tx.pmtinf, "PmtTpInf/InstrPrty")
        if body is not None and body != head:
            yield r.warn(msg, msg.hfind("Prty"), f"AppHdr/Prty {head} but InstrPrty {body}")


_DT = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?P<tz>[+-](?:0\d|1[0-4]):[0-5]\d|Z)?"
)
_DATETIMES = ("CreDtTm", "AccptncDtTm", "DtTm", "FrDtTm", "ToDtTm", "DbtDtTm", "CdtDtTm")


@rule(
    "CBPR-DATETIME",
    "E",
    CBPR,
    "Date-times end with a UTC offset +hh:mm / -hh:mm; 'Z' or no offset is rejected.",
    sources=("S2", "S16"),
    passing="2026-03-02T10:00:00+01:00",
    failing="2026-03-02T10:00:00Z",
)
def _datetime(r: Rule, msg: Message) -> Iterator[Finding]:
    els = list(msg.iter(*_DATETIMES))
    cre = msg.hfind("CreDt")
    if cre is not None:
        els.insert(0, cre)
    for el in els:
        value = (el.text or "").strip()
        m = _DT.fullmatch(value)
        if m is None:
            continue  # not a date-time (the XSD reports malformed values)
        if m.group("tz") in (None, "Z"):
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {value} must end with a UTC offset like +00:00"
                + (" instead of Z" if m.group("tz") == "Z" else ""),
            )


# -- group header and payment identification -----------------------------------------------------


@rule(
    "CBPR-ONE-TX",
    "E",
    CBPR,
    "NbOfTxs is 1 with one CdtTrfTxInf; GrpHdr holds only MsgId, CreDtTm, NbOfTxs, SttlmInf.",
    sources=("S2",),
    passing="1",
    failing="2",
)
def _one_tx(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PACS008 or msg.grp is None:
        return
    nb = msg.find(msg.grp, "NbOfTxs")
    if nb is not None and (nb.text or "").strip() != "1":
        yield r.finding(msg, nb, f"NbOfTxs is {nb.text}; CBPR+ carries exactly 1 transaction")
    if len(msg.txs) != 1:
        yield r.finding(msg, msg.body, f"{len(msg.txs)} CdtTrfTxInf; CBPR+ carries exactly one")
    for child in msg.grp:
        name = local(child.tag)
        if name and name not in ("MsgId", "CreDtTm", "NbOfTxs", "SttlmInf"):
            yield r.finding(msg, child, f"GrpHdr/{name} is not allowed in CBPR+")


@rule(
    "CBPR-STTLM",
    "E",
    CBPR,
    "SttlmMtd is INDA, INGA or COVE (no CLRG).",
    sources=("S2", "S16"),
    passing="INDA",
    failing="CLRG",
)
def _sttlm(r: Rule, msg: Message) -> Iterator[Finding]:
    el = msg.find(msg.grp, "SttlmInf/SttlmMtd")
    if el is not None and el.text not in ("INDA", "INGA", "COVE"):
        yield r.finding(msg, el, f"SttlmMtd {el.text!r} is not allowed; use INDA, INGA or COVE")


@rule(
    "CBPR-UETR",
    "E",
    CBPR,
    "PmtId/UETR is mandatory (pacs.008) and a lower-case UUID v4.",
    sources=("S2",),
    passing="eb6305c9-1f7f-49de-aed0-16487c27b42d",
    failing="the same in upper case",
)
def _uetr(r: Rule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        el = msg.find(tx.el, "PmtId/UETR")
        if el is None:
            if msg.kind == PACS008:
                yield r.finding(msg, msg.find(tx.el, "PmtId"), "PmtId/UETR is mandatory in CBPR+")
            continue
        for f in check_uetr(el.text or ""):
            yield r.finding(msg, el, f.message)


@rule(
    "CBPR-INSTRID",
    "E",
    CBPR,
    "InstrId is mandatory (pacs.008), 1-16 characters, no leading/trailing '/' and no '//'.",
    sources=("S2", "S1"),
    passing="REF123",
    failing="/REF//1 or 17 characters",
)
def _instrid(r: Rule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        el = msg.find(tx.el, "PmtId/InstrId")
        if el is None:
            if msg.kind == PACS008:
                yield r.finding(msg, msg.find(tx.el, "PmtId"), "PmtId/InstrId is mandatory")
            continue
        value = el.text or ""
        if not 1 <= len(value) <= 16:
            yield r.finding(
                msg, el, f"InstrId has {len(value)} characters; CBPR+ allows 1-16 (MT field 20)"
            )
        problem = slash_problem(value)
        if problem:
            yield r.finding(msg, el, f"InstrId {shown(value)} {problem}")


@rule(
    "CBPR-E2E",
    "E/W",
    CBPR,
    "EndToEndId is at most 35 characters (E); NOTPROVIDED rather than empty (W).",
    sources=("S2", "S1"),
    passing="NOTPROVIDED",
    failing="empty",
)
def _e2e(r: Rule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        el = msg.find(tx.el, "PmtId/EndToEndId")
        if el is None:
            continue
        value = el.text or ""
        if len(value) > 35:
            yield r.finding(msg, el, f"EndToEndId has {len(value)} characters; max 35")
        elif not value.strip():
            yield r.warn(msg, el, "EndToEndId is empty; write NOTPROVIDED when there is none")


_ID_NAMES = ("MsgId", "InstrId", "EndToEndId", "TxId", "Prtry", "MmbId", "PmtInfId")


@rule(
    "CBPR-CHARSET-ID",
    "E",
    CBPR,
    "Identifiers (MsgId, BizMsgIdr, InstrId, EndToEndId, TxId, Prtry, MmbId) use the FIN X set.",
    sources=("S2",),
    passing="ABC-1",
    failing="ABC_1",
)
def _charset_id(r: Rule, msg: Message) -> Iterator[Finding]:
    els = list(msg.iter(*_ID_NAMES))
    biz = msg.hfind("BizMsgIdr")
    if biz is not None:
        els.insert(0, biz)
    for el in els:
        if len(el):
            continue  # Prtry can be a structure (e.g. under SttlmTmIndctn)
        bad = sorted(set(NOT_BASIC.findall(el.text or "")))
        if bad:
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {shown(el.text or '')} has characters outside FIN X: "
                f"{''.join(bad)!r}",
            )


_TEXT_NAMES = ("Nm", "Ustrd", "AddtlRmtInf")
_X_TEXT_NAMES = ("InstrInf",)


@rule(
    "CBPR-CHARSET-TXT",
    "E",
    CBPR,
    "Names, address parts and remittance use the CBPR+ extended set; InstrInf uses FIN X.",
    sources=("S2", "S17"),
    passing="Smith & Co [UK]",
    failing="Müller",
    note="InstrInf follows the CBPR+ XSD note in mt-mx-mapping.md (FIN X), stricter than S2.",
)
def _charset_txt(r: Rule, msg: Message) -> Iterator[Finding]:
    els = list(msg.iter(*_TEXT_NAMES, *_X_TEXT_NAMES))
    for a in msg.iter("PstlAdr"):
        els.extend(c for c in a if local(c.tag) and not len(c))
    for el in els:
        text = el.text or ""
        narrow = local(el.tag) in _X_TEXT_NAMES
        bad = sorted(set((NOT_BASIC if narrow else _EXTENDED).findall(text)))
        if bad:
            kind = "FIN X" if narrow else "the CBPR+ extended set"
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {shown(text)} has characters outside {kind}: {''.join(bad)!r}",
            )


_LIMITS = {
    "Nm": 140,
    "AdrLine": 70,
    "StrtNm": 70,
    "Dept": 70,
    "SubDept": 70,
    "Flr": 70,
    "Room": 70,
    "TwnNm": 35,
    "BldgNm": 35,
    "TwnLctnNm": 35,
    "DstrctNm": 35,
    "CtrySubDvsn": 35,
    "BldgNb": 16,
    "PstBx": 16,
    "PstCd": 16,
    "Ustrd": 140,
}


@rule(
    "CBPR-LEN",
    "E",
    CBPR,
    "Length limits: Nm 140; AdrLine, StrtNm ... 70; TwnNm ... 35; BldgNb, PstBx, PstCd 16; "
    "one Ustrd of at most 140.",
    sources=("S2",),
    passing="1 Ustrd",
    failing="2 Ustrd",
)
def _len(r: Rule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter(*_LIMITS):
        limit = _LIMITS[local(el.tag)]
        size = len(el.text or "")
        if size > limit:
            yield r.finding(msg, el, f"{local(el.tag)} has {size} characters; CBPR+ allows {limit}")
    for rmt in msg.iter("RmtInf"):
        ustrd = msg.findall(rmt, "Ustrd")
        if len(ustrd) > 1:
            yield r.finding(msg, ustrd[1], f"{len(ustrd)} Ustrd; CBPR+ allows one")


_COMMODITIES = frozenset({"XAU", "XAG", "XPD", "XPT"})


@rule(
    "CBPR-CCY",
    "E/W",
    CBPR,
    "No commodity currencies XAU XAG XPD XPT; decimals within the ISO 4217 minor units.",
    sources=("S1", "S4", "S5"),
    passing="JPY 1000",
    failing="JPY 1000.50, XAU",
    note="Decimals are E here (as S4; S5 has W): the MT leg rejects them.",
)
def _ccy(r: Rule, msg: Message) -> Iterator[Finding]:
    els = [
        e
        for tx in msg.txs
        for p in ("IntrBkSttlmAmt", "InstdAmt", "Amt/InstdAmt", "Amt/EqvtAmt/Amt")
        for e in msg.findall(tx.el, p)
    ]
    for el in els:
        ccy = el.get("Ccy") or ""
        if ccy in _COMMODITIES:
            yield r.finding(msg, el, f"{ccy} is a commodity, not a currency; CBPR+ rejects it")
            continue
        value = decimal(el.text)
        units = minor_units(ccy)
        if value is not None and units is not None and decimals(value) > units:
            yield r.finding(
                msg, el, f"{el.text} {ccy} has more decimals than {ccy} allows ({units})"
            )


@rule(
    "CBPR-CHRGBR",
    "E",
    CBPR,
    "ChrgBr is DEBT, CRED or SHAR (no SLEV).",
    sources=("S2",),
    passing="SHAR",
    failing="SLEV",
)
def _chrgbr(r: Rule, msg: Message) -> Iterator[Finding]:
    els = [e for tx in msg.txs for e in msg.findall(tx.el, "ChrgBr")]
    els += [e for pi in msg.pmtinfs for e in msg.findall(pi, "ChrgBr")]
    for el in els:
        if el.text not in ("DEBT", "CRED", "SHAR"):
            yield r.finding(msg, el, f"ChrgBr {el.text!r} is not allowed; use DEBT, CRED or SHAR")


@rule(
    "CBPR-CHRGS",
    "E/W",
    CBPR,
    "Charges: CRED needs ChrgsInf; DEBT at most one; DEBT with a deduction needs non-zero "
    "ChrgsInf (W); ChrgsInf/Agt has Nm and PstlAdr together.",
    sources=("S1",),
    passing="CRED + 1 ChrgsInf",
    failing="CRED without ChrgsInf",
)
def _chrgs(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PACS008:
        return
    for tx in msg.txs:
        bearer = msg.text(tx.el, "ChrgBr")
        charges = msg.findall(tx.el, "ChrgsInf")
        if bearer == "CRED" and not charges:
            yield r.finding(msg, tx.el, "ChrgBr CRED needs at least one ChrgsInf (zero allowed)")
        if bearer == "DEBT" and len(charges) > 1:
            yield r.finding(msg, charges[1], "ChrgBr DEBT allows at most one ChrgsInf")
        sttlm = msg.find(tx.el, "IntrBkSttlmAmt")
        instd = msg.find(tx.el, "InstdAmt")
        if bearer in ("DEBT", "SHAR") and sttlm is not None and instd is not None:
            a, b = decimal(sttlm.text), decimal(instd.text)
            same = sttlm.get("Ccy") == instd.get("Ccy")
            amounts = [decimal(msg.text(c, "Amt")) or Decimal(0) for c in charges]
            if same and a is not None and b is not None:
                if bearer == "DEBT" and a > b and not any(amounts):
                    yield r.warn(
                        msg,
                        tx.el,
                        "ChrgBr DEBT with IntrBkSttlmAmt above InstdAmt: give the charges in a "
                        "non-zero ChrgsInf",
                    )
                if bearer == "SHAR" and a < b and not charges:
                    yield r.warn(msg, tx.el, "ChrgBr SHAR with a deduction: report it in ChrgsInf")
        for c in charges:
            agt = msg.find(c, "Agt/FinInstnId")
            if agt is not None and (msg.find(agt, "Nm") is None) != (
                msg.find(agt, "PstlAdr") is None
            ):
                yield r.finding(msg, agt, "ChrgsInf/Agt gives Nm and PstlAdr together or neither")


@rule(
    "CBPR-INSTG-INSTD",
    "E",
    CBPR,
    "InstgAgt and InstdAgt identify the agent by FinInstnId/BICFI.",
    sources=("S2",),
    passing="BICFI",
    failing="Nm only",
)
def _instg_instd(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PACS008:
        return
    for tx in msg.txs:
        for name in ("InstgAgt", "InstdAgt"):
            agent = msg.find(tx.el, name)
            if agent is None:
                yield r.finding(msg, tx.el, f"{name} is mandatory in CBPR+")
            elif not (_agent_bic(msg, agent) or "").strip():
                yield r.finding(msg, agent, f"{name} needs FinInstnId/BICFI")


_AGENTS = (
    "DbtrAgt",
    "CdtrAgt",
    "IntrmyAgt1",
    "IntrmyAgt2",
    "IntrmyAgt3",
    "PrvsInstgAgt1",
    "PrvsInstgAgt2",
    "PrvsInstgAgt3",
    "InstgRmbrsmntAgt",
    "InstdRmbrsmntAgt",
    "ThrdRmbrsmntAgt",
)


@rule(
    "CBPR-AGENT",
    "E/W",
    CBPR,
    "Agents: Nm and PstlAdr together (E); BICFI preferred, otherwise clearing id or LEI with Nm "
    "and an address with TwnNm and Ctry (W).",
    sources=("S1",),
    passing="BICFI",
    failing="Nm without PstlAdr",
)
def _agent(r: Rule, msg: Message) -> Iterator[Finding]:
    for agent in msg.iter(*_AGENTS):
        fin = msg.find(agent, "FinInstnId")
        if fin is None:
            continue
        name = msg.find(fin, "Nm")
        address = msg.find(fin, "PstlAdr")
        role = local(agent.tag)
        if (name is None) != (address is None):
            yield r.finding(msg, fin, f"{role}: Nm and PstlAdr come together or not at all")
        if msg.find(fin, "BICFI") is not None:
            continue
        if len(fin) == 0:
            continue  # empty FinInstnId: an XSD-level choice problem, not a CBPR+ one
        other = msg.find(fin, "ClrSysMmbId") is not None or msg.find(fin, "LEI") is not None
        if not other:
            yield r.warn(msg, fin, f"{role} has no BICFI, clearing member id or LEI")
            continue
        shaped = adr.shape(address) if address is not None else None
        if name is None or shaped is None or not shaped.has_town_and_country:
            yield r.warn(
                msg,
                fin,
                f"{role} without BICFI should give Nm and an address with TwnNm and Ctry",
            )


_PARTIES = ("Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr", "InitgPty")


@rule(
    "CBPR-PARTY",
    "E/W",
    CBPR,
    "Parties: Nm with PstlAdr (E); Dbtr/Cdtr without AnyBIC need Nm (E); with AnyBIC, Nm and "
    "PstlAdr are not used (W).",
    sources=("S1",),
    passing="Nm + PstlAdr",
    failing="PstlAdr without Nm",
)
def _party(r: Rule, msg: Message) -> Iterator[Finding]:
    for party in msg.iter(*_PARTIES):
        role = local(party.tag)
        name = msg.find(party, "Nm")
        address = msg.find(party, "PstlAdr")
        any_bic = msg.find(party, "Id/OrgId/AnyBIC")
        if address is not None and name is None:
            yield r.finding(msg, address, f"{role} has PstlAdr without Nm")
        if role in ("Dbtr", "Cdtr") and any_bic is None and name is None:
            yield r.finding(msg, party, f"{role} without Id/OrgId/AnyBIC needs Nm")
        if any_bic is not None and (name is not None or address is not None):
            yield r.warn(
                msg, party, f"{role} has AnyBIC; Nm and PstlAdr are not used with it (AnyBIC wins)"
            )


@rule(
    "CBPR-ADDR-2025",
    "E",
    CBPR,
    "Hybrid and structured addresses need TwnNm and Ctry, at most 2 AdrLine when hybrid; "
    "AdrLine-only addresses keep each line within 35.",
    sources=("S1", "W2"),
    passing="TwnNm + Ctry + 1 AdrLine",
    failing="PstCd + AdrLine without TwnNm",
)
def _addr2025(r: Rule, msg: Message) -> Iterator[Finding]:
    for a in adr.addresses(msg):
        if a.kind == "hybrid":
            if not a.has_town_and_country:
                yield r.finding(msg, a.el, "a hybrid address needs TwnNm and Ctry")
            if len(a.lines) > 2:
                yield r.finding(
                    msg, a.lines[2], f"hybrid address with {len(a.lines)} AdrLine; max 2"
                )
        elif a.kind == "structured":
            if not a.has_town_and_country:
                yield r.finding(msg, a.el, "a structured address needs TwnNm and Ctry")
        elif a.kind == "unstructured":
            for line in a.lines:
                if len(line.text or "") > 35:
                    yield r.finding(
                        msg, line, "AdrLine of an unstructured address is limited to 35"
                    )


@rule(
    "CBPR-ADDR-2026",
    "P",
    CBPR,
    "Every postal address needs TwnNm and Ctry once unstructured addresses end (date pending).",
    sources=("W1", "W2", "S4", "S11"),
    passing="TwnNm + Ctry",
    failing="AdrLine only",
    note="Planned 14 Nov 2026, deferred 27 Aug 2026; E from CBPR_UNSTRUCTURED_END once set.",
)
def _addr2026(r: Rule, msg: Message) -> Iterator[Finding]:
    end = CBPR_UNSTRUCTURED_END
    due = end is not None and msg.as_of >= end
    when = f"since {end.isoformat()}" if end else "from a date Swift has not yet set"
    for a in adr.addresses(msg):
        if a.kind in ("unstructured", "country-only", "empty"):
            yield r.finding(
                msg,
                a.el,
                f"address without TwnNm and Ctry is rejected {when}; "
                "see qenex_messages.rules.propose_address",
                severity=Severity.ERROR if due else Severity.WARNING,
            )


@rule(
    "CBPR-ADDR-DUP",
    "W",
    CBPR,
    "A structured value is not repeated in AdrLine (R20).",
    sources=("S1",),
    passing="TwnNm Paris, a line without Paris",
    failing="a line repeating Paris",
)
def _addr_dup(r: Rule, msg: Message) -> Iterator[Finding]:
    for a in adr.addresses(msg):
        if not a.lines or not a.structured:
            continue
        values = {
            n: (e.text or "").strip().upper()
            for n, e in a.structured.items()
            if len((e.text or "").strip()) >= 3
        }
        for line in a.lines:
            text = (line.text or "").upper()
            for n, v in values.items():
                if re.search(rf"(?<![A-Z0-9]){re.escape(v)}(?![A-Z0-9])", text):
                    yield r.warn(msg, line, f"AdrLine repeats the {n} value {v!r}")


@rule(
    "CBPR-CTRY",
    "E",
    CBPR,
    "Country codes are real ISO 3166-1 alpha-2 codes.",
    sources=("S4",),
    passing="CH",
    failing="XX",
)
def _ctry(r: Rule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter("Ctry", "CtryOfRes", "CtryOfBirth"):
        for f in check_country(el.text or ""):
            yield r.finding(msg, el, f.message)


@rule(
    "CBPR-RMT",
    "E/W",
    CBPR,
    "Ustrd xor Strd; RmtInf xor RltdRmtInf (E); Strd content at most 9 000 characters (W).",
    sources=("S1",),
    passing="Ustrd only",
    failing="Ustrd + Strd",
)
def _rmt(r: Rule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        rmt = msg.find(tx.el, "RmtInf")
        if rmt is not None and msg.find(tx.el, "RltdRmtInf") is not None:
            yield r.finding(msg, rmt, "RmtInf and RltdRmtInf are both present; give one")
        if rmt is None:
            continue
        strd = msg.findall(rmt, "Strd")
        if strd and msg.find(rmt, "Ustrd") is not None:
            yield r.finding(msg, rmt, "RmtInf has both Ustrd and Strd; give one")
        size = sum(len(t.strip()) for s in strd for t in s.itertext())
        if size > 9000:
            yield r.warn(msg, strd[0], f"structured remittance holds {size} characters; max 9000")


@rule(
    "CBPR-INSTRCDTR",
    "E",
    CBPR,
    "InstrForCdtrAgt codes appear once; HOLD not with CHQB; TELB not with PHOB.",
    sources=("S1",),
    passing="PHOB",
    failing="PHOB + TELB",
)
def _instrcdtr(r: Rule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        els = msg.findall(tx.el, "InstrForCdtrAgt/Cd")
        codes = Counter(e.text for e in els)
        for e in els:
            if codes[e.text] > 1:
                yield r.finding(msg, e, f"InstrForCdtrAgt code {e.text} appears more than once")
                codes[e.text] = 0
        present = {e.text for e in els}
        for a, b in (("HOLD", "CHQB"), ("TELB", "PHOB")):
            if a in present and b in present:
                yield r.finding(msg, els[0], f"InstrForCdtrAgt {a} cannot go with {b}")


_GPI_FORBIDDEN = frozenset(f"G00{n}" for n in range(2, 10))


@rule(
    "CBPR-GPI",
    "E",
    CBPR,
    "Of the gpi service levels only G001 is allowed in pacs.008 (SR2026; W before).",
    sources=("S1",),
    passing="G001",
    failing="G004",
)
def _gpi(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PACS008:
        return
    for tx in msg.txs:
        for el in msg.findall(tx.el, "PmtTpInf/SvcLvl/Cd"):
            if el.text in _GPI_FORBIDDEN:
                yield r.finding(
                    msg,
                    el,
                    f"service level {el.text} is not allowed in pacs.008; of the gpi codes only "
                    "G001",
                    severity=Severity.ERROR if msg.as_of >= SR2026 else Severity.WARNING,
                )


@rule(
    "CBPR-LEI",
    "E",
    CBPR,
    "LEIs follow ISO 17442 (18 characters + 2 check digits, mod 97-10).",
    sources=("S1",),
    passing="529900T8BM49AURSDO55",
    failing="529900T8BM49AURSDO56",
)
def _lei(r: Rule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter("LEI"):
        for f in check_lei((el.text or "").strip()):
            yield r.finding(msg, el, f.message)


@rule(
    "CBPR-BIC",
    "E",
    CBPR,
    "BICFI and AnyBIC follow ISO 9362 with a real country code.",
    sources=("S1", "S4"),
    passing="DEUTDEFFXXX",
    failing="DEUTXXFF",
)
def _bic(r: Rule, msg: Message) -> Iterator[Finding]:
    els = list(msg.iter("BICFI", "AnyBIC"))
    if msg.hdr is not None:
        els = list(msg.hdr.iter(f"{{{msg.hns}}}BICFI" if msg.hns else "BICFI")) + els
    for el in els:
        for f in check_bic(el.text or ""):
            yield r.finding(msg, el, f.message)


@rule(
    "CBPR-IBAN",
    "E",
    CBPR,
    "IBANs given as account ids pass ISO 13616 (check digits, country length, BBAN).",
    sources=("S1",),
    passing="GB29NWBK60161331926819",
    failing="GB29NWBK60161331926818",
    note="Not a row of the rulebook table: S1 ships this validator and its test files plant it.",
)
def _iban(r: Rule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter("IBAN"):
        for f in check_iban(el.text or ""):
            yield r.finding(msg, el, f.message)


@rule(
    "CBPR-CODES",
    "W",
    CBPR,
    "Purpose, category purpose and local instrument use the coded form.",
    sources=("S1", "S4"),
    passing="Cd GDDS",
    failing="Prtry",
)
def _codes(r: Rule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter("Purp", "CtgyPurp", "LclInstrm"):
        if msg.find(el, "Prtry") is not None:
            yield r.warn(msg, el, f"{local(el.tag)} uses Prtry; the ISO external Cd is preferred")


@rule(
    "CBPR-PAIN001",
    "E",
    CBPR,
    "CBPR+ pain.001: one PmtInf, NbOfTxs 1, one transaction; PmtInfId and BizMsgIdr equal MsgId; "
    "DbtrAgt BICFI.",
    sources=("S2", "S1"),
    passing="1 PmtInf",
    failing="2 PmtInf",
)
def _pain001(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PAIN001:
        return
    if len(msg.pmtinfs) != 1:
        yield r.finding(msg, msg.body, f"{len(msg.pmtinfs)} PmtInf; CBPR+ pain.001 carries one")
    nb = msg.find(msg.grp, "NbOfTxs")
    if nb is not None and (nb.text or "").strip() != "1":
        yield r.finding(msg, nb, f"NbOfTxs is {nb.text}; CBPR+ pain.001 carries 1")
    if len(msg.txs) != 1:
        yield r.finding(msg, msg.body, f"{len(msg.txs)} CdtTrfTxInf; CBPR+ pain.001 carries one")
    msg_id = msg.text(msg.grp, "MsgId")
    for pi in msg.pmtinfs:
        pid = msg.find(pi, "PmtInfId")
        if pid is not None and msg_id is not None and pid.text != msg_id:
            yield r.finding(msg, pid, f"PmtInfId {shown(pid.text or '')} must equal MsgId")
        dbtr_agt = msg.find(pi, "DbtrAgt")
        if not (_agent_bic(msg, dbtr_agt) or "").strip():
            yield r.finding(
                msg, dbtr_agt if dbtr_agt is not None else pi, "DbtrAgt needs FinInstnId/BICFI"
            )


not_checkable(
    "CBPR-RLTD",
    CBPR,
    "Rltd copies the related message's BAH exactly (R6, R9)",
    "Needs the related message, which is not part of the message checked.",
)
not_checkable(
    "CBPR-AGENT",
    CBPR,
    "BIC mandatory when both ends are on Swift; clearing code alone only within one country",
    "Needs the Swift directory and the whole payment chain.",
)
not_checkable(
    "CBPR-CODES",
    CBPR,
    "Codes from the ISO external code lists",
    "The ISO external code lists are not shipped; only the use of Prtry is checked.",
)
