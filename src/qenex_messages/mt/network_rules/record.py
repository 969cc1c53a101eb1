"""How an MT103 network rule is written: the :class:`Context` it reads, the
:func:`network_rule` decorator that registers it as a :class:`~qenex_messages.rule_record.Rule`,
and :func:`ex`, an example as field changes of the MT103 sample."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeAlias

from qenex_messages._resources import swift_c2_countries
from qenex_messages.codes import CodeInfo
from qenex_messages.findings import Finding, Location
from qenex_messages.mt.fields import (
    MtField,
)
from qenex_messages.rule_record import Example, Rule, Scope, register

if TYPE_CHECKING:
    from qenex_messages.mt.lexer import SourceText

__all__ = [
    "EEA_COUNTRIES",
    "EEA_EXAMPLE",
    "VARIANTS",
    "Context",
    "NetworkCheck",
    "ex",
    "network_rule",
    "service",
]

EEA_COUNTRIES = swift_c2_countries()
"""Country codes of rule C2 (``data/swift_c2_countries.csv``: SR 2015-2017 list)."""

_SERVICE_23B = frozenset({"SPRI", "SSTD", "SPAY"})


class Context:
    """What the rules look at: the fields in order, the variant, the sender and receiver BICs."""

    __slots__ = ("_index", "anchor", "fields", "receiver_bic", "sender_bic", "st", "variant")

    def __init__(
        self,
        fields: Sequence[MtField],
        variant: str = "core",
        sender_bic: str | None = None,
        receiver_bic: str | None = None,
        st: SourceText | None = None,
        anchor: int | None = None,
    ) -> None:
        self.fields = fields
        self.variant = variant
        self.sender_bic = sender_bic
        self.receiver_bic = receiver_bic
        self.st = st
        self.anchor = anchor
        self._index: dict[str, list[MtField]] | None = None

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
EEA_EXAMPLE = (("sender", "DEUTDEFFAXXX"), ("receiver", "BNPAFRPPXXXX"))


def ex(
    *changes: tuple[str, str | None],
    code: CodeInfo | None = None,
    under: str | None = None,
    why: str = "",
    options: tuple[tuple[str, str], ...] = (),
) -> Example:
    """An example: the MT103 sample with field ``changes`` (see :func:`mt.sample.build`);
    a failing one may name the ``code`` it expects."""
    return Example(
        edits=changes,
        base="mt103",
        code=code.code if code else None,
        under=under,
        why=why,
        options=options,
    )


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


def service(ctx: Context) -> str | None:
    """The 23B code when it is SPRI, SSTD or SPAY (the codes rules C3-C12 depend on), else None."""
    b = ctx.code_23b()
    return b if b in _SERVICE_23B else None
