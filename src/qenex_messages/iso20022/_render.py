"""Model -> ISO 20022 elements, shared by the pacs.008, pain.001 and head.001 renderers.

Builders write every element under its ISO name in the target namespace; the version's XSD then
orders and trims them (see :mod:`qenex_messages.iso20022._structure`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from lxml import etree

from qenex_messages.findings import Finding, Location
from qenex_messages.iso20022.codes import RENDER_DROPPED, RENDER_REPLACED
from qenex_messages.iso20022.xmlsafe import xml_text
from qenex_messages.model import (
    Account,
    Agent,
    AgentInstruction,
    Amount,
    BusinessApplicationHeader,
    CodeOrProprietary,
    ContactDetails,
    CreditTransferTransaction,
    GenericIdentification,
    Party,
    PaymentTypeInformation,
    PostalAddress,
    RegulatoryReporting,
    Remittance,
    SettlementInformation,
    SupplementaryData,
)

LEGACY = frozenset({"pacs.008.001.02", "pain.001.001.03"})
_INDEXED = re.compile(r"^([A-Za-z0-9]+)(?:\[(\d+)\])?$")


def _nsmap(namespace: str | None) -> Any:
    """An nsmap making ``namespace`` the default (lxml accepts None as the key)."""
    return {None: namespace} if namespace else None


def _path_of(element: etree._Element) -> str:
    """The XPath of an element being built, by local names with 1-based indexes where repeated."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is not None and len(parent.findall(node.tag)) > 1:
            name += f"[{parent.findall(node.tag).index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/" + "/".join(reversed(steps))


