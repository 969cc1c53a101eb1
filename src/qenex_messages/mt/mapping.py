"""MT103 <-> :class:`~qenex_messages.model.CreditTransfer`, following ``docs/mt-mx-mapping.md``.

MT -> model: 20 -> instruction id and message id, 121 -> UETR, 32A -> interbank settlement
amount and date, 33B -> instructed amount, 36 -> exchange rate, 71A -> charge bearer (OUR/BEN/SHA
-> DEBT/CRED/SHAR), 71F/71G -> charges (71G with the receiver as agent), 50a/59a -> debtor and
creditor (50F/59F numbered lines -> name and a hybrid postal address), 52a-57a -> agents,
53a/54a/55a -> settlement information, 70 -> unstructured remittance (``/ROC/`` -> end-to-end id),
77B -> regulatory reporting, 23E -> service level, category purpose and creditor-agent
instructions, 26T -> purpose (proprietary ``:26T:code``), 13C -> time indications, 72 -> previous
instructing agents and agent instructions. What has no home in the model (23B, some 23E codes,
block 3 tags such as 108, 77T, 50F lines 6-8) is kept as :class:`SupplementaryData` with origin
``"MT103 <tag>"`` so that rendering restores it; nothing read is silently dropped.

Model -> MT: :func:`render_mt103`. Text is transliterated to the X set with :data:`TRANSLITERATION`
(accented letters lose their accents, then the table, then ``.`` for anything left) and cut to
the field's limits with a trailing ``+``; each change is a warning finding.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Iterable
from decimal import Decimal

from pydantic import ValidationError

from qenex_messages import identifiers
from qenex_messages.findings import Finding, Location, Outcome, Severity
from qenex_messages.model import (
    Account,
    Agent,
    AgentInstruction,
    Amount,
    BusinessApplicationHeader,
    ChargeBearer,
    Charges,
    ClearingSystemMemberId,
    CodeOrProprietary,
    CreditTransfer,
    CreditTransferTransaction,
    DateAndPlaceOfBirth,
    GenericIdentification,
    GroupHeader,
    MessageKind,
    OrganisationIdentification,
    Party,
    PaymentTypeInformation,
    PersonIdentification,
    PostalAddress,
    RegulatoryDetail,
    RegulatoryReporting,
    Remittance,
    SettlementInformation,
    SettlementMethod,
    SupplementaryData,
    TimeIndication,
)
from qenex_messages.mt import codes as c
from qenex_messages.mt.envelope import BLOCK3_ORDER
from qenex_messages.mt.fields import (
    FIELD_ORDER,
    INSTRUCTION_CODES,
    MtField,
    parse_amount,
    parse_date,
)
from qenex_messages.mt.mt103 import Mt103Message

__all__ = ["TRANSLITERATION", "join_lines", "message_to_model", "render_mt103", "to_x"]

ORIGIN = "MT103"
"""Prefix of :attr:`SupplementaryData.origin` for MT103 data kept outside the model's fields."""

TRANSLITERATION: dict[str, str] = {
    "ß": "ss",
    "Æ": "AE",
    "æ": "ae",
    "Ø": "O",
    "ø": "o",
    "Œ": "OE",
    "œ": "oe",
    "Ł": "L",
    "ł": "l",
    "Đ": "D",
    "đ": "d",
    "Þ": "TH",
    "þ": "th",
    "&": "+",
    "@": "(AT)",
    "_": "-",
    "#": "NO.",
    "%": "PCT",
    "*": ".",
    "=": "-",
    "!": ".",
    '"': "'",
    ";": ",",
    "<": "(",
    ">": ")",
    "[": "(",
    "]": ")",
    "{": "(",
    "}": ")",
    "\\": "/",
    "|": "/",
    "~": "-",
    "\t": " ",
    "€": "EUR",
    "£": "GBP",
    "$": "USD",
}
"""Replacements for characters outside the X set, applied after accents are removed."""

_X_CHAR = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]")
_CHARGES = {"OUR": ChargeBearer.DEBTOR, "BEN": ChargeBearer.CREDITOR, "SHA": ChargeBearer.SHARED}
_CHARGES_BACK = {v: k for k, v in _CHARGES.items()}
_TIME_KINDS = {
    "SNDTIME": "DBTDTTM",
    "RNCTIME": "CDTDTTM",
    "CLSTIME": "CLSTM",
    "TILTIME": "TILLTM",
    "FROTIME": "FRTM",
    "REJTIME": "RJCTTM",
}
_TIME_KINDS_BACK = {v: k for k, v in _TIME_KINDS.items()}
_CREDITOR_AGENT_CODES = ("CHQB", "HOLD", "PHOB", "TELB")
_ORG_ID_CODES = ("CUST", "TXID")


def _loc(f: MtField | None) -> Location:
    return Location(field=f.tag if f else None)


def join_lines(lines: Iterable[str], width: int = 35) -> str:
    """Join MT lines into one text: a full-width line continues directly, a shorter one with a
    space (the CBPR+ rule for 70 -> Ustrd; the inverse of cutting text into ``width`` pieces)."""
    out = ""
    prev_full = True
    for line in lines:
        if out and not prev_full:
            out += " "
        out += line
        prev_full = len(line) >= width
    return out


def _chunks(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _narrative_lines(w: _Writer, tag: str, text: str, width: int) -> list[str]:
    """``text`` cut into lines of ``width``, except that no line may start with '-' (it would
    read as the end of block 4) or ':' (a field tag): such a line starts one character earlier."""
    lines: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + width, len(text))
        while end < len(text) and text[end] in "-:" and end - start > 1:
            end -= 1
        if end < start + width and end < len(text):
            w.findings.append(
                c.LINE_BREAK_MOVED.finding(
                    f"{tag}: line {len(lines) + 1} ends early so the next does not start with "
                    f"{text[end]!r}",
                    Location(field=tag),
                )
            )
        lines.append(text[start:end])
        start = end
    return lines or [""]


