"""Conversions a user steers: the creation time (reproducible output), the grouping of pain.001
-> pacs.008, a creditor-agent BIC derived from the IBAN on request, a TxId template where
pacs.008.001.02 needs one; and the project's own examples convert."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import QenexError, check_mt
from qenex_messages.findings import Outcome, SchemaNotInstalledError
from qenex_messages.iso20022 import check_xml
from qenex_messages.translation import ConvertOptions, convert, migrate, pain001_to_pacs008
from qenex_messages.versions import PACS008_VERSIONS, ConvertTarget
from tests.conftest import skip_without_unpublished_schema
from tests.console import check_console_section

from .conftest import MX_CORPUS, first, tree
from .test_pain_and_migrate import pain

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIXED = "2026-03-02T10:00:00+00:00"
STEERED = ConvertOptions(created=FIXED, bic_from_iban=True, transaction_id="{InstrId}")
"""The documented options that make every example convert (docs/cli.md)."""


def _targets(path: Path) -> list[ConvertTarget]:
    if path.suffix == ".fin" or b"FIToFICstmrCdtTrf" in path.read_bytes():
        return ["mt103", "mt103-stp", *PACS008_VERSIONS]
    return ["mt103", *PACS008_VERSIONS, "pain.001.001.03", "pain.001.001.13"]


CASES = [(p, t) for p in sorted(EXAMPLES.iterdir()) for t in _targets(p)]


def _convert(data: bytes, target: ConvertTarget) -> Outcome[Any]:
    """``convert`` with the documented options; skipped where the AppHdr the target carries is
    head.001.001.04, whose XSD no package registry carries (only a mirror has it)."""
    try:
        return convert(data, to=target, options=STEERED)
    except SchemaNotInstalledError:
        skip_without_unpublished_schema("head.001.001.04")
        raise


def _documents(value: bytes | list[bytes] | list[str]) -> list[bytes]:
    items = value if isinstance(value, list) else [value]
    return [i.encode() if isinstance(i, str) else i for i in items]


@pytest.mark.parametrize(("path", "target"), CASES, ids=lambda c: getattr(c, "name", str(c)))
def test_every_example_converts_to_every_target_and_the_result_is_valid(
    path: Path, target: ConvertTarget
) -> None:
    """With the documented options no example fails: no error finding, and each document
    written passes its XSD (or the MT103 checks)."""
    result = _convert(path.read_bytes(), target)
    assert result.ok, [str(f) for f in result.findings if f.is_error]
    documents = _documents(result.value)
    assert documents
    for document in documents:
        if target.startswith("mt103"):
            assert [r.errors for r in check_mt(document.decode())] == [[]]
        else:
            assert check_xml(document).errors == []


@pytest.mark.parametrize(("path", "target"), CASES, ids=lambda c: getattr(c, "name", str(c)))
def test_a_fixed_creation_time_gives_the_same_bytes(path: Path, target: ConvertTarget) -> None:
    """Reproducible output: the same input, target and --created give identical documents,
    generated UETRs included; CreDtTm is the time given."""
    data = path.read_bytes()
    once = _documents(_convert(data, target).value)
    again = _documents(_convert(data, target).value)
    assert once == again
    if not target.startswith("mt103") and path.suffix == ".xml" and data.count(b"CreDtTm") == 1:
        fresh = b"pain.001" in data[:400] and target.startswith("pacs")
        if fresh:  # a new message: stamped with the time given
            assert all(first(tree(d), "GrpHdr/CreDtTm") == FIXED for d in once)


def test_source_date_epoch_fixes_the_time_and_the_uetrs(monkeypatch: pytest.MonkeyPatch) -> None:
    """SOURCE_DATE_EPOCH stands in for --created; without either the time is the real now."""
    data = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
    options = ConvertOptions(bic_from_iban=True)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    live = convert(data, to="pacs.008.001.08", options=options).value
    after = dt.datetime.now(dt.UTC)
    stamped = dt.datetime.fromisoformat(first(tree(live[0]), "GrpHdr/CreDtTm") or "")
    assert before <= stamped <= after
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772445600")  # 2026-03-02T10:00:00Z
    one = convert(data, to="pacs.008.001.08", options=options).value
    two = convert(data, to="pacs.008.001.08", options=options).value
    assert one == two
    assert first(tree(one[0]), "GrpHdr/CreDtTm") == FIXED
    assert first(tree(one[0]), "PmtId/UETR") != first(tree(one[1]), "PmtId/UETR")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(QenexError, match="SOURCE_DATE_EPOCH"):
        convert(data, to="pacs.008.001.08", options=options)


def _number_of_transactions(documents: list[bytes]) -> list[int]:
    return [int(first(tree(d), "GrpHdr/NbOfTxs") or 0) for d in documents]


@given(
    n=st.integers(min_value=1, max_value=3),
    blocks=st.integers(min_value=1, max_value=3),
    grouping=st.sampled_from(["transaction", "block", "message"]),
)
def test_grouping_splits_the_transactions_and_loses_none(
    n: int, blocks: int, grouping: str
) -> None:
    """Whatever the grouping, the pacs.008 messages carry every transaction once, in as many
    messages as the grouping says; each one passes its XSD."""
    result = pain001_to_pacs008(
        pain(n=n, blocks=blocks),
        grouping=grouping,
        created=FIXED,  # type: ignore[arg-type]
    )
    assert result.ok
    counts = _number_of_transactions(result.value)
    assert sum(counts) == n * blocks
    expected = {"transaction": n * blocks, "block": blocks, "message": 1}[grouping]
    assert len(result.value) == expected
    e2e = [
        e.text for d in result.value for e in tree(d).iter("{*}EndToEndId") if e.text is not None
    ]
    assert sorted(e2e) == sorted(f"E2E-{b}-{i}" for b in range(blocks) for i in range(n))
    assert all(check_xml(d).errors == [] for d in result.value)


def test_a_bulk_to_several_agents_says_whom_the_header_addresses() -> None:
    """grouping='message' over transactions to different banks: a warning that the AppHdr
    names the first one, as a bulk goes to a clearing house."""
    result = pain001_to_pacs008(pain(n=2), grouping="message", created=FIXED)
    (warning,) = [f for f in result.findings if f.location.xpath == "/AppHdr/To"]
    assert warning.severity.value == "warning"
    assert "go to 2 agents" in warning.message


PACS = (EXAMPLES / "pacs.008.001.08-apphdr.xml").read_bytes()


def test_migrating_to_pacs_008_001_02_needs_a_txid_and_invents_none() -> None:
    """Without a template: one error per transaction, naming the option, and no output."""
    result = migrate(PACS, to="pacs.008.001.02")
    assert result.value == b""
    (error,) = result.findings
    assert (error.code, error.location.xpath) == (
        "QX447",
        "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/PmtId",
    )
    assert "transaction_id='{InstrId}'" in error.message


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{InstrId}", "QXINSTR0001"),
        ("{MsgId}-{n}", "QX-EX-20260302-01-1"),
        ("TX-{EndToEndId}", "TX-INVOICE-2026-0042"),
    ],
)
def test_a_txid_template_supplies_the_txid(template: str, expected: str) -> None:
    """The template fills TxId from the transaction's own ids; an info finding says so."""
    result = migrate(PACS, to="pacs.008.001.02", transaction_id=template)
    assert result.ok, result.findings
    assert first(tree(result.value), "PmtId/TxId") == expected
    assert any(
        f.code == "QX443" and f"TxId {expected} written" in f.message for f in result.findings
    )
    assert check_xml(result.value).errors == []