class Builder:
    """Creates elements in one namespace, with version-dependent names."""

    def __init__(self, namespace: str, version: str) -> None:
        self.ns = namespace
        self.version = version
        self.legacy = version in LEGACY
        self.findings: list[Finding] = []
        """Losses noticed while building (kept data that cannot be put back)."""

    def sub(self, parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(parent, f"{{{self.ns}}}{name}")
        if text is not None:
            element.text = self._writable(element, text)
        return element

    def _writable(self, element: etree._Element, text: str) -> str:
        """``text`` as XML can hold it: a character it cannot (a control character read from an
        MT field) becomes a space, with a finding naming it and the element."""
        clean, bad = xml_text(text)
        if bad is not None:
            self.findings.append(
                RENDER_REPLACED.finding(
                    f"{etree.QName(element).localname}: the character {bad} cannot be written in "
                    "XML; it was replaced by a space",
                    Location(xpath=_path_of(element)),
                    args={"character": bad},
                )
            )
        return clean

    def text(self, parent: etree._Element, name: str, value: object) -> None:
        if value is None:
            return
        if isinstance(value, bool):
            self.sub(parent, name, "true" if value else "false")
        elif isinstance(value, Decimal):
            self.sub(parent, name, format(value, "f"))
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            self.sub(parent, name, value.isoformat())
        else:
            self.sub(parent, name, str(value))

    def computed(
        self, parent: etree._Element, name: str, value: object, stored: object
    ) -> etree._Element:
        """Write ``value``, computed from the transactions; when the model holds a different
        ``stored`` value (read from a faulty message), say that it was replaced."""
        self.text(parent, name, value)
        if stored is not None and stored != value:
            self.findings.append(
                RENDER_REPLACED.finding(
                    f"{name} {stored} in the model does not match the transactions; written as "
                    f"{value}, computed from them",
                    Location(xpath=_path_of(parent) + "/" + name),
                )
            )
        return parent[-1]

    def amount(self, parent: etree._Element, name: str, amount: Amount | None) -> None:
        if amount is None:
            return
        element = self.sub(parent, name, format(amount.value, "f"))
        element.set("Ccy", self._writable(element, amount.currency))

    def choice(self, parent: etree._Element, name: str, value: CodeOrProprietary | None) -> None:
        if value is None:
            return
        element = self.sub(parent, name)
        if value.code is not None:
            self.sub(element, "Cd", value.code)
        else:
            self.sub(element, "Prtry", value.proprietary)

    def address(self, parent: etree._Element, name: str, address: PostalAddress | None) -> None:
        if address is None:
            return
        element = self.sub(parent, name)
        if address.address_type is not None:
            if self.legacy:
                self.text(element, "AdrTp", address.address_type.code)
            else:
                self.choice(element, "AdrTp", address.address_type)
        for tag, value in (
            ("Dept", address.department),
            ("SubDept", address.sub_department),
            ("StrtNm", address.street_name),
            ("BldgNb", address.building_number),
            ("BldgNm", address.building_name),
            ("Flr", address.floor),
            ("PstBx", address.post_box),
            ("Room", address.room),
            ("PstCd", address.post_code),
            ("TwnNm", address.town_name),
            ("TwnLctnNm", address.town_location_name),
            ("DstrctNm", address.district_name),
            ("CtrySubDvsn", address.country_sub_division),
            ("Ctry", address.country),
        ):
            self.text(element, tag, value)
        for line in address.address_lines:
            self.text(element, "AdrLine", line)

    def generic(self, parent: etree._Element, name: str, ident: GenericIdentification) -> None:
        element = self.sub(parent, name)
        self.text(element, "Id", ident.id)
        self.choice(element, "SchmeNm", ident.scheme)
        self.text(element, "Issr", ident.issuer)

    def contact(self, parent: etree._Element, contact: ContactDetails | None) -> None:
        if contact is None:
            return
        element = self.sub(parent, "CtctDtls")
        for tag, value in (
            ("NmPrfx", contact.name_prefix),
            ("Nm", contact.name),
            ("PhneNb", contact.phone_number),
            ("MobNb", contact.mobile_number),
            ("FaxNb", contact.fax_number),
            ("EmailAdr", contact.email_address),
        ):
            self.text(element, tag, value)

    def party(self, parent: etree._Element, name: str, party: Party | None) -> None:
        if party is None:
            return
        element = self.sub(parent, name)
        self.text(element, "Nm", party.name)
        self.address(element, "PstlAdr", party.postal_address)
        if party.organisation_id is not None or party.private_id is not None:
            ident = self.sub(element, "Id")
            if party.organisation_id is not None:
                org = self.sub(ident, "OrgId")
                self.text(
                    org, "BICOrBEI" if self.legacy else "AnyBIC", party.organisation_id.any_bic
                )
                self.text(org, "LEI", party.organisation_id.lei)
                for other in party.organisation_id.others:
                    self.generic(org, "Othr", other)
            elif party.private_id is not None:
                person = self.sub(ident, "PrvtId")
                birth = party.private_id.date_and_place_of_birth
                if birth is not None:
                    place = self.sub(person, "DtAndPlcOfBirth")
                    self.text(place, "BirthDt", birth.birth_date)
                    self.text(place, "PrvcOfBirth", birth.province)
                    self.text(place, "CityOfBirth", birth.city)
                    self.text(place, "CtryOfBirth", birth.country)
                for other in party.private_id.others:
                    self.generic(person, "Othr", other)
        self.text(element, "CtryOfRes", party.country_of_residence)
        self.contact(element, party.contact_details)

    def agent(self, parent: etree._Element, name: str, agent: Agent | None) -> None:
        if agent is None:
            return
        element = self.sub(parent, name)
        institution = self.sub(element, "FinInstnId")
        self.text(institution, "BIC" if self.legacy else "BICFI", agent.bic)
        if agent.clearing_member is not None:
            member = self.sub(institution, "ClrSysMmbId")
            self.choice(member, "ClrSysId", agent.clearing_member.system)
            self.text(member, "MmbId", agent.clearing_member.member_id)
        self.text(institution, "LEI", agent.lei)
        self.text(institution, "Nm", agent.name)
        self.address(institution, "PstlAdr", agent.postal_address)
        if agent.other_id is not None:
            self.generic(institution, "Othr", agent.other_id)
        if agent.branch_id is not None:
            branch = self.sub(element, "BrnchId")
            self.text(branch, "Id", agent.branch_id)

    def account(self, parent: etree._Element, name: str, account: Account | None) -> None:
        if account is None:
            return
        element = self.sub(parent, name)
        if account.iban is not None or account.other is not None:
            ident = self.sub(element, "Id")
            if account.iban is not None:
                self.text(ident, "IBAN", account.iban)
            elif account.other is not None:
                self.generic(ident, "Othr", account.other)
        self.choice(element, "Tp", account.type)
        self.text(element, "Ccy", account.currency)
        self.text(element, "Nm", account.name)
        if account.proxy is not None:
            proxy = self.sub(element, "Prxy")
            self.choice(proxy, "Tp", account.proxy.scheme)
            self.text(proxy, "Id", account.proxy.id)

    def payment_type(
        self, parent: etree._Element, info: PaymentTypeInformation | None, name: str = "PmtTpInf"
    ) -> None:
        if info is None:
            return
        element = self.sub(parent, name)
        self.text(element, "InstrPrty", info.instruction_priority)
        self.text(element, "ClrChanl", info.clearing_channel)
        for level in info.service_levels:
            self.choice(element, "SvcLvl", level)
        self.choice(element, "LclInstrm", info.local_instrument)
        self.choice(element, "CtgyPurp", info.category_purpose)

    def settlement(self, parent: etree._Element, info: SettlementInformation | None) -> None:
        if info is None:
            return
        element = self.sub(parent, "SttlmInf")
        self.text(element, "SttlmMtd", info.method)
        self.account(element, "SttlmAcct", info.settlement_account)
        self.choice(element, "ClrSys", info.clearing_system)
        self.agent(element, "InstgRmbrsmntAgt", info.instructing_reimbursement_agent)
        self.account(element, "InstgRmbrsmntAgtAcct", info.instructing_reimbursement_agent_account)
        self.agent(element, "InstdRmbrsmntAgt", info.instructed_reimbursement_agent)
        self.account(element, "InstdRmbrsmntAgtAcct", info.instructed_reimbursement_agent_account)
        self.agent(element, "ThrdRmbrsmntAgt", info.third_reimbursement_agent)
        self.account(element, "ThrdRmbrsmntAgtAcct", info.third_reimbursement_agent_account)

    def instruction(self, parent: etree._Element, name: str, item: AgentInstruction) -> None:
        element = self.sub(parent, name)
        self.text(element, "Cd", item.code)
        self.text(element, "InstrInf", item.information)

    def regulatory(self, parent: etree._Element, item: RegulatoryReporting) -> None:
        element = self.sub(parent, "RgltryRptg")
        self.text(element, "DbtCdtRptgInd", item.debit_credit_indicator)
        if item.authority_name is not None or item.authority_country is not None:
            authority = self.sub(element, "Authrty")
            self.text(authority, "Nm", item.authority_name)
            self.text(authority, "Ctry", item.authority_country)
        for detail in item.details:
            details = self.sub(element, "Dtls")
            self.text(details, "Tp", detail.type)
            self.text(details, "Dt", detail.date)
            self.text(details, "Ctry", detail.country)
            self.text(details, "Cd", detail.code)
            self.amount(details, "Amt", detail.amount)
            for line in detail.information:
                self.text(details, "Inf", line)

    def remittance(self, parent: etree._Element, remittance: Remittance | None) -> None:
        if remittance is None:
            return
        element = self.sub(parent, "RmtInf")
        for line in remittance.unstructured:
            self.text(element, "Ustrd", line)
        for block in remittance.structured:
            structured = self.sub(element, "Strd")
            for document in block.referred_documents:
                info = self.sub(structured, "RfrdDocInf")
                if document.type is not None:
                    kind = self.sub(info, "Tp")
                    self.choice(kind, "CdOrPrtry", document.type)
                self.text(info, "Nb", document.number)
                self.text(info, "RltdDt", document.related_date)
            if block.due_amount is not None or block.remitted_amount is not None:
                amounts = self.sub(structured, "RfrdDocAmt")
                self.amount(amounts, "DuePyblAmt", block.due_amount)
                self.amount(amounts, "RmtdAmt", block.remitted_amount)
            reference = block.creditor_reference
            if reference is not None:
                info = self.sub(structured, "CdtrRefInf")
                if reference.type is not None or reference.issuer is not None:
                    kind = self.sub(info, "Tp")
                    self.choice(kind, "CdOrPrtry", reference.type)
                    self.text(kind, "Issr", reference.issuer)
                self.text(info, "Ref", reference.reference)
            self.party(structured, "Invcr", block.invoicer)
            self.party(structured, "Invcee", block.invoicee)
            for line in block.additional_information:
                self.text(structured, "AddtlRmtInf", line)

    def supplementary(self, parent: etree._Element, items: tuple[SupplementaryData, ...]) -> None:
        """Real ISO SplmtryData blocks (no origin) become SplmtryData elements; kept fragments
        (with an origin path) are put back where they were read."""
        for item in items:
            if item.origin is None:
                element = self.sub(parent, "SplmtryData")
                self.text(element, "PlcAndNm", item.placeholder)
                envelope = self.sub(element, "Envlp")
                if not _append_fragment(envelope, item.content, keep_namespace=True):
                    self._lost(item, "is not XML, so it cannot fill an SplmtryData envelope")

    def fragments(
        self, parent: etree._Element, items: tuple[SupplementaryData, ...], level: str
    ) -> None:
        """Put kept fragments back under ``parent``; ``level`` is the origin prefix to strip."""
        for item in items:
            if item.origin is None:
                continue
            if not item.origin.startswith("/"):  # kept from another format, e.g. "MT103 23B"
                self._lost(item, f"has no place in {self.version}")
                continue
            relative = item.origin
            if level:
                marker = relative.find(level)
                if marker < 0:
                    continue
                relative = relative[marker + len(level) :]
                relative = relative.partition("/")[2] if relative.startswith("[") else relative
            steps = [s for s in relative.split("/") if s]
            if not steps:
                continue
            target = parent
            for step in steps[:-1]:
                target = self._ensure(target, step)
            if not _append_fragment(target, item.content, namespace=self.ns):
                self._lost(item, "is not an XML fragment, so it cannot be put back")

    def _lost(self, item: SupplementaryData, why: str) -> None:
        shown = item.content if len(item.content) <= 60 else item.content[:57] + "..."
        self.findings.append(
            RENDER_DROPPED.finding(
                f"kept data {shown!r} from {item.origin or item.placeholder or 'the model'} {why}",
                Location(xpath=item.origin if (item.origin or "").startswith("/") else None),
            )
        )

    def _ensure(self, parent: etree._Element, step: str) -> etree._Element:
        match = _INDEXED.match(step)
        name, index = (match[1], int(match[2] or 1)) if match else (step, 1)
        existing = parent.findall(f"{{{self.ns}}}{name}")
        while len(existing) < index:
            existing.append(self.sub(parent, name))
        return existing[index - 1]

    def transaction_common(self, element: etree._Element, tx: CreditTransferTransaction) -> None:
        """Parties, agents, purpose, regulatory reporting, remittance: the shared tail."""
        self.party(element, "UltmtDbtr", tx.ultimate_debtor)
        self.party(element, "InitgPty", tx.initiating_party)
        self.party(element, "Dbtr", tx.debtor)
        self.account(element, "DbtrAcct", tx.debtor_account)
        self.agent(element, "DbtrAgt", tx.debtor_agent)
        self.account(element, "DbtrAgtAcct", tx.debtor_agent_account)
        for index, agent in enumerate(tx.intermediary_agents, start=1):
            self.agent(element, f"IntrmyAgt{index}", agent)
            if index <= len(tx.intermediary_agent_accounts):
                self.account(
                    element, f"IntrmyAgt{index}Acct", tx.intermediary_agent_accounts[index - 1]
                )
        self.agent(element, "CdtrAgt", tx.creditor_agent)
        self.account(element, "CdtrAgtAcct", tx.creditor_agent_account)
        self.party(element, "Cdtr", tx.creditor)
        self.account(element, "CdtrAcct", tx.creditor_account)
        self.party(element, "UltmtCdtr", tx.ultimate_creditor)
        self.text(element, "InstrForDbtrAgt", tx.instruction_for_debtor_agent)
        for item in tx.instructions_for_creditor_agent:
            self.instruction(element, "InstrForCdtrAgt", item)
        for item in tx.instructions_for_next_agent:
            self.instruction(element, "InstrForNxtAgt", item)
        self.choice(element, "Purp", tx.purpose)
        for report in tx.regulatory_reporting:
            self.regulatory(element, report)
        self.remittance(element, tx.remittance)
        self.supplementary(element, tx.supplementary_data)

    def header(self, header: BusinessApplicationHeader, version: str) -> etree._Element:
        """A head.001 AppHdr element for ``header`` naming ``version`` as MsgDefIdr."""
        element = etree.Element(f"{{{self.ns}}}AppHdr", nsmap=_nsmap(self.ns))
        for tag, agent in (("Fr", header.from_agent), ("To", header.to_agent)):
            holder = self.sub(element, tag)
            self.agent(holder, "FIId", agent)
        self.text(element, "BizMsgIdr", header.business_message_id)
        self.text(element, "MsgDefIdr", version)
        self.text(element, "BizSvc", header.business_service)
        self.text(element, "CreDt", header.creation_date)
        self.text(element, "CpyDplct", header.copy_duplicate)
        self.text(element, "PssblDplct", header.possible_duplicate)
        self.text(element, "Prty", header.priority)
        if header.related is not None:
            related = self.header(header.related, header.related.message_definition_id)
            related.tag = f"{{{self.ns}}}Rltd"
            element.append(related)
        return element


def _append_fragment(
    parent: etree._Element,
    content: str,
    *,
    namespace: str | None = None,
    keep_namespace: bool = False,
) -> bool:
    from qenex_messages.iso20022.xmlsafe import parse_xml

    parsed = parse_xml(content.encode("utf-8"))
    if parsed.value is None:
        return False
    root = parsed.value.getroot()
    if namespace is not None and not keep_namespace:
        for node in root.iter():
            tag = node.tag
            if isinstance(tag, str):
                node.tag = f"{{{namespace}}}{tag.rpartition('}')[2]}"
        etree.cleanup_namespaces(root)
    parent.append(root)
    return True
