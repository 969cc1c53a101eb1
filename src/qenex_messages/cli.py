"""The ``qenex-messages`` command: a thin shell over the public API.

Sub-commands: ``validate``, ``inspect``, ``convert`` and ``schemas install|list``. Exit codes:
0 no error finding; 1 error findings (or warnings with ``--strict``); 2 usage or I/O errors,
reported as one line on stderr. Exceptions are mapped to exit codes once, in :func:`main`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import IO, TYPE_CHECKING, cast

from qenex_messages._command import entrypoint, start_up_over
from qenex_messages._records import replace
from qenex_messages._version import __version__
from qenex_messages.codes import UNREADABLE
from qenex_messages.findings import Finding, MessageError, QenexError, Report
from qenex_messages.inputs import STDIN, STDIN_SOURCE, read_path
from qenex_messages.limits import Limits, parse_size
from qenex_messages.output import (
    FORMATTERS,
    Summary,
    describe_message,
    describe_mt103,
    describe_status_report,
    format_statistics,
    to_junit,
)
from qenex_messages.pipeline import (
    DEFAULT_INCLUDE,
    NOTHING_SELECTED,
    ValidationOptions,
    check_profile_name,
    iter_message_files,
    load_models,
    run_validation,
)
from qenex_messages.versions import GROUPINGS

if TYPE_CHECKING:
    import argparse

    from qenex_messages.baseline import Baseline
    from qenex_messages.config import Config
    from qenex_messages.selection import Selection
    from qenex_messages.terminal import Progress

PROG = "qenex-messages"


class UsageError(Exception):
    """A problem with the command line or the files it names: exit code 2."""


# --------------------------------------------------------------------------- validate


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _precheck(paths: Sequence[str]) -> None:
    """Refuse a command line that cannot work before any output is written."""
    if sum(1 for p in paths if p == STDIN) > 1:
        raise UsageError("'-' (standard input) can be given only once")
    if "" in paths:
        raise UsageError("an empty path names no file: give a file, a directory or - (stdin)")


def _limits(max_bytes: int | None = None) -> Limits:
    """The limits in force (QENEX_MAX_... variables), with --max-bytes applied."""
    try:
        if max_bytes is None:
            return Limits.from_env()
        # --max-bytes bounds every input, whole or streamed.
        limits = Limits.from_env(max_input_bytes=max_bytes, max_stream_bytes=max_bytes)
        given = {"max_input_bytes": "--max-bytes", "max_stream_bytes": "--max-bytes"}
        return replace(limits, set_by=given)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _check_schema_option(value: str) -> None:
    from qenex_messages.iso20022.schemas import load_user_schema

    try:
        load_user_schema(value)
    except QenexError as exc:
        raise UsageError(str(exc)) from None


def _split_codes(values: list[str] | None) -> tuple[str, ...] | None:
    """``--select A,B --select C`` as ``("A", "B", "C")``; ``None`` when not given."""
    if values is None:
        return None
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _settings(args: argparse.Namespace) -> Config:
    """The settings file's values with the command line's options over them."""
    from qenex_messages.config import Config, anchor_patterns, discover_config, load_config

    if args.no_config and args.config is not None:
        raise UsageError("--config and --no-config exclude each other")
    if args.no_config:
        base = Config()
    elif args.config is not None:
        base = load_config(Path(args.config))
    else:
        base = discover_config()
    return base.merged(
        profile=args.profile,
        include=tuple(args.include) if args.include else None,
        exclude=anchor_patterns(tuple(args.exclude), Path.cwd()) if args.exclude else None,
        as_of=args.as_of,
        strict=args.strict,
        select=_split_codes(args.select),
        ignore=_split_codes(args.ignore),
        baseline=Path(args.baseline) if args.baseline else None,
    )


def _schema_missing() -> str:
    """The code of "XSD not installed" (exit 2); the XML layer loads only for a report with
    findings, where it is loaded already for an XML message."""
    from qenex_messages.iso20022.codes import SCHEMA_MISSING

    return SCHEMA_MISSING.code


class _Tally:
    """What a run found, report by report: the summary, and the facts that make exit code 2
    (counted before ``select``/``ignore``/the baseline, which cannot hide them)."""

    def __init__(self, selection: Selection, baseline: Baseline | None, keep: bool) -> None:
        self.selection = selection
        self.baseline = baseline
        self.summary = Summary()
        self.schemas_missing: set[str] = set()
        self.unchecked: list[Finding] = []
        self.kept: list[Report] | None = [] if keep else None

    def count(self, report: Report) -> Report:
        start_up_over()  # the first input is done: what it loaded is loaded
        if report.findings and _schema_missing() in {f.code for f in report.findings}:
            self.schemas_missing.add(report.version or report.message_type or "?")
        self.unchecked.extend(f for f in report.findings if f.code in _PATH_FAILURES)
        report = self.selection.apply(report)
        if self.baseline is not None:
            report = self.baseline.apply(report)
        if self.kept is not None:
            self.kept.append(report)
        self.summary.add(report)
        return report

    def raise_for_tool_failures(self) -> None:
        if self.schemas_missing:
            wanted = ", ".join(sorted(self.schemas_missing))
            raise UsageError(
                f"the XSD for {wanted} is not installed, or does not match the catalog's hash: "
                f"run `{PROG} schemas install` (with --from DIR when a mirror is at hand)"
            )
        if self.unchecked:
            raise UsageError(_unchecked_message(self.unchecked, self.summary.files))


def _cmd_validate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    profile = check_profile_name(settings.profile)
    if args.stream and args.schema is not None:
        raise UsageError("--stream validates against the catalog's XSDs; drop --schema or --stream")
    if args.statistics and args.format != "text":
        raise UsageError(f"--statistics prints text; drop --format {args.format} or --statistics")
    if args.schema is not None:
        _check_schema_option(args.schema)
    paths: list[str] = list(args.paths)
    _precheck(paths)
    progress = _progress(args)
    options = ValidationOptions(
        profile=profile,
        schema=args.schema,
        as_of=settings.as_of,
        limits=_limits(args.max_bytes),
        stream=args.stream,
        on_read=progress.read if progress is not None else None,
    )
    writing = Path(args.write_baseline) if args.write_baseline else None
    baseline = None
    if settings.baseline is not None and writing is None:
        from qenex_messages.baseline import Baseline  # only with a baseline

        baseline = Baseline.load(settings.baseline)
    tally = _Tally(settings.selection(), baseline, keep=writing is not None or args.statistics)
    include = settings.include or DEFAULT_INCLUDE
    files = iter_message_files(paths, include=include, exclude=settings.exclude)
    jobs = args.jobs if args.jobs is not None else _default_jobs()
    reports = (tally.count(r) for r in _runs(files, options, jobs, args.manifest))
    _write_reports(args, reports, tally, strict=bool(settings.strict), progress=progress)
    if baseline is not None and (baseline.accepted or baseline.unmatched):
        sys.stderr.write(_baseline_note(baseline, settings.baseline))
    if writing is not None:
        from qenex_messages.baseline import write_baseline

        written = write_baseline(writing, tally.kept or [])
        sys.stderr.write(f"{PROG}: wrote {_plural(written, 'finding')} to {writing}\n")
    tally.raise_for_tool_failures()
    if writing is not None:
        return 0  # every finding of this run is now accepted
    return 0 if tally.summary.passes(strict=bool(settings.strict)) else 1


def _progress(args: argparse.Namespace) -> Progress | None:
    """A progress display on standard error when it is a terminal, else none."""
    from qenex_messages.terminal import Progress, isatty, same_terminal

    if not isatty(sys.stderr):
        return None
    to_stdout = args.output is None or args.output == STDIN
    return Progress(sys.stderr, capture_stdout=to_stdout and same_terminal(sys.stdout, sys.stderr))


def _write_stdout(text: str) -> None:
    sys.stdout.write(text)  # looked up on each call: a progress display may stand in for it


def _write_reports(
    args: argparse.Namespace,
    reports: Iterator[Report],
    tally: _Tally,
    *,
    strict: bool,
    progress: Progress | None,
) -> None:
    """Write the reports in the chosen format while the progress display (if any) runs."""
    from qenex_messages.terminal import Painter, wants_color

    started = time.time()

    def shown(items: Iterator[Report]) -> Iterator[Report]:
        for report in items:
            if progress is not None:
                progress.checked(tally.summary.files)
            yield report

    with _open_output(args.output) as out:
        write = _write_stdout if out is sys.stdout else out.write
        try:
            if args.format == "text":
                painter = Painter(wants_color(args.color, out))
                for report in shown(reports):
                    if not (args.quiet or args.statistics) and report.findings:
                        write(painter.report(report))
                _close(progress)
                if args.statistics:
                    write(format_statistics(tally.kept or []))
                write(painter.summary(tally.summary))
            else:
                collected = list(shown(reports))
                _close(progress)
                if args.format == "junit":
                    write(to_junit(collected, strict=strict, started=started))
                else:
                    write(FORMATTERS[args.format](collected))
        finally:
            _close(progress)


def _close(progress: Progress | None) -> None:
    if progress is not None:
        progress.close()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _baseline_note(baseline: Baseline, path: Path | None) -> str:
    text = f"{PROG}: {_plural(baseline.accepted, 'finding')} accepted by the baseline {path}"
    if baseline.unmatched:
        text += (
            f"; {baseline.unmatched} of its findings no longer occur "
            "(write it again with --write-baseline to drop them)"
        )
    return text + "\n"


_PATH_FAILURES = frozenset({UNREADABLE.code, NOTHING_SELECTED.code})
"""Codes that say a path given to check could not be checked: reported, then exit 2."""


def _unchecked_message(unchecked: Sequence[Finding], files: int) -> str:
    first = unchecked[0]
    text = f"{first.location.source or STDIN_SOURCE}: {first.message} ({first.code})"
    if len(unchecked) > 1:
        text = f"{len(unchecked)} paths could not be checked, the first: {text}"
    if files > len(unchecked):
        text += "; the other files were checked"
    return text


def _runs(
    files: Iterable[str | Finding], options: ValidationOptions, jobs: int, manifest: str | None
) -> Iterator[Report]:
    """The reports of a run: resumable through ``manifest`` when one is given."""
    if manifest is None:
        return run_validation(files, options, jobs)
    from qenex_messages.engines.manifest import run_resumable

    return run_resumable(files, options, jobs, manifest)


def _cmd_export(args: argparse.Namespace) -> int:
    from qenex_messages.columnar import export_parquet
    from qenex_messages.columnar.sources import ARCHIVE_INCLUDE

    check_profile_name(args.profile)
    if STDIN in args.paths:
        raise UsageError("export reads files, not standard input")
    for raw in args.paths:
        if not (os.path.lexists(raw) or any(ch in raw for ch in "*?[")):
            raise UsageError(f"{raw}: no such file or directory")
    options = ValidationOptions(
        profile=args.profile, as_of=args.as_of, limits=_limits(args.max_bytes)
    )
    include = tuple(args.include or DEFAULT_INCLUDE + ARCHIVE_INCLUDE)
    files = iter_message_files(args.paths, include=include)
    jobs = args.jobs if args.jobs is not None else _default_jobs()
    done = export_parquet(files, args.output, options, jobs=jobs, translations=args.translations)
    counts = ", ".join(f"{n} {name}" for name, n in done.rows.items())
    sys.stderr.write(f"{done.files} files exported to {args.output}: {counts} rows\n")
    return 0


class _open_output:
    """stdout, or the ``--output`` file (UTF-8)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.path is None or self.path == STDIN:
            return sys.stdout
        self.handle = open(self.path, "w", encoding="utf-8", newline="\n")
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


