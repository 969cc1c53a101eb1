"""Currencies, amounts and charges: 33B and 36 (C1), the C2 country list (C2), 71A with 71F and
71G (C14), 33B with charges (C15) and the currency of 71G (C18)."""

from __future__ import annotations

from qenex_messages.findings import Finding
from qenex_messages.mt import codes as c
from qenex_messages.mt.network_rules.record import (
    EEA_COUNTRIES,
    EEA_EXAMPLE,
    Context,
    ex,
    network_rule,
)


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
    fail=[ex(options=EEA_EXAMPLE, why="DE -> FR without 33B")],
    ok=[ex(("33B", "USD1000,00"), options=EEA_EXAMPLE)],
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
    "MT103-C14",
    [c.E13, c.D50, c.E15],
    "71A OUR forbids 71F (E13); SHA forbids 71G (D50); BEN needs 71F and forbids 71G (E15).",
    fail=[
        ex(("71A", "OUR"), ("71F", "USD5,"), ("33B", "USD1005,"), code=c.E13),
        ex(("71G", "USD5,"), ("33B", "USD995,"), code=c.D50),
        ex(("71A", "BEN"), code=c.E15),
        ex(("71A", "BEN"), ("71F", "USD5,"), ("71G", "USD1,"), ("33B", "USD1005,"), code=c.E15),
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
