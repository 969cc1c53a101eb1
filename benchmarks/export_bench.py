"""Export to Parquet at scale: MT103 and pacs.008 messages, 1 and 2 processes, beside a plain loop.

Generates ``--messages`` messages, half MT103 (bulk files of 1,000) and half pacs.008
transactions (documents of 1,000), the two kinds alternating, under a temporary folder (``--dir``
to choose where), then runs each contender of ``--runs`` in a child process, one after the other:

- ``plain``: a plain loop of ``validate_path`` over the files (one process);
- ``export1`` / ``export2``: ``export_parquet`` with 1 / 2 processes (``exportN``: N).

A contender may take the first part of the files only: ``export1@200000``. Each prints a line
every ``--every`` messages (wall and CPU seconds so far, the CPU seconds and RSS of each of its
live processes, the load average), so one run shows the time growing linearly and the memory
staying flat, and a run stopped early still says how far it got; then one line with its totals:
wall and CPU seconds, messages per second per core (wall, and per CPU second), peak RSS of its
largest process, and the load average at its start and end. On a machine shared with other
jobs the ratio to the plain loop is the figure to compare. Files and output are deleted after.

    QENEX_SCHEMA_DIR=.schemas .venv/bin/python benchmarks/export_bench.py --messages 20000
    QENEX_SCHEMA_DIR=.schemas .venv/bin/python benchmarks/export_bench.py \\
        --messages 1000000 --runs plain,export2,export1@400000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PER_FILE = 1000
_TICKS = os.sysconf("SC_CLK_TCK")


def _mt_file(path: Path, first: int, size: int, message: str) -> None:
    pieces = [message.replace("QXREF20260302", f"QXB{first + n:010d}", 1) for n in range(size)]
    path.write_text("\r\n$\r\n".join(pieces) + "\r\n", "utf-8")


def _pacs_file(path: Path, first: int, size: int, text: str) -> None:
    start = text.index("<CdtTrfTxInf>")
    end = text.index("</CdtTrfTxInf>") + len("</CdtTrfTxInf>")
    transaction = text[start:end]
    body = "".join(
        transaction.replace("QXINSTR0001", f"QXI{first + n:010d}")
        .replace("INVOICE-2026-0042", f"INV-{first + n:010d}")
        .replace(
            "8a562c67-ca16-48ba-b074-65581be6f001", f"8a562c67-ca16-48ba-b074-{first + n:012x}"
        )
        for n in range(size)
    )
    document = text[:start] + body + text[end:]
    document = document.replace("<NbOfTxs>1</NbOfTxs>", f"<NbOfTxs>{size}</NbOfTxs>")
    path.write_text(document, "utf-8")


def generate(folder: Path, total: int) -> list[tuple[str, int]]:
    """(path, messages) of ``total`` messages, half MT103, half pacs.008, kinds alternating."""
    message = (REPO / "examples" / "mt103.fin").read_text("utf-8").strip()
    document = (REPO / "examples" / "pacs.008.001.08-apphdr.xml").read_text("utf-8")
    half = total // 2
    files: list[tuple[str, int]] = []
    for first in range(0, half, PER_FILE):
        size = min(PER_FILE, half - first)
        mt, pacs = folder / f"{first:09d}-mt103.fin", folder / f"{first:09d}-pacs008.xml"
        _mt_file(mt, first, size, message)
        _pacs_file(pacs, first, size, document)
        files += [(str(mt), size), (str(pacs), size)]
    return files


# -- measuring a process and its workers ---------------------------------------------------------


def _tree() -> list[int]:
    """This process and its live children (their parent id, from /proc)."""
    me = os.getpid()
    pids = [me]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == me:
            pids.append(int(entry.name))
    return pids


def _cpu_and_rss(pid: int) -> tuple[float, float]:
    """(CPU seconds, RSS in MB) of a live process, from /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0, 0.0
    rss = next(
        (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0
    )
    return (int(stat[11]) + int(stat[12])) / _TICKS, rss / 1024


def _reaped_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _say(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


class _Progress:
    """Hands out the paths, printing a checkpoint every ``every`` messages handed out."""

    def __init__(self, name: str, files: list[tuple[str, int]], every: int) -> None:
        self.name, self.files, self.every = name, files, every
        self.started = time.perf_counter()

    def __iter__(self) -> Iterator[str]:
        handed = 0
        for path, size in self.files:
            if handed and handed % self.every < size:
                self.checkpoint(handed)
            handed += size
            yield path

    def checkpoint(self, messages: int) -> None:
        measured = [_cpu_and_rss(pid) for pid in _tree()]
        _say(
            {
                "run": self.name,
                "messages": messages,
                "wall": round(time.perf_counter() - self.started, 1),
                "cpu": round(sum(c for c, _ in measured) + _reaped_cpu(), 1),
                "processes": [[round(c, 1), round(r)] for c, r in measured],
                "load": _load(),
            }
        )


def _plain_loop(progress: _Progress) -> None:
    from qenex_messages import validate_path

    for path in progress:
        validate_path(path)


def _export(progress: _Progress, out: str, jobs: int) -> None:
    from qenex_messages.columnar import export_parquet

    summary = export_parquet(progress, out, jobs=jobs)
    _say({"run": progress.name, "rows": summary.rows})


def _child(name: str, files: list[tuple[str, int]], every: int, out: str) -> None:
    """One contender, in its own process: checkpoints, then its totals."""
    progress = _Progress(name, files, every)
    load = _load()
    started = time.perf_counter()
    if name == "plain":
        _plain_loop(progress)
    else:
        _export(progress, out, int(name.removeprefix("export")))
    wall = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    messages = sum(size for _, size in files)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    cores = 1 if name == "plain" else int(name.removeprefix("export"))
    _say(
        {
            "run": name,
            "total": messages,
            "cores": cores,
            "wall": round(wall, 1),
            "cpu": round(cpu, 1),
            "per_core_wall": round(messages / wall / cores),
            "per_cpu_second": round(messages / cpu),
            "peak_rss_mb": round(max(own.ru_maxrss, workers.ru_maxrss) / 1024),
            "load_start": load,
            "load_end": _load(),
        }
    )


def _contender(spec: str, files: list[tuple[str, int]]) -> tuple[str, list[tuple[str, int]]]:
    name, _, limit = spec.partition("@")
    if name != "plain" and not (name.startswith("export") and name[6:].isdigit()):
        raise SystemExit(f"unknown run {name!r}: plain, export1, export2, ...")
    if not limit:
        return name, files
    chosen, held = [], 0
    for path, size in files:
        if held >= int(limit):
            break
        chosen.append((path, size))
        held += size
    return name, chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000, help="half MT103, half pacs.008")
    parser.add_argument("--runs", default="plain,export1,export2")
    parser.add_argument("--every", type=int, default=100_000, help="messages between checkpoints")
    parser.add_argument("--dir", default=None, help="where to generate the files")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qm-export-bench-", dir=args.dir))
    try:
        started = time.perf_counter()
        files = generate(folder, args.messages)
        size = sum(Path(p).stat().st_size for p, _ in files) / 1e6
        _say(
            {
                "generated": sum(n for _, n in files),
                "files": len(files),
                "mb": round(size),
                "seconds": round(time.perf_counter() - started, 1),
                "python": sys.version.split()[0],
                "cpus": os.cpu_count(),
                "load": _load(),
            }
        )
        context = multiprocessing.get_context("spawn")
        for spec in args.runs.split(","):
            name, chosen = _contender(spec, files)
            out = folder / f"out-{name}"
            child = context.Process(target=_child, args=(name, chosen, args.every, str(out)))
            child.start()
            child.join()
            shutil.rmtree(out, ignore_errors=True)
            if child.exitcode != 0:
                raise SystemExit(f"{name} failed with exit code {child.exitcode}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
