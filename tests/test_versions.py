"""The typed names of the public API: each Literal equals the set the library supports at run
time, and a type checker refuses a name outside it."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from qenex_messages import versions
from qenex_messages.iso20022 import SUPPORTED
from qenex_messages.iso20022.detect import STATUS_REPORTS
from qenex_messages.iso20022.schemas import catalog
from qenex_messages.rules import PROFILES
from qenex_messages.translation import TARGETS
from qenex_messages.translation.mx_to_mt import VARIANTS


def test_message_versions_are_the_catalog_s() -> None:
    """Every pacs.008 / pain.001 / status report id of the schema catalog is a version of the
    Literal, and the Literal names nothing the catalog lacks (pain.002.001.12 is in the catalog
    for its XSD only: the status writer does not produce it)."""
    ids = {e.id for e in catalog()}
    credit = {i for i in ids if i.startswith(("pacs.008.", "pain.001."))}
    assert set(versions.SUPPORTED) == credit
    assert set(versions.PACS008_VERSIONS) == {i for i in credit if i.startswith("pacs.008")}
    assert set(versions.STATUS_REPORT_VERSIONS) <= ids
    assert versions.SUPPORTED == SUPPORTED
    assert versions.STATUS_REPORT_VERSIONS == STATUS_REPORTS


def test_other_names_are_the_library_s() -> None:
    """Profiles, MT variants and convert targets: the Literal is what the code accepts."""
    assert versions.PROFILES == PROFILES
    assert set(versions.MT_VARIANTS) == set(VARIANTS.values())
    assert versions.CONVERT_TARGETS == TARGETS
    assert set(versions.CONVERT_TARGETS) == {"mt103", "mt103-stp", "mt103-remit", *SUPPORTED}


def test_text_becomes_a_typed_name_or_a_clear_error() -> None:
    """The as_* helpers return the name, or raise naming the choices."""
    assert versions.as_message_version("pain.001.001.09") == "pain.001.001.09"
    assert versions.as_profile("auto") == "auto"
    with pytest.raises(versions.QenexError, match=r"choose one of pacs\.008\.001\.02"):
        versions.as_pacs008_version("pain.001.001.09")
    with pytest.raises(versions.QenexError, match="not a conversion target"):
        versions.as_convert_target("pain.001.001.99")


def test_validate_bytes_and_check_xml_take_shared_arguments_the_same_way() -> None:
    """The arguments both have are keyword-only, with the same type and default."""
    from qenex_messages import check_xml, validate_bytes

    xml = inspect.signature(check_xml).parameters
    whole = inspect.signature(validate_bytes).parameters
    shared = set(xml) & set(whole) - {"data"}
    assert shared >= {"source", "schema", "limits"}
    for name in shared:
        a, b = xml[name], whole[name]
        assert (a.kind, a.annotation, a.default) == (b.kind, b.annotation, b.default), name


SNIPPET = """
from qenex_messages import (
    convert, migrate, model, pacs008_to_mt103, pain001_to_pacs008,
    render_document, render_mt103, status_report, validate_bytes,
)

def calls(m: model.CreditTransfer, data: bytes) -> None:
    render_document(m, "pain.001.001.09")
    render_document(m, "pain.001.001.99")  # BAD
    migrate(data, to="pacs.008.001.99")  # BAD
    convert(data, to="mt103-stp")
    convert(data, to="mt104")  # BAD
    pain001_to_pacs008(data, version="pain.001.001.09")  # BAD
    pain001_to_pacs008(data, grouping="daily")  # BAD
    pacs008_to_mt103(data, variant="STP")
    render_mt103(m, variant="gpi")  # BAD
    validate_bytes(data, profile="cbpr+")
    validate_bytes(data, profile="swiss")  # BAD
    status_report(data, "pain.002", "pain.002.001.99")  # BAD
"""


def test_a_type_checker_refuses_unsupported_names(tmp_path: Path) -> None:
    """mypy --strict passes the good calls and flags exactly the lines marked BAD."""
    source = textwrap.dedent(SNIPPET)
    snippet = tmp_path / "snippet.py"
    snippet.write_text(source, "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", snippet.name],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=300,
    )
    flagged = {
        int(line.split(":")[1])
        for line in result.stdout.splitlines()
        if line.startswith(snippet.name) and ": error:" in line
    }
    bad = {n for n, line in enumerate(source.splitlines(), start=1) if line.endswith("# BAD")}
    assert flagged == bad, result.stdout
