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
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from pydantic import ValidationError

from qenex_messages import identifiers
from qenex_messages.findings import Finding, Location, Outcome, Severity
from qenex_messages.model import (
    Account,
    Agent,
    AgentInstruction,
    Amount,
    BusinessApplicationHeader,
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
    reading,
)
from qenex_messages.mt import codes as c
from qenex_messages.mt.fields import (
    FIELD_ORDER,
    INSTRUCTION_CODES,
    MtField,
    parse_amount,
    parse_date,
)
from qenex_messages.mt.vocabulary import (
    CHARGES,
    CREDITOR_AGENT_CODES,
    ORG_ID_CODES,
    ORIGIN,
    TIME_KINDS,
    join_lines,
)

if TYPE_CHECKING:
    from qenex_messages.mt.message import Mt103Message

__all__ = ["message_to_model"]


def _loc(f: MtField | None) -> Location:
    return Location(field=f.tag if f else None)


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
    return Agent(bic=bic) if bic else None


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
        if bic:
            return Agent(bic=bic, clearing_member=clearing), account
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
    born = _yyyymmdd(birth[0]) if birth[0] else None
    place = None
    if born is not None and birth[1] and birth[2]:
        place = DateAndPlaceOfBirth(birth_date=born, city=birth[2], country=birth[1])
    else:  # incomplete or not a date: kept as read, so that rendering writes the lines back
        keep.extend(
            SupplementaryData(content=body, origin=f"{ORIGIN} {f.tag}/{n}")
            for n, body in lines
            if n in "45"
        )
    private = None
    if place is not None or others:
        private = PersonIdentification(date_and_place_of_birth=place, others=tuple(others))
    return Party(
        name=join_lines(names, 33) or None,
        postal_address=address_model if isinstance(address_model, PostalAddress) else None,
        private_id=private,
    )


def _yyyymmdd(text: str) -> dt.date | None:
    if not re.fullmatch(r"\d{8}", text):
        return None
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
        if bic:
            return Party(organisation_id=OrganisationIdentification(any_bic=bic)), account
        return None, account
    if f.option == "F":
        lines = _numbered(f.get("lines") or "")
        party = _structured_party(f, lines, findings, keep)
        ident = f.get("party_identifier")
        if ident is not None and ident.startswith("/"):
            account = _account(ident[1:])
        elif ident is not None and ident.count("/") < 2:  # not code/country/id: an account
            account = _account(ident)
        elif ident is not None:
            code, _, rest = ident.partition("/")
            cc, _, number = rest.partition("/")
            gid = GenericIdentification(
                id=number or rest or "-", scheme=CodeOrProprietary(code=code), issuer=cc or None
            )
            if code in ORG_ID_CODES:
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
    """Map a parsed MT103 into the model; losses are warning findings. Reading is lenient: a BIC,
    IBAN, UETR, currency or amount that fails its check is kept as read, with its finding."""
    with reading() as notes:
        model, findings = _to_model(msg)
    return Outcome(model, (*_locate(msg, notes), *findings))


def _locate(msg: Mt103Message, notes: list[Finding]) -> list[Finding]:
    """Each finding noted while reading, pointed at the field or block holding its value."""
    located = []
    for note in notes:
        value = note.args.get("value", "")
        tag = next((f.tag for f in msg.fields if value and value in f.value), None)
        if tag is None and msg.basic_header is not None and value == msg.basic_header.bic:
            tag = "1"
        elif tag is None and value in (msg.sender_bic, msg.receiver_bic):
            tag = "2"
        elif tag is None and value == msg.uetr:
            tag = "3:121"
        located.append(note.at(source=msg.source, field=tag))
    return located


def _reference(msg: Mt103Message, findings: list[Finding]) -> str | None:
    """The sender's reference (20), which is the message id too; its absence is a finding."""
    f20 = msg.field("20")
    reference = (f20.get("reference") if f20 else None) or (f20.value if f20 else None)
    if not reference:
        findings.append(
            c.DROPPED.finding(
                "no field 20: the message id is filled in as NOTPROVIDED", Location(field="20")
            )
        )
    return reference


def _value_date(msg: Mt103Message) -> dt.date | None:
    f32 = msg.field("32A")
    return parse_date(f32.get("date") or "") if f32 else None


_Agents = dict[str, tuple[Agent | None, Account | None]]


