"""Throughput of ``qenex-messages validate`` over a directory of many small messages.

Generates COUNT files (half MT103, half pacs.008.001.08 with AppHdr, each with its own
references and UETR) in a temporary directory, then times

    qenex-messages validate DIR --format json -q --jobs N

for each N given, printing files per second. Not a test: run it by hand or with `make bench`.

    .venv/bin/python benchmarks/cli_bench.py [--count 10000] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
MIRROR = REPO.parent / "shared" / "schemas"


def _command() -> str:
    beside = Path(sys.executable).parent / "qenex-messages"
    found = str(beside) if beside.exists() else shutil.which("qenex-messages")
    if not found:
        raise SystemExit("qenex-messages is not installed (pip install -e .)")
    return found


def _has_mt() -> bool:
    try:
        from qenex_messages import mt
    except ImportError:
        return False
    return hasattr(mt, "check_mt")


def generate(folder: Path, count: int, *, with_mt: bool) -> dict[str, int]:
    """Write ``count`` messages into ``folder`` (100 per sub-folder); return counts per kind."""
    mt_text = (EXAMPLES / "mt103.fin").read_text("utf-8")
    xml_text = (EXAMPLES / "pacs.008.001.08-apphdr.xml").read_text("utf-8")
    mt_uetr = "9bfd29ee-d028-43bf-8e26-ce33331b9079"
    xml_uetr = "8a562c67-ca16-48ba-b074-65581be6f001"
    kinds = {"mt103": 0, "pacs.008": 0}
    for number in range(count):
        sub = folder / f"{number // 100:04d}"
        if number % 100 == 0:
            sub.mkdir()
        uetr = str(uuid.uuid4())
        if with_mt and number % 2 == 0:
            text = mt_text.replace(mt_uetr, uetr).replace("QXREF20260302", f"QXB{number:013d}")
            (sub / f"{number:06d}.fin").write_text(text, "utf-8", newline="")
            kinds["mt103"] += 1
        else:
            text = xml_text.replace(xml_uetr, uetr).replace("QX-EX-20260302-01", f"QXB-{number}")
            (sub / f"{number:06d}.xml").write_text(text, "utf-8")
            kinds["pacs.008"] += 1
    return kinds


def _schema_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    probe = subprocess.run(
        [_command(), "schemas", "list", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if probe.returncode == 0:
        states = {row["state"] for row in json.loads(probe.stdout)["schemas"]}
        if states == {"installed"}:
            return env
    if not MIRROR.is_dir():
        raise SystemExit("no schemas installed and no ../shared/schemas mirror")
    env["QENEX_SCHEMA_DIR"] = str(work / "schemas")
    subprocess.run(
        [_command(), "schemas", "install", "--from", str(MIRROR)],
        check=True,
        capture_output=True,
        env=env,
    )
    return env


def main() -> None:
    """Generate the files, time each --jobs setting, print files/s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=1, help="runs per setting (best is kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qenex-bench-") as tmp:
        work = Path(tmp)
        data = work / "messages"
        data.mkdir()
        with_mt = _has_mt()
        kinds = generate(data, args.count, with_mt=with_mt)
        env = _schema_env(work)
        print(f"{args.count} files: {kinds}" + ("" if with_mt else " (MT layer absent)"))
        print(f"cores available: {len(os.sched_getaffinity(0))}")
        for jobs in args.jobs:
            best = float("inf")
            for _ in range(args.rounds):
                start = time.perf_counter()
                done = subprocess.run(
                    [
                        _command(),
                        "validate",
                        str(data),
                        "--format",
                        "json",
                        "-q",
                        "--jobs",
                        f"{jobs}",
                    ],
                    capture_output=True,
                    text=True,
                    env=env,
                    check=False,
                )
                best = min(best, time.perf_counter() - start)
                if done.returncode == 2:
                    raise SystemExit(done.stderr)
            summary = json.loads(done.stdout)["summary"]
            print(
                f"--jobs {jobs}: {best:6.2f} s  {args.count / best:8.0f} files/s  "
                f"(exit {done.returncode}, {summary['errors']} errors, "
                f"{summary['warnings']} warnings)"
            )


if __name__ == "__main__":
    main()
