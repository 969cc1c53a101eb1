"""Fix what a pain.001 or pacs.008 gets wrong mechanically, each change a finding.

:func:`fix_document` recomputes the control figures (NbOfTxs, CtrlSum, TtlIntrBkSttlmAmt) from
the transactions, puts child elements in the order the version's XSD requires, turns no-break
spaces between elements into spaces, and, for a
rulebook with a restricted character set (SEPA: the basic Latin set; CBPR+: its extended set in
names, addresses and remittance, FIN X in InstrInf), transliterates text into it with the one
transliteration of :mod:`qenex_messages.charsets`, cutting what grew past the element's maximum
length. Nothing else changes, except that the safe XML parser keeps no comments (``QX463``
says so): a document with nothing to fix comes back byte for byte, so ``fix(fix(x)) ==
fix(x)``. What it cannot repair is a finding too (``QX464``); what it cannot
read at all raises :class:`QenexError`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal, Inexact, Overflow

from lxml import etree

from qenex_messages import codes
from qenex_messages.charsets import CBPR_EXTENDED_CHARS, NOT_X, X_CHARS, transliterate
from qenex_messages.findings import (
    Finding,
    Location,
    Outcome,
    QenexError,
    SchemaNotInstalledError,
    Severity,
)
from qenex_messages.identifiers import exact_sum, parse_decimal
from qenex_messages.inputs import detect_format
from qenex_messages.iso20022 import SUPPORTED, Complex, Structure, detect, parse_xml, structure
from qenex_messages.iso20022.schemas import load_schema
from qenex_messages.iso20022.xmlsafe import local_name, local_tag
from qenex_messages.iso20022.xsd import schema_errors
from qenex_messages.versions import ProfileName, ProfileOption

__all__ = [
    "NOT_FIXABLE",
    "NOT_KEPT",
    "REORDERED",
    "SPACING_FIXED",
    "TOTALS_FIXED",
    "TRANSLITERATED",
    "fix_document",
]

_F = "fix"
TOTALS_FIXED = codes.define(
    "QX460",
    Severity.INFO,
    "A control figure (NbOfTxs, CtrlSum, TtlIntrBkSttlmAmt) was recomputed from the transactions.",
    family=_F,
    fix="Nothing to fix: the figure now matches the transactions.",
)
TRANSLITERATED = codes.define(
    "QX461",
    Severity.WARNING,
    "Text was transliterated into the rulebook's character set (and cut when it grew too long).",
    family=_F,
    fix="Check the transliterated text; write it in the scheme's set at the source.",
)
REORDERED = codes.define(
    "QX462",
    Severity.INFO,
    "Child elements were put in the order the message version's XSD requires.",
    family=_F,
    fix="Nothing to fix: the elements are now in XSD order.",
)
NOT_KEPT = codes.define(
    "QX463",
    Severity.WARNING,
    "The input's XML comments and processing instructions are not kept in the fixed document.",
    family=_F,
    fix="Put what the comments said back by hand if it matters; payment data is unaffected.",
)
SPACING_FIXED = codes.define(
    "QX465",
    Severity.INFO,
    "Characters XML does not count as white space (U+00A0) between elements became spaces.",
    family=_F,
    fix="Nothing to fix: the layout between elements is now plain white space.",
)
NOT_FIXABLE = codes.define(
    "QX464",
    Severity.ERROR,
    "Something the fix mode repairs could not be repaired here (e.g. an amount that is no number).",
    family=_F,
    fix="Correct the value named by hand; the fix mode cannot guess it.",
)

_Allowed = Callable[[str], frozenset[str] | None]
"""The characters a text element may hold under a rulebook (``None``: any), by element name."""


def _sepa(_name: str) -> frozenset[str] | None:
    return X_CHARS


_CBPR_EXTENDED = frozenset({"Nm", "Ustrd", "AddtlRmtInf"})
_CBPR_X = frozenset({"InstrInf"})


def _cbpr(name: str) -> frozenset[str] | None:
    if name in _CBPR_X:
        return X_CHARS
    return CBPR_EXTENDED_CHARS if name in _CBPR_EXTENDED else None


_SCHEMES: dict[str, _Allowed] = {"sepa": _sepa, "sepa-inst": _sepa, "cbpr+": _cbpr}
"""The rulebooks with a restricted character set; the others (and none) leave text alone."""


def _typed_children(
    element: etree._Element, info: Complex, path: str
) -> Iterator[tuple[etree._Element, str, str]]:
    """Each child the type names, with its XSD type and its path (``PmtInf[2]`` when the
    element may repeat)."""
    counts: dict[str, int] = {}
    for kid in element:
        name = local_tag(kid.tag)
        slot = info.children.get(name)
        if slot is None:
            continue
        counts[name] = counts.get(name, 0) + 1
        step = f"{name}[{counts[name]}]" if slot.max > 1 else name
        yield kid, slot.type, f"{path}/{step}"


class _Fixer:
    """One document being fixed: its structure and the findings of what changed."""

    def __init__(self, struct: Structure, source: str | None) -> None:
        self.struct = struct
        self.source = source
        self.findings: list[Finding] = []
        self._orders: dict[str, dict[str, int]] = {}

    def note(self, code: codes.CodeInfo, message: str, path: str) -> None:
        self.findings.append(code.finding(message, Location(source=self.source, xpath=path)))

    # ------------------------------------------------------------------ XSD order

    def reorder(self, element: etree._Element, type_name: str, path: str) -> None:
        """Put the children of ``element`` (and below) in the order of ``type_name``."""
        info = self.struct.complex.get(type_name)
        if info is None or info.simple_base is not None:
            return
        orders = self._orders.get(type_name)
        if orders is None:
            orders = {name: slot.order for name, slot in info.children.items()}
            self._orders[type_name] = orders
        self._sort(element, list(element), orders, path)
        for kid, kid_type, kid_path in _typed_children(element, info, path):
            self.reorder(kid, kid_type, kid_path)

    def _sort(
        self,
        element: etree._Element,
        kids: list[etree._Element],
        orders: dict[str, int],
        path: str,
    ) -> None:
        # An element the type does not name stays right after the one before it.
        keys: list[tuple[int, int]] = []
        last = 0
        for index, kid in enumerate(kids):
            last = orders.get(local_tag(kid.tag), last)
            keys.append((last, index))
        if all(a <= b for a, b in itertools.pairwise(keys)):
            return
        order = [kid for _, kid in sorted(zip(keys, kids, strict=True), key=lambda p: p[0])]
        moved = next(i for i, (a, b) in enumerate(zip(order, kids, strict=True)) if a is not b)
        tails = [kid.tail for kid in kids]
        for kid in kids:
            element.remove(kid)
        for kid, tail in zip(order, tails, strict=True):
            kid.tail = tail
            element.append(kid)
        self.note(
            REORDERED,
            f"{local_name(order[moved])} moved before {local_name(kids[moved])}, as the XSD "
            f"orders the children of {local_name(element)}",
            path,
        )

    # ------------------------------------------------------------------ character set

    def transliterate(
        self, root: etree._Element, type_name: str, path: str, allowed: _Allowed
    ) -> None:
        """Text leaves outside ``allowed`` transliterated, within their maximum length."""
        for leaf, leaf_type, leaf_path in self._leaves(root, type_name, path):
            chars = allowed(local_name(leaf))
            text = leaf.text or ""
            if chars is None or all(ch in chars for ch in text):
                continue
            new = "".join(ch if ch in chars else transliterate(ch) for ch in text)
            limit = self._max_length(leaf_type)
            cut = ""
            if limit is not None and len(new) > limit:
                new, cut = new[:limit], f", cut to {limit} characters"
            leaf.text = new
            self.note(
                TRANSLITERATED, f"{local_name(leaf)} {text!r} written as {new!r}{cut}", leaf_path
            )

    def _max_length(self, type_name: str) -> int | None:
        simple = self.struct.simple.get(type_name)
        while simple is not None:
            if simple.max_length is not None:
                return simple.max_length
            simple = self.struct.simple.get(simple.base)
        return None

    def _leaves(
        self, element: etree._Element, type_name: str, path: str
    ) -> Iterator[tuple[etree._Element, str, str]]:
        info = self.struct.complex.get(type_name)
        if info is None:
            if len(element) == 0:
                yield element, type_name, path
            return
        if info.simple_base is not None:
            return  # an amount with its currency: a number, not text
        for kid, kid_type, kid_path in _typed_children(element, info, path):
            yield from self._leaves(kid, kid_type, kid_path)


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if local_name(c) == name), None)


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local_name(c) == name]


def _amount(tx: etree._Element, steps: tuple[str, ...]) -> etree._Element | None:
    found: etree._Element | None = tx
    for step in steps:
        found = _child(found, step) if found is not None else None
    return found


class _Totals:
    """The control figures of one level against the transactions below it."""

    def __init__(self, fixer: _Fixer, amounts: list[etree._Element | None], where: str) -> None:
        self.fixer = fixer
        self.count = len(amounts)
        self.where = where
        values = [parse_decimal(a.text) if a is not None else None for a in amounts]
        self.bad = next((i for i, v in enumerate(values, start=1) if v is None), None)
        self.total: Decimal | None = None
        if self.bad is None:
            try:
                self.total = exact_sum(v for v in values if v is not None)
            except (Inexact, Overflow):
                self.bad = 0

    def set(self, header: etree._Element, name: str, path: str, *, add: bool = False) -> None:
        element = _child(header, name)
        if element is None and not add:
            return
        if name == "NbOfTxs":
            value: str | None = str(self.count)
        else:
            value = None if self.total is None else format(self.total, "f")
        if value is None:
            self.fixer.note(
                NOT_FIXABLE,
                f"{name} not recomputed: transaction {self.bad} of {self.where} has no amount "
                "that is a number",
                f"{path}/{name}",
            )
            return
        if element is None:
            element = etree.SubElement(header, etree.QName(header, name).text)
            old = "missing"
        else:
            old = repr((element.text or "").strip())
            if (element.text or "").strip() == value:
                return
        element.text = value
        self.fixer.note(TOTALS_FIXED, f"{self.where} {name} {old} set to {value}", f"{path}/{name}")


_PAIN_AMOUNT = ("Amt", "InstdAmt")
_PAIN_EQUIVALENT = ("Amt", "EqvtAmt", "Amt")
_PACS_AMOUNT = ("IntrBkSttlmAmt",)


def _pain_amount(tx: etree._Element) -> etree._Element | None:
    found = _amount(tx, _PAIN_AMOUNT)
    return found if found is not None else _amount(tx, _PAIN_EQUIVALENT)


def _fix_totals(fixer: _Fixer, body: etree._Element, kind: str, path: str) -> None:
    header = _child(body, "GrpHdr")
    if header is None:
        return
    if kind == "pain.001":
        every: list[etree._Element | None] = []
        for number, block in enumerate(_children(body, "PmtInf"), start=1):
            amounts = [_pain_amount(tx) for tx in _children(block, "CdtTrfTxInf")]
            every.extend(amounts)
            level = _Totals(fixer, amounts, f"PmtInf[{number}]")
            for name in ("NbOfTxs", "CtrlSum"):
                level.set(block, name, f"{path}/PmtInf[{number}]")
        group = _Totals(fixer, every, "GrpHdr")
    else:
        amounts = [_amount(tx, _PACS_AMOUNT) for tx in _children(body, "CdtTrfTxInf")]
        group = _Totals(fixer, amounts, "GrpHdr")
        group.set(header, "TtlIntrBkSttlmAmt", f"{path}/GrpHdr")
    group.set(header, "NbOfTxs", f"{path}/GrpHdr", add=True)
    group.set(header, "CtrlSum", f"{path}/GrpHdr")


_LAYOUT = " \t\r\n\u00a0"


def _fix_spacing(fixer: _Fixer, root: etree._Element) -> None:
    """No-break spaces in the layout between elements (an editor's indentation) become spaces:
    XML counts them as text there, which the XSD refuses."""
    if not _HAS_NBSP(root):
        return
    changed = 0
    for element in root.iter():
        if not len(element):
            continue
        for kid in (element, *element):
            text = kid.text if kid is element else kid.tail
            if not text or "\u00a0" not in text or text.strip(_LAYOUT):
                continue
            if kid is element:
                element.text = text.replace("\u00a0", " ")
            else:
                kid.tail = text.replace("\u00a0", " ")
            changed += 1
    if changed:
        fixer.note(
            SPACING_FIXED,
            f"U+00A0 NO-BREAK SPACE between elements replaced by spaces in {changed} places",
            "/",
        )


def _all_x(document: etree._Element) -> bool:
    """True when every text of ``document`` is in the X set, the narrowest a rulebook asks
    for (one regular expression over the text instead of a walk)."""
    text = str(_TEXT(document)).translate(_LAYOUT_AS_SPACE)
    return NOT_X.search(text) is None


_TEXT = etree.XPath("string(.)")
_HAS_NBSP = etree.XPath("boolean(//text()[contains(., '\u00a0')])")
_LAYOUT_AS_SPACE = str.maketrans("\t\r\n", "   ")


def _valid(element: etree._Element, version: str) -> bool:
    """True when ``element`` (a Document or an AppHdr) passes the XSD of ``version``."""
    return not schema_errors(element, load_schema(version))


def _reorder_header(fixer: _Fixer, header: etree._Element | None, version: str | None) -> None:
    """The AppHdr in its XSD's order, when that XSD is installed (else it is left as it is)."""
    if header is None or version is None:
        return
    try:
        if _valid(header, version):
            return
        head = structure(version)
    except SchemaNotInstalledError:
        return
    for_header = _Fixer(head, fixer.source)
    for_header.reorder(header, head.root_type, "/AppHdr")
    fixer.findings.extend(for_header.findings)


def _scheme(profile: ProfileOption | None, root: etree._Element, source: str | None) -> str | None:
    if profile == "auto":
        from qenex_messages.rules import select_profile  # the rulebooks load only for auto

        chosen: ProfileName | None = select_profile(root, source=source).profile
        return chosen
    return profile


def fix_document(
    data: bytes, *, profile: ProfileOption | None = "auto", source: str | None = None
) -> Outcome[bytes]:
    """``data`` (a pain.001 or pacs.008 in a supported version) with its control figures
    recomputed, its elements in XSD order, no-break spaces between elements made spaces and,
    under a rulebook with a restricted character set (``profile``; ``auto`` picks one from the
    message, ``None`` none), its text transliterated. The findings say what changed or could
    not be fixed (``QX464``); with nothing to change the value is ``data`` itself. Raises
    :class:`QenexError` for input that is not such a document, and
    :class:`~qenex_messages.SchemaNotInstalledError` when the version's XSD is not installed."""
    if detect_format(bytes(data)) == "mt":
        raise QenexError("fix repairs ISO 20022 XML (pain.001, pacs.008); this is an MT message")
    parsed = parse_xml(bytes(data), source=source)
    if parsed.value is None:
        why = parsed.findings[0].message if parsed.findings else "not XML"
        raise QenexError(f"only a readable ISO 20022 XML document can be fixed: {why}")
    root = parsed.value.getroot()
    info = detect(root, source=source)
    kind, version, document = info.message_type, info.version, info.document
    if kind not in ("pain.001", "pacs.008") or document is None:
        what = version or kind or "no pain.001 or pacs.008"
        raise QenexError(f"fix handles pain.001 and pacs.008 documents; this is {what}")
    if version not in SUPPORTED:
        raise QenexError(
            f"this {kind} is in no supported version ({', '.join(SUPPORTED)}); see its namespace"
        )
    fixer = _Fixer(structure(version), source)
    body = next((c for c in document if isinstance(c.tag, str)), None)
    if body is None:
        raise QenexError("the Document is empty: there is nothing to fix")
    path = f"/Document/{local_name(body)}"
    _fix_spacing(fixer, root)
    _fix_totals(fixer, body, kind, path)
    if not _valid(document, version):  # libxml2 answers at once for a document in order
        fixer.reorder(document, fixer.struct.root_type, "/Document")
    _reorder_header(fixer, info.header, info.header_version)
    allowed = _SCHEMES.get(_scheme(profile, root, source) or "")
    if allowed is not None and not _all_x(document):
        fixer.transliterate(document, fixer.struct.root_type, "/Document", allowed)
    if not fixer.findings or all(f.code == NOT_FIXABLE.code for f in fixer.findings):
        return Outcome(bytes(data), tuple(fixer.findings))
    if _has_comments(bytes(data)):
        fixer.note(NOT_KEPT, "the input's comments and processing instructions are left out", "/")
    fixed = etree.tostring(parsed.value, xml_declaration=True, encoding="UTF-8")
    return Outcome(fixed, tuple(fixer.findings))


def _has_comments(data: bytes) -> bool:
    """True when ``data`` holds a comment or a processing instruction other than the XML
    declaration (the safe parser drops both)."""
    return b"<!--" in data or data.count(b"<?") > (1 if data.lstrip().startswith(b"<?xml") else 0)
