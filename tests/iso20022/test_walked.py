"""check_xml's first pass hands a small body, walked whole, to the rulebooks.

Properties: whenever the first pass walks a body whole, what it hands on is exactly
``body.iter()`` (every node, the body first, in document order) and the same nodes grouped by
tag, and its verdict is the one of the filtered walk; it walks whole exactly the small pacs.008
and pain.001 bodies (``small_body``) that are the Document's one child node. And a profile run
through ``validate_bytes`` reports the same findings with and without the hand-over. Checked
over the corpus, the examples, the rule samples and their mutations; a hand-over that drops
one tag is caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from lxml import etree

from qenex_messages import validate_bytes
from qenex_messages.iso20022 import first_pass as first_pass_module
from qenex_messages.iso20022.detect import detect
from qenex_messages.iso20022.first_pass import Walked, first_pass, first_pass_walked, small_body
from qenex_messages.rules.samples import SAMPLES_DATE, parse, sample, sample_names
from tests.conftest import REPO, SHARED
from tests.rules.test_one_walk import mutated

CORPUS = SHARED / "corpus"
DOCUMENTS = sorted(CORPUS.rglob("*.xml")) if CORPUS.is_dir() else []
DOCUMENTS += sorted((REPO / "examples").glob("*.xml"))
PROFILES = ("cbpr+", "sepa", "sepa-inst")
_CAP = 100_000


def _roots() -> Iterator[tuple[str, etree._Element]]:
    for path in DOCUMENTS:
        try:
            yield path.name, etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError:
            continue
    for name in sample_names():
        yield name, parse(sample(name))


def _grouped_nodes(nodes: list[etree._Element]) -> dict[object, list[etree._Element]]:
    grouped: dict[object, list[etree._Element]] = {}
    for node in nodes:
        grouped.setdefault(node.tag, []).append(node)
    return grouped


def _check_hand_over(root: etree._Element) -> bool:
    """Assert the property on ``root``; True when the first pass walked a body whole."""
    info = detect(root)
    document, message_type = info.document, info.message_type
    if document is None or message_type is None:
        return False
    verdict, walked = first_pass_walked(document, message_type, _CAP, whole=True)
    assert verdict == first_pass(document, message_type, _CAP)
    body = document[0] if len(document) == 1 else None
    expected = (
        message_type in ("pacs.008", "pain.001")
        and body is not None
        and isinstance(body.tag, str)
        and small_body(body)
    )
    assert (walked is not None) == expected
    if walked is None:
        return False
    assert walked.body is body
    assert walked.elements == list(walked.body.iter())
    assert walked.by_tag == _grouped_nodes(list(walked.body.iter()))
    return True


def test_hand_over_is_the_body_walked() -> None:
    walked = [name for name, root in _roots() if _check_hand_over(root)]
    assert walked, "no document was walked whole: the property was never exercised"


@settings(max_examples=60, deadline=None)
@given(root=mutated())
def test_hand_over_is_the_body_walked_after_mutations(root: etree._Element) -> None:
    _check_hand_over(root)


def test_without_a_rulebook_nothing_is_walked_whole() -> None:
    root = parse(sample(sample_names()[0]))
    info = detect(root)
    assert info.document is not None and info.message_type is not None
    _, walked = first_pass_walked(info.document, info.message_type, _CAP, whole=False)
    assert walked is None


# -- the pipeline ----------------------------------------------------------------------------


def _inputs() -> Iterator[tuple[str, bytes]]:
    for path in DOCUMENTS:
        yield path.name, path.read_bytes()
    for name in sample_names():
        yield name, sample(name).encode()


def _findings(data: bytes, profile: str) -> list[Any]:
    reports = validate_bytes(data, source="m.xml", profile=profile, as_of=SAMPLES_DATE)
    return [finding for report in reports for finding in report.findings]


def _differences(
    inputs: list[tuple[str, bytes]], walk: Callable[..., Walked | None] | None = None
) -> list[tuple[str, str]]:
    """The (input, profile) whose findings differ between a run with the hand-over (made by
    ``walk``, default the real one) and a run where the first pass never walks whole."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        if walk is not None:
            monkeypatch.setattr(first_pass_module, "_walked", walk)
        handed = {(name, p): _findings(data, p) for name, data in inputs for p in PROFILES}
        monkeypatch.setattr(first_pass_module, "_walked", lambda *_: None)
        apart = {(name, p): _findings(data, p) for name, data in inputs for p in PROFILES}
    return [key for key, found in handed.items() if found != apart[key]]


def test_profiles_report_the_same_with_and_without_the_hand_over() -> None:
    assert _differences(list(_inputs())) == []


@settings(max_examples=40, deadline=None)
@given(root=mutated())
def test_mutations_report_the_same_with_and_without_the_hand_over(root: etree._Element) -> None:
    assert _differences([("mutated", etree.tostring(root))]) == []


