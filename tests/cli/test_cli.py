"""The command called in-process through ``main([...])``: options, exit codes, error paths."""

from __future__ import annotations

import io
import json
import pickle
import shutil
from pathlib import Path

import pytest

from qenex_messages import cli
from qenex_messages.findings import Finding, Location, Report, Severity
from qenex_messages.limits import Limits
from qenex_messages.pipeline import ValidationOptions, run_validation, runner
from tests.cli.conftest import DATA, EXAMPLES, need


class FakeStdin:
    """A text stream with a binary ``buffer``, as ``sys.stdin`` has."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one run."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --------------------------------------------------------------------------- usage and I/O errors


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a command: usage on stderr, exit 2."""
    code, out, err = run(capsys)
    assert code == 2
    assert out == ""
    assert "give a command" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the version and exits 0."""
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("qenex-messages ")


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A path that does not exist is that path's QX005 finding, then exit 2 with one line."""
    missing = tmp_path / "nope.xml"
    code, out, err = run(capsys, "validate", str(missing))
    assert code == 2
    assert out == (
        f"{missing}: ERROR QX005 no such file or directory\n"
        "1 file, 1 message: 1 error, 0 warnings\n"
    )
    assert err == f"qenex-messages: error: {missing}: no such file or directory (QX005)\n"


def test_missing_file_among_good_ones_is_that_paths_error(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path
) -> None:
    """A missing path does not stop the batch: every other path is checked and reported in
    order, the missing one is its own finding, and the exit code is 2 at the end."""
    empty = bad_inputs / "empty.fin"
    code, out, err = run(capsys, "validate", "no/such.fin", str(empty), str(bad_inputs / "z*"))
    assert code == 2
    assert out.splitlines() == [
        "no/such.fin: ERROR QX005 no such file or directory",
        f"{empty}: ERROR QX001 the input is empty",
        f"{bad_inputs / 'z*'}: ERROR QX008 no file matches this pattern",
        "3 files, 3 messages: 3 errors, 0 warnings",
    ]
    assert err == (
        "qenex-messages: error: 2 paths could not be checked, the first: "
        "no/such.fin: no such file or directory (QX005); the other files were checked\n"
    )


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "gitlab"])
def test_missing_file_in_every_format(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path, fmt: str
) -> None:
    """Every format names the missing path with its code; SARIF and JUnit as a tool failure."""
    code, out, _ = run(capsys, "validate", "--format", fmt, "no/such.fin", str(bad_inputs))
    assert code == 2
    assert "no/such.fin" in out
    assert "QX005" in out
    if fmt == "sarif":
        run_ = json.loads(out)["runs"][0]
        assert run_["invocations"][0]["executionSuccessful"] is False
        assert "QX005" not in {r["ruleId"] for r in run_["results"]}
    if fmt == "junit":
        assert '<error message="QX005 no such file or directory"' in out


