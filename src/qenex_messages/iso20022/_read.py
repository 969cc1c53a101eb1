"""ISO 20022 elements -> model parts, remembering what was read so nothing is silently lost.

A :class:`Reader` marks every element it maps. Afterwards :meth:`Reader.leftovers` lists each
element subtree no mapping touched; those are kept verbatim as ``SupplementaryData`` with their
XPath as origin, and reported as info findings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from lxml import etree

from qenex_messages.findings import Finding
from qenex_messages.identifiers import parse_decimal
from qenex_messages.iso20022.codes import PRECISION_CUT
from qenex_messages.iso20022.xmlsafe import line_of, safe_parser
from qenex_messages.iso20022.xsd import readable_path
from qenex_messages.model import (
    Account,
    Agent,
    AgentInstruction,
    Amount,
    ClearingSystemMemberId,
    CodeOrProprietary,
    ContactDetails,
    CreditorReference,
    DateAndPlaceOfBirth,
    GenericIdentification,
    OrganisationIdentification,
    Party,
    PaymentTypeInformation,
    PersonIdentification,
    PostalAddress,
    ReferredDocument,
    RegulatoryDetail,
    RegulatoryReporting,
    Remittance,
    SettlementInformation,
    StructuredRemittance,
    SupplementaryData,
)

Element = etree._Element


def _standalone(element: Element) -> Element:
    copy = etree.fromstring(etree.tostring(element, with_tail=False), safe_parser())
    etree.cleanup_namespaces(copy)
    return copy


def locate_notes(
    notes: Iterable[Finding], roots: Iterable[Element], source: str | None
) -> list[Finding]:
    """The findings noted while reading leniently, each pointed at the first element under
    ``roots`` whose text is the value it is about."""
    where: dict[str, Element] = {}
    for root in roots:
        for element in root.iter():
            if isinstance(element.tag, str) and len(element) == 0 and element.text:
                where.setdefault(element.text.strip(), element)
    located = []
    for note in notes:
        found = where.get(note.args.get("value", ""))
        if found is None:
            located.append(note.at(source=source))
        else:
            located.append(note.at(source=source, line=line_of(found), xpath=readable_path(found)))
    return located


_FRACTION = re.compile(r"T\d\d:\d\d:\d\d\.(\d+)")


class Reader:
    """Reads child elements by local name and records which elements were mapped."""

    def __init__(self) -> None:
        self.used: set[Element] = set()
        self.touched: set[Element] = set()
        self.notes: list[Finding] = []
        """Findings about values read (located later by their text, as reading() notes are)."""

    def _mark(self, element: Element) -> None:
        self.used.add(element)
        parent = element.getparent()
        while parent is not None and parent not in self.touched:
            self.touched.add(parent)
            parent = parent.getparent()

    def child(self, parent: Element | None, name: str) -> Element | None:
        if parent is None:
            return None
        found = parent.find("{*}" + name)
        if found is not None:
            self.touched.add(found)
            self._mark_ancestors(found)
        return found

    def _mark_ancestors(self, element: Element) -> None:
        parent = element.getparent()
        while parent is not None and parent not in self.touched:
            self.touched.add(parent)
            parent = parent.getparent()

    def children(self, parent: Element | None, name: str) -> list[Element]:
        if parent is None:
            return []
        found = parent.findall("{*}" + name)
        for element in found:
            self.touched.add(element)
            self._mark_ancestors(element)
        return found

    def text(self, parent: Element | None, name: str) -> str | None:
        element = self.child(parent, name)
        if element is None or len(element):
            return None  # absent, or structured where text was expected: left for leftovers
        self._mark(element)
        return element.text if element.text is not None else ""

    def texts(self, parent: Element | None, name: str) -> tuple[str, ...]:
        values = []
        for element in self.children(parent, name):
            self._mark(element)
            values.append(element.text or "")
        return tuple(values)

    def code(self, parent: Element | None, name: str) -> str | None:
        value = self.text(parent, name)
        return value.strip() if value is not None else None

    def enum(self, parent: Element | None, name: str, allowed: Iterable[str]) -> Any:
        """A code the model's enumeration knows; other codes are left for leftovers."""
        element = self.child(parent, name)
        if element is None or len(element):
            return None
        value = (element.text or "").strip()
        if value not in allowed:
            return None
        self._mark(element)
        return value

    def decimal(self, parent: Element | None, name: str) -> Decimal | None:
        value = self.code(parent, name)
        if value is None:
            return None
        number = parse_decimal(value)
        if number is None:
            raise ValueError(f"{name} {value!r} is not a decimal number")
        return number

    def boolean(self, parent: Element | None, name: str) -> bool | None:
        value = self.code(parent, name)
        return None if value is None else value in ("true", "1")

    def date(self, parent: Element | None, name: str) -> dt.date | None:
        value = self.code(parent, name)
        return None if value is None else dt.date.fromisoformat(value)

    def datetime(self, parent: Element | None, name: str) -> dt.datetime | None:
        value = self.code(parent, name)
        if value is None:
            return None
        fraction = _FRACTION.search(value)
        if fraction is not None and fraction[1][6:].strip("0"):  # .NET writes 7 digits
            self.notes.append(
                PRECISION_CUT.finding(
                    f"{name} {value!r} has {len(fraction[1])} digits of fractional seconds; "
                    "read to the microsecond (6 digits)",
                    args={"value": value},
                )
            )
        return dt.datetime.fromisoformat(value)

    def amount(self, parent: Element | None, name: str) -> Amount | None:
        element = self.child(parent, name)
        if element is None:
            return None
        self._mark(element)
        text = (element.text or "").strip()
        value = parse_decimal(text)
        if value is None:  # callers map ValueError to findings
            raise ValueError(f"{name} {text[:40]!r} is not a decimal number")
        return Amount(value=value, currency=element.get("Ccy", ""))

    def choice(self, parent: Element | None, name: str) -> CodeOrProprietary | None:
        element = self.child(parent, name)
        if element is None:
            return None
        if len(element) == 0:  # legacy versions write a bare code
            if not (element.text or "").strip():
                return None
            self._mark(element)
            return CodeOrProprietary(code=(element.text or "").strip())
        code = self.code(element, "Cd")
        proprietary = self.text(element, "Prtry")
        if code is None and proprietary is None:
            return None
        return CodeOrProprietary(code=code, proprietary=proprietary if code is None else None)

    def address(self, parent: Element | None, name: str = "PstlAdr") -> PostalAddress | None:
        element = self.child(parent, name)
        if element is None:
            return None
        return PostalAddress(
            address_type=self.choice(element, "AdrTp"),
            department=self.text(element, "Dept"),
            sub_department=self.text(element, "SubDept"),
            street_name=self.text(element, "StrtNm"),
            building_number=self.text(element, "BldgNb"),
            building_name=self.text(element, "BldgNm"),
            floor=self.text(element, "Flr"),
            post_box=self.text(element, "PstBx"),
            room=self.text(element, "Room"),
            post_code=self.text(element, "PstCd"),
            town_name=self.text(element, "TwnNm"),
            town_location_name=self.text(element, "TwnLctnNm"),
            district_name=self.text(element, "DstrctNm"),
            country_sub_division=self.text(element, "CtrySubDvsn"),
            country=self.code(element, "Ctry"),
            address_lines=self.texts(element, "AdrLine"),
        )

    def generic(self, element: Element) -> GenericIdentification:
        return GenericIdentification(
            id=self.text(element, "Id") or "",
            scheme=self.choice(element, "SchmeNm"),
            issuer=self.text(element, "Issr"),
        )

    def contact(self, parent: Element | None) -> ContactDetails | None:
        element = self.child(parent, "CtctDtls")
        if element is None:
            return None
        return ContactDetails(
            name_prefix=self.code(element, "NmPrfx"),
            name=self.text(element, "Nm"),
            phone_number=self.text(element, "PhneNb"),
            mobile_number=self.text(element, "MobNb"),
            fax_number=self.text(element, "FaxNb"),
            email_address=self.text(element, "EmailAdr"),
        )

    def party(self, parent: Element | None, name: str) -> Party | None:
        element = self.child(parent, name)
        if element is None:
            return None
        # pacs.008.001.02 / pain.001.001.03 used the same shape; .09+ may wrap it in Pty (choice)
        ident = self.child(element, "Id")
        organisation = person = None
        org = self.child(ident, "OrgId")
        if org is not None:
            organisation = OrganisationIdentification(
                any_bic=self.code(org, "AnyBIC") or self.code(org, "BICOrBEI"),
                lei=self.code(org, "LEI"),
                others=tuple(self.generic(o) for o in self.children(org, "Othr")),
            )
        private = self.child(ident, "PrvtId")
        if private is not None:
            birth = self.child(private, "DtAndPlcOfBirth")
            person = PersonIdentification(
                date_and_place_of_birth=DateAndPlaceOfBirth(
                    birth_date=self.date(birth, "BirthDt") or dt.date.min,
                    province=self.text(birth, "PrvcOfBirth"),
                    city=self.text(birth, "CityOfBirth") or "",
                    country=self.code(birth, "CtryOfBirth") or "",
                )
                if birth is not None
                else None,
                others=tuple(self.generic(o) for o in self.children(private, "Othr")),
            )
        return Party(
            name=self.text(element, "Nm"),
            postal_address=self.address(element),
            organisation_id=organisation,
            private_id=person,
            country_of_residence=self.code(element, "CtryOfRes"),
            contact_details=self.contact(element),
        )

    def agent_of(self, element: Element) -> Agent:
        institution = self.child(element, "FinInstnId")
        member = self.child(institution, "ClrSysMmbId")
        other = self.child(institution, "Othr")
        branch = self.child(element, "BrnchId")
        branch_id = self.text(branch, "Id") if branch is not None else None
        return Agent(
            bic=self.code(institution, "BICFI") or self.code(institution, "BIC"),
            clearing_member=ClearingSystemMemberId(
                member_id=self.text(member, "MmbId") or "",
                system=self.choice(member, "ClrSysId"),
            )
            if member is not None
            else None,
            lei=self.code(institution, "LEI"),
            name=self.text(institution, "Nm"),
            postal_address=self.address(institution),
            other_id=self.generic(other) if other is not None else None,
            branch_id=branch_id,
        )

    def agent(self, parent: Element | None, name: str) -> Agent | None:
        element = self.child(parent, name)
        return None if element is None else self.agent_of(element)

    def account(self, parent: Element | None, name: str) -> Account | None:
        element = self.child(parent, name)
        if element is None:
            return None
        ident = self.child(element, "Id")
        other = self.child(ident, "Othr")
        proxy = self.child(element, "Prxy")
        return Account(
            iban=self.code(ident, "IBAN"),
            other=self.generic(other) if other is not None else None,
            type=self.choice(element, "Tp"),
            currency=self.code(element, "Ccy"),
            name=self.text(element, "Nm"),
            proxy=GenericIdentification(
                id=self.text(proxy, "Id") or "", scheme=self.choice(proxy, "Tp")
            )
            if proxy is not None
            else None,
        )

    def payment_type(self, parent: Element | None) -> PaymentTypeInformation | None:
        element = self.child(parent, "PmtTpInf")
        if element is None:
            return None
        levels = []
        for level in self.children(element, "SvcLvl"):
            code = self.code(level, "Cd")
            proprietary = self.text(level, "Prtry")
            if code is not None or proprietary is not None:
                levels.append(
                    CodeOrProprietary(code=code, proprietary=None if code else proprietary)
                )
        priority: Any = self.code(element, "InstrPrty")
        return PaymentTypeInformation(
            instruction_priority=priority,
            clearing_channel=self.code(element, "ClrChanl"),
            service_levels=tuple(levels),
            local_instrument=self.choice(element, "LclInstrm"),
            category_purpose=self.choice(element, "CtgyPurp"),
        )

    def settlement(self, parent: Element | None) -> SettlementInformation | None:
        element = self.child(parent, "SttlmInf")
        if element is None:
            return None
        method: Any = self.code(element, "SttlmMtd")
        return SettlementInformation(
            method=method,
            settlement_account=self.account(element, "SttlmAcct"),
            clearing_system=self.choice(element, "ClrSys"),
            instructing_reimbursement_agent=self.agent(element, "InstgRmbrsmntAgt"),
            instructing_reimbursement_agent_account=self.account(element, "InstgRmbrsmntAgtAcct"),
            instructed_reimbursement_agent=self.agent(element, "InstdRmbrsmntAgt"),
            instructed_reimbursement_agent_account=self.account(element, "InstdRmbrsmntAgtAcct"),
            third_reimbursement_agent=self.agent(element, "ThrdRmbrsmntAgt"),
            third_reimbursement_agent_account=self.account(element, "ThrdRmbrsmntAgtAcct"),
        )

    def instructions(self, parent: Element | None, name: str) -> tuple[AgentInstruction, ...]:
        return tuple(
            AgentInstruction(code=self.code(e, "Cd"), information=self.text(e, "InstrInf"))
            for e in self.children(parent, name)
        )

    def regulatory(self, parent: Element | None) -> tuple[RegulatoryReporting, ...]:
        reports = []
        for element in self.children(parent, "RgltryRptg"):
            authority = self.child(element, "Authrty")
            details = tuple(
                RegulatoryDetail(
                    type=self.text(d, "Tp"),
                    date=self.date(d, "Dt"),
                    country=self.code(d, "Ctry"),
                    code=self.text(d, "Cd"),
                    amount=self.amount(d, "Amt"),
                    information=self.texts(d, "Inf"),
                )
                for d in self.children(element, "Dtls")
            )
            reports.append(
                RegulatoryReporting(
                    debit_credit_indicator=self.code(element, "DbtCdtRptgInd"),
                    authority_name=self.text(authority, "Nm"),
                    authority_country=self.code(authority, "Ctry"),
                    details=details,
                )
            )
        return tuple(reports)

    def remittance(self, parent: Element | None) -> Remittance | None:
        element = self.child(parent, "RmtInf")
        if element is None:
            return None
        blocks = []
        for block in self.children(element, "Strd"):
            documents = []
            for info in self.children(block, "RfrdDocInf"):
                kind = self.child(info, "Tp")
                related = self.child(info, "RltdDt")
                documents.append(
                    ReferredDocument(
                        number=self.text(info, "Nb"),
                        type=self.choice(kind, "CdOrPrtry"),
                        related_date=self.date(info, "RltdDt")
                        if related is not None and len(related) == 0
                        else None,
                    )
                )
            amounts = self.child(block, "RfrdDocAmt")
            reference = self.child(block, "CdtrRefInf")
            ref_type = self.child(reference, "Tp")
            ref_text = self.text(reference, "Ref")
            blocks.append(
                StructuredRemittance(
                    referred_documents=tuple(documents),
                    due_amount=self.amount(amounts, "DuePyblAmt"),
                    remitted_amount=self.amount(amounts, "RmtdAmt"),
                    creditor_reference=CreditorReference(
                        reference=ref_text,
                        type=self.choice(ref_type, "CdOrPrtry"),
                        issuer=self.text(ref_type, "Issr"),
                    )
                    if ref_text
                    else None,
                    invoicer=self.party(block, "Invcr"),
                    invoicee=self.party(block, "Invcee"),
                    additional_information=self.texts(block, "AddtlRmtInf"),
                )
            )
        return Remittance(unstructured=self.texts(element, "Ustrd"), structured=tuple(blocks))

    def supplementary(self, parent: Element | None) -> tuple[SupplementaryData, ...]:
        items = []
        for element in self.children(parent, "SplmtryData"):
            envelope = self.child(element, "Envlp")
            content = (
                next((c for c in envelope if isinstance(c.tag, str)), None)
                if (envelope is not None)
                else None
            )
            if content is None:
                continue
            self._mark(envelope)  # type: ignore[arg-type]
            items.append(
                SupplementaryData(
                    placeholder=self.text(element, "PlcAndNm"),
                    content=etree.tostring(_standalone(content), encoding="unicode"),
                )
            )
        return tuple(items)

    def leftovers(self, root: Element) -> list[Element]:
        """Every element under ``root`` that no mapping read (whole subtrees, outermost only)."""
        found: list[Element] = []
        stack = [root]
        while stack:
            node = stack.pop()
            for child in node:
                if not isinstance(child.tag, str) or child in self.used:
                    continue
                if child in self.touched and (len(child) or not (child.text or "").strip()):
                    stack.append(child)
                else:
                    found.append(child)
        return found
