"""render_mt103 names everything it cannot carry and never starts a line with '-' or ':'."""

from __future__ import annotations

from qenex_messages import model as m
from qenex_messages.mt import check_mt, parse_mt103, render_mt103


def _model(**tx_update: object) -> m.CreditTransfer:
    transfer = parse_mt103(_BASE).to_model().value
    tx = transfer.transactions[0].model_copy(update=tx_update)
    return transfer.model_copy(update={"transactions": (tx,)})


_BASE = (
    "{1:F01DEUTDEFFAXXX0000000000}{2:I103INGBNL2AXXXXN}"
    "{3:{121:9bfd29ee-d028-43bf-8e26-ce33331b9079}}{4:\r\n"
    ":20:REF1\r\n:23B:CRED\r\n:32A:260302EUR100,00\r\n:33B:EUR100,00\r\n"
    ":50K:/DE89370400440532013000\r\nA\r\n:59:/NL91ABNA0417164300\r\nB\r\n:71A:SHA\r\n-}"
)


def test_the_base_renders_without_findings() -> None:
    assert render_mt103(_model()).findings == ()


def test_fields_with_no_mt_home_are_reported() -> None:
    out = render_mt103(
        _model(
            transaction_id="TX1",
            ultimate_debtor=m.Party(name="U"),
            settlement_priority=m.Priority.HIGH,
        )
    )
    messages = sorted(f.message for f in out.findings if f.code == "QX422")
    assert messages == [
        "the settlement priority has no place in MT103",
        "the transaction id (TxId) has no place in MT103",
        "the ultimate debtor has no place in MT103",
    ]


def test_no_line_of_70_starts_with_a_hyphen_or_colon() -> None:
    text = "A" * 35 + "-PART" + "B" * 30 + ":X"
    out = render_mt103(_model(remittance=m.Remittance(unstructured=(text,))))
    (seventy,) = [f for f in parse_mt103(out.value).fields if f.tag == "70"]
    assert all(not line.startswith(("-", ":")) for line in seventy.value.split("\n"))
    assert "".join(seventy.value.split("\n")) == text  # nothing lost, only the break moved
    assert [f.code for f in out.findings] == ["QX426"]
    assert check_mt(out.value)[0].ok