_NO_MT_HOME = (
    ("transaction_id", "the transaction id (TxId)"),
    ("clearing_system_reference", "the clearing system reference"),
    ("settlement_priority", "the settlement priority"),
    ("ultimate_debtor", "the ultimate debtor"),
    ("initiating_party", "the initiating party"),
    ("ultimate_creditor", "the ultimate creditor"),
    ("equivalent_amount", "the equivalent amount"),
    ("currency_of_transfer", "the currency of transfer"),
    ("instruction_for_debtor_agent", "the instruction for the debtor agent"),
)
"""Transaction fields MT103 has no field for, and how findings name them."""


def _report_no_home(w: _Writer, model: CreditTransfer, tx: CreditTransferTransaction) -> None:
    """A warning for each set model field that the MT103 fields written above cannot carry."""
    for name, label in _NO_MT_HOME:
        if getattr(tx, name) is not None:
            w.drop("", label)
    if tx.payment_type is not None and tx.payment_type.clearing_channel is not None:
        w.drop("", f"clearing channel {tx.payment_type.clearing_channel}")
    for report in tx.regulatory_reporting:
        structured = [
            d
            for d in report.details
            if (d.type, d.date, d.country, d.code, d.amount) != (None,) * 5
        ]
        if report.authority_name or report.authority_country or report.debit_credit_indicator:
            w.drop("77B", "the regulatory authority and debit/credit indicator")
        if structured:
            w.drop("77B", "structured regulatory details (type, date, country, code, amount)")
    for item in tx.supplementary_data:
        if item.origin and item.origin.startswith("/"):
            w.drop("", f"kept ISO 20022 element {item.origin}")
    si = model.group_header.settlement_information
    if (
        si is not None
        and si.method is not SettlementMethod.INSTRUCTING_AGENT
        and si.method is not SettlementMethod.COVER
        and si.settlement_account is not None
    ):
        w.drop("53B", f"the settlement account under {si.method.value}")


def _try(findings: list[Finding], f: MtField | None, build: object, what: str) -> object:
    try:
        return build() if callable(build) else build
    except ValidationError as exc:
        findings.append(
            c.DROPPED.finding(
                f"{what} could not be carried into the model: {exc.errors()[0]['msg']}", _loc(f)
            )
        )
        return None


def _account(value: str | None) -> Account | None:
    if not value:
        return None
    compact = value.replace(" ", "")
    if identifiers.is_valid_iban(compact) and compact == value:
        return Account(iban=compact)
    return Account(other=GenericIdentification(id=value))


def _bic_agent(bic: str | None) -> Agent | None:
    if not bic or not identifiers.is_valid_bic(bic):
        return None
    return Agent(bic=bic)


def _agent_from_field(f: MtField, findings: list[Finding]) -> tuple[Agent | None, Account | None]:
    """An agent and its account from 51A-57D."""
    party = f.get("account")
    clearing: ClearingSystemMemberId | None = None
    account: Account | None = None
    if f.get("dc"):
        findings.append(
            c.DROPPED.finding(
                f"{f.tag} debit/credit mark /{f.get('dc')} has no model home", _loc(f)
            )
        )
    if party and party.startswith("/") and len(party) > 3:
        clearing = ClearingSystemMemberId(
            member_id=party[3:] or party[1:3],
            system=CodeOrProprietary(proprietary=party[1:3]),
        )
    elif party and party.startswith("/"):
        clearing = ClearingSystemMemberId(member_id=party[1:] or "-")
    elif party:
        account = _account(party)
    if f.option == "A":
        bic = f.bic
        if bic and identifiers.is_valid_bic(bic):
            return Agent(bic=bic, clearing_member=clearing), account
        findings.append(c.DROPPED.finding(f"{f.tag} BIC {bic!r} is not a valid BIC", _loc(f)))
        return (Agent(clearing_member=clearing), account) if clearing else (None, account)
    if f.option == "D":
        lines = (f.get("name_address") or "").split("\n")
        return (
            Agent(
                name=lines[0],
                postal_address=PostalAddress(address_lines=tuple(lines[1:])) if lines[1:] else None,
                clearing_member=clearing,
            ),
            account,
        )
    if f.option == "B":
        location = f.get("location")
        if location is None and clearing is None and account is None:
            return None, None
        return (
            Agent(
                postal_address=PostalAddress(address_lines=(location,)) if location else None,
                clearing_member=clearing,
            )
            if location or clearing
            else None,
            account,
        )
    return (Agent(clearing_member=clearing) if clearing else None), account


def _numbered(text: str) -> list[tuple[str, str]]:
    return [(line[:1], line[2:]) for line in text.split("\n") if len(line) >= 2 and line[1] == "/"]