def _agents(msg: Mt103Message, findings: list[Finding], keep: list[SupplementaryData]) -> _Agents:
    """The agents of 51a to 57a by tag, with their accounts; 51A, and a 56a with only an
    account, are kept verbatim as well."""
    agents: _Agents = {}
    for tag in ("51", "52", "53", "54", "55", "56", "57"):
        af = msg.field(tag)
        if af is not None and af.components:
            agents[tag] = _agent_from_field(af, findings)
    f51 = msg.field("51")
    if f51 is not None and "51" in agents:
        keep.append(SupplementaryData(content=f51.value, origin=f"{ORIGIN} 51A"))
    intermediary, intermediary_account = agents.get("56", (None, None))
    f56 = msg.field("56")
    if f56 is not None and intermediary is None and intermediary_account is not None:
        keep.append(SupplementaryData(content=f56.value, origin=f"{ORIGIN} {f56.tag}"))
    return agents


def _transaction(
    msg: Mt103Message,
    reference: str | None,
    sender: Agent | None,
    receiver: Agent | None,
    findings: list[Finding],
    keep: list[SupplementaryData],
) -> tuple[CreditTransferTransaction, _Agents]:
    """The one transaction of ``msg`` and its agents by tag; a transaction the model refuses
    is a finding, and only its reference is kept."""
    f36 = msg.field("36")
    rate = parse_amount(f36.get("rate") or "") if f36 is not None and f36.get("rate") else None
    creditor_agent: list[AgentInstruction] = []
    payment_type = _payment_type(msg, keep, creditor_agent)
    f26 = msg.field("26T")
    debtor, debtor_account = _party_of(msg, "50", findings, keep)
    creditor, creditor_account = _party_of(msg, "59", findings, keep)
    agents = _agents(msg, findings, keep)
    intermediary, intermediary_account = agents.get("56", (None, None))
    remittance, end_to_end = _remittance(msg)
    f77t = msg.field("77T")
    if f77t is not None:
        keep.append(SupplementaryData(content=f77t.value, origin=f"{ORIGIN} 77T"))
    f71a = msg.field("71A")
    previous, next_agent = _map_72(msg.field("72"), creditor_agent, findings)
    reporting, debtor, creditor = _regulatory(msg.field("77B"), debtor, creditor)
    _keep_unmapped(msg, keep, findings)
    try:
        transaction = CreditTransferTransaction(
            instruction_id=reference,
            end_to_end_id=end_to_end,
            uetr=msg.uetr,
            payment_type=payment_type,
            instructing_agent=sender,
            instructed_agent=receiver,
            interbank_settlement_amount=_amount(msg.field("32A"), findings),
            interbank_settlement_date=_value_date(msg),
            instructed_amount=_amount(msg.field("33B"), findings),
            exchange_rate=rate,
            time_indications=_times(msg, keep),
            purpose=CodeOrProprietary(proprietary=f":26T:{f26.value}") if f26 else None,
            debtor=debtor,
            debtor_account=debtor_account,
            creditor=creditor,
            creditor_account=creditor_account,
            debtor_agent=agents.get("52", (None, None))[0],
            debtor_agent_account=agents.get("52", (None, None))[1],
            creditor_agent=agents.get("57", (None, None))[0],
            creditor_agent_account=agents.get("57", (None, None))[1],
            intermediary_agents=(intermediary,) if intermediary else (),
            intermediary_agent_accounts=(intermediary_account,) if intermediary else (),
            remittance=remittance,
            charge_bearer=CHARGES.get(f71a.get("code") or "") if f71a else None,
            charges=_charges(msg, receiver, findings),
            previous_instructing_agents=previous,
            instructions_for_next_agent=next_agent,
            instructions_for_creditor_agent=tuple(creditor_agent),
            regulatory_reporting=reporting,
            supplementary_data=tuple(keep),
        )
    except ValidationError as exc:
        findings.append(
            c.DROPPED.finding(f"transaction incomplete: {exc.errors()[0]['msg']}", Location())
        )
        transaction = CreditTransferTransaction(instruction_id=reference)
    return transaction, agents


