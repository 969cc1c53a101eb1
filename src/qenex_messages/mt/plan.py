"""One compiled plan per MT103 shape: the optimistic path of :func:`~qenex_messages.mt.check_mt`.

The shape of a message is its validation flag (block 3 field 119) and the sequence of its block
ids and tags. For each shape, a plan is built once and kept:

* one regular expression for the whole message: blocks 1 and 2 as they must be to draw no
  finding, every block 3 and block 5 tag's format, and every block 4 field's strict format
  inline, guarded by the value checks a regular expression can make (code lists, times,
  references, the lines of field 72);
* the checks a regular expression cannot make, each a table look-up or an identifier check
  cached on the value: real dates, currencies and their minor units, BIC countries, IBAN check
  digits (fields with rarer checks run their exact field check);
* what :func:`~qenex_messages.mt.network_rules.check_structure` says of the tags, decided when
  the plan is built, and the verdict of the network rules, which read only the tags, the
  variant, the codes, the currencies, whether an account is there and the countries of the two
  BICs: decided once for each combination of those and cached.

A message the plan accepts has nothing to report: :func:`clean_variant` returns its variant and
builds no field, location or finding. For anything else it returns ``None`` and the exact path
runs, which reports everything (``tests/mt/test_fast_paths.py`` proves that the two agree).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import pairwise

from qenex_messages import identifiers
from qenex_messages._resources import currency as iso4217_entry
from qenex_messages.findings import Finding
from qenex_messages.limits import Limits
from qenex_messages.mt.fields import (
    BANK_OPERATION_CODES,
    CHARGE_CODES,
    FIELDS_BY_TAG,
    INSTRUCTION_CODES,
    INSTRUCTION_INFO_ALLOWED,
    STP_INSTRUCTION_CODES,
    MtField,
    check_field,
    has_value_check,
    looks_like_iban,
    parse_date,
)
from qenex_messages.mt.network_rules import EEA_COUNTRIES, Context, check_rules, check_structure
from qenex_messages.mt.tag_formats import BLOCK3_RANK, tag_pattern

__all__ = ["clean_variant"]

Check = Callable[[re.Match[str]], bool]
"""A check of one field in a message the plan's expression matched: True when it is clean."""
Key = tuple[object, ...]
Alternative = tuple[int, tuple[tuple[str, int], ...]]
"""One strict format of a field in a plan's expression: the group of the whole format and,
by name, the groups of its sub-fields."""

_SHAPE = re.compile(r"(?:\{|\n:)([0-9A-Za-z]{1,3}):")
_BOM = b"\xef\xbb\xbf"
_MAX_PLANS = 512
_MAX_VERDICTS = 4096
_MAX_FIELDS = 64
"""Longer text blocks (an MT103 has a few dozen fields) take the exact path: no plan is
compiled for a shape that real messages do not repeat."""

# Blocks 1 and 2 of an MT103 that parse_basic_header and parse_application_header report nothing
# about: F01, a logical terminal other than X; input with a priority and delivery monitoring
# that go together, or output. The logical terminals are captured for rule C2.
_BASIC_HEADER = r"F01(?P<lt1>[A-Z0-9]{8}[A-WYZ0-9][A-Z0-9]{3})[0-9]{10}"
_APPLICATION_HEADER = (
    r"(?:I103(?P<lt_in>[A-Z0-9]{12})(?:U[13]?|N?2?|S[123]?)(?:[0-9]{3})?"
    r"|O103[0-9]{10}(?P<lt_out>[A-Z0-9]{12})[0-9]{20}[SUN])"
)

_SYSTEM_BLOCK = r"\{S:(?:\{[A-Za-z0-9]{1,3}:[^{}\x00-\x1f\x7f]*\})*\}"
"""A local ``{S:}`` block: entries of any text but control characters, none checked."""


def _codes(codes: Sequence[str]) -> str:
    return "(?:" + "|".join(map(re.escape, codes)) + ")"


def _guard(tag: str, variant: str) -> str | None:
    """What the whole value of ``tag`` must match for its value check to be silent, when a
    regular expression can say it (``None`` otherwise)."""
    if tag == "20":  # no leading or trailing '/', no '//'
        return r"(?!/)(?:/?[^/\n])+"
    if tag == "13C":  # HHMM time, sign, offset of at most 13 hours
        return r"/[A-Z0-9]{1,8}/(?:[01][0-9]|2[0-3])[0-5][0-9][+-](?:0[0-9]|1[0-3])[0-5][0-9]"
    if tag == "23B":
        return _codes(BANK_OPERATION_CODES)
    if tag == "71A":
        return _codes(CHARGE_CODES)
    if tag == "23E":
        stp = variant == "STP"
        allowed = STP_INSTRUCTION_CODES if stp else INSTRUCTION_CODES
        info = {"REPA"} if stp else INSTRUCTION_INFO_ALLOWED
        bare = [code for code in allowed if code not in info]
        return f"(?:{_codes([c for c in allowed if c in info])}(?:/.*)?|{_codes(bare)})"
    if tag == "72" and variant != "STP":  # every line /CODE/, or // to continue the one above
        return r"/[A-Z0-9]{1,8}/.*(?:\n(?://|/[A-Z0-9]{1,8}/).*)*"
    return None