def _structured_party(
    f: MtField, lines: list[tuple[str, str]], findings: list[Finding], keep: list[SupplementaryData]
) -> Party:
    names = [b for n, b in lines if n == "1"]
    address = [b for n, b in lines if n == "2"]
    country: str | None = None
    town_parts: list[str] = []
    birth: tuple[str | None, str | None, str | None] = (None, None, None)
    others: list[GenericIdentification] = []
    first3 = True
    for n, body in lines:
        if n == "3":
            if first3:
                country, _, town = body.partition("/")
                if town:
                    town_parts.append(town)
                first3 = False
            else:
                town_parts.append(body)
        elif n == "4":
            birth = (body, birth[1], birth[2])
        elif n == "5":
            cc, _, city = body.partition("/")
            birth = (birth[0], cc, city)
        elif n in "67":
            cc, _, rest = body.partition("/")
            issuer, _, number = rest.rpartition("/") if n == "6" else ("", "", rest)
            others.append(
                GenericIdentification(
                    id=number or rest or "-",
                    scheme=CodeOrProprietary(code="CUST" if n == "6" else "NIDN"),
                    issuer="/".join(p for p in (cc, issuer) if p),
                )
            )
        elif n == "8":
            keep.append(SupplementaryData(content=body, origin=f"{ORIGIN} {f.tag}/8"))
    address_model = None
    if address or country or town_parts:
        address_model = _try(
            findings,
            f,
            lambda: PostalAddress(
                country=country or None,
                town_name=" ".join(town_parts) or None,
                address_lines=tuple(address),
            ),
            f"{f.tag} address",
        )
    private: PersonIdentification | None = None
    if birth[0] and birth[1] and birth[2]:
        born = _yyyymmdd(birth[0])
        if born is not None:
            private = _try(  # type: ignore[assignment]
                findings,
                f,
                lambda: PersonIdentification(
                    date_and_place_of_birth=DateAndPlaceOfBirth(
                        birth_date=born, city=birth[2], country=birth[1]
                    ),
                    others=tuple(others),
                ),
                f"{f.tag} date and place of birth",
            )
    elif others:
        private = PersonIdentification(others=tuple(others))
    return Party(
        name=join_lines(names, 33) or None,
        postal_address=address_model if isinstance(address_model, PostalAddress) else None,
        private_id=private,
    )


def _yyyymmdd(text: str) -> dt.date | None:
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _party(
    f: MtField, findings: list[Finding], keep: list[SupplementaryData]
) -> tuple[Party | None, Account | None]:
    """Debtor (50a) or creditor (59a) and their account."""
    account = _account(f.get("account"))
    if f.option == "A":
        bic = f.bic
        if bic and identifiers.is_valid_bic(bic):
            return Party(organisation_id=OrganisationIdentification(any_bic=bic)), account
        findings.append(c.DROPPED.finding(f"{f.tag} BIC {bic!r} is not a valid BIC", _loc(f)))
        return None, account
    if f.option == "F":
        lines = _numbered(f.get("lines") or "")
        party = _structured_party(f, lines, findings, keep)
        ident = f.get("party_identifier")
        if ident is not None and ident.startswith("/"):
            account = _account(ident[1:])
        elif ident is not None:
            code, _, rest = ident.partition("/")
            cc, _, number = rest.partition("/")
            gid = GenericIdentification(
                id=number or rest or "-", scheme=CodeOrProprietary(code=code), issuer=cc or None
            )
            if code in _ORG_ID_CODES:
                party = party.model_copy(
                    update={"organisation_id": OrganisationIdentification(others=(gid,))}
                )
            else:
                existing = party.private_id or PersonIdentification()
                party = party.model_copy(
                    update={
                        "private_id": existing.model_copy(
                            update={"others": (gid, *existing.others)}
                        )
                    }
                )
        return party, account
    text_lines = (f.get("name_address") or "").split("\n")
    address = PostalAddress(address_lines=tuple(text_lines[1:])) if text_lines[1:] else None
    return Party(name=text_lines[0] or None, postal_address=address), account


def _amount(f: MtField | None, findings: list[Finding]) -> Amount | None:
    if f is None or not f.get("currency") or not f.get("amount"):
        return None
    value = parse_amount(f.get("amount") or "")
    if value is None:
        return None
    result = _try(
        findings, f, lambda: Amount(value=value, currency=f.get("currency")), f"{f.tag} amount"
    )
    return result if isinstance(result, Amount) else None


