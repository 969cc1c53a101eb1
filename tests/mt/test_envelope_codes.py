"""A failing case for each envelope and layout code of our own (QX2xx, QX42x); the base message
is the passing case for all of them."""

from __future__ import annotations

import pytest

from qenex_messages import model as m
from qenex_messages.mt import check_mt, parse_mt103, render_mt103

from .conftest import build, report

BASE = build()


def codes(text: str) -> list[str]:
    return [f.code for r in check_mt(text, source="t.fin") for f in r.findings]


def test_the_base_message_has_none_of_these_codes() -> None:
    assert report(BASE).findings == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a lone CR inside a field line
        (BASE.replace(":20:REF123", ":20:REF\r123"), "QX216"),
        # block 1 too short to be F01 + LT + session + sequence
        (BASE.replace("{1:F01BNPAFRPPAXXX0000000000}", "{1:F01BNPAFRPP}"), "QX217"),
        # logical terminal code X in block 1
        (BASE.replace("{1:F01BNPAFRPPAXXX", "{1:F01BNPAFRPPXXXX"), "QX218"),
        # block 2 neither input nor output
        (BASE.replace("{2:I103CHASUS33XXXXN}", "{2:Z103CHASUS33XXXXN}"), "QX219"),
        # urgent priority with delivery monitoring 2
        (BASE.replace("{2:I103CHASUS33XXXXN}", "{2:I103CHASUS33XXXXU2}"), "QX220"),
        # 121 given twice
        (build(block3="{121:eb6305c9-1f7f-49de-aed0-16487c27b42d}" * 2), "QX222"),
        # CHK that is not 12 hex digits
        (BASE + "{5:{CHK:XYZ}}", "QX224"),
        # text in block 4 before the first field
        (BASE.replace("{4:\r\n:20:", "{4:\r\nHELLO\r\n:20:"), "QX226"),
        # 26T of five characters where the format is 3!c
        (build(("26T", "ABCDE")), "QX201"),
        # an empty field
        (build(("70", "")), "QX209"),
        # an account that looks like an IBAN with wrong check digits
        (build(("59", "/DE00370400440532013000\nJANE ROE")), "QX228"),
    ],
)
def test_each_code_has_a_failing_case(text: str, code: str) -> None:
    assert code in codes(text)


def test_too_many_findings_are_capped_with_qx229() -> None:
    noisy = build(*[("72+", "/" + "\u00e9" * 10) for _ in range(300)])
    found = codes(noisy)
    assert found.count("QX229") == 1
    assert len(found) <= 202


def _model() -> m.CreditTransfer:
    return parse_mt103(BASE).to_model().value


def test_render_reports_address_elements_mt_cannot_hold() -> None:
    transfer = _model()
    tx = transfer.transactions[0]
    debtor = tx.debtor.model_copy(
        update={"postal_address": m.PostalAddress(street_name="Main St", building_number="1")}
    )
    out = render_mt103(
        transfer.model_copy(update={"transactions": (tx.model_copy(update={"debtor": debtor}),)})
    )
    assert "QX424" in [f.code for f in out.findings]
    assert "QX424" not in [f.code for f in render_mt103(transfer).findings]


def test_render_reports_missing_required_data() -> None:
    transfer = _model()
    tx = transfer.transactions[0].model_copy(update={"uetr": None})
    out = render_mt103(transfer.model_copy(update={"transactions": (tx,)}))
    assert [f.code for f in out.findings] == ["QX425"]
    assert "{121:" in out.value  # a generated UETR stands in, and the finding says so
