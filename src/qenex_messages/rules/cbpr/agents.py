"""CBPR+ agents and parties: instructing/instructed agents, agent and party identification,
LEI, BIC and IBAN checks."""

from __future__ import annotations

from collections.abc import Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import (
    check_bic,
    check_iban,
    check_lei,
    is_valid_bic,
    is_valid_iban,
    is_valid_lei,
)
from qenex_messages.rules import address as adr
from qenex_messages.rules.base import RulebookRule, Scope, fails, not_checkable, rule
from qenex_messages.rules.cbpr.common import CBPR, agent_bic
from qenex_messages.rules.cbpr.values import texts
from qenex_messages.rules.proofs import holds, holds_for_each
from qenex_messages.rules.samples import CBPR_PACS
from qenex_messages.rules.view import PACS008, Element, Message, clark, local

# Each rule first asks for a proof over the whole message at once (an XPath in C over the
# elements it reads, the texts of rules/cbpr/values.py) that its exact body would find nothing
# (see rules/proofs.py); tests/rules/test_cbpr_fast.py holds the proofs to the bodies. The XPath
# steps take the first child where the rules' look-ups do.

_WITHOUT_INSTG_INSTD = (
    "{tx}[not(d:InstgAgt[1]/d:FinInstnId[1]/d:BICFI and d:InstdAgt[1]/d:FinInstnId[1]/d:BICFI)]"
)
"""XPath: a transaction whose first InstgAgt or InstdAgt gives no FinInstnId/BICFI (as
:func:`agent_bic` reads them)."""


def _instg_instd_ok(msg: Message) -> bool:
    """A pain.001 (the rule reads pacs.008 only), or every transaction's InstgAgt and InstdAgt
    give a BICFI, and every BIC is valid (so none is blank)."""
    return msg.kind != PACS008 or (
        bics_ok(msg) and not holds(msg, f"boolean({_WITHOUT_INSTG_INSTD})")
    )