def message_to_model(msg: Mt103Message) -> Outcome[CreditTransfer]:
    """Map a parsed MT103 into the model; losses are warning findings."""
    findings: list[Finding] = []
    keep: list[SupplementaryData] = []
    tx: dict[str, object] = {}
    f20 = msg.field("20")
    reference = (f20.get("reference") if f20 else None) or (f20.value if f20 else None)
    tx["instruction_id"] = reference
    uetr = msg.uetr
    if uetr is not None:
        if identifiers.is_valid_uetr(uetr):
            tx["uetr"] = uetr
        else:
            findings.append(
                c.DROPPED.finding(f"121 {uetr!r} is not a valid UETR", Location(field="3:121"))
            )
    sender, receiver = _bic_agent(msg.sender_bic), _bic_agent(msg.receiver_bic)
    tx["instructing_agent"], tx["instructed_agent"] = sender, receiver

    f32 = msg.field("32A")
    tx["interbank_settlement_amount"] = _amount(f32, findings)
    value_date = parse_date(f32.get("date") or "") if f32 else None
    tx["interbank_settlement_date"] = value_date
    tx["instructed_amount"] = _amount(msg.field("33B"), findings)
    f36 = msg.field("36")
    if f36 is not None and f36.get("rate"):
        tx["exchange_rate"] = parse_amount(f36.get("rate") or "")

    times = []
    for f in msg.all_fields("13C"):
        kind = _TIME_KINDS.get(f.get("code") or "")
        if kind is None or not f.well_formed:
            keep.append(SupplementaryData(content=f.value, origin=f"{ORIGIN} 13C"))
            continue
        hhmm, sign, off = f.get("time") or "", f.get("sign"), f.get("offset") or ""
        delta = dt.timedelta(hours=int(off[:2]), minutes=int(off[2:]))
        tz = dt.timezone(-delta if sign == "-" else delta)
        times.append(
            TimeIndication(kind=kind, time=dt.time(int(hhmm[:2]), int(hhmm[2:]), tzinfo=tz))
        )
    tx["time_indications"] = tuple(times)

    f23b = msg.field("23B")
    if f23b is not None:
        keep.append(SupplementaryData(content=f23b.value, origin=f"{ORIGIN} 23B"))
    service_levels: list[CodeOrProprietary] = []
    purposes: list[str] = []
    creditor_agent: list[AgentInstruction] = []
    for f in msg.all_fields("23E"):
        code, info = f.get("code"), f.get("info")
        if code == "SDVA":
            service_levels.append(CodeOrProprietary(code="SDVA"))
        elif code in ("CORT", "INTC"):
            purposes.append(code)
        elif code in _CREDITOR_AGENT_CODES:
            creditor_agent.append(AgentInstruction(code=code, information=info))
        else:
            keep.append(SupplementaryData(content=f.value, origin=f"{ORIGIN} 23E"))
    gpi = msg.user_header.get("111") if msg.user_header else None
    if gpi and re.fullmatch(r"00[0-9]", gpi):
        service_levels.insert(0, CodeOrProprietary(code="G" + gpi))
    category = None
    if len(purposes) == 1:
        category = CodeOrProprietary(code=purposes[0])
    elif purposes:
        category = CodeOrProprietary(proprietary=" ".join(purposes))
    if service_levels or category:
        tx["payment_type"] = PaymentTypeInformation(
            service_levels=tuple(service_levels), category_purpose=category
        )
    f26 = msg.field("26T")
    if f26 is not None:
        tx["purpose"] = CodeOrProprietary(proprietary=f":26T:{f26.value}")

    for tag, party_key, account_key in (
        ("50", "debtor", "debtor_account"),
        ("59", "creditor", "creditor_account"),
    ):
        pf = msg.field(tag)
        if pf is not None and pf.components:
            party, account = _party(pf, findings, keep)
            tx[party_key], tx[account_key] = party, account

    agents: dict[str, tuple[Agent | None, Account | None]] = {}
    for tag in ("51", "52", "53", "54", "55", "56", "57"):
        af = msg.field(tag)
        if af is not None and af.components:
            agents[tag] = _agent_from_field(af, findings)
    if "51" in agents:
        keep.append(SupplementaryData(content=msg.field("51").value, origin=f"{ORIGIN} 51A"))  # type: ignore[union-attr]
    tx["debtor_agent"], tx["debtor_agent_account"] = agents.get("52", (None, None))
    tx["creditor_agent"], tx["creditor_agent_account"] = agents.get("57", (None, None))
    if "56" in agents:
        agent, account = agents["56"]
        if agent is not None:
            tx["intermediary_agents"] = (agent,)
            tx["intermediary_agent_accounts"] = (account,)
    settlement = _settlement(agents)

    f70 = msg.field("70")
    if f70 is not None:
        text = join_lines(f70.lines)
        tx["remittance"] = Remittance(unstructured=(text,))
        roc = re.match(r"/ROC/([^\n]*?)(?://|$)", f70.value + "\n", re.M)
        if roc and roc.group(1):
            tx["end_to_end_id"] = roc.group(1)
    f77t = msg.field("77T")
    if f77t is not None:
        keep.append(SupplementaryData(content=f77t.value, origin=f"{ORIGIN} 77T"))

    f71a = msg.field("71A")
    if f71a is not None and f71a.get("code") in _CHARGES:
        tx["charge_bearer"] = _CHARGES[f71a.get("code") or ""]
    charges: list[Charges] = []
    for f in msg.all_fields("71F"):
        amount = _amount(f, findings)
        if amount is not None:
            charges.append(Charges(amount=amount))
    f71g = msg.field("71G")
    g_amount = _amount(f71g, findings)
    if g_amount is not None:
        charges.append(Charges(amount=g_amount, agent=receiver or Agent(name="NOTPROVIDED")))
    tx["charges"] = tuple(charges)

    f72 = msg.field("72")
    if f72 is not None:
        _map_72(f72, tx, creditor_agent, findings)
    tx["instructions_for_creditor_agent"] = tuple(creditor_agent)

    f77b = msg.field("77B")
    if f77b is not None:
        lines = tuple(f77b.lines)
        tx["regulatory_reporting"] = (
            RegulatoryReporting(details=(RegulatoryDetail(information=lines),)),
        )
        res = re.match(r"/(ORDERRES|BENEFRES)/([A-Z]{2})", lines[0])
        key = "debtor" if res and res.group(1) == "ORDERRES" else "creditor"
        holder = tx.get(key)
        if res and isinstance(holder, Party) and not identifiers.check_country(res.group(2)):
            tx[key] = holder.model_copy(update={"country_of_residence": res.group(2)})

    if msg.user_header is not None:
        for tag, value in msg.user_header.entries:
            if tag not in ("119", "121", "111"):
                keep.append(SupplementaryData(content=value, origin=f"{ORIGIN} 3:{tag}"))
    for f in msg.fields:
        if f.tag not in _MAPPED_TAGS:
            keep.append(SupplementaryData(content=f.value, origin=f"{ORIGIN} {f.tag}"))
            findings.append(
                c.DROPPED.finding(
                    f"field {f.tag} is not an MT103 field; kept as supplementary data", _loc(f)
                )
            )
    tx["supplementary_data"] = tuple(keep)

    created = _creation(msg, value_date)
    try:
        transaction = CreditTransferTransaction(**tx)
    except ValidationError as exc:
        findings.append(
            c.DROPPED.finding(f"transaction incomplete: {exc.errors()[0]['msg']}", Location())
        )
        transaction = CreditTransferTransaction(instruction_id=reference)
    header = GroupHeader(
        message_id=reference or "NOTPROVIDED",
        creation_date_time=created,
        number_of_transactions=1,
        settlement_information=settlement,
    )
    bah = None
    if sender is not None and receiver is not None:
        bah = BusinessApplicationHeader(
            from_agent=sender,
            to_agent=receiver,
            business_message_id=reference or "NOTPROVIDED",
            message_definition_id="MT103" if msg.variant == "core" else f"MT103{msg.variant}",
            creation_date=created,
        )
    model = CreditTransfer(
        kind=MessageKind.INTERBANK,
        group_header=header,
        transactions=(transaction,),
        application_header=bah,
    )
    return Outcome(model, tuple(findings))


