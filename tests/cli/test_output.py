"""The reporters render reports exactly: text lines, JSON, SARIF 2.1.0 and JUnit XML."""

from __future__ import annotations

import json

from lxml import etree

from qenex_messages import codes
from qenex_messages.findings import Finding, Location, Report, Severity
from qenex_messages.output import (
    FORMATTERS,
    SARIF_SCHEMA,
    format_finding,
    format_report,
    summarize,
    to_github,
    to_gitlab,
    to_json,
    to_junit,
    to_sarif,
    to_text,
)
from qenex_messages.pipeline import validate

T26 = Finding(
    "T26",
    Severity.ERROR,
    "Field 20 must not start or end with '/' or contain '//'",
    Location(source="out/0001.fin", line=7, column=5, field="20"),
)
WARN = Finding(
    "QX401",
    Severity.WARNING,
    "name truncated to 35 characters",
    Location(source="out/0001.fin", line=9, column=1, field="59"),
)
XSD = Finding(
    "QX325",
    Severity.ERROR,
    "IBAN 'DE89X' does not match the IBAN pattern",
    Location(
        source="in/p.xml",
        line=21,
        column=14,
        xpath="/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/CdtrAcct/Id/IBAN",
    ),
)
NOTE = Finding("QX007", Severity.INFO, "profile skipped", Location(source="in/p.xml"))


def reports() -> list[Report]:
    """Two MT messages from one file (one clean) and one XML document."""
    return [
        Report("out/0001.fin", 0, "MT103", "core", [WARN, T26]),
        Report("out/0001.fin", 1, "MT103", "STP", []),
        Report("in/p.xml", 0, "pacs.008", "pacs.008.001.08", [XSD, NOTE]),
    ]


def test_finding_line_has_path_line_column_code_message_and_field() -> None:
    """The text contract: path:line:col: SEVERITY CODE message [field]."""
    report = reports()[0]
    assert format_finding(T26, report) == (
        "out/0001.fin:7:5: ERROR T26 Field 20 must not start or end with '/' or contain '//' [20]"
    )


def test_finding_without_position_or_pointer() -> None:
    """No line: the path alone; no field nor xpath: no brackets; no source: the report's path."""
    bare = Finding("QX001", Severity.ERROR, "the input is empty", Location())
    assert format_finding(bare, Report("a.fin")) == "a.fin: ERROR QX001 the input is empty"
    assert format_finding(bare, Report(None)) == "<stdin>: ERROR QX001 the input is empty"


def test_line_without_column() -> None:
    """A line without a column prints path:line."""
    finding = Finding("QX002", Severity.ERROR, "unknown", Location(source="x", line=3))
    assert format_finding(finding, Report("x")) == "x:3: ERROR QX002 unknown"


def test_report_lines_are_sorted_by_position() -> None:
    """Findings come out in source order whatever order they were found in."""
    assert format_report(reports()[0]).splitlines() == [
        "out/0001.fin:7:5: ERROR T26 Field 20 must not start or end with '/' or contain '//' [20]",
        "out/0001.fin:9:1: WARNING QX401 name truncated to 35 characters [59]",
    ]
    assert format_report(reports()[1]) == ""


def test_text_output_exact() -> None:
    """Every finding line, then the one-line summary."""
    assert to_text(reports(), quiet=False) == (
        "out/0001.fin:7:5: ERROR T26 Field 20 must not start or end with '/' or contain '//' [20]\n"
        "out/0001.fin:9:1: WARNING QX401 name truncated to 35 characters [59]\n"
        "in/p.xml: INFO QX007 profile skipped\n"
        "in/p.xml:21:14: ERROR QX325 IBAN 'DE89X' does not match the IBAN pattern "
        "[/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/CdtrAcct/Id/IBAN]\n"
        "2 files, 3 messages: 2 errors, 1 warning\n"
    )


def test_quiet_prints_only_the_summary() -> None:
    """--quiet keeps the summary line only."""
    assert to_text(reports(), quiet=True) == ("2 files, 3 messages: 2 errors, 1 warning\n")


