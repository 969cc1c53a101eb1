"""Safety limits: one settings object for every size, depth and count qenex-messages bounds.

>>> from qenex_messages.limits import Limits
>>> Limits().max_xml_depth
256
>>> Limits(max_xml_depth=64).max_xml_depth
64

Every field is overridable three ways, later ones winning: the default here, an environment
variable named ``QENEX_`` + the field name in upper case (``QENEX_MAX_INPUT_BYTES=1000000``), and a
keyword (``Limits.from_env(max_input_bytes=10**6)``). :func:`resolve` turns an optional ``limits``
argument into the effective settings. :func:`limit_finding` builds the ``QX004`` finding that names
the setting to raise, e.g. "the file is 300 MiB, over max_input_bytes
(QENEX_MAX_INPUT_BYTES=268435456)", and :func:`exceeded` the matching
:class:`~qenex_messages.findings.LimitExceededError` for strict entry points.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping

from qenex_messages._patterns import on_first_use
from qenex_messages._records import field, field_names, record, replace
from qenex_messages.codes import TOO_LARGE
from qenex_messages.findings import NOWHERE, Finding, LimitExceededError, Location, SettingError

__all__ = [
    "ENV_PREFIX",
    "Limits",
    "env_name",
    "environment_reader",
    "exceeded",
    "limit_finding",
    "parse_size",
    "resolve",
]

ENV_PREFIX = "QENEX_"

_MIB = 1024 * 1024


@record(frozen=True, slots=True)
class Limits:
    """The safety limits of one run. Defaults are far above any real payment file."""

    max_input_bytes: int = 256 * _MIB
    """Largest input read whole into memory (``validate_bytes``, ``check_xml``, ``check_mt``)."""
    max_stream_bytes: int = 64 * 1024 * _MIB
    """Largest file the streaming validator reads (memory stays flat; this bounds the time)."""
    max_xml_depth: int = 256
    """Deepest element nesting accepted; at most 256, libxml2's own limit (``huge_tree`` stays
    off, so it cannot be raised)."""
    max_text_bytes: int = 10_000_000
    """Largest text node accepted; at most 10,000,000, libxml2's own limit without
    ``huge_tree``."""
    max_mt_messages: int = 1_000_000
    """Most MT messages read from one file."""
    max_mt_message_chars: int = 1_000_000
    """Longest single MT message (FIN allows 10,000 characters of text; 100x that is accepted)."""
    max_mt_fields: int = 1_000
    """Most block-4 fields in one MT message (an MT103 has a few dozen)."""
    max_mt_field_chars: int = 10_000
    """Longest single MT field (the longest MT103 field, 77T, holds 9,000 characters)."""
    max_transactions: int = 10_000_000
    """Most credit transfer transactions streamed from one ISO 20022 file."""
    max_findings: int = 100_000
    """Most findings reported for one file; a final note says how many more there were."""
    max_tracked_ids: int = 500_000
    """Identifiers remembered exactly for the duplicate check of one streamed file; beyond that
    a Bloom filter of ``max_bloom_bytes`` takes over (see :mod:`qenex_messages.iso20022.totals`)."""
    max_bloom_bytes: int = 32 * _MIB
    """Size of that Bloom filter."""
    set_by: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    """How the caller set a limit, by setting name (``{"max_input_bytes": "--max-bytes"}``), so
    that a finding names what the user set rather than the environment variable."""

    def __post_init__(self) -> None:
        for name in _settings():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise SettingError(f"{name} must be a positive whole number, not {value!r}")
        for name, ceiling in _PARSER_CEILINGS.items():
            if getattr(self, name) > ceiling:
                raise SettingError(
                    f"{name} can be at most {ceiling:,}: the XML parser keeps libxml2's own "
                    "limits (huge_tree stays off)"
                )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: int) -> Limits:
        """Defaults, then ``QENEX_MAX_...`` variables from ``environ`` (default ``os.environ``),
        then ``overrides``. A variable that is not a whole number from 1 to its ceiling raises
        :class:`~qenex_messages.SettingError` naming the variable and its value."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name in _settings():
            raw = env.get(env_name(name))
            if raw is None or not raw.strip():
                continue
            values[name] = _env_value(name, raw)
        unknown = set(overrides) - set(_settings())
        if unknown:
            raise TypeError(f"unknown limit(s): {', '.join(sorted(unknown))}")
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]  # every limit is an int

    def with_(self, **changes: int) -> Limits:
        """A copy with some limits changed."""
        return replace(self, **changes)  # type: ignore[arg-type]  # every limit is an int

    def input_refused(
        self, size: int, *, what: str = "the input", location: Location = NOWHERE
    ) -> Finding | None:
        """The ``QX004`` finding when a whole input of ``size`` bytes is over
        ``max_input_bytes``, else None: the one size check of an input read whole."""
        if size <= self.max_input_bytes:
            return None
        return limit_finding("max_input_bytes", size, self, what=what, location=location)


def _env_value(setting: str, raw: str) -> int:
    """The value of ``setting``'s variable, or a SettingError naming the variable and value."""
    text = raw.strip().replace("_", "")
    # isdigit() alone accepts '²' and Arabic-Indic digits; int() refuses over 4,300 digits.
    if not (text.isascii() and text.isdigit() and len(text) <= 30 and int(text) >= 1):
        raise SettingError(f"{env_name(setting)}={raw[:40]!r} is not a positive whole number")
    value = int(text)
    ceiling = _PARSER_CEILINGS.get(setting)
    if ceiling is not None and value > ceiling:
        raise SettingError(
            f"{env_name(setting)}={raw[:40]!r} is over {ceiling:,}, the most {setting} can be "
            "(the XML parser keeps libxml2's own limits)"
        )
    return value