_MAPPED_TAGS = frozenset(FIELD_ORDER)


def _creation(msg: Mt103Message, value_date: dt.date | None) -> dt.datetime:
    app = msg.application_header
    if app is not None and app.direction == "O" and app.output_date and app.output_time:
        day = parse_date(app.output_date)
        if day is not None and _valid_time(app.output_time):
            hh, mm = int(app.output_time[:2]), int(app.output_time[2:])
            return dt.datetime.combine(day, dt.time(hh, mm), dt.UTC)
    return dt.datetime.combine(value_date or dt.date(2000, 1, 1), dt.time(0, 0), dt.UTC)


def _valid_time(hhmm: str) -> bool:
    return hhmm.isdigit() and int(hhmm[:2]) < 24 and int(hhmm[2:]) < 60


def _settlement(agents: dict[str, tuple[Agent | None, Account | None]]) -> SettlementInformation:
    a53, acc53 = agents.get("53", (None, None))
    a54, acc54 = agents.get("54", (None, None))
    a55, acc55 = agents.get("55", (None, None))
    if a53 is None and a54 is None and a55 is None:
        if acc53 is not None:
            return SettlementInformation(
                method=SettlementMethod.INSTRUCTING_AGENT, settlement_account=acc53
            )
        return SettlementInformation(method=SettlementMethod.INSTRUCTED_AGENT)
    return SettlementInformation(
        method=SettlementMethod.COVER,
        instructing_reimbursement_agent=a53,
        instructing_reimbursement_agent_account=acc53,
        instructed_reimbursement_agent=a54,
        instructed_reimbursement_agent_account=acc54,
        third_reimbursement_agent=a55,
        third_reimbursement_agent_account=acc55,
    )


def _map_72(
    f: MtField,
    tx: dict[str, object],
    creditor_agent: list[AgentInstruction],
    findings: list[Finding],
) -> None:
    segments: list[tuple[str, str]] = []
    prev_full = False
    for line in f.lines:
        m = re.match(r"/([A-Z0-9]{1,8})/(.*)", line)
        if line.startswith("//") and segments:
            code, text = segments[-1]
            segments[-1] = (code, text + ("" if prev_full else " ") + line[2:])
        elif m:
            segments.append((m.group(1), m.group(2)))
        else:
            segments.append(("", line))
        prev_full = len(line) >= 35
    previous: list[Agent] = []
    next_agent: list[AgentInstruction] = []
    for code, text in segments:
        if code == "INS" and identifiers.is_valid_bic(text):
            previous.append(Agent(bic=text))
        elif code == "ACC":
            creditor_agent.append(AgentInstruction(information=text or "-"))
        else:
            next_agent.append(AgentInstruction(information=f"/{code}/{text}" if code else text))
    tx["previous_instructing_agents"] = tuple(previous)
    tx["instructions_for_next_agent"] = tuple(next_agent)


# --------------------------------------------------------------------------- model -> MT


def to_x(text: str) -> tuple[str, bool]:
    """``text`` in the X set (accents removed, :data:`TRANSLITERATION`, else ``.``); and whether
    anything changed."""
    if all(_X_CHAR.match(ch) for ch in text):
        return text, False
    out: list[str] = []
    for ch in text:
        if _X_CHAR.match(ch):
            out.append(ch)
            continue
        if ch in TRANSLITERATION:
            out.append(TRANSLITERATION[ch])
            continue
        base = "".join(b for b in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(b))
        if base and all(_X_CHAR.match(b) for b in base):
            out.append(base)
        else:
            out.append(".")
    return "".join(out), True


class _Writer:
    """Collects fields and the findings about what rendering changed or lost."""

    def __init__(self) -> None:
        self.fields: list[tuple[str, str]] = []
        self.findings: list[Finding] = []

    def text(self, tag: str, value: str, width: int) -> str:
        x, changed = to_x(value)
        if changed:
            self.findings.append(
                c.TRANSLITERATED.finding(
                    f"{tag}: {value!r} has characters outside the X set; written as {x!r}",
                    Location(field=tag),
                )
            )
        if len(x) > width:
            self.findings.append(
                c.TRUNCATED.finding(f"{tag}: {x!r} cut to {width} characters", Location(field=tag))
            )
            x = x[: width - 1] + "+"
        return x

    def lines(self, tag: str, lines: list[str], max_lines: int) -> list[str]:
        if len(lines) > max_lines:
            self.findings.append(
                c.TRUNCATED.finding(
                    f"{tag}: {len(lines)} lines, only {max_lines} fit; the rest was left out",
                    Location(field=tag),
                )
            )
            lines = lines[:max_lines]
            lines[-1] = lines[-1][:-1] + "+" if lines[-1] else "+"
        return lines

    def add(self, tag: str, value: str) -> None:
        self.fields.append((tag, value))

    def drop(self, tag: str, what: str) -> None:
        self.findings.append(
            c.DROPPED.finding(f"{what} has no place in MT103", Location(field=tag))
        )


