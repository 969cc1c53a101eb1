"""Every benchmark in one run, printed as ONE table, then every target of the Speed issue.

    QENEX_SCHEMA_DIR=.schemas .venv/bin/python benchmarks/run.py            # everything
    .venv/bin/python benchmarks/run.py --quick                              # small sizes
    .venv/bin/python benchmarks/run.py --big 0 --sepa 0                     # skip the long jobs

Jobs (each row: median time per operation over interleaved rounds, and the ratio to the job's
floor measured in the same run):

* MT103 parse + validate (``check_mt``) vs a bare regex split of block 4 vs ``mt103.MT103``,
  on three messages; the peer is timed only on a message it really reads (its block-3 pattern
  refuses ``{119:STP}`` and a ``-`` in 108, and then it returns an empty object at once);
* pacs.008.001.08 and pain.001.001.09 (1 and 100 transactions) parse + XSD + checks
  (``check_xml``) vs lxml parse, lxml parse + XSD, xmlschema ``is_valid`` and pyiso20022
  (xsdata) parsing;
* the same with a rulebook profile (cbpr+ for pacs.008, sepa for pain.001) on a message that is
  clean under it: the pacs.008 is a CBPR+ message (envelope with AppHdr; the floor validates
  both parts), the pain.001 asks for execution on the next TARGET day after the real today. At
  100 transactions the CBPR+ message has the two CBPR-ONE-TX findings (CBPR+ carries one
  transaction), and the row says so;
* start-up: ``qenex-messages validate`` on one file vs ``python -c "import lxml.etree"``, with
  the biggest imports of ``python -X importtime``;
* the command over ``--files`` small files of one format (pacs.008, MT103) vs one Python
  process that reads every file and does only the floor work; for MT103 also the mt103 package
  over the same files;
* SEPA pain.001.001.09 with 10,000 transactions: build the model + render + ``check_xml`` vs
  sepaxml building and exporting the same payments (without and with its own validation);
* a pain.001.001.09 of ``--big`` transactions (1,000,000 is ~1 GB) through ``validate_stream``
  in a child process: wall time and peak RSS, beside the floor (lxml ``iterparse`` with the XSD,
  elements cleared, no checks).

Peers are optional (``pip install -e '.[bench]'``); a missing one is a "not installed" row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generate = _load(REPO / "scripts" / "generate.py", "qenex_generate")
mt_bench = _load(HERE / "mt103_bench.py", "qenex_mt103_bench")
process = _load(HERE / "process_bench.py", "qenex_process_bench")


@dataclass
class Row:
    """One line of the table."""

    job: str
    contender: str
    seconds: float | None  # per operation; None = skipped
    unit: str = "msg"
    note: str = ""
    floor: bool = False
    key: str = ""  # the job's short name, which the targets refer to


ROWS: list[Row] = []


def interleaved(
    key: str,
    job: str,
    contenders: dict[str, Callable[[], object] | None],
    *,
    unit: str,
    rounds: int,
    budget: float,
    floor: str | None,
    notes: dict[str, str] | None = None,
) -> None:
    """Time each contender ``rounds`` times, one round of each in turn; record medians."""
    live = {k: f for k, f in contenders.items() if f is not None}
    for fn in live.values():
        fn()  # warm caches (compiled schemas, regexes) outside the timing
    samples: dict[str, list[float]] = {k: [] for k in live}
    for _ in range(rounds):
        for name, fn in live.items():
            count = 0
            start = time.perf_counter()
            while True:
                fn()
                count += 1
                elapsed = time.perf_counter() - start
                if elapsed >= budget / rounds:
                    break
            samples[name].append(elapsed / count)
    for name in contenders:
        seconds = statistics.median(samples[name]) if name in samples else None
        ROWS.append(
            Row(
                job,
                name,
                seconds,
                unit,
                (notes or {}).get(name, "" if name in live else "not installed"),
                floor=name == floor,
                key=key,
            )
        )


# --------------------------------------------------------------------------- MT103

MT_FLOOR = "floor: regex split of block 4"
MT_PEER = "mt103.MT103 (parse only)"


def peer_reads(text: str) -> str | None:
    """None when the PyPI mt103 package fully reads ``text``, else why it does not."""
    try:
        import mt103
    except ImportError:
        return "not installed"
    message = mt103.MT103(text)
    if not message or not message.text:
        return "not timed: it does not read this message (returns an empty object)"
    if "{3:" in text and not message.user_header:
        return "not timed: it drops block 3 of this message"
    return None


def job_mt103(key: str, label: str, text: str, rounds: int, budget: float) -> None:
    from qenex_messages.mt import check_mt

    data = text.encode()
    why = peer_reads(text)
    peer: Callable[[], object] | None = None
    if why is None:
        import mt103

        def peer() -> object:
            return mt103.MT103(text)

    interleaved(
        key,
        f"MT103 parse + validate ({label}, {len(data)} bytes)",
        {
            MT_FLOOR: lambda: mt_bench.floor(text),
            "qenex check_mt": lambda: check_mt(data),
            MT_PEER: peer,
        },
        unit="msg",
        rounds=rounds,
        budget=budget,
        floor=MT_FLOOR,
        notes={MT_PEER: why} if why else None,
    )


# --------------------------------------------------------------------------- pacs.008, pain.001

XML_FLOOR = "floor: lxml parse + XSD"
CHECK_XML = "qenex check_xml (parse+XSD+checks)"
PROFILE_OF = {"pacs.008.001.08": "cbpr+", "pain.001.001.09": "sepa"}


def _xml(version: str, count: int, **options: object) -> bytes:
    buffer = io.BytesIO()
    generate.write_xml(buffer, version, count, **options)
    return buffer.getvalue()


def _with_profile(profile: str) -> str:
    return f"qenex validate_bytes {profile} (+rules)"


def _peer_parser(version: str, data: bytes) -> Callable[[], object] | None:
    try:
        from xsdata.formats.dataclass.parsers import XmlParser

        if version.startswith("pacs"):
            from pyiso20022.pacs.pacs_008_001_08 import Document
        else:
            from pyiso20022.pain.pain_001_001_09 import Document
    except ImportError:
        return None
    xs = XmlParser()
    return lambda: xs.from_bytes(data, Document)


def job_xml(version: str, count: int, rounds: int, budget: float) -> None:
    from qenex_messages.iso20022 import check_xml
    from qenex_messages.iso20022.schemas import entry, load_schema, schema_store

    data = _xml(version, count)
    assert check_xml(data).ok, check_xml(data).findings[:3]
    schema = load_schema(version)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    contenders: dict[str, Callable[[], object] | None] = {
        "floor: lxml parse": lambda: etree.fromstring(data, parser),
        XML_FLOOR: lambda: schema.validate(etree.fromstring(data, parser)),
        CHECK_XML: lambda: check_xml(data),
        "xmlschema is_valid": None,
        "pyiso20022 parse to objects": _peer_parser(version, data),
    }
    try:
        import xmlschema

        item = entry(version)
        assert item is not None
        peer_schema = xmlschema.XMLSchema(str(schema_store() / item.file))
        text = data.decode()
        contenders["xmlschema is_valid"] = lambda: peer_schema.is_valid(text)
    except ImportError:
        pass
    interleaved(
        f"{version[:4]}-{count}",
        f"{version}, {count} tx ({len(data) / 1024:,.0f} KiB)",
        contenders,
        unit="doc",
        rounds=rounds,
        budget=budget,
        floor=XML_FLOOR,
    )


def _clean_under(version: str, count: int) -> tuple[bytes, Counter[str]]:
    """A message clean under the profile of ``version`` (but for what CBPR+ says of a message
    of ``count`` > 1 transactions), and the finding codes it is expected to have."""
    if version.startswith("pacs"):
        expected = Counter({"CBPR-ONE-TX": 2} if count > 1 else {})
        return _xml(version, count, cbpr=True), expected
    from qenex_messages.rules.clock import today
    from qenex_messages.rules.target_calendar import next_business_day

    executed = next_business_day(today("sepa") + dt.timedelta(days=1))
    return _xml(version, count, executed=executed), Counter()


def _parts_floor(data: bytes, parser: etree.XMLParser) -> Callable[[], object]:
    """lxml parse + XSD of every part: the Document, and the AppHdr of an envelope."""
    from qenex_messages.iso20022.schemas import load_schema

    def schema_of(el: etree._Element) -> etree.XMLSchema:
        return load_schema(el.tag[1:].partition("}")[0].rsplit(":", 1)[-1])

    root = etree.fromstring(data, parser)
    if root.tag.endswith("}Document"):
        schema = schema_of(root)
        return lambda: schema.validate(etree.fromstring(data, parser))
    schemas = [schema_of(el) for el in root]

    def floor() -> bool:
        parts = etree.fromstring(data, parser)
        return all(schema.validate(el) for schema, el in zip(schemas, parts, strict=True))

    return floor


def job_profile(version: str, count: int, rounds: int, budget: float) -> None:
    """``validate_bytes`` with the rulebook profile of ``version`` on a message clean under it."""
    from qenex_messages.iso20022 import check_xml
    from qenex_messages.pipeline import validate_bytes

    profile = PROFILE_OF[version]
    data, expected = _clean_under(version, count)
    assert check_xml(data).ok, check_xml(data).findings[:3]
    found = Counter(f.code for r in validate_bytes(data, profile=profile) for f in r.findings)
    assert found == expected, (profile, found)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    note = (
        f"times {sum(expected.values())} CBPR-ONE-TX findings (CBPR+ carries 1 transaction)"
        if expected
        else f"clean under {profile}"
    )
    interleaved(
        f"{version[:4]}-{count}-rules",
        f"{version}, {count} tx, {profile} ({len(data) / 1024:,.0f} KiB)",
        {
            XML_FLOOR: _parts_floor(data, parser),
            CHECK_XML: lambda: check_xml(data),
            _with_profile(profile): lambda: validate_bytes(data, source=None, profile=profile),
        },
        unit="doc",
        rounds=rounds,
        budget=budget,
        floor=XML_FLOOR,
        notes={_with_profile(profile): note},
    )


# --------------------------------------------------------------------------- SEPA pain.001


def _sepa_model(count: int) -> object:
    from qenex_messages.model import (
        Account,
        Agent,
        Amount,
        CodeOrProprietary,
        CreditTransfer,
        CreditTransferTransaction,
        GroupHeader,
        MessageKind,
        Party,
        PaymentInformation,
        PaymentTypeInformation,
        Remittance,
    )

    txs = tuple(
        CreditTransferTransaction(
            end_to_end_id=f"E2E-{n}",
            instructed_amount=Amount(value=generate.amount_of(n), currency="EUR"),
            creditor_agent=Agent(bic=generate.CREDITOR_BIC),
            creditor=Party(name=f"Kreditor {n}"),
            creditor_account=Account(iban=generate.creditor_iban(n)),
            remittance=Remittance(unstructured=(f"Invoice {n}",)),
        )
        for n in range(1, count + 1)
    )
    total = sum((t.instructed_amount.value for t in txs if t.instructed_amount), Decimal(0))
    return CreditTransfer(
        kind=MessageKind.CUSTOMER_INITIATION,
        group_header=GroupHeader(
            message_id="QX-BENCH-1",
            creation_date_time=dt.datetime(2026, 3, 2, 8, 15),
            number_of_transactions=count,
            control_sum=total,
            initiating_party=Party(name="Muster Maschinenbau GmbH"),
        ),
        payment_information=(
            PaymentInformation(
                payment_information_id="QX-BENCH-PMT-1",
                payment_method="TRF",
                number_of_transactions=count,
                control_sum=total,
                payment_type=PaymentTypeInformation(
                    service_levels=(CodeOrProprietary(code="SEPA"),)
                ),
                requested_execution_date=dt.date(2026, 3, 3),
                debtor=Party(name="Muster Maschinenbau GmbH"),
                debtor_account=Account(iban=generate.DEBTOR_IBAN),
                debtor_agent=Agent(bic=generate.DEBTOR_BIC),
                transactions=txs,
            ),
        ),
    )


def job_sepa(count: int, rounds: int, budget: float) -> None:
    from qenex_messages.iso20022 import check_xml, render_document

    def ours() -> object:
        model: object = _sepa_model(count)
        rendered = render_document(model, "pain.001.001.09")  # type: ignore[arg-type]
        report = check_xml(rendered.value)
        assert report.ok, report.findings[:3]
        return report

    peer: Callable[[], object] | None = None
    peer_validated: Callable[[], object] | None = None
    try:
        from sepaxml import SepaTransfer

        config = {
            "name": "Muster Maschinenbau GmbH",
            "IBAN": generate.DEBTOR_IBAN,
            "BIC": generate.DEBTOR_BIC,
            "batch": True,
            "currency": "EUR",
        }

        def build(validate: bool) -> bytes:
            sepa = SepaTransfer(config, schema="pain.001.001.09", clean=True)
            for n in range(1, count + 1):
                sepa.add_payment(
                    {
                        "name": f"Kreditor {n}",
                        "IBAN": generate.creditor_iban(n),
                        "BIC": generate.CREDITOR_BIC,
                        "amount": int(generate.amount_of(n) * 100),
                        "execution_date": dt.date(2026, 3, 3),
                        "description": f"Invoice {n}",
                        "endtoend_id": f"E2E{n}",
                    }
                )
            out: bytes = sepa.export(validate=validate)
            return out

        def peer() -> object:
            return build(False)

        def peer_validated() -> object:
            return build(True)
    except ImportError:
        pass
    interleaved(
        "sepa-build",
        f"SEPA pain.001.001.09, {count:,} tx: build + render + validate",
        {
            "sepaxml build + export (no validation)": peer,
            "qenex model + render_document + check_xml": ours,
            "sepaxml build + export(validate=True)": peer_validated,
        },
        unit="file",
        rounds=rounds,
        budget=budget,
        floor="sepaxml build + export (no validation)",
        notes={"sepaxml build + export (no validation)": "peer, used as the reference"},
    )


# --------------------------------------------------------------------------- the big file

_CHILD = """
import resource, sys, time
path, mode, profile = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.perf_counter()
if mode == "qenex":
    from qenex_messages.pipeline.stream import validate_stream
    stream = validate_stream(path, profile=None if profile == "-" else profile)
    findings = sum(1 for _ in stream)
    count = stream.transactions