def test_directory_with_no_messages(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A folder where nothing matches the include patterns is an error, not a silent pass."""
    (tmp_path / "README.md").write_text("hello")
    (tmp_path / ".hidden.xml").write_text("<x/>")
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2
    assert f"{tmp_path}: no message files found" in err


def test_glob_matching_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A glob with no match: exit 2 with the pattern named."""
    code, _, err = run(capsys, "validate", str(tmp_path / "*.fin"))
    assert code == 2
    assert "no file matches this pattern" in err


def test_unreadable_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A directory that cannot be listed: exit 2, one line, no traceback."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.fin").write_text("x")
    locked.chmod(0)
    try:
        if any(True for _ in locked.iterdir()):  # running as root: permissions do not bite
            pytest.skip("permissions are not enforced for this user")
    except PermissionError:
        pass
    try:
        code, _, err = run(capsys, "validate", str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert code == 2
    assert err.count("\n") == 1
    assert "Permission denied" in err


def test_stdin_only_once(capsys: pytest.CaptureFixture[str]) -> None:
    """'-' twice is a usage error."""
    code, _, err = run(capsys, "validate", "-", "-")
    assert code == 2
    assert "only once" in err


@pytest.mark.parametrize("argv", [["validate", ""], ["validate", "--", ""], ["validate", "-q", ""]])
def test_an_empty_path_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """An empty path is refused as such, not reported as standard input that is missing."""
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert "empty path" in err and "<stdin>" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "--jobs", "0", "x"], "must be 1 or more"),
        (["validate", "--as-of", "2026-13-01", "x"], "is not a date"),
        (["validate", "--format", "xml", "x"], "invalid choice"),
        (["validate"], "the following arguments are required"),
    ],
)
def test_bad_options(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    """argparse errors exit 2 with its own message."""
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err


def test_missing_user_schema(capsys: pytest.CaptureFixture[str], bad_inputs: Path) -> None:
    """--schema naming no file: exit 2."""
    code, _, err = run(capsys, "validate", "--schema", "nope.xsd", str(bad_inputs))
    assert code == 2
    assert "nope.xsd: no such XSD file" in err


def test_internal_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, bad_inputs: Path
) -> None:
    """A bug surfaces as one line and exit 2, not a traceback."""

    def broken(*_: object, **__: object) -> list[Report]:
        raise RuntimeError("boom")

    monkeypatch.setattr(runner, "validate_path", broken)
    monkeypatch.delenv("QENEX_DEBUG", raising=False)
    code, _, err = run(capsys, "validate", "--jobs", "1", str(bad_inputs / "empty.fin"))
    assert code == 2
    assert err == (
        "qenex-messages: error: internal error (RuntimeError: boom); please report it "
        "(QENEX_DEBUG=1 shows the traceback)\n"
    )


# --------------------------------------------------------------------------- input findings


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.fin", "empty.fin: ERROR QX001 the input is empty"),
        ("blank.xml", "blank.xml: ERROR QX001 the input is empty"),
        (
            "binary.fin",
            (
                "binary.fin:1:7: ERROR QX006 the input contains a NUL byte at offset 6: "
                "it is not a message"
            ),
        ),
        ("latin1.txt", "latin1.txt:2:6: ERROR QX003 byte 0xfc at offset 38 is not valid utf-8"),
        (
            "notes.txt",
            (
                "notes.txt:1:1: ERROR QX002 not an MT message (no '{1:' block) nor an XML "
                "document (no '<'); it starts with 'just some notes\\n'"
            ),
        ),
    ],
)
def test_inputs_that_are_no_messages(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path, name: str, expected: str
) -> None:
    """Each kind of non-message gets its own code, a position where there is one, and exit 1."""
    code, out, err = run(capsys, "validate", str(bad_inputs / name))
    assert code == 1
    assert err == ""
    assert out == f"{bad_inputs}/{expected}\n1 file, 1 message: 1 error, 0 warnings\n"


def test_directory_walk_is_sorted_and_filtered(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path
) -> None:
    """Directories are read recursively in name order; hidden entries are skipped."""
    sub = bad_inputs / "sub"
    sub.mkdir()
    (sub / "z.fin").write_bytes(b"")
    (bad_inputs / ".git").mkdir()
    (bad_inputs / ".git" / "x.xml").write_bytes(b"")
    (bad_inputs / "skip.pdf").write_bytes(b"")
    code, out, _ = run(capsys, "validate", "--format", "json", str(bad_inputs))
    assert code == 1
    paths = [Path(f["path"]).relative_to(bad_inputs) for f in json.loads(out)["files"]]
    assert [str(p) for p in paths] == [
        "binary.fin",
        "blank.xml",
        "empty.fin",
        "latin1.txt",
        "notes.txt",
        "sub/z.fin",
    ]


