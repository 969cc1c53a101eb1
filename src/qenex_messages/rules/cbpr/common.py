"""Helpers the CBPR+ topic modules share: the profile set, release dates, BIC comparison, and
XPath proofs that read the AppHdr beside the body."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from lxml import etree

from qenex_messages.rules.base import CBPR_PROFILES
from qenex_messages.rules.proofs import TX_PATH
from qenex_messages.rules.view import Element, Message

CBPR = CBPR_PROFILES

SR2025 = date(2025, 11, 22)
"""Swift standards release 2025 (end of MT/MX coexistence for payments)."""


SR2026 = date(2026, 11, 14)


def agent_bic(msg: Message, agent: Element | None) -> str | None:
    return msg.text(agent, "FinInstnId/BICFI")


@lru_cache(maxsize=1024)  # keyed by the namespaces of the document and its AppHdr: bounded
def header_xpath(expr: str, kind: str | None, ns: str, hns: str) -> etree.XPath:
    """``expr`` compiled with ``d:`` the document's namespace, ``h:`` the AppHdr's and
    ``{tx}`` the transactions (without the EXSLT regular expressions, as rules/proofs.py)."""
    full = expr.format(tx=TX_PATH.get(kind or "", "d:CdtTrfTxInf"))
    namespaces = {}
    for prefix, uri in (("d", ns), ("h", hns)):
        if uri:
            namespaces[prefix] = uri
        else:
            full = full.replace(f"{prefix}:", "")
    return etree.XPath(full, namespaces=namespaces, regexp=False)


def header_holds(msg: Message, expr: str, **variables: Any) -> bool:
    """The XPath boolean ``expr`` on the body with ``$h`` bound to the AppHdr (see
    :func:`header_xpath`; a message without either holds nothing)."""
    if msg.body is None or msg.hdr is None:
        return False
    header: Any = msg.hdr  # lxml-stubs type a variable as a list, not an element
    return bool(header_xpath(expr, msg.kind, msg.ns, msg.hns)(msg.body, h=header, **variables))
