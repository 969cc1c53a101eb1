"""SEPA scheme fields: service level, local instrument, charge bearer, payment method, purpose,
the EPC subset and the message version."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.rule_record import Example
from qenex_messages.rules.base import RulebookRule, Scope, fails, not_checkable, passes, rule
from qenex_messages.rules.proofs import holds
from qenex_messages.rules.samples import SEPA_03_DATE, SEPA_PACS, SEPA_PAIN, SEPA_PAIN_03
from qenex_messages.rules.sepa.common import SEPA, named, texts, tx_levels
from qenex_messages.rules.sepa.dates import EPC_VERSION_SWITCH
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message, local


def _svclvls(msg: Message, tx: Element, pi: Element | None) -> list[Element]:
    found = msg.findall(pi, "PmtTpInf/SvcLvl") + msg.findall(tx, "PmtTpInf/SvcLvl")
    if msg.kind == PACS008:
        found += msg.findall(msg.grp, "PmtTpInf/SvcLvl")
    return found


_NOT_SEPA = "[not(d:Cd[1][count(node()) = 1 and text() = 'SEPA'])]"
_LEVEL = "d:PmtTpInf/d:SvcLvl"
SVCLVL_PROBLEMS = {
    # per block: more than one level above, one above and one below, or none above and not
    # exactly one below (each transaction's own levels; no `..` per transaction)
    PAIN001: f"boolean(d:PmtInf[count({_LEVEL}) > 1]"
    f" | d:PmtInf[{_LEVEL}]/d:CdtTrfTxInf[{_LEVEL}]"
    f" | d:PmtInf[not({_LEVEL})]/d:CdtTrfTxInf[count({_LEVEL}) != 1]"
    f" | d:PmtInf/{_LEVEL}{_NOT_SEPA} | {{tx}}/{_LEVEL}{_NOT_SEPA})",
    PACS008: f"(d:GrpHdr[1]/{_LEVEL} and boolean(d:GrpHdr[1][count({_LEVEL}) > 1]"
    f" | {{tx}}[{_LEVEL}])) or (not(d:GrpHdr[1]/{_LEVEL})"
    f" and boolean({{tx}}[count({_LEVEL}) != 1]))"
    f" or boolean(d:GrpHdr[1]/{_LEVEL}{_NOT_SEPA} | {{tx}}/{_LEVEL}{_NOT_SEPA})",
}
"""A transaction without exactly one service level (its own and its block's or group's), or a
service level whose Cd is not SEPA."""


def _one_sepa_level(msg: Message) -> bool:
    problems = SVCLVL_PROBLEMS.get(msg.kind or "")
    return problems is not None and not holds(msg, problems)


@rule(
    "SEPA-SVCLVL",
    "E",
    SEPA,
    "Exactly one service level, with code SEPA (payment information level recommended).",
    sources=("S9", "S3"),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, "<Cd>SEPA</Cd>", "<Cd>NURG</Cd>", severity=Severity.ERROR),
    fix="Give one service level with Cd SEPA.",
    proof=_one_sepa_level,
)
def _svclvl(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    seen: set[Element] = set()  # a block's service level is one root cause, whatever its txs
    for tx, pi in tx_levels(msg):
        levels = _svclvls(msg, tx, pi)
        if not levels:
            yield r.finding(msg, tx, "no service level: SEPA needs PmtTpInf/SvcLvl/Cd SEPA")
            continue
        if levels[0] in seen:
            continue
        seen.add(levels[0])
        if len(levels) > 1:
            yield r.finding(
                msg, levels[1], f"{len(levels)} service levels; SEPA allows exactly one"
            )
        code = msg.text(levels[0], "Cd")
        if code != "SEPA":
            what = f"code {code!r}" if code is not None else "a proprietary value"
            yield r.finding(msg, levels[0], f"service level is {what}; SEPA needs Cd SEPA")


def no_local_instrument(msg: Message) -> bool:
    """SEPA-LCLINSTRM's proof: an SCT (not SCT Inst) message without a local instrument."""
    return msg.profile != "sepa-inst" and not named(msg, "LclInstrm")


