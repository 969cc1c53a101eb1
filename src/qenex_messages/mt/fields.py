"""The MT103 field table (SR 2025) and the field-level checks.

:data:`FIELDS` lists every block-4 field of MT103 core, STP and REMIT in message order with its
options, each option a SWIFT format notation compiled by :mod:`qenex_messages.swift_format`.
:func:`check_field` extracts the sub-fields of one field and reports what is wrong with it,
with the position of the offending character.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from qenex_messages import identifiers
from qenex_messages._records import field, record, replace
from qenex_messages.charsets import NOT_X, NOT_Z, Z_CHARS, first_bad_char
from qenex_messages.findings import Finding, Location, Severity
from qenex_messages.mt import codes as c
from qenex_messages.swift_format import CompiledFormat, compile_format

if TYPE_CHECKING:
    from decimal import Decimal

    from qenex_messages.mt.lexer import FieldToken, SourceText

__all__ = [
    "BANK_OPERATION_CODES",
    "CHARGE_CODES",
    "FIELDS",
    "FIELDS_BY_BASE",
    "INSTRUCTION_CODES",
    "SRU",
    "STP_INSTRUCTION_CODES",
    "FieldSpec",
    "MtField",
    "OptionSpec",
    "check_field",
    "has_value_check",
    "looks_like_iban",
    "parse_amount",
    "parse_date",
    "split_tag",
]

SRU = 2025
"""The SWIFT Standards Release the table follows."""

BANK_OPERATION_CODES = ("CRED", "CRTS", "SPAY", "SPRI", "SSTD")
CHARGE_CODES = ("BEN", "OUR", "SHA")
INSTRUCTION_CODES = (
    "SDVA",
    "INTC",
    "REPA",
    "CORT",
    "HOLD",
    "CHQB",
    "PHOB",
    "TELB",
    "PHON",
    "TELE",
    "PHOI",
    "TELI",
)
"""23E codes of MT103 core and REMIT, in the order repeated codes must follow (D98)."""
STP_INSTRUCTION_CODES = ("SDVA", "INTC", "REPA", "CORT")
INSTRUCTION_INFO_ALLOWED = frozenset(
    {"PHON", "PHOB", "PHOI", "TELE", "TELB", "TELI", "HOLD", "REPA"}
)
PARTY_ID_CODES = ("ARNU", "CCPT", "CUST", "DRLC", "EMPL", "NIDN", "SOSE", "TXID")

_BIC = "4!a2!a2!c[3!c]"
_BIC_NAMES = ("bank", "country", "location", "branch")
_PARTY = "[/1!a][/34x]"
_PARTY_NAMES = ("dc", "account")


# The value checks' patterns are text that ``re`` compiles on first use and keeps in its cache:
# a message the MT plan finds clean never runs these checks.
_RE0 = r"[0-9]+,[0-9]*"
_RE1 = r"[A-Z]{3}"
_RE2 = r"[0-9,]+"
_RE3 = r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?"
_RE4 = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9 ]{8,}")
_RE5 = r"([A-Z]{4})/([A-Z]{2})/(.{1,27})"
_RE6 = r"[A-Z]{4}/.*"
_RE7 = r"[A-Z]{4}/"
_RE8 = r"[0-9]{8}"
_RE9 = r"/(BENEFRES|ORDERRES)/([A-Za-z]{0,2})"
_COMPILED: dict[int, tuple[CompiledFormat, ...]] = {}


class OptionSpec:
    """One option of a field: its format alternatives (first match wins) and a lenient fallback.

    When no alternative matches but ``lenient`` does, the lenient components feed the value
    checks, which then report a specific code (T50, T52, T27 ...) instead of a generic QX201.
    """

    # A plain class: a dataclass costs start-up time to define.
    __slots__ = ("charset", "lenient", "max_lines", "notations", "width")

    def __init__(
        self,
        notations: tuple[tuple[str, tuple[str, ...]], ...],
        lenient: tuple[str, tuple[str, ...]] | None = None,
        max_lines: int = 1,
        width: int = 35,
        charset: str = "x",
    ) -> None:
        self.notations = notations
        self.lenient = lenient
        self.max_lines = max_lines
        self.width = width
        self.charset = charset

    def __repr__(self) -> str:
        return f"OptionSpec({self.notation!r})"

    def compiled(self) -> tuple[CompiledFormat, ...]:
        """The compiled alternatives (compiled on first use, then kept)."""
        cached = _COMPILED.get(id(self))
        if cached is None:
            cached = tuple(compile_format(n, names) for n, names in self.notations)
            _COMPILED[id(self)] = cached
        return cached

    @property
    def notation(self) -> str:
        """The notation shown in messages."""
        return " or ".join(n for n, _ in self.notations)


@record(frozen=True, slots=True)
class FieldSpec:
    """A block-4 field of MT103: tag without option, name, options, presence and repetition."""

    base: str
    name: str
    options: Mapping[str, OptionSpec]
    mandatory: bool = False
    repeatable: bool = False
    variants: frozenset[str] = frozenset({"core", "STP", "REMIT"})


def _opt(
    notation: str,
    names: tuple[str, ...],
    *,
    lenient: tuple[str, tuple[str, ...]] | None = None,
    lines: int = 1,
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> OptionSpec:
    return OptionSpec(((notation, names), *alternatives), lenient, lines)


_AMOUNT = _opt("3!a15d", ("currency", "amount"), lenient=("3!x15x", ("currency", "amount")))
_OPT_A = _opt(
    f"[{_PARTY}$]{_BIC}",
    (*_PARTY_NAMES, *_BIC_NAMES),
    lenient=(f"[{_PARTY}$]35x", (*_PARTY_NAMES, "bic")),
    lines=2,
)
_OPT_B = _opt(
    f"{_PARTY}[$35x]",
    (*_PARTY_NAMES, "location"),
    lines=2,
    alternatives=(("35x", ("location",)),),
)
_OPT_C = _opt("/34x", ("account",))
_OPT_D = _opt(f"[{_PARTY}$]4*35x", (*_PARTY_NAMES, "name_address"), lines=5)


def _m(**options: OptionSpec) -> Mapping[str, OptionSpec]:
    return MappingProxyType({("" if k == "none" else k): v for k, v in options.items()})


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "20",
        "Sender's Reference",
        _m(none=OptionSpec((("16x", ("reference",)),), width=16)),
        True,
    ),
    FieldSpec(
        "13",
        "Time Indication",
        _m(
            C=_opt(
                "/8c/4!n1!x4!n",
                ("code", "time", "sign", "offset"),
                lenient=("/8c/4x1!x4x", ("code", "time", "sign", "offset")),
            )
        ),
        repeatable=True,
    ),
    FieldSpec(
        "23",
        "Bank Operation Code",
        _m(B=_opt("4!c", ("code",), lenient=("35x", ("code",)))),
        True,
    ),
    FieldSpec(
        "23",
        "Instruction Code",
        _m(E=_opt("4!c[/30x]", ("code", "info"), lenient=("4x[/30x]", ("code", "info")))),
        repeatable=True,
    ),
    FieldSpec("26", "Transaction Type Code", _m(T=_opt("3!c", ("code",)))),
    FieldSpec(
        "32",
        "Value Date/Currency/Interbank Settled Amount",
        _m(
            A=_opt(
                "6!n3!a15d",
                ("date", "currency", "amount"),
                lenient=("6!x3!x15x", ("date", "currency", "amount")),
            )
        ),
        True,
    ),
    FieldSpec("33", "Currency/Instructed Amount", _m(B=_AMOUNT)),
    FieldSpec("36", "Exchange Rate", _m(none=_opt("12d", ("rate",), lenient=("12x", ("rate",))))),
    FieldSpec(
        "50",
        "Ordering Customer",
        _m(
            A=_opt(
                f"[/34x$]{_BIC}",
                ("account", *_BIC_NAMES),
                lenient=("[/34x$]35x", ("account", "bic")),
                lines=2,
            ),
            F=_opt("35x$4*35x", ("party_identifier", "lines"), lines=5),
            K=_opt("[/34x$]4*35x", ("account", "name_address"), lines=5),
        ),
        True,
    ),
    FieldSpec("51", "Sending Institution", _m(A=_OPT_A)),
    FieldSpec("52", "Ordering Institution", _m(A=_OPT_A, D=_OPT_D)),
    FieldSpec("53", "Sender's Correspondent", _m(A=_OPT_A, B=_OPT_B, D=_OPT_D)),
    FieldSpec("54", "Receiver's Correspondent", _m(A=_OPT_A, B=_OPT_B, D=_OPT_D)),
    FieldSpec("55", "Third Reimbursement Institution", _m(A=_OPT_A, B=_OPT_B, D=_OPT_D)),
    FieldSpec("56", "Intermediary Institution", _m(A=_OPT_A, C=_OPT_C, D=_OPT_D)),
    FieldSpec("57", "Account With Institution", _m(A=_OPT_A, B=_OPT_B, C=_OPT_C, D=_OPT_D)),
    FieldSpec(
        "59",
        "Beneficiary Customer",
        _m(
            none=_opt("[/34x$]4*35x", ("account", "name_address"), lines=5),
            A=_opt(
                f"[/34x$]{_BIC}",
                ("account", *_BIC_NAMES),
                lenient=("[/34x$]35x", ("account", "bic")),
                lines=2,
            ),
            F=_opt("[/34x$]4*(1!n/33x)", ("account", "lines"), lines=5),
        ),
        True,
    ),
    FieldSpec(
        "70",
        "Remittance Information",
        _m(none=_opt("4*35x", ("text",), lines=4)),
        variants=frozenset({"core", "STP"}),
    ),
    FieldSpec(
        "71", "Details of Charges", _m(A=_opt("3!a", ("code",), lenient=("35x", ("code",)))), True
    ),
    FieldSpec("71", "Sender's Charges", _m(F=_AMOUNT), repeatable=True),
    FieldSpec("71", "Receiver's Charges", _m(G=_AMOUNT)),
    FieldSpec("72", "Sender to Receiver Information", _m(none=_opt("6*35x", ("text",), lines=6))),
    FieldSpec("77", "Regulatory Reporting", _m(B=_opt("3*35x", ("text",), lines=3))),
    FieldSpec(
        "77",
        "Envelope Contents",
        _m(T=OptionSpec((("9000z", ("text",)),), max_lines=9000, width=9000, charset="z")),
        variants=frozenset({"REMIT"}),
    ),
)
"""Every MT103 block-4 field in the prescribed order."""

FIELD_ORDER: tuple[str, ...] = tuple(spec.base + opt for spec in FIELDS for opt in spec.options)
"""Every MT103 field tag with its option, in the order block 4 carries them."""
FIELDS_BY_TAG: Mapping[str, tuple[int, FieldSpec]] = MappingProxyType(
    {spec.base + opt: (i, spec) for i, spec in enumerate(FIELDS) for opt in spec.options}
)
"""``"50K"`` -> (position in the order, spec)."""
FIELDS_BY_BASE: Mapping[str, tuple[tuple[int, FieldSpec], ...]] = MappingProxyType(
    {
        base: tuple((i, s) for i, s in enumerate(FIELDS) if s.base == base)
        for base in {s.base for s in FIELDS}
    }
)

STP_OPTIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "51": frozenset(),
        "52": frozenset("A"),
        "53": frozenset("AB"),
        "54": frozenset("A"),
        "55": frozenset("A"),
        "56": frozenset("A"),
        "57": frozenset("A"),
    }
)
"""Options MT103 STP allows where they differ from core (51A: none)."""


def split_tag(tag: str) -> tuple[str, str]:
    """``"50K"`` -> ``("50", "K")``; ``"20"`` -> ``("20", "")``."""
    return tag[:2], tag[2:]


@record(slots=True)
class MtField:
    """One block-4 field as read: tag, content (``\\n`` between lines) and its sub-fields."""

    tag: str
    value: str
    components: dict[str, str | None] = field(default_factory=dict)
    well_formed: bool = False
    token: FieldToken | None = None

    @property
    def base(self) -> str:
        """The tag without option letter (``"50"``)."""
        return self.tag[:2]

    @property
    def option(self) -> str:
        """The option letter (``"K"``) or ``""``."""
        return self.tag[2:]

    def get(self, name: str) -> str | None:
        """A component by name (``None`` when absent or the field could not be read)."""
        return self.components.get(name)

    @property
    def bic(self) -> str | None:
        """The BIC of an option A field (or 59A/50A)."""
        if "bic" in self.components:
            return self.components["bic"]
        bank = self.components.get("bank")
        if bank is None:
            return None
        parts = ("bank", "country", "location", "branch")
        return "".join(self.components.get(p) or "" for p in parts)

    @property
    def lines(self) -> list[str]:
        """The content's lines."""
        return self.value.split("\n")


