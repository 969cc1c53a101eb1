"""The console script's entry point: the command's modules imported with the collector off.

Importing the command's modules creates hundreds of thousands of objects, none of them garbage
(they live until the process exits), and the cyclic garbage collector walked them again and
again while they were created (about 8 M instructions of a validation's start-up). The collector
is off while they are imported; they are then frozen out of it (:func:`gc.freeze`), so no later
collection, and not the one at exit, walks them, and it runs as usual for the command itself.
"""

from __future__ import annotations

import gc
import sys

__all__ = ["entrypoint"]


def entrypoint() -> None:
    """Run :func:`qenex_messages.cli.main` on ``sys.argv`` and exit with its code."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from qenex_messages import cli
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    sys.exit(cli.main())