def test_a_txid_template_that_cannot_work_is_refused() -> None:
    """An unknown placeholder raises; a TxId over 35 characters or repeated is an error."""
    with pytest.raises(QenexError, match=r"unknown \{Uetr\}"):
        migrate(PACS, to="pacs.008.001.02", transaction_id="{Uetr}")
    long = migrate(PACS, to="pacs.008.001.02", transaction_id="{MsgId}{MsgId}{MsgId}")
    assert not long.ok and "1 to 35 characters" in str(long.findings)
    bulk = pain001_to_pacs008(pain(n=2), grouping="message", created=FIXED)
    repeated = migrate(bulk.value[0], to="pacs.008.001.02", transaction_id="SAME")
    assert repeated.value == b""
    assert re.search(r"TxId SAME repeats that of transaction 1", str(repeated.findings))


def test_an_mt103_becomes_pacs_008_001_02_with_a_template() -> None:
    """MT103 -> pacs.008.001.02: refused without a TxId, converted with one."""
    data = (EXAMPLES / "mt103.fin").read_bytes()
    refused = convert(data, to="pacs.008.001.02")
    assert not refused.ok and "--tx-id" in str(refused.findings)
    done = convert(data, to="pacs.008.001.02", options=ConvertOptions(transaction_id="{InstrId}"))
    assert done.ok
    assert first(tree(done.value), "PmtId/TxId") == first(tree(done.value), "PmtId/InstrId")