# --------------------------------------------------------------------------- inspect / convert


def _read_input(path: str) -> tuple[bytes, str]:
    """The bytes of one message file (or stdin) for inspect and convert, within the size limit."""
    if path != STDIN:
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file")
        if os.path.isdir(path):
            raise UsageError(f"{path}: is a directory, give one message file")
    data = read_path(path, limits=_limits())
    if isinstance(data, Finding):
        raise UsageError(data.message)
    return data, STDIN_SOURCE if path == STDIN else path


def _print_findings(findings: Iterable[Finding], source: str) -> None:
    from qenex_messages.terminal import Painter, wants_color

    holder = Report(source=source)
    painter = Painter(wants_color("auto", sys.stderr))
    for finding in findings:
        sys.stderr.write(painter.finding(finding, holder) + "\n")


def _cmd_inspect(args: argparse.Namespace) -> int:
    from qenex_messages.reply import read_status_report

    data, source = _read_input(args.file)
    status = read_status_report(data, source=source)
    if status is not None:
        _print_findings(status.findings, source)
        if args.format == "json":
            sys.stdout.write(status.model.model_dump_json(indent=2, exclude_none=True) + "\n")
        else:
            version = status.info.version or status.model.kind
            sys.stdout.write(describe_status_report(status.model, version, source))
        return 1 if any(f.is_error for f in status.findings) else 0
    loaded = load_models(data, source=source)
    several = len(loaded) > 1
    if several:
        from qenex_messages.mt import parse_mt_messages

    messages = parse_mt_messages(data, source=source) if several else []
    dumps: list[str] = []
    failed = False
    for number, (model, kind, findings) in enumerate(loaded, start=1):
        name = f"{source} (message {number} of {len(loaded)})" if several else source
        _print_findings(findings, name)
        failed = failed or model is None or any(f.is_error for f in findings)
        if model is None:
            sys.stderr.write(f"{PROG}: {name}: cannot be read as an MT103\n")
        elif args.format == "json":
            dumps.append(model.model_dump_json(indent=2, exclude_none=True))
        elif several:  # an MT file: each message as written
            sys.stdout.write(describe_mt103(messages[number - 1], name))
        else:
            sys.stdout.write(describe_message(data, model, kind, name))
    if args.format == "json":
        text = dumps[0] if not several and dumps else "[\n" + ",\n".join(dumps) + "\n]"
        sys.stdout.write(text + "\n")
    return 1 if failed else 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from qenex_messages.translation import TARGETS, ConvertOptions, convert
    from qenex_messages.versions import as_convert_target

    target = args.to
    if target == "fedwire":
        return _convert_fedwire(args)
    if target == "mt103" and args.variant != "core":
        target = f"mt103-{args.variant.lower()}"
    if target not in TARGETS:
        raise UsageError(f"--to {target}: choose one of {', '.join(TARGETS)}")
    data, source = _read_input(args.file)
    options = ConvertOptions(
        created=args.created,
        grouping=args.grouping,
        bic_from_iban=args.bic_from_iban,
        transaction_id=args.tx_id,
        line_ending="\n" if args.line_ending == "lf" else "\r\n",
    )
    result = convert(data, to=as_convert_target(target), options=options)
    # What the conversion lost or filled in is about the input message: name it.
    _print_findings(result.findings, source)
    payloads = _payloads(result.value)
    if not result.ok or not payloads:
        sys.stderr.write(f"{PROG}: {source}: not converted to {target} (see the errors above)\n")
        return 1
    if target.startswith("mt103"):
        payloads = [b"".join(payloads)]  # an MT file holds its messages back to back
    if args.output is None or args.output == STDIN:
        if len(payloads) > 1:
            raise UsageError(
                f"the result is {len(payloads)} documents; give -o OUT to write OUT.1, OUT.2, ..."
            )
        sys.stdout.flush()
        sys.stdout.buffer.write(payloads[0])
        sys.stdout.buffer.flush()
    elif len(payloads) == 1:
        Path(args.output).write_bytes(payloads[0])
    else:
        out = Path(args.output)
        for number, payload in enumerate(payloads, start=1):
            numbered = out.with_name(f"{out.stem}.{number}{out.suffix}")
            numbered.write_bytes(payload)
            sys.stderr.write(f"{PROG}: wrote {numbered}\n")
    return 0


