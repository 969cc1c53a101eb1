"""Leaves of an MT103 and of an XML message, an explicit mapping from input paths to output paths,
and the property check: each input leaf is found in the output where the mapping says, or is named
by a finding.

A *leaf* is a pair (path without indexes, value):

* MT103: ``1/sender``, ``2/receiver``, ``3:<tag>`` for block 3, and ``<tag>/<part>`` for block 4,
  e.g. ``32A/amount``, ``50K/line`` (one leaf per line of name and address), ``50F/3/town``,
  ``72/text``. Block 5 (checksums, MACs) is envelope, not content, and is left out.
* XML: the slash-joined local names from the root element (``tests.leaves.xml_leaves``), with any
  envelope above ``AppHdr``/``Document`` cut off.

A :class:`Rule` says where an input leaf may land: a regular expression over the input path,
the output paths (regular expressions, matched in full), and a :class:`Kind` that normalises the
value on both sides (dates to ``YYMMDD``, amounts to a plain Decimal, BICs to 11 characters,
text without white space). Text is *contained* in the concatenation of the values at the target
paths (MT cuts text into lines, XML joins them); every other kind must be *equal* to one output
value. A rule with no target says the value has no place by rule; the property still wants a
finding naming it, unless the rule is marked ``implied`` (the value is carried by the shape of the
output, e.g. 23B ``CRED`` by the message being a pacs.008 at all; ``NbOfTxs`` by one MT103 per
transaction).

A leaf no rule covers, or not found where its rule points, must be named by a finding: located at
an MT field with the same tag (option letter optional) or at an XPath that is the leaf's path or
one of its ancestors (indexes ignored).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from lxml import etree

from qenex_messages.findings import Finding
from qenex_messages.mt import FIELD_ORDER, Mt103Message, MtField
from tests.leaves import Leaves, xml_leaves

_SPACE = re.compile(r"\s+")
NOTPROVIDED = "NOTPROVIDED"


def _date(value: str) -> str:
    digits = re.sub(r"\D", "", value.split("T", 1)[0])
    return digits[-6:] if len(digits) >= 6 else digits


def _amount(value: str) -> str:
    try:
        number = Decimal(value.replace(",", ".").rstrip(".") or "0")
    except InvalidOperation:
        return value
    return format(number.normalize(), "f") if number == number.to_integral() else str(number)


def _bic(value: str) -> str:
    value = value.strip().upper()
    return value + "XXX" if len(value) == 8 else value


def _text(value: str) -> str:
    return _SPACE.sub("", value).upper()


def _code(value: str) -> str:
    return value.strip()


def _time(value: str) -> str:
    m = re.search(r"(\d\d):?(\d\d)(?::\d\d)?(?:\.\d+)?([+-]\d\d:?\d\d)?$", value)
    return f"{m.group(1)}{m.group(2)}{(m.group(3) or '').replace(':', '')}" if m else value


def _datetime(value: str) -> str:
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return value


def _id(value: str) -> str:
    return value.strip().lstrip("/")


class Kind(Enum):
    """How a value is normalised before comparing (and whether it is compared whole or found
    inside the text at the target paths)."""

    TEXT = (_text, True)
    CODE = (_code, False)
    DATE = (_date, False)
    AMOUNT = (_amount, False)
    BIC = (_bic, False)
    TIME = (_time, False)
    DATETIME = (_datetime, False)
    ID = (_id, False)

    @property
    def normalise(self) -> Callable[[str], str]:
        """The normaliser of this kind."""
        return self.value[0]  # type: ignore[no-any-return]

    @property
    def contained(self) -> bool:
        """True when the value is looked for inside the target text rather than compared whole."""
        return self.value[1]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Rule:
    """Input paths matching ``source`` land at output paths matching one of ``targets``."""

    source: str
    targets: tuple[str, ...] = ()
    kind: Kind = Kind.TEXT
    implied: bool = False
    """The value needs no place of its own: the output's shape carries it."""
    values: dict[str, str] | None = None
    """A code table applied to the input value before it is compared (e.g. 71A OUR -> DEBT)."""


def rule(source: str, *targets: str, kind: Kind = Kind.TEXT, **extra: object) -> Rule:
    """A :class:`Rule` written compactly."""
    return Rule(source, tuple(targets), kind, **extra)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- leaves


