"""head.001 Business Application Header: parse to and render from the model."""

from __future__ import annotations

from lxml import etree

from qenex_messages.iso20022._read import Reader
from qenex_messages.iso20022._render import Builder
from qenex_messages.model import Agent, BusinessApplicationHeader

HEADER_FOR = {
    "pacs.008.001.02": "head.001.001.02",
    "pacs.008.001.08": "head.001.001.02",
    "pacs.008.001.12": "head.001.001.04",
    "pacs.008.001.13": "head.001.001.04",
    "pain.001.001.03": "head.001.001.02",
    "pain.001.001.09": "head.001.001.02",
    "pain.001.001.12": "head.001.001.04",
    "pain.001.001.13": "head.001.001.04",
}
"""The AppHdr version written with each message version."""


def parse_header(reader: Reader, element: etree._Element) -> BusinessApplicationHeader | None:
    """The model of an AppHdr element, or ``None`` when From/To are not financial institutions
    (the caller then keeps the whole header verbatim)."""
    agents: list[Agent] = []
    for tag in ("Fr", "To"):
        holder = element.find("{*}" + tag)
        institution = holder.find("{*}FIId") if holder is not None else None
        if institution is None:
            return None
        agents.append(reader.agent_of(institution))
        reader.touched.add(institution)
        reader.child(element, tag)
    related = reader.child(element, "Rltd")
    creation = reader.datetime(element, "CreDt")
    assert creation is not None
    return BusinessApplicationHeader(
        from_agent=agents[0],
        to_agent=agents[1],
        business_message_id=reader.text(element, "BizMsgIdr") or "",
        message_definition_id=reader.code(element, "MsgDefIdr") or "",
        business_service=reader.text(element, "BizSvc"),
        creation_date=creation,
        copy_duplicate=reader.code(element, "CpyDplct"),
        possible_duplicate=reader.boolean(element, "PssblDplct"),
        priority=reader.code(element, "Prty"),
        related=parse_header(reader, related) if related is not None else None,
    )


def render_header(
    header: BusinessApplicationHeader, message_version: str, header_version: str
) -> etree._Element:
    """An unshaped AppHdr element for ``header`` naming ``message_version``."""
    builder = Builder(f"urn:iso:std:iso:20022:tech:xsd:{header_version}", header_version)
    return builder.header(header, message_version)