def _convert_fedwire(args: argparse.Namespace) -> int:
    """``convert --to fedwire``: a pacs.008.001.08 for the Fedwire Funds Service."""
    from qenex_messages.rules.fedwire.convert import to_fedwire

    agents: dict[str, str] = {}
    for pair in args.aba or ():
        bic, sep, number = pair.partition("=")
        if not sep:
            raise UsageError(f"--aba {pair}: give BIC=ROUTING")
        agents[bic] = number
    data, source = _read_input(args.file)
    result = to_fedwire(
        data,
        agents=agents,
        imad=args.imad,
        service=args.bizsvc,
        local_instrument=args.local_instrument,
        source=source,
    )
    _print_findings(list(result.findings), source)
    if result.data is None or not result.ok:
        sys.stderr.write(f"{PROG}: {source}: not converted to fedwire (see the errors above)\n")
        return 1
    if args.output is None or args.output == STDIN:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.data)
        sys.stdout.buffer.flush()
    else:
        Path(args.output).write_bytes(result.data)
    return 0


def _payloads(value: bytes | list[str] | list[bytes]) -> list[bytes]:
    """The converted documents as bytes: one XML, several XML, or MT103 texts."""
    items: list[str] | list[bytes] = value if isinstance(value, list) else [value]
    return [i.encode("utf-8") if isinstance(i, str) else i for i in items if i]