class _Match(Protocol):
    """What the value checks need of a match: groups by name, their start, all of them."""

    def group(self, name: str, /) -> Any: ...

    def start(self, name: str, /) -> int: ...

    def groupdict(self) -> dict[str, Any]: ...


class _Ctx:
    """Where findings of one field go, with helpers that compute exact locations.

    ``strict`` says the value matched its format exactly: the checks then skip what the format
    already proves (the shape of a BIC, of a currency code, of a decimal-comma number)."""

    __slots__ = ("as_of", "f", "out", "st", "strict", "variant")

    def __init__(
        self,
        st: SourceText | None,
        f: MtField,
        out: list[Finding],
        variant: str,
        *,
        strict: bool = False,
        as_of: dt.date | None = None,
    ):
        self.st, self.f, self.out, self.variant, self.strict = st, f, out, variant, strict
        self.as_of = as_of
        """The day the message is checked on (a date of birth must be before it); None: today."""

    def loc(self, index: int = 0) -> Location:
        tok = self.f.token
        if self.st is None or tok is None:
            return Location(field=self.f.tag)
        offset = tok.offset_of(index) if index >= 0 else tok.start
        return self.st.loc(offset, self.f.tag)

    def at(self, name: str, m: _Match | None) -> int:
        if m is None:
            return 0
        try:
            start = m.start(name)
        except IndexError:
            return 0
        return max(start, 0)


