"""SEPA accounts and agents: IBAN only, BIC rules of the debtor and creditor agents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import check_bic, check_iban
from qenex_messages.rules.base import RulebookRule, Scope, fails, rule
from qenex_messages.rules.proofs import holds
from qenex_messages.rules.samples import SEPA_PAIN
from qenex_messages.rules.sepa.common import SEPA, accounts, bic_of, texts
from qenex_messages.rules.view import PACS008, PAIN001, Element, Message

WITHOUT_IBAN = {
    PAIN001: "d:PmtInf[not(d:DbtrAcct[1]/d:Id[1]/d:IBAN)]"
    " | {tx}[not(d:CdtrAcct[1]/d:Id[1]/d:IBAN)]",
    PACS008: "{tx}[not(d:DbtrAcct[1]/d:Id[1]/d:IBAN and d:CdtrAcct[1]/d:Id[1]/d:IBAN)]",
}
"""The levels whose account (the first one, as SEPA-IBAN reads it) has no IBAN."""


def ibans_valid(ibans: Iterable[str]) -> bool:
    """No IBAN text of ``ibans`` has a problem (``check_iban`` keeps its answers)."""
    return not any(check_iban(text) for text in set(ibans))


def bics_valid(bics: Iterable[str]) -> bool:
    """No BIC text of ``bics`` has a problem (``check_bic`` keeps its answers)."""
    return not any(check_bic(text) for text in set(bics))


def _ibans_ok(msg: Message) -> bool:
    """Every account SEPA-IBAN reads has an IBAN, and every IBAN of the body is valid."""
    missing = WITHOUT_IBAN.get(msg.kind or "")
    if missing is None or holds(msg, f"boolean({missing})"):
        return False
    return ibans_valid(texts(msg, "IBAN"))


@rule(
    "SEPA-IBAN",
    "E",
    SEPA,
    "Debtor and creditor accounts are valid IBANs (Othr is not allowed).",
    sources=("S9", "S6", "S7"),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN, "DE89370400440532013000", "DE89370400440532013001", severity=Severity.ERROR
    ),
    fix="Identify debtor and creditor accounts by a valid IBAN.",
    proof=_ibans_ok,
)
def _iban(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for role, acct, where in accounts(msg):
        if acct is None:
            yield r.finding(msg, where, f"{role} is missing; SEPA needs the IBAN")
            continue
        iban = msg.find(acct, "Id/IBAN")
        if iban is None:
            yield r.finding(msg, acct, f"{role} has no IBAN; SEPA accounts are IBAN only (no Othr)")
            continue
        for f in check_iban(iban.text or ""):
            yield r.finding(msg, iban, f.message)


_NO_BIC = "[not(d:FinInstnId[1]/d:BICFI or d:FinInstnId[1]/d:BIC)]"
WITHOUT_BIC = {
    PAIN001: f"d:PmtInf/d:DbtrAgt{_NO_BIC} | {{tx}}/d:CdtrAgt{_NO_BIC}",
    PACS008: f"{{tx}}/d:DbtrAgt{_NO_BIC} | {{tx}}/d:CdtrAgt{_NO_BIC}",
}
"""The agents SEPA-BIC reads that give no BIC (the first FinInstnId's, as bic_of reads it)."""


def _bics_ok(msg: Message) -> bool:
    """Every agent SEPA-BIC reads gives a BIC, and every BIC of the body is valid."""
    without = WITHOUT_BIC.get(msg.kind or "")
    if without is None or holds(msg, f"boolean({without})"):
        return False
    return bics_valid(texts(msg, "BICFI", "BIC"))


@rule(
    "SEPA-BIC",
    "E",
    SEPA,
    "DbtrAgt gives a BIC or Othr/Id NOTPROVIDED; CdtrAgt a BIC or is left out; BICs are valid.",
    sources=("S9", "S3"),
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN,
        "<DbtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId>",
        "<DbtrAgt><FinInstnId/>",
        severity=Severity.ERROR,
    ),
    fix="Give DbtrAgt a BIC (or Othr/Id NOTPROVIDED); give CdtrAgt a valid BIC or leave it out.",
    proof=_bics_ok,
)
def _bic(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    agents: list[tuple[str, Element]] = []
    for pi in msg.pmtinfs:
        agents += [("DbtrAgt", a) for a in msg.findall(pi, "DbtrAgt")]
    for tx in msg.txs:
        if msg.kind == PACS008:
            agents += [("DbtrAgt", a) for a in msg.findall(tx.el, "DbtrAgt")]
        agents += [("CdtrAgt", a) for a in msg.findall(tx.el, "CdtrAgt")]
    for role, agent in agents:
        fin = msg.find(agent, "FinInstnId")
        bic = bic_of(msg, agent)
        if bic is not None:
            for f in check_bic(bic.text or ""):
                yield r.finding(msg, bic, f.message)
            continue
        if fin is None or len(fin) == 0:
            yield r.finding(
                msg,
                fin if fin is not None else agent,
                f"{role} has an empty FinInstnId; give the BIC"
                + (" or Othr/Id NOTPROVIDED" if role == "DbtrAgt" else " or leave CdtrAgt out"),
            )
        elif role == "DbtrAgt":
            if msg.text(fin, "Othr/Id") != "NOTPROVIDED":
                yield r.finding(msg, fin, "DbtrAgt without a BIC must say Othr/Id NOTPROVIDED")
        else:
            yield r.finding(
                msg, fin, "CdtrAgt identifies the agent without a BIC; SEPA allows only a BIC"
            )
