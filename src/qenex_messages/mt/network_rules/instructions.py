"""Field combinations beyond C1-C18: 51A only in FileAct (D63), the order, repetition and pairs of
23E codes (D98, E46, D67), and the REMIT variant's 77T (REMIT)."""

from __future__ import annotations

from qenex_messages.findings import Finding
from qenex_messages.mt import codes as c
from qenex_messages.mt.fields import INSTRUCTION_CODES, STP_INSTRUCTION_CODES
from qenex_messages.mt.network_rules.record import (
    Context,
    ex,
    network_rule,
)

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
        ex(("23E", "INTC"), ("23E+", "SDVA"), code=c.D98),
        ex(("23E", "SDVA"), ("23E+", "SDVA"), code=c.E46),
        ex(("23E", "SDVA"), ("23E+", "HOLD"), code=c.D67),
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
