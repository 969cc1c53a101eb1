"""Whole-process figures: start-up of the command, and the command over many small files.

Each figure is a child process timed from the outside, so it includes interpreter start-up,
imports, schema loading and output. The floors run in a child process too:

* start-up: ``python -c "import lxml.etree"`` (the least a command that reads XML must pay);
* many files: one Python process that reads every file and does the floor work on it (lxml
  parse + XSD for XML, the regex split of block 4 for MT103), nothing else.

Contenders of one job run interleaved, round by round; each figure is the median of the rounds.
``python -X importtime`` shows where the command's start-up goes.
"""

from __future__ import annotations

import io
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

# One process, every file: the floor work only (parse + XSD, or the block-4 split).
XML_FLOOR = """
import sys
from pathlib import Path
from lxml import etree
schema = etree.XMLSchema(etree.parse(sys.argv[2]))
parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
bad = 0
for path in sorted(Path(sys.argv[1]).rglob("*.xml")):
    bad += not schema.validate(etree.fromstring(path.read_bytes(), parser))
print(bad)
"""

MT_FLOOR = """
import re, sys
from pathlib import Path
block4 = re.compile(r"\\{4:\\r?\\n(.*?)\\r?\\n-\\}", re.S)
tags = re.compile(r"^:(\\d{2}[A-Z]?):", re.M)
count = 0
for path in sorted(Path(sys.argv[1]).rglob("*.fin")):
    for body in block4.findall(path.read_text("utf-8")):
        parts = tags.split(body)
        count += len(list(zip(parts[1::2], parts[2::2])))
print(count)
"""

# The PyPI mt103 package over the same files, asserting it really read each one.
MT_PEER = """
import sys
from pathlib import Path
import mt103
for path in sorted(Path(sys.argv[1]).rglob("*.fin")):
    message = mt103.MT103(path.read_text("utf-8"))
    assert message and message.text, path
print(0)
"""


def command() -> str:
    """The installed ``qenex-messages`` beside this interpreter."""
    beside = Path(sys.executable).parent / "qenex-messages"
    if not beside.exists():
        raise SystemExit("qenex-messages is not installed in this venv (pip install -e .)")
    return str(beside)


def write_files(folder: Path, kind: str, count: int, generate: object) -> None:
    """``count`` small messages of ``kind`` (``xml``: pacs.008 1 tx; ``mt103``), 100 a folder."""
    for number in range(count):
        sub = folder / f"{number // 100:04d}"
        sub.mkdir(exist_ok=True)
        buffer = io.BytesIO()
        if kind == "xml":
            generate.write_xml(buffer, "pacs.008.001.08", 1)  # type: ignore[attr-defined]
            data = buffer.getvalue().replace(b"QX-GEN-1<", f"QX-F{number}<".encode())
            (sub / f"{number:06d}.xml").write_bytes(data)
        else:
            generate.write_mt(buffer, number + 1)  # type: ignore[attr-defined]
            last = buffer.getvalue().split(b"{1:")[-1]
            (sub / f"{number:06d}.fin").write_bytes(b"{1:" + last)


def _run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv[:3]} failed: {done.stderr.decode()[-2000:]}")
    return elapsed, done.returncode


def timed(
    contenders: dict[str, Sequence[str]], rounds: int, env: dict[str, str]
) -> dict[str, tuple[float, int]]:
    """Median seconds and last exit code of each command line, run interleaved ``rounds`` times."""
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    codes: dict[str, int] = {}
    for argv in contenders.values():
        _run(argv, env)  # warm the page cache and the .pyc files
    for _ in range(rounds):
        for name, argv in contenders.items():
            seconds, code = _run(argv, env)
            samples[name].append(seconds)
            codes[name] = code
    return {name: (statistics.median(s), codes[name]) for name, s in samples.items()}


_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_profile(argv: Sequence[str], env: dict[str, str]) -> tuple[float, list[str], list[str]]:
    """Total import ms of ``python -X importtime argv``, top-level packages by ms, and modules.

    Returns (total ms, ``"name ms"`` of the biggest top-level imports, every module imported).
    """
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, env=env
    )
    total = 0
    top: list[tuple[int, str]] = []
    modules: list[str] = []
    for line in done.stderr.splitlines():
        found = _LINE.match(line)
        if not found:
            continue
        cumulative, depth, name = int(found[2]), len(found[3]) - 1, found[4]
        modules.append(name)
        if depth == 0:
            total += cumulative
            top.append((cumulative, name))
    top.sort(reverse=True)
    return total / 1000, [f"{name} {us / 1000:.0f} ms" for us, name in top[:6]], modules


def startup_contenders(mt_file: Path, xml_file: Path) -> dict[str, list[str]]:
    """The command on one file of each format, and the bare lxml import."""
    return {
        'floor: python -c "import lxml.etree"': [sys.executable, "-c", "import lxml.etree"],
        f"qenex-messages validate {mt_file.name}": [command(), "validate", str(mt_file)],
        f"qenex-messages validate {xml_file.name}": [command(), "validate", str(xml_file)],
    }


def files_contenders(kind: str, folder: Path, xsd: Path) -> dict[str, list[str]]:
    """The command (``--jobs 1`` and ``2``), the one-process floor loop and, for MT, the peer."""
    floor = XML_FLOOR if kind == "xml" else MT_FLOOR
    out: dict[str, list[str]] = {
        "floor: one process, read + " + ("lxml parse + XSD" if kind == "xml" else "regex split"): [
            sys.executable,
            "-c",
            floor,
            str(folder),
            str(xsd),
        ],
        "qenex-messages validate --jobs 1": [
            command(),
            "validate",
            str(folder),
            "-q",
            "--jobs",
            "1",
        ],
        "qenex-messages validate --jobs 2": [
            command(),
            "validate",
            str(folder),
            "-q",
            "--jobs",
            "2",
        ],
    }
    if kind == "mt103":
        try:
            import mt103  # noqa: F401
        except ImportError:
            return out
        out["mt103.MT103 loop (parse only)"] = [sys.executable, "-c", MT_PEER, str(folder)]
    return out


def environment(schema_dir: Path | None) -> dict[str, str]:
    """This process's environment, with the schema store when one is given.

    ``PYTHONDONTWRITEBYTECODE`` is dropped: an installed package has its ``.pyc`` files (pip
    compiles them, and so do the floors' packages), so the warm-up run writes ours too instead
    of every timed run compiling the package from source.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if schema_dir is not None:
        env["QENEX_SCHEMA_DIR"] = str(schema_dir)
    return env
