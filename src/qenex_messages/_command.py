"""The console script's entry point: the collector kept off the command's own start-up.

Importing the command's modules creates hundreds of thousands of objects, none of them garbage
(they live until the process exits), and the cyclic garbage collector walked them again and
again while they were created (about 8 M instructions of a validation's start-up). The collector
is off while they are imported; they are then frozen out of it (:func:`gc.freeze`).

The first input of ``validate`` loads more (the XML layer, lxml's and schwifty's modules), whose
objects too live until exit. Until it is done, the collector's youngest generation waits for
:data:`START_UP_THRESHOLD` new objects instead of Python's default (a bounded wait: cyclic
garbage is still collected, only later); then :func:`start_up_over` freezes what is alive and
gives the collector back its own thresholds, so no later collection, and not the one at exit,
walks those modules again. Every other command ends the start-up before it runs, and a process
forked meanwhile (a ``--jobs`` worker) ends it as it starts.
"""

from __future__ import annotations

import gc
import os
import sys

__all__ = ["START_UP_THRESHOLD", "entrypoint", "start_up_over"]

START_UP_THRESHOLD = 50_000
"""New objects (allocations less deallocations) between young collections during start-up."""

_restore: list[tuple[int, ...]] = []
"""The collector's own thresholds, while the start-up lasts."""


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
    thresholds = gc.get_threshold()
    if 0 < thresholds[0] < START_UP_THRESHOLD:
        _restore.append(thresholds)
        gc.set_threshold(START_UP_THRESHOLD, *thresholds[1:])
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=start_up_over)
    sys.exit(cli.main())


def start_up_over() -> None:
    """End the start-up the entry point began, if it did: freeze what is alive (what the
    first input loaded, and any cyclic garbage it left, which then stays until exit: at most
    what one input leaves) and give the collector back its own thresholds."""
    while _restore:
        gc.freeze()
        gc.set_threshold(*_restore.pop())
