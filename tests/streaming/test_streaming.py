"""validate_stream and iter_transactions on generated files with faults at known places."""

from __future__ import annotations

import io
import math
import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import MessageError, QenexError
from qenex_messages.findings import Finding
from qenex_messages.iso20022.totals import NOT_PROVIDED
from qenex_messages.iso20022.totals import SeenIds as _SeenIds
from qenex_messages.limits import Limits
from qenex_messages.pipeline import validate_path
from qenex_messages.pipeline.stream import iter_transactions, validate_stream

REPO = Path(__file__).resolve().parents[2]
XML_KINDS = ("pain.001.001.03", "pain.001.001.09", "pacs.008.001.08")
FAULTS = (
    "bad-iban@5",
    "dup-e2e@700",
    "ctrlsum",
    "bad-bic@900",
    "bad-amount@1300",
    "nboftxs",
)
# Which code each planted fault must give, on the planted line.
EXPECTED = {
    "bad-iban": "QX102",
    "dup-e2e": "QX342",
    "bad-bic": "QX107",
    "bad-amount": "QX327",
    "nboftxs": "QX340",
    "bad-currency": "T52",
}


def _key(finding: Finding) -> tuple[int, str, str | None]:
    return (finding.location.line or 0, finding.code, finding.location.xpath)


@pytest.mark.parametrize("kind", XML_KINDS)
def test_planted_faults_are_found_at_their_lines(
    kind: str, generate: ModuleType, tmp_path: Path
) -> None:
    """Every planted fault of a 2,000-transaction file is reported on the line it was written."""
    path = tmp_path / "f.xml"
    planted = generate.write(path, kind, 2000, FAULTS)
    stream = validate_stream(path)
    found = {(f.code, f.location.line) for f in stream}
    assert stream.transactions == 2000
    assert stream.version == kind
    for item in planted:
        if item.fault in EXPECTED:
            assert (EXPECTED[item.fault], item.line) in found, item
    sums = {"QX341", "QX344"}
    assert any(code in sums for code, _ in found)


@pytest.mark.parametrize("kind", XML_KINDS)
@pytest.mark.parametrize("profile", [None, "auto"])
def test_stream_gives_what_the_whole_file_check_gives(
    kind: str, profile: str | None, generate: ModuleType, tmp_path: Path
) -> None:
    """Same codes, lines and XPaths as validate_path on the same file (chunks are invisible)."""
    path = tmp_path / "f.xml"
    generate.write(path, kind, 700, ("bad-iban@5", "dup-e2e@300", "ctrlsum", "bad-bic@600"))
    whole = sorted(_key(f) for r in validate_path(path, profile=profile) for f in r.findings)
    streamed = sorted(_key(f) for f in validate_stream(path, profile=profile))
    assert streamed == whole


def test_mt_file_message_by_message(generate: ModuleType, tmp_path: Path) -> None:
    """A file of 2,000 MT103s: findings of planted faults keep their line numbers in the file."""
    path = tmp_path / "many.fin"
    planted = generate.write(path, "mt103", 2000, ("bad-iban@5", "bad-currency@1500"))
    stream = validate_stream(path)
    findings = list(stream)
    assert stream.messages == 2000
    lines = {(f.code, f.location.line) for f in findings}
    for item in planted:
        if item.fault == "bad-currency":
            assert ("T52", item.line) in lines
        else:
            assert any(line == item.line for _, line in lines)
    whole = sorted(_key(f) for r in validate_path(path) for f in r.findings)
    assert sorted(_key(f) for f in findings) == whole


def test_valid_file_gives_no_errors(generate: ModuleType, tmp_path: Path) -> None:
    """A valid generated SEPA pain.001 passes the stream with the SEPA profile."""
    path = tmp_path / "ok.xml"
    generate.write(path, "pain.001.001.09", 600)
    report = validate_stream(path, profile="sepa").report()
    assert report.ok, report.findings[:3]
    assert report.message_type == "pain.001"


