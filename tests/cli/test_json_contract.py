"""`--format json` matches schemas/report.schema.json; `--format sarif` keeps the SARIF rules.

No jsonschema dependency: a small checker below covers the keywords the report schema uses,
and refuses any keyword it does not know so the schema cannot silently outgrow it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qenex_messages import cli
from qenex_messages.findings import Finding, Location, Report, Severity
from qenex_messages.output import to_json, to_sarif
from tests.cli.conftest import DATA, EXAMPLES, need
from tests.conftest import REPO

SCHEMA = json.loads((REPO / "schemas" / "report.schema.json").read_text("utf-8"))
KNOWN = {
    "$schema", "$id", "$ref", "$defs", "title", "description", "type", "const", "enum",
    "required", "properties", "additionalProperties", "items", "minimum", "minLength",
}  # fmt: skip
TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}


def _is(value: Any, name: str) -> bool:
    if name in ("integer",) and isinstance(value, bool):
        return False
    return isinstance(value, TYPES[name])


def problems(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema`` (a JSON Schema subset), as readable strings."""
    unknown = set(schema) - KNOWN
    assert not unknown, f"the checker does not know {unknown}"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return problems(value, SCHEMA["$defs"][name], where)
    found: list[str] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, n) for n in names):
            return [f"{where}: {value!r} is not {'/'.join(names)}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and isinstance(value, int) and value < schema["minimum"]:
        found.append(f"{where}: {value} < {schema['minimum']}")
    if "minLength" in schema and isinstance(value, str) and len(value) < schema["minLength"]:
        found.append(f"{where}: too short")
    if isinstance(value, dict):
        found += [f"{where}: missing {k}" for k in schema.get("required", ()) if k not in value]
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                found += problems(item, properties[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: unexpected {key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(item, schema["items"], f"{where}[{index}]")
    return found


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


def test_the_checker_catches_breaks() -> None:
    """The checker is not a rubber stamp: each kind of break is reported."""
    good = json.loads(to_json(sample_reports()))
    assert problems(good, SCHEMA) == []
    broken = json.loads(to_json(sample_reports()))
    broken["version"] = 2
    broken["files"][0]["index"] = -1
    broken["files"][0]["findings"][0]["severity"] = "fatal"
    broken["files"][1]["extra"] = True
    del broken["summary"]["warnings"]
    broken["files"][2]["findings"][0]["line"] = "3"
    assert problems(broken, SCHEMA) == [
        "$.version: 2 is not 1",
        "$.files[0].index: -1 < 0",
        "$.files[0].findings[0].severity: 'fatal' not in ['error', 'warning', 'info']",
        "$.files[1]: unexpected extra",
        "$.files[2].findings[0].line: '3' is not integer/null",
        "$.summary: missing warnings",
    ]


def test_reporter_output_matches_the_schema() -> None:
    """to_json of reports with every kind of value is valid against the schema."""
    assert problems(json.loads(to_json(sample_reports())), SCHEMA) == []
    assert problems(json.loads(to_json([])), SCHEMA) == []


def test_command_output_matches_the_schema(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path
) -> None:
    """The command's JSON for inputs that are no messages is valid against the schema."""
    assert cli.main(["validate", "--format", "json", str(bad_inputs)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert problems(document, SCHEMA) == []
    assert document["summary"]["errors"] == 5


def test_command_output_on_messages_matches_the_schema(
    capsys: pytest.CaptureFixture[str], schema_store: Path
) -> None:
    """Valid examples and invalid demo XML give schema-valid JSON too."""
    need("qenex_messages.iso20022", "check_xml")
    paths = [str(p) for p in sorted(EXAMPLES.glob("*.xml")) + sorted(DATA.glob("*.xml"))]
    assert cli.main(["validate", "--format", "json", *paths]) == 1
    document = json.loads(capsys.readouterr().out)
    assert problems(document, SCHEMA) == []
    assert {f["message_type"] for f in document["files"]} == {"pacs.008", "pain.001"}


# --------------------------------------------------------------------------- SARIF 2.1.0


def sarif_problems(log: dict[str, Any]) -> list[str]:
    """The SARIF 2.1.0 rules GitHub code scanning relies on."""
    found: list[str] = []
    if log.get("version") != "2.1.0":
        found.append("version")
    if "sarif-2.1.0" not in log.get("$schema", ""):
        found.append("$schema")
    for run in log.get("runs", []):
        driver = run["tool"]["driver"]
        if not driver.get("name"):
            found.append("driver.name")
        rules = driver.get("rules", [])
        ids = [r.get("id") for r in rules]
        if len(set(ids)) != len(ids):
            found.append("duplicate rule ids")
        found += [f"rule {r.get('id')}: shortDescription" for r in rules
                  if not r.get("shortDescription", {}).get("text")]  # fmt: skip
        for number, result in enumerate(run.get("results", [])):
            where = f"result {number}"
            index = result.get("ruleIndex")
            if not isinstance(index, int) or not 0 <= index < len(rules):
                found.append(f"{where}: ruleIndex")
            elif ids[index] != result.get("ruleId"):
                found.append(f"{where}: ruleIndex points at another rule")
            if result.get("level") not in ("error", "warning", "note", "none"):
                found.append(f"{where}: level")
            if not result.get("message", {}).get("text"):
                found.append(f"{where}: message.text")
            locations = result.get("locations") or []
            if not locations:
                found.append(f"{where}: locations")
            for location in locations:
                physical = location.get("physicalLocation", {})
                if not physical.get("artifactLocation", {}).get("uri"):
                    found.append(f"{where}: uri")
                region = physical.get("region", {})
                if not isinstance(region.get("startLine"), int) or region["startLine"] < 1:
                    found.append(f"{where}: region.startLine")
                if "startColumn" in region and region["startColumn"] < 1:
                    found.append(f"{where}: region.startColumn")
    return found


def test_sarif_checker_catches_breaks() -> None:
    """The SARIF checks fail on a log that breaks them."""
    log = json.loads(to_sarif(sample_reports()))
    assert sarif_problems(log) == []
    result = log["runs"][0]["results"][0]
    result["ruleIndex"] = 1
    result["level"] = "fatal"
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert sarif_problems(log) == [
        "result 0: ruleIndex points at another rule",
        "result 0: level",
        "result 0: region.startLine",
    ]


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
