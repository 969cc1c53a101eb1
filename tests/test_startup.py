"""Start-up: validating a message imports only what the job needs.

The property (not a timing): the command's module and a validation of an MT103 and of a
pacs.008, through the public entry point, never import the pydantic model. Each case runs in a
fresh interpreter, so modules loaded by other tests cannot hide an import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HEAVY = ("pydantic", "qenex_messages.model", "qenex_messages.mt.to_model")
UNNEEDED = (
    "concurrent.futures",  # a process pool only
    "multiprocessing",
    "importlib.resources",  # the package's data files are read through its loader
    "urllib.request",  # schema downloads only
    "subprocess",
    "zipfile",
    "uuid",  # a wrong UETR's version only
    "qenex_messages.pipeline.stream",  # a streamed (large) file only
    "json",  # writing JSON, or reading the index of schemas a user added
    "threading",  # a lock or a thread-local needs only _thread
    "shutil",  # argparse's help formatter asks it the terminal width
    "difflib",  # the closest known namespace to an unknown one, the closest setting name
    "tomllib",  # a pyproject.toml with our table; the schema catalog is read from its Python table
)
"""Modules no validation of one valid message needs (each costs start-up time)."""

_PROBE = """
import sys
opened = []
sys.addaudithook(lambda event, args: event == "open" and opened.append(str(args[0])))
import qenex_messages.cli
from qenex_messages import validate_path
qenex_messages.cli.build_parser("validate").parse_args(["validate", *sys.argv[1:]])
reports = [r for path in sys.argv[1:] for r in validate_path(path)]
codes = [f.code for r in reports for f in r.findings]
modules = sorted(sys.modules)
import json
print(json.dumps({"modules": modules, "codes": codes, "opened": opened}))
"""


def _named_store() -> dict[str, str]:
    """The environment with this run's schema store named in ``QENEX_SCHEMA_DIR``: a probe then
    measures the validation, not the lookup of the user data folder (platformdirs, which loads
    ``shutil``; the test of a named store below holds the two apart)."""
    from qenex_messages.iso20022.schemas import schema_store

    return {**os.environ, "QENEX_SCHEMA_DIR": str(schema_store())}


def _script(
    source: str, *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``source`` in a fresh interpreter (with this run's schema store unless ``env``)."""
    return subprocess.run(
        [sys.executable, "-c", source, *argv],
        capture_output=True,
        text=True,
        check=True,
        env=_named_store() if env is None else env,
    )


def _probe(*argv: str) -> dict[str, list[str]]:
    """What a fresh interpreter imports, finds and opens to validate ``argv``."""
    done = _script(_PROBE, *argv)
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def _loaded(*argv: str) -> tuple[set[str], list[str]]:
    result = _probe(*argv)
    return set(result["modules"]), result["codes"]


@pytest.mark.parametrize(
    "example",
    ["mt103.fin", "mt103-stp.fin", "pacs.008.001.08-apphdr.xml", "pain.001.001.09-sepa.xml"],
)
def test_validating_a_message_never_imports_the_model(example: str) -> None:
    """A valid message of each format is validated without loading pydantic or the model."""
    modules, codes = _loaded(str(EXAMPLES / example))
    assert not [code for code in codes if code.startswith("QX00")], codes  # it was really read
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
    assert not modules & set(UNNEEDED), sorted(modules & set(UNNEEDED))


@pytest.mark.parametrize("example", ["mt103.fin", "mt103-stp.fin", "pacs.008.001.08-apphdr.xml"])
def test_valid_ibans_are_checked_without_schwiftys_registries(example: str) -> None:
    """The examples' German, Belgian and Dutch IBANs, national check digits included, are found
    valid without reading schwifty's IBAN or bank registry: the tables name each bank's method
    and schwifty's checksum module runs it."""
    result = _probe(str(EXAMPLES / example))
    assert result["codes"] == [], result["codes"]
    registries = [path for path in result["opened"] if "schwifty" in path and ".json" in path]
    assert registries == [], registries
    unneeded = set(result["modules"]) & set(_SCHWIFTY_INIT)
    assert not unneeded, sorted(unneeded)


