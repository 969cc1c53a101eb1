"""Every benchmark in one run, printed as ONE table: our time, the floor, and each PyPI peer.

    QENEX_SCHEMA_DIR=.schemas .venv/bin/python benchmarks/run.py            # everything
    .venv/bin/python benchmarks/run.py --quick                              # small sizes
    .venv/bin/python benchmarks/run.py --big 1000000 --cli-files 10000      # the full figures

Jobs (each row: median time per operation over interleaved rounds, and the ratio to the job's
floor measured in the same run):

* MT103 parse + validate (``check_mt``) vs a bare regex split of block 4 vs ``mt103.MT103``;
* pacs.008.001.08 (1 and 100 transactions) parse + XSD + checks (``check_xml``) and with the
  CBPR+ rules (``validate_bytes(profile="cbpr+")``) vs lxml parse, lxml parse + XSD, xmlschema
  ``is_valid`` and pyiso20022 (xsdata) parsing;
* SEPA pain.001.001.09 with 10,000 transactions: build the model + render + ``check_xml`` vs
  sepaxml building and exporting the same payments (without and with its own validation);
* a pain.001.001.09 of ``--big`` transactions (1,000,000 is ~1 GB) through ``validate_stream``
  in a child process: wall time and peak RSS (``getrusage(RUSAGE_CHILDREN)``), beside the floor
  (lxml ``iterparse`` with the XSD, elements cleared, no checks);
* the CLI over ``--cli-files`` files (half MT103, half pacs.008) with ``--jobs 1`` and ``2``.

Peers are optional: ``pip install mt103 pyiso20022 sepaxml xmlschema``; a missing one is a
"not installed" row. Each contender runs interleaved with the others of its job, round by round.
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
cli_bench = _load(HERE / "cli_bench.py", "qenex_cli_bench")


@dataclass
class Row:
    """One line of the table."""

    job: str
    contender: str
    seconds: float | None  # per operation; None = skipped
    unit: str = "msg"
    note: str = ""
    floor: bool = False


ROWS: list[Row] = []


def interleaved(
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
            )
        )


# --------------------------------------------------------------------------- MT103


def job_mt103(label: str, text: str, rounds: int, budget: float) -> None:
    from qenex_messages.mt import check_mt

    data = text.encode()
    peer: Callable[[], object] | None = None
    notes: dict[str, str] = {}
    try:
        import mt103

        def peer() -> object:
            return mt103.MT103(text)

        if mt103.MT103(text).text is None:
            notes["mt103.MT103 (parse only)"] = "its regex does not match: every field is None"
    except ImportError:
        pass
    interleaved(
        f"MT103 parse + validate ({label}, {len(data)} bytes)",
        {
            "floor: regex split of block 4": lambda: mt_bench.floor(text),
            "qenex check_mt": lambda: check_mt(data),
            "mt103.MT103 (parse only)": peer,
        },
        unit="msg",
        rounds=rounds,
        budget=budget,
        floor="floor: regex split of block 4",
        notes=notes,
    )


# --------------------------------------------------------------------------- pacs.008


def _xml(version: str, count: int) -> bytes:
    buffer = io.BytesIO()
    generate.write_xml(buffer, version, count)
    return buffer.getvalue()


def job_pacs008(count: int, rounds: int, budget: float) -> None:
    from qenex_messages.iso20022 import check_xml
    from qenex_messages.iso20022.schemas import entry, load_schema, schema_store
    from qenex_messages.pipeline import validate_bytes

    version = "pacs.008.001.08"
    data = _xml(version, count)
    schema = load_schema(version)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    contenders: dict[str, Callable[[], object] | None] = {
        "floor: lxml parse": lambda: etree.fromstring(data, parser),
        "floor: lxml parse + XSD": lambda: schema.validate(etree.fromstring(data, parser)),
        "qenex check_xml (parse+XSD+checks)": lambda: check_xml(data),
        "qenex validate_bytes cbpr+ (+rules)": lambda: validate_bytes(
            data, source=None, profile="cbpr+"
        ),
        "xmlschema is_valid": None,
        "pyiso20022 parse to objects": None,
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
    try:
        from pyiso20022.pacs.pacs_008_001_08 import Document
        from xsdata.formats.dataclass.parsers import XmlParser

        xs = XmlParser()
        contenders["pyiso20022 parse to objects"] = lambda: xs.from_bytes(data, Document)
    except ImportError:
        pass
    interleaved(
        f"pacs.008.001.08, {count} tx ({len(data) / 1024:,.0f} KiB)",
        contenders,
        unit="doc",
        rounds=rounds,
        budget=budget,
        floor="floor: lxml parse + XSD",
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
    for mode in ("qenex", "floor"):
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
        else:
            name = "qenex validate_stream" + (f" --profile {profile}" if profile else "")
        ROWS.append(
            Row(
                job,
                name,
                float(seconds),
                "file",
                f"{int(counted):,} tx, {findings} findings, {peak}",
                floor=mode == "floor",
            )
        )


def _children_rss() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


# --------------------------------------------------------------------------- CLI


def job_cli(count: int, work: Path) -> None:
    folder = work / "messages"
    folder.mkdir()
    kinds = cli_bench.generate(folder, count, with_mt=cli_bench._has_mt())
    env = cli_bench._schema_env(work)
    job = (
        f"CLI validate, {count:,} files ({kinds['mt103']:,} MT103, {kinds['pacs.008']:,} pacs.008)"
    )
    command = cli_bench._command()
    for jobs in (1, 2):
        start = time.perf_counter()
        done = subprocess.run(
            [command, "validate", str(folder), "--format", "json", "-q", "--jobs", str(jobs)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        elapsed = time.perf_counter() - start
        ROWS.append(
            Row(
                job,
                f"qenex-messages validate --jobs {jobs}",
                elapsed / count,
                "file",
                f"{count / elapsed:,.0f} files/s, exit {done.returncode}",
                floor=jobs == 1,
            )
        )


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


def main(argv: list[str] | None = None) -> int:
    """Run the jobs and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few rounds")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--big", type=int, default=1_000_000, help="transactions (0: skip)")
    parser.add_argument("--big-profile", default=None, help="rulebook profile for the big file")
    parser.add_argument("--cli-files", type=int, default=10_000, help="files (0: skip)")
    parser.add_argument("--sepa", type=int, default=10_000, help="transactions of the SEPA job")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else args.rounds
    budget = 0.6 if args.quick else 3.0
    big = min(args.big, 20_000) if args.quick else args.big
    files = min(args.cli_files, 400) if args.quick else args.cli_files
    sepa = min(args.sepa, 1_000) if args.quick else args.sepa
    print(f"machine: {machine()}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="qenex-run-") as tmp:
        # The big file first, while this process is still small (children start from its RSS).
        if big:
            job_big(big, Path(tmp), args.big_profile)
        job_mt103("blocks 1-5, 26 fields", mt_bench.MESSAGE, rounds, budget)
        example = (REPO / "examples" / "mt103.fin").read_text("utf-8")
        job_mt103("examples/mt103.fin", example, rounds, budget)
        job_pacs008(1, rounds, budget)
        job_pacs008(100, rounds, budget)
        job_sepa(sepa, min(rounds, 3), budget * 4)
        if files:
            job_cli(files, Path(tmp))
    print(f"machine: {machine()}\n")
    print(table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