def test_include_replaces_the_default_patterns(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path
) -> None:
    """--include picks the files of a directory walk (explicit files are always read)."""
    code, out, _ = run(
        capsys, "validate", "--format", "json", "--include", "*.fin", str(bad_inputs)
    )
    assert code == 1
    names = [Path(f["path"]).name for f in json.loads(out)["files"]]
    assert names == ["binary.fin", "empty.fin"]


def test_glob_expands(capsys: pytest.CaptureFixture[str], bad_inputs: Path) -> None:
    """A quoted glob is expanded by the command, sorted."""
    code, out, _ = run(capsys, "validate", "--format", "json", str(bad_inputs / "*.txt"))
    assert code == 1
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == [
        "latin1.txt",
        "notes.txt",
    ]


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """'-' reads standard input, named <stdin> in the report."""
    monkeypatch.setattr("sys.stdin", FakeStdin(b""))
    code, out, _ = run(capsys, "validate", "-")
    assert code == 1
    assert out.startswith("<stdin>: ERROR QX001 the input is empty\n")


def test_stdin_over_the_size_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--max-bytes applies to standard input too (QX004)."""
    monkeypatch.setattr("sys.stdin", FakeStdin(b"<x/>" * 10))
    code, out, _ = run(capsys, "validate", "--max-bytes", "8", "-")
    assert code == 1
    assert (
        "ERROR QX004 standard input is at least 9 bytes, over the --max-bytes limit of 8 bytes"
        in out
    )


def test_file_over_the_size_limit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file larger than --max-bytes is refused unread (QX004)."""
    big = tmp_path / "big.xml"
    big.write_bytes(b"<x>" + b" " * 100 + b"</x>")
    code, out, _ = run(capsys, "validate", "--max-bytes", "50", str(big))
    assert code == 1
    assert "ERROR QX004 the file is 107 bytes, over the --max-bytes limit of 50 bytes" in out


@pytest.mark.parametrize(
    ("given", "refused"),
    [("0.1KB", True), ("1KiB", False), ("50MB", False), ("1 GiB", False), ("106", True)],
)
def test_max_bytes_takes_units(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, given: str, refused: bool
) -> None:
    """--max-bytes accepts KB/MB/GB (powers of 1000) and KiB/MiB/GiB (powers of 1024)."""
    big = tmp_path / "big.xml"
    big.write_bytes(b"<x>" + b" " * 100 + b"</x>")
    _, out, _ = run(capsys, "validate", "--max-bytes", given, str(big))
    assert ("QX004" in out) is refused


def test_max_bytes_refuses_unknown_units(capsys: pytest.CaptureFixture[str]) -> None:
    """A size with an unknown unit is a usage error naming the units that work."""
    code, _, err = run(capsys, "validate", "--max-bytes", "5XB", "-")
    assert code == 2
    assert "KB, MB, GB, KiB, MiB or GiB" in err


