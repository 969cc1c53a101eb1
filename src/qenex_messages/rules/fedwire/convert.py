"""A CBPR+ pacs.008.001.08 made ready for the Fedwire Funds Service.

:func:`to_fedwire` keeps the payment (ids, amounts, parties, remittance) and changes what
Fedwire asks for differently: the IMAD as GrpHdr/MsgId, settlement CLRG through FDW, a local
instrument, the instructing and instructed agents by ABA routing number, a head.001.001.03
AppHdr with the Fedwire market practice, and none of the elements the guideline removes. The
ABA numbers and the IMAD come from the caller, never from the message or a guess: a BIC without
a routing number in ``agents`` is an error finding, and so is a missing IMAD. Every element
dropped, value replaced or value filled in is a finding; at the end the result is checked with
the ``fedwire`` profile and what it still reports is returned too, so ``ok`` means that the
message passes ``--profile fedwire``.
"""

from __future__ import annotations

import copy
import re
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from lxml import etree

from qenex_messages.codes import define
from qenex_messages.findings import Finding, Location, QenexError, Severity
from qenex_messages.identifiers import aba_problem, is_valid_bic
from qenex_messages.iso20022.detect import ISO_PREFIX, detect
from qenex_messages.iso20022.document import ENVELOPE_NS
from qenex_messages.iso20022.xmlsafe import local_name, parse_xml, safe_parser
from qenex_messages.rules.clock import today
from qenex_messages.rules.fedwire.bah import REGISTRY
from qenex_messages.rules.fedwire.common import PARTIES
from qenex_messages.rules.fedwire.dates import limits_on
from qenex_messages.rules.fedwire.group import imad_problem
from qenex_messages.rules.fedwire.parties import ADDRESSES
from qenex_messages.rules.fedwire.payment import LOCAL_INSTRUMENTS
from qenex_messages.rules.fedwire.unused import (
    AGENT_PARTS,
    GROUP_HEADER,
    SETTLEMENT,
    TRANSACTION,
)

__all__ = ["FEDWIRE_SERVICE", "FedwireConversion", "to_fedwire"]

DROPPED = define(
    "QX570",
    Severity.WARNING,
    "Converting for Fedwire dropped an element the Fedwire Funds guideline does not carry.",
    family="rules:fedwire",
    fix="Nothing to fix if the dropped value is not needed; else send it another way.",
)
NEEDED = define(
    "QX571",
    Severity.ERROR,
    "Converting for Fedwire needs a value the message does not have and the caller did not give.",
    family="rules:fedwire",
    fix="Give the value (an ABA number with --aba BIC=ROUTING, the IMAD with --imad).",
)
SET = define(
    "QX572",
    Severity.INFO,
    "Converting for Fedwire set or replaced a value (settlement, local instrument, header).",
    family="rules:fedwire",
    fix="Nothing to fix; check that the value set is the one meant.",
)

FEDWIRE_SERVICE = "021151080"
"""The Fedwire Funds Service's own connection party: the AppHdr To of a message sent to it
(the Fedwire pacs.002 guideline fixes it as the status sender's member id)."""
PACS = "pacs.008.001.08"
HEAD_NS = ISO_PREFIX + "head.001.001.03"
SERVICES = ("TEST", "PROD")
_TX_ORDER = [
    "PmtId",
    "PmtTpInf",
    "IntrBkSttlmAmt",
    "IntrBkSttlmDt",
    "SttlmPrty",
    "SttlmTmIndctn",
    "SttlmTmReq",
    "AccptncDtTm",
    "PoolgAdjstmntDt",
    "InstdAmt",
    "XchgRate",
    "ChrgBr",
    "ChrgsInf",
]
_TYPE_ORDER = ("InstrPrty", "ClrChanl", "SvcLvl", "LclInstrm", "CtgyPurp")