@rule(
    "CBPR-INSTG-INSTD",
    "E",
    CBPR,
    "InstgAgt and InstdAgt identify the agent by FinInstnId/BICFI.",
    sources=("S2",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS,
        "<InstdAgt><FinInstnId><BICFI>EFGHDEFFXXX</BICFI>",
        "<InstdAgt><FinInstnId><Nm>Bank</Nm>",
        severity=Severity.ERROR,
    ),
    fix="Identify InstgAgt and InstdAgt by FinInstnId/BICFI.",
    proof=_instg_instd_ok,
)
def _instg_instd(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PACS008:
        return
    for tx in msg.txs:
        for name in ("InstgAgt", "InstdAgt"):
            agent = msg.find(tx.el, name)
            if agent is None:
                yield r.finding(msg, tx.el, f"{name} is mandatory in CBPR+")
            elif not (agent_bic(msg, agent) or "").strip():
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

_PLAIN_AGENTS = (
    "not($n/d:FinInstnId[1]"
    "[not(d:BICFI) or (d:Nm and not(d:PstlAdr)) or (d:PstlAdr and not(d:Nm))])"
)
"""XPath: no agent's FinInstnId lacks a BICFI or gives Nm without PstlAdr or the reverse."""


def _agents_ok(msg: Message) -> bool:
    """Every agent's (first) FinInstnId gives a BICFI, and Nm and PstlAdr together or neither:
    then the rule has nothing to say of it."""
    return holds_for_each(msg, _PLAIN_AGENTS, list(msg.iter(*_AGENTS)))


@rule(
    "CBPR-AGENT",
    "E/W",
    CBPR,
    "Agents: Nm and PstlAdr together (E); BICFI preferred, otherwise clearing id or LEI with Nm "
    "and an address with TwnNm and Ctry (W).",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=(
        fails(
            CBPR_PACS,
            "<CdtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI>",
            "<CdtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI><Nm>Deutsche Bank</Nm>",
            severity=Severity.ERROR,
        ),
        fails(
            CBPR_PACS,
            "<CdtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI>",
            "<CdtrAgt><FinInstnId>",
            severity=Severity.WARNING,
            why="an empty FinInstnId: the XSD allows it, the agent is not identified",
        ),
    ),
    fix="Identify the agent by BICFI, or by clearing id or LEI with Nm and TwnNm + Ctry.",
    proof=_agents_ok,
)
def _agent(r: RulebookRule, msg: Message) -> Iterator[Finding]:
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


def _leis_ok(msg: Message) -> bool:
    """Every LEI of the body is valid."""
    return all(is_valid_lei(text.strip()) for text in set(texts(msg, "LEI")))


@rule(
    "CBPR-LEI",
    "E",
    CBPR,
    "LEIs follow ISO 17442 (18 characters + 2 check digits, mod 97-10).",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "529900T8BM49AURSDO55", "529900T8BM49AURSDO56", severity=Severity.ERROR),
    fix="Correct the LEI: 20 characters with valid check digits.",
    proof=_leis_ok,
)
def _lei(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter("LEI"):
        for f in check_lei((el.text or "").strip()):
            yield r.finding(msg, el, f.message)


def header_bics(msg: Message) -> list[Element]:
    """Every BICFI of the AppHdr."""
    if msg.hdr is None:
        return []
    return list(msg.hdr.iter(clark("BICFI", msg.hns)))


def bics_ok(msg: Message) -> bool:
    """Every BICFI and AnyBIC of the body, and every BICFI of the AppHdr, is valid."""
    return msg.memo("cbpr bics valid", _bics_valid)


def _bics_valid(msg: Message) -> bool:
    found = set(texts(msg, "BIC")).union(el.text or "" for el in header_bics(msg))
    return all(is_valid_bic(text) for text in found)


@rule(
    "CBPR-BIC",
    "E",
    CBPR,
    "BICFI and AnyBIC follow ISO 9362 with a real country code.",
    sources=("S1", "S4"),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<BICFI>DEUTDEFFXXX<", "<BICFI>DEUTXXFF<", severity=Severity.ERROR),
    fix="Correct the BIC: 8 or 11 characters with a real country code.",
    proof=bics_ok,
)
def _bic(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    els = header_bics(msg) + list(msg.iter("BICFI", "AnyBIC"))
    for el in els:
        for f in check_bic(el.text or ""):
            yield r.finding(msg, el, f.message)


def _ibans_ok(msg: Message) -> bool:
    """Every IBAN of the body is valid."""
    return all(is_valid_iban(text) for text in set(texts(msg, "IBAN")))


@rule(
    "CBPR-IBAN",
    "E",
    CBPR,
    "IBANs given as account ids pass ISO 13616 (check digits, country length, BBAN).",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(
        CBPR_PACS, "GB29NWBK60161331926819", "GB29NWBK60161331926818", severity=Severity.ERROR
    ),
    note="Not a row of the rulebook table: S1 ships this validator and its test files plant it.",
    fix="Correct the IBAN (check digits, length, national part).",
    proof=_ibans_ok,
)
def _iban(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter("IBAN"):
        for f in check_iban(el.text or ""):
            yield r.finding(msg, el, f.message)


not_checkable(
    "CBPR-AGENT",
    CBPR,
    "BIC mandatory when both ends are on Swift; clearing code alone only within one country",
    "Needs the Swift directory and the whole payment chain.",
)


_PARTIES = ("Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr", "InitgPty")

_ANY_BIC = "d:Id[1]/d:OrgId[1]/d:AnyBIC"
_PLAIN_PARTIES = (
    f"not($n[{_ANY_BIC}][d:Nm or d:PstlAdr] or $n[not(d:Nm)]"
    f"[d:PstlAdr or ((self::d:Dbtr or self::d:Cdtr) and not({_ANY_BIC}))])"
)
"""XPath: no party has AnyBIC with Nm or PstlAdr, PstlAdr without Nm, or is a Dbtr or Cdtr
with neither Nm nor AnyBIC (what the rule reports)."""


def _parties_ok(msg: Message) -> bool:
    """No party breaks what the rule asks (its three conditions, in one XPath)."""
    return holds_for_each(msg, _PLAIN_PARTIES, list(msg.iter(*_PARTIES)))


@rule(
    "CBPR-PARTY",
    "E/W",
    CBPR,
    "Parties: Nm with PstlAdr (E); Dbtr/Cdtr without AnyBIC need Nm (E); with AnyBIC, Nm and "
    "PstlAdr are not used (W).",
    sources=("S1",),
    scope=Scope.TRANSACTION,
    fail=fails(CBPR_PACS, "<Nm>Paris Trading</Nm>", "", severity=Severity.ERROR),
    fix="Give Dbtr/Cdtr a Nm (with PstlAdr), or identify them by AnyBIC alone.",
    proof=_parties_ok,
)
def _party(r: RulebookRule, msg: Message) -> Iterator[Finding]:
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