def _numbered(tag: str, text: str, out: Leaves) -> None:
    """50F/59F numbered lines: ``1/`` name, ``2/`` address, ``3/CC/town``, ``4/`` birth date,
    ``5/CC/place``, ``6/CC/issuer/id``, ``7/CC/id``, ``8/`` more of line 6 or 7."""
    for line in text.split("\n"):
        number, _, rest = line.partition("/")
        if number in ("3", "5") and re.match(r"[A-Z]{2}(/|$)", rest):
            out[(f"{tag}/{number}/country", rest[:2])] += 1
            if rest[3:]:
                out[(f"{tag}/{number}/town", rest[3:])] += 1
        elif number in ("6", "7") and re.match(r"[A-Z]{2}/", rest):
            out[(f"{tag}/{number}/country", rest[:2])] += 1
            out[(f"{tag}/{number}/id", rest[3:])] += 1
        else:
            out[(f"{tag}/{number}", rest)] += 1


def _coded_lines(text: str, out: Leaves) -> None:
    """72: a ``/CODE/`` at a line start is its own leaf (``72/code``); the rest is ``72/text``."""
    for line in text.split("\n"):
        m = re.match(r"/([A-Z0-9]{1,8})/(.*)$", line) if not line.startswith("//") else None
        if m is not None:
            out[("72/code", m.group(1))] += 1
            line = m.group(2)
        elif line.startswith("//"):
            line = line[2:]
        if line:
            out[("72/text", line)] += 1


def _bic_of(components: dict[str, str | None]) -> str | None:
    if components.get("bank"):
        return "".join(components.get(p) or "" for p in ("bank", "country", "location", "branch"))
    return components.get("bic")


_LINES = ("name_address", "text", "lines")
_BIC_PARTS = ("bank", "country", "location", "branch", "bic")


def mt_leaves(message: Mt103Message) -> Leaves:
    """Every leaf of ``message``: sender, receiver, block 3 and the parts of each block 4 field."""
    out: Leaves = Leaves()
    if message.sender_bic:
        out[("1/sender", message.sender_bic)] += 1
    if message.receiver_bic:
        out[("2/receiver", message.receiver_bic)] += 1
    if message.user_header is not None:
        for tag, value in message.user_header.entries:
            out[(f"3:{tag}", value)] += 1
    for f in message.fields:
        _field_leaves(f, out)
    return out


def _field_leaves(f: MtField, out: Leaves) -> None:
    """The leaves of one block 4 field."""
    comps = f.components
    if not comps:
        out.update((f"{f.tag}/line", line) for line in f.lines if f.value)
        return
    if f.tag == "13C" and comps.get("code"):
        time = "".join(comps.get(k) or "" for k in ("time", "sign", "offset"))
        out[(f"13C/{comps['code']}", time)] += 1
        return
    if f.option == "F" and (comps.get("party_identifier") or "")[:1] not in ("/", ""):
        code, _, rest = (comps.get("party_identifier") or "").partition("/")
        country, _, identifier = rest.partition("/")
        out.update([(f"{f.tag}/id/code", code), (f"{f.tag}/id/country", country)])
        out[(f"{f.tag}/id", identifier)] += 1
        comps = {k: v for k, v in comps.items() if k != "party_identifier"}
    bic = _bic_of(comps)
    if bic:
        out[(f"{f.tag}/bic", bic)] += 1
    for name, value in comps.items():
        if value is None or value == "" or name in _BIC_PARTS:
            continue
        if name == "lines" and f.option == "F":
            _numbered(f.tag, value, out)
        elif name == "party_identifier":
            out[(f"{f.tag}/account", value[1:])] += 1
        elif name == "text" and f.base == "72":
            _coded_lines(value, out)
        elif name in _LINES:
            key = "line" if name == "name_address" else name
            out.update((f"{f.tag}/{key}", line) for line in value.split("\n") if line)
        else:
            out[(f"{f.tag}/{name}", value)] += 1


def document_leaves(root: etree._Element) -> Leaves:
    """The leaves of an XML message, paths starting at ``AppHdr`` or ``Document``."""
    out: Leaves = Leaves()
    for (path, value), count in xml_leaves(root).items():
        m = re.search(r"(?:^|/)((?:AppHdr|Document)(?:/.*)?)$", path)
        if m is not None and "XMLSchema-instance" not in path:  # xsi: schema plumbing
            out[(m.group(1), value)] += count
    return out


# --------------------------------------------------------------------------- the property


@dataclass(frozen=True)
class Unexplained:
    """An input leaf neither found in the output nor named by a finding."""

    path: str
    value: str
    why: str

    def __str__(self) -> str:
        return f"{self.path} = {self.value!r}: {self.why}"


@functools.cache
def _strip_indexes(xpath: str) -> str:
    return re.sub(r"\[\d+\]", "", xpath).lstrip("/")