def test_unreadable_file_is_a_finding(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A named file that cannot be read is QX005 and exit 2 (when permissions apply)."""
    locked = tmp_path / "locked.fin"
    locked.write_text("x")
    locked.chmod(0)
    try:
        try:
            locked.read_bytes()
            pytest.skip("permissions are not enforced for this user")
        except PermissionError:
            pass
        code, out, _ = run(capsys, "validate", str(locked))
    finally:
        locked.chmod(0o644)
    assert code == 2
    assert "ERROR QX005 cannot read the file: Permission denied" in out


# --------------------------------------------------------------------------- output options


def test_quiet_and_output_file(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path, tmp_path: Path
) -> None:
    """--quiet prints only the summary; --output writes the report to a file, not stdout."""
    code, out, _ = run(capsys, "validate", "-q", str(bad_inputs))
    assert code == 1
    assert out == "5 files, 5 messages: 5 errors, 0 warnings\n"
    target = tmp_path / "report.json"
    code, out, _ = run(capsys, "validate", "--format", "json", "-o", str(target), str(bad_inputs))
    assert (code, out) == (1, "")
    assert json.loads(target.read_text("utf-8"))["summary"]["files"] == 5


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_every_format_gives_the_same_exit_code(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path, fmt: str
) -> None:
    """The exit code does not depend on the output format."""
    code, out, err = run(capsys, "validate", "--format", fmt, str(bad_inputs))
    assert code == 1
    assert out
    assert err == ""


def test_no_colour_when_not_a_terminal(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path
) -> None:
    """Captured output is no terminal: no ANSI codes."""
    _, out, _ = run(capsys, "validate", str(bad_inputs))
    assert "\033[" not in out


def test_colour_on_a_terminal_unless_no_color(
    monkeypatch: pytest.MonkeyPatch, bad_inputs: Path
) -> None:
    """Colour on a terminal; never with NO_COLOR set."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for no_color, expect in (("", True), ("1", False)):
        screen = Terminal()
        monkeypatch.setattr("sys.stdout", screen)
        monkeypatch.setenv("NO_COLOR", no_color)
        assert cli.main(["validate", str(bad_inputs / "empty.fin")]) == 1
        assert ("\033[" in screen.getvalue()) is expect


# --------------------------------------------------------------------------- strict and jobs


def _fake_warning(path: str, **_: object) -> list[Report]:
    warning = Finding("QX401", Severity.WARNING, "truncated", Location(source=path, line=1))
    return [Report(path, 0, "MT103", "core", [warning])]


def test_strict_fails_on_warnings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, bad_inputs: Path
) -> None:
    """Warnings alone exit 0, or 1 with --strict."""
    monkeypatch.setattr(runner, "validate_path", _fake_warning)
    target = str(bad_inputs / "empty.fin")
    assert run(capsys, "validate", "--jobs", "1", target)[0] == 0
    assert run(capsys, "validate", "--jobs", "1", "--strict", target)[0] == 1


def test_jobs_keep_input_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Many files over two processes come out in the same order as with one."""
    for number in range(60):
        kind = (b"", b"plain text", b"\x00")[number % 3]
        (tmp_path / f"{number:03d}.fin").write_bytes(kind)
    one = run(capsys, "validate", "--format", "json", "--jobs", "1", str(tmp_path))
    two = run(capsys, "validate", "--format", "json", "--jobs", "2", str(tmp_path))
    assert one == two
    assert json.loads(one[1])["summary"]["files"] == 60


def test_run_validation_streams_reports_in_order(bad_inputs: Path) -> None:
    """The streaming runner used by the command yields one report per message, in order."""
    files = [str(p) for p in sorted(bad_inputs.iterdir())] * 10
    options = ValidationOptions(limits=Limits())
    reports = list(run_validation(iter(files), options, jobs=2))
    assert [r.source for r in reports] == files
    assert all(r.findings[0].code.startswith("QX00") for r in reports)


def test_reports_pickle_as_they_are() -> None:
    """Reports cross process boundaries whole (args included, still read-only)."""
    finding = Finding(
        "QX325", Severity.ERROR, "m", Location("a", 1, 2, "f", "/x"), args={"pattern": "p"}
    )
    report = Report("a", 3, "pacs.008", "pacs.008.001.08", [finding])
    back = pickle.loads(pickle.dumps(report))
    assert back == report
    assert dict(back.findings[0].args) == {"pattern": "p"}
    with pytest.raises(TypeError):
        back.findings[0].args["pattern"] = "q"  # type: ignore[index]


# --------------------------------------------------------------------------- with the format layers


def test_schemas_list(capsys: pytest.CaptureFixture[str], schema_store: Path) -> None:
    """schemas list shows every catalog entry with its state."""
    code, out, _ = run(capsys, "schemas", "list")
    assert code == 0
    assert "installed  pacs.008.001.08" in out
    code, out, _ = run(capsys, "schemas", "list", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["store"] == str(schema_store)
    assert {row["state"] for row in document["schemas"] if row["default"]} == {"installed"}
    assert all(row["note"] for row in document["schemas"] if not row["sources"])


def test_schemas_install_from_a_mirror(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    schema_store: Path,
) -> None:
    """schemas install --from DIR fills an empty store offline; a second run changes nothing."""
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "store"))
    mirror = ["--no-index", "--from", str(schema_store)]
    code, out, _ = run(capsys, "schemas", "install", *mirror)
    assert code == 0
    assert "installed   pacs.008.001.08" in out
    code, out, _ = run(capsys, "schemas", "install", *mirror)
    assert code == 0
    assert "unchanged   pacs.008.001.08" in out


def test_schemas_install_from_a_bad_mirror(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A mirror that is no folder: exit 2; an empty folder and no package index: exit 1, with
    the reason for each schema."""
    need("qenex_messages.iso20022", "install_schemas")
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "store"))
    code, _, err = run(capsys, "schemas", "install", "--from", str(tmp_path / "nope"))
    assert code == 2
    assert err.startswith("qenex-messages: error: ")
    (tmp_path / "empty").mkdir()
    code, out, err = run(
        capsys, "schemas", "install", "--no-index", "--from", str(tmp_path / "empty")
    )
    assert code == 1
    assert "schema(s) not installed" in err
    assert "--from DIR" in err
    assert "unavailable pacs.008.001.08" in out
    assert "no file with this content" in out