elif mode == "command":
    import contextlib, os
    from qenex_messages.cli import main
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        chosen = [] if profile == "-" else ["--profile", profile]
        findings = main(["validate", "--stream", "--format", "json", *chosen, path])  # exit code
    count = 0
else:
    from lxml import etree
    from qenex_messages.iso20022.schemas import load_schema
    schema = load_schema("pain.001.001.09")
    count = findings = 0
    for _, el in etree.iterparse(path, tag="{*}CdtTrfTxInf", schema=schema, no_network=True,
                                 load_dtd=False):
        count += 1
        el.clear()
        parent = el.getparent()
        while el.getprevious() is not None:
            del parent[0]
# VmHWM belongs to this process's own address space; ru_maxrss would start at the RSS of the
# process that forked it (Linux keeps the parent's high-water mark across fork and exec).
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(time.perf_counter() - start, count, findings, hwm)
"""


BIG_COMMAND = "qenex-messages validate --stream"


def job_big(count: int, work: Path, profile: str | None) -> None:
    path = work / "big.xml"
    start = time.perf_counter()
    generate.write(path, "pain.001.001.09", count)
    made = time.perf_counter() - start
    size = path.stat().st_size
    job = f"pain.001.001.09, {count:,} tx ({size / 2**30:.2f} GiB) streamed"
    print(f"  generated {size:,} bytes in {made:.0f} s", file=sys.stderr)
    # qenex first: RUSAGE_CHILDREN keeps the largest child so far, so the first child's peak
    # is exact there; each child also reports its own RUSAGE_SELF peak.
    for mode in ("qenex", "floor", "command"):
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), mode, profile or "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, counted, findings, own = done.stdout.split()
        children = _children_rss()
        peak = (
            f"peak RSS {int(own) / 1024:,.0f} MB (VmHWM; RUSAGE_CHILDREN max "
            f"{children / 1024:,.0f} MB)"
        )
        if mode == "floor":
            name = "floor: lxml iterparse + XSD, cleared"
        elif mode == "command":
            name = BIG_COMMAND
        else:
            name = "qenex validate_stream" + (f" --profile {profile}" if profile else "")
        ROWS.append(
            Row(
                job,
                name,
                float(seconds),
                "file",
                f"exit {findings}, {peak}"
                if mode == "command"
                else f"{int(counted):,} tx, {findings} findings, {peak}",
                floor=mode == "floor",
                key="big",
            )
        )


def _children_rss() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


# --------------------------------------------------------------------------- whole process

STARTUP_FLOOR = 'floor: python -c "import lxml.etree"'
FILES_COMMAND = "qenex-messages validate --jobs 1"


def _process_rows(
    key: str, job: str, results: dict[str, tuple[float, int]], per: int, unit: str
) -> None:
    for name, (seconds, code) in results.items():
        note = f"{per / seconds:,.0f} {unit}s/s, exit {code}" if per > 1 else f"exit {code}"
        ROWS.append(
            Row(job, name, seconds / per, unit, note, floor=name.startswith("floor"), key=key)
        )


def job_startup(rounds: int) -> None:
    mt_file = REPO / "examples" / "mt103.fin"
    xml_file = REPO / "examples" / "pacs.008.001.08-apphdr.xml"
    env = process.environment(None)
    contenders = process.startup_contenders(mt_file, xml_file)
    _process_rows(
        "startup",
        "start-up: one file, whole process",
        process.timed(contenders, rounds, env),
        1,
        "run",
    )
    for name, argv in list(contenders.items())[1:]:
        total, top, modules = process.import_profile(["-m", "qenex_messages", *argv[1:]], env)
        # schwifty's package may be entered without an import of its own (qenex_messages._checksums)
        heavy = [
            m
            for m in ("pydantic", "qenex_messages.model", "schwifty.checksum", "schwifty.iban")
            if m in modules
        ]
        print(
            f"  importtime {name}: {total:.0f} ms of imports; biggest: {', '.join(top)}; "
            f"loaded: {', '.join(heavy) or 'none of pydantic, model, schwifty'}",
            file=sys.stderr,
        )


def job_files(kind: str, count: int, work: Path, rounds: int) -> None:
    from qenex_messages.iso20022.schemas import entry, schema_store

    folder = work / f"files-{kind}"
    folder.mkdir()
    process.write_files(folder, kind, count, generate)
    item = entry("pacs.008.001.08")
    assert item is not None
    contenders = process.files_contenders(kind, folder, schema_store() / item.file)
    results = process.timed(contenders, rounds, process.environment(None))
    label = "pacs.008.001.08 1 tx" if kind == "xml" else "MT103"
    _process_rows(f"files-{kind}", f"command, {count:,} {label} files", results, count, "file")


# --------------------------------------------------------------------------- output


def _fmt(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:,.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:,.2f} ms"
    return f"{seconds * 1e6:,.1f} µs"


def _rate(per_second: float) -> str:
    """Operations per second, with enough digits for slow jobs (one 1 GB file a minute)."""
    return f"{per_second:,.1f}" if per_second >= 1 else f"{per_second:.3g}"


def table() -> str:
    """The Markdown table of every row: per op, ops/s, ratio to the job's floor."""
    lines = [
        "| job | contender | time per op | ops/s | × floor | note |",
        "|---|---|---|---|---|---|",
    ]
    floors = {r.job: r.seconds for r in ROWS if r.floor and r.seconds}
    for r in ROWS:
        if r.seconds is None:
            lines.append(f"| {r.job} | {r.contender} | – | – | – | {r.note} |")
            continue
        ratio = r.seconds / floors[r.job] if r.job in floors else None
        lines.append(
            f"| {r.job} | {r.contender} | {_fmt(r.seconds)} | {_rate(1 / r.seconds)}/{r.unit} | "
            f"{'' if ratio is None else f'{ratio:.2f}x'} | {r.note} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """nproc, CPU model, Python, lxml and libxml2 versions, date."""
    model = "unknown CPU"
    try:
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        model = found[1].strip() if found else model
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {model}, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"lxml {'.'.join(map(str, etree.LXML_VERSION))}, "
        f"libxml2 {'.'.join(map(str, etree.LIBXML_VERSION))}, {dt.date.today().isoformat()}"
    )


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """A target of the Speed issue: a contender of a job within ``limit`` x that job's floor.

    With ``versus`` set, the target is instead to be faster than that contender of the job.
    """

    text: str
    key: str
    contender: str
    limit: float = 0.0
    versus: str = ""


def _targets() -> list[Target]:
    out: list[Target] = []
    for key, label in (("mt-26", "26 fields"), ("mt-ex", "example"), ("mt-stp", "STP")):
        out.append(Target(f"MT103 {label}: check_mt <= 6x regex split", key, "qenex check_mt", 6))
        out.append(
            Target(f"MT103 {label}: faster than mt103", key, "qenex check_mt", versus=MT_PEER)
        )
    out.append(
        Target(
            "MT103 files, whole process: faster than mt103",
            "files-mt103",
            FILES_COMMAND,
            versus="mt103.MT103 loop (parse only)",
        )
    )
    for version, short in (("pacs.008.001.08", "pacs"), ("pain.001.001.09", "pain")):
        profile = PROFILE_OF[version]
        for count, plain, ruled in ((1, 2.5, 5), (100, 1.6, 3)):
            key = f"{short}-{count}"
            name = f"{version[:8]} {count} tx"
            out.append(Target(f"{name}: check_xml <= {plain}x parse+XSD", key, CHECK_XML, plain))
            out.append(
                Target(
                    f"{name}: {profile} <= {ruled}x parse+XSD",
                    f"{key}-rules",
                    _with_profile(profile),
                    ruled,
                )
            )
    for name in ("mt103.fin", "pacs.008.001.08-apphdr.xml"):
        out.append(
            Target(
                f"start-up, validate {name} <= 2x import lxml.etree",
                "startup",
                f"qenex-messages validate {name}",
                2,
            )
        )
    out.append(Target("command, XML files <= 2.5x floor loop", "files-xml", FILES_COMMAND, 2.5))
    out.append(Target("command, MT103 files <= 7x floor loop", "files-mt103", FILES_COMMAND, 7))
    out.append(
        Target(
            "stream of --big tx (1 GB at 1,200,000) <= 3x iterparse + XSD",
            "big",
            "qenex validate_stream",
            3,
        )
    )
    out.append(
        Target("stream of --big tx, the command <= 3x iterparse + XSD", "big", BIG_COMMAND, 3)
    )
    return out


def _seconds(key: str, contender: str) -> float | None:
    for r in ROWS:
        if r.key == key and r.contender.startswith(contender):
            return r.seconds
    return None


def targets() -> str:
    """The Markdown table of every target: the measured ratio and met / not met."""
    lines = ["| target | measured | result |", "|---|---|---|"]
    floors = {r.key: r.seconds for r in ROWS if r.floor and r.seconds}
    for t in _targets():
        ours = _seconds(t.key, t.contender)
        other = _seconds(t.key, t.versus) if t.versus else floors.get(t.key)
        if ours is not None and other is None and t.versus:
            lines.append(f"| {t.text} | – | n/a: the peer does not read this message |")
            continue
        if ours is None or other is None:
            lines.append(f"| {t.text} | – | not measured |")
            continue
        ratio = ours / other
        met = ratio < 1 if t.versus else ratio <= t.limit
        shown = f"{other / ours:.2f}x as fast" if t.versus else f"{ratio:.2f}x"
        lines.append(f"| {t.text} | {shown} | {'met' if met else '**not met**'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the jobs and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few rounds")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--big", type=int, default=1_000_000, help="transactions (0: skip)")
    parser.add_argument("--big-profile", default=None, help="rulebook profile for the big file")
    parser.add_argument("--files", type=int, default=3_000, help="files per format (0: skip)")
    parser.add_argument("--sepa", type=int, default=10_000, help="transactions (0: skip)")
    parser.add_argument("--only", default="", help="comma-separated job keys, e.g. mt,pacs,files")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else args.rounds
    budget = 0.6 if args.quick else 3.0
    big = min(args.big, 20_000) if args.quick else args.big
    files = min(args.files, 300) if args.quick else args.files
    sepa = min(args.sepa, 1_000) if args.quick else args.sepa
    only = {part for part in args.only.split(",") if part}

    def wanted(key: str) -> bool:
        return not only or key in only

    print(f"machine: {machine()}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="qenex-run-") as tmp:
        # The big file first, while this process is still small (children start from its RSS).
        if big and wanted("big"):
            job_big(big, Path(tmp), args.big_profile)
        if wanted("mt"):
            examples = REPO / "examples"
            job_mt103("mt-26", "blocks 1-5, 26 fields", mt_bench.MESSAGE, rounds, budget)
            job_mt103(
                "mt-ex", "examples/mt103.fin", (examples / "mt103.fin").read_text(), rounds, budget
            )
            job_mt103(
                "mt-stp",
                "examples/mt103-stp.fin",
                (examples / "mt103-stp.fin").read_text(),
                rounds,
                budget,
            )
        for version in ("pacs.008.001.08", "pain.001.001.09"):
            if wanted(version[:4]):
                job_xml(version, 1, rounds, budget)
                job_xml(version, 100, rounds, budget)
                job_profile(version, 1, rounds, budget)
                job_profile(version, 100, rounds, budget)
        if wanted("startup"):
            job_startup(max(rounds, 5))
        if files and wanted("files"):
            job_files("xml", files, Path(tmp), rounds)
            job_files("mt103", files, Path(tmp), rounds)
        if sepa and wanted("sepa"):
            job_sepa(sepa, min(rounds, 3), budget * 4)
    print(f"machine: {machine()}\n")
    print(table())
    print()
    print(targets())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