def test_a_hand_over_without_one_tag_is_caught() -> None:
    """A planted bug: the hand-over forgets the charge bearers. A sample whose ChrgBr no
    rulebook allows then passes a whole proof that should fail, and the comparison above
    sees it."""
    real = first_pass_module._walked

    def forgetful(*args: Any) -> Walked | None:
        walked = real(*args)
        if walked is None:
            return None
        kept = [node for node in walked.elements if not str(node.tag).endswith("}ChrgBr")]
        return Walked(kept, _grouped_nodes(kept))

    bad = [
        (name, re.sub("<ChrgBr>[A-Z]+<", "<ChrgBr>CRED<", sample(name)).encode())
        for name in sample_names()
        if "<ChrgBr>" in sample(name)
    ]
    assert bad, "no sample holds the charge bearer the planted bug needs"
    assert _differences(bad, forgetful)


def test_a_stale_hand_over_is_not_read() -> None:
    """A view whose body is not the one walked ignores the hand-over."""
    from qenex_messages.rules.view import Message

    root = parse(sample(sample_names()[0]))
    info = detect(root)
    assert info.document is not None and info.message_type is not None
    _, walked = first_pass_walked(info.document, info.message_type, _CAP, whole=True)
    other = parse(sample(sample_names()[0]))
    msg = Message(other, as_of=SAMPLES_DATE, source=None, profile="sepa", walked=walked)
    assert msg.walked is None


def test_names_no_check_reads_do_not_crowd_the_read_names_out() -> None:
    """A body of names read by no check, walked whole, leaves the table of the names the
    checks read as it was (a body of many made-up names cannot empty it), and its verdict is
    the filtered walk's."""
    text = sample("cbpr-pacs.008.001.08")
    made_up = "".join(f"<Xq{n}/>" for n in range(40))
    root = parse(text.replace("<Dbtr>", "<Dbtr>" + made_up, 1))
    info = detect(root)
    assert info.document is not None and info.message_type == "pacs.008"
    plan = first_pass_module._plan("pacs.008")
    first_pass_walked(info.document, "pacs.008", _CAP, whole=True)
    read_names = dict(plan.by_tag)
    verdict, walked = first_pass_walked(info.document, "pacs.008", _CAP, whole=True)
    assert walked is not None
    assert verdict == first_pass(info.document, "pacs.008", _CAP)
    assert plan.by_tag == read_names
    assert not any("Xq" in str(tag) for tag in plan.by_tag)
    assert any("Xq" in str(tag) for tag in plan.skipped)


def test_long_tags_are_not_kept() -> None:
    """Tags of a long namespace (a URI of any length, repeated on every element), whether a
    check reads their name or not, are looked up each time, never kept; the verdict is the
    filtered walk's."""
    text = sample("cbpr-pacs.008.001.08")
    uri = "urn:long:" + "x" * 5_000
    foreign = f'<o:w xmlns:o="{uri}"><o:Xq/><o:IBAN>DE89370400440532013000</o:IBAN></o:w>'
    root = parse(text.replace("<Dbtr>", "<Dbtr>" + foreign, 1))
    info = detect(root)
    assert info.document is not None and info.message_type == "pacs.008"
    plan = first_pass_module._plan("pacs.008")
    verdict, walked = first_pass_walked(info.document, "pacs.008", _CAP, whole=True)
    assert walked is not None and any(uri in str(tag) for tag in walked.by_tag)
    assert verdict == first_pass(info.document, "pacs.008", _CAP)
    assert not any(uri in str(tag) for tag in (*plan.by_tag, *plan.skipped))


def test_the_public_info_holds_no_walk_and_prints_none() -> None:
    """Only check_xml_walked keeps the walk (a rulebook run at once); check_xml_message's
    info, which a caller may edit before running a rulebook, holds none; the walk is left out
    of the info's repr and equality."""
    from qenex_messages.iso20022.validate import check_xml_message, check_xml_walked

    data = sample("cbpr-pacs.008.001.08").encode()
    _, plain = check_xml_message(data)
    _, walked = check_xml_walked(data)
    assert plain is not None and walked is not None
    assert plain.walked is None and walked.walked is not None
    assert "walked" not in repr(walked)
    walked.document, walked.header = plain.document, plain.header
    assert plain == walked


def test_the_tables_of_local_names_keep_no_long_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rulebooks' and the checks' tables of local names work a long tag out each time
    instead of keeping it (each tag copies its namespace URI, of any length)."""
    from qenex_messages.iso20022 import checks
    from qenex_messages.rules import view

    monkeypatch.setattr(checks, "_NAMES", {})  # a full table keeps nothing new

    long_tag, short_tag = "{urn:" + "x" * 1_000 + "}IBAN", "{urn:x}IBAN"
    local_names = view.local.__self__  # type: ignore[attr-defined]
    for tag in (long_tag, short_tag):
        assert view.local(tag) == checks._name(tag) == "IBAN"
    assert short_tag in local_names and short_tag in checks._NAMES
    assert long_tag not in local_names and long_tag not in checks._NAMES