def _cmd_fix(args: argparse.Namespace) -> int:
    from qenex_messages.fix import fix_document
    from qenex_messages.pipeline import validate_bytes

    profile = check_profile_name(args.profile)
    target = args.file if args.in_place else args.output
    if target is None:
        raise UsageError("give -o OUT (- for standard output) or --in-place")
    if args.in_place and (args.file == STDIN or args.output is not None):
        raise UsageError("--in-place rewrites FILE itself: give a file and no -o")
    if not args.in_place and target != STDIN and _same_file(args.file, target):
        raise UsageError(f"{target} is the input; use --in-place to write over it")
    data, source = _read_input(args.file)
    fixed = fix_document(data, profile=profile, source=source)
    _print_findings(fixed.findings, source)
    if target == STDIN:
        sys.stdout.flush()
        sys.stdout.buffer.write(fixed.value)
        sys.stdout.buffer.flush()
    else:
        _write_atomically(Path(target), fixed.value)
    name = STDIN_SOURCE if target == STDIN else target
    remaining = [
        f for r in validate_bytes(fixed.value, source=name, profile=profile) for f in r.findings
    ]
    _print_findings([f for f in remaining if f.is_error], name)
    failed = any(f.is_error for f in (*fixed.findings, *remaining))
    return 1 if failed else 0


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write_atomically(path: Path, data: bytes) -> None:
    """``data`` to ``path`` through a temporary file beside it, so a reader never sees half."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


# --------------------------------------------------------------------------- reply


def _cmd_reply(args: argparse.Namespace) -> int:
    from qenex_messages.iso20022 import parse_status_report
    from qenex_messages.reply import status_report
    from qenex_messages.status_model import PARTIALLY_ACCEPTED, REJECTED

    check_profile_name(args.profile)
    if args.reasons is not None and not os.path.isfile(args.reasons):
        raise UsageError(f"{args.reasons}: no such reason table")
    data, source = _read_input(args.file)
    outcome = status_report(
        data,
        args.kind,
        args.version,
        created=args.created,
        message_id=args.message_id,
        reasons=args.reasons,
        accepted=args.accepted,
        header=False if args.no_header else None,
        profile=args.profile,
        usage=args.usage,
        originator=args.originator,
        source=source,
    )
    output_name = args.output if args.output not in (None, STDIN) else "<output>"
    _print_findings(outcome.findings, output_name)
    if args.output is None or args.output == STDIN:
        sys.stdout.flush()
        sys.stdout.buffer.write(outcome.value)
        sys.stdout.buffer.flush()
    else:
        Path(args.output).write_bytes(outcome.value)
    # The answer was written; the exit code says whether it rejects anything, as validate would.
    report = parse_status_report(outcome.value).model
    statuses = {report.group_status, *(b.status for b in report.payment_information)}
    statuses.update(t.status for t in report.all_transactions())
    return 1 if statuses & {REJECTED, PARTIALLY_ACCEPTED} else 0


# --------------------------------------------------------------------------- schemas


def _cmd_schemas_install(args: argparse.Namespace) -> int:
    from qenex_messages import iso20022

    try:
        results = iso20022.install_schemas(
            args.source, timeout=args.timeout, ids=args.ids, registry=not args.no_index
        )
    except iso20022.SchemaStoreError as exc:
        raise UsageError(str(exc)) from None
    for item in results:
        if item.action != "skipped" or args.ids:
            print(f"{item.action:<11} {item.id:<18} {item.origin}")
    missing = [r for r in results if r.requested and not r.ok]
    optional = [r for r in results if not r.requested and r.action == "skipped" and not args.ids]
    installed = sum(r.ok for r in results)
    print(f"{installed} of {len(results)} schemas in {iso20022.schema_store()}")
    if optional:
        names = ", ".join(r.id for r in optional)
        print(f"optional, not installed (see `{PROG} schemas list`): {names}")
    if missing:
        sys.stderr.write(
            f"{PROG}: {len(missing)} schema(s) not installed: "
            f"{', '.join(r.id for r in missing)}; each line above says why. Offline, use a "
            "mirror folder: --from DIR\n"
        )
        return 1
    return 0


def _cmd_schemas_list(args: argparse.Namespace) -> int:
    from qenex_messages import iso20022

    statuses = iso20022.schema_status()
    added = iso20022.schemas.added_schemas()
    store = iso20022.schema_store()
    if args.format == "json":
        rows = [
            {
                "id": s.id,
                "file": s.file,
                "namespace": s.namespace,
                "state": s.state,
                "default": s.default,
                "sources": list(s.sources),
                "note": s.note,
            }
            for s in statuses
        ]
        document = {"store": str(store), "schemas": rows, "added": added}
        import json  # only for the JSON listing

        print(json.dumps(document, indent=2))
        return 0
    for status in statuses:
        kind = "default" if status.default else "optional"
        sources = ", ".join(status.sources) or "no package or ISO address known"
        print(f"{status.state:<10} {status.id:<18} {kind:<8} sources: mirror, {sources}")
        if status.note:
            print(f"{'':<29}{status.note}")
    for name, row in sorted(added.items()):
        print(f"{'added':<10} {name:<18} {row.get('namespace', '')}")
    installed = sum(s.state == "installed" for s in statuses)
    print(f"{installed} of {len(statuses)} installed in {store}")
    return 0


def _cmd_schemas_add(args: argparse.Namespace) -> int:
    from qenex_messages import iso20022

    try:
        added = iso20022.add_schema(args.file, name=args.name)
    except QenexError as exc:
        raise UsageError(str(exc)) from None
    print(f"added      {added.name:<18} {added.namespace} (sha256 {added.sha256_lf[:16]}…)")
    print(f"use it with: {PROG} validate --schema {added.name} FILE")
    return 0


# --------------------------------------------------------------------------- parser and main


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        from argparse import ArgumentTypeError  # argparse is calling: it is loaded

        raise ArgumentTypeError(f"{text!r} is not a date like 2026-03-02") from None


def _positive(text: str) -> int:
    from argparse import ArgumentTypeError  # argparse is calling: it is loaded

    try:
        value = int(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        from argparse import ArgumentTypeError  # argparse is calling: it is loaded

        raise ArgumentTypeError(str(exc)) from None


def _add_convert(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``convert`` sub-command and its options."""
    convert = sub.add_parser(
        "convert",
        help="convert one message to another format",
        description="Translate one message (MT103 <-> pacs.008 with a CBPR+ header, pain.001 -> "
        "pacs.008, or another version of the same message); every loss is printed as a finding "
        "on stderr.",
    )
    convert.add_argument("file", metavar="FILE", help="message file, or - for stdin")
    convert.add_argument(
        "--to",
        required=True,
        metavar="TARGET",
        help="mt103, mt103-stp, mt103-remit, pacs.008.001.08, pain.001.001.09, fedwire, ...",
    )
    convert.add_argument("-o", "--output", metavar="OUT", help="write the result to OUT")
    convert.add_argument(
        "--variant", choices=("core", "STP", "REMIT"), default="core", help="MT103 variant"
    )
    convert.add_argument(
        "--line-ending", choices=("crlf", "lf"), default="crlf", help="MT line ending"
    )
    convert.add_argument(
        "--created",
        metavar="ISO-DATETIME",
        help="CreDtTm of new messages, seed of new UETRs (default: SOURCE_DATE_EPOCH, else now)",
    )
    convert.add_argument(
        "--grouping",
        choices=GROUPINGS,
        default="transaction",
        help="pain.001 -> pacs.008: one per transaction (CBPR+), per PmtInf, or one (SEPA bulk)",
    )
    convert.add_argument(
        "--bic-from-iban",
        action="store_true",
        help="pain.001 -> pacs.008: derive a missing creditor-agent BIC from the IBAN (QX448)",
    )
    convert.add_argument(
        "--tx-id",
        metavar="TEMPLATE",
        help="TxId for pacs.008 transactions without one, e.g. '{InstrId}' ({EndToEndId}, "
        "{MsgId}, {n})",
    )
    fedwire = convert.add_argument_group("--to fedwire (a pacs.008.001.08 for Fedwire Funds)")
    fedwire.add_argument(
        "--aba",
        action="append",
        metavar="BIC=ROUTING",
        help="the ABA routing number of an agent's BIC (repeat; InstgAgt and InstdAgt need one)",
    )
    fedwire.add_argument("--imad", help="the message's IMAD, written as GrpHdr/MsgId")
    fedwire.add_argument("--bizsvc", choices=("TEST", "PROD"), default="TEST", help="AppHdr BizSvc")
    fedwire.add_argument(
        "--local-instrument",
        choices=("CTRC", "CTRD", "CTRS"),
        default="CTRC",
        help="PmtTpInf/LclInstrm/Prtry when the message has none of these",
    )
    convert.set_defaults(handler=_cmd_convert)