def test_summary_singular_and_clean() -> None:
    """Singular words for one; a clean run is counted too."""
    clean = [Report("a.xml", 0, "pain.001", "pain.001.001.09", [])]
    assert to_text(clean) == "1 file, 1 message: 0 errors, 0 warnings\n"
    assert to_text([]) == "0 files, 0 messages: 0 errors, 0 warnings\n"


def test_summary_counts_and_passes() -> None:
    """Files start at index 0; strict also fails on warnings."""
    summary = summarize(reports())
    assert summary.to_dict() == {"files": 2, "messages": 3, "errors": 2, "warnings": 1}
    assert summary.failed == 2
    assert summary.infos == 1
    assert not summary.passes()
    only_warning = summarize([Report("a", 0, findings=[WARN])])
    assert only_warning.passes()
    assert not only_warning.passes(strict=True)


def test_json_exact_shape() -> None:
    """The documented JSON: version 1, one files entry per message, summary totals."""
    document = json.loads(to_json(reports()))
    assert document["version"] == 1
    assert document["summary"] == {"files": 2, "messages": 3, "errors": 2, "warnings": 1}
    assert [(f["path"], f["index"], f["ok"]) for f in document["files"]] == [
        ("out/0001.fin", 0, False),
        ("out/0001.fin", 1, True),
        ("in/p.xml", 0, False),
    ]
    assert document["files"][0]["findings"][1] == {
        "code": "T26",
        "severity": "error",
        "message": "Field 20 must not start or end with '/' or contain '//'",
        "line": 7,
        "column": 5,
        "field": "20",
        "xpath": None,
    }
    assert document["files"][2]["version"] == "pacs.008.001.08"


def test_json_names_stdin() -> None:
    """A report with no source is standard input."""
    document = json.loads(to_json([Report(None, 0, findings=[])]))
    assert document["files"][0]["path"] == "<stdin>"


def test_sarif_rules_results_and_regions() -> None:
    """SARIF 2.1.0: deduplicated rules with descriptions, ruleIndex, levels, 1-based regions."""
    log = json.loads(to_sarif(reports()))
    assert log["version"] == "2.1.0"
    assert log["$schema"] == SARIF_SCHEMA
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "qenex-messages"
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == ["T26", "QX401", "QX007", "QX325"]
    qx007 = codes.lookup(validate.PROFILE_SKIPPED.code)
    assert qx007 is not None
    assert driver["rules"][2]["shortDescription"]["text"] == qx007.title
    assert driver["rules"][0]["shortDescription"]["text"]
    levels = [(r["ruleId"], r["ruleIndex"], r["level"]) for r in run["results"]]
    assert levels == [
        ("T26", 0, "error"),
        ("QX401", 1, "warning"),
        ("QX007", 2, "note"),
        ("QX325", 3, "error"),
    ]
    first = run["results"][0]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "out/0001.fin"
    assert location["region"] == {"startLine": 7, "startColumn": 5}
    assert first["message"]["text"].endswith("[20]")
    note = run["results"][2]["locations"][0]["physicalLocation"]
    assert note["region"] == {"startLine": 1}
    xpath = run["results"][3]["locations"][0]["logicalLocations"][0]
    assert xpath["fullyQualifiedName"].endswith("/CdtrAcct/Id/IBAN")


def test_sarif_uris_are_uris() -> None:
    """Spaces are escaped, absolute paths become file: URIs, stdin gets a name."""
    found = Finding("QX001", Severity.ERROR, "empty")
    log = json.loads(
        to_sarif(
            [
                Report("my dir/a b.fin", 0, findings=[found]),
                Report("/abs/x.xml", 0, findings=[found]),
                Report(None, 0, findings=[found]),
            ]
        )
    )
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    assert uris == ["my%20dir/a%20b.fin", "file:///abs/x.xml", "stdin"]