def _fmt_amount(value: Decimal) -> str:
    text = f"{value:f}"
    whole, _, frac = text.partition(".")
    return f"{whole},{frac}"


def _party_id_line(w: _Writer, tag: str, account: Account | None) -> list[str]:
    if account is None:
        return []
    return ["/" + w.text(tag, account.identification, 34)]


def _render_party(
    w: _Writer, base: str, party: Party | None, account: Account | None, variant: str
) -> None:
    if party is None:
        w.findings.append(
            c.NOT_RENDERABLE.finding(
                f"no {'debtor' if base == '50' else 'creditor'}; NOTPROVIDED written",
                Location(field=base),
            )
        )
        party = Party(name="NOTPROVIDED")
    org = party.organisation_id
    if org is not None and org.any_bic and not party.name:
        head = _party_id_line(w, base + "A", account)
        w.add(base + "A", "\n".join([*head, org.any_bic]))
        return
    address = party.postal_address
    ids = _identifiers(party)
    if address is not None and address.country and (account is not None or ids or base == "59"):
        tag = base + "F"
        head = _party_id_line(w, tag, account)
        if not head and base == "50":
            code, issuer, number = ids[0]
            head = [w.text(tag, f"{code}/{issuer}/{number}", 35)]
        numbered: list[str] = []
        for chunk in _chunks(w.text(tag, party.name or "NOTPROVIDED", 33 * 3), 33):
            numbered.append("1/" + chunk)  # noqa: PERF401
        for line in address.address_lines:
            numbered.append("2/" + w.text(tag, line, 33))  # noqa: PERF401
        street = " ".join(p for p in (address.street_name, address.building_number) if p)
        if street:
            numbered.append("2/" + w.text(tag, street, 33))
        town = f"{address.country}/{address.town_name}" if address.town_name else address.country
        numbered.append("3/" + w.text(tag, town, 33))
        _lost_address(w, tag, address, ("country", "town_name", "street_name", "building_number"))
        numbered = w.lines(tag, numbered, 4)
        w.add(tag, "\n".join([*head, *numbered]))
        return
    tag = base + "K" if base == "50" else base
    head = _party_id_line(w, tag, account)
    lines = [w.text(tag, party.name or "NOTPROVIDED", 35)]
    if address is not None:
        lines.extend(w.text(tag, line, 35) for line in address.address_lines)
        _lost_address(w, tag, address, ())
    if org is not None and org.any_bic:
        w.drop(tag, f"the BIC {org.any_bic} of a party that also has a name")
    lines = w.lines(tag, lines, 4)
    w.add(tag, "\n".join([*head, *lines]))


def _identifiers(party: Party) -> list[tuple[str, str, str]]:
    out = []
    sources: list[GenericIdentification] = []
    if party.organisation_id is not None:
        sources.extend(party.organisation_id.others)
    if party.private_id is not None:
        sources.extend(party.private_id.others)
    for gid in sources:
        code = gid.scheme.code if gid.scheme and gid.scheme.code else None
        if code and gid.issuer and len(gid.issuer) == 2:
            out.append((code, gid.issuer, gid.id))
    return out


def _lost_address(w: _Writer, tag: str, address: PostalAddress, used: tuple[str, ...]) -> None:
    lost = [
        name
        for name in PostalAddress.model_fields
        if name not in (*used, "address_lines") and getattr(address, name) is not None
    ]
    if lost:
        w.findings.append(
            c.ADDRESS.finding(
                f"{tag}: address elements {', '.join(lost)} have no place in this option",
                Location(field=tag),
            )
        )


def _render_agent(
    w: _Writer, base: str, agent: Agent | None, account: Account | None, options: str
) -> None:
    if agent is None and account is None:
        return
    head: list[str] = []
    if agent is not None and agent.clearing_member is not None:
        cm = agent.clearing_member
        system = cm.system.proprietary or cm.system.code if cm.system else None
        head = ["//" + w.text(base, f"{system or ''}{cm.member_id}", 33)]
    elif account is not None:
        head = _party_id_line(w, base, account)
    if agent is not None and agent.bic and "A" in options:
        w.add(base + "A", "\n".join([*head, agent.bic]))
        return
    if agent is not None and (agent.name or agent.postal_address) and "D" in options:
        lines = [w.text(base + "D", agent.name or "NOTPROVIDED", 35)]
        if agent.postal_address is not None:
            lines += [w.text(base + "D", a, 35) for a in agent.postal_address.address_lines]
        w.add(base + "D", "\n".join([*head, *w.lines(base + "D", lines, 4)]))
        return
    if head and "C" in options and agent is not None and agent.clearing_member is not None:
        w.add(base + "C", head[0])
        return
    if head and "B" in options:
        w.add(base + "B", head[0])
        return
    w.drop(base, f"agent {agent!r} for {base}a")


def _supplementary(tx: CreditTransferTransaction, tag: str) -> list[str]:
    return [s.content for s in tx.supplementary_data if s.origin == f"{ORIGIN} {tag}"]


