"""A failing case for the XSD, check and render codes not covered elsewhere; the rendered base
document is the passing case for all of them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qenex_messages.iso20022 import check_xml, parse_xml, render_document
from qenex_messages.iso20022.xsd import translate_error
from qenex_messages.model import Amount, PaymentTypeInformation
from qenex_messages.rules import check_profile

from .conftest import initiation, interbank


def _pacs() -> bytes:
    return render_document(interbank(1), "pacs.008.001.08", header=False).value


def test_the_base_document_is_clean() -> None:
    assert check_xml(_pacs()).findings == []


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        # the only, mandatory child of SttlmInf removed
        (b"<SttlmMtd>CLRG</SttlmMtd>", b"", "QX322"),
        # the mandatory Ccy attribute removed
        (b'<IntrBkSttlmAmt Ccy="EUR">', b"<IntrBkSttlmAmt>", "QX329"),
        # a date of the right shape that does not exist
        (b"<IntrBkSttlmDt>2026-01-15<", b"<IntrBkSttlmDt>2026-02-30<", "QX343"),
    ],
)
def test_each_code_has_a_failing_case(old: bytes, new: bytes, code: str) -> None:
    data = _pacs()
    assert old in data
    assert code in check_xml(data.replace(old, new)).codes()


def test_an_unclassified_schema_message_is_qx328() -> None:
    code, message, _ = translate_error("Element 'X': something libxml2 rarely says.")
    assert code.code == "QX328"
    assert message == "X: something libxml2 rarely says"


def test_control_sum_over_mixed_currencies_is_a_warning() -> None:
    model = initiation(2)
    block = model.payment_information[0]
    second = block.transactions[1].model_copy(
        update={"instructed_amount": Amount(value=Decimal("5.00"), currency="USD")}
    )
    block = block.model_copy(
        update={"transactions": (block.transactions[0], second), "control_sum": Decimal("1")}
    )
    data = render_document(
        model.model_copy(update={"payment_information": (block,)}), "pain.001.001.09"
    ).value
    data = data.replace(b"<CtrlSum>", b"<CtrlSum>9", 1)  # the renderer computes; break it
    found = [f for f in check_xml(data).findings if f.code == "QX345"]
    assert found
    assert all(f.severity.value == "warning" for f in found)


def test_a_value_outside_the_target_code_list_is_left_out_with_a_warning() -> None:
    model = interbank(1)
    tx = model.transactions[0].model_copy(
        update={"payment_type": PaymentTypeInformation(clearing_channel="NOPE")}
    )
    out = render_document(model.model_copy(update={"transactions": (tx,)}), "pacs.008.001.08")
    assert "QX382" in [f.code for f in out.findings]
    assert b"NOPE" not in out.value
    assert check_xml(out.value).ok


def test_a_profile_on_another_message_is_not_applicable() -> None:
    tree = parse_xml(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"/>').value
    assert tree is not None
    assert [f.code for f in check_profile(tree.getroot(), "sepa")] == ["QX501"]
    pacs = parse_xml(_pacs()).value
    assert pacs is not None
    assert "QX501" not in [f.code for f in check_profile(pacs.getroot(), "sepa")]
