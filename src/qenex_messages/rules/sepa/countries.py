"""SEPA countries: both PSPs in the EPC409-09 list, extra data for non-EEA participants."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from qenex_messages._resources import sepa_countries
from qenex_messages.findings import Finding, Severity
from qenex_messages.rule_record import Example
from qenex_messages.rules.base import RulebookRule, Scope, fails, passes, rule, shown
from qenex_messages.rules.samples import SEPA_PAIN
from qenex_messages.rules.sepa.common import SEPA, accounts, bic_of, texts, tx_levels
from qenex_messages.rules.view import PACS008, Element, Message, local


def in_sepa(country: str, as_of: date) -> bool:
    """True when a PSP in ``country`` takes part in SEPA on ``as_of`` (``data/sepa_countries.csv``,
    EPC409-09)."""
    entry = sepa_countries().get(country)
    return entry is not None and (entry.since is None or as_of >= entry.since)


def non_eea(country: str) -> bool:
    """True for non-EEA SEPA countries and territories."""
    entry = sepa_countries().get(country)
    return entry is not None and entry.group.startswith("non-eea")


def countries_named(ibans: Iterable[str], bics: Iterable[str]) -> frozenset[str]:
    """Every country the IBAN texts ``ibans`` and BIC texts ``bics`` can name, read as either
    rule reads it (a superset of what the rules look at)."""
    found: set[str] = set()
    for text in ibans:
        value = text.strip()
        found.update((value.upper()[:2], value[:2].upper()))
    for text in bics:
        found.update((text.strip().upper()[4:6], text[4:6]))
    return frozenset(found)


def all_in_sepa(countries: Iterable[str], as_of: date) -> bool:
    """Every two-letter country of ``countries`` takes part in SEPA on ``as_of``."""
    return all(len(c) != 2 or in_sepa(c, as_of) for c in countries)


def none_outside_eea(countries: Iterable[str]) -> bool:
    """No country of ``countries`` is a non-EEA SEPA country."""
    return not any(non_eea(c) for c in countries)


def _countries(msg: Message) -> frozenset[str]:
    return countries_named(texts(msg, "IBAN"), texts(msg, "BICFI", "BIC"))


def _all_in_sepa(msg: Message) -> bool:
    return all_in_sepa(msg.memo("sepa-countries", _countries), msg.as_of)


def _none_outside_eea(msg: Message) -> bool:
    return none_outside_eea(msg.memo("sepa-countries", _countries))


def _psp_countries(msg: Message, tx: Element, pi: Element | None) -> dict[str, tuple[str, Element]]:
    """Country of the debtor PSP and creditor PSP, from the agent BIC or else the IBAN."""
    holder = pi if pi is not None else tx
    out: dict[str, tuple[str, Element]] = {}
    for role, agent_el, acct_el in (
        ("debtor", msg.find(holder, "DbtrAgt"), msg.find(holder, "DbtrAcct/Id/IBAN")),
        ("creditor", msg.find(tx, "CdtrAgt"), msg.find(tx, "CdtrAcct/Id/IBAN")),
    ):
        bic = bic_of(msg, agent_el)
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
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN,
        "FR1420041010050500013M02606",
        "TR330006100519786457841326",
        severity=Severity.ERROR,
    ),
    ok=[
        passes(SEPA_PAIN),
        Example(
            edits=(
                ("FR1420041010050500013M02606", "AL47212110090000000235698741"),
                ("BNPAFRPPXXX", "BKASALTRXXX"),
            ),
            base=SEPA_PAIN,
            as_of=date(2026, 1, 1),
            why="Albania takes part from 5 Oct 2025",
        ),
    ],
    note="EPC409-09 v8.0; AL, ME, MD, MK from 5 Oct 2025, RS from May 2026 (as_of decides).",
    fix="Send SEPA payments only between PSPs in SEPA countries.",
    proof=_all_in_sepa,
)
def _country(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    els: list[Element] = []
    for _role, acct, _where in accounts(msg):
        iban = msg.find(acct, "Id/IBAN")
        if iban is not None:
            els.append(iban)
    for pi in msg.pmtinfs:
        bic = bic_of(msg, msg.find(pi, "DbtrAgt"))
        if bic is not None:
            els.append(bic)
    for tx in msg.txs:
        for agent in ("DbtrAgt", "CdtrAgt") if msg.kind == PACS008 else ("CdtrAgt",):
            bic = bic_of(msg, msg.find(tx.el, agent))
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
    scope=Scope.TRANSACTION,
    fail=fails(
        SEPA_PAIN,
        "<PstlAdr><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine></PstlAdr>",
        "",
        severity=Severity.ERROR,
    ),
    fix="Add the payer's address (and the payee BIC when asked).",
    proof=_none_outside_eea,
)
def _noneea(r: RulebookRule, msg: Message) -> Iterator[Finding]:
    for tx, pi in tx_levels(msg):
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
        if bic_of(msg, msg.find(tx, "CdtrAgt")) is None:
            yield r.warn(
                msg,
                tx,
                f"a PSP is in {', '.join(outside)} (non-EEA SEPA): the creditor agent's BIC "
                "(AT-C002) is required when the debtor's PSP asks for it",
            )
