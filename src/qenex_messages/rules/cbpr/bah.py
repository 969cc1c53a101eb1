"""CBPR+ Business Application Header: presence, service, definition, ids, From/To, priority."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import same_bic
from qenex_messages.rule_record import Example
from qenex_messages.rules.base import RulebookRule, Scope, fails, not_checkable, passes, rule, shown
from qenex_messages.rules.cbpr.common import CBPR, SR2025, SR2026, header_holds
from qenex_messages.rules.proofs import select, transactions
from qenex_messages.rules.samples import CBPR_PACS
from qenex_messages.rules.view import PACS008, Message, local

_BAH_VERSION = "head.001.001.02"
_SIDE = "$h/h:{side}[1][count(*) = 1]/h:FIId[1]/h:FinInstnId[1][count(*) = 1]/h:BICFI"
BAH_SIDES = " and ".join(_SIDE.format(side=side) for side in ("Fr", "To"))
"""XPath, from the AppHdr (``$h``, namespace ``h:``): Fr and To each hold FIId/FinInstnId/BICFI
and nothing else (an element of another namespace or name fails it)."""

MANDATORY = ("BizMsgIdr", "MsgDefIdr", "BizSvc", "CreDt")
"""The AppHdr's values CBPR-BAH asks for."""


def _value_problem(name: str, value: str | None) -> str | None:
    """What CBPR-BAH says of the AppHdr's mandatory ``name`` read as ``value``, or None."""
    if value is None or not value.strip():
        return f"AppHdr/{name} is mandatory"
    if name == "BizMsgIdr" and len(value) > _MAX_ID:
        return f"BizMsgIdr has {len(value)} characters; max {_MAX_ID}"
    return None


_MAX_ID = 35


def header_values_ok(msg: Message) -> bool:
    """The AppHdr is a head.001.001.02 whose mandatory values CBPR-BAH reads are all there."""
    return mandatory_values_ok(msg.hns, [msg.htext(name) for name in MANDATORY])


def mandatory_values_ok(hns: str, values: list[str | None]) -> bool:
    """:func:`header_values_ok` of an AppHdr in namespace ``hns`` whose :data:`MANDATORY`
    elements read ``values`` (None: absent), in that order."""
    return hns.endswith(_BAH_VERSION) and not any(
        _value_problem(name, value) for name, value in zip(MANDATORY, values, strict=True)
    )


def _bah_ok(msg: Message) -> bool:
    """An AppHdr with the values CBPR-BAH asks for, and Fr and To as :data:`BAH_SIDES`."""
    return msg.hdr is not None and header_values_ok(msg) and header_holds(msg, BAH_SIDES)