def render_mt103(
    model: CreditTransfer, *, variant: str = "core", line_ending: str = "\r\n"
) -> Outcome[str]:
    """``model`` as MT103 text with blocks 1-3; every change or loss is a finding (QX42x)."""
    w = _Writer()
    txs = list(model.iter_transactions())
    if not txs:
        w.findings.append(c.NOT_RENDERABLE.finding("the model has no transaction", Location()))
        txs = [CreditTransferTransaction()]
    if len(txs) > 1:
        w.findings.append(
            c.EXTRA_TX.finding(f"{len(txs) - 1} further transactions were left out", Location())
        )
    tx = txs[0]
    bah = model.application_header
    sender = (tx.instructing_agent.bic if tx.instructing_agent else None) or (
        bah.from_agent.bic if bah else None
    )
    receiver = (tx.instructed_agent.bic if tx.instructed_agent else None) or (
        bah.to_agent.bic if bah else None
    )
    if not sender or not receiver:
        w.findings.append(
            c.NOT_RENDERABLE.finding(
                "sender or receiver BIC missing; XXXXXXXX written", Location(field="1")
            )
        )
    block1 = f"F01{_lt(sender or 'XXXXXXXX', 'A')}0000000000"
    block2 = f"I103{_lt(receiver or 'XXXXXXXX', 'X')}N"
    block3: list[tuple[str, str]] = []
    for s in tx.supplementary_data:
        if s.origin and s.origin.startswith(f"{ORIGIN} 3:"):
            block3.append((s.origin.split(":", 1)[1], s.content))  # noqa: PERF401
    if variant in ("STP", "REMIT"):
        block3.append(("119", variant))
    levels = tx.payment_type.service_levels if tx.payment_type else ()
    gpi = [s.code for s in levels if s.code and re.fullmatch(r"G00[0-9]", s.code)]
    if gpi:
        block3.append(("111", gpi[0][1:]))
    uetr = tx.uetr
    if uetr is None:
        uetr = str(uuid.uuid4())
        w.findings.append(
            c.NOT_RENDERABLE.finding(
                f"no UETR in the model; generated {uetr} for 121",
                Location(field="3:121"),
                severity=Severity.WARNING,
            )
        )
    block3.append(("121", uetr))
    rank = {t: i for i, t in enumerate((*BLOCK3_ORDER, "433", "434"))}
    block3.sort(key=lambda e: rank.get(e[0], len(rank)))

    ref = tx.instruction_id or model.group_header.message_id
    ref_x = w.text("20", ref, 16)
    if ref_x.startswith("/") or ref_x.endswith("/") or "//" in ref_x:
        fixed = ref_x.replace("//", "/").strip("/") or "NOTPROVIDED"
        w.findings.append(
            c.TRUNCATED.finding(f"20: {ref_x!r} written as {fixed!r} (T26)", Location(field="20"))
        )
        ref_x = fixed
    w.add("20", ref_x)
    for t in tx.time_indications:
        _render_time(w, t)
    w.add("23B", (_supplementary(tx, "23B") or ["CRED"])[0])
    _render_23e(w, tx, variant)
    purpose = tx.purpose
    if purpose is not None:
        if purpose.proprietary and purpose.proprietary.startswith(":26T:"):
            w.add("26T", purpose.proprietary[5:])
        else:
            w.drop("26T", f"purpose {purpose.code or purpose.proprietary}")
    settle = tx.interbank_settlement_amount or tx.instructed_amount
    date = tx.interbank_settlement_date or model.group_header.interbank_settlement_date
    if settle is None or date is None:
        w.findings.append(
            c.NOT_RENDERABLE.finding("no settlement amount or date for 32A", Location(field="32A"))
        )
    settle_text = _fmt_amount(settle.value) if settle else "0,"
    day = date or dt.date(2000, 1, 1)
    w.add("32A", f"{day:%y%m%d}{settle.currency if settle else 'XXX'}{settle_text}")
    if tx.instructed_amount is not None:
        w.add("33B", f"{tx.instructed_amount.currency}{_fmt_amount(tx.instructed_amount.value)}")
    if tx.exchange_rate is not None:
        w.add("36", _fmt_amount(tx.exchange_rate))
    _render_party(w, "50", tx.debtor, tx.debtor_account, variant)
    for extra in _supplementary(tx, "51A"):
        w.add("51A", extra)
    _render_agent(w, "52", tx.debtor_agent, tx.debtor_agent_account, "AD")
    si = model.group_header.settlement_information
    if si is not None:
        if si.method is SettlementMethod.INSTRUCTING_AGENT and si.settlement_account is not None:
            w.add("53B", "/" + w.text("53B", si.settlement_account.identification, 34))
        elif si.method is SettlementMethod.COVER:
            _render_agent(
                w,
                "53",
                si.instructing_reimbursement_agent,
                si.instructing_reimbursement_agent_account,
                "ABD",
            )
            _render_agent(
                w,
                "54",
                si.instructed_reimbursement_agent,
                si.instructed_reimbursement_agent_account,
                "ABD",
            )
            _render_agent(
                w, "55", si.third_reimbursement_agent, si.third_reimbursement_agent_account, "ABD"
            )
    if tx.intermediary_agents:
        acc = tx.intermediary_agent_accounts[0] if tx.intermediary_agent_accounts else None
        _render_agent(w, "56", tx.intermediary_agents[0], acc, "ACD")
        if len(tx.intermediary_agents) > 1:
            w.drop("56", "intermediary agents 2 and 3")
    _render_agent(w, "57", tx.creditor_agent, tx.creditor_agent_account, "ABCD")
    _render_party(w, "59", tx.creditor, tx.creditor_account, variant)
    _render_remittance(w, tx, variant)
    bearer = tx.charge_bearer
    if bearer is None or bearer not in _CHARGES_BACK:
        if bearer is not None:
            w.drop("71A", f"charge bearer {bearer.value}")
        w.add("71A", "SHA")
    else:
        w.add("71A", _CHARGES_BACK[bearer])
    receiver_charges = [
        ch
        for ch in tx.charges
        if ch.agent is not None and ch.agent.bic is not None and ch.agent.bic == receiver
    ]
    for ch in tx.charges:
        if ch not in receiver_charges:
            w.add("71F", f"{ch.amount.currency}{_fmt_amount(ch.amount.value)}")
    if receiver_charges:
        total = sum((ch.amount.value for ch in receiver_charges), Decimal(0))
        w.add("71G", f"{receiver_charges[0].amount.currency}{_fmt_amount(total)}")
    _render_72(w, tx)
    for rr in tx.regulatory_reporting:
        lines = [line for d in rr.details for line in d.information]
        if lines:
            w.add("77B", "\n".join(w.lines("77B", [w.text("77B", x, 35) for x in lines], 3)))
            break
    for text in _supplementary(tx, "77T"):
        w.add("77T", text)
    if model.supplementary_data:
        w.drop("", "message-level supplementary data")
    _report_no_home(w, model, tx)

    order = {t: i for i, t in enumerate(_RENDER_ORDER)}
    body = sorted(w.fields, key=lambda f: order.get(f[0], 999))
    le = line_ending
    text = (
        f"{{1:{block1}}}{{2:{block2}}}{{3:{''.join(f'{{{t}:{v}}}' for t, v in block3)}}}{{4:{le}"
        + "".join(f":{tag}:{value.replace(chr(10), le)}{le}" for tag, value in body)
        + "-}"
    )
    return Outcome(text, tuple(w.findings))