def env_name(setting: str) -> str:
    """The environment variable of a setting: ``max_input_bytes`` -> ``QENEX_MAX_INPUT_BYTES``."""
    return ENV_PREFIX + setting.upper()


def resolve(limits: Limits | None = None) -> Limits:
    """``limits`` itself, or the limits in force (defaults plus ``QENEX_MAX_...`` variables).

    The environment is read on every call (cheaply: the settings are rebuilt only when one of
    the variables changed), so a run can change them between messages."""
    if limits is not None:
        return limits
    key = _env_key()
    cached = _from_env_cache.get(key)
    if cached is None:
        cached = Limits.from_env()
        _from_env_cache.clear()
        _from_env_cache[key] = cached
    return cached


_PARSER_CEILINGS = {"max_xml_depth": 256, "max_text_bytes": 10_000_000}


def _settings() -> tuple[str, ...]:
    """The names of the limits themselves (every field but ``set_by``)."""
    return tuple(name for name in field_names(Limits) if name != "set_by")


def environment_reader(names: tuple[str, ...]) -> Callable[[], tuple[object, ...]]:
    """A function that reads the environment variables ``names`` at each call, as a cache key
    (their values, ``None`` where unset; raw, so only to compare).

    ``os.environ.get`` encodes the name on each call (about 0.6 us), and raises and catches a
    KeyError inside for a variable that is unset (several times that), so the values are read
    from the mapping's own dict when CPython exposes it (``os._Environ._data`` with
    ``encodekey``), and through the public API otherwise."""
    data = getattr(os.environ, "_data", None)
    encoded = _encoded(names)
    if isinstance(data, dict) and encoded:
        get = data.get
        return lambda: tuple(map(get, encoded))
    public = os.environ.get
    return lambda: tuple(map(public, names))


def _encoded(names: tuple[str, ...]) -> tuple[object, ...]:
    encode = getattr(os.environ, "encodekey", None)
    if encode is None:
        return ()
    try:
        return tuple(encode(name) for name in names)
    except (TypeError, ValueError, UnicodeError):  # any surprise: use the public API
        return ()


_env_key = environment_reader(tuple(env_name(name) for name in _settings()))
"""The current values of the ``QENEX_MAX_*`` variables, as the key of the settings in force."""
_from_env_cache: dict[tuple[object, ...], Limits] = {}


def _size(value: int) -> str:
    if value >= 10 * _MIB:
        return f"{value / _MIB:,.0f} MiB"
    if value >= 10 * 1024:
        return f"{value / 1024:,.0f} KiB"
    return f"{value:,} bytes"


_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}
_SIZE = on_first_use(r"\s*(\d[\d_]*(?:\.\d+)?)\s*([a-z]*)\s*", re.IGNORECASE)
"""A size as ``--max-bytes`` and ``QENEX_MAX_*`` take it (only a run given one reads it)."""


def parse_size(text: str) -> int:
    """Bytes of a size such as ``52428800``, ``50MB`` (10^6 bytes each), ``50 MiB`` (2^20),
    ``1.5GB``, ``512KiB``. Raises ValueError for anything else or for less than one byte."""
    match = _SIZE().fullmatch(text)
    unit = _UNITS.get(match[2].lower()) if match else None
    if match is None or unit is None:
        raise ValueError(
            f"{text!r} is not a size: use bytes or a number with KB, MB, GB, KiB, MiB or GiB"
        )
    whole, _, fraction = match[1].replace("_", "").partition(".")
    scale = 10 ** len(fraction)
    value: int = (int(whole) * scale + int(fraction or 0)) * unit // scale
    if value < 1:
        raise ValueError(f"{text!r} is less than one byte")
    return value


def _describe(setting: str, actual: int) -> str:
    return _size(actual) if setting.endswith("_bytes") else f"{actual:,}"


def limit_finding(
    setting: str,
    actual: int,
    limits: Limits | None = None,
    *,
    what: str = "the input",
    location: Location = NOWHERE,
    at_least: bool = False,
) -> Finding:
    """The ``QX004`` finding for ``what`` being ``actual`` (bytes, levels, count ...), over the
    limit ``setting``; the message names the setting and its environment variable.

    ``at_least`` says the input was not read to its end, so ``actual`` is a lower bound."""
    effective = resolve(limits)
    limit = getattr(effective, setting)
    amount = _describe(setting, actual)
    verb = "is at least" if at_least else "is"
    given = effective.set_by.get(setting)
    if given is not None:
        message = f"{what} {verb} {amount}, over the {given} limit of {_describe(setting, limit)}"
    else:
        message = f"{what} {verb} {amount}, over {setting} ({env_name(setting)}={limit})"
    return TOO_LARGE.finding(
        message,
        location,
        args={
            "setting": setting,
            "variable": given or env_name(setting),
            "limit": str(limit),
            "actual": str(actual),
        },
    )


def exceeded(
    setting: str,
    actual: int,
    limits: Limits | None = None,
    *,
    what: str = "the input",
    location: Location = NOWHERE,
) -> LimitExceededError:
    """A :class:`LimitExceededError` with the same text as :func:`limit_finding` (to raise)."""
    finding = limit_finding(setting, actual, limits, what=what, location=location)
    return LimitExceededError(finding.message)