_AMOUNTS = {
    "32A": (True, False),
    "33B": (False, False),
    "71F": (False, False),
    "71G": (False, True),
}
"""Amount fields: (has a date, must not be zero)."""
_BIC_FIELDS = frozenset({"50A", "51A", "52A", "53A", "54A", "55A", "56A", "57A", "59A"})
_ACCOUNT_FIELDS = frozenset({"50K", "59"})
_PROVEN = frozenset({"36"})
"""Fields whose value check finds nothing once the strict format matched."""
_RULE_VALUES = ("code", "currency")
_RULE_PRESENCE = ("account", "dc")
"""The sub-fields the network rules read: codes and currencies by value; accounts and party
identifiers only for whether they are there and start with '/'."""


@lru_cache(maxsize=4096)
def _real_date(yymmdd: str) -> bool:
    return parse_date(yymmdd) is not None


def _amount_check(date: int | None, currency: int, amount: int, *, nonzero: bool) -> Check:
    def check(m: re.Match[str]) -> bool:
        if date is not None and not _real_date(m.group(date)):
            return False
        ccy, text = m.group(currency, amount)
        info = iso4217_entry(ccy)
        if info is None or len(text) - text.index(",") - 1 > (info.minor_units or 0):
            return False
        return not nonzero or text.strip("0,") != ""

    return check


def _account_ok(account: str | None) -> bool:
    """True unless ``account`` is written as an IBAN and is not a valid one."""
    return not looks_like_iban(account) or identifiers.is_valid_iban(account or "")


def _account_check(account: int) -> Check:
    return lambda m: _account_ok(m.group(account))


def _bic_check(bank: int, value: int, account: int | None) -> Check:
    def check(m: re.Match[str]) -> bool:
        # The BIC ends the value (option A, 50A, 59A): from its bank code to the end.
        if not identifiers.is_valid_bic(m.string[m.start(bank) : m.end(value)]):
            return False
        return account is None or _account_ok(m.group(account))

    return check


def _exact_check(tag: str, value: int, variant: str) -> Check:
    def check(m: re.Match[str]) -> bool:
        found: list[Finding] = []
        check_field(None, MtField(tag, m.group(value)), found, variant=variant)
        return not found

    return check


def _getter(groups: Sequence[int]) -> Callable[[re.Match[str]], tuple[str | None, ...]]:
    """The values of ``groups`` as a tuple, in one call whatever their number."""
    if not groups:
        return lambda _m: ()
    if len(groups) == 1:
        (only,) = groups
        return lambda m: (m.group(only),)
    return lambda m: m.group(*groups)


def _field(tag: str, m: re.Match[str], value: int, alternatives: Sequence[Alternative]) -> MtField:
    """Field ``tag`` of a message the plan accepted, as :func:`check_field` would read it: its
    sub-fields are the groups of the first strict format that matched (the expression tries
    them in the order ``check_field`` does), and it is well formed (its checks all passed)."""
    f = MtField(tag, m.group(value), well_formed=True)
    for marker, groups in alternatives:
        if m.start(marker) >= 0:
            f.components = {name: m.group(index) for name, index in groups}
            break
    return f


def _bic(lt: str) -> str:
    """The 11-character BIC of a logical terminal (its 9th character, the terminal, dropped)."""
    return lt[:8] + lt[9:]


class _Plan:
    """What checking a message of one shape takes (see the module's description)."""

    __slots__ = ("checks", "fields", "pattern", "presence", "values", "variant", "verdicts")

    def __init__(
        self,
        pattern: re.Pattern[str],
        checks: tuple[Check, ...],
        values: Callable[[re.Match[str]], tuple[str | None, ...]],
        presence: Callable[[re.Match[str]], tuple[str | None, ...]],
        fields: tuple[tuple[str, int, tuple[Alternative, ...]], ...],
        variant: str,
    ) -> None:
        self.pattern = pattern
        self.checks = checks
        self.values = values
        self.presence = presence
        self.fields = fields
        """Each block 4 field's tag, the group of its value and its strict formats."""
        self.variant = variant
        self.verdicts: dict[Key, bool] = {}

    def rules_pass(self, m: re.Match[str]) -> bool:
        """True when no network rule reports anything on the matched message."""
        lt1, lt_in, lt_out = m.group("lt1", "lt_in", "lt_out")
        other = lt_in or lt_out
        key = (
            lt1[4:6] in EEA_COUNTRIES and other[4:6] in EEA_COUNTRIES,
            self.values(m),
            tuple(None if v is None else v[:1] == "/" for v in self.presence(m)),
        )
        verdict = self.verdicts.get(key)
        if verdict is None:
            fields = [_field(tag, m, value, formats) for tag, value, formats in self.fields]
            sender, receiver = (lt1, lt_in) if lt_in is not None else (lt_out, lt1)
            verdict = not check_rules(Context(fields, self.variant, _bic(sender), _bic(receiver)))
            if len(self.verdicts) >= _MAX_VERDICTS:
                self.verdicts.clear()
            self.verdicts[key] = verdict
        return verdict