def named(path: str, findings: Iterable[Finding], tags: Sequence[str] = ()) -> bool:
    """True when a finding names ``path``: an MT field with the leaf's tag (``tags`` for an XML
    leaf: the MT fields its rule points to), or an XPath that is the path or an ancestor."""
    own_tag = re.match(r"(\d\d[A-Z]?|3:\d+|[12])(?=/|$)", path)
    wanted = {own_tag.group(1)[:2] if own_tag and own_tag.group(1)[0].isdigit() else ""}
    wanted |= {t[:2] for t in tags}
    wanted.discard("")
    for finding in findings:
        where = finding.location
        if where.field and where.field.split("/")[0][:2] in wanted:
            return True
        if where.field and own_tag and where.field.split("/")[0] == own_tag.group(1):
            return True
        if where.xpath:
            anchor = _strip_indexes(where.xpath)
            if path == anchor or path.startswith(anchor + "/"):
                return True
    return False


_ALL_TAGS = ("1", "2", *FIELD_ORDER)


def _tags_of(targets: Sequence[str]) -> list[str]:
    """The MT tags (``50K``, ``1``) the target paths of a rule can fall in."""
    found = []
    for target in targets:
        head = target.split("/", 1)[0]
        if not re.fullmatch(r"[\d\[\]A-Z?:|()]+", head):
            continue  # an XML path
        found.extend(tag for tag in _ALL_TAGS if re.fullmatch(head, tag))
    return found


def _named_at_target(path: str, targets: Sequence[str], findings: Iterable[Finding]) -> bool:
    """True when a finding points into the output where the leaf should have gone: its XPath
    plus a tail of the leaf's own path is a target path (a renderer names what it left out at
    the place it could not write)."""
    parts = path.split("/")
    tails = ["/" + "/".join(parts[i:]) for i in range(1, len(parts))] + [""]
    for finding in findings:
        if not finding.location.xpath:
            continue
        anchor = _strip_indexes(finding.location.xpath)
        if any(re.fullmatch(t, anchor + tail) for t in targets for tail in tails):
            return True
    return False


def _rule_for(path: str, rules: Sequence[Rule]) -> Rule | None:
    for r in rules:
        if _matches(r.source, path):
            return r
    return None


def _targets(r: Rule, path: str) -> list[str]:
    """The rule's target patterns; ``\\1`` or ``\\g<0>`` take parts of the input path."""
    m = re.fullmatch(r.source, path)
    assert m is not None
    escaped = [re.escape(g or "") for g in m.groups()]
    out = []
    for target in r.targets:
        target = target.replace(r"\g<0>", re.escape(path))
        for n, group in enumerate(escaped, start=1):
            target = target.replace(f"\\{n}", group)
        out.append(target)
    return out


@functools.cache
def _literal(pattern: str) -> str | None:
    """The one path ``pattern`` matches when it has no regular-expression operator."""
    if re.search(r"(?<!\\)[\[\](){}?*+|^$.]", pattern):
        return None
    return re.sub(r"\\(.)", r"\1", pattern)


@functools.cache
def _matches(pattern: str, path: str) -> bool:
    return re.fullmatch(pattern, path) is not None


def _found(path: str, value: str, r: Rule, output: dict[str, list[str]]) -> bool:
    if r.values is not None:
        value = r.values.get(value, value)
    norm = r.kind.normalise
    wanted = norm(value)
    if not wanted:
        return True
    at_targets: list[str] = []
    for target in _targets(r, path):
        literal = _literal(target)
        if literal is not None:
            at_targets.extend(output.get(literal, ()))
        else:
            at_targets.extend(v for p, vs in output.items() if _matches(target, p) for v in vs)
    if r.kind.contained:
        return wanted in "".join(norm(v) for v in at_targets)
    return any(norm(v) == wanted for v in at_targets)


def unexplained(
    source: Leaves,
    output: Leaves,
    findings: Sequence[Finding],
    rules: Sequence[Rule],
) -> list[Unexplained]:
    """Every input leaf of ``source`` that is neither found in ``output`` through ``rules`` nor
    named by one of ``findings`` (for an XML leaf, a finding at an MT field its rule points to
    names it too)."""
    by_path: dict[str, list[str]] = {}
    for out_path, out_value in output:
        by_path.setdefault(out_path, []).append(out_value)
    missing: list[Unexplained] = []
    for (path, value), _count in sorted(source.items()):
        if value == NOTPROVIDED:
            continue  # the CBPR+ dummy for a mandatory element without source: read as absent
        r = _rule_for(path, rules)
        if r is not None and r.implied:
            continue
        if r is not None and r.targets and _found(path, value, r, by_path):
            continue
        tags = _tags_of(r.targets) if r is not None else []
        if named(path, findings, tags):
            continue
        if r is not None and _named_at_target(path, _targets(r, path), findings):
            continue
        why = "no rule maps it" if r is None else f"not found at {' | '.join(r.targets) or '-'}"
        missing.append(Unexplained(path, value, why))
    return missing
