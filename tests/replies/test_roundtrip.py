"""Render -> parse keeps every value of a status report; every rendered report is XSD-valid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import qenex_messages as qm
from qenex_messages.model import Agent, BusinessApplicationHeader, OrganisationIdentification, Party
from qenex_messages.status_model import (
    OriginalGroupReference,
    PaymentInformationStatus,
    StatusReason,
    StatusReport,
    TransactionStatus,
)

from .conftest import xsd_problems

_ALPHABET = "abcXYZ0189 -/?:().,'+&<>\"éß"
_text35 = st.text(_ALPHABET, min_size=1, max_size=35).filter(lambda s: s.strip() == s)
_text105 = st.text(_ALPHABET, min_size=1, max_size=105).filter(lambda s: s.strip() == s)
_code4 = st.from_regex(r"[A-Z0-9]{4}", fullmatch=True)
_uetr = st.uuids(version=4).map(str)
_when = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2099, 12, 31),
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=1))]),
)
_sum = st.decimals(min_value=0, max_value=Decimal("9" * 12), places=2, allow_nan=False)


_bic = st.sampled_from(["DEUTDEFFXXX", "INGBNL2A", "BKAUATWWXXX"])
_originator = st.one_of(
    st.none(),
    st.builds(Party, name=_text35),
    _bic.map(lambda bic: Party(organisation_id=OrganisationIdentification(any_bic=bic))),
)


def _reasons(codes: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[StatusReason, ...]]:
    reason = st.one_of(
        st.builds(
            StatusReason,
            originator=_originator,
            code=codes,
            additional_information=st.lists(_text105, max_size=3).map(tuple),
        ),
        st.builds(StatusReason, proprietary=_text35),
    )
    return st.lists(reason, max_size=2).map(tuple)


def _transactions(
    statuses: st.SearchStrategy[str], *, uetr: bool, tx_id: bool
) -> st.SearchStrategy[TransactionStatus]:
    interbank = tx_id
    group = st.builds(
        OriginalGroupReference,
        message_id=_text35,
        message_name_id=_text35,
        creation_date_time=st.none() | _when,
    )
    agent = st.none() | _bic.map(lambda bic: Agent(bic=bic))
    return st.builds(
        TransactionStatus,
        status_id=st.none() | _text35,
        original_group=(st.none() | group) if interbank else st.none(),
        instructing_agent=agent if interbank else st.none(),
        instructed_agent=agent if interbank else st.none(),
        original_instruction_id=st.none() | _text35,
        original_end_to_end_id=st.none() | _text35,
        original_transaction_id=(st.none() | _text35) if tx_id else st.none(),
        original_uetr=(st.none() | _uetr) if uetr else st.none(),
        status=st.none() | statuses,
        reasons=_reasons(_code4),
    )


def _report(kind: str, version: str) -> st.SearchStrategy[StatusReport]:
    legacy = version == "pain.002.001.03"
    group_statuses = st.sampled_from(["ACCP", "ACTC", "RJCT", "PART", "PDNG"]) if legacy else _code4
    tx_statuses = st.sampled_from(["ACCP", "ACTC", "RJCT", "PDNG"]) if legacy else _code4
    tx = _transactions(tx_statuses, uetr=not legacy, tx_id=kind == "pacs.002")
    blocks = st.builds(
        PaymentInformationStatus,
        original_payment_information_id=_text35,
        original_number_of_transactions=st.none() | st.integers(0, 10**6).map(str),
        original_control_sum=st.none() | _sum,
        status=st.none() | group_statuses,
        reasons=_reasons(_code4),
        transactions=st.lists(tx, max_size=3).map(tuple),
    )
    report = st.builds(
        StatusReport,
        kind=st.just(kind),
        message_id=_text35,
        creation_date_time=_when,
        original_message_id=_text35,
        original_message_name_id=st.sampled_from(["pain.001.001.09", "pacs.008.001.08"]),
        original_creation_date_time=st.none() | _when,
        original_number_of_transactions=st.none() | st.integers(0, 10**6).map(str),
        original_control_sum=st.none() | _sum,
        group_status=st.none() | group_statuses,
        group_reasons=_reasons(_code4),
        payment_information=(
            st.lists(blocks, max_size=3).map(tuple) if kind == "pain.002" else st.just(())
        ),
        transactions=st.lists(tx, max_size=4).map(tuple) if kind == "pacs.002" else st.just(()),
    )
    if kind == "pain.002":
        return report
    # a pacs.002 may leave out OrgnlGrpInfAndSts (CBPR+ names the original per transaction)
    return st.one_of(
        report,
        st.builds(
            StatusReport,
            kind=st.just(kind),
            message_id=_text35,
            creation_date_time=_when,
            transactions=st.lists(tx, min_size=1, max_size=2).map(tuple),
        ),
    )


def _roundtrip(report: StatusReport, version: str) -> StatusReport:
    outcome = qm.render_status_report(report, version)
    assert outcome.findings == ()
    return qm.parse_status_report(outcome.value).model


@given(_report("pain.002", "pain.002.001.10"))
def test_pain002_001_10_roundtrip_keeps_every_value(report: StatusReport) -> None:
    """pain.002.001.10: parse(render(r)) == r."""
    assert _roundtrip(report, "pain.002.001.10") == report


@given(_report("pain.002", "pain.002.001.03"))
def test_pain002_001_03_roundtrip_keeps_every_value(report: StatusReport) -> None:
    """pain.002.001.03 (closed status lists, no UETR): parse(render(r)) == r."""
    assert _roundtrip(report, "pain.002.001.03") == report


@given(_report("pacs.002", "pacs.002.001.10"))
def test_pacs002_roundtrip_keeps_every_value(report: StatusReport) -> None:
    """pacs.002.001.10: parse(render(r)) == r."""
    assert _roundtrip(report, "pacs.002.001.10") == report


_VERSIONED = st.one_of(
    *(
        _report(version[:8], version).map(lambda report, v=version: (v, report))
        for version in ("pain.002.001.10", "pain.002.001.03", "pacs.002.001.10")
    )
)


@given(_VERSIONED)
def test_every_rendered_report_passes_its_xsd(
    schema_store: Path, versioned: tuple[str, StatusReport]
) -> None:
    """Whatever the model holds, the rendered XML is valid against the published XSD."""
    version, report = versioned
    data = qm.render_status_report(report, version).value
    assert xsd_problems(data, version) == []


def test_the_app_header_roundtrips() -> None:
    """The AppHdr of a report, with its Rltd header, comes back as it went."""
    bank = Agent(bic="DEUTDEFFXXX")
    other = Agent(bic="INGBNL2AXXX")
    when = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    related = BusinessApplicationHeader(
        from_agent=bank,
        to_agent=other,
        business_message_id="ORIGINAL-1",
        message_definition_id="pacs.008.001.08",
        business_service="swift.cbprplus.03",
        creation_date=when,
    )
    header = related.model_copy(
        update={
            "from_agent": other,
            "to_agent": bank,
            "business_message_id": "REPLY-1",
            "message_definition_id": "pacs.002.001.10",
            "related": related,
        }
    )
    report = StatusReport(
        kind="pacs.002",
        message_id="REPLY-1",
        creation_date_time=when,
        original_message_id="ORIGINAL-1",
        original_message_name_id="pacs.008.001.08",
        group_status="ACTC",
        application_header=header,
    )
    assert _roundtrip(report, "pacs.002.001.10") == report


def test_what_pain002_001_03_cannot_carry_is_a_finding() -> None:
    """OrgnlUETR and an open status code have no place in .03: left out, each a warning."""
    report = StatusReport(
        kind="pain.002",
        message_id="M",
        creation_date_time=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        original_message_id="O",
        original_message_name_id="pain.001.001.03",
        group_status="ACFC",
        payment_information=(
            PaymentInformationStatus(
                original_payment_information_id="P",
                transactions=(
                    TransactionStatus(
                        original_uetr="8a562c67-ca16-48ba-b074-65581be6f001", status="ACTC"
                    ),
                ),
            ),
        ),
    )
    outcome = qm.render_status_report(report, "pain.002.001.03")
    assert [f.code for f in outcome.findings] == ["QX380", "QX380"]
    assert b"OrgnlUETR" not in outcome.value and b"ACFC" not in outcome.value


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "pain.002"},  # a pain.002 names the original message
        {"kind": "pacs.002", "original_message_id": "O"},  # the id without its name
        {"kind": "pacs.002", "group_status": "ACTC"},  # a group status needs the group
        {
            "kind": "pacs.002",
            "original_message_id": "O",
            "original_message_name_id": "pacs.008.001.08",
            "payment_information": (PaymentInformationStatus(original_payment_information_id="P"),),
        },
        {"kind": "pacs.002", "message_id": "x" * 36},  # Max35Text
    ],
)
def test_building_a_report_is_strict(fields: dict[str, object]) -> None:
    """A report the ISO types or the message structure cannot hold is refused at once."""
    values: dict[str, object] = {
        "message_id": "M",
        "creation_date_time": dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    }
    values.update(fields)
    with pytest.raises(ValidationError):
        StatusReport.model_validate(values)