def _add_fix(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``fix`` sub-command and its options."""
    fix = sub.add_parser(
        "fix",
        help="repair control figures, element order and characters of a pain.001 or pacs.008",
        description="Recompute NbOfTxs/CtrlSum/TtlIntrBkSttlmAmt, put elements in XSD order and "
        "transliterate text into the rulebook's character set; every change is a finding on "
        "stderr. What remains wrong after fixing is printed too (exit code 1).",
    )
    fix.add_argument("file", metavar="FILE", help="message file, or - for stdin")
    fix.add_argument(
        "-o", "--output", metavar="OUT", help="write the fixed message to OUT (-: stdout)"
    )
    fix.add_argument("--in-place", action="store_true", help="write the fixed message over FILE")
    fix.add_argument(
        "--profile",
        metavar="NAME",
        default="auto",
        help="rulebook whose character set applies (default auto; sepa, cbpr+, ...)",
    )
    fix.set_defaults(handler=_cmd_fix)


def _add_export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export",
        help="write messages, findings and addresses as Parquet tables",
        description="Validate files (.gz and .zip read directly) and write the tables "
        "transactions, findings, files and addresses (docs/scale-out.md) as Parquet into DIR. "
        "Needs the arrow extra.",
    )
    export.add_argument("paths", nargs="+", metavar="PATH", help="file, directory or glob")
    export.add_argument("--format", choices=("parquet",), default="parquet")
    export.add_argument("-o", "--output", metavar="DIR", required=True, help="output directory")
    export.add_argument("--profile", metavar="NAME", help="rulebook profile, as for validate")
    export.add_argument("--as-of", type=_as_of, metavar="DATE", help="as for validate")
    export.add_argument("--jobs", type=_positive, metavar="N", help="as for validate")
    export.add_argument("--include", action="append", metavar="GLOB", help="as for validate")
    export.add_argument("--max-bytes", type=_size, metavar="SIZE", help="as for validate")
    export.add_argument(
        "--translations",
        action="store_true",
        help="also translate each MT103 and pacs.008 to the other format: the translations "
        "table lists what would be cut",
    )
    export.set_defaults(handler=_cmd_export)


def _add_settings_options(validate: argparse.ArgumentParser) -> None:
    """Options that also have a key in the settings file, and the baseline."""
    validate.add_argument(
        "--exclude",
        action="append",
        metavar="GLOB",
        help="skip files and folders found by a walk or glob: a name (archive, *.bak.xml) or a "
        "path pattern with / (repeatable)",
    )
    validate.add_argument(
        "--select",
        action="append",
        metavar="CODE[,CODE]",
        help="report only these finding codes or code prefixes (SEPA-, QX1)",
    )
    validate.add_argument(
        "--ignore",
        action="append",
        metavar="CODE[,CODE]",
        help="do not report these finding codes or code prefixes",
    )
    validate.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces "
        "it), always or never",
    )
    validate.add_argument(
        "--statistics",
        action="store_true",
        help="text: one line per finding code with its count instead of each finding",
    )
    validate.add_argument(
        "--config",
        metavar="FILE",
        help="settings file (default: the nearest .qenex-messages.toml or pyproject.toml with "
        "[tool.qenex-messages], from the working directory up)",
    )
    validate.add_argument("--no-config", action="store_true", help="read no settings file")
    validate.add_argument(
        "--baseline",
        metavar="FILE",
        help="accept the findings recorded in FILE: only new findings are shown and fail",
    )
    validate.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every finding of this run in FILE as accepted (exit code 0)",
    )


def _add_validate_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `validate` subcommand and its options."""
    from argparse import BooleanOptionalAction

    validate = sub.add_parser(
        "validate",
        help="check messages (files, directories, globs, - for stdin)",
        description="Check MT103, pacs.008 and pain.001 messages: format rules, XSD, "
        "identifiers and optional rulebook profiles.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, glob or -")
    validate.add_argument(
        "--format",
        choices=("text", "json", "sarif", "junit", "github", "gitlab"),
        default="text",
        help="output: text, json, sarif, junit, github (workflow annotations) or gitlab (Code "
        "Quality report)",
    )
    validate.add_argument(
        "--profile",
        metavar="NAME",
        help="rulebook profile: sepa, sepa-inst, cbpr+, fedwire, hvps+, t2, chaps or auto",
    )
    validate.add_argument(
        "--schema",
        metavar="NAME|XSD",
        help="validate XML against this XSD file or `schemas add` name instead",
    )
    validate.add_argument(
        "--strict",
        action=BooleanOptionalAction,
        default=None,
        help="warnings fail too (exit code 1); --no-strict undoes strict = true in the settings",
    )
    validate.add_argument(
        "--jobs", type=_positive, metavar="N", help="worker processes (default: all cores)"
    )
    validate.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help="file-name pattern for directories (repeatable; default: "
        + " ".join(DEFAULT_INCLUDE)
        + ")",
    )
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="text: print only the summary line"
    )
    validate.add_argument(
        "--as-of", type=_as_of, metavar="DATE", help="date for date-dependent rules (YYYY-MM-DD)"
    )
    validate.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    validate.add_argument(
        "--stream",
        action="store_true",
        help="read every input as a stream, in flat memory (files over 16 MiB always are)",
    )
    validate.add_argument(
        "--max-bytes",
        type=_size,
        metavar="SIZE",
        help="refuse larger inputs: bytes, or with a unit KB, MB, GB (powers of 1000) or KiB, "
        "MiB, GiB (powers of 1024), e.g. 50MB (default: QENEX_MAX_INPUT_BYTES, else 256 MiB)",
    )
    _add_settings_options(validate)
    validate.add_argument(
        "--manifest",
        metavar="FILE",
        help="record each finished file in FILE; run again to resume, skipping recorded files",
    )
    validate.set_defaults(handler=_cmd_validate)