def _split_shape(
    shape: Sequence[str],
) -> tuple[Sequence[str], Sequence[str], Sequence[str] | None, bool]:
    """The tags of blocks 3, 4 and 5 (``None``: no block 5) of a shape that has blocks 1 to 4
    in order, and whether a local ``{S:}`` block ends it; empty lists when the shape does not
    start so (no plan reads it)."""
    if tuple(shape[:3]) != ("1", "2", "3") or "4" not in shape:
        return (), (), (), False
    four = shape.index("4")
    rest = shape[four + 1 :]
    system = "S" in rest
    if system:
        rest = rest[: rest.index("S")]
    if "5" not in rest:
        return shape[3:four], rest, None, system
    five = rest.index("5")
    return shape[3:four], rest[:five], rest[five + 1 :], system


def _clean_block3(tags: Sequence[str], variant: str) -> bool:
    """True when block 3 with ``tags`` in this order draws no finding (values aside)."""
    ranks = [BLOCK3_RANK.get(t, -1) for t in tags]
    return (
        "121" in tags
        and ("119" in tags) == (variant != "core")
        and -1 not in ranks
        and all(a < b for a, b in pairwise(ranks))
    )


def _tag_block(block_id: str, tags: Sequence[str], variant: str) -> str | None:
    """The expression of a block of ``{tag:value}`` entries with well-formed values."""
    parts = []
    for tag in tags:
        value = re.escape(variant) if tag == "119" else tag_pattern(block_id, tag)
        if value is None:
            return None
        parts.append(rf"\{{{re.escape(tag)}:(?:{value})\}}")
    return rf"\{{{block_id}:{''.join(parts)}\}}"


_GROUP_NAME = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")


def _field_source(i: int, tags: Sequence[str], variant: str) -> str:
    """Field ``i`` of block 4: its tag, the guard of its value check, its strict formats (the
    groups of alternative ``j`` renamed ``f{i}a{j}_{name}``, the alternative ``f{i}a{j}``, the
    whole value ``v{i}``)."""
    tag = tags[i]
    spec = FIELDS_BY_TAG[tag][1].options[tag[2:]]
    alternatives = "|".join(
        rf"(?P<f{i}a{j}>" + _GROUP_NAME.sub(rf"(?P<f{i}a{j}_\1>", compiled.source) + ")"
        for j, compiled in enumerate(spec.compiled())
    )
    end = rf"\n:{tags[i + 1]}:" if i + 1 < len(tags) else r"\n-\}"
    guard = _guard(tag, variant)
    ahead = "" if guard is None else f"(?=(?:{guard}){end})"
    # Atomic: the value is read up to the next separator once, as a match of the value alone
    # would read it; a failure further on never retries the ways a value could be cut into
    # its sub-fields (which would multiply from field to field).
    return rf"\n:{tag}:{ahead}(?>(?P<v{i}>{alternatives})(?={end}))"


def _field_check(i: int, tag: str, groups: dict[str, int], variant: str) -> Check | None:
    """The check of field ``i`` that its expression cannot make (``None``: nothing to check)."""
    if _guard(tag, variant) is not None or tag in _PROVEN or not has_value_check(tag):
        return None
    spec = FIELDS_BY_TAG[tag][1].options[tag[2:]]
    value = groups[f"v{i}"]
    if len(spec.notations) == 1:
        g = {
            name[len(f"f{i}a0_") :]: index
            for name, index in groups.items()
            if name.startswith(f"f{i}a0_")
        }
        if tag in _AMOUNTS:
            dated, nonzero = _AMOUNTS[tag]
            date = g["date"] if dated else None
            return _amount_check(date, g["currency"], g["amount"], nonzero=nonzero)
        if tag in _BIC_FIELDS:
            return _bic_check(g["bank"], value, g.get("account"))
        if tag in _ACCOUNT_FIELDS:
            return _account_check(g["account"])
    return _exact_check(tag, value, variant)


