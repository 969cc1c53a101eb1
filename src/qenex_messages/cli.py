"""The ``qenex-messages`` command: a thin shell over the public API."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from qenex_messages._version import __version__


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command."""
    parser = argparse.ArgumentParser(
        prog="qenex-messages",
        description="Validate, inspect and convert SWIFT MT103 and ISO 20022 payment messages.",
    )
    parser.add_argument("--version", action="version", version=f"qenex-messages {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` and return its exit code."""
    build_parser().parse_args(argv)
    return 0


def entrypoint() -> None:
    """Console-script entry point: run :func:`main` on ``sys.argv`` and exit with its code."""
    sys.exit(main())