_RENDER_ORDER = FIELD_ORDER


def _lt(bic: str, terminal: str) -> str:
    branch = bic[8:11] or "XXX"
    return f"{bic[:8]}{terminal}{branch}"


def _render_time(w: _Writer, t: TimeIndication) -> None:
    code = _TIME_KINDS_BACK.get(t.kind)
    tm = t.time.timetz() if isinstance(t.time, dt.datetime) else t.time
    offset = tm.utcoffset()
    if code is None or offset is None:
        w.drop("13C", f"time indication {t.kind} without a UTC offset")
        return
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    w.add("13C", f"/{code}/{tm.hour:02d}{tm.minute:02d}{sign}{minutes // 60:02d}{minutes % 60:02d}")


def _render_23e(w: _Writer, tx: CreditTransferTransaction, variant: str) -> None:
    codes: list[tuple[str, str | None]] = []
    pt = tx.payment_type
    if pt is not None:
        for s in pt.service_levels:
            if s.code == "SDVA":
                codes.append(("SDVA", None))
            elif s.code and not re.fullmatch(r"G00[0-9]", s.code):
                w.drop("23E", f"service level {s.code}")
        cp = pt.category_purpose
        if cp is not None:
            for part in (cp.code or cp.proprietary or "").split():
                if part in ("CORT", "INTC"):
                    codes.append((part, None))
                else:
                    w.drop("23E", f"category purpose {part}")
        if pt.local_instrument is not None or pt.instruction_priority is not None:
            w.drop("23E", "local instrument or priority")
    for ins in tx.instructions_for_creditor_agent:
        if ins.code in _CREDITOR_AGENT_CODES:
            codes.append((ins.code or "", ins.information))  # noqa: PERF401
    for raw in _supplementary(tx, "23E"):
        code, _, info = raw.partition("/")
        codes.append((code, info or None))
    order = INSTRUCTION_CODES  # the order 23E codes must appear in (D98)
    codes.sort(key=lambda ci: order.index(ci[0]) if ci[0] in order else 99)
    for code23, extra in codes:
        w.add("23E", code23 + ("/" + w.text("23E", extra, 30) if extra else ""))


def _render_remittance(w: _Writer, tx: CreditTransferTransaction, variant: str) -> None:
    rem = tx.remittance
    parts = list(rem.unstructured) if rem else []
    e2e = tx.end_to_end_id
    if e2e and e2e != "NOTPROVIDED" and not any(p.startswith(f"/ROC/{e2e}") for p in parts):
        parts.insert(0, f"/ROC/{e2e}")
    if rem is not None and rem.structured:
        w.drop("70", "structured remittance")
    if not parts:
        return
    if variant == "REMIT":
        w.drop("70", "remittance text (MT103 REMIT has no field 70)")
        return
    text = w.text("70", " ".join(parts), 10_000)
    lines = _narrative_lines(w, "70", text, 35)
    w.add("70", "\n".join(w.lines("70", lines, 4)))


def _render_72(w: _Writer, tx: CreditTransferTransaction) -> None:
    segments: list[str] = []
    for agent in tx.previous_instructing_agents:
        if agent.bic:
            segments.append(f"/INS/{agent.bic}")
        else:
            w.drop("72", "a previous instructing agent without BIC")
    for ins in tx.instructions_for_creditor_agent:
        if ins.code is None and ins.information:
            segments.append("/ACC/" + ins.information)
        elif ins.code not in _CREDITOR_AGENT_CODES:
            w.drop("72", f"creditor-agent instruction {ins.code}")
    for ins in tx.instructions_for_next_agent:
        text = ins.information or ""
        if ins.code:
            text = f"/{ins.code}/{text}"
        elif not re.match(r"/[A-Z0-9]{1,8}/", text):
            text = "/REC/" + text
        segments.append(text)
    if not segments:
        return
    lines: list[str] = []
    for seg in segments:
        seg_x = w.text("72", seg, 10_000)
        first, rest = seg_x[:35], seg_x[35:]
        lines.append(first)
        lines.extend("//" + chunk for chunk in _chunks(rest, 33) if rest)
    w.add("72", "\n".join(w.lines("72", lines, 6)))