@rule(
    "SEPA-LCLINSTRM",
    "E",
    SEPA,
    "SCT: no local instrument. SCT Inst: local instrument INST (W: not confirmed by the sources).",
    sources=("S3",),
    scope=Scope.TRANSACTION,
    fail=[
        fails(
            SEPA_PAIN,
            "</SvcLvl>",
            "</SvcLvl><LclInstrm><Cd>CORE</Cd></LclInstrm>",
            severity=Severity.ERROR,
        ),
        Example(
            base=SEPA_PAIN,
            under="sepa-inst",
            severity=Severity.WARNING,
            why="SCT Inst expects LclInstrm INST",
        ),
    ],
    ok=[
        passes(SEPA_PAIN),
        passes(
            SEPA_PAIN,
            "</SvcLvl>",
            "</SvcLvl><LclInstrm><Cd>INST</Cd></LclInstrm>",
            under="sepa-inst",
        ),
    ],
    fix="SCT: leave LclInstrm out; SCT Inst: set LclInstrm/Cd INST.",
    proof=no_local_instrument,
)
def _lclinstrm(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.profile == "sepa-inst":
        yield from _inst_lclinstrm(r, msg)
        return
    els = [e for pi in msg.pmtinfs for e in msg.findall(pi, "PmtTpInf/LclInstrm")]
    els += [e for tx in msg.txs for e in msg.findall(tx.el, "PmtTpInf/LclInstrm")]
    for el in els:
        code = msg.text(el, "Cd") or msg.text(el, "Prtry")
        yield r.finding(
            msg, el, f"a SEPA credit transfer carries no local instrument (found {code!r})"
        )


def _inst_lclinstrm(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx, pi in tx_levels(msg):
        found = msg.findall(pi, "PmtTpInf/LclInstrm") + msg.findall(tx, "PmtTpInf/LclInstrm")
        codes = [msg.text(el, "Cd") for el in found]
        if "INST" not in codes:
            yield r.warn(
                msg,
                found[0] if found else tx,
                "SCT Inst expects LclInstrm/Cd INST"
                + (f", not {codes[0]!r}" if codes and codes[0] else ""),
            )


@rule(
    "SEPA-SLEV",
    "E",
    SEPA,
    "The charge bearer is SLEV.",
    sources=("S9", "S6"),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, "<ChrgBr>SLEV<", "<ChrgBr>SHAR<", severity=Severity.ERROR),
    fix="Set ChrgBr to SLEV.",
    proof=lambda m: all(t == "SLEV" for t in texts(m, "ChrgBr")),
)
def _slev(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    els = [e for pi in msg.pmtinfs for e in msg.findall(pi, "ChrgBr")]
    els += [e for tx in msg.txs for e in msg.findall(tx.el, "ChrgBr")]
    for el in els:
        if el.text != "SLEV":
            yield r.finding(msg, el, f"ChrgBr is {el.text!r}; SEPA allows only SLEV")


@rule(
    "SEPA-TRF",
    "E",
    SEPA,
    "The payment method is TRF.",
    sources=("S9",),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, "<PmtMtd>TRF<", "<PmtMtd>CHK<", severity=Severity.ERROR),
    fix="Set PmtMtd to TRF.",
    proof=lambda m: all(t == "TRF" for t in texts(m, "PmtMtd")),
)
def _trf(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for pi in msg.pmtinfs:
        el = msg.find(pi, "PmtMtd")
        if el is not None and el.text != "TRF":
            yield r.finding(msg, el, f"PmtMtd is {el.text!r}; SEPA credit transfers use TRF")


@rule(
    "SEPA-PURP",
    "E/W",
    SEPA,
    "Purpose and category purpose use Cd, never Prtry.",
    sources=("S9",),
    scope=Scope.TRANSACTION,
    fail=fails(SEPA_PAIN, "<Purp><Cd>SALA</Cd>", "<Purp><Prtry>X</Prtry>", severity=Severity.ERROR),
    fix="Give purpose and category purpose as Cd, not Prtry.",
    proof=lambda m: not named(m, "Purp", "CtgyPurp"),
)
def _purp(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter("Purp", "CtgyPurp"):
        if msg.find(el, "Prtry") is not None:
            yield r.finding(
                msg, el, f"{local(el.tag)} uses Prtry; SEPA allows only an ISO external Cd"
            )


@rule(
    "SEPA-SUBSET",
    "E",
    SEPA,
    "Elements outside the EPC subset (UETR, Authstn in pain.001) are rejected by strict "
    "community schemas.",
    sources=("I3",),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN,
        "<EndToEndId>E2E-1</EndToEndId>",
        "<EndToEndId>E2E-1</EndToEndId><UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR>",
        severity=Severity.ERROR,
    ),
    fix="Leave out the elements outside the EPC subset.",
    proof=lambda m: m.kind != PAIN001 or not named(m, "UETR", "Authstn"),
)
def _subset(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PAIN001:
        return
    for el in msg.iter("UETR", "Authstn"):
        yield r.finding(
            msg, el, f"{local(el.tag)} is outside the EPC subset; strict SEPA schemas reject it"
        )


def current_version(msg: Message) -> str:
    """The message version the EPC guidelines in force on ``msg.as_of`` use for its kind."""
    if msg.as_of >= EPC_VERSION_SWITCH:
        return "pain.001.001.09" if msg.kind == PAIN001 else "pacs.008.001.08"
    return "pain.001.001.03" if msg.kind == PAIN001 else "pacs.008.001.02"


@rule(
    "SEPA-VERSION",
    "E",
    SEPA,
    "pain.001.001.09 / pacs.008.001.08 since 19 Nov 2023 (.03/.02 before); newer ISO versions "
    "are rejected; community variants (pain.001.003.03 ...) are W.",
    sources=("S13", "S3"),
    scope=Scope.HEADER,
    fail=[
        fails(SEPA_PAIN, "pain.001.001.09", "pain.001.001.13", severity=Severity.ERROR),
        fails(
            SEPA_PACS,
            "pacs.008.001.08",
            "pacs.008.001.13",
            severity=Severity.ERROR,
            why="a newer ISO version than the EPC guidelines",
        ),
        Example(base=SEPA_PAIN_03, severity=Severity.ERROR, why=".03 was replaced in Nov 2023"),
        fails(
            SEPA_PAIN,
            "pain.001.001.09",
            "pain.001.003.03",
            severity=Severity.WARNING,
            why="a community variant",
        ),
    ],
    ok=[
        passes(SEPA_PAIN),
        passes(SEPA_PACS, why="no community-variant warning on the EPC pacs.008"),
        passes(SEPA_PAIN_03, as_of=SEPA_03_DATE, why=".03 before 19 Nov 2023"),
    ],
    fix="Send the version the rulebook in force uses (pain.001.001.09, pacs.008.001.08).",
    proof=lambda m: m.version is not None and m.version == current_version(m),
)
def _version(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    v = msg.version
    if v is None:
        yield r.finding(
            msg, msg.doc, f"namespace {msg.ns!r} is not an ISO 20022 message version SEPA uses"
        )
        return
    expected_new = "pain.001.001.09" if msg.kind == PAIN001 else "pacs.008.001.08"
    expected_old = "pain.001.001.03" if msg.kind == PAIN001 else "pacs.008.001.02"
    # area.message.VARIANT.version: a variant other than 001 is a community's own (DK's 003).
    if v.split(".")[2] != "001":
        yield r.warn(msg, msg.doc, f"{v} is a community variant; check your bank accepts it")
        return
    current = current_version(msg)
    if v == current:
        return
    if v == expected_old:
        yield r.finding(
            msg,
            msg.doc,
            f"{v} was replaced by {expected_new} in the EPC guidelines on 19 Nov 2023",
        )
    else:
        yield r.finding(
            msg, msg.doc, f"{v} is not a version the EPC guidelines allow; use {current}"
        )


not_checkable(
    "SEPA-PURP",
    SEPA,
    "Purpose code in the ISO external code lists",
    "The ISO external code lists (quarterly) are not shipped; only Prtry use is checked.",
)
