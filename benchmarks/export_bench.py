"""Export to Parquet at scale: MT103 and pacs.008 messages, 2 processes, beside a plain loop.

Generates ``--messages`` MT103 messages (bulk files of 1,000) and as many pacs.008 transactions
(documents of 1,000) under a temporary folder, then times, each in a child process:

- a plain loop of ``validate_path`` over the files (one process);
- the export (``export_parquet``) in one process;
- the export on ``--jobs`` processes (default 2);

and prints messages per second per core and the peak RSS of the largest process. Run it at two
sizes (``--messages 20000 40000``) to see the time grow linearly and the memory stay flat. The
generated files and the Parquet output are deleted at the end.

    QENEX_SCHEMA_DIR=.schemas .venv/bin/python benchmarks/export_bench.py --messages 20000 40000
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PER_FILE = 1000


def _mt_files(folder: Path, count: int) -> list[Path]:
    message = (REPO / "examples" / "mt103.fin").read_text("utf-8").strip()
    files = []
    for first in range(0, count, PER_FILE):
        pieces = [
            message.replace("QXREF20260302", f"QXB{first + n:010d}", 1)
            for n in range(min(PER_FILE, count - first))
        ]
        path = folder / f"mt-{first:09d}.fin"
        path.write_text("\r\n$\r\n".join(pieces) + "\r\n", "utf-8")
        files.append(path)
    return files


def _pacs_files(folder: Path, count: int) -> list[Path]:
    text = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_text("utf-8")
    start = text.index("<CdtTrfTxInf>")
    end = text.index("</CdtTrfTxInf>") + len("</CdtTrfTxInf>")
    transaction = text[start:end]
    files = []
    for first in range(0, count, PER_FILE):
        size = min(PER_FILE, count - first)
        body = "".join(
            transaction.replace("QXINSTR0001", f"QXI{first + n:010d}")
            .replace("INVOICE-2026-0042", f"INV-{first + n:010d}")
            .replace("8a562c67-ca16-48ba-b074-", f"8a562c67-ca16-48ba-b074-{first + n:012d}"[:36])
            for n in range(size)
        )
        document = text[:start] + body + text[end:]
        document = document.replace("<NbOfTxs>1</NbOfTxs>", f"<NbOfTxs>{size}</NbOfTxs>")
        path = folder / f"pacs-{first:09d}.xml"
        path.write_text(document, "utf-8")
        files.append(path)
    return files


def _plain_loop(paths: list[str]) -> None:
    from qenex_messages import validate_path

    for path in paths:
        validate_path(path)


def _export(paths: list[str], out: str, jobs: int) -> None:
    from qenex_messages.columnar import export_parquet

    export_parquet(paths, out, jobs=jobs)


def _measured(target: Any, args: tuple[Any, ...], results: Any) -> None:
    """Child process: run ``target(*args)``, report the peak RSS of it and its workers."""
    target(*args)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    results.put(max(own, workers) / 1024)


def _timed(target: Any, *args: Any) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the largest process) of ``target(*args)`` in a child."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    started = time.perf_counter()
    child = context.Process(target=_measured, args=(target, args, results))
    child.start()
    peak = results.get()
    child.join()
    elapsed = time.perf_counter() - started
    if child.exitcode != 0:
        raise SystemExit(f"{target} failed with exit code {child.exitcode}")
    return elapsed, float(peak)


def run(count: int, jobs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="qm-export-bench-"))
    try:
        paths = [str(p) for p in _mt_files(folder, count) + _pacs_files(folder, count)]
        total = 2 * count
        size = sum(Path(p).stat().st_size for p in paths) / 1e6
        print(
            f"\n{total:,} messages ({count:,} MT103 + {count:,} pacs.008 tx), "
            f"{len(paths)} files, {size:,.0f} MB"
        )
        rows = [
            ("plain loop: validate_path", 1, _timed(_plain_loop, paths)),
            ("export_parquet, 1 process", 1, _timed(_export, paths, str(folder / "o1"), 1)),
            (
                f"export_parquet, {jobs} processes",
                jobs,
                _timed(_export, paths, str(folder / "o2"), jobs),
            ),
        ]
        print("| run | cores | seconds | messages/s | messages/s/core | peak RSS (MB) |")
        print("|---|---|---|---|---|---|")
        for name, cores, (seconds, peak) in rows:
            rate = total / seconds
            print(
                f"| {name} | {cores} | {seconds:.1f} | {rate:,.0f} | {rate / cores:,.0f} | "
                f"{peak:,.0f} |"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, nargs="+", default=[20_000, 40_000])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    for count in args.messages:
        run(count, args.jobs)


if __name__ == "__main__":
    main()
