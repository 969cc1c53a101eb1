"""The Limits settings object: defaults, environment variables, keywords and the QX004 finding."""

from __future__ import annotations

import pytest

from qenex_messages import LimitExceededError, SettingError
from qenex_messages.findings import Location
from qenex_messages.limits import Limits, env_name, exceeded, limit_finding, resolve


def test_defaults_are_safe() -> None:
    """The defaults match libxml2's own limits and leave real files far below them."""
    limits = Limits()
    assert limits.max_input_bytes == 256 * 1024 * 1024
    assert limits.max_xml_depth == 256
    assert limits.max_text_bytes == 10_000_000
    assert limits.max_mt_field_chars >= 9_000


def test_environment_then_keyword() -> None:
    """A QENEX_MAX_... variable overrides the default; a keyword overrides the variable."""
    env = {"QENEX_MAX_INPUT_BYTES": "1_000", "QENEX_MAX_FINDINGS": "7"}
    limits = Limits.from_env(env, max_findings=3)
    assert limits.max_input_bytes == 1000
    assert limits.max_findings == 3
    assert Limits.from_env({}) == Limits()


@pytest.mark.parametrize(
    "env",
    [
        {"QENEX_MAX_INPUT_BYTES": "big"},  # not a number
        {"QENEX_MAX_XML_DEPTH": "-1"},  # negative
        {"QENEX_MAX_FINDINGS": "0"},  # zero
    ],
)
def test_bad_environment_values_are_refused(env: dict[str, str]) -> None:
    """A variable that is not a positive whole number raises ValueError."""
    with pytest.raises(ValueError, match=r"QENEX_MAX|positive"):
        Limits.from_env(env)


def test_unknown_keyword_is_refused() -> None:
    """A typo in a keyword is an error, not silently ignored."""
    with pytest.raises(TypeError, match="max_inptu_bytes"):
        Limits.from_env({}, max_inptu_bytes=1)


def test_resolve() -> None:
    """resolve() returns the given limits, else the ones in force."""
    mine = Limits(max_findings=5)
    assert resolve(mine) is mine
    assert isinstance(resolve(None), Limits)


def test_finding_names_the_setting() -> None:
    """QX004 says the size, the setting and its variable with the limit in force."""
    finding = limit_finding(
        "max_input_bytes", 300 * 1024 * 1024, Limits(), what="the file", location=Location("f")
    )
    assert finding.code == "QX004"
    assert finding.message == (
        "the file is 300 MiB, over max_input_bytes (QENEX_MAX_INPUT_BYTES=268435456)"
    )
    assert finding.args["variable"] == env_name("max_input_bytes")
    assert finding.location.source == "f"
    count = limit_finding("max_transactions", 11, Limits(max_transactions=10), at_least=True)
    assert count.message == (
        "the input is at least 11, over max_transactions (QENEX_MAX_TRANSACTIONS=10)"
    )


def test_exceeded_is_a_limit_error() -> None:
    """exceeded() builds the LimitExceededError strict entry points raise."""
    error = exceeded("max_xml_depth", 300, Limits())
    assert isinstance(error, LimitExceededError)
    assert "QENEX_MAX_XML_DEPTH=256" in str(error)


def test_parse_xml_follows_max_input_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hardened XML parser takes its size limit from Limits (QENEX_MAX_INPUT_BYTES)."""
    from qenex_messages.iso20022 import parse_xml

    monkeypatch.setenv("QENEX_MAX_INPUT_BYTES", "100")
    outcome = parse_xml(b"<a>" + b"x" * 200 + b"</a>")
    assert outcome.value is None
    [finding] = outcome.findings
    assert finding.code == "QX004"
    assert "max_input_bytes (QENEX_MAX_INPUT_BYTES=100)" in finding.message
    monkeypatch.setenv("QENEX_MAX_INPUT_BYTES", "not a number")
    with pytest.raises(SettingError, match="QENEX_MAX_INPUT_BYTES='not a number'"):
        parse_xml(b"<a/>")  # never silently the defaults (see test_settings.py)


def test_parse_size_units() -> None:
    """Sizes in bytes or with decimal (KB) and binary (KiB) units; nothing else."""
    from qenex_messages.limits import parse_size

    assert parse_size("52428800") == 52_428_800
    assert parse_size("50MB") == 50_000_000
    assert parse_size("50 MiB") == 50 * 1024 * 1024
    assert parse_size("1.5GB") == 1_500_000_000
    assert parse_size("512kib") == 512 * 1024
    for bad in ("", "MB", "-1", "5XB", "0", "0.0001KB"):
        with pytest.raises(ValueError, match=r"not a size|less than one byte"):
            parse_size(bad)
