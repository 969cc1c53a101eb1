"""Model -> MT103: :func:`render_mt103`.

Text is transliterated to the X set with :func:`~qenex_messages.charsets.transliterate`
(accented letters lose their accents, then the table, then ``.`` for anything left) and cut to the
field's limits with a trailing ``+``; each change is a warning finding.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

from qenex_messages.charsets import to_x
from qenex_messages.findings import Finding, Location, Outcome, Severity
from qenex_messages.model import (
    Account,
    Agent,
    CodeOrProprietary,
    CreditTransfer,
    CreditTransferTransaction,
    GenericIdentification,
    Party,
    PostalAddress,
    SettlementInformation,
    SettlementMethod,
    TimeIndication,
)
from qenex_messages.mt import codes as c
from qenex_messages.mt.envelope import BLOCK3_ORDER
from qenex_messages.mt.fields import FIELD_ORDER, INSTRUCTION_CODES
from qenex_messages.mt.vocabulary import (
    CHARGES_BACK,
    CREDITOR_AGENT_CODES,
    ORIGIN,
    TIME_KINDS_BACK,
)
from qenex_messages.versions import LineEnding, MTVariant

__all__ = ["render_mt103"]


def _chunks(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _narrative_lines(w: _Writer, tag: str, text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width``, at a space where there is one (the space is
    the line break: reading joins a short line to the next with a space), else at ``width``
    (reading joins a full line directly). No line may start with '-' (the end of block 4) or ':'
    (a field tag): such a line starts one character earlier, with a finding."""
    lines: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + width, len(text))
        if end < len(text):
            space = text.rfind(" ", start + 1, end)
            if space > start and text[end] != " ":
                lines.append(text[start:space])
                start = space + 1
                continue
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
    w: _Writer,
    base: str,
    party: Party | None,
    account: Account | None,
    kept: dict[str, list[str]],
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
    if org is not None and org.lei:
        w.drop(base, f"the LEI {org.lei} of the {'debtor' if base == '50' else 'creditor'}")
    if account is not None:
        _drop_account_extras(w, base, account)
    if org is not None and org.any_bic and not party.name:
        head = _party_id_line(w, base + "A", account)
        w.add(base + "A", "\n".join([*head, org.any_bic]))
        return
    address = party.postal_address
    ids = _identifiers(party)
    person = party.private_id
    birth = person.date_and_place_of_birth if person is not None else None
    country = address.country if address is not None else None
    person_lines = base == "50" and (
        birth is not None
        or (person is not None and person.others)
        or any(key.startswith("50F/") for key in kept)
    )
    if (country and (account is not None or ids or base == "59")) or person_lines:
        _render_structured_party(w, base + "F", party, account, ids, kept)
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


def _render_structured_party(
    w: _Writer,
    tag: str,
    party: Party,
    account: Account | None,
    ids: list[tuple[str, str, str, GenericIdentification]],
    kept: dict[str, list[str]],
) -> None:
    """50F/59F: party identifier, then numbered lines 1 (name), 2 (address), 3 (country, post
    code and town), 4 and 5 (birth date and place), 6 and 7 (customer and national ids), 8
    (additional information kept from an MT)."""
    head = _party_id_line(w, tag, account)
    used: GenericIdentification | None = None
    if not head and ids:
        code, issuer, number, used = ids[0]
        head = [w.text(tag, f"{code}/{issuer}/{number}", 35)]
    numbered = [
        "1/" + chunk for chunk in _chunks(w.text(tag, party.name or "NOTPROVIDED", 33 * 3), 33)
    ]
    if party.name is None:
        w.findings.append(
            c.NOT_RENDERABLE.finding(f"{tag}: no name; NOTPROVIDED written", Location(field=tag))
        )
    address = party.postal_address
    if address is not None:
        numbered.extend("2/" + w.text(tag, line, 33) for line in address.address_lines)
        street = " ".join(p for p in (address.street_name, address.building_number) if p)
        if street:
            numbered.append("2/" + w.text(tag, street, 33))
        town = " ".join(p for p in (address.post_code, address.town_name) if p)
        if address.country:
            country_town = f"{address.country}/{town}" if town else address.country
            numbered.append("3/" + w.text(tag, country_town, 33))
        used_parts = ("country", "town_name", "post_code", "street_name", "building_number")
        _lost_address(w, tag, address, used_parts)
    numbered.extend(_person_lines(w, tag, party, used))
    for n in "458":
        numbered.extend(f"{n}/{body}" for body in kept.get(f"{tag}/{n}", ()))
    numbered.sort(key=lambda line: line[0])
    numbered = w.lines(tag, numbered, 4)
    w.add(tag, "\n".join([*head, *numbered]))


