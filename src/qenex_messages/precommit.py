"""The pre-commit hook: works in a fresh repository with no set-up step.

On first use it installs the default ISO 20022 XSDs into the schema store (from a mirror when
``QENEX_SCHEMA_MIRROR`` is set, else from the package index with this environment's pip). XML
that is no ISO 20022 message (a ``pom.xml``, an SVG) is skipped with an info finding; every
other file is checked by ``qenex-messages validate``.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from qenex_messages import cli
from qenex_messages.findings import Report
from qenex_messages.inputs import SNIFF_BYTES, detect_format, split_bom
from qenex_messages.iso20022 import codes as iso_codes
from qenex_messages.iso20022 import install_schemas, schema_status, schema_store
from qenex_messages.output import format_finding

_ISO_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:"
_HEAD_BYTES = 64 * 1024


def is_foreign_xml(path: Path) -> bool:
    """Whether ``path`` is XML that names no ISO 20022 namespace in its first 64 KiB."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return False  # validate reports the unreadable file
    if detect_format(head[: SNIFF_BYTES * 4]) != "xml":
        return False
    encoding, body = split_bom(head)
    text = body.decode(encoding or "utf-8", errors="ignore")
    return _ISO_NAMESPACE not in text


@contextlib.contextmanager
def _install_lock(store: Path) -> Iterator[None]:
    """Hold a lock on the store while installing, so that the hook processes pre-commit starts
    side by side download the wheels once (where the OS offers ``flock``)."""
    try:
        import fcntl
    except ImportError:  # Windows: concurrent installs stay safe, only slower
        yield
        return
    store.mkdir(parents=True, exist_ok=True)
    with (store / ".install.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _missing_defaults() -> list[str]:
    return [s.id for s in schema_status() if s.default and s.state != "installed"]


def ensure_schemas() -> int:
    """Install the default XSDs that the store lacks; 0 when all are there afterwards."""
    if not _missing_defaults():
        return 0
    with _install_lock(schema_store()):
        return _install_missing()


def _install_missing() -> int:
    missing = _missing_defaults()  # again: another hook process may have installed them
    if not missing:
        return 0
    sys.stderr.write(
        f"qenex-messages: installing {len(missing)} ISO 20022 XSD(s) into {schema_store()} "
        "(first use)\n"
    )
    results = install_schemas(ids=missing)
    failed = [r for r in results if r.requested and not r.ok]
    for result in failed:
        sys.stderr.write(f"qenex-messages: {result.id} not installed: {result.origin}\n")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the hook on ``argv`` (options for ``validate``, then the files pre-commit passes)."""
    args = list(sys.argv[1:] if argv is None else argv)
    files = [a for a in args if not a.startswith("-") and Path(a).is_file()]
    options = [a for a in args if a not in files]
    to_check = []
    for name in files:
        if is_foreign_xml(Path(name)):
            report = Report(source=name)
            finding = iso_codes.NOT_ISO_XML.finding(
                "not an ISO 20022 message (no ISO 20022 namespace); skipped"
            )
            print(format_finding(finding.at(source=name, line=1, column=1), report))
        else:
            to_check.append(name)
    if not to_check:
        return 0
    needs_xsd = any(detect_format(Path(n).read_bytes()[:SNIFF_BYTES]) == "xml" for n in to_check)
    if needs_xsd and ensure_schemas() != 0:
        return 2
    return cli.main(["validate", "--jobs", "1", *options, *to_check])


def entrypoint() -> None:
    """Console-script entry point of the hook."""
    sys.exit(main())
