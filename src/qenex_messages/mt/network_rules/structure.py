"""The structure of an MT103's text block: unknown fields, options per variant, order,
repetition and missing mandatory fields."""

from __future__ import annotations

from qenex_messages.findings import Finding
from qenex_messages.mt import codes as c
from qenex_messages.mt.fields import FIELDS, FIELDS_BY_TAG, STP_OPTIONS
from qenex_messages.mt.network_rules.record import Context

__all__ = ["check_structure"]


def _variant_name(variant: str) -> str:
    return "MT103" if variant == "core" else f"MT103 {variant}"


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
