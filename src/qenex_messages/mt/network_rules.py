"""MT103 network validated rules (C1-C18 of core; the STP and REMIT equivalents) and the
cross-field checks: presence, order, repetition, options per variant, 23E combinations.

Rules are keyed by SWIFT's error code, not by rule number, because the numbering differs between
core, STP and REMIT. Each rule is a small function over the parsed fields; a rule whose input
could not be read (a field with a format error) stays silent rather than guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from qenex_messages._resources import swift_c2_countries
from qenex_messages.codes import CodeInfo
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
from qenex_messages.rule_record import Example, Rule, Scope, all_rules, register

__all__ = [
    "EEA_COUNTRIES",
    "VARIANTS",
    "Context",
    "check_rules",
    "check_structure",
    "network_rules",
]

EEA_COUNTRIES = swift_c2_countries()
"""Country codes of rule C2 (``data/swift_c2_countries.csv``: SR 2015-2017 list)."""

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


NetworkCheck: TypeAlias = Callable[[Context], list[Finding]]
VARIANTS: tuple[str, ...] = ("core", "STP", "REMIT")
_EEA = (("sender", "DEUTDEFFAXXX"), ("receiver", "BNPAFRPPXXXX"))


def ex(
    *changes: tuple[str, str | None],
    code: str | None = None,
    under: str | None = None,
    why: str = "",
    options: tuple[tuple[str, str], ...] = (),
) -> Example:
    """An example: the MT103 sample with field ``changes`` (see :func:`mt.sample.build`)."""
    return Example(edits=changes, base="mt103", code=code, under=under, why=why, options=options)


def network_rule(  # noqa: PLR0913  (the fields of a rule record)
    rule_id: str,
    codes: Sequence[CodeInfo],
    title: str,
    *,
    fail: Sequence[Example],
    ok: Sequence[Example],
    variants: Sequence[str] = VARIANTS,
    sources: Sequence[str] = ("M1", "M2"),
) -> Callable[[NetworkCheck], NetworkCheck]:
    """Register the decorated function as the MT103 network rule ``rule_id``."""

    def decorate(fn: NetworkCheck) -> NetworkCheck:
        def check(_rule: Rule[Context], ctx: Context) -> list[Finding]:
            return fn(ctx)

        register(
            Rule(
                id=rule_id,
                kind="mt103",
                title=title,
                codes=tuple(codes),
                severity="E",
                applies_to=frozenset(variants),
                scope=Scope.TRANSACTION,
                sources=tuple(sources),
                passes=tuple(ok),
                fails=tuple(fail),
                check=check,
                order=tuple(variants),
            )
        )
        return fn

    return decorate


@network_rule(
    "MT103-C1",
    [c.D75],
    "If 33B is in another currency than 32A, 36 is mandatory; otherwise 36 is not allowed.",
    fail=[
        ex(("33B", "EUR900,00"), why="33B in another currency without 36"),
        ex(("36", "1,"), why="36 without a currency change"),
    ],
    ok=[ex(("33B", "EUR900,00"), ("36", "1,1111")), ex(("33B", "USD1000,00"))],
)
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


@network_rule(
    "MT103-C2",
    [c.D49],
    "If the sender's and the receiver's BIC countries are both in the C2 list, 33B is mandatory.",
    fail=[ex(options=_EEA, why="DE -> FR without 33B")],
    ok=[ex(("33B", "USD1000,00"), options=_EEA)],
)
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


@network_rule(
    "MT103-C3",
    [c.E01, c.E02],
    "23B SPRI allows 23E SDVA, TELB, PHOB, INTC only (STP: SDVA, INTC); SSTD and SPAY allow "
    "no 23E.",
    fail=[
        ex(("23B", "SPRI"), ("23E", "HOLD"), code="E01"),
        ex(("23B", "SSTD"), ("23E", "SDVA"), code="E02"),
        ex(("23B", "SPRI"), ("23E", "CORT"), code="E01", under="STP"),
    ],
    ok=[
        ex(("23B", "SPRI"), ("23E", "SDVA")),
        ex(("23B", "SSTD")),
        ex(("23B", "SPRI"), ("23E", "INTC"), under="STP"),
    ],
)
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


@network_rule(
    "MT103-C4",
    [c.E03],
    "With 23B SPRI, SSTD or SPAY, 53a must not use option D.",
    fail=[ex(("23B", "SSTD"), ("53D", "SOME BANK"))],
    ok=[ex(("23B", "SSTD"), ("53A", "DEUTDEFF"))],
)
def _c4_e03(ctx: Context) -> list[Finding]:
    f = ctx.first("53")
    b = _service(ctx)
    if b and f is not None and f.option == "D":
        return [c.E03.finding(f"with 23B {b}, 53a must not be option D", ctx.loc(f))]
    return []


@network_rule(
    "MT103-C5",
    [c.E04],
    "With 23B SPRI, SSTD or SPAY (and always in STP), 53B needs its party identifier.",
    fail=[
        ex(("23B", "SSTD"), ("53B", "NEW YORK")),
        ex(("53B", "NEW YORK"), under="STP"),
    ],
    ok=[ex(("23B", "SSTD"), ("53B", "/123456")), ex(("53B", "/123"), under="STP")],
)
def _c5_e04(ctx: Context) -> list[Finding]:
    f = ctx.first("53B")
    b = _service(ctx)
    if (b or ctx.variant == "STP") and f is not None and not (f.get("account") or f.get("dc")):
        why = f"23B {b}" if b else "MT103 STP"
        return [c.E04.finding(f"with {why}, 53B needs its party identifier", ctx.loc(f))]
    return []


@network_rule(
    "MT103-C6",
    [c.E05],
    "With 23B SPRI, SSTD or SPAY, 54a may only use option A.",
    fail=[ex(("23B", "SSTD"), ("54B", "/123456"))],
    ok=[ex(("23B", "SSTD"), ("54A", "DEUTDEFF"))],
)
def _c6_e05(ctx: Context) -> list[Finding]:
    f = ctx.first("54")
    b = _service(ctx)
    if b and f is not None and f.option != "A":
        return [c.E05.finding(f"with 23B {b}, 54a may only be option A", ctx.loc(f))]
    return []


@network_rule(
    "MT103-C7",
    [c.E06],
    "If 55a is present, 53a and 54a must both be present.",
    fail=[ex(("55A", "DEUTDEFF"))],
    ok=[ex(("53A", "BNPAFRPP"), ("54A", "CHASUS33"), ("55A", "DEUTDEFF"))],
)
def _c7_e06(ctx: Context) -> list[Finding]:
    f = ctx.first("55")
    if f is not None and (ctx.first("53") is None or ctx.first("54") is None):
        return [c.E06.finding("55a requires both 53a and 54a", ctx.loc(f))]
    return []


@network_rule(
    "MT103-C8",
    [c.E07],
    "With 23B SPRI, SSTD or SPAY, 55a may only use option A.",
    fail=[ex(("23B", "SSTD"), ("53A", "BNPAFRPP"), ("54A", "CHASUS33"), ("55D", "THIRD BANK"))],
    ok=[ex(("23B", "SSTD"), ("53A", "BNPAFRPP"), ("54A", "CHASUS33"), ("55A", "DEUTDEFF"))],
)
def _c8_e07(ctx: Context) -> list[Finding]:
    f = ctx.first("55")
    b = _service(ctx)
    if b and f is not None and f.option != "A":
        return [c.E07.finding(f"with 23B {b}, 55a may only be option A", ctx.loc(f))]
    return []


@network_rule(
    "MT103-C9",
    [c.C81],
    "If 56a is present, 57a must be present.",
    fail=[ex(("56A", "DEUTDEFF"))],
    ok=[ex(("56A", "DEUTDEFF"), ("57A", "CITIUS33"))],
)
def _c9_c81(ctx: Context) -> list[Finding]:
    f = ctx.first("56")
    if f is not None and ctx.first("57") is None:
        return [c.C81.finding("56a requires 57a", ctx.loc(f))]
    return []


@network_rule(
    "MT103-C10",
    [c.E16, c.E17],
    "23B SPRI forbids 56a (E16); SSTD and SPAY allow 56A or 56C with a clearing code (E17).",
    fail=[
        ex(("23B", "SPRI"), ("56A", "DEUTDEFF"), ("57A", "CITIUS33"), code="E16"),
        ex(("23B", "SSTD"), ("56D", "MID BANK"), ("57A", "CITIUS33"), code="E17"),
        ex(("23B", "SSTD"), ("56C", "/123"), ("57A", "CITIUS33"), code="E17"),
    ],
    ok=[
        ex(("56A", "DEUTDEFF"), ("57A", "CITIUS33")),
        ex(("23B", "SSTD"), ("56C", "//FW021000021"), ("57A", "CITIUS33")),
    ],
)
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


@network_rule(
    "MT103-C11",
    [c.E09],
    "With 23B SPRI, SSTD or SPAY, 57a may only be A, C or D, and 57D needs a party identifier.",
    fail=[ex(("23B", "SSTD"), ("57B", "/123")), ex(("23B", "SSTD"), ("57D", "SOME BANK"))],
    ok=[
        ex(("23B", "SSTD"), ("57C", "//FW021000021")),
        ex(("23B", "SSTD"), ("57D", "/12345\nSOME BANK")),
    ],
)
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


@network_rule(
    "MT103-C12",
    [c.E10],
    "With 23B SPRI, SSTD or SPAY (and always in STP), the 59a account is mandatory.",
    fail=[ex(("23B", "SSTD"), ("59", "JANE ROE")), ex(("59", "JANE ROE"), under="STP")],
    ok=[ex(("23B", "SSTD")), ex(under="STP")],
)
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


@network_rule(
    "MT103-C13",
    [c.E18],
    "If any 23E is CHQB, 59a must not have an account.",
    fail=[ex(("23E", "CHQB"))],
    ok=[ex(("23E", "CHQB"), ("59", "JANE ROE"))],
)
def _c13_e18(ctx: Context) -> list[Finding]:
    f = ctx.first("59")
    if f is None or not f.get("account"):
        return []
    if any(code == "CHQB" for code, _ in ctx.codes_23e()):
        return [c.E18.finding("with 23E CHQB, 59a must not have an account", ctx.loc(f))]
    return []


@network_rule(
    "MT103-C14",
    [c.E13, c.D50, c.E15],
    "71A OUR forbids 71F (E13); SHA forbids 71G (D50); BEN needs 71F and forbids 71G (E15).",
    fail=[
        ex(("71A", "OUR"), ("71F", "USD5,"), ("33B", "USD1005,"), code="E13"),
        ex(("71G", "USD5,"), ("33B", "USD995,"), code="D50"),
        ex(("71A", "BEN"), code="E15"),
        ex(("71A", "BEN"), ("71F", "USD5,"), ("71G", "USD1,"), ("33B", "USD1005,"), code="E15"),
    ],
    ok=[
        ex(("71A", "OUR"), ("71G", "USD5,"), ("33B", "USD995,")),
        ex(("71F", "USD5,"), ("33B", "USD1005,")),
        ex(("71A", "BEN"), ("71F", "USD5,"), ("33B", "USD1005,")),
    ],
)
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


@network_rule(
    "MT103-C15",
    [c.D51],
    "If any 71F or 71G is present, 33B is mandatory.",
    fail=[ex(("71F", "USD5,"))],
    ok=[ex(("71F", "USD5,"), ("33B", "USD1005,"))],
)
def _c15_d51(ctx: Context) -> list[Finding]:
    charges = ctx.all("71F") + ctx.all("71G")
    if charges and ctx.first("33B") is None:
        return [c.D51.finding("71F or 71G present, so 33B is mandatory", ctx.loc(charges[0]))]
    return []


@network_rule(
    "MT103-C16",
    [c.E44],
    "If 56a is absent, no 23E may be TELI or PHOI.",
    fail=[ex(("23E", "TELI/123"))],
    ok=[ex(("23E", "TELI/123"), ("56A", "DEUTDEFF"), ("57A", "CITIUS33"))],
)
def _c16_e44(ctx: Context) -> list[Finding]:
    if ctx.first("56") is not None:
        return []
    return [
        c.E44.finding(f"23E {code} needs an intermediary (56a)", ctx.loc(f))
        for code, f in ctx.codes_23e()
        if code in ("TELI", "PHOI")
    ]


@network_rule(
    "MT103-C17",
    [c.E45],
    "If 57a is absent, no 23E may be TELE or PHON.",
    fail=[ex(("23E", "TELE/123"))],
    ok=[ex(("23E", "TELE/123"), ("57A", "CITIUS33"))],
)
def _c17_e45(ctx: Context) -> list[Finding]:
    if ctx.first("57") is not None:
        return []
    return [
        c.E45.finding(f"23E {code} needs an account with institution (57a)", ctx.loc(f))
        for code, f in ctx.codes_23e()
        if code in ("TELE", "PHON")
    ]


@network_rule(
    "MT103-C18",
    [c.C02],
    "71G must be in the currency of 32A.",
    fail=[ex(("71A", "OUR"), ("71G", "EUR5,"), ("33B", "USD995,"))],
    ok=[ex(("71A", "OUR"), ("71G", "USD5,"), ("33B", "USD995,"))],
)
def _c18_c02(ctx: Context) -> list[Finding]:
    f32, f71g = ctx.first("32A"), ctx.first("71G")
    if f32 is None or f71g is None:
        return []
    ccy, ccy_g = f32.get("currency"), f71g.get("currency")
    if ccy and ccy_g and ccy != ccy_g:
        return [c.C02.finding(f"71G is in {ccy_g}; it must be in 32A's {ccy}", ctx.loc(f71g))]
    return []


@network_rule(
    "MT103-51A",
    [c.D63],
    "51A (sending institution) is only allowed in FileAct.",
    fail=[ex(("51A", "DEUTDEFF"))],
    ok=[ex(("52A", "DEUTDEFF"))],
    variants=("core", "REMIT"),
)
def _d63(ctx: Context) -> list[Finding]:
    f = ctx.first("51A")
    if f is not None and ctx.variant != "STP":
        return [c.D63.finding("51A is only allowed in FileAct", ctx.loc(f))]
    return []


@network_rule(
    "MT103-23E",
    [c.D98, c.E46, c.D67],
    "23E codes come in the standard order (D98), at most once each (E46), never in a forbidden "
    "pair such as SDVA with HOLD (D67).",
    fail=[
        ex(("23E", "INTC"), ("23E+", "SDVA"), code="D98"),
        ex(("23E", "SDVA"), ("23E+", "SDVA"), code="E46"),
        ex(("23E", "SDVA"), ("23E+", "HOLD"), code="D67"),
    ],
    ok=[ex(("23E", "SDVA"), ("23E+", "INTC")), ex(("23E", "SDVA"))],
)
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


@network_rule(
    "MT103-REMIT",
    [c.REMIT],
    "MT103 REMIT needs 77T and does not allow 70.",
    fail=[
        ex(under="REMIT", why="no 77T"),
        ex(("77T", "/NARR/X"), ("70", "INV 1"), under="REMIT", why="70 in REMIT"),
    ],
    ok=[ex(("77T", "/NARR/ANY {TEXT @ HERE = 1"), under="REMIT")],
    variants=("REMIT",),
)
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


_NETWORK_RULES: tuple[Rule[Context], ...] = all_rules("mt103")
"""The network rules in core numbering, plus the field-combination checks, as records."""


def network_rules() -> tuple[Rule[Context], ...]:
    """Every MT103 network rule record, in core numbering order."""
    return _NETWORK_RULES


def _variant_name(variant: str) -> str:
    return "MT103" if variant == "core" else f"MT103 {variant}"


def check_rules(ctx: Context) -> list[Finding]:
    """Run every network rule that applies to ``ctx``'s variant."""
    out: list[Finding] = []
    for rule in _NETWORK_RULES:
        if ctx.variant in rule.applies_to:
            out.extend(rule.run(ctx))
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