def test_file_object_and_source(generate: ModuleType) -> None:
    """A binary file object is read front to back; ``source`` names it in the findings."""
    buffer = io.BytesIO()
    generate.write_xml(buffer, "pacs.008.001.08", 50, ("bad-iban@7",))
    buffer.seek(0)
    findings = list(validate_stream(buffer, source="upload.xml"))
    assert [f.code for f in findings] == ["QX102"]
    assert findings[0].location.source == "upload.xml"


def test_envelope_is_validated_per_chunk() -> None:
    """AppHdr + Document: the header and each chunk are validated as trees."""
    path = REPO / "examples" / "pacs.008.001.08-apphdr.xml"
    whole = sorted(_key(f) for r in validate_path(path, profile="cbpr+") for f in r.findings)
    assert sorted(_key(f) for f in validate_stream(path, profile="cbpr+")) == whole
    broken = path.read_bytes().replace(b"<BizSvc>", b"<Bogus>x</Bogus><BizSvc>")
    codes = [f.code for f in validate_stream(io.BytesIO(broken))]
    assert "QX323" in codes


def test_xsd_error_outside_transactions(generate: ModuleType) -> None:
    """An XSD error after the last block is still reported (without a line)."""
    buffer = io.BytesIO()
    generate.write_xml(buffer, "pain.001.001.09", 10)
    data = buffer.getvalue().replace(b"</CstmrCdtTrfInitn>", b"<Stray/></CstmrCdtTrfInitn>")
    findings = list(validate_stream(io.BytesIO(data)))
    assert [f.code for f in findings] == ["QX323"]
    assert findings[0].location.line is None


def test_xsd_error_in_group_header_is_located(generate: ModuleType) -> None:
    """An XSD error in the group header is found by the first chunk, with its line, once."""
    buffer = io.BytesIO()
    generate.write_xml(buffer, "pain.001.001.09", 600)
    data = buffer.getvalue().replace(b"<MsgId>QX-GEN-600</MsgId>", b"<MsgId></MsgId>", 1)
    findings = list(validate_stream(io.BytesIO(data)))
    assert [(f.code, f.location.line) for f in findings] == [("QX324", 5)]


def test_not_well_formed_stops_with_a_finding(generate: ModuleType) -> None:
    """A file cut in the middle gives the findings up to the cut and one QX301."""
    buffer = io.BytesIO()
    generate.write_xml(buffer, "pacs.008.001.08", 400, ("bad-iban@3",))
    data = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    codes = [f.code for f in validate_stream(io.BytesIO(data))]
    assert codes[0] == "QX102"
    assert codes[-1] == "QX301"


def test_max_transactions(generate: ModuleType, tmp_path: Path) -> None:
    """Over max_transactions: a QX004 naming the setting, not an exception."""
    path = tmp_path / "f.xml"
    generate.write(path, "pacs.008.001.08", 300)
    findings = list(validate_stream(path, limits=Limits(max_transactions=100)))
    assert findings[-1].code == "QX004"
    assert "max_transactions (QENEX_MAX_TRANSACTIONS=100)" in findings[-1].message


def test_max_stream_bytes(generate: ModuleType, tmp_path: Path) -> None:
    """A file over max_stream_bytes is refused before reading, a stream when it passes it."""
    path = tmp_path / "f.xml"
    generate.write(path, "pacs.008.001.08", 30)
    [finding] = validate_stream(path, limits=Limits(max_stream_bytes=1000))
    assert finding.code == "QX004"
    assert "QENEX_MAX_STREAM_BYTES=1000" in finding.message
    with path.open("rb") as handle:
        codes = [f.code for f in validate_stream(handle, limits=Limits(max_stream_bytes=20_000))]
    assert codes[-1] == "QX004"


def test_max_findings_cut(generate: ModuleType, tmp_path: Path) -> None:
    """At most max_findings findings, then one QX080 note with the number left out."""
    path = tmp_path / "f.xml"
    generate.write(path, "pacs.008.001.08", 40, [f"bad-iban@{n}" for n in range(1, 31)])
    stream = validate_stream(path, limits=Limits(max_findings=10))
    findings = list(stream)
    assert len(findings) == 11
    assert findings[-1].code == "QX080"
    assert stream.suppressed == 20