def _person_lines(
    w: _Writer, tag: str, party: Party, used: GenericIdentification | None
) -> list[str]:
    """50F lines 4 to 8 from the birth data and the other identifications of ``party``."""
    lines: list[str] = []
    person = party.private_id
    birth = person.date_and_place_of_birth if person is not None else None
    if birth is not None and not tag.startswith("50"):
        w.drop(tag, f"the date and place of birth {birth.birth_date} of the creditor")
    elif birth is not None:
        lines.append(f"4/{birth.birth_date:%Y%m%d}")
        lines.append("5/" + w.text(tag, f"{birth.country}/{birth.city}", 33))
        if birth.province:
            w.drop(tag, f"the province of birth {birth.province!r}")
    others = [
        *(party.organisation_id.others if party.organisation_id else ()),
        *(person.others if person else ()),
    ]
    for gid in others:
        if gid is used:
            continue
        code = gid.scheme.code if gid.scheme else None
        if code == "CUST" and tag.startswith("50"):
            lines.append("6/" + w.text(tag, f"{gid.issuer or ''}/{gid.id}", 33))
        elif code == "NIDN" and tag.startswith("50"):
            lines.append("7/" + w.text(tag, f"{gid.issuer or ''}/{gid.id}", 33))
        else:
            w.drop(tag, f"the identification {gid.id!r} ({code or 'proprietary'})")
    return lines


def _identifiers(party: Party) -> list[tuple[str, str, str, GenericIdentification]]:
    out = []
    sources: list[GenericIdentification] = []
    if party.organisation_id is not None:
        sources.extend(party.organisation_id.others)
    if party.private_id is not None:
        sources.extend(party.private_id.others)
    for gid in sources:
        code = gid.scheme.code if gid.scheme and gid.scheme.code else None
        if code and gid.issuer and len(gid.issuer) == 2:
            out.append((code, gid.issuer, gid.id, gid))
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
    """An agent as option A (BIC), B (location), C (party identifier only) or D (name and
    address), the first of ``options`` that holds it; what the option cannot carry is named."""
    if agent is None and account is None:
        return
    head: list[str] = []
    if agent is not None and agent.clearing_member is not None:
        cm = agent.clearing_member
        system = cm.system.proprietary or cm.system.code if cm.system else None
        head = ["//" + w.text(base, f"{system or ''}{cm.member_id}", 33)]
        if account is not None:
            w.findings.append(
                c.DROPPED.finding(
                    f"{base}: the party identifier line holds the clearing code //{system or ''}"
                    f"{cm.member_id}; the agent's account {account.identification!r} has no "
                    "place beside it and was left out",
                    Location(field=base),
                )
            )
    elif account is not None:
        head = _party_id_line(w, base, account)
    if agent is not None:
        _drop_agent_extras(w, base, agent)
    location = _location_only(agent)
    if agent is not None and agent.bic and "A" in options:
        if agent.name or agent.postal_address:
            parts = " and ".join(
                what
                for what, value in (("name", agent.name), ("address", agent.postal_address))
                if value
            )
            w.findings.append(
                c.DROPPED.finding(
                    f"{base}A: the agent is written by its BIC {agent.bic}; option A has no "
                    f"line for its {parts}, which was left out",
                    Location(field=base + "A"),
                )
            )
        w.add(base + "A", "\n".join([*head, agent.bic]))
    elif location is not None and "B" in options:
        w.add(base + "B", "\n".join([*head, w.text(base + "B", location, 35)]))
    elif agent is not None and (agent.name or agent.postal_address) and "D" in options:
        lines = [w.text(base + "D", agent.name or "NOTPROVIDED", 35)]
        if agent.name is None:
            w.findings.append(
                c.NOT_RENDERABLE.finding(
                    f"{base}D: the agent has no name; NOTPROVIDED written", Location(field=base)
                )
            )
        if agent.postal_address is not None:
            lines += [w.text(base + "D", a, 35) for a in agent.postal_address.address_lines]
        w.add(base + "D", "\n".join([*head, *w.lines(base + "D", lines, 4)]))
    elif head and "C" in options and (agent is None or not agent.bic):
        w.add(base + "C", head[0])
    elif head and "B" in options:
        w.add(base + "B", head[0])
    else:
        w.drop(base, f"agent {agent!r} for {base}a")