_VALIDATE_DEFAULTS: dict[str, object] = {
    "command": "validate",
    "format": "text",
    "profile": None,
    "schema": None,
    "strict": None,
    "jobs": None,
    "include": None,
    "quiet": False,
    "as_of": None,
    "output": None,
    "stream": False,
    "max_bytes": None,
    "exclude": None,
    "select": None,
    "ignore": None,
    "color": "auto",
    "statistics": False,
    "config": None,
    "no_config": False,
    "baseline": None,
    "write_baseline": None,
    "manifest": None,
}
"""What the parser gives every option of ``validate`` left out (tests/cli/test_plain_validate.py
holds it to the parser's own reading)."""


def _plain_validate(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of ``validate PATH ...`` with no option, as the parser reads them, without
    the parser: building it loads argparse, whose messages look up translations (loading
    ``locale``), about a twentieth of a validation's start-up. ``None`` for anything else."""
    if len(argv) < 2 or argv[0] != "validate":
        return None
    paths = list(argv[1:])
    if not all(path and path[0] != "-" for path in paths):
        return None  # an option, ``-`` (stdin) or ``--``: the parser decides
    arguments = SimpleNamespace(**_VALIDATE_DEFAULTS, paths=paths, handler=_cmd_validate)
    return cast("argparse.Namespace", arguments)  # read by attribute only, as a Namespace is


def _add_inspect_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `inspect` subcommand: one message's model."""
    inspect = sub.add_parser(
        "inspect",
        help="show the parsed model of one message",
        description="Parse one message and print its model as JSON or a readable summary.",
    )
    inspect.add_argument("file", metavar="FILE", help="message file, or - for stdin")
    inspect.add_argument("--format", choices=("text", "json"), default="text")
    inspect.set_defaults(handler=_cmd_inspect)


def _add_reply_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `reply` subcommand: a status report answering a message."""
    reply = sub.add_parser(
        "reply",
        help="answer a pain.001 or pacs.008 with a pain.002 or pacs.002 status report",
        description="Validate one pain.001 or pacs.008 and write the status report that answers "
        "it: each rejected level with its ISO reason codes, the rest accepted. Exit code 0 when "
        "nothing is rejected, 1 when something is, 2 for usage errors.",
    )
    reply.add_argument("file", metavar="FILE", help="the original message, or - for stdin")
    reply.add_argument(
        "--as",
        dest="kind",
        required=True,
        choices=("pain.002", "pacs.002"),
        help="the status report to write (pain.002 answers a pain.001, pacs.002 a pacs.008)",
    )
    reply.add_argument(
        "--version", metavar="VERSION", help="e.g. pain.002.001.03 (default: the newest supported)"
    )
    reply.add_argument("-o", "--output", metavar="OUT", help="write the report to OUT")
    reply.add_argument(
        "--created",
        metavar="ISO-DATETIME",
        help="CreDtTm of the report (default: SOURCE_DATE_EPOCH, else now); fixes the MsgId too",
    )
    reply.add_argument("--message-id", metavar="ID", help="MsgId of the report")
    reply.add_argument(
        "--reasons", metavar="TOML", help="your table of finding code -> ISO reason code"
    )
    reply.add_argument(
        "--accepted",
        choices=("ACTC", "ACCP"),
        default="ACTC",
        help="status of what is not rejected (default ACTC)",
    )
    reply.add_argument(
        "--usage",
        choices=("iso", "sepa", "cbpr+"),
        default="iso",
        help="shape: iso (every level), sepa (EPC pain.002, rejections only), cbpr+ (pacs.002)",
    )
    reply.add_argument(
        "--originator", metavar="BIC", help="sepa: the rejecting bank's BIC (default: DbtrAgt)"
    )
    reply.add_argument(
        "--profile", metavar="NAME", help="rulebook profile to validate with (sepa, cbpr+, auto)"
    )
    reply.add_argument(
        "--no-header", action="store_true", help="no AppHdr, even when the original has one"
    )
    reply.set_defaults(handler=_cmd_reply)


def _add_schemas_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `schemas` subcommand and its actions install, list and add."""
    schemas = sub.add_parser("schemas", help="install or list the ISO 20022 XSDs")
    schemas_sub = schemas.add_subparsers(dest="schemas_command", metavar="ACTION")
    install = schemas_sub.add_parser(
        "install", help="fetch the catalog's XSDs (mirror, package index, ISO) into the store"
    )
    install.add_argument("ids", nargs="*", metavar="ID", help="only these (default: all default)")
    install.add_argument(
        "--from", dest="source", metavar="DIR_OR_URL", help="a mirror folder or base URL"
    )
    install.add_argument(
        "--timeout", type=float, default=300.0, help="seconds for all downloads together"
    )
    install.add_argument(
        "--no-index", action="store_true", help="do not fetch wheels from the package index"
    )
    install.set_defaults(handler=_cmd_schemas_install)
    listing = schemas_sub.add_parser("list", help="show each XSD's state and sources")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=_cmd_schemas_list)
    adding = schemas_sub.add_parser(
        "add", help="register your own XSD (a usage guideline) for validate --schema NAME"
    )
    adding.add_argument("file", metavar="FILE", help="the XSD file")
    adding.add_argument("--as", dest="name", metavar="NAME", help="its name (default: file name)")
    adding.set_defaults(handler=_cmd_schemas_add)
    schemas.set_defaults(handler=None, parser=schemas)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the command; with ``command`` (a subcommand's name) only that
    subcommand's parser is added, which is all a run of it needs."""
    from qenex_messages._argparser import ArgumentParser

    parser: argparse.ArgumentParser = ArgumentParser(
        prog=PROG,
        description="Validate, inspect and convert SWIFT MT103 and ISO 20022 payment messages.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for name, add in _SUBCOMMANDS.items():
        if command not in _SUBCOMMANDS or name == command:
            add(sub)
    return parser


_SUBCOMMANDS: dict[str, Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = {
    "validate": _add_validate_parser,
    "export": _add_export_parser,
    "inspect": _add_inspect_parser,
    "convert": _add_convert,
    "fix": _add_fix,
    "reply": _add_reply_parser,
    "schemas": _add_schemas_parser,
}
"""Each subcommand and the function that adds its parser, in the order ``--help`` lists them."""


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` starts with, if any: building every subcommand's parser costs
    more than validating a small file, so a run builds only its own."""
    return argv[0] if argv and argv[0] in _SUBCOMMANDS else None


def _error(message: str) -> int:
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    sys.stderr.write(f"{PROG}: error: {first}\n")
    return 2


def _os_message(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` and return its exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _plain_validate(argv)
    if args is not None:
        return _run(_cmd_validate, args)
    parser = build_parser(_command_of(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        sub = getattr(args, "parser", None)
        (sub or parser).print_usage(sys.stderr)
        return _error(
            "give an action: install, list or add" if sub else "give a command (see --help)"
        )
    return _run(handler, args)


def _pool_failure() -> type[BaseException] | tuple[()]:
    """``BrokenExecutor`` once a process pool may have run (only a pool raises it), else no
    exception: ``concurrent.futures`` is not imported for a run in one process."""
    futures = sys.modules.get("concurrent.futures")
    return () if futures is None else futures.BrokenExecutor


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one subcommand, turning what it raises into a one-line error and an exit code."""
    if handler is not _cmd_validate:
        start_up_over()  # only validate's first input ends it (``_Tally.count``)
    try:
        return handler(args)
    except MessageError as exc:
        _print_findings(exc.findings, getattr(args, "file", None) or STDIN_SOURCE)
        return _error(exc.args[0] if exc.args else str(exc))
    except (UsageError, QenexError) as exc:
        return _error(str(exc))
    except _pool_failure():  # a process pool whose worker died
        return _error("a worker process died (out of memory?); try --jobs 1")
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, without a second error on exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        return _error(_os_message(exc))
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except Exception as exc:  # a bug: say so in one line; QENEX_DEBUG=1 shows the traceback
        if os.environ.get("QENEX_DEBUG"):
            raise
        return _error(
            f"internal error ({type(exc).__name__}: {exc}); please report it "
            "(QENEX_DEBUG=1 shows the traceback)"
        )


__all__ = ["build_parser", "entrypoint", "main"]