@rule(
    "CBPR-BAH",
    "E",
    CBPR,
    "A head.001.001.02 BAH with Fr/To as FIId/FinInstnId/BICFI and BizMsgIdr, MsgDefIdr, BizSvc, "
    "CreDt.",
    sources=("S2", "S16"),
    scope=Scope.HEADER,
    fail=fails(
        CBPR_PACS,
        "<Fr><FIId><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId></FIId></Fr>",
        "<Fr><OrgId/></Fr>",
        severity=Severity.ERROR,
    ),
    fix="Add the missing AppHdr element; give Fr and To as FIId/FinInstnId/BICFI.",
    proof=_bah_ok,
)
def _bah(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.hdr is None:
        yield r.finding(msg, msg.doc, "CBPR+ messages travel with a BAH (head.001.001.02)")
        return
    if not msg.hns.endswith(_BAH_VERSION):
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
    for name in MANDATORY:
        value = msg.htext(name)
        problem = _value_problem(name, value)
        if problem is not None:
            missing = value is None or not value.strip()
            yield r.finding(msg, msg.hdr if missing else msg.hfind(name), problem)


@dataclass(frozen=True, slots=True)
class _Release:
    """A Swift standards release: its BizSvc version, and values other sources give for it."""

    name: str
    starts: date
    version: str
    disputed: tuple[tuple[str, str], ...] = ()
    """(version, which sources say so) accepted with a warning."""


_RELEASES = (
    _Release("SR2024 and earlier", date.min, "02"),
    _Release("SR2025", SR2025, "03", (("02", "S2 gives .02 for SR2025; S1 and S17 give .03"),)),
    _Release(
        "SR2026",
        SR2026,
        "04",
        (("03", "S1's SR2026 examples keep .03; S18 quotes the SR2026 usage guidelines: .04"),),
    ),
)


def _release(as_of: date) -> _Release:
    return [r for r in _RELEASES if as_of >= r.starts][-1]


def business_service(as_of: date) -> str:
    """The BizSvc a CBPR+ message (not STP) carries when sent on ``as_of``."""
    return f"swift.cbprplus.{_release(as_of).version}"


def _services(msg: Message, version: str) -> list[str]:
    stp = [f"swift.cbprplus.stp.{version}"] if msg.kind == PACS008 else []
    return [f"swift.cbprplus.{version}", *stp]


def service_ok(msg: Message) -> bool:
    """The AppHdr gives no BizSvc, or the one of the release in force (CBPR-BIZSVC's proof)."""
    return service_value_ok(msg, msg.htext("BizSvc"))


def service_value_ok(msg: Message, value: str | None) -> bool:
    """``value``, the AppHdr's BizSvc text (None: absent), is what :func:`service_ok` wants."""
    return value is None or value.strip() in _services(msg, _release(msg.as_of).version)


@rule(
    "CBPR-BIZSVC",
    "E/W",
    CBPR,
    "BizSvc names the release: swift.cbprplus.02 up to SR2024, .03 from SR2025, .04 from SR2026 "
    "(pacs.008 STP: swift.cbprplus.stp.NN); a value other sources give for the release is W.",
    sources=("S1", "S2", "S17", "S18"),
    scope=Scope.HEADER,
    fail=[
        fails(CBPR_PACS, "swift.cbprplus.04", "swift.cbprplus.02", severity=Severity.ERROR),
        fails(
            CBPR_PACS,
            "swift.cbprplus.04",
            "swift.cbprplus.03",
            severity=Severity.WARNING,
            why="SR2026: sources disagree between .03 and .04",
        ),
        Example(
            base=CBPR_PACS, as_of=date(2026, 1, 1), severity=Severity.ERROR, why=".04 before SR2026"
        ),
    ],
    ok=[
        passes(CBPR_PACS),
        passes(CBPR_PACS, "swift.cbprplus.04", "swift.cbprplus.stp.04"),
        passes(CBPR_PACS, "swift.cbprplus.04", "swift.cbprplus.03", as_of=date(2026, 1, 1)),
        passes(CBPR_PACS, "swift.cbprplus.04", "swift.cbprplus.02", as_of=date(2025, 1, 1)),
    ],
    note="Sources disagree: for SR2025 S2 gives .02 where S1 and S17 give .03; for SR2026 S1's "
    "examples keep .03 where S18 quotes the SR2026 usage guidelines (p.10) with .04. Both values "
    "are accepted; the one not expected is a warning naming the sources.",
    fix="Set BizSvc to the service of the release in force (e.g. swift.cbprplus.04 from SR2026).",
    proof=service_ok,
)
def _bizsvc(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    value = msg.htext("BizSvc")
    if value is None:
        return
    release = _release(msg.as_of)
    value = value.strip()
    if value in _services(msg, release.version):
        return
    where = msg.hfind("BizSvc")
    for version, why in release.disputed:
        if value in _services(msg, version):
            yield r.warn(
                msg,
                where,
                f"BizSvc {shown(value)} is accepted for {release.name}, but sources disagree "
                f"({why}); {' or '.join(_services(msg, release.version))} is expected",
            )
            return
    yield r.finding(
        msg,
        where,
        f"BizSvc {shown(value)} is not {' or '.join(_services(msg, release.version))} "
        f"({release.name})",
    )


def _definition_differs(msg: Message) -> str | None:
    """The AppHdr's MsgDefIdr when it names another version than the Document's."""
    value = msg.htext("MsgDefIdr")
    return None if definition_value_ok(msg, value) else value


def definition_ok(msg: Message) -> bool:
    """MsgDefIdr names the Document's version, or one of them is unknown (CBPR-MSGDEF's proof)."""
    return _definition_differs(msg) is None


def definition_value_ok(msg: Message, value: str | None) -> bool:
    """``value``, the AppHdr's MsgDefIdr text (None: absent), is what :func:`definition_ok`
    wants."""
    return value is None or msg.version is None or value == msg.version


@rule(
    "CBPR-MSGDEF",
    "W",
    CBPR,
    "MsgDefIdr equals the Document's message version (R8, textual).",
    sources=("S1",),
    scope=Scope.HEADER,
    fail=fails(
        CBPR_PACS,
        "<MsgDefIdr>pacs.008.001.08",
        "<MsgDefIdr>pacs.008.001.09",
        severity=Severity.WARNING,
    ),
    fix="Set AppHdr MsgDefIdr to the Document's message version.",
    proof=definition_ok,
)
def _msgdef(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    value = _definition_differs(msg)
    if value is not None:
        yield r.warn(
            msg,
            msg.hfind("MsgDefIdr"),
            f"MsgDefIdr {shown(value)} but the Document is {msg.version}",
        )


def _ids_differ(msg: Message) -> tuple[str, str] | None:
    """BizMsgIdr and GrpHdr/MsgId when both are there and differ."""
    value = msg.htext("BizMsgIdr")
    msg_id = msg.text(msg.grp, "MsgId")
    return (value, msg_id) if value is not None and msg_id is not None and value != msg_id else None


def ids_agree(msg: Message) -> bool:
    """BizMsgIdr is GrpHdr/MsgId, or one is missing (CBPR-BIZMSGID's proof)."""
    return _ids_differ(msg) is None


@rule(
    "CBPR-BIZMSGID",
    "E",
    CBPR,
    "BizMsgIdr equals GrpHdr/MsgId (formal from SR2026, W before).",
    sources=("S1",),
    scope=Scope.HEADER,
    fail=fails(CBPR_PACS, "<BizMsgIdr>MSG-1", "<BizMsgIdr>MSG-2", severity=Severity.ERROR),
    fix="Set AppHdr BizMsgIdr equal to GrpHdr/MsgId.",
    proof=ids_agree,
)
def _bizmsgid(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    differ = _ids_differ(msg)
    if differ is not None:
        value, msg_id = differ
        yield r.finding(
            msg,
            msg.hfind("BizMsgIdr"),
            f"BizMsgIdr {shown(value)} differs from GrpHdr/MsgId {shown(msg_id)}",
            severity=Severity.ERROR if msg.as_of >= SR2026 else Severity.WARNING,
        )


def _first_agent_bic(msg: Message, agent: str) -> str | None:
    """:func:`agent_bic` of the first transaction's ``agent``, found by one XPath of child
    steps (the view would group the children of the transaction and the agent for it)."""
    assert msg.body is not None
    found = select(msg, msg.body, f"{{tx}}[1]/d:{agent}[1]/d:FinInstnId[1]/d:BICFI[1]")
    return (found[0].text or "") if found else None


def _mismatches(msg: Message) -> Iterator[tuple[str, str, str, str]]:
    """(side, agent, AppHdr BIC, agent BIC) for each side whose BICs CBPR-FROM-TO finds apart."""
    if msg.kind != PACS008 or msg.hdr is None or transactions(msg) == 0:
        return
    copy = msg.htext("CpyDplct") in ("COPY", "CODU")
    for side, agent in (("Fr", "InstgAgt"), ("To", "InstdAgt")):
        if side == "To" and copy:
            continue
        head = msg.htext(f"{side}/FIId/FinInstnId/BICFI")
        body = _first_agent_bic(msg, agent)
        if head and body and not same_bic(head, body):
            yield side, agent, head, body


def _ends_agree(msg: Message) -> bool:
    """The AppHdr's Fr and To name the first transaction's agents (CBPR-FROM-TO's proof)."""
    return next(_mismatches(msg), None) is None


FROM_TO_SAME = (
    "{tx}[1]/d:InstgAgt[1]/d:FinInstnId[1]/d:BICFI[1][count(node()) = 1 and text() = $fr]"
    " and {tx}[1]/d:InstdAgt[1]/d:FinInstnId[1]/d:BICFI[1][count(node()) = 1 and text() = $to]"
)
"""XPath (``$fr`` and ``$to`` the texts of the AppHdr's Fr and To BICFI): the first
transaction's InstgAgt and InstdAgt BICs have those very texts as their one node (so the BICs
are the same)."""


@rule(
    "CBPR-FROM-TO",
    "E",
    CBPR,
    "BAH Fr is the InstgAgt BIC; To is the InstdAgt BIC unless CpyDplct is COPY or CODU.",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "<InstgAgt><FinInstnId><BICFI>ABCDGB2LXXX",
        "<InstgAgt><FinInstnId><BICFI>WWEBGB3LXXX",
        severity=Severity.ERROR,
    ),
    fix="Set AppHdr Fr to the InstgAgt BIC and To to the InstdAgt BIC.",
    proof=_ends_agree,
)
def _from_to(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for side, agent, head, body in _mismatches(msg):
        yield r.finding(
            msg,
            msg.hfind(f"{side}/FIId/FinInstnId/BICFI"),
            f"AppHdr/{side} BIC {head} differs from {agent} BIC {body}",
        )


def _priorities_agree(msg: Message) -> bool:
    """The AppHdr gives no Prty, or every InstrPrty of the body says the same (a superset of
    the ones the rule reads)."""
    head = msg.htext("Prty")
    return head is None or all((el.text or "") == head for el in msg.iter("InstrPrty"))


@rule(
    "CBPR-PRTY",
    "W",
    CBPR,
    "BAH Prty equals PmtTpInf/InstrPrty when both are present.",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<Prty>NORM</Prty>", "<Prty>HIGH</Prty>", severity=Severity.WARNING),
    fix="Make AppHdr Prty and InstrPrty the same, or leave one out.",
    proof=_priorities_agree,
)
def _prty(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    head = msg.htext("Prty")
    if head is None:
        return
    for tx in msg.txs:
        body = msg.text(tx.el, "PmtTpInf/InstrPrty")
        if body is None and tx.pmtinf is not None:
            body = msg.text(tx.pmtinf, "PmtTpInf/InstrPrty")
        if body is not None and body != head:
            yield r.warn(msg, msg.hfind("Prty"), f"AppHdr/Prty {head} but InstrPrty {body}")


not_checkable(
    "CBPR-RLTD",
    CBPR,
    "Rltd copies the related message's BAH exactly (R6, R9)",
    "Needs the related message, which is not part of the message checked.",
)
