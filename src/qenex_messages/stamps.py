"""What a message we write is stamped with: its creation time and new UETRs.

By default the creation time is now and a UETR is random. For reproducible output (a build, a
test, a re-run that must give the same bytes) the caller names the time (``created``) or sets
``SOURCE_DATE_EPOCH``; then every new UETR is derived from that time and what it identifies, so
the same input gives the same output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from dataclasses import dataclass

from qenex_messages.findings import QenexError

__all__ = ["Stamp", "resolve_created", "stamp"]


def _epoch() -> dt.datetime | None:
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    try:
        return dt.datetime.fromtimestamp(int(text), dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise QenexError(f"SOURCE_DATE_EPOCH {text!r} is not a count of seconds") from exc


def _parse(created: dt.datetime | str) -> dt.datetime:
    if isinstance(created, dt.datetime):
        return created
    try:
        return dt.datetime.fromisoformat(created.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise QenexError(f"created {created!r} is not an ISO 8601 date-time") from exc


def _tidy(when: dt.datetime) -> dt.datetime:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class Stamp:
    """A creation time, and whether it was fixed by the caller (reproducible output)."""

    created: dt.datetime
    fixed: bool

    def uetr(self, *identifies: str) -> str:
        """A new UETR (a version 4 UUID): random, or derived from the fixed time and
        ``identifies`` (the message and transaction it is for) when the output is reproducible."""
        if not self.fixed:
            return str(uuid.uuid4())
        digest = hashlib.sha256("|".join((self.created.isoformat(), *identifies)).encode())
        return str(uuid.UUID(bytes=digest.digest()[:16], version=4))


def stamp(created: dt.datetime | str | None = None) -> Stamp:
    """``created`` (a datetime or ISO 8601 text; without an offset it is UTC), else
    ``SOURCE_DATE_EPOCH`` (seconds since 1970), else now; to the second, with an offset.
    Raises :class:`QenexError` for text that is not a date-time."""
    if created is not None:
        return Stamp(_tidy(_parse(created)), fixed=True)
    epoch = _epoch()
    if epoch is not None:
        return Stamp(epoch, fixed=True)
    return Stamp(_tidy(dt.datetime.now(dt.UTC)), fixed=False)


def resolve_created(created: dt.datetime | str | None = None) -> dt.datetime:
    """The creation time :func:`stamp` gives."""
    return stamp(created).created
