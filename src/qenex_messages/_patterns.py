"""Regular expressions compiled on first use.

Compiling one costs about 0.9 M instructions of start-up. A module-level pattern that a
validation of a valid message never uses (one for an error, a writer's, a rare identifier's)
is made with :func:`on_first_use` and compiled by the first call that needs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import AnyStr

__all__ = ["on_first_use"]


def on_first_use(pattern: AnyStr, flags: int = 0) -> Callable[[], re.Pattern[AnyStr]]:
    """A function that returns ``re.compile(pattern, flags)``, compiled at its first call."""
    compiled: list[re.Pattern[AnyStr]] = []

    def get() -> re.Pattern[AnyStr]:
        if not compiled:
            compiled.append(re.compile(pattern, flags))
        return compiled[0]

    return get