def _location_only(agent: Agent | None) -> str | None:
    """The one address line of an agent that has nothing else (an MT option B location)."""
    if agent is None or agent.name or agent.bic or agent.postal_address is None:
        return None
    address = agent.postal_address
    others = [n for n in PostalAddress.model_fields if n != "address_lines"]
    if len(address.address_lines) != 1 or any(getattr(address, n) for n in others):
        return None
    return address.address_lines[0]


def _drop_account_extras(w: _Writer, tag: str, account: Account) -> None:
    """Findings for the parts of an account the MT party identifier line does not carry."""
    other = account.other
    scheme = other.scheme if other is not None else None
    for value, what in (
        (scheme.code or scheme.proprietary if scheme else None, "identification scheme"),
        (other.issuer if other is not None else None, "identification issuer"),
        (account.type.code or account.type.proprietary if account.type else None, "type"),
        (account.currency, "currency"),
        (account.name, "name"),
        (account.proxy.id if account.proxy else None, "proxy"),
    ):
        if value:
            w.drop(tag, f"the account {what} {value!r}")


_HEADER_PARTS = (
    ("business_service", "BizSvc"),
    ("market_practice", "MktPrctc"),
    ("copy_duplicate", "CpyDplct"),
    ("possible_duplicate", "PssblDplct"),
    ("priority", "Prty"),
    ("related", "Rltd"),
)
"""AppHdr elements an MT103 has no place for (block 2 priority is not the BAH priority)."""


def _drop_header_extras(w: _Writer, model: CreditTransfer) -> None:
    bah = model.application_header
    if bah is None:
        return
    for name, element in _HEADER_PARTS:
        value = getattr(bah, name)
        if value is not None:
            w.findings.append(
                c.DROPPED.finding(
                    f"AppHdr {element} ({value if name != 'related' else 'a related header'}) "
                    "has no place in MT103",
                    Location(xpath=f"/AppHdr/{element}"),
                )
            )


def _drop_agent_extras(w: _Writer, base: str, agent: Agent) -> None:
    """Findings for the parts of an agent no MT option carries."""
    for value, what in (
        (agent.lei, "LEI"),
        (agent.other_id.id if agent.other_id else None, "other identification"),
        (agent.branch_id, "branch id"),
    ):
        if value:
            w.drop(base, f"the {what} {value!r} of the agent")


def _filled(w: _Writer, tag: str, value: str, what: str) -> str:
    """``value`` for a mandatory field the model gives nothing for, with a finding saying so."""
    w.findings.append(
        c.NOT_RENDERABLE.finding(
            f"{tag}: the model has no {what}; {value} written (the field is mandatory)",
            Location(field=tag),
            severity=Severity.WARNING,
        )
    )
    return value


_KEPT_ELSEWHERE = frozenset({"23B", "23E", "51A", "77T"})
"""Kept MT103 fields that rendering writes where they belong (see :func:`render_mt103`)."""