def test_schemas_without_action(capsys: pytest.CaptureFixture[str]) -> None:
    """`schemas` alone is a usage error."""
    code, _, err = run(capsys, "schemas")
    assert code == 2
    assert "give an action: install, list or add" in err


def test_schemas_not_installed_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Validating XML with an empty schema store: the finding, then exit 2 naming the fix."""
    need("qenex_messages.iso20022", "check_xml")

    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "empty-store"))
    code, out, err = run(capsys, "validate", str(EXAMPLES / "pacs.008.001.08-apphdr.xml"))
    assert code == 2
    assert "QX320" in out
    assert "is not installed, or does not match the catalog's hash: run `qenex-messages" in err


def test_schemas_edited_exit_2(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    schema_store: Path,
) -> None:
    """Validating XML against an edited catalog XSD: QX320 says it does not match, and the
    exit message does not call it missing."""
    need("qenex_messages.iso20022", "check_xml")

    store = tmp_path / "store"
    shutil.copytree(schema_store, store)
    xsd = store / "pacs.008.001.08.xsd"
    xsd.write_bytes(xsd.read_bytes().replace(b'minOccurs="0"', b'minOccurs="1"', 1))
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(store))
    code, out, err = run(capsys, "validate", str(EXAMPLES / "pacs.008.001.08-apphdr.xml"))
    assert code == 2
    assert "QX320" in out and "does not match the catalog hash" in out
    assert "or does not match the catalog's hash" in err


def test_examples_are_valid(capsys: pytest.CaptureFixture[str], schema_store: Path) -> None:
    """`make run`: every example validates with no error, no warning."""
    need("qenex_messages.mt", "check_mt")
    code, out, _ = run(capsys, "validate", "--strict", str(EXAMPLES))
    assert code == 0, out
    assert out.endswith(": 0 errors, 0 warnings\n")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("pacs008-bad-iban.xml", "QX102"),
        ("pain001-bad-ctrlsum.xml", "QX341"),
        ("pain001-xsd-error.xml", "QX323"),
        ("mt103-no-uetr-bad-charges.fin", "T08"),
    ],
)
def test_invalid_demo_files(
    capsys: pytest.CaptureFixture[str], schema_store: Path, name: str, code: str
) -> None:
    """Each invalid demo file fails with exit 1 and the code of its planted fault."""
    if name.endswith(".fin"):
        need("qenex_messages.mt", "check_mt")
    exit_code, out, _ = run(capsys, "validate", str(DATA / name))
    assert exit_code == 1, out
    assert f" ERROR {code} " in out


def test_demo_data_is_all_tested() -> None:
    """Every file under tests/cli/data is one of the invalid demo files above."""
    found = sorted(p.name for p in DATA.iterdir() if p.is_file())
    assert found == [
        "mt103-no-uetr-bad-charges.fin",
        "pacs008-bad-iban.xml",
        "pain001-bad-ctrlsum.xml",
        "pain001-xsd-error.xml",
    ]


def test_several_mt_messages_in_one_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file holding two MT103 messages yields two entries, index 0 and 1."""
    need("qenex_messages.mt", "check_mt")
    text = (EXAMPLES / "mt103.fin").read_bytes()
    both = tmp_path / "two.fin"
    both.write_bytes(text + text)
    code, out, _ = run(capsys, "validate", "--format", "json", str(both))
    document = json.loads(out)
    assert [(f["index"], f["message_type"]) for f in document["files"]] == [
        (0, "MT103"),
        (1, "MT103"),
    ]
    assert document["summary"]["files"] == 1
    assert document["summary"]["messages"] == 2
    assert code == 0, out