def test_duplicates_beyond_the_exact_cap_use_the_bloom_filter() -> None:
    """Past max_tracked_ids a repeat is still found, as a probable one; new values stay new."""
    seen = _SeenIds(Limits(max_tracked_ids=1, max_bloom_bytes=1 << 16))
    assert seen.check("EndToEndId", "A", 10) == ("new", None)
    assert seen.check("EndToEndId", "B", 20) == ("new", None)
    assert seen.check("EndToEndId", "A", 30) == ("exact", 10)
    assert seen.check("EndToEndId", "B", 40) == ("probable", None)
    assert seen.check("TxId", "B", 50) == ("new", None)
    fresh = [seen.check("EndToEndId", f"N{n}", n)[0] for n in range(2000)]
    assert fresh.count("probable") <= 2


@given(
    st.lists(
        st.text(min_size=1, max_size=12).filter(lambda v: v != NOT_PROVIDED),
        min_size=1,
        max_size=300,
        unique=True,
    )
)
def test_the_bloom_filter_never_misses_a_repeat(values: list[str]) -> None:
    """Past the cap every repeat is reported (a Bloom filter errs only towards "seen"), and in a
    filter this sparse a new value is nearly never taken for a seen one (``NOTPROVIDED``, never
    a repeat, is left out)."""
    seen = _SeenIds(Limits(max_tracked_ids=1, max_bloom_bytes=1 << 16))
    seen.check("TxId", "the one kept exactly", 1)
    fresh = [seen.check("EndToEndId", value, 1)[0] for value in values]
    assert fresh.count("probable") <= 1
    assert {seen.check("EndToEndId", value, 2)[0] for value in values} == {"probable"}


def test_the_bloom_filter_takes_new_values_for_seen_ones_as_rarely_as_an_unblocked_one() -> None:
    """Filled to 14 bits per identifier, the filter's false "seen" answers stay within twice what
    an unblocked Bloom filter of 7 hashes gives in theory (33 here). A filter blocked by one 64-bit
    word gave 211: its uneven load per word made two false repeats in a 1.2-million-transaction
    file at the default size, where the unblocked rate is about one in a billion."""
    size = 1 << 18
    bits, count = size * 8, size * 8 // 14
    seen = _SeenIds(Limits(max_tracked_ids=1, max_bloom_bytes=size))
    false_repeats = sum(
        seen.check("EndToEndId", f"E2E-{n:09d}", n)[0] == "probable" for n in range(count)
    )
    unblocked = sum((1 - math.exp(-7 * n / bits)) ** 7 for n in range(count))
    assert 20 < unblocked < 50
    assert false_repeats <= 2 * unblocked


def test_duplicate_found_in_a_stream_past_the_cap(generate: ModuleType, tmp_path: Path) -> None:
    """With a tiny exact cap, a repeat in the file is still reported on its line."""
    path = tmp_path / "f.xml"
    planted = generate.write(path, "pacs.008.001.08", 300, ("dup-e2e@250",))
    limits = Limits(max_tracked_ids=10, max_bloom_bytes=1 << 16)
    dups = [f for f in validate_stream(path, limits=limits) if f.code == "QX342"]
    assert planted[0].line in {f.location.line for f in dups}


def test_too_long_mt_message_is_skipped(generate: ModuleType) -> None:
    """An MT message over max_mt_message_chars gives QX004; the next ones are still checked."""
    buffer = io.BytesIO()
    generate.write_mt(buffer, 3, ("bad-currency@3",))
    data = buffer.getvalue().replace(b":70:INVOICE 000000001", b":70:" + b"A" * 300_000, 1)
    limits = Limits(max_mt_message_chars=100_000)
    findings = list(validate_stream(io.BytesIO(data), limits=limits))
    codes = [f.code for f in findings]
    assert codes[0] == "QX004"
    assert "T52" in codes