def parse_date(yymmdd: str) -> dt.date | None:
    """A YYMMDD date (YY 80-99 -> 19YY, else 20YY), or ``None`` when it is not a real date."""
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        return None
    yy = int(yymmdd[:2])
    year = 1900 + yy if yy >= 80 else 2000 + yy
    try:
        return dt.date(year, int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        return None


def parse_amount(text: str) -> Decimal | None:
    """A SWIFT decimal-comma number (``1234,56``, ``100,``) as ``Decimal``, else ``None``."""
    if not re.fullmatch(_RE0, text):
        return None
    whole, frac = text.split(",")
    return identifiers.decimal_class()(f"{whole}.{frac}" if frac else whole)


_Plan = tuple[tuple[re.Pattern[str], ...], Callable[[_Ctx, _Match], None] | None, OptionSpec]
_PLANS: dict[str, _Plan | None] = {}


def _plan(tag: str) -> _Plan | None:
    """What checking a field of ``tag`` takes, looked up once per tag: its format patterns, its
    value check and its spec (``None`` for a tag MT103 does not define)."""
    pos = FIELDS_BY_TAG.get(tag)
    plan: _Plan | None = None
    if pos is not None:
        spec = pos[1].options[tag[2:]]
        patterns = tuple(compiled.pattern for compiled in spec.compiled())
        plan = (patterns, _VALUE_CHECKS.get(tag), spec)
    if len(_PLANS) < 256:  # bounded: unknown tags come from the input
        _PLANS[tag] = plan
    return plan


def check_field(
    st: SourceText | None,
    f: MtField,
    out: list[Finding],
    *,
    variant: str = "core",
    as_of: dt.date | None = None,
) -> None:
    """Extract ``f``'s components into ``f.components`` and report format and value problems;
    ``as_of`` is the day the message is checked on (default today)."""
    plan = _PLANS.get(f.tag) or _plan(f.tag)
    if plan is None:
        return
    patterns, check, spec = plan
    # Fast path: a strict match already proves the character set, line count and widths.
    for pattern in patterns:
        fast = pattern.fullmatch(f.value)
        if fast is not None:
            f.components = fast.groupdict()
            if check is None:
                f.well_formed = True
            else:
                before = len(out)
                check(_Ctx(st, f, out, variant, strict=True, as_of=as_of), fast)
                f.well_formed = len(out) == before
            return
    _check_unmatched(_Ctx(st, f, out, variant, as_of=as_of), spec)


def _check_unmatched(ctx: _Ctx, spec: OptionSpec) -> None:
    """Report everything wrong with a field that matches no strict format of ``spec``: its
    characters, lines and widths, then what the value checks say of its sub-fields as read."""
    f, out = ctx.f, ctx.out
    value = f.value
    if value == "":
        out.append(c.EMPTY_FIELD.finding(f"field {f.tag} is empty", ctx.loc(-1)))
        return
    before = len(out)
    bad = _check_charset(ctx, spec)
    _check_lines(ctx, spec)
    shape_problems = len(out) > before
    # Characters outside the set are already reported; match on a same-length probe where they
    # are replaced so the sub-fields (and their specific codes) can still be read.
    probe = value if bad < 0 else _outside(value, NOT_Z if spec.charset == "z" else NOT_X)
    m: _Match | None = None
    for compiled in spec.compiled():
        m = compiled.pattern.fullmatch(probe)
        if m is not None:
            break
    strict = m is not None
    if m is None and spec.lenient is not None:
        m = compile_format(*spec.lenient).pattern.fullmatch(probe)
    if m is not None:
        if probe is not value:
            m = _Spans(m, value)  # type: ignore[arg-type]
        f.components = m.groupdict()
    f.well_formed = strict and not shape_problems
    value_start = len(out)
    if m is not None:
        _VALUE_CHECKS.get(f.base + f.option, _no_check)(ctx, m)
    if not strict and not shape_problems and len(out) == value_start:
        out.append(
            c.FORMAT.finding(
                f"field {f.tag} {_short(value)} does not match its format {spec.notation}",
                ctx.loc(0),
                args={"format": spec.notation},
            )
        )
    if len(out) > value_start:
        f.well_formed = False


def _check_charset(ctx: _Ctx, spec: OptionSpec) -> int:
    """Report the first character outside the field's set; its index, or -1."""
    value = ctx.f.value
    allowed = Z_CHARS if spec.charset == "z" else None
    bad = first_bad_char(value, allowed) if allowed else first_bad_char(value)
    if bad >= 0:
        set_name = "Z" if spec.charset == "z" else "X"
        ctx.out.append(
            c.CHARSET.finding(
                f"field {ctx.f.tag}: {value[bad]!r} is not in the SWIFT {set_name} character set",
                ctx.loc(bad),
                args={"char": value[bad]},
            )
        )
    return bad


def _check_lines(ctx: _Ctx, spec: OptionSpec) -> None:
    """Report too many lines, empty lines and lines over the width (Z text: its total size)."""
    tag, value, out = ctx.f.tag, ctx.f.value, ctx.out
    if spec.charset == "z":
        if len(value) > 9000:
            out.append(c.LINES.finding(f"field {tag} exceeds 9000 characters", ctx.loc(9000)))
        return
    lines = value.split("\n")
    index = 0
    for n, line in enumerate(lines):
        if n == spec.max_lines:
            out.append(
                c.LINES.finding(
                    f"field {tag} has {len(lines)} lines; at most {spec.max_lines} allowed",
                    ctx.loc(index),
                )
            )
            break
        if line == "":
            out.append(c.EMPTY_FIELD.finding(f"field {tag}: line {n + 1} is empty", ctx.loc(index)))
        elif len(line) > spec.width:
            out.append(
                c.LINES.finding(
                    f"field {tag}: line {n + 1} has {len(line)} characters; "
                    f"at most {spec.width} allowed",
                    ctx.loc(index + spec.width),
                )
            )
        index += len(line) + 1


def _outside(value: str, not_in_set: re.Pattern[str]) -> str:
    """``value`` with each character outside the set (line breaks kept) replaced by ``?``."""
    return not_in_set.sub(lambda m: m[0] if m[0] == "\n" else "?", value)


class _Spans:
    """A match over a probe string whose groups are read from the original text."""

    __slots__ = ("_m", "_text")

    def __init__(self, m: re.Match[str], text: str) -> None:
        self._m, self._text = m, text

    def group(self, name: str) -> str:
        start, end = self._m.span(name)
        return self._text[start:end]

    def start(self, name: str) -> int:
        return self._m.start(name)

    def groupdict(self) -> dict[str, str | None]:
        return {k: (None if v is None else self.group(k)) for k, v in self._m.groupdict().items()}


def _short(value: str) -> str:
    first = value.split("\n", 1)[0]
    return repr(first if len(first) <= 30 else first[:27] + "...")


def _no_check(_ctx: _Ctx, _m: _Match) -> None:
    return None


def _check_reference(ctx: _Ctx, m: _Match) -> None:
    ref = m.group("reference") or ""
    if ref.startswith("/") or ref.endswith("/") or "//" in ref:
        where = 0 if ref.startswith("/") else (ref.find("//") if "//" in ref else len(ref) - 1)
        ctx.out.append(
            c.T26.finding(
                f"reference {ref!r} must not start or end with '/' nor contain '//'",
                ctx.loc(where),
            )
        )


def _check_13c(ctx: _Ctx, m: _Match) -> None:
    time, sign, offset = m.group("time"), m.group("sign"), m.group("offset")
    if not _valid_hhmm(time, 23):
        ctx.out.append(
            c.T38.finding(f"13C time {time!r} is not a valid HHMM", ctx.loc(ctx.at("time", m)))
        )
    if sign not in ("+", "-"):
        ctx.out.append(
            c.T15.finding(f"13C offset sign {sign!r} must be + or -", ctx.loc(ctx.at("sign", m)))
        )
    if not _valid_hhmm(offset, 13):
        ctx.out.append(
            c.T16.finding(
                f"13C offset {offset!r} must be hours 00-13 and minutes 00-59",
                ctx.loc(ctx.at("offset", m)),
            )
        )


def _valid_hhmm(value: str, max_hours: int) -> bool:
    return (
        len(value) == 4 and value.isdigit() and int(value[:2]) <= max_hours and int(value[2:]) <= 59
    )


def _check_23b(ctx: _Ctx, m: _Match) -> None:
    code = m.group("code")
    if code not in BANK_OPERATION_CODES:
        ctx.out.append(
            c.T36.finding(
                f"23B {code!r} is not one of {', '.join(BANK_OPERATION_CODES)}", ctx.loc(0)
            )
        )


def _check_23e(ctx: _Ctx, m: _Match) -> None:
    code, info = m.group("code"), m.group("info")
    allowed = STP_INSTRUCTION_CODES if ctx.variant == "STP" else INSTRUCTION_CODES
    if code not in allowed:
        info_code = c.T48 if ctx.variant == "STP" else c.T47
        ctx.out.append(
            info_code.finding(
                f"23E {code!r} is not an instruction code of MT103"
                f"{' STP' if ctx.variant == 'STP' else ''} ({', '.join(allowed)})",
                ctx.loc(0),
            )
        )
        return
    info_ok = {"REPA"} if ctx.variant == "STP" else INSTRUCTION_INFO_ALLOWED
    if info is not None and code not in info_ok:
        ctx.out.append(
            c.D97.finding(
                f"23E {code} takes no additional information ({info!r})",
                ctx.loc(ctx.at("info", m)),
            )
        )


def _check_amount_parts(ctx: _Ctx, m: _Match, *, date: bool, zero_allowed: bool = True) -> None:
    if date:
        d = m.group("date")
        if parse_date(d) is None:
            ctx.out.append(
                c.T50.finding(f"{ctx.f.tag} date {d!r} is not a real YYMMDD date", ctx.loc(0))
            )
    ccy = m.group("currency")
    ccy_at = ctx.at("currency", m)
    known = (ctx.strict or bool(re.fullmatch(_RE1, ccy))) and identifiers.is_currency(ccy)
    if not known:
        ctx.out.append(
            c.T52.finding(f"{ctx.f.tag} currency {ccy!r} is not an ISO 4217 code", ctx.loc(ccy_at))
        )
    amount_text = m.group("amount")
    amount = _check_number(ctx, amount_text, ctx.at("amount", m), 15)
    if amount is None:
        return
    if known:
        units = identifiers.minor_units(ccy) or 0
        decimals = len(amount_text.split(",", 1)[1])
        if decimals > units:
            ctx.out.append(
                c.C03.finding(
                    f"{ctx.f.tag} amount {amount_text} has {decimals} decimals; "
                    f"{ccy} allows {units}",
                    ctx.loc(ctx.at("amount", m)),
                    args={"minor_units": str(units)},
                )
            )
    if not zero_allowed and amount == 0:
        ctx.out.append(c.D57.finding("71G receiver's charges must not be zero", ctx.loc(0)))


def _check_number(ctx: _Ctx, text: str, at: int, width: int) -> Decimal | None:
    if ctx.strict:  # its ``nd`` format proved digits, one comma after a digit, the width
        return parse_amount(text)
    if re.fullmatch(_RE2, text) is None or text.count(",") != 1:
        ctx.out.append(
            c.T43.finding(
                f"{ctx.f.tag} {text!r} must be digits with exactly one decimal comma",
                ctx.loc(at),
            )
        )
        return None
    if text.startswith(","):
        ctx.out.append(
            c.T40.finding(f"{ctx.f.tag} {text!r} needs a digit before the comma", ctx.loc(at))
        )
        return None
    if len(text) > width:
        ctx.out.append(
            c.LINES.finding(f"{ctx.f.tag} {text!r} is longer than {width} characters", ctx.loc(at))
        )
        return None
    return parse_amount(text)


def _check_32a(ctx: _Ctx, m: _Match) -> None:
    _check_amount_parts(ctx, m, date=True)


def _check_33b(ctx: _Ctx, m: _Match) -> None:
    _check_amount_parts(ctx, m, date=False)


def _check_71g(ctx: _Ctx, m: _Match) -> None:
    _check_amount_parts(ctx, m, date=False, zero_allowed=False)


def _check_36(ctx: _Ctx, m: _Match) -> None:
    _check_number(ctx, m.group("rate"), 0, 12)


def _check_71a(ctx: _Ctx, m: _Match) -> None:
    code = m.group("code")
    if code not in CHARGE_CODES:
        ctx.out.append(c.T08.finding(f"71A {code!r} is not BEN, OUR or SHA", ctx.loc(0)))


def _check_bic(ctx: _Ctx, m: _Match) -> None:
    bic = ctx.f.bic or ""
    at = ctx.at("bic", m) if "bic" in m.groupdict() else ctx.at("bank", m)
    if not ctx.strict and not re.fullmatch(_RE3, bic):
        ctx.out.append(
            c.T27.finding(
                f"field {ctx.f.tag}: {bic!r} is not a BIC (4!a2!a2!c[3!c])",
                ctx.loc(at),
                args={"cited_with": "T28,T29,T45"},
            )
        )
    else:
        problems = identifiers.check_bic(bic)
        for problem in problems:
            # Offline we cannot tell a registered BIC; an unknown country is only a warning.
            ctx.out.append(replace(problem, severity=Severity.WARNING, location=ctx.loc(at)))
    _check_account(ctx, m)


def looks_like_iban(account: str | None) -> bool:
    """True for an account written as an IBAN would be, which the field checks then check as one."""
    return bool(account) and _RE4.fullmatch(account or "") is not None


def has_value_check(tag: str) -> bool:
    """True when fields of ``tag`` have checks beyond their format (codes, dates, identifiers)."""
    return tag in _VALUE_CHECKS


def _check_account(ctx: _Ctx, m: _Match) -> None:
    groups = m.groupdict()
    account = groups.get("account")
    if not account or not looks_like_iban(account):
        return
    found = identifiers.check_iban(account)
    if found:
        ctx.out.append(
            c.IBAN_CHECK.finding(
                f"field {ctx.f.tag}: account {account!r} looks like an IBAN but {found[0].message}",
                ctx.loc(ctx.at("account", m)),
                args={"cause": found[0].code},
            )
        )


def _check_50f(ctx: _Ctx, m: _Match) -> None:
    ident = m.group("party_identifier")
    if not ident.startswith("/"):
        im = re.fullmatch(_RE5, ident)
        if im is None:
            ctx.out.append(
                c.T54.finding(
                    f"50F party identifier {ident!r} must be /account or CODE/CC/identifier",
                    ctx.loc(0),
                )
            )
            if re.fullmatch(_RE6, ident) and ident[:4] not in PARTY_ID_CODES:
                ctx.out.append(c.T55.finding(f"50F code {ident[:4]!r} is not known", ctx.loc(0)))
            elif not re.match(_RE7, ident):
                ctx.out.append(
                    c.T55.finding(
                        f"50F party identifier {ident!r} has no identification code", ctx.loc(0)
                    )
                )
        else:
            if im.group(1) not in PARTY_ID_CODES:
                ctx.out.append(
                    c.T55.finding(
                        f"50F code {im.group(1)!r} is not one of {', '.join(PARTY_ID_CODES)}",
                        ctx.loc(0),
                    )
                )
            if identifiers.check_country(im.group(2)):
                ctx.out.append(
                    c.T73.finding(f"50F country {im.group(2)!r} is not ISO 3166", ctx.loc(5))
                )
    _check_numbered_lines(ctx, m.group("lines"), len(ident) + 1, allowed="12345678")


def _check_59f(ctx: _Ctx, m: _Match) -> None:
    start = ctx.at("lines", m)
    _check_numbered_lines(ctx, m.group("lines"), start, allowed="123")
    _check_account(ctx, m)


def _check_numbered_lines(ctx: _Ctx, text: str, start: int, *, allowed: str) -> None:
    """The 50F/59F numbered-line rules (T56, T73, T50)."""
    numbers: list[str] = []
    at = start
    for line in text.split("\n"):
        num = line[:1]
        if len(line) < 2 or line[1] != "/" or num not in allowed:
            ctx.out.append(
                c.T56.finding(
                    f"{ctx.f.tag} line {line!r} must start with a line number "
                    f"({', '.join(allowed)}) and '/'",
                    ctx.loc(at),
                )
            )
            at += len(line) + 1
            continue
        if numbers and num < numbers[-1]:
            ctx.out.append(
                c.T56.finding(f"{ctx.f.tag} line number {num} follows {numbers[-1]}", ctx.loc(at))
            )
        _check_numbered_line(ctx, num, line[2:], at + 2, first_3=num == "3" and "3" not in numbers)
        numbers.append(num)
        at += len(line) + 1
    if numbers:
        _check_line_numbers(ctx, numbers, start)


def _check_numbered_line(ctx: _Ctx, num: str, body: str, at: int, *, first_3: bool) -> None:
    """The content rules of numbered line ``num`` (its text after ``n/`` starts at ``at``)."""
    tag = ctx.f.tag
    if first_3:
        if identifiers.check_country(body[:2]) or (len(body) > 2 and body[2] != "/"):
            ctx.out.append(
                c.T73.finding(
                    f"{tag} line 3 must start with an ISO country code, not {body!r}", ctx.loc(at)
                )
            )
    elif num in "57":
        if identifiers.check_country(body[:2]) or body[2:3] != "/":
            ctx.out.append(
                c.T73.finding(
                    f"{tag} line {num} must start with an ISO country code and '/'", ctx.loc(at)
                )
            )
    elif num == "6" and (identifiers.check_country(body[:2]) or body[2:3] != "/"):
        ctx.out.append(
            c.T73.finding(f"{tag} line 6 must start with an ISO country code and '/'", ctx.loc(at))
        )
    elif num == "4":
        born = _yyyymmdd(body)
        if born is None or born > (ctx.as_of or dt.date.today()):
            ctx.out.append(
                c.T50.finding(
                    f"{tag} line 4 date of birth {body!r} is not a past YYYYMMDD", ctx.loc(at)
                )
            )


def _check_line_numbers(ctx: _Ctx, numbers: list[str], start: int) -> None:
    """The rules on which numbered lines a 50F/59F has (T56)."""
    tag = ctx.f.tag
    if numbers[0] != "1":
        ctx.out.append(c.T56.finding(f"{tag} first numbered line must be 1", ctx.loc(start)))
    if "2" in numbers and "3" not in numbers:
        ctx.out.append(c.T56.finding(f"{tag} line 2 requires line 3", ctx.loc(start)))
    if ("4" in numbers) != ("5" in numbers):
        ctx.out.append(c.T56.finding(f"{tag} lines 4 and 5 go together", ctx.loc(start)))
    for once in "4567":
        if numbers.count(once) > 1:
            ctx.out.append(c.T56.finding(f"{tag} line {once} may appear only once", ctx.loc(start)))


def _yyyymmdd(text: str) -> dt.date | None:
    if not re.fullmatch(_RE8, text):
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


_NARRATIVE_CODE = re.compile(r"/([A-Z0-9]{1,8})/")


def _check_72(ctx: _Ctx, _m: _Match) -> None:
    at = 0
    ins = 0
    for n, line in enumerate(ctx.f.value.split("\n")):
        cm = _NARRATIVE_CODE.match(line)
        if cm is None and not (n > 0 and line.startswith("//")):
            ctx.out.append(
                c.NARRATIVE.finding(
                    f"72 line {n + 1} {line[:20]!r} must start with /CODE/ "
                    + ("" if n == 0 else "or // (continuation)"),
                    ctx.loc(at),
                )
            )
        elif cm is not None and ctx.variant == "STP":
            code = cm.group(1)
            if n == 0 and code in ("REJT", "RETN"):
                ctx.out.append(
                    c.T81.finding(f"72 /{code}/ is not allowed in MT103 STP", ctx.loc(at))
                )
            if code == "INS":
                ins += 1
                if ins > 1:
                    ctx.out.append(
                        c.T47.finding(
                            "72 /INS/ may start a line only once in MT103 STP", ctx.loc(at)
                        )
                    )
                rest = line[cm.end() :]
                if identifiers.check_bic(rest):
                    ctx.out.append(
                        c.T44.finding(
                            f"72 /INS/ must be followed by a BIC and nothing else, not {rest!r}",
                            ctx.loc(at + cm.end()),
                        )
                    )
        at += len(line) + 1


def _check_77b(ctx: _Ctx, _m: _Match) -> None:
    first = ctx.f.value.split("\n", 1)[0]
    rm = re.match(_RE9, first)
    if rm and len(rm.group(2)) == 2 and identifiers.check_country(rm.group(2)):
        ctx.out.append(
            c.T73.finding(
                f"77B /{rm.group(1)}/ must be followed by an ISO country code, not {rm.group(2)!r}",
                ctx.loc(rm.start(2)),
            )
        )


_VALUE_CHECKS = {
    "20": _check_reference,
    "13C": _check_13c,
    "23B": _check_23b,
    "23E": _check_23e,
    "32A": _check_32a,
    "33B": _check_33b,
    "71F": _check_33b,
    "71G": _check_71g,
    "36": _check_36,
    "71A": _check_71a,
    "50A": _check_bic,
    "51A": _check_bic,
    "52A": _check_bic,
    "53A": _check_bic,
    "54A": _check_bic,
    "55A": _check_bic,
    "56A": _check_bic,
    "57A": _check_bic,
    "59A": _check_bic,
    "50K": _check_account,
    "59": _check_account,
    "50F": _check_50f,
    "59F": _check_59f,
    "72": _check_72,
    "77B": _check_77b,
}