def _restore_kept(w: _Writer, kept: dict[str, list[str]]) -> None:
    """Block 4 fields kept verbatim (unreadable, or with no model home) are written back."""
    written = {tag for tag, _ in w.fields}
    for tag, contents in kept.items():
        if not re.fullmatch(r"\d\d[A-Z]?", tag) or tag in _KEPT_ELSEWHERE:
            continue
        if tag == "13C" or tag not in written:
            for content in contents:
                w.add(tag, content)


def _kept_raw(kept: dict[str, list[str]], base: str) -> bool:
    """Whether a field ``base`` (any option) was kept verbatim because it could not be read."""
    return any(re.fullmatch(base + "[A-Z]?", tag) for tag in kept)


def _kept(tx: CreditTransferTransaction) -> dict[str, list[str]]:
    """MT103 values kept verbatim in the model (origin ``MT103 <tag>``), by tag."""
    kept: dict[str, list[str]] = {}
    for item in tx.supplementary_data:
        origin = item.origin or ""
        if origin.startswith(f"{ORIGIN} "):
            kept.setdefault(origin[len(ORIGIN) + 1 :], []).append(item.content)
    return kept


def _supplementary(tx: CreditTransferTransaction, tag: str) -> list[str]:
    return [s.content for s in tx.supplementary_data if s.origin == f"{ORIGIN} {tag}"]


def _first_transaction(w: _Writer, model: CreditTransfer) -> CreditTransferTransaction:
    """The one transaction an MT103 carries; the others are a finding, none an empty one."""
    txs = list(model.iter_transactions())
    if not txs:
        w.findings.append(c.NOT_RENDERABLE.finding("the model has no transaction", Location()))
        txs = [CreditTransferTransaction()]
    if len(txs) > 1:
        w.findings.append(
            c.EXTRA_TX.finding(f"{len(txs) - 1} further transactions were left out", Location())
        )
    return txs[0]


def _blocks_1_and_2(
    w: _Writer, tx: CreditTransferTransaction, sender: str | None, receiver: str | None
) -> tuple[str, str]:
    """The basic header (the sender's LT) and the input application header (the receiver's)."""
    for agent, tag, role in (
        (tx.instructing_agent, "1", "instructing"),
        (tx.instructed_agent, "2", "instructed"),
    ):
        if agent is not None and not agent.bic:
            w.drop(tag, f"the {role} agent without BIC ({agent.name or 'no name'})")
    if not sender or not receiver:
        w.findings.append(
            c.NOT_RENDERABLE.finding(
                "sender or receiver BIC missing; XXXXXXXX written", Location(field="1")
            )
        )
    block1 = f"F01{_lt(sender or 'XXXXXXXX', 'A')}0000000000"
    block2 = f"I103{_lt(receiver or 'XXXXXXXX', 'X')}N"
    return block1, block2


def _block3(w: _Writer, tx: CreditTransferTransaction, variant: MTVariant) -> list[tuple[str, str]]:
    """The user header: fields kept from an MT, 119 for STP and REMIT, 111 for gpi, and the
    UETR in 121 (generated, with a finding, when the model has none), in the standard order."""
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
    return block3


def _render_20(w: _Writer, ref: str) -> None:
    """Field 20, the sender's reference: no slash at either end nor two together (T26)."""
    ref_x = w.text("20", ref, 16)
    if ref_x.startswith("/") or ref_x.endswith("/") or "//" in ref_x:
        fixed = ref_x.replace("//", "/").strip("/") or "NOTPROVIDED"
        w.findings.append(
            c.TRUNCATED.finding(f"20: {ref_x!r} written as {fixed!r} (T26)", Location(field="20"))
        )
        ref_x = fixed
    w.add("20", ref_x)


def _render_26t(w: _Writer, purpose: CodeOrProprietary | None) -> None:
    """Field 26T from a purpose read from one; any other purpose has no place."""
    if purpose is None:
        return
    if purpose.proprietary and purpose.proprietary.startswith(":26T:"):
        w.add("26T", purpose.proprietary[5:])
    else:
        w.drop("26T", f"purpose {purpose.code or purpose.proprietary}")