CORPUS_PAIN = sorted(
    p
    for p in MX_CORPUS.rglob("*.xml")
    if MX_CORPUS.is_dir() and b"CstmrCdtTrfInitn" in p.read_bytes()[:3000]
)


@pytest.mark.skipif(not CORPUS_PAIN, reason="../shared corpus missing")
def test_corpus_pain_001_converts_reproducibly() -> None:
    """Over the corpus: a fixed time gives the same bytes twice, whatever the findings."""
    for path in CORPUS_PAIN:
        data = path.read_bytes()
        one = convert(data, to="pacs.008.001.08", options=STEERED)
        two = convert(data, to="pacs.008.001.08", options=STEERED)
        assert one.value == two.value, path
        assert one.findings == two.findings, path


def test_the_convert_examples_of_the_cli_page_print_what_it_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """docs/cli.md "Converting the examples": each command prints exactly what follows it and
    exits as shown (run in a scratch folder, so the files it writes land there)."""
    assert check_console_section("Converting the examples", capsys, monkeypatch, tmp_path) >= 5


EVERY_ELEMENT = (
    sorted(MX_CORPUS.rglob("pain.001.*every-element*.xml")) if MX_CORPUS.is_dir() else []
)


@pytest.mark.skipif(not EVERY_ELEMENT, reason="../shared corpus missing")
@pytest.mark.parametrize("path", EVERY_ELEMENT, ids=lambda p: p.name)
def test_what_a_transaction_inherits_travels_with_it(path: Path) -> None:
    """Elements the model does not hold inside the debtor, its agent, the payment type or the
    initiating party reach each pacs.008 transaction, or a finding names them: none is lost
    silently; the output passes its XSD."""
    from lxml import etree

    from qenex_messages import parse_document

    data = path.read_bytes()
    kept = [
        s
        for s in parse_document(data).model.supplementary_data
        if re.match(
            r"/Document/CstmrCdtTrfInitn/(PmtInf(\[\d+\])?/)?(Dbtr|UltmtDbtr|PmtTpInf)",
            s.origin or "",
        )
    ]
    assert kept
    for version in ("pacs.008.001.08", "pacs.008.001.02"):
        result = pain001_to_pacs008(data, version=version, created=FIXED)  # type: ignore[arg-type]
        written = b"".join(result.value).decode()
        for item in kept:
            texts = [t.strip() for t in etree.fromstring(item.content).itertext() if t.strip()]
            leaf = (item.origin or "").rsplit("/", 1)[1]
            named = any(leaf in f.message for f in result.findings)
            assert all(f">{t}<" in written for t in texts) or named, (version, item.origin)
        assert all(check_xml(d).errors == [] for d in result.value)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--created", "yesterday"], "created 'yesterday' is not an ISO 8601 date-time"),
        (["--tx-id", "{Bad}"], "TxId template '{Bad}': unknown {Bad}"),
        (["--tx-id", "{InstrId"], "TxId template '{InstrId': expected '}'"),
        (["--grouping", "daily"], "invalid choice: 'daily'"),
    ],
)
def test_bad_steering_is_a_usage_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad option value: exit 2 and one line naming it, nothing written."""
    from qenex_messages import cli

    source = str(EXAMPLES / "mt103.fin")
    code = cli.main(["convert", source, "--to", "pacs.008.001.02", *argv])
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert message in captured.err
