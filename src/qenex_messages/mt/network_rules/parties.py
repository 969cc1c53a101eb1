"""The intermediary, the account with institution and the beneficiary: 56a needs 57a (C9), their
options under 23B (C10, C11), the beneficiary account (C12, C13) and the 23E codes that need
them (C16, C17)."""

from __future__ import annotations

from qenex_messages.findings import Finding
from qenex_messages.mt import codes as c
from qenex_messages.mt.network_rules.record import (
    Context,
    ex,
    network_rule,
    service,
)


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
        ex(("23B", "SPRI"), ("56A", "DEUTDEFF"), ("57A", "CITIUS33"), code=c.E16),
        ex(("23B", "SSTD"), ("56D", "MID BANK"), ("57A", "CITIUS33"), code=c.E17),
        ex(("23B", "SSTD"), ("56C", "/123"), ("57A", "CITIUS33"), code=c.E17),
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
    b = service(ctx)
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
    if service(ctx) is None and ctx.variant != "STP":
        return []
    why = f"23B {service(ctx)}" if service(ctx) else "MT103 STP"
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