def _to_model(msg: Mt103Message) -> tuple[CreditTransfer, list[Finding]]:
    findings: list[Finding] = []
    keep: list[SupplementaryData] = []
    reference = _reference(msg, findings)
    sender, receiver = _bic_agent(msg.sender_bic), _bic_agent(msg.receiver_bic)
    transaction, agents = _transaction(msg, reference, sender, receiver, findings, keep)
    created = _creation(msg, _value_date(msg), findings)
    header = GroupHeader(
        message_id=reference or "NOTPROVIDED",
        creation_date_time=created,
        number_of_transactions=1,
        settlement_information=_settlement(agents),
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
    return model, findings


def _times(msg: Mt103Message, keep: list[SupplementaryData]) -> tuple[TimeIndication, ...]:
    """13C -> time indications; a code the model has no kind for is kept as supplementary data."""
    times = []
    for f in msg.all_fields("13C"):
        kind = TIME_KINDS.get(f.get("code") or "")
        if kind is None or not f.well_formed:
            keep.append(SupplementaryData(content=f.value, origin=f"{ORIGIN} 13C"))
            continue
        hhmm, sign, off = f.get("time") or "", f.get("sign"), f.get("offset") or ""
        delta = dt.timedelta(hours=int(off[:2]), minutes=int(off[2:]))
        tz = dt.timezone(-delta if sign == "-" else delta)
        times.append(
            TimeIndication(kind=kind, time=dt.time(int(hhmm[:2]), int(hhmm[2:]), tzinfo=tz))
        )
    return tuple(times)


def _payment_type(
    msg: Mt103Message, keep: list[SupplementaryData], creditor_agent: list[AgentInstruction]
) -> PaymentTypeInformation | None:
    """23B (kept), 23E and block 3 field 111 -> service levels, category purpose and
    creditor-agent instructions."""
    f23b = msg.field("23B")
    if f23b is not None:
        keep.append(SupplementaryData(content=f23b.value, origin=f"{ORIGIN} 23B"))
    service_levels: list[CodeOrProprietary] = []
    purposes: list[str] = []
    for f in msg.all_fields("23E"):
        code, info = f.get("code"), f.get("info")
        if code == "SDVA":
            service_levels.append(CodeOrProprietary(code="SDVA"))
        elif code in ("CORT", "INTC"):
            purposes.append(code)
        elif code in CREDITOR_AGENT_CODES:
            creditor_agent.append(AgentInstruction(code=code, information=info))
        else:
            keep.append(SupplementaryData(content=f.value, origin=f"{ORIGIN} 23E"))
    gpi = msg.user_header.get("111") if msg.user_header else None
    if gpi and re.fullmatch(r"00[0-9]", gpi):
        service_levels.insert(0, CodeOrProprietary(code="G" + gpi))
    purposes.sort(key=lambda p: INSTRUCTION_CODES.index(p))
    category = None
    if len(purposes) == 1:
        category = CodeOrProprietary(code=purposes[0])
    elif purposes:
        category = CodeOrProprietary(proprietary=" ".join(purposes))
    if not service_levels and category is None:
        return None
    return PaymentTypeInformation(service_levels=tuple(service_levels), category_purpose=category)


def _party_of(
    msg: Mt103Message, tag: str, findings: list[Finding], keep: list[SupplementaryData]
) -> tuple[Party | None, Account | None]:
    pf = msg.field(tag)
    if pf is None or not pf.components:
        return None, None
    return _party(pf, findings, keep)


def _remittance(msg: Mt103Message) -> tuple[Remittance | None, str | None]:
    """70 -> unstructured remittance, and the end-to-end id of a ``/ROC/`` code."""
    f70 = msg.field("70")
    if f70 is None:
        return None, None
    roc = re.match(r"/ROC/([^\n]*?)(?://|$)", f70.value + "\n", re.M)
    end_to_end = roc.group(1) if roc and roc.group(1) else None
    return Remittance(unstructured=(join_lines(f70.lines),)), end_to_end


def _charges(
    msg: Mt103Message, receiver: Agent | None, findings: list[Finding]
) -> tuple[Charges, ...]:
    """71F -> charges; 71G -> charges taken by the receiver."""
    charges: list[Charges] = []
    for f in msg.all_fields("71F"):
        amount = _amount(f, findings)
        if amount is not None:
            charges.append(Charges(amount=amount))
    g_amount = _amount(msg.field("71G"), findings)
    if g_amount is not None:
        charges.append(Charges(amount=g_amount, agent=receiver or Agent(name="NOTPROVIDED")))
    return tuple(charges)


def _regulatory(
    f77b: MtField | None, debtor: Party | None, creditor: Party | None
) -> tuple[tuple[RegulatoryReporting, ...], Party | None, Party | None]:
    """77B -> regulatory reporting; ``/ORDERRES/`` and ``/BENEFRES/`` also give the debtor's or
    creditor's country of residence."""
    if f77b is None:
        return (), debtor, creditor
    lines = tuple(f77b.lines)
    reporting = (RegulatoryReporting(details=(RegulatoryDetail(information=lines),)),)
    res = re.match(r"/(ORDERRES|BENEFRES)/([A-Z]{2})", lines[0])
    if res and not identifiers.check_country(res.group(2)):
        update = {"country_of_residence": res.group(2)}
        if res.group(1) == "ORDERRES" and debtor is not None:
            debtor = debtor.model_copy(update=update)
        elif res.group(1) == "BENEFRES" and creditor is not None:
            creditor = creditor.model_copy(update=update)
    return reporting, debtor, creditor


def _keep_unmapped(
    msg: Mt103Message, keep: list[SupplementaryData], findings: list[Finding]
) -> None:
    """Block 3 tags and block 4 fields the model has no field for, as supplementary data."""
    if msg.user_header is not None:
        for tag, value in msg.user_header.entries:
            if tag not in ("119", "121", "111"):
                keep.append(SupplementaryData(content=value, origin=f"{ORIGIN} 3:{tag}"))
    for f in msg.fields:
        origin = f"{ORIGIN} {f.tag}"
        kept = any(k.origin == origin and k.content == f.value for k in keep)
        if _NEEDS_PARTS.match(f.tag) and not f.components and f.value and not kept:
            keep.append(SupplementaryData(content=f.value, origin=origin))
            findings.append(
                c.DROPPED.finding(
                    f"field {f.tag} cannot be cut into its parts; kept verbatim as "
                    "supplementary data",
                    _loc(f),
                )
            )
        if f.tag not in _MAPPED_TAGS:
            keep.append(SupplementaryData(content=f.value, origin=f"{ORIGIN} {f.tag}"))
            findings.append(
                c.DROPPED.finding(
                    f"field {f.tag} is not an MT103 field; kept as supplementary data", _loc(f)
                )
            )


_MAPPED_TAGS = frozenset(FIELD_ORDER)
_NEEDS_PARTS = re.compile(r"(3[236]|5[0-9]|7[12]|77B|23E)[A-Z]?$")
"""Fields mapped from their parts: when they cannot be cut apart, they are kept verbatim."""


def _creation(
    msg: Mt103Message, value_date: dt.date | None, findings: list[Finding]
) -> dt.datetime:
    app = msg.application_header
    if app is not None and app.direction == "O" and app.output_date and app.output_time:
        day = parse_date(app.output_date)
        if day is not None and _valid_time(app.output_time):
            hh, mm = int(app.output_time[:2]), int(app.output_time[2:])
            return dt.datetime.combine(day, dt.time(hh, mm), dt.UTC)
    findings.append(
        c.DROPPED.finding(
            "an input message carries no creation time: CreDtTm is filled in from the 32A "
            "value date" + ("" if value_date else " (none: 2000-01-01)"),
            Location(field="2"),
            severity=Severity.INFO,
        )
    )
    return dt.datetime.combine(value_date or dt.date(2000, 1, 1), dt.time(0, 0), dt.UTC)


def _valid_time(hhmm: str) -> bool:
    return hhmm.isdigit() and int(hhmm[:2]) < 24 and int(hhmm[2:]) < 60


def _settlement(agents: _Agents) -> SettlementInformation:
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
    f: MtField | None, creditor_agent: list[AgentInstruction], findings: list[Finding]
) -> tuple[tuple[Agent, ...], tuple[AgentInstruction, ...]]:
    """72 -> previous instructing agents (``/INS/``), creditor-agent instructions (``/ACC/``) and
    instructions for the next agent (the rest). The model keeps the three apart, so when the
    lines are in another order than that, a finding says a rendered 72 will not keep it."""
    if f is None or not f.components:
        return (), ()
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
    kinds: list[int] = []
    for code, text in segments:
        if code == "INS" and identifiers.is_valid_bic(text):
            previous.append(Agent(bic=text))
            kinds.append(0)
        elif code == "ACC":
            creditor_agent.append(AgentInstruction(information=text or "-"))
            kinds.append(1)
        else:
            next_agent.append(AgentInstruction(information=f"/{code}/{text}" if code else text))
            kinds.append(2)
    if kinds != sorted(kinds):
        findings.append(
            c.DROPPED.finding(
                "72: an /INS/ or /ACC/ line comes after other lines; the model keeps previous "
                "agents, creditor-agent and next-agent instructions apart, so a rendered 72 "
                "writes /INS/, then /ACC/, then the rest",
                _loc(f),
                severity=Severity.INFO,
            )
        )
    return tuple(previous), tuple(next_agent)


# --------------------------------------------------------------------------- model -> MT