def _render_amounts(w: _Writer, model: CreditTransfer, tx: CreditTransferTransaction) -> None:
    """32A (value date, currency, settlement amount), 33B and 36; the creation time, which an
    input message cannot carry, is a finding unless it is the value date's midnight."""
    settle = tx.interbank_settlement_amount or tx.instructed_amount
    date = tx.interbank_settlement_date or model.group_header.interbank_settlement_date
    if settle is None or date is None:
        w.findings.append(
            c.NOT_RENDERABLE.finding("no settlement amount or date for 32A", Location(field="32A"))
        )
    created = model.group_header.creation_date_time
    if date is None or created != dt.datetime.combine(date, dt.time(0, 0), dt.UTC):
        w.findings.append(
            c.DROPPED.finding(
                f"the creation time {created:%Y-%m-%dT%H:%M} has no place in an input "
                "message's block 2; not written",
                Location(field="2"),
                severity=Severity.INFO,
            )
        )
    settle_text = _fmt_amount(settle.value) if settle else "0,"
    day = date or dt.date(2000, 1, 1)
    w.add("32A", f"{day:%y%m%d}{settle.currency if settle else 'XXX'}{settle_text}")
    if tx.instructed_amount is not None:
        w.add("33B", f"{tx.instructed_amount.currency}{_fmt_amount(tx.instructed_amount.value)}")
    if tx.exchange_rate is not None:
        w.add("36", _fmt_amount(tx.exchange_rate))


def _render_settlement(w: _Writer, si: SettlementInformation | None) -> None:
    """53B for a settlement account of the instructing agent; 53a, 54a and 55a for a cover."""
    if si is None:
        return
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


def _render_56(w: _Writer, tx: CreditTransferTransaction) -> None:
    """Field 56a, the first intermediary agent; MT103 has no place for a second or third."""
    if not tx.intermediary_agents:
        return
    acc = tx.intermediary_agent_accounts[0] if tx.intermediary_agent_accounts else None
    _render_agent(w, "56", tx.intermediary_agents[0], acc, "ACD")
    if len(tx.intermediary_agents) > 1:
        w.drop("56", "intermediary agents 2 and 3")


def _render_charges(w: _Writer, tx: CreditTransferTransaction, receiver: str | None) -> None:
    """71A (SHA when the bearer has no MT code), 71F for each charge taken before the
    receiver, and 71G for the receiver's own, summed."""
    bearer = tx.charge_bearer
    if bearer is None or bearer not in CHARGES_BACK:
        if bearer is not None:
            w.drop("71A", f"charge bearer {bearer.value}")
        w.add("71A", _filled(w, "71A", "SHA", "charge bearer"))
    else:
        w.add("71A", CHARGES_BACK[bearer])
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


def _render_77(w: _Writer, tx: CreditTransferTransaction) -> None:
    """77B from the first regulatory report with text (3 lines of 35); 77T kept from an MT."""
    for rr in tx.regulatory_reporting:
        lines = [line for d in rr.details for line in d.information]
        if lines:
            w.add("77B", "\n".join(w.lines("77B", [w.text("77B", x, 35) for x in lines], 3)))
            break
    for text in _supplementary(tx, "77T"):
        w.add("77T", text)


def _message_text(w: _Writer, blocks: tuple[str, str, list[tuple[str, str]]], le: str) -> str:
    """Blocks 1 to 3 and the fields of block 4 in the order of the standard, lines ending
    in ``le``."""
    block1, block2, block3 = blocks
    order = {t: i for i, t in enumerate(_RENDER_ORDER)}
    body = sorted(w.fields, key=lambda f: order.get(f[0], 999))
    return (
        f"{{1:{block1}}}{{2:{block2}}}{{3:{''.join(f'{{{t}:{v}}}' for t, v in block3)}}}{{4:{le}"
        + "".join(f":{tag}:{value.replace(chr(10), le)}{le}" for tag, value in body)
        + "-}"
    )