# --------------------------------------------------------------------------- inspect and convert


def test_inspect_text(capsys: pytest.CaptureFixture[str]) -> None:
    """inspect prints parties, amounts and the route of each transaction."""
    need("qenex_messages.iso20022", "parse_document")
    code, out, err = run(capsys, "inspect", str(EXAMPLES / "pacs.008.001.08-apphdr.xml"))
    assert code == 0, err
    assert "pacs.008.001.08 (interbank), message id QX-EX-20260302-01" in out
    assert "    amount    12500.00 EUR settled 2026-03-02\n" in out
    assert "    route     DEUTDEFFXXX -> INGBNL2AXXX\n" in out
    assert "creditor  Voorbeeld Handel BV; Amsterdam, NL; account NL20INGB0001234567" in out


def test_inspect_pain001_batches(capsys: pytest.CaptureFixture[str]) -> None:
    """pain.001: the payment-information block and each of its transactions."""
    need("qenex_messages.iso20022", "parse_document")
    code, out, _ = run(capsys, "inspect", str(EXAMPLES / "pain.001.001.09-sepa.xml"))
    assert code == 0
    assert "Payment information QX-SEPA-2026-0302-A-1: 2 transaction(s)" in out
    assert "  Transaction 2: instruction QX-0302-A-1-2, end-to-end INV-77\n" in out


def test_inspect_mt103_shows_the_message_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    """inspect of an MT103 shows its fields as written: 71A SHA, no invented creation time or
    AppHdr, the remittance of field 70 as it stands."""
    code, out, _ = run(capsys, "inspect", str(EXAMPLES / "mt103-stp.fin"))
    assert code == 0
    assert out.splitlines()[0].endswith(
        "MT103 (STP), NWBKGB2LXXX -> GEBABEBBXXX, UETR 64c95ce2-eb04-4aaa-a8c0-a1b53a40f335"
    )
    assert "created" not in out and "AppHdr" not in out and "SHAR" not in out
    assert ":71A: Details of Charges" in out and out.rstrip().endswith("SHA")
    assert "Remittance Information" in out and "/RFB/RF96QX2026INV77" in out


def test_inspect_xml_shows_structured_remittance(capsys: pytest.CaptureFixture[str]) -> None:
    """The text view shows structured remittance, as --format json does."""
    code, out, _ = run(capsys, "inspect", str(EXAMPLES / "pain.001.001.09-sepa.xml"))
    assert code == 0
    assert "remittance (structured) creditor reference RF96QX2026INV77 (SCOR)" in out


