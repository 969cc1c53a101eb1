"""The schema store's record of the catalog XSDs ``schemas install`` verified, by stat data.

Hashing an XSD at every start-up costs more than reading it (``hashlib`` loads OpenSSL). So
``schemas install`` records, beside the hash each catalog file matched, the file's size,
modification and change times (ns) and inode; a run trusts a file whose stat data are still
the recorded ones and hashes every other file, as build tools and git's index trust stat data.

Any write to a file sets its change time (ctime), which only the kernel sets, to the file
system's clock. A file is recorded only when its ctime is older than a time stamp the store's
own file system gave before the file was read, and when its stat data did not change while it
was read; so every later write, even within the same clock tick as the install, leaves stat
data that differ from the record, as long as the clock is not set back to the recorded instant.

The record guards against a file changed by accident (an edit, a truncated copy, another
version put in its place); whoever can write the store can write the record too, so it is no
defence against them. It is written and trusted only where ``st_ctime_ns`` is the change time
(:data:`TRUSTED`): on Windows it is the creation time, which an edit leaves alone, so there
every file is hashed.
"""

from __future__ import annotations

import os

TRUSTED = os.name != "nt"
"""Whether stat data can vouch for a file here (``st_ctime_ns`` is the change time)."""
RECORD = "verified.tsv"
"""The record's file name in the store."""
HEADER = (
    "# XSDs verified by `qenex-messages schemas install`: "
    "file, sha256_lf, size, mtime_ns, ctime_ns, inode\n"
)


def stat_key(info: os.stat_result) -> str:
    """The stat data that any change of a file's content or identity changes."""
    return f"{info.st_size}\t{info.st_mtime_ns}\t{info.st_ctime_ns}\t{info.st_ino}"


def record_line(file: str, sha256_lf: str, info: os.stat_result) -> str:
    """The record's line for ``file``, verified to have ``sha256_lf`` with stat data ``info``."""
    return f"{file}\t{sha256_lf}\t{stat_key(info)}\n"


def vouched(record: bytes | None, file: str, sha256_lf: str, info: os.stat_result) -> bool:
    """Whether ``record`` says ``file`` had content ``sha256_lf`` with the stat data ``info``."""
    if not TRUSTED or not record or not sha256_lf:
        return False
    line = record_line(file, sha256_lf, info).encode("utf-8")
    return record.startswith(line) or b"\n" + line in record