def test_unknown_profile_raises() -> None:
    """A bad profile name is a usage error (QenexError), raised at once."""
    with pytest.raises(QenexError):
        validate_stream(io.BytesIO(b"<x/>"), profile="nope")


def test_non_streamable_input_is_read_whole() -> None:
    """Input with no supported Document falls back to the whole-file checks."""
    codes = [f.code for f in validate_stream(io.BytesIO(b"<Document xmlns='urn:x'/>"))]
    assert codes and all(c.startswith("QX3") for c in codes)
    assert [f.code for f in validate_stream(io.BytesIO(b""))] == ["QX001"]


@pytest.mark.parametrize("kind", XML_KINDS)
def test_iter_transactions(kind: str, generate: ModuleType, tmp_path: Path) -> None:
    """Every transaction comes out as a model, in order, with what the model has no field for
    kept as supplementary data."""
    path = tmp_path / "f.xml"
    generate.write(path, kind, 500)
    transactions = list(iter_transactions(path))
    assert len(transactions) == 500
    assert transactions[41].end_to_end_id == "QX-E2E-000000042"
    assert transactions[41].creditor_account is not None
    assert transactions[41].creditor_account.iban == generate.creditor_iban(42)


def test_iter_transactions_errors(generate: ModuleType) -> None:
    """Unsupported, malformed or unmappable input raises MessageError with findings."""
    with pytest.raises(MessageError):
        list(iter_transactions(io.BytesIO(b"<a/>")))
    buffer = io.BytesIO()
    generate.write_xml(buffer, "pain.001.001.09", 20, ("bad-iban@3",))
    buffer.seek(0)
    with pytest.raises(MessageError) as caught:
        list(iter_transactions(buffer))
    assert caught.value.findings


def _peak(generate: ModuleType, folder: Path, count: int) -> int:
    path = folder / f"f{count}.xml"
    generate.write(path, "pain.001.001.09", count)
    # Identifiers are remembered exactly up to max_tracked_ids, then in a fixed-size Bloom
    # filter: a small cap shows the flat regime at test sizes.
    limits = Limits(max_tracked_ids=1_000, max_bloom_bytes=1 << 20)
    tracemalloc.start()
    try:
        stream = validate_stream(path, limits=limits)
        for _ in stream:
            pass
        assert stream.transactions == count
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat(generate: ModuleType, tmp_path: Path) -> None:
    """Peak Python memory for 20,000 transactions is within 1.5x of the peak for 2,000."""
    # Fill the bounded identifier-check caches (4,096 entries) first, so they do not count.
    warm = tmp_path / "warm.xml"
    generate.write(warm, "pacs.008.001.08", 5_000)
    for _ in validate_stream(warm):
        pass
    small = _peak(generate, tmp_path, 2_000)
    large = _peak(generate, tmp_path, 20_000)
    assert large < 1.5 * small, (small, large)


@pytest.mark.parametrize(
    "header_ns",
    [
        "urn:example:header",
        "urn:iso:std:iso:20022:tech:xsd:head.001.001.09",
        "",
        "urn:iso:std:iso:20022:tech:xsd:head.001.001.02",
    ],
)
def test_an_apphdr_of_any_namespace_streams_like_a_tree(header_ns: str) -> None:
    """An AppHdr in a namespace detection does not know is one QX317 warning whole and streamed
    (the stream used to ask the catalog for it and add a QX320 error)."""
    from qenex_messages import validate_bytes

    data = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_bytes()
    known = b'<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"'
    assert known in data
    data = data.replace(known, f'<AppHdr xmlns="{header_ns}"'.encode())
    whole = [f for r in validate_bytes(data, source="h.xml") for f in r]
    streamed = list(validate_stream(io.BytesIO(data), source="h.xml"))
    assert sorted(map(_key, streamed)) == sorted(map(_key, whole))
    assert all(f.code != "QX320" for f in streamed)