_SCHWIFTY_INIT = ("schwifty.iban", "schwifty.bic", "schwifty.registry", "pycountry")
_SCHWIFTY_INIT += ("importlib.metadata",)
if sys.version_info < (3, 12):
    _SCHWIFTY_INIT += ("typing_extensions",)  # schwifty._compat's, deferred with its override
"""What schwifty's package ``__init__`` loads and its check-digit algorithms do not need
(``_checksums`` defers that ``__init__`` until somebody asks schwifty for more)."""


@pytest.mark.parametrize("example", ["mt103.fin", "mt103-stp.fin"])
def test_an_mt103_loads_no_xml_layer(example: str) -> None:
    """Checking an MT103 never loads lxml or the ISO 20022 layer."""
    modules, _ = _loaded(str(EXAMPLES / example))
    assert not modules & {"lxml.etree", "qenex_messages.iso20022"}, sorted(modules)


EXACT_MT_READER = (
    "qenex_messages.mt.read",
    "qenex_messages.mt.lexer",
    "qenex_messages.mt.envelope",
    "qenex_messages.mt.message",
    "qenex_messages.mt.linebreaks",
)
"""The exact MT reader: a message the compiled plan finds clean never needs it."""


@pytest.mark.parametrize("example", ["mt103.fin", "mt103-stp.fin"])
def test_a_clean_mt103_loads_no_exact_reader(example: str) -> None:
    """The compiled plan alone checks a clean MT103: the lexer's envelope, the reader and the
    message class stay unloaded."""
    modules, codes = _loaded(str(EXAMPLES / example))
    assert codes == [], codes
    assert not modules & set(EXACT_MT_READER), sorted(modules & set(EXACT_MT_READER))


def test_an_mt103_with_a_finding_loads_the_exact_reader(tmp_path: Path) -> None:
    """A message the plan does not accept is read the exact way, which reports the finding."""
    message = tmp_path / "bad.fin"
    message.write_text((EXAMPLES / "mt103.fin").read_text().replace(":71A:SHA", ":71A:XXX"))
    modules, codes = _loaded(str(message))
    assert codes == ["T08"], codes
    assert set(EXACT_MT_READER) <= modules


def test_the_xml_character_screen_is_the_complement_of_what_xml_allows() -> None:
    """``xml_text``'s pattern, spelled as the characters XML 1.0 cannot hold (cheap to compile),
    finds exactly the code points outside XML 1.0's ``Char`` production."""
    import re

    from qenex_messages.iso20022.xmlsafe import _NOT_XML

    allowed = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    every = "".join(map(chr, range(0x110000)))
    assert "".join(_NOT_XML().findall(every)) == allowed.sub("", every)