def test_sarif_empty_run() -> None:
    """No findings: one run, no rules, no results."""
    log = json.loads(to_sarif([Report("a.fin", 0, findings=[])]))
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_junit_one_testcase_per_message() -> None:
    """Errors fail a testcase; warnings and notes go to system-out."""
    root = etree.fromstring(to_junit(reports()).encode())
    assert root.tag == "testsuites"
    assert root.get("tests") == "3"
    assert root.get("failures") == "2"
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [
        "out/0001.fin#0 (MT103 core)",
        "out/0001.fin#1 (MT103 STP)",
        "in/p.xml#0 (pacs.008 pacs.008.001.08)",
    ]
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("type") == "T26"
    assert failure.text == (
        "out/0001.fin:7:5: ERROR T26 Field 20 must not start or end with '/' or contain '//' [20]\n"
    )
    out = cases[0].find("system-out")
    assert out is not None
    assert "WARNING QX401" in (out.text or "")
    assert cases[1].find("failure") is None


def test_junit_strict_fails_warnings() -> None:
    """With strict, a warning fails its testcase."""
    only_warning = [Report("a.fin", 0, "MT103", "core", [WARN])]
    assert etree.fromstring(to_junit(only_warning).encode()).get("failures") == "0"
    strict = etree.fromstring(to_junit(only_warning, strict=True).encode())
    assert strict.get("failures") == "1"


def test_junit_survives_control_characters() -> None:
    """Messages quoting raw input cannot break the XML."""
    nasty = Finding("QX006", Severity.ERROR, "byte \x00\x1b in \ufffe here", Location(source="b"))
    root = etree.fromstring(to_junit([Report("b\x01", 0, findings=[nasty])]).encode())
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert "\x00" not in (failure.get("message") or "")


def test_formatters_cover_every_format() -> None:
    """FORMATTERS maps each --format name to a renderer of plain output."""
    assert set(FORMATTERS) == {"text", "json", "sarif", "junit", "github", "gitlab"}
    for name, render in FORMATTERS.items():
        assert render(reports()), name
    assert "\033[" not in FORMATTERS["text"](reports())


def test_junit_tool_failures_are_errors_with_time_and_a_dotless_classname() -> None:
    """A missing XSD is a JUnit error, not a failure; the suite says when and how long; the
    classname has no dot a CI server would read as a package separator."""
    missing = Finding("QX320", Severity.ERROR, "no XSD for pacs.008.001.08", Location("in/p.xml"))
    root = etree.fromstring(
        to_junit([*reports(), Report("in/q.xml", 0, findings=[missing])], started=0.0).encode()
    )
    assert (root.get("failures"), root.get("errors"), root.get("tests")) == ("2", "1", "4")
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("timestamp") == "1970-01-01T00:00:00"
    assert float(suite.get("time") or "-1") >= 0
    cases = suite.findall("testcase")
    assert [c.get("classname") for c in cases] == [
        "out/0001_fin",
        "out/0001_fin",
        "in/p_xml",
        "in/q_xml",
    ]
    assert cases[3].find("error") is not None and cases[3].find("failure") is None


def test_github_annotations() -> None:
    """One workflow command per finding, with file, line, column and the code as title;
    properties and message are escaped as GitHub requires."""
    odd = Finding("QX001", Severity.INFO, "50% done\nnext", Location("a,b:c.fin"))
    lines = to_github([*reports(), Report("a,b:c.fin", 0, findings=[odd])]).splitlines()
    assert lines[0] == (
        "::error file=out/0001.fin,line=7,col=5,title=T26::"
        "Field 20 must not start or end with '/' or contain '//' [20]"
    )
    assert lines[1].startswith("::warning file=out/0001.fin,line=9,col=1,title=QX401::")
    assert "::notice file=a%2Cb%3Ac.fin,title=QX001::50%25 done%0Anext" in lines
    assert lines[-1].startswith("3 files, 4 messages")


def test_gitlab_code_quality() -> None:
    """A Code Quality issue per finding with a stable fingerprint, severity and line."""
    issues = json.loads(to_gitlab(reports()))
    first = issues[0]
    assert first["check_name"] == "T26"
    assert first["severity"] == "major"
    assert first["location"] == {"path": "out/0001.fin", "lines": {"begin": 7}}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    moved = Report("out/0001.fin", 0, findings=[T26.at(line=70)])
    assert json.loads(to_gitlab([moved]))[0]["fingerprint"] == first["fingerprint"]
