"""SEPA Credit Transfer rules (EPC132-08 customer-to-PSP, EPC115-06 interbank) and SCT Inst.

Rule ids, severities and pass/fail values follow ``docs/rulebooks`` section A. Rules apply to
pain.001 (.03/.09 and later) and pacs.008 (.02/.08 and later) unless the rule says otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from lxml import etree

from qenex_messages.findings import Finding, Severity
from qenex_messages.identifiers import check_bic, check_creditor_reference, check_iban
from qenex_messages.rules import address as adr
from qenex_messages.rules.base import (
    NOT_BASIC,
    PACS008,
    PAIN001,
    SEPA_PROFILES,
    Element,
    Message,
    Rule,
    decimal,
    local,
    not_checkable,
    rule,
    shown,
    slash_problem,
    version_number,
)

SEPA = SEPA_PROFILES

# EPC409-09 v8.0 (24 Dec 2025): the SEPA countries, with the date each joined where it is recent.
EEA = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IS",
        "IE",
        "IT",
        "LV",
        "LI",
        "LT",
        "LU",
        "MT",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
NON_EEA: dict[str, date] = {
    "AD": date(2000, 1, 1),
    "MC": date(2000, 1, 1),
    "SM": date(2000, 1, 1),
    "CH": date(2000, 1, 1),
    "GB": date(2000, 1, 1),
    "VA": date(2000, 1, 1),
    "AL": date(2025, 10, 5),
    "ME": date(2025, 10, 5),
    "MD": date(2025, 10, 5),
    "MK": date(2025, 10, 5),
    "RS": date(2026, 5, 1),  # "not before May 2026": the earliest date the list allows
}
# Territories whose PSPs take part through France or the UK (their own BIC country codes).
NON_EEA_TERRITORIES = frozenset({"PM", "GG", "JE", "IM"})
# Parts of EEA states that carry their own ISO 3166 code (EPC409-09 lists them under the state).
EEA_TERRITORIES = frozenset({"GF", "GP", "MQ", "RE", "YT", "BL", "MF", "AX"})

EPC_2025_RULEBOOK = date(2025, 10, 5)
"""The 2025 SCT / SCT Inst rulebooks: hybrid addresses allowed, SCT Inst scheme cap removed."""
EPC_VERSION_SWITCH = date(2023, 11, 19)
"""pain.001.001.09 / pacs.008.001.08 replace .03 / .02 in the EPC implementation guidelines."""
SEPA_UNSTRUCTURED_END: date | None = None
"""End of fully unstructured addresses: RB 2025 v1.1 said 15 Nov 2026; the EPC PSMB withdrew that
date on 9 Sep 2026 and no new date is set. Set a date here (or monkeypatch it) once one is
published; until then SEPA-ADDR-2026 is a warning."""
INST_CAPS: tuple[tuple[date, Decimal | None], ...] = (
    (date(2017, 11, 21), Decimal("15000")),  # launch cap; not confirmed in the sources
    (date(2020, 7, 1), Decimal("100000")),
    (EPC_2025_RULEBOOK, None),  # 2025 SCT Inst rulebook: no scheme maximum
)


def in_sepa(country: str, as_of: date) -> bool:
    """True when a PSP in ``country`` takes part in SEPA on ``as_of`` (EPC409-09 v8.0)."""
    if country in EEA or country in EEA_TERRITORIES or country in NON_EEA_TERRITORIES:
        return True
    since = NON_EEA.get(country)
    return since is not None and as_of >= since


def non_eea(country: str) -> bool:
    """True for non-EEA SEPA countries and territories."""
    return country in NON_EEA or country in NON_EEA_TERRITORIES


_SRC_DK = "S9"


def _tx_parent_levels(msg: Message) -> Iterator[tuple[Element, Element | None]]:
    """(transaction, payment-information) pairs; pmtinf is None for pacs.008."""
    for tx in msg.txs:
        yield tx.el, tx.pmtinf


def _amount_elements(msg: Message) -> list[Element]:
    if msg.kind == PAIN001:
        return [a for tx in msg.txs for a in msg.findall(tx.el, "Amt/InstdAmt")]
    found = [a for tx in msg.txs for a in msg.findall(tx.el, "IntrBkSttlmAmt")]
    total = msg.find(msg.grp, "TtlIntrBkSttlmAmt")
    return ([total] if total is not None else []) + found


# --------------------------------------------------------------------------------------------
_TEXT_LEAVES = etree.XPath("descendant-or-self::*[not(*)][string-length(text()) > 0]")
_TEXT_ONLY = etree.XPath("string(.)")


def _elements(result: object) -> list[Element]:
    return [e for e in result if isinstance(e, etree._Element)] if isinstance(result, list) else []


def _transliterate(text: str) -> str:
    import unicodedata

    out = []
    for ch in text:
        if not NOT_BASIC.match(ch):
            out.append(ch)
        elif ch == "&":
            out.append("+")
        elif ch == "ß":
            out.append("ss")
        else:
            base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(base if base and not NOT_BASIC.search(base) else ".")
    return "".join(out)


@rule(
    "SEPA-CHARSET",
    "E",
    SEPA,
    "Text and identifiers use only the SEPA basic Latin set a-z A-Z 0-9 / - ? : ( ) . , ' + space.",
    sources=("S3", "S9", "I1"),
    passing="Mueller GmbH",
    failing="Müller & Co",
)
def _charset(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.body is None:
        return
    everything = str(_TEXT_ONLY(msg.body))
    # Fast path: one regex over the whole text; the walk runs only when something is wrong.
    if not NOT_BASIC.search(everything.replace("\n", " ").replace("\t", " ").replace("\r", " ")):
        return
    for el in _elements(_TEXT_LEAVES(msg.body)):
        text = el.text or ""
        bad = sorted(set(NOT_BASIC.findall(text)))
        if bad:
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {shown(text)} has characters outside the SEPA basic set "
                f"({''.join(bad)!r}); EPC217-08 transliteration gives "
                f"{shown(_transliterate(text))}",
            )
    encoding = msg.root.getroottree().docinfo.encoding
    if encoding and encoding.upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        yield r.finding(msg, None, f"the document is encoded in {encoding}; SEPA requires UTF-8")


_ID_PATHS_PAIN_TX = ("PmtId/InstrId", "PmtId/EndToEndId")
_ID_PATHS_PACS_TX = ("PmtId/InstrId", "PmtId/EndToEndId", "PmtId/TxId")


@rule(
    "SEPA-ID",
    "E",
    SEPA,
    "References are 1-35 basic-set characters, not starting or ending with '/', without '//'.",
    sources=("S9", "S3"),
    passing="INV-2026-001",
    failing="/INV//1",
)
def _ids(r: Rule, msg: Message) -> Iterator[Finding]:
    els = msg.findall(msg.grp, "MsgId")
    els += [e for pi in msg.pmtinfs for e in msg.findall(pi, "PmtInfId")]
    paths = _ID_PATHS_PAIN_TX if msg.kind == PAIN001 else _ID_PATHS_PACS_TX
    els += [e for tx in msg.txs for p in paths for e in msg.findall(tx.el, p)]
    for el in els:
        value = el.text or ""
        name = local(el.tag)
        if not 1 <= len(value) <= 35:
            yield r.finding(msg, el, f"{name} must be 1 to 35 characters, not {len(value)}")
        elif NOT_BASIC.search(value):
            yield r.finding(msg, el, f"{name} {shown(value)} has characters outside the basic set")
        problem = slash_problem(value)
        if problem:
            yield r.finding(msg, el, f"{name} {shown(value)} {problem}")


@rule(
    "SEPA-EUR",
    "E",
    SEPA,
    "SEPA amounts are in euro (InstdAmt, IntrBkSttlmAmt, TtlIntrBkSttlmAmt).",
    sources=("S3", "S6", "S9"),
    passing="EUR",
    failing="USD",
)
def _eur(r: Rule, msg: Message) -> Iterator[Finding]:
    for el in _amount_elements(msg):
        ccy = el.get("Ccy")
        if ccy != "EUR":
            yield r.finding(
                msg, el, f"{local(el.tag)} is in {ccy!r}; SEPA credit transfers are EUR"
            )
    if msg.kind == PAIN001:
        for tx in msg.txs:
            eq = msg.find(tx.el, "Amt/EqvtAmt")
            if eq is not None:
                yield r.finding(msg, eq, "SEPA needs the amount as InstdAmt in EUR, not EqvtAmt")


_MAX_SEPA = Decimal("999999999.99")


@rule(
    "SEPA-AMT",
    "E",
    SEPA,
    "Amounts are 0.01 to 999 999 999.99 with at most 2 decimals and 11 digits.",
    sources=("S3", "S9"),
    passing="999999999.99",
    failing="0.00, 10.001, 1000000000.00",
)
def _amt(r: Rule, msg: Message) -> Iterator[Finding]:
    for el in _amount_elements(msg):
        value = decimal(el.text)
        name = local(el.tag)
        if value is None:
            yield r.finding(msg, el, f"{name} {shown(el.text or '')} is not a number")
            continue
        exponent = value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        if places > 2:
            yield r.finding(msg, el, f"{name} {el.text} has {places} decimals; SEPA allows 2")
        elif value < Decimal("0.01"):
            yield r.finding(msg, el, f"{name} {el.text} is below the SEPA minimum 0.01")
        elif value > _MAX_SEPA:
            yield r.finding(msg, el, f"{name} {el.text} is above the SEPA maximum 999999999.99")


@rule(
    "SEPA-COUNT",
    "E/W",
    SEPA,
    "CtrlSum has at most 2 decimals (E); NbOfTxs and CtrlSum match the content (W).",
    sources=("S3",),
    passing="12.50",
    failing="12.505",
)
def _count(r: Rule, msg: Message) -> Iterator[Finding]:
    def amount_of(tx: Element) -> Decimal | None:
        path = "Amt/InstdAmt" if msg.kind == PAIN001 else "IntrBkSttlmAmt"
        return decimal(msg.text(tx, path))

    def check(holder: Element | None, txs: list[Element], what: str) -> Iterator[Finding]:
        if holder is None:
            return
        nb = msg.find(holder, "NbOfTxs")
        if nb is not None and (nb.text or "").strip() != str(len(txs)):
            yield r.warn(
                msg, nb, f"{what} NbOfTxs is {nb.text} but it holds {len(txs)} transactions"
            )
        ctrl = msg.find(holder, "CtrlSum")
        if ctrl is None:
            return
        value = decimal(ctrl.text)
        if value is None:
            yield r.finding(msg, ctrl, f"{what} CtrlSum {shown(ctrl.text or '')} is not a number")
            return
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            yield r.finding(msg, ctrl, f"{what} CtrlSum {ctrl.text} has more than 2 decimals")
        amounts = [amount_of(tx) for tx in txs]
        if all(a is not None for a in amounts):
            total = sum((a for a in amounts if a is not None), Decimal(0))
            if total != value:
                yield r.warn(
                    msg, ctrl, f"{what} CtrlSum is {ctrl.text} but the amounts add up to {total}"
                )

    all_txs = [tx.el for tx in msg.txs]
    yield from check(msg.grp, all_txs, "GrpHdr")
    for pi in msg.pmtinfs:
        yield from check(pi, msg.findall(pi, "CdtTrfTxInf"), "PmtInf")


def _svclvls(msg: Message, tx: Element, pi: Element | None) -> list[Element]:
    found = msg.findall(pi, "PmtTpInf/SvcLvl") + msg.findall(tx, "PmtTpInf/SvcLvl")
    if msg.kind == PACS008:
        found += msg.findall(msg.grp, "PmtTpInf/SvcLvl")
    return found


@rule(
    "SEPA-SVCLVL",
    "E",
    SEPA,
    "Exactly one service level, with code SEPA (payment information level recommended).",
    sources=("S9", "S3"),
    passing="SEPA",
    failing="NURG",
)
def _svclvl(r: Rule, msg: Message) -> Iterator[Finding]:
    for tx, pi in _tx_parent_levels(msg):
        levels = _svclvls(msg, tx, pi)
        if not levels:
            yield r.finding(msg, tx, "no service level: SEPA needs PmtTpInf/SvcLvl/Cd SEPA")
            continue
        if len(levels) > 1:
            yield r.finding(
                msg, levels[1], f"{len(levels)} service levels; SEPA allows exactly one"
            )
        code = msg.text(levels[0], "Cd")
        if code != "SEPA":
            what = f"code {code!r}" if code is not None else "a proprietary value"
            yield r.finding(msg, levels[0], f"service level is {what}; SEPA needs Cd SEPA")


@rule(
    "SEPA-LCLINSTRM",
    "E",
    SEPA,
    "SCT: no local instrument. SCT Inst: local instrument INST (W: not confirmed by the sources).",
    sources=("S3",),
    passing="absent (SCT) / INST (SCT Inst)",
    failing="CORE",
)
def _lclinstrm(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.profile == "sepa-inst":
        for tx, pi in _tx_parent_levels(msg):
            found = msg.findall(pi, "PmtTpInf/LclInstrm") + msg.findall(tx, "PmtTpInf/LclInstrm")
            codes = [msg.text(el, "Cd") for el in found]
            if "INST" not in codes:
                yield r.warn(
                    msg,
                    found[0] if found else tx,
                    "SCT Inst expects LclInstrm/Cd INST"
                    + (f", not {codes[0]!r}" if codes and codes[0] else ""),
                )
        return
    els = [e for pi in msg.pmtinfs for e in msg.findall(pi, "PmtTpInf/LclInstrm")]
    els += [e for tx in msg.txs for e in msg.findall(tx.el, "PmtTpInf/LclInstrm")]
    for el in els:
        code = msg.text(el, "Cd") or msg.text(el, "Prtry")
        yield r.finding(
            msg, el, f"a SEPA credit transfer carries no local instrument (found {code!r})"
        )


@rule(
    "SEPA-SLEV",
    "E",
    SEPA,
    "The charge bearer is SLEV.",
    sources=("S9", "S6"),
    passing="SLEV",
    failing="SHAR",
)
def _slev(r: Rule, msg: Message) -> Iterator[Finding]:
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
    passing="TRF",
    failing="CHK",
)
def _trf(r: Rule, msg: Message) -> Iterator[Finding]:
    for pi in msg.pmtinfs:
        el = msg.find(pi, "PmtMtd")
        if el is not None and el.text != "TRF":
            yield r.finding(msg, el, f"PmtMtd is {el.text!r}; SEPA credit transfers use TRF")


def _accounts(msg: Message) -> Iterator[tuple[str, Element | None, Element]]:
    """(role, account element or None, where to report) for debtor and creditor accounts."""
    if msg.kind == PAIN001:
        for pi in msg.pmtinfs:
            yield "DbtrAcct", msg.find(pi, "DbtrAcct"), pi
        for tx in msg.txs:
            yield "CdtrAcct", msg.find(tx.el, "CdtrAcct"), tx.el
    else:
        for tx in msg.txs:
            yield "DbtrAcct", msg.find(tx.el, "DbtrAcct"), tx.el
            yield "CdtrAcct", msg.find(tx.el, "CdtrAcct"), tx.el


@rule(
    "SEPA-IBAN",
    "E",
    SEPA,
    "Debtor and creditor accounts are valid IBANs (Othr is not allowed).",
    sources=("S9", "S6", "S7"),
    passing="DE89370400440532013000",
    failing="DE89370400440532013001",
)
def _iban(r: Rule, msg: Message) -> Iterator[Finding]:
    for role, acct, where in _accounts(msg):
        if acct is None:
            yield r.finding(msg, where, f"{role} is missing; SEPA needs the IBAN")
            continue
        iban = msg.find(acct, "Id/IBAN")
        if iban is None:
            yield r.finding(msg, acct, f"{role} has no IBAN; SEPA accounts are IBAN only (no Othr)")
            continue
        for f in check_iban(iban.text or ""):
            yield r.finding(msg, iban, f.message)


def _bic_of(msg: Message, agent: Element | None) -> Element | None:
    if agent is None:
        return None
    found = msg.find(agent, "FinInstnId/BICFI")
    return found if found is not None else msg.find(agent, "FinInstnId/BIC")


def _psp_countries(msg: Message, tx: Element, pi: Element | None) -> dict[str, tuple[str, Element]]:
    """Country of the debtor PSP and creditor PSP, from the agent BIC or else the IBAN."""
    holder = pi if pi is not None else tx
    out: dict[str, tuple[str, Element]] = {}
    for role, agent_el, acct_el in (
        ("debtor", msg.find(holder, "DbtrAgt"), msg.find(holder, "DbtrAcct/Id/IBAN")),
        ("creditor", msg.find(tx, "CdtrAgt"), msg.find(tx, "CdtrAcct/Id/IBAN")),
    ):
        bic = _bic_of(msg, agent_el)
        if bic is not None and len(bic.text or "") >= 6:
            out[role] = ((bic.text or "")[4:6], bic)
        elif acct_el is not None and len(acct_el.text or "") >= 2:
            out[role] = ((acct_el.text or "").strip()[:2].upper(), acct_el)
    return out


@rule(
    "SEPA-COUNTRY",
    "E",
    SEPA,
    "Both PSPs are in the EPC409-09 list of SEPA countries and territories.",
    sources=("S3",),
    passing="AL47212110090000000235698741",
    failing="a TR IBAN",
    note="EPC409-09 v8.0; AL, ME, MD, MK from 5 Oct 2025, RS from May 2026 (as_of decides).",
)
def _country(r: Rule, msg: Message) -> Iterator[Finding]:
    els: list[Element] = []
    for _role, acct, _where in _accounts(msg):
        iban = msg.find(acct, "Id/IBAN")
        if iban is not None:
            els.append(iban)
    for pi in msg.pmtinfs:
        bic = _bic_of(msg, msg.find(pi, "DbtrAgt"))
        if bic is not None:
            els.append(bic)
    for tx in msg.txs:
        for agent in ("DbtrAgt", "CdtrAgt") if msg.kind == PACS008 else ("CdtrAgt",):
            bic = _bic_of(msg, msg.find(tx.el, agent))
            if bic is not None:
                els.append(bic)
    for el in els:
        value = (el.text or "").strip().upper()
        country = value[:2] if local(el.tag) == "IBAN" else value[4:6]
        if len(country) == 2 and not in_sepa(country, msg.as_of):
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {shown(value)} is from {country}, which is not a SEPA country "
                f"on {msg.as_of.isoformat()} (EPC409-09)",
            )


@rule(
    "SEPA-NONEEA",
    "E",
    SEPA,
    "With a PSP in a non-EEA SEPA country, the payer address is mandatory and the payee BIC "
    "is required on request.",
    sources=("S3", "I8"),
    passing="CH creditor with BIC and debtor address",
    failing="CH creditor without debtor address",
)
def _noneea(r: Rule, msg: Message) -> Iterator[Finding]:
    for tx, pi in _tx_parent_levels(msg):
        countries = _psp_countries(msg, tx, pi)
        outside = sorted({c for c, _ in countries.values() if non_eea(c)})
        if not outside:
            continue
        holder = pi if pi is not None else tx
        dbtr = msg.find(holder, "Dbtr")
        if msg.find(dbtr, "PstlAdr") is None:
            yield r.finding(
                msg,
                dbtr if dbtr is not None else holder,
                f"a PSP is in {', '.join(outside)} (non-EEA SEPA): the debtor's postal address "
                "(AT-P005) is mandatory",
            )
        if _bic_of(msg, msg.find(tx, "CdtrAgt")) is None:
            yield r.warn(
                msg,
                tx,
                f"a PSP is in {', '.join(outside)} (non-EEA SEPA): the creditor agent's BIC "
                "(AT-C002) is required when the debtor's PSP asks for it",
            )


@rule(
    "SEPA-BIC",
    "E",
    SEPA,
    "DbtrAgt gives a BIC or Othr/Id NOTPROVIDED; CdtrAgt a BIC or is left out; BICs are valid.",
    sources=("S9", "S3"),
    passing="<Othr><Id>NOTPROVIDED</Id></Othr>",
    failing="<FinInstnId/>",
)
def _bic(r: Rule, msg: Message) -> Iterator[Finding]:
    agents: list[tuple[str, Element]] = []
    for pi in msg.pmtinfs:
        agents += [("DbtrAgt", a) for a in msg.findall(pi, "DbtrAgt")]
    for tx in msg.txs:
        if msg.kind == PACS008:
            agents += [("DbtrAgt", a) for a in msg.findall(tx.el, "DbtrAgt")]
        agents += [("CdtrAgt", a) for a in msg.findall(tx.el, "CdtrAgt")]
    for role, agent in agents:
        fin = msg.find(agent, "FinInstnId")
        bic = _bic_of(msg, agent)
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


_PARTY_NAMES = ("Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr", "InitgPty")


@rule(
    "SEPA-NAME70",
    "E",
    SEPA,
    "Party names are at most 70 characters; Dbtr/Nm and Cdtr/Nm are mandatory.",
    sources=("S9", "S3"),
    passing="70 characters",
    failing="71 characters",
)
def _name70(r: Rule, msg: Message) -> Iterator[Finding]:
    for party in msg.iter(*_PARTY_NAMES):
        name = msg.find(party, "Nm")
        role = local(party.tag)
        if name is None:
            if role in ("Dbtr", "Cdtr"):
                yield r.finding(msg, party, f"{role}/Nm is mandatory in SEPA")
            continue
        text = name.text or ""
        if len(text) > 70:
            yield r.finding(msg, name, f"{role}/Nm has {len(text)} characters; SEPA allows 70")
        elif role in ("Dbtr", "Cdtr") and not text.strip():
            yield r.finding(msg, name, f"{role}/Nm is empty")


def _rmtinfs(msg: Message) -> Iterator[Element]:
    for tx in msg.txs:
        yield from msg.findall(tx.el, "RmtInf")


@rule(
    "SEPA-RMT",
    "E",
    SEPA,
    "Remittance is one Ustrd (at most 140) or one Strd, never both.",
    sources=("S9", "S3"),
    passing="1 Ustrd",
    failing="2 Ustrd",
)
def _rmt(r: Rule, msg: Message) -> Iterator[Finding]:
    for rmt in _rmtinfs(msg):
        ustrd = msg.findall(rmt, "Ustrd")
        strd = msg.findall(rmt, "Strd")
        if ustrd and strd:
            yield r.finding(
                msg, rmt, "RmtInf has both Ustrd and Strd; SEPA allows one or the other"
            )
        if len(ustrd) > 1:
            yield r.finding(msg, ustrd[1], f"{len(ustrd)} Ustrd; SEPA allows one")
        if len(strd) > 1:
            yield r.finding(msg, strd[1], f"{len(strd)} Strd; SEPA allows one")
        for u in ustrd:
            if len(u.text or "") > 140:
                yield r.finding(msg, u, f"Ustrd has {len(u.text or '')} characters; limit 140")


@rule(
    "SEPA-SCOR",
    "E",
    SEPA,
    "In the .03/.02 profile Strd holds only CdtrRefInf with type SCOR, Issr and Ref of at most 35.",
    sources=("S9",),
    passing="SCOR",
    failing="RADM",
)
def _scor(r: Rule, msg: Message) -> Iterator[Finding]:
    if version_number(msg.version) not in (2, 3):
        return
    for rmt in _rmtinfs(msg):
        for strd in msg.findall(rmt, "Strd"):
            for child in strd:
                if local(child.tag) != "CdtrRefInf" and local(child.tag):
                    yield r.finding(
                        msg, child, f"Strd/{local(child.tag)} is not allowed; only CdtrRefInf"
                    )
            ref_inf = msg.find(strd, "CdtrRefInf")
            if ref_inf is None:
                continue
            code = msg.text(ref_inf, "Tp/CdOrPrtry/Cd")
            if code != "SCOR":
                tp = msg.find(ref_inf, "Tp")
                yield r.finding(
                    msg,
                    tp if tp is not None else ref_inf,
                    f"CdtrRefInf type is {code!r}; SEPA needs Tp/CdOrPrtry/Cd SCOR",
                )
            for name in ("Tp/Issr", "Ref"):
                el = msg.find(ref_inf, name)
                if el is not None and len(el.text or "") > 35:
                    yield r.finding(msg, el, f"{name} is longer than 35 characters")


@rule(
    "SEPA-RF",
    "W",
    SEPA,
    "A creditor reference starting RF passes ISO 11649 (the receiving PSP need not check it).",
    sources=("S9", "S8"),
    passing="RF18539007547034",
    failing="RF17539007547034",
)
def _rf(r: Rule, msg: Message) -> Iterator[Finding]:
    for rmt in _rmtinfs(msg):
        for ref in msg.findall(rmt, "Strd/CdtrRefInf/Ref"):
            value = (ref.text or "").strip()
            if value.upper().startswith("RF"):
                for f in check_creditor_reference(value):
                    yield r.warn(msg, ref, f.message)


@rule(
    "SEPA-PURP",
    "E/W",
    SEPA,
    "Purpose and category purpose use Cd, never Prtry.",
    sources=("S9",),
    passing="SALA",
    failing="<Prtry>X</Prtry>",
)
def _purp(r: Rule, msg: Message) -> Iterator[Finding]:
    for el in msg.iter("Purp", "CtgyPurp"):
        if msg.find(el, "Prtry") is not None:
            yield r.finding(
                msg, el, f"{local(el.tag)} uses Prtry; SEPA allows only an ISO external Cd"
            )


def _party_id_problems(msg: Message, party: Element) -> Iterator[tuple[Element, str]]:
    org = msg.find(party, "Id/OrgId")
    if org is not None:
        bics = msg.findall(org, "AnyBIC") + msg.findall(org, "BICOrBEI")
        others = msg.findall(org, "Othr")
        if bics and others:
            yield org, "OrgId has both a BIC and Othr; SEPA allows one BIC or exactly one Othr"
        elif len(others) > 1:
            yield others[1], f"OrgId has {len(others)} Othr; SEPA allows exactly one"
    prvt = msg.find(party, "Id/PrvtId")
    if prvt is not None:
        birth = msg.find(prvt, "DtAndPlcOfBirth")
        others = msg.findall(prvt, "Othr")
        if birth is not None and others:
            yield prvt, "PrvtId has both DtAndPlcOfBirth and Othr; SEPA allows one of them"
        elif len(others) > 1:
            yield others[1], f"PrvtId has {len(others)} Othr; SEPA allows exactly one"


@rule(
    "SEPA-ULTMT",
    "E",
    SEPA,
    "Ultimate debtor at one level only; party Id is one BIC or one Othr (OrgId), "
    "birth data or one Othr (PrvtId).",
    sources=("S9",),
    passing="one level",
    failing="both levels",
)
def _ultmt(r: Rule, msg: Message) -> Iterator[Finding]:
    for tx in msg.txs:
        if tx.pmtinf is not None:
            above = msg.find(tx.pmtinf, "UltmtDbtr")
            here = msg.find(tx.el, "UltmtDbtr")
            if above is not None and here is not None:
                yield r.finding(
                    msg,
                    here,
                    "UltmtDbtr is given at both PmtInf and transaction level; give it at one",
                )
    for party in msg.iter(*_PARTY_NAMES):
        for el, problem in _party_id_problems(msg, party):
            yield r.finding(msg, el, f"{local(party.tag)}: {problem}")


@rule(
    "SEPA-ADRLINE",
    "E",
    SEPA,
    ".03/.02: Ctry and at most 2 AdrLine. .09/.08: structured or AdrLine, not mixed; from the "
    "2025 rulebooks hybrid (TwnNm + Ctry + at most 2 AdrLine) is allowed.",
    sources=("S9", "S15", "I5", "W2"),
    passing="Ctry + 2 AdrLine (.03)",
    failing="3 AdrLine",
)
def _adrline(r: Rule, msg: Message) -> Iterator[Finding]:
    old = version_number(msg.version) in (2, 3)
    for a in adr.addresses(msg):
        if len(a.lines) > 2:
            yield r.finding(msg, a.lines[2], f"{len(a.lines)} AdrLine; SEPA allows at most 2")
        for line in a.lines:
            if len(line.text or "") > 70:
                yield r.finding(msg, line, "AdrLine is longer than 70 characters")
        if old:
            for name, el in a.structured.items():
                yield r.finding(
                    msg, el, f"{name} is not allowed in a SEPA .03/.02 address (only Ctry, AdrLine)"
                )
        elif a.kind == "hybrid":
            if msg.as_of < EPC_2025_RULEBOOK:
                yield r.finding(
                    msg, a.el, "PstlAdr mixes structured elements and AdrLine (before Oct 2025)"
                )
            elif not a.has_town_and_country:
                yield r.finding(
                    msg,
                    a.el,
                    "a hybrid address (structured elements with AdrLine) needs TwnNm and Ctry",
                )


@rule(
    "SEPA-ADDR-2026",
    "P",
    SEPA,
    "Fully unstructured addresses (no TwnNm + Ctry) end; W until the EPC sets the new date.",
    sources=("S3", "S11", "S12", "W2"),
    passing="TwnNm + Ctry + 1 AdrLine",
    failing="Ctry + 2 AdrLine",
    note="Date withdrawn 9 Sep 2026 (was 15 Nov 2026); E from SEPA_UNSTRUCTURED_END once set.",
)
def _addr2026(r: Rule, msg: Message) -> Iterator[Finding]:
    if version_number(msg.version) in (2, 3):
        return  # the .03/.02 formats have no structured address to move to
    end = SEPA_UNSTRUCTURED_END
    due = end is not None and msg.as_of >= end
    when = f"since {end.isoformat()}" if end else "from a date the EPC has not yet set"
    for a in adr.addresses(msg):
        if a.kind in ("structured", "hybrid") and a.has_town_and_country:
            continue
        if a.kind in ("structured", "hybrid"):
            continue  # SEPA-ADRLINE reports structured addresses without TwnNm/Ctry
        yield r.finding(
            msg,
            a.el,
            f"address without TwnNm and Ctry (fully unstructured) is rejected {when}; "
            "see qenex_messages.rules.propose_address",
            severity=Severity.ERROR if due else Severity.WARNING,
        )


@rule(
    "SEPA-UNIQ",
    "W",
    SEPA,
    "EndToEndId should be unique in a message (NOTPROVIDED excepted).",
    sources=("S3",),
    passing="distinct EndToEndIds",
    failing="a reused EndToEndId",
)
def _uniq(r: Rule, msg: Message) -> Iterator[Finding]:
    ids = [(e.text or "", e) for tx in msg.txs for e in msg.findall(tx.el, "PmtId/EndToEndId")]
    counts = Counter(v for v, _ in ids)
    seen: set[str] = set()
    for value, el in ids:
        if counts[value] > 1 and value != "NOTPROVIDED":
            if value in seen:
                yield r.warn(msg, el, f"EndToEndId {shown(value)} is used {counts[value]} times")
            seen.add(value)
    pmt = Counter(msg.text(pi, "PmtInfId") or "" for pi in msg.pmtinfs)
    for pi in msg.pmtinfs:
        value = msg.text(pi, "PmtInfId") or ""
        if value and pmt[value] > 1:
            yield r.warn(msg, msg.find(pi, "PmtInfId"), f"PmtInfId {shown(value)} repeats")
            pmt[value] = 0


@rule(
    "SEPA-EXECDT",
    "E/W",
    SEPA,
    "ReqdExctnDt is a date (DtTm not allowed, E); a date in the past or more than 15 days ahead "
    "is W (banks execute on the next business day or reject).",
    sources=("S3", "W3", "W4"),
    passing="<Dt>",
    failing="<DtTm>",
)
def _execdt(r: Rule, msg: Message) -> Iterator[Finding]:
    for pi in msg.pmtinfs:
        req = msg.find(pi, "ReqdExctnDt")
        if req is None:
            continue
        if msg.find(req, "DtTm") is not None:
            yield r.finding(msg, req, "ReqdExctnDt/DtTm is not allowed for SCT; give Dt")
        text = msg.text(req, "Dt") if len(req) else req.text
        try:
            when = date.fromisoformat((text or "").strip())
        except ValueError:
            continue
        problem = _execution_date_problem(when, msg.as_of)
        if problem:
            yield r.warn(msg, req, problem)


def _execution_date_problem(when: date, as_of: date) -> str | None:
    if when < as_of:
        return (
            f"execution date {when.isoformat()} is in the past (checked on {as_of.isoformat()}); "
            "banks execute it on the next business day or reject it: give a current date"
        )
    if when > as_of + timedelta(days=15):
        return (
            f"execution date {when.isoformat()} is more than 15 days after "
            f"{as_of.isoformat()}; banks may refuse it"
        )
    return None


_BLANK = etree.XPath(
    "descendant::*[not(*)][string-length(text()) > 0][normalize-space(text()) = '']"
)


@rule(
    "SEPA-BLANK",
    "E",
    SEPA,
    "No field may hold only spaces (DK).",
    sources=("S3",),
    passing="A",
    failing="'   '",
)
def _blank(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.body is None:
        return
    for el in _elements(_BLANK(msg.body)):
        yield r.finding(msg, el, f"{local(el.tag)} holds only white space")


@rule(
    "SEPA-SUBSET",
    "E",
    SEPA,
    "Elements outside the EPC subset (UETR, Authstn in pain.001) are rejected by strict "
    "community schemas.",
    sources=("I3",),
    passing="absent",
    failing="PmtId/UETR present",
)
def _subset(r: Rule, msg: Message) -> Iterator[Finding]:
    if msg.kind != PAIN001:
        return
    for el in msg.iter("UETR", "Authstn"):
        yield r.finding(
            msg, el, f"{local(el.tag)} is outside the EPC subset; strict SEPA schemas reject it"
        )


@rule(
    "SEPA-VERSION",
    "E",
    SEPA,
    "pain.001.001.09 / pacs.008.001.08 since 19 Nov 2023 (.03/.02 before); newer ISO versions "
    "are rejected; community variants (pain.001.003.03 ...) are W.",
    sources=("S13", "S3"),
    passing="pain.001.001.09",
    failing="pain.001.001.13",
)
def _version(r: Rule, msg: Message) -> Iterator[Finding]:
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
    current = expected_new if msg.as_of >= EPC_VERSION_SWITCH else expected_old
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


@rule(
    "SEPA-INST-AMT",
    "P",
    frozenset({"sepa-inst"}),
    "SCT Inst per-transaction cap by rulebook: EUR 100 000 from July 2020, none from the 2025 "
    "rulebook (5 Oct 2025).",
    sources=("S14", "S6"),
    passing="150000 under the 2025 rulebook",
    failing="150000 under the 2023 rulebook",
)
def _inst_amt(r: Rule, msg: Message) -> Iterator[Finding]:
    cap = None
    for start, value in INST_CAPS:
        if msg.as_of >= start:
            cap = value
    if cap is None:
        return
    for el in _amount_elements(msg):
        if local(el.tag) == "TtlIntrBkSttlmAmt":
            continue
        value = decimal(el.text)
        if value is not None and value > cap:
            yield r.finding(
                msg,
                el,
                f"{local(el.tag)} {el.text} is above the SCT Inst cap of EUR {cap} that applies "
                f"on {msg.as_of.isoformat()}",
                severity=Severity.ERROR,
            )


not_checkable(
    "SEPA-UNIQ",
    SEPA,
    "MsgId reused across messages",
    "Banks de-duplicate MsgId per initiating party over many files; one message cannot show "
    "reuse. Only duplicates inside the message are checked.",
)
not_checkable(
    "SEPA-PURP",
    SEPA,
    "Purpose code in the ISO external code lists",
    "The ISO external code lists (quarterly) are not shipped; only Prtry use is checked.",
)
not_checkable(
    "SEPA-CHARSET",
    SEPA,
    "Community character sets and byte order mark",
    "Wider sets need a community agreement (e.g. DK); the BOM is gone once the XML is parsed.",
)
not_checkable(
    "SEPA-COUNT",
    SEPA,
    "Count and sum checks configurable per bank",
    "Bank practice, not EPC text; reported as warnings without a per-bank switch.",
)
