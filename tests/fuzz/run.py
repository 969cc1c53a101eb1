"""Coverage-guided fuzzing of the public entry points with atheris (libFuzzer).

    python -m tests.fuzz.run [TARGET|all] [--seconds N] [--corpus DIR] [-- libFuzzer options]

``all`` (the default) fuzzes every target in one process: the first byte of an input picks the
target. The run starts from the seed corpus (the examples and, where present, ../shared/corpus),
copied into ``--corpus`` (default: a temporary folder), where libFuzzer keeps the inputs that
reach new code. Any exception other than a documented ``QenexError``, any input slower than 10
seconds and any run over 2 GB of memory stops the run and writes the input as ``crash-*``,
``timeout-*`` or ``oom-*`` to the current folder. ``QENEX_FUZZ_SECONDS`` sets the default
duration (the test suite runs 3 seconds; a release deserves 1800).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["qenex_messages"]):
    import pkgutil

    import qenex_messages

    for module in pkgutil.walk_packages(qenex_messages.__path__, "qenex_messages."):
        if not module.name.endswith("__main__"):  # instrument every module, not only the first
            __import__(module.name)
    from tests.fuzz import targets


def _prepare(corpus: Path, seeds: list[bytes], target: str) -> None:
    """Copy the seeds into ``corpus``; for ``all``, each seed once per target (its first byte
    names the target)."""
    corpus.mkdir(parents=True, exist_ok=True)
    prefixes = [bytes([i]) for i in range(len(targets.TARGETS))] if target == "all" else [b""]
    for seed in seeds:
        for prefix in prefixes:
            data = prefix + seed
            (corpus / hashlib.sha256(data).hexdigest()[:16]).write_bytes(data)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    ours, _, extra = (
        (args[: args.index("--")], "--", args[args.index("--") + 1 :])
        if ("--" in args)
        else (args, "", [])
    )
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run")
    parser.add_argument("target", nargs="?", default="all", choices=["all", *targets.TARGETS])
    default_seconds = int(os.environ.get("QENEX_FUZZ_SECONDS", "60"))
    parser.add_argument("--seconds", type=int, default=default_seconds)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument(
        "--seeds",
        choices=["all", "examples"],
        default="all",
        help="start from the examples only, or also from ../shared/corpus (default)",
    )
    options = parser.parse_args(ours)
    corpus = options.corpus or Path(tempfile.mkdtemp(prefix="qenex-fuzz-"))
    _prepare(corpus, targets.seeds(shared=options.seeds == "all"), options.target)
    if options.target == "all":
        test_one = targets.run_any
    else:
        name = options.target

        def test_one(data: bytes) -> None:
            targets.run(name, data)

    libfuzzer = [
        sys.argv[0],
        f"-max_total_time={options.seconds}",
        "-timeout=10",
        "-rss_limit_mb=2048",
        "-max_len=65536",
        "-print_final_stats=1",
        *extra,
        str(corpus),
    ]
    atheris.Setup(libfuzzer, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
