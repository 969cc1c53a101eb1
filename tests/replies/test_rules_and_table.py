"""The status report checks (QX362-QX364), the AddtlInf line splitter, and the reason table."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qenex_messages as qm
from qenex_messages import catalogue
from qenex_messages.iso20022 import parse_xml
from qenex_messages.iso20022.status import check_status_document
from qenex_messages.replies import CUT_MARK, LINE_WIDTH, MAX_LINES, reason_table, wrap_lines
from qenex_messages.status_model import (
    PaymentInformationStatus,
    StatusReason,
    StatusReport,
    TransactionStatus,
)

_AC01 = (StatusReason(code="AC01"),)


def _codes(report: StatusReport) -> list[str]:
    data = qm.render_status_report(report).value
    tree = parse_xml(data).value
    assert tree is not None
    return [f.code for f in check_status_document(tree.getroot())]


def _pacs(group: str, *txs: TransactionStatus) -> StatusReport:
    return StatusReport(
        kind="pacs.002",
        message_id="M",
        creation_date_time=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        original_message_id="O",
        original_message_name_id="pacs.008.001.08",
        group_status=group,
        transactions=txs,
    )


_OK = TransactionStatus(original_end_to_end_id="E1", status="ACTC")
_REJECTED = TransactionStatus(original_end_to_end_id="E2", status="RJCT", reasons=_AC01)


@pytest.mark.parametrize(
    ("report", "codes"),
    [
        (_pacs("PART", _OK, _REJECTED), []),  # consistent, reasons given, references named
        (_pacs("ACTC", _OK), []),
        (_pacs("RJCT", _REJECTED), []),
        # QX362: a rejection without a reason code
        (_pacs("PART", _OK, _REJECTED.model_copy(update={"reasons": ()})), ["QX362"]),
        # QX363: the group says accepted but a transaction is rejected
        (_pacs("ACTC", _OK, _REJECTED), ["QX363"]),
        # QX363: PART where every transaction is rejected
        (_pacs("PART", _REJECTED), ["QX363"]),
        # QX364: a transaction status that names no original reference
        (_pacs("ACTC", TransactionStatus(status="ACTC")), ["QX364"]),
    ],
)
def test_status_checks(report: StatusReport, codes: list[str]) -> None:
    """Each check has a passing and a failing case."""
    assert _codes(report) == codes


def test_a_block_status_is_checked_against_its_transactions() -> None:
    """pain.002: PmtInfSts ACTC over a rejected transaction is inconsistent."""
    block = PaymentInformationStatus(
        original_payment_information_id="P", status="ACTC", transactions=(_OK, _REJECTED)
    )
    report = StatusReport(
        kind="pain.002",
        message_id="M",
        creation_date_time=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        original_message_id="O",
        original_message_name_id="pain.001.001.09",
        group_status="PART",
        payment_information=(block,),
    )
    assert _codes(report) == ["QX363", "QX363"]


_words = st.lists(st.text("abcdefghij", min_size=1, max_size=130), min_size=1, max_size=60)


@given(_words)
def test_wrap_lines_keeps_each_line_within_105_and_marks_a_cut(words: list[str]) -> None:
    """Lines are at most 105 characters, at most MAX_LINES; uncut text keeps every character
    of every word in order; a cut ends in the cut mark."""
    text, cut = wrap_lines(" ".join(words))
    lines = text.split("\n")
    assert all(0 < len(line) <= LINE_WIDTH for line in lines)
    assert len(lines) <= MAX_LINES
    if cut:
        assert lines[-1].endswith(CUT_MARK)
    else:
        assert "".join(text.split()) == "".join(words)


def test_every_mapped_code_is_a_registered_finding_code() -> None:
    """The table cannot drift from the codes the library reports."""
    registered = {info.code for info in catalogue.load()}
    table = reason_table()
    assert set(table.reasons) - registered == set()
    assert set(table.group_codes) - registered == set()


def test_every_iso_code_used_is_described() -> None:
    """Each ISO reason the table answers with has its ISO name and meaning in the table."""
    table = reason_table()
    assert set(table.reasons.values()) <= set(table.iso)
    assert "NARR" in table.iso