@dataclass(frozen=True, slots=True)
class FedwireConversion:
    """The converted message (``None`` when the input is not a pacs.008.001.08) and findings."""

    data: bytes | None
    findings: tuple[Finding, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when no finding is an error: the message passes ``--profile fedwire``."""
        return self.data is not None and not any(f.is_error for f in self.findings)


def to_fedwire(  # noqa: PLR0913  (the values only the caller can give, all keyword-only)
    data: bytes,
    *,
    agents: Mapping[str, str],
    imad: str | None = None,
    service: str = "TEST",
    local_instrument: str = "CTRC",
    source: str | None = None,
    as_of: date | None = None,
) -> FedwireConversion:
    """Convert a pacs.008.001.08 (a CBPR+ one, with or without AppHdr) for the Fedwire Funds
    Service. ``agents`` maps BICs to 9-digit ABA routing numbers (the instructing and instructed
    agents' BICs must be there), ``imad`` is the message's IMAD (GrpHdr/MsgId), ``service`` the
    BizSvc (TEST or PROD). A malformed ``agents``, ``imad``, ``service`` or ``local_instrument``
    raises QenexError; what the message lacks is a finding."""
    routing = _routing(agents)
    _check_options(imad, service, local_instrument)
    parsed = parse_xml(data, source=source)
    if parsed.value is None:
        return FedwireConversion(None, tuple(parsed.findings))
    info = detect(parsed.value.getroot(), source=source)
    if info.version != PACS or info.document is None:
        found = info.version or info.message_type or "no ISO 20022 message"
        problem = NEEDED.finding(
            f"Fedwire takes a {PACS}; this is {found} (convert it with --to {PACS} first)",
            Location(source=source),
        )
        return FedwireConversion(None, (*info.findings, problem))
    job = _Job(copy.deepcopy(info.document), source, routing, local_instrument)
    job.as_of = as_of or today("fedwire")
    job.group(imad)
    for tx in job.children(job.body, "CdtTrfTxInf"):
        job.transaction(tx)
    header = job.header(info.header, service, imad)
    nsmap: Any = {None: ENVELOPE_NS}
    root = etree.Element(f"{{{ENVELOPE_NS}}}Envelope", nsmap=nsmap)
    root.extend([header, job.document])
    out = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return FedwireConversion(out, (*job.findings, *_remaining(out, job.findings, source, as_of)))


def _routing(agents: Mapping[str, str]) -> dict[str, str]:
    routing: dict[str, str] = {}
    for bic, number in agents.items():
        key = bic.strip().upper()
        if not is_valid_bic(key):
            raise QenexError(f"{bic!r} is not a BIC (give BIC=ROUTING pairs)")
        problem = aba_problem(number.strip())
        if problem:
            raise QenexError(f"{bic}: {problem}")
        routing[key] = number.strip()
        if len(key) == 8:
            routing[key + "XXX"] = number.strip()
    return routing


def _check_options(imad: str | None, service: str, local_instrument: str) -> None:
    problem = imad_problem(imad) if imad is not None else None
    if problem:
        raise QenexError(f"--imad: {problem}")
    if service not in SERVICES:
        raise QenexError(f"BizSvc {service!r}: choose TEST or PROD")
    if local_instrument not in LOCAL_INSTRUMENTS:
        raise QenexError(
            f"local instrument {local_instrument!r}: choose {', '.join(LOCAL_INSTRUMENTS)}"
        )


def _remaining(
    out: bytes, said: list[Finding], source: str | None, as_of: date | None
) -> list[Finding]:
    """What the fedwire profile still reports on the converted message, except where the
    conversion already said what is needed (one finding per cause). The lines are the converted
    message's, not the input's, so they are left out."""
    from qenex_messages.rules.profiles import check_profile

    needed = [_plain(f.location.xpath) for f in said if f.code == NEEDED.code]
    remaining = []
    converted = etree.fromstring(out, safe_parser())
    for finding in check_profile(converted, "fedwire", as_of=as_of, source=source):
        where = _plain(finding.location.xpath)
        if any(where.startswith(path) for path in needed if path):
            continue
        remaining.append(
            replace(
                finding,
                message=f"the converted message: {finding.message}",
                location=replace(finding.location, line=None, column=None),
            )
        )
    return remaining


def _plain(xpath: str | None) -> str:
    """``xpath`` without positions (``CdtTrfTxInf[1]`` -> ``CdtTrfTxInf``)."""
    return re.sub(r"\[\d+\]", "", xpath or "")


class _Job:
    """One conversion: the document being edited and the findings so far."""

    def __init__(
        self, document: etree._Element, source: str | None, routing: dict[str, str], lcl: str
    ) -> None:
        self.document = document
        self.ns = etree.QName(document).namespace or ""
        self.body = self.child(document, "FIToFICstmrCdtTrf")
        self.source = source
        self.routing = routing
        self.local_instrument = lcl
        self.findings: list[Finding] = []
        self.as_of = today("fedwire")
        """The day whose guideline release limits apply."""

    # -- tree helpers ---------------------------------------------------------------------
    def q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def child(self, el: etree._Element | None, name: str) -> etree._Element | None:
        return None if el is None else el.find(self.q(name))

    def children(self, el: etree._Element | None, name: str) -> list[etree._Element]:
        return [] if el is None else el.findall(self.q(name))

    def at(self, el: etree._Element | None, path: str) -> list[etree._Element]:
        nodes = [] if el is None else [el]
        for step in path.split("/"):
            nodes = [c for n in nodes for c in n.findall(self.q(step))]
        return nodes

    def where(self, el: etree._Element | None) -> Location:
        if el is None:
            return Location(source=self.source)
        path = "/".join(local_name(e) for e in reversed([el, *el.iterancestors()]))
        return Location(source=self.source, xpath="/" + path)

    def insert(self, parent: etree._Element, new: etree._Element, order: tuple[str, ...]) -> None:
        """Put ``new`` among ``parent``'s children where ``order`` (the XSD sequence) says."""
        rank = order.index(local_name(new))
        for index, sibling in enumerate(parent):
            name = local_name(sibling)
            if name in order and order.index(name) > rank:
                parent.insert(index, new)
                return
        parent.append(new)

    def drop(self, base: etree._Element | None, paths: tuple[str, ...] | list[str]) -> None:
        for path in paths:
            for el in self.at(base, path):
                self.findings.append(
                    DROPPED.finding(
                        f"{path} dropped: the Fedwire Funds guideline does not carry it "
                        f"({_shown(el)})",
                        self.where(el),
                    )
                )
                parent = el.getparent()
                if parent is not None:
                    parent.remove(el)

    def set(self, el: etree._Element, what: str) -> None:
        self.findings.append(SET.finding(what, self.where(el)))

    # -- the message ----------------------------------------------------------------------
    def group(self, imad: str | None) -> None:
        grp = self.child(self.body, "GrpHdr")
        if grp is None:
            return
        self.drop(grp, GROUP_HEADER)
        self.drop(self.body, ("SplmtryData",))
        msg_id = self.child(grp, "MsgId")
        if imad is not None and msg_id is not None:
            self.set(msg_id, f"GrpHdr/MsgId {msg_id.text!r} replaced by the IMAD {imad}")
            msg_id.text = imad
        elif msg_id is not None and imad_problem(msg_id.text or ""):
            self.findings.append(
                NEEDED.finding(
                    "GrpHdr/MsgId must be the IMAD Fedwire assigns to the message: give it "
                    "(--imad)",
                    self.where(msg_id),
                )
            )
        self.settlement(grp)

    def settlement(self, grp: etree._Element) -> None:
        info = self.child(grp, "SttlmInf")
        if info is None:
            return
        self.drop(info, SETTLEMENT)
        method = self.child(info, "SttlmMtd")
        if method is not None and method.text != "CLRG":
            self.set(method, f"SttlmMtd {method.text} replaced by CLRG (settled by Fedwire)")
            method.text = "CLRG"
        system = self.child(info, "ClrSys")
        if system is None or self.child(system, "Cd") is None or system[0].text != "FDW":
            if system is not None:
                info.remove(system)
            system = etree.SubElement(info, self.q("ClrSys"))
            etree.SubElement(system, self.q("Cd")).text = "FDW"
            self.set(system, "SttlmInf/ClrSys/Cd set to FDW (the Fedwire Funds Service)")

    def transaction(self, tx: etree._Element) -> None:
        self.drop(tx, TRANSACTION)
        self.drop(tx, ("SplmtryData",))
        self.drop(tx, [f"{p}/CtctDtls" for p in PARTIES])
        self.drop(tx, AGENT_PARTS)
        for address_type in list(tx.iter(self.q("AdrTp"))):
            self.drop(address_type.getparent(), ("AdrTp",))
        self.payment_type(tx)
        self.amounts(tx)
        for name in ("InstgAgt", "InstdAgt"):
            self.fedwire_agent(tx, name)
        for address in ADDRESSES:
            for el in self.at(tx, address):
                self.address_lines(el)

    def payment_type(self, tx: etree._Element) -> None:
        kind = self.child(tx, "PmtTpInf")
        if kind is None:
            kind = etree.Element(self.q("PmtTpInf"))
            self.insert(tx, kind, tuple(_TX_ORDER))
        instrument = self.child(kind, "LclInstrm")
        current = self.child(instrument, "Prtry")
        if current is not None and current.text in LOCAL_INSTRUMENTS:
            return
        old = ""
        if instrument is not None:
            old = _all_text(instrument).strip()
            kind.remove(instrument)
        instrument = etree.Element(self.q("LclInstrm"))
        etree.SubElement(instrument, self.q("Prtry")).text = self.local_instrument
        self.insert(kind, instrument, _TYPE_ORDER)
        was = f" (was {old!r})" if old else ""
        self.set(instrument, f"PmtTpInf/LclInstrm/Prtry set to {self.local_instrument}{was}")

    def amounts(self, tx: etree._Element) -> None:
        amount = self.child(tx, "IntrBkSttlmAmt")
        if amount is None:
            return
        if amount.get("Ccy") != "USD":
            self.findings.append(
                NEEDED.finding(
                    f"IntrBkSttlmAmt is in {amount.get('Ccy')}; Fedwire settles USD, and "
                    "converting the amount is not this conversion's to make",
                    self.where(amount),
                )
            )
        if self.child(tx, "InstdAmt") is None:
            instructed = etree.Element(self.q("InstdAmt"), Ccy=amount.get("Ccy") or "")
            instructed.text = amount.text
            self.insert(tx, instructed, tuple(_TX_ORDER))
            self.set(
                instructed,
                f"InstdAmt set to the settlement amount {amount.text} {amount.get('Ccy')} "
                "(the message gives no instructed amount)",
            )

    def fedwire_agent(self, tx: etree._Element, name: str) -> None:
        agent = self.child(tx, name)
        fin = self.child(agent, "FinInstnId")
        if agent is None or fin is None:
            return
        bic = self.text(fin, "BICFI") or ""
        members = self.at(fin, "ClrSysMmbId/MmbId")
        number = self.routing.get(bic)
        if number is None and members and self.at(fin, "ClrSysMmbId/ClrSysId/Cd"):
            code = self.at(fin, "ClrSysMmbId/ClrSysId/Cd")[0].text
            number = members[0].text if code == "USABA" else None
        if number is None:
            self.findings.append(
                NEEDED.finding(
                    f"{name} {bic or 'without BIC'}: Fedwire names it by ABA routing number; "
                    f"give it (--aba {bic or 'BIC'}=ROUTING)",
                    self.where(agent),
                )
            )
            return
        kept = "; ".join(f"{local_name(c)} {_all_text(c)!r}" for c in fin)
        for part in list(fin):
            fin.remove(part)
        member = etree.SubElement(fin, self.q("ClrSysMmbId"))
        system = etree.SubElement(member, self.q("ClrSysId"))
        etree.SubElement(system, self.q("Cd")).text = "USABA"
        etree.SubElement(member, self.q("MmbId")).text = number
        self.set(member, f"{name} identified by ABA {number} (USABA) instead of {kept}")

    def address_lines(self, address: etree._Element) -> None:
        limits = limits_on(self.as_of)
        lines = self.children(address, "AdrLine")
        if all(len(line.text or "") <= limits.address_line_length for line in lines):
            return
        wrapped = [
            part
            for line in lines
            for part in textwrap.wrap(line.text or "", limits.address_line_length) or [""]
        ]
        if len(wrapped) > limits.address_lines:
            return  # the profile reports what no split can fix
        index = list(address).index(lines[0])
        for line in lines:
            address.remove(line)
        for offset, text in enumerate(wrapped):
            line = etree.Element(self.q("AdrLine"))
            line.text = text
            address.insert(index + offset, line)
        self.set(
            address,
            f"AdrLine split into {len(wrapped)} lines of at most {limits.address_line_length} "
            "characters",
        )

    # -- the header -----------------------------------------------------------------------
    def header(
        self, original: etree._Element | None, service: str, imad: str | None
    ) -> etree._Element:
        def text(path: str) -> str | None:
            if original is None:
                return None
            found = original.find("/".join(f"{{*}}{s}" for s in path.split("/")))
            return None if found is None else (found.text or "").strip()

        sender = self.at(self.body, "CdtTrfTxInf/InstgAgt/FinInstnId/ClrSysMmbId/MmbId")
        grp = self.child(self.body, "GrpHdr")
        nsmap: Any = {None: HEAD_NS}
        header = etree.Element(f"{{{HEAD_NS}}}AppHdr", nsmap=nsmap)
        parts: list[tuple[str, str]] = [
            ("Fr", sender[0].text or "" if sender else ""),
            ("To", FEDWIRE_SERVICE),
        ]
        for side, member in parts:
            node = etree.SubElement(header, f"{{{HEAD_NS}}}{side}")
            for step in ("FIId", "FinInstnId", "ClrSysMmbId", "MmbId"):
                node = etree.SubElement(node, f"{{{HEAD_NS}}}{step}")
            node.text = member
        created = text("CreDt") or self.text(grp, "CreDtTm")
        values = (
            ("BizMsgIdr", text("BizMsgIdr") or imad or self.text(grp, "MsgId") or ""),
            ("MsgDefIdr", PACS),
            ("BizSvc", service),
        )
        for name, value in values:
            etree.SubElement(header, f"{{{HEAD_NS}}}{name}").text = value
        practice = etree.SubElement(header, f"{{{HEAD_NS}}}MktPrctc")
        etree.SubElement(practice, f"{{{HEAD_NS}}}Regy").text = REGISTRY
        etree.SubElement(practice, f"{{{HEAD_NS}}}Id").text = "frb.fedwire.01"
        etree.SubElement(header, f"{{{HEAD_NS}}}CreDt").text = created or ""
        if text("PssblDplct") is not None:
            etree.SubElement(header, f"{{{HEAD_NS}}}PssblDplct").text = text("PssblDplct")
        self.findings.extend(_header_findings(original, service, self.source))
        return header

    def text(self, el: etree._Element | None, name: str) -> str | None:
        found = self.child(el, name)
        return None if found is None else (found.text or "").strip()


def _header_findings(
    original: etree._Element | None, service: str, source: str | None
) -> Iterator[Finding]:
    where = Location(source=source, xpath="/AppHdr")
    before = "a new one" if original is None else f"the {etree.QName(original).namespace} one"
    yield SET.finding(
        f"AppHdr head.001.001.03 for Fedwire (From the instructing agent's ABA, To the Fedwire "
        f"Funds Service {FEDWIRE_SERVICE}, BizSvc {service}, MktPrctc frb.fedwire.01) replaces "
        f"{before}",
        where,
    )
    if original is not None:
        for name in ("CharSet", "CpyDplct", "Prty", "Sgntr", "Rltd"):
            if original.find(f"{{*}}{name}") is not None:
                yield DROPPED.finding(
                    f"AppHdr/{name} dropped: the Fedwire header is a new one", where
                )


def _shown(el: etree._Element) -> str:
    text = _all_text(el)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _all_text(el: etree._Element) -> str:
    """The text of ``el`` and everything in it, spaces folded."""
    return " ".join("".join(str(t) for t in el.itertext()).split())
