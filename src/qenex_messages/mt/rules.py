"""MT103 network validated rules (C1-C18 of core; the STP and REMIT equivalents) and the
cross-field checks: presence, order, repetition, options per variant, 23E combinations.

Rules are keyed by SWIFT's error code, not by rule number, because the numbering differs between
core, STP and REMIT. Each rule is a small function over the parsed fields; a rule whose input
could not be read (a field with a format error) stays silent rather than guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qenex_messages.findings import Finding, Location
from qenex_messages.mt import codes as c
from qenex_messages.mt.fields import (
    FIELDS,
    FIELDS_BY_TAG,
    INSTRUCTION_CODES,
    STP_INSTRUCTION_CODES,
    STP_OPTIONS,
    MtField,
)
from qenex_messages.mt.lexer import SourceText

__all__ = ["EEA_COUNTRIES", "RULES", "Context", "check_rules", "check_structure"]

EEA_COUNTRIES = frozenset(
    [
        "AD",
        "AT",
        "BE",
        "BG",
        "BV",
        "CH",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GB",
        "GF",
        "GI",
        "GP",
        "GR",
        "HU",
        "IE",
        "IS",
        "IT",
        "LI",
        "LT",
        "LU",
        "LV",
        "MC",
        "MQ",
        "MT",
        "NL",
        "NO",
        "PL",
        "PM",
        "PT",
        "RE",
        "RO",
        "SE",
        "SI",
        "SJ",
        "SK",
        "SM",
        "TF",
        "VA",
    ]
)
"""Country codes of rule C2 (SR 2015-2017 list; see docs/mt103-spec.md section 5.1)."""

_SERVICE_23B = frozenset({"SPRI", "SSTD", "SPAY"})
_D67_PAIRS = frozenset(
    frozenset(p)
    for p in (
        ("SDVA", "HOLD"),
        ("SDVA", "CHQB"),
        ("INTC", "HOLD"),
        ("INTC", "CHQB"),
        ("REPA", "HOLD"),
        ("REPA", "CHQB"),
        ("REPA", "CORT"),
        ("CORT", "HOLD"),
        ("CORT", "CHQB"),
        ("HOLD", "CHQB"),
        ("PHOB", "TELB"),
        ("PHON", "TELE"),
        ("PHOI", "TELI"),
    )
)


@dataclass(slots=True)
class Context:
    """What the rules look at: the fields in order, the variant, the sender and receiver BICs."""

    fields: Sequence[MtField]
    variant: str = "core"
    sender_bic: str | None = None
    receiver_bic: str | None = None
    st: SourceText | None = None
    anchor: int | None = None

    _index: dict[str, list[MtField]] | None = None

    def all(self, base: str) -> list[MtField]:
        """Every field whose tag starts with ``base`` (``"71F"`` or ``"57"``)."""
        if self._index is None:
            index: dict[str, list[MtField]] = {}
            for f in self.fields:
                index.setdefault(f.tag, []).append(f)
                if f.tag[2:]:
                    index.setdefault(f.tag[:2], []).append(f)
            self._index = index
        return self._index.get(base, [])

    def first(self, base: str) -> MtField | None:
        """The first field whose tag starts with ``base``."""
        found = self.all(base)
        return found[0] if found else None

    def loc(self, f: MtField | None) -> Location:
        """The location of field ``f`` (its ``:tag:``), or of the text block when ``None``."""
        if f is None:
            if self.st is not None and self.anchor is not None:
                return self.st.loc(self.anchor, "4")
            return Location(source=self.st.source if self.st else None, field=None)
        if self.st is not None and f.token is not None:
            return self.st.loc(f.token.start, f.tag)
        return Location(source=self.st.source if self.st else None, field=f.tag)

    def code_23b(self) -> str | None:
        f = self.first("23B")
        return f.get("code") if f is not None else None

    def codes_23e(self) -> list[tuple[str, MtField]]:
        return [(f.get("code") or "", f) for f in self.all("23E") if f.get("code")]


Rule = Callable[[Context], list[Finding]]


def _c1_d75(ctx: Context) -> list[Finding]:
    f32, f33, f36 = ctx.first("32A"), ctx.first("33B"), ctx.first("36")
    if f32 is None or not f32.get("currency"):
        return []
    differs = f33 is not None and f33.get("currency") not in (None, f32.get("currency"))
    if differs and f36 is None:
        return [c.D75.finding("33B and 32A currencies differ, so 36 is mandatory", ctx.loc(f33))]
    if not differs and f36 is not None and (f33 is None or f33.get("currency")):
        return [
            c.D75.finding(
                "36 is only allowed when 33B is present in another currency than 32A",
                ctx.loc(f36),
            )
        ]
    return []


def _c2_d49(ctx: Context) -> list[Finding]:
    s, r = ctx.sender_bic, ctx.receiver_bic
    if not s or not r or ctx.first("33B") is not None:
        return []
    if s[4:6] in EEA_COUNTRIES and r[4:6] in EEA_COUNTRIES:
        return [
            c.D49.finding(
                f"sender ({s[4:6]}) and receiver ({r[4:6]}) are both in the C2 country list, "
                "so 33B is mandatory",
                ctx.loc(ctx.first("32A")),
            )
        ]
    return []


def _c3_e01_e02(ctx: Context) -> list[Finding]:
    b = ctx.code_23b()
    out: list[Finding] = []
    allowed = ("SDVA", "INTC") if ctx.variant == "STP" else ("SDVA", "TELB", "PHOB", "INTC")
    for code, f in ctx.codes_23e():
        if b == "SPRI" and code not in allowed:
            out.append(
                c.E01.finding(
                    f"with 23B SPRI, 23E must be {', '.join(allowed)}, not {code}", ctx.loc(f)
                )
            )
        elif b in ("SSTD", "SPAY"):
            out.append(c.E02.finding(f"with 23B {b}, 23E is not allowed", ctx.loc(f)))
    return out


def _service(ctx: Context) -> str | None:
    b = ctx.code_23b()
    return b if b in _SERVICE_23B else None


def _c4_e03(ctx: Context) -> list[Finding]:
    f = ctx.first("53")
    b = _service(ctx)
    if b and f is not None and f.option == "D":
        return [c.E03.finding(f"with 23B {b}, 53a must not be option D", ctx.loc(f))]
    return []


def _c5_e04(ctx: Context) -> list[Finding]:
    f = ctx.first("53B")
    b = _service(ctx)
    if (b or ctx.variant == "STP") and f is not None and not (f.get("account") or f.get("dc")):
        why = f"23B {b}" if b else "MT103 STP"
        return [c.E04.finding(f"with {why}, 53B needs its party identifier", ctx.loc(f))]
    return []


def _c6_e05(ctx: Context) -> list[Finding]:
    f = ctx.first("54")
    b = _service(ctx)
    if b and f is not None and f.option != "A":
        return [c.E05.finding(f"with 23B {b}, 54a may only be option A", ctx.loc(f))]
    return []


def _c7_e06(ctx: Context) -> list[Finding]:
    f = ctx.first("55")
    if f is not None and (ctx.first("53") is None or ctx.first("54") is None):
        return [c.E06.finding("55a requires both 53a and 54a", ctx.loc(f))]
    return []


def _c8_e07(ctx: Context) -> list[Finding]:
    f = ctx.first("55")
    b = _service(ctx)
    if b and f is not None and f.option != "A":
        return [c.E07.finding(f"with 23B {b}, 55a may only be option A", ctx.loc(f))]
    return []


def _c9_c81(ctx: Context) -> list[Finding]:
    f = ctx.first("56")
    if f is not None and ctx.first("57") is None:
        return [c.C81.finding("56a requires 57a", ctx.loc(f))]
    return []


def _c10_e16_e17(ctx: Context) -> list[Finding]:
    f = ctx.first("56")
    b = ctx.code_23b()
    if f is None:
        return []
    if b == "SPRI":
        return [c.E16.finding("with 23B SPRI, 56a is not allowed", ctx.loc(f))]
    if b in ("SSTD", "SPAY"):
        if f.option not in ("A", "C"):
            return [c.E17.finding(f"with 23B {b}, 56a may only be A or C", ctx.loc(f))]
        if f.option == "C" and not (f.get("account") or "").startswith("/"):
            return [c.E17.finding(f"with 23B {b}, 56C must hold a //clearing code", ctx.loc(f))]
    return []


def _c11_e09(ctx: Context) -> list[Finding]:
    f = ctx.first("57")
    b = _service(ctx)
    if not b or f is None:
        return []
    if f.option not in ("A", "C", "D"):
        return [c.E09.finding(f"with 23B {b}, 57a may only be A, C or D", ctx.loc(f))]
    if f.option == "D" and not (f.get("account") or f.get("dc")):
        return [c.E09.finding(f"with 23B {b}, 57D needs its party identifier", ctx.loc(f))]
    return []


def _c12_e10(ctx: Context) -> list[Finding]:
    f = ctx.first("59")
    if _service(ctx) is None and ctx.variant != "STP":
        return []
    why = f"23B {_service(ctx)}" if _service(ctx) else "MT103 STP"
    if f is None:
        return [c.E10.finding(f"with {why}, 59a with an account is mandatory", ctx.loc(None))]
    if f.components and not f.get("account"):
        return [c.E10.finding(f"with {why}, the 59a account is mandatory", ctx.loc(f))]
    return []


def _c13_e18(ctx: Context) -> list[Finding]:
    f = ctx.first("59")
    if f is None or not f.get("account"):
        return []
    if any(code == "CHQB" for code, _ in ctx.codes_23e()):
        return [c.E18.finding("with 23E CHQB, 59a must not have an account", ctx.loc(f))]
    return []


def _c14_charges(ctx: Context) -> list[Finding]:
    f71a = ctx.first("71A")
    code = f71a.get("code") if f71a is not None else None
    f71f, f71g = ctx.all("71F"), ctx.first("71G")
    if code == "OUR" and f71f:
        return [c.E13.finding("with 71A OUR, 71F is not allowed", ctx.loc(f71f[0]))]
    if code == "SHA" and f71g is not None:
        return [c.D50.finding("with 71A SHA, 71G is not allowed", ctx.loc(f71g))]
    if code == "BEN" and (not f71f or f71g is not None):
        why = "71G is not allowed" if f71g is not None else "at least one 71F is mandatory"
        return [c.E15.finding(f"with 71A BEN, {why}", ctx.loc(f71g or f71a))]
    return []


def _c15_d51(ctx: Context) -> list[Finding]:
    charges = ctx.all("71F") + ctx.all("71G")
    if charges and ctx.first("33B") is None:
        return [c.D51.finding("71F or 71G present, so 33B is mandatory", ctx.loc(charges[0]))]
    return []


def _c16_e44(ctx: Context) -> list[Finding]:
    if ctx.first("56") is not None:
        return []
    return [
        c.E44.finding(f"23E {code} needs an intermediary (56a)", ctx.loc(f))
        for code, f in ctx.codes_23e()
        if code in ("TELI", "PHOI")
    ]


def _c17_e45(ctx: Context) -> list[Finding]:
    if ctx.first("57") is not None:
        return []
    return [
        c.E45.finding(f"23E {code} needs an account with institution (57a)", ctx.loc(f))
        for code, f in ctx.codes_23e()
        if code in ("TELE", "PHON")
    ]


def _c18_c02(ctx: Context) -> list[Finding]:
    f32, f71g = ctx.first("32A"), ctx.first("71G")
    if f32 is None or f71g is None:
        return []
    ccy, ccy_g = f32.get("currency"), f71g.get("currency")
    if ccy and ccy_g and ccy != ccy_g:
        return [c.C02.finding(f"71G is in {ccy_g}; it must be in 32A's {ccy}", ctx.loc(f71g))]
    return []


def _d63(ctx: Context) -> list[Finding]:
    f = ctx.first("51A")
    if f is not None and ctx.variant != "STP":
        return [c.D63.finding("51A is only allowed in FileAct", ctx.loc(f))]
    return []


def _23e_set(ctx: Context) -> list[Finding]:
    """D98 order, E46 repetition and D67 combinations of 23E."""
    out: list[Finding] = []
    order = STP_INSTRUCTION_CODES if ctx.variant == "STP" else INSTRUCTION_CODES
    seen: list[str] = []
    for code, f in ctx.codes_23e():
        if code not in order:
            continue
        if code in seen:
            out.append(c.E46.finding(f"23E {code} appears more than once", ctx.loc(f)))
            continue
        if seen and order.index(code) < max(order.index(s) for s in seen):
            out.append(
                c.D98.finding(
                    f"23E {code} must come before {seen[-1]} (order {', '.join(order)})",
                    ctx.loc(f),
                )
            )
        for other in seen:
            if frozenset((code, other)) in _D67_PAIRS:
                out.append(c.D67.finding(f"23E {other} and {code} may not be combined", ctx.loc(f)))  # noqa: PERF401
        seen.append(code)
    return out


def _remit(ctx: Context) -> list[Finding]:
    if ctx.variant != "REMIT":
        return []
    out: list[Finding] = []
    if ctx.first("77T") is None:
        out.append(c.REMIT.finding("MT103 REMIT requires 77T", ctx.loc(None)))
    f70 = ctx.first("70")
    if f70 is not None:
        out.append(c.REMIT.finding("MT103 REMIT does not allow 70", ctx.loc(f70)))
    return out


RULES: tuple[tuple[str, Rule], ...] = (
    ("C1", _c1_d75),
    ("C2", _c2_d49),
    ("C3", _c3_e01_e02),
    ("C4", _c4_e03),
    ("C5", _c5_e04),
    ("C6", _c6_e05),
    ("C7", _c7_e06),
    ("C8", _c8_e07),
    ("C9", _c9_c81),
    ("C10", _c10_e16_e17),
    ("C11", _c11_e09),
    ("C12", _c12_e10),
    ("C13", _c13_e18),
    ("C14", _c14_charges),
    ("C15", _c15_d51),
    ("C16", _c16_e44),
    ("C17", _c17_e45),
    ("C18", _c18_c02),
    ("51A", _d63),
    ("23E", _23e_set),
    ("REMIT", _remit),
)
"""The network rules in core numbering, plus the field-combination checks; each returns findings."""


def _variant_name(variant: str) -> str:
    return "MT103" if variant == "core" else f"MT103 {variant}"


def check_rules(ctx: Context) -> list[Finding]:
    """Run every network rule over ``ctx``."""
    out: list[Finding] = []
    for _, rule in RULES:
        out.extend(rule(ctx))
    return out


def check_structure(ctx: Context) -> list[Finding]:
    """Unknown fields, options per variant, order, repetition and missing mandatory fields."""
    out: list[Finding] = []
    last = -1
    latest = ""  # the tag of the field furthest along the prescribed order so far
    counts: dict[int, int] = {}
    for f in ctx.fields:
        entry = FIELDS_BY_TAG.get(f.tag)
        if entry is None:
            same_base = [s for s in FIELDS if s.base == f.base]
            if same_base:
                opts = sorted({f.base + o for s in same_base for o in s.options})
                out.append(
                    c.OPTION.finding(
                        f"option {f.tag} does not exist; use {', '.join(opts)}", ctx.loc(f)
                    )
                )
            else:
                out.append(
                    c.UNKNOWN_FIELD.finding(f"field {f.tag} is not part of MT103", ctx.loc(f))
                )
            continue
        index, spec = entry
        if ctx.variant not in spec.variants:
            out.append(
                c.UNKNOWN_FIELD.finding(
                    f"field {f.tag} is not part of {_variant_name(ctx.variant)}",
                    ctx.loc(f),
                )
            )
        elif ctx.variant == "STP" and f.base in STP_OPTIONS and f.option not in STP_OPTIONS[f.base]:
            allowed = ", ".join(f.base + o for o in sorted(STP_OPTIONS[f.base])) or "none"
            out.append(
                c.OPTION.finding(
                    f"MT103 STP does not allow {f.tag} (allowed: {allowed})", ctx.loc(f)
                )
            )
        if index < last:
            out.append(
                c.ORDER.finding(
                    f"field {f.tag} is out of order: it must come before field {latest}; "
                    f"move :{f.tag}: above :{latest}:",
                    ctx.loc(f),
                )
            )
        if index >= last:
            last, latest = index, f.tag
        counts[index] = counts.get(index, 0) + 1
        if counts[index] == 2 and not spec.repeatable:
            out.append(c.REPEATED.finding(f"field {f.tag} may appear only once", ctx.loc(f)))
    for index, spec in enumerate(FIELDS):
        if spec.mandatory and index not in counts:
            tags = (
                "/".join(spec.base + o for o in spec.options)
                if len(spec.options) > 1
                else (spec.base + next(iter(spec.options)))
            )
            out.append(
                c.MISSING.finding(f"mandatory field {tags} ({spec.name}) is missing", ctx.loc(None))
            )
    return out