def _build(variant: str, shape: Sequence[str]) -> _Plan | None:
    """The plan of a shape, or ``None`` when a message of that shape always has a finding (or
    has a layout no plan reads)."""
    block3, block4, block5, system = _split_shape(shape)
    if not block4 or len(block4) > _MAX_FIELDS or not _clean_block3(block3, variant):
        return None
    # A "{1:" in a Z text (77T), where the lexer would end block 4, is in the shape as tag "1".
    if any(tag not in FIELDS_BY_TAG for tag in block4):
        return None
    if check_structure(Context([MtField(tag, "") for tag in block4], variant)):
        return None
    user_header = _tag_block("3", block3, variant)
    trailer = "" if block5 is None else _tag_block("5", block5, variant)
    if user_header is None or trailer is None:
        return None
    body = "".join(_field_source(i, block4, variant) for i in range(len(block4)))
    pattern = re.compile(
        rf"[ \t\n]*\{{1:{_BASIC_HEADER}\}}\{{2:{_APPLICATION_HEADER}\}}{user_header}"
        rf"\{{4:{body}\n-\}}{trailer}{_SYSTEM_BLOCK if system else ''}[ \t\n]*"
    )
    groups = pattern.groupindex
    checks = [_field_check(i, tag, dict(groups), variant) for i, tag in enumerate(block4)]
    values: list[int] = []
    presence: list[int] = []
    for name, index in sorted(groups.items(), key=lambda item: item[1]):
        component = name.split("_", 1)[-1]
        if name.startswith("f") and component in _RULE_VALUES:
            values.append(index)
        elif name.startswith("f") and component in _RULE_PRESENCE:
            presence.append(index)
    return _Plan(
        pattern,
        tuple(check for check in checks if check is not None),
        _getter(values),
        _getter(presence),
        tuple((tag, groups[f"v{i}"], _alternatives(i, groups)) for i, tag in enumerate(block4)),
        variant,
    )


def _alternatives(i: int, groups: Mapping[str, int]) -> tuple[Alternative, ...]:
    """The strict formats of field ``i`` in the plan's expression (see :data:`Alternative`)."""
    by_index = sorted(groups.items(), key=lambda item: item[1])
    found: list[Alternative] = []
    while (marker := groups.get(f"f{i}a{len(found)}")) is not None:
        prefix = f"f{i}a{len(found)}_"
        named = tuple((name[len(prefix) :], at) for name, at in by_index if name.startswith(prefix))
        found.append((marker, named))
    return tuple(found)


_PLANS: dict[Key, _Plan | None] = {}


def _plan(shape: Key) -> _Plan | None:
    try:
        return _PLANS[shape]
    except KeyError:
        pass
    plan = _build(str(shape[0]), [str(tag) for tag in shape[1:]])
    if len(_PLANS) >= _MAX_PLANS:  # shapes come from the input: keep the cache bounded
        _PLANS.clear()
    _PLANS[shape] = plan
    return plan


def _text(data: bytes | str, limits: Limits) -> str | None:
    """The text of ``data`` with LF line breaks, when it is ASCII with one kind of line break
    and small enough that no limit on a message or a field can apply; else ``None``."""
    if isinstance(data, str):
        if not data.isascii():
            return None
        text = data
    else:
        raw = data[len(_BOM) :] if data.startswith(_BOM) else data
        if not raw.isascii():
            return None
        text = raw.decode("ascii")
    if limits.max_mt_messages < 1:
        return None
    if len(text) > limits.max_mt_message_chars or len(text) > limits.max_mt_field_chars:
        return None
    crlf = text.count("\r\n")
    if crlf or "\r" in text:
        if text.count("\r") != crlf or text.count("\n") != crlf:
            return None
        text = text.replace("\r\n", "\n")
    return text


def _variant(text: str) -> str | None:
    """The validation flag of block 3 (``core`` without one), ``None`` for a flag MT103 lacks."""
    at = text.find("{119:")
    if at < 0:
        return "core"
    flag = text[at + 5 : text.find("}", at)]
    return flag if flag in ("STP", "REMIT") else None


def clean_variant(data: bytes | str, limits: Limits, *, screened: bool = False) -> str | None:
    """The variant (``core``, ``STP`` or ``REMIT``) of ``data`` when it is one MT103 that
    :func:`~qenex_messages.mt.check_mt` has nothing to report on; ``None`` when it may have
    (then the exact path reads it). ``screened``: the input's size was checked already."""
    if not screened and limits.input_refused(len(data)) is not None:
        return None
    text = _text(data, limits)
    variant = None if text is None else _variant(text)
    if text is None or variant is None:
        return None
    plan = _plan((variant, *_SHAPE.findall(text)))
    if plan is None or len(plan.fields) > limits.max_mt_fields:
        return None
    m = plan.pattern.fullmatch(text)
    if m is None:
        return None
    for check in plan.checks:
        if not check(m):
            return None
    return variant if plan.rules_pass(m) else None