def test_convert_losses_name_the_input_and_the_message(
    capsys: pytest.CaptureFixture[str], schema_store: Path, tmp_path: Path
) -> None:
    """pain.001 -> pacs.008: every finding names the input file; what is about one of several
    output messages (the UETR pacs.008.001.02 cannot carry) says which."""
    example = (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes()
    uetr = b"<UETR>7b5a3c6e-8f4d-4c1a-9e2b-0d6f1a2b3c4d</UETR>"
    with_uetr = example.replace(
        b"<EndToEndId>INV-77</EndToEndId>", b"<EndToEndId>INV-77</EndToEndId>" + uetr
    )
    source = str(tmp_path / "sepa.xml")
    Path(source).write_bytes(with_uetr)
    target = tmp_path / "out.xml"
    _, _, err = run(
        capsys, "convert", source, "--to", "pacs.008.001.02", "--bic-from-iban", "-o", str(target)
    )
    findings = [line for line in err.splitlines() if not line.startswith("qenex-messages:")]
    assert findings
    assert all(line.startswith(f"{source}: ") for line in findings), err
    assert "<" not in "".join(line.partition(":")[0] for line in findings)
    assert any("pacs.008 message 2: " in line for line in findings), err


def test_inspect_json_is_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    """inspect --format json prints the pydantic model; money stays a decimal string."""
    need("qenex_messages.mt", "parse_mt103")
    code, out, _ = run(capsys, "inspect", "--format", "json", str(EXAMPLES / "mt103.fin"))
    assert code == 0
    document = json.loads(out)
    assert document["kind"] == "interbank"
    (transaction,) = document["transactions"]
    assert transaction["interbank_settlement_amount"] == {"value": "12500.00", "currency": "EUR"}
    assert transaction["uetr"] == "9bfd29ee-d028-43bf-8e26-ce33331b9079"


def test_inspect_something_that_is_no_message(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path
) -> None:
    """inspect on a non-message: the finding on stderr, exit 2."""
    code, out, err = run(capsys, "inspect", str(bad_inputs / "notes.txt"))
    assert (code, out) == (2, "")
    assert "ERROR QX002" in err
    assert err.endswith("not a message qenex-messages can read\n")


def test_inspect_a_directory(capsys: pytest.CaptureFixture[str], bad_inputs: Path) -> None:
    """inspect takes one file."""
    code, _, err = run(capsys, "inspect", str(bad_inputs))
    assert code == 2
    assert "is a directory" in err


def test_convert_pain001_versions(
    capsys: pytest.CaptureFixture[str], schema_store: Path, tmp_path: Path
) -> None:
    """pain.001.001.03 -> .09 through the model; the result validates."""
    need("qenex_messages.iso20022", "render_document")
    target = tmp_path / "out.xml"
    code, out, err = run(
        capsys,
        "convert",
        str(EXAMPLES / "pain.001.001.03.xml"),
        "--to",
        "pain.001.001.09",
        "-o",
        str(target),
    )
    assert (code, out) == (0, ""), err
    assert b"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09" in target.read_bytes()
    assert run(capsys, "validate", str(target))[0] == 0


def test_convert_pacs008_to_mt103_on_stdout(
    capsys: pytest.CaptureFixture[str], schema_store: Path, tmp_path: Path
) -> None:
    """pacs.008 -> MT103 on stdout with CRLF; losses are warnings on stderr naming the input."""
    need("qenex_messages.mt", "render_mt103")
    code, out, err = run(
        capsys, "convert", str(EXAMPLES / "pacs.008.001.08-apphdr.xml"), "--to", "mt103"
    )
    assert code == 0, err
    assert out.startswith("{1:F01DEUTDEFF")
    assert ":32A:260302EUR12500,00\r\n" in out
    source = str(EXAMPLES / "pacs.008.001.08-apphdr.xml")
    assert err
    assert all(
        line.startswith((f"{source}: WARNING ", f"{source}: INFO ")) for line in err.splitlines()
    )
    rendered = tmp_path / "out.fin"
    rendered.write_text(out, "utf-8", newline="")
    assert run(capsys, "validate", str(rendered))[0] == 0


def test_convert_with_render_errors_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A target that cannot carry a mandatory element: exit 1, the error, no output file."""
    need("qenex_messages.iso20022", "render_document")
    target = tmp_path / "out.xml"
    code, _, err = run(
        capsys,
        "convert",
        str(EXAMPLES / "pacs.008.001.08-apphdr.xml"),
        "--to",
        "pacs.008.001.02",
        "-o",
        str(target),
    )
    assert code == 1
    assert f"{EXAMPLES / 'pacs.008.001.08-apphdr.xml'}: ERROR " in err
    assert "not converted to pacs.008.001.02" in err
    assert not target.exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("pacs.009.001.08", "--to pacs.009.001.08: choose one of mt103, "),
        ("pain.001.001.09", "a pacs.008 cannot become a pain.001"),
    ],
)
def test_convert_to_an_impossible_target(
    capsys: pytest.CaptureFixture[str], target: str, message: str
) -> None:
    """Unknown targets and kinds the model cannot become: exit 2, one line."""
    need("qenex_messages.iso20022", "render_document")
    code, out, err = run(
        capsys, "convert", str(EXAMPLES / "pacs.008.001.08-apphdr.xml"), "--to", target
    )
    assert (code, out) == (2, "")
    assert message in err


def test_user_schema(capsys: pytest.CaptureFixture[str], schema_store: Path) -> None:
    """--schema replaces the catalog XSD: the right one passes, a wrong one fails."""
    need("qenex_messages.iso20022", "check_xml")
    xsd = schema_store
    document = str(EXAMPLES / "pain.001.001.09-sepa.xml")
    good = run(capsys, "validate", "--schema", str(xsd / "pain.001.001.09.xsd"), document)
    assert good[0] == 0, good[1]
    wrong = run(capsys, "validate", "--schema", str(xsd / "pacs.008.001.08.xsd"), document)
    assert wrong[0] == 1
    assert " ERROR " in wrong[1]


def test_profile_on_xml_and_mt(capsys: pytest.CaptureFixture[str], schema_store: Path) -> None:
    """--profile runs the rulebook on ISO 20022; on MT it leaves an info finding (QX007)."""
    need("qenex_messages.rules", "check_profile")
    need("qenex_messages.mt", "check_mt")
    xml = str(EXAMPLES / "pacs.008.001.08-apphdr.xml")
    code, out, _ = run(capsys, "validate", "--profile", "sepa", "--as-of", "2026-03-02", xml)
    assert code == 1
    assert " ERROR SEPA-SLEV " in out
    assert run(capsys, "validate", "--profile", "auto", "--as-of", "2026-03-02", xml)[0] == 0
    code, out, _ = run(capsys, "validate", "--profile", "cbpr+", str(EXAMPLES / "mt103.fin"))
    assert code == 0
    assert " INFO QX007 profile 'cbpr+' is for ISO 20022 documents" in out


def test_size_limit_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """QENEX_MAX_INPUT_BYTES bounds validate and inspect; a bad value is a usage error."""
    big = tmp_path / "big.xml"
    big.write_bytes(b"<x>" + b" " * 100 + b"</x>")
    monkeypatch.setenv("QENEX_MAX_INPUT_BYTES", "50")
    code, out, _ = run(capsys, "validate", str(big))
    assert code == 1
    assert "(QENEX_MAX_INPUT_BYTES=50)" in out
    code, _, err = run(capsys, "inspect", str(big))
    assert code == 2
    assert "over max_input_bytes (QENEX_MAX_INPUT_BYTES=50)" in err
    monkeypatch.setenv("QENEX_MAX_INPUT_BYTES", "lots")
    code, _, err = run(capsys, "validate", str(big))
    assert code == 2
    assert "QENEX_MAX_INPUT_BYTES='lots' is not a positive whole number" in err