def test_the_model_still_loads_on_first_use() -> None:
    """The lazy names resolve: the model and the renderers come when they are asked for."""
    probe = (
        "import sys; from qenex_messages import CreditTransfer, render_mt103;"
        "from qenex_messages.iso20022 import render_document, parse_document;"
        "from qenex_messages.mt import parse_mt103;"
        f"m = parse_mt103(open({str(EXAMPLES / 'mt103.fin')!r}).read());"
        "print(type(m.to_model().value).__name__, 'pydantic' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["CreditTransfer", "True"]


def test_an_iban_without_national_check_digits_needs_no_schwifty(tmp_path: Path) -> None:
    """GB and AT IBANs and ISO 3166 BICs are checked from the tables: schwifty stays unloaded."""
    text = (
        (EXAMPLES / "mt103-stp.fin").read_text().replace("BE68539007547034", "AT611904300234573201")
    )
    message = tmp_path / "gb-at.fin"
    message.write_text(text)
    modules, codes = _loaded(str(message))
    assert codes == [], codes
    unneeded = {"schwifty", "pycountry", "importlib.metadata", "json", *UNNEEDED}
    assert not modules & unneeded, sorted(modules & unneeded)


WITHOUT_SCHWIFTY = ("dataclasses", "copy", "weakref")
"""What only schwifty's check-digit code loads: our records are made without ``dataclasses``
(``_records``), which would bring ``copy`` and ``weakref`` with it."""


_GERMAN, _BELGIAN = "DE07500700100912345678", "BE68539007547034"


@pytest.mark.parametrize(
    ("example", "ibans"),
    [
        ("mt103-stp.fin", [_BELGIAN]),
        ("pacs.008.001.08-apphdr.xml", [_GERMAN]),
        ("pain.001.001.09-sepa.xml", [_GERMAN, _BELGIAN]),
    ],
)
def test_a_run_without_national_check_digits_loads_no_dataclasses(
    tmp_path: Path, example: str, ibans: list[str]
) -> None:
    """With an Austrian IBAN in place of each German or Belgian one, nothing of the run loads
    ``dataclasses``: every record on the way is made by ``_records`` alone."""
    text = (EXAMPLES / example).read_text()
    for iban in ibans:
        text = text.replace(iban, "AT611904300234573201")
    message = tmp_path / example
    message.write_text(text)
    modules, codes = _loaded(str(message))
    assert codes == [], codes
    assert "schwifty.checksum" not in modules, "the test proves nothing: schwifty was loaded"
    assert not modules & set(WITHOUT_SCHWIFTY), sorted(modules & set(WITHOUT_SCHWIFTY))


_DATACLASSES = """
import dataclasses, sys
from qenex_messages.cli import main
assert main(["validate", sys.argv[1]]) == 0
print(sorted(
    f"{name}.{value.__name__}"
    for name, module in list(sys.modules.items()) if name.startswith("qenex_messages")
    for value in list(vars(module).values())
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name
), file=sys.stderr)
"""

DATACLASS_BUDGET = 17
"""How many dataclasses validating an MT103 may define. Defining one compiles its generated
methods (a frozen one about 4 M instructions, as much as a tenth of Python's own start-up):
records made per input or per token are plain classes with ``__slots__``."""


def test_validating_an_mt103_defines_few_dataclasses() -> None:
    """The command on one MT103 stays within :data:`DATACLASS_BUDGET`."""
    done = _script(_DATACLASSES, str(EXAMPLES / "mt103.fin"))
    defined = done.stderr.strip()
    assert defined.count(",") + 1 <= DATACLASS_BUDGET, defined


def test_a_named_schema_store_needs_no_platformdirs(tmp_path: Path) -> None:
    """With ``QENEX_SCHEMA_DIR`` set, the user data folder is never asked for."""
    store = os.environ.get("QENEX_SCHEMA_DIR") or str(tmp_path)
    done = _script(
        _PROBE,
        str(EXAMPLES / "pacs.008.001.08-apphdr.xml"),
        env={**os.environ, "QENEX_SCHEMA_DIR": store},
    )
    assert "platformdirs" not in json.loads(done.stdout)["modules"]


def test_the_data_tables_read_as_csv_dictreader_reads_them() -> None:
    """Every CSV table of the package reads, row for row, as ``csv.DictReader`` reads it (the
    loader builds its rows with the C reader instead)."""
    import csv
    import io

    from qenex_messages import _resources

    tables = sorted((Path(_resources.__file__).parent / "data").glob("*.csv"))
    assert len(tables) >= 5
    for table in tables:
        expected = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
        assert _resources._rows(table.name) == expected, table.name


def test_a_clean_mt103_reads_no_amount_as_decimal() -> None:
    """The compiled plan checks amounts on their text: ``decimal`` loads only where an amount
    is read as a number (the exact reader, the XML checks)."""
    modules, codes = _loaded(str(EXAMPLES / "mt103.fin"))
    assert codes == [], codes
    assert "decimal" not in modules


@pytest.mark.parametrize(
    "package", ["qenex_messages", "qenex_messages.mt", "qenex_messages.iso20022"]
)
def test_lazy_names_are_listed_before_first_use(package: str) -> None:
    """``dir()`` of a package (and so completion) lists the names it loads on first use."""
    probe = (
        f"import importlib, sys; p = importlib.import_module({package!r});"
        "names = set(dir(p)); print(sorted(set(p.__all__) - names))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


_GENERATED = """
import sys
from qenex_messages import _records
from qenex_messages.cli import main
assert main(["validate", sys.argv[1]]) == 0
print(sorted(c.__qualname__ for c in _records.defined() if not _records.pending(c)))
"""


@pytest.mark.parametrize("example", ["mt103.fin", "pacs.008.001.08-apphdr.xml"])
def test_a_clean_run_generates_no_record_method(example: str) -> None:
    """A valid message prints, compares and hashes no record (``Finding``, ``Location``,
    ``Limits`` ...), so none has its ``__repr__``, ``__eq__`` or ``__hash__`` generated: each
    costs about half a million instructions to compile (``_records``)."""
    done = _script(_GENERATED, str(EXAMPLES / example))
    assert done.stdout.splitlines()[-1] == "[]", done.stdout


_FREEZES = """
import gc, json, sys
from qenex_messages import cli
main = cli.main
seen = []
cli.main = lambda argv=None: seen.append(gc.get_freeze_count()) or main(argv)
main(["validate", sys.argv[2]])
seen.append(gc.get_freeze_count())
try:
    cli.entrypoint()
except SystemExit as exc:
    print(json.dumps([*seen, exc.code]))
"""


def test_the_command_freezes_what_it_imported_out_of_the_collector() -> None:
    """The console entry point freezes the objects alive before the run (``gc.freeze``): the
    garbage collector never walks the command's modules again, neither during the run nor at
    exit. :func:`~qenex_messages.cli.main` alone (as tests and embedding programs call it)
    freezes nothing."""
    example = str(EXAMPLES / "mt103.fin")
    done = _script(_FREEZES, "validate", example)
    after_main, at_entry, code = json.loads(done.stdout.splitlines()[-1])
    assert after_main == 0 and code == 0, done.stdout
    assert at_entry > 5000, done.stdout


@pytest.mark.skipif(
    sys.platform != "linux", reason="the store's default folder is worked out on Linux"
)
def test_the_default_schema_store_needs_no_platformdirs_on_linux(tmp_path: Path) -> None:
    """Without ``QENEX_SCHEMA_DIR``, the user data folder of a Linux user is worked out without
    platformdirs (tests/iso20022/test_schemas.py holds the answer equal to platformdirs')."""
    environ = {
        k: v for k, v in os.environ.items() if k not in ("QENEX_SCHEMA_DIR", "XDG_DATA_HOME")
    }
    done = _script(
        _PROBE, str(EXAMPLES / "pacs.008.001.08-apphdr.xml"), env={**environ, "HOME": str(tmp_path)}
    )
    assert "platformdirs" not in json.loads(done.stdout)["modules"]


def test_a_recorded_store_is_used_without_hashlib(tmp_path: Path) -> None:
    """XSDs that ``schemas install`` verified and recorded are not hashed again: a validation
    loads no ``hashlib`` (with OpenSSL); test_schemas.py holds that a changed file is refused."""
    from qenex_messages.iso20022 import install_schemas

    store = tmp_path / "store"
    ids = ("pacs.008.001.08", "head.001.001.02")
    results = install_schemas(_named_store()["QENEX_SCHEMA_DIR"], store=store, ids=ids)
    assert all(r.ok for r in results if r.id in ids)
    done = _script(
        _PROBE,
        str(EXAMPLES / "pacs.008.001.08-apphdr.xml"),
        env={**os.environ, "QENEX_SCHEMA_DIR": str(store)},
    )
    result = json.loads(done.stdout)
    assert not result["codes"]
    assert not {"hashlib", "_hashlib"} & set(result["modules"])


_COLLECTIONS = """
import gc, json, sys
seen, started = [], []
gc.callbacks.append(
    lambda phase, info: phase == "start" and started and seen.append(gc.get_freeze_count() > 0)
)
from qenex_messages._command import entrypoint
sys.argv = ["qenex-messages", "validate", *sys.argv[1:]]
started.append(True)
try:
    entrypoint()
except SystemExit as exc:
    print(json.dumps({"code": exc.code, "frozen": seen, "modules": len(sys.modules)}))
"""


def test_the_command_imports_its_modules_with_the_collector_off() -> None:
    """Through the console entry point, no collection runs while the command's modules are
    imported: every collection once it is called comes after they were frozen out of the
    collector (the package's ``__init__`` is imported before, as for any submodule). Inputs
    after the first make the collector run."""
    pacs = str(EXAMPLES / "pacs.008.001.08-apphdr.xml")
    done = _script(_COLLECTIONS, pacs, str(EXAMPLES / "mt103.fin"), *[pacs] * 4)
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 0, done.stdout
    assert result["frozen"], "no collection ran during the command: the test proves nothing"
    assert all(result["frozen"]), result["frozen"]
    assert result["modules"] > 100


_THRESHOLDS = """
import gc, json, sys
from qenex_messages import cli
default = gc.get_threshold()
counted = []
count = cli._Tally.count
cli._Tally.count = lambda self, report: counted.append(gc.get_threshold()) or count(self, report)
cli.main(["validate", *sys.argv[1:]])
after_main = [gc.get_threshold(), gc.get_freeze_count(), len(gc.get_objects())]
listing = cli._cmd_schemas_list
cli._cmd_schemas_list = lambda args: counted.append(gc.get_threshold()) or listing(args)
for argv in (["validate", *sys.argv[1:]], ["schemas", "list"]):
    sys.argv = ["qenex-messages", *argv]
    try:
        cli.entrypoint()
    except SystemExit as exc:
        unfrozen = len(gc.get_objects())
        print(json.dumps([default, counted, after_main, gc.get_threshold(), unfrozen, exc.code]))
"""


def test_the_collector_waits_during_the_first_input_then_skips_what_it_loaded() -> None:
    """Through the console entry point, the first input of ``validate`` runs with the
    collector's youngest generation at ``START_UP_THRESHOLD``; every later one, what follows,
    and any other command, with Python's own thresholds; and what is alive after the first
    input is frozen, so no later collection (nor the one at exit) walks it.
    :func:`~qenex_messages.cli.main` alone changes neither the thresholds nor the frozen
    objects."""
    from qenex_messages._command import START_UP_THRESHOLD

    pacs = str(EXAMPLES / "pacs.008.001.08-apphdr.xml")
    done = _script(_THRESHOLDS, pacs, str(EXAMPLES / "mt103.fin"), pacs)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
    default, counted, after_main, after, unfrozen, code = lines[0]
    assert code == 0, done.stdout
    assert default[0] < START_UP_THRESHOLD
    assert counted[:3] == [default] * 3, "main() alone keeps Python's thresholds"
    assert after_main[:2] == [default, 0] and after_main[2] > 5_000, after_main
    assert counted[3] == [START_UP_THRESHOLD, *default[1:]], counted
    assert counted[4:] == [default] * 2 and after == default, counted
    assert unfrozen < 1_000, f"{unfrozen} objects left for the collection at exit"
    assert lines[1][-1] == 0 and lines[1][1][6:] == [default], lines[1]


_FORKED = """
import gc, json, os, sys
from qenex_messages import cli
seen = []
def main(argv=None):
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write, json.dumps(gc.get_threshold()).encode())
        os._exit(0)
    os.waitpid(child, 0)
    seen.append(json.loads(os.read(read, 100)))
    seen.append(gc.get_threshold())
    return 0
cli.main = main
default = gc.get_threshold()
sys.argv = ["qenex-messages", "validate", "x"]
try:
    cli.entrypoint()
except SystemExit as exc:
    print(json.dumps([*seen, default, exc.code]))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a forked worker needs os.fork")
def test_a_process_forked_during_the_start_up_has_pythons_thresholds() -> None:
    """A process forked while the first input runs (a ``--jobs`` worker) starts with Python's
    own thresholds, while the command's own process keeps waiting until its first input."""
    from qenex_messages._command import START_UP_THRESHOLD

    done = _script(_FORKED)
    child, parent, default, code = json.loads(done.stdout.splitlines()[-1])
    assert code == 0 and child == default and child[0] < START_UP_THRESHOLD, done.stdout
    assert parent == [START_UP_THRESHOLD, *child[1:]], done.stdout


_COMMAND = """
import json, sys
from qenex_messages.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

ARGUMENT_PARSER = ("argparse", "gettext", "locale", "qenex_messages._argparser")
"""What building the argument parser loads (argparse's messages look up translations)."""


@pytest.mark.parametrize("example", ["mt103.fin", "pacs.008.001.08-apphdr.xml"])
def test_validate_with_paths_alone_builds_no_argument_parser(example: str) -> None:
    """``validate PATH`` without options is read without argparse; with an option it is not."""
    path = str(EXAMPLES / example)
    for argv, parsed in ((["validate", path], False), (["validate", "-q", path], True)):
        done = _script(_COMMAND, *argv)
        result = json.loads(done.stdout.splitlines()[-1])
        assert result["code"] == 0, done.stdout
        loaded = set(ARGUMENT_PARSER) & set(result["modules"])
        assert loaded == (set(ARGUMENT_PARSER) if parsed else set()), sorted(loaded)