def render_mt103(
    model: CreditTransfer, *, variant: MTVariant = "core", line_ending: LineEnding = "\r\n"
) -> Outcome[str]:
    """``model`` as MT103 text with blocks 1-3; every change or loss is a finding (QX42x)."""
    w = _Writer()
    tx = _first_transaction(w, model)
    bah = model.application_header
    sender = (tx.instructing_agent.bic if tx.instructing_agent else None) or (
        bah.from_agent.bic if bah else None
    )
    receiver = (tx.instructed_agent.bic if tx.instructed_agent else None) or (
        bah.to_agent.bic if bah else None
    )
    _drop_header_extras(w, model)
    block1, block2 = _blocks_1_and_2(w, tx, sender, receiver)
    block3 = _block3(w, tx, variant)
    _render_20(w, tx.instruction_id or model.group_header.message_id)
    for t in tx.time_indications:
        _render_time(w, t)
    w.add("23B", (_supplementary(tx, "23B") or [_filled(w, "23B", "CRED", "bank operation")])[0])
    _render_23e(w, tx)
    _render_26t(w, tx.purpose)
    _render_amounts(w, model, tx)
    kept = _kept(tx)
    if tx.debtor is not None or not _kept_raw(kept, "50"):
        _render_party(w, "50", tx.debtor, tx.debtor_account, kept)
    for extra in _supplementary(tx, "51A"):
        w.add("51A", extra)
    _render_agent(w, "52", tx.debtor_agent, tx.debtor_agent_account, "AD")
    _render_settlement(w, model.group_header.settlement_information)
    _render_56(w, tx)
    _render_agent(w, "57", tx.creditor_agent, tx.creditor_agent_account, "ABCD")
    if tx.creditor is not None or not _kept_raw(kept, "59"):
        _render_party(w, "59", tx.creditor, tx.creditor_account, kept)
    _render_remittance(w, tx, variant)
    _render_charges(w, tx, receiver)
    _render_72(w, tx)
    _render_77(w, tx)
    if model.supplementary_data:
        w.drop("", "message-level supplementary data")
    _report_no_home(w, model, tx)
    _restore_kept(w, kept)
    return Outcome(_message_text(w, (block1, block2, block3), line_ending), tuple(w.findings))


_RENDER_ORDER = FIELD_ORDER


def _lt(bic: str, terminal: str) -> str:
    branch = bic[8:11] or "XXX"
    return f"{bic[:8]}{terminal}{branch}"


def _render_time(w: _Writer, t: TimeIndication) -> None:
    code = TIME_KINDS_BACK.get(t.kind)
    tm = t.time.timetz() if isinstance(t.time, dt.datetime) else t.time
    offset = tm.utcoffset()
    if code is None or offset is None:
        w.drop("13C", f"time indication {t.kind} without a UTC offset")
        return
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    w.add("13C", f"/{code}/{tm.hour:02d}{tm.minute:02d}{sign}{minutes // 60:02d}{minutes % 60:02d}")


def _render_23e(w: _Writer, tx: CreditTransferTransaction) -> None:
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
        if ins.code in CREDITOR_AGENT_CODES:
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
    lines = [
        line
        for segment in _CODE_START.split(text)
        for line in _narrative_lines(w, "70", segment, 35)
    ]
    w.add("70", "\n".join(w.lines("70", lines, 4)))


_CODE_START = re.compile(r" (?=/(?:INV|IPI|RFB|ROC|TSU)/)")
"""Where 70 text starts a new line: before a code that SWIFT places at the start of a line."""


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
        elif ins.code not in CREDITOR_AGENT_CODES:
            w.drop("72", f"creditor-agent instruction {ins.code}")
    for ins in tx.instructions_for_next_agent:
        text = ins.information or ""
        if ins.code:
            text = f"/{ins.code}/{text}"
        elif not segments and not re.match(r"/[A-Z0-9]{1,8}/", text):
            w.findings.append(
                c.NOT_RENDERABLE.finding(
                    f"72: line 1 {text[:20]!r} has no /code/; written as given (the network "
                    "wants a code first, e.g. /REC/)",
                    Location(field="72"),
                    severity=Severity.WARNING,
                )
            )
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
