"""The bank operation code 23B (SPRI, SSTD, SPAY): the instruction codes it allows (C3) and the
options of the sender's and receiver's correspondents and the reimbursement agent (C4-C8)."""

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
    "MT103-C3",
    [c.E01, c.E02],
    "23B SPRI allows 23E SDVA, TELB, PHOB, INTC only (STP: SDVA, INTC); SSTD and SPAY allow "
    "no 23E.",
    fail=[
        ex(("23B", "SPRI"), ("23E", "HOLD"), code=c.E01),
        ex(("23B", "SSTD"), ("23E", "SDVA"), code=c.E02),
        ex(("23B", "SPRI"), ("23E", "CORT"), code=c.E01, under="STP"),
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


@network_rule(
    "MT103-C4",
    [c.E03],
    "With 23B SPRI, SSTD or SPAY, 53a must not use option D.",
    fail=[ex(("23B", "SSTD"), ("53D", "SOME BANK"))],
    ok=[ex(("23B", "SSTD"), ("53A", "DEUTDEFF"))],
)
def _c4_e03(ctx: Context) -> list[Finding]:
    f = ctx.first("53")
    b = service(ctx)
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
    b = service(ctx)
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
    b = service(ctx)
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
    b = service(ctx)
    if b and f is not None and f.option != "A":
        return [c.E07.finding(f"with 23B {b}, 55a may only be option A", ctx.loc(f))]
    return []
