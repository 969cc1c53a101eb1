"""One finding per root cause: the generic suppression and de-duplication steps."""

from __future__ import annotations

from qenex_messages import catalogue
from qenex_messages.codes import lookup
from qenex_messages.findings import Finding, Location, Severity
from qenex_messages.rootcause import RESTATES, counted, describe_char, merge_duplicates, suppress

catalogue.load()  # every code registered, rulebook ones included


def make(code: str, xpath: str | None, severity: Severity = Severity.ERROR) -> Finding:
    info = lookup(code)
    assert info is not None, code
    return info.finding(
        f"{code} message", Location(source="f.xml", line=3, xpath=xpath), severity=severity
    )


def test_describe_char_names_the_code_point() -> None:
    """Characters are named as U+XXXX and their Unicode name."""
    assert describe_char("\u00a0") == "U+00A0 NO-BREAK SPACE"
    assert describe_char("\r") == "U+000D CARRIAGE RETURN (CR)"


def test_suppress_counts_what_it_removes() -> None:
    """The cause comes first and says how many findings it explains; the others stay."""
    cause = make("QX215", None)
    followers = [make("QX204", None) for _ in range(3)]
    other = make("U13", None)
    out = suppress([*followers, cause, other], cause, lambda f: f.code == "QX204")
    assert [f.code for f in out] == ["QX215", "U13"]
    assert out[0].args["suppressed"] == "3"
    assert out[0].message.endswith("(3 findings that follow from it are not reported)")
    assert counted(cause, 0) is cause


def test_one_value_one_finding() -> None:
    """An identifier check beats the XSD facet and the rulebook rule on the same element."""
    at = "/Document/X/IBAN"
    out = merge_duplicates([make("QX325", at), make("QX101", at), make("SEPA-IBAN", at)])
    [finding] = out
    assert finding.code == "QX101"
    assert (finding.args["also"], finding.args["rule"]) == ("QX325", "SEPA-IBAN")
    assert finding.message == "QX101 message (also SEPA-IBAN, QX325)"


def test_merge_keeps_the_most_severe_and_other_places() -> None:
    """A warning never hides an error; findings at other elements or not about values stay."""
    at = "/Document/X/EndToEndId"
    warned = make("QX342", at, Severity.WARNING)
    rule = make("SEPA-UNIQ", at, Severity.ERROR)
    elsewhere = make("QX325", "/Document/Y")
    structural = make("QX323", at)
    out = merge_duplicates([warned, rule, elsewhere, structural])
    assert [f.code for f in out] == ["SEPA-UNIQ", "QX325", "QX323"]
    assert out[0].args["also"] == "QX342"


def test_merge_is_idempotent() -> None:
    """Merging twice (format layer, then pipeline) gives the same findings."""
    at = "/Document/X/BICFI"
    once = merge_duplicates([make("QX106", at), make("QX325", at)])
    assert merge_duplicates(once) == once


def test_profile_notes_are_not_rulebook_findings_about_a_value() -> None:
    """QX501/QX502 (family "rules") say which profile ran; they never fold into a value."""
    at = "/Document"
    out = merge_duplicates([make("QX502", at, Severity.INFO), make("QX325", at)])
    assert [f.code for f in out] == ["QX502", "QX325"]


def test_two_rules_on_one_value_are_two_problems() -> None:
    """Two rulebook rules on one element say different things: both stay, and a value check
    that the XSD facet repeats still folds into one."""
    at = "/Document/X/Nm"
    out = merge_duplicates([make("SEPA-IBAN", at), make("SEPA-UNIQ", at)])
    assert [f.code for f in out] == ["SEPA-IBAN", "SEPA-UNIQ"]
    assert all("also" not in f.args and "rule" not in f.args for f in out)
    out = merge_duplicates([make("SEPA-IBAN", at), make("SEPA-UNIQ", at), make("QX101", at)])
    assert [f.code for f in out] == ["QX101"]
    assert out[0].args["rule"] == "SEPA-IBAN, SEPA-UNIQ"


def _restating(code: str, restated: str, xpath: str) -> Finding:
    info = lookup(code)
    assert info is not None
    where = Location(source="f.xml", line=3, xpath=xpath)
    return info.finding("restated", where, severity=Severity.WARNING, args={RESTATES: restated})


def test_a_rule_that_restates_a_check_folds_into_it() -> None:
    """A rulebook finding that restates a format check on the same element is one finding (the
    check's, naming the rule); another rule on that element is another problem and stays."""
    at = "/Document/CstmrCdtTrfInitn/GrpHdr/NbOfTxs"
    check = make("QX340", at)
    other_rule = make("CBPR-PAIN001", at)
    out = merge_duplicates([_restating("SEPA-COUNT", "QX340", at), check, other_rule])
    assert [f.code for f in out] == ["QX340", "CBPR-PAIN001"]
    assert out[0].args["rule"] == "SEPA-COUNT"
    assert out[0].message == "QX340 message (also SEPA-COUNT)"


def test_a_restatement_without_its_check_stays() -> None:
    """Without the check's finding on the same element nothing is folded."""
    at = "/Document/CstmrCdtTrfInitn/GrpHdr/NbOfTxs"
    alone = _restating("SEPA-COUNT", "QX340", at)
    elsewhere = make("QX340", "/Document/CstmrCdtTrfInitn/PmtInf[1]/NbOfTxs")
    assert merge_duplicates([alone, elsewhere]) == [alone, elsewhere]
    assert merge_duplicates([_restating("SEPA-COUNT", "QX341", at), make("QX340", at)])[0].code == (
        "SEPA-COUNT"
    )
