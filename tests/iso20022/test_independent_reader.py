"""xmlschema, an independent XSD implementation, reads back what we render."""

from __future__ import annotations

from decimal import Decimal

import xmlschema

from qenex_messages.iso20022 import render_document
from qenex_messages.iso20022.schemas import entry, schema_store

from .conftest import initiation, interbank


def decode(data: bytes, version: str) -> dict:  # type: ignore[type-arg]
    item = entry(version)
    assert item is not None
    schema = xmlschema.XMLSchema(str(schema_store() / item.file))
    result = schema.to_dict(data.decode("utf-8"), decimal_type=Decimal)
    assert isinstance(result, dict)
    return result


def test_pacs008_read_back() -> None:
    """Amounts, ids and BICs survive in xmlschema's reading."""
    data = render_document(interbank(2), "pacs.008.001.08", header=False).value
    document = decode(data, "pacs.008.001.08")
    txs = document["FIToFICstmrCdtTrf"]["CdtTrfTxInf"]
    assert [t["PmtId"]["EndToEndId"] for t in txs] == ["E2E-0", "E2E-1"]
    assert txs[0]["IntrBkSttlmAmt"] == {"@Ccy": "EUR", "$": Decimal("1000.50")}
    assert txs[1]["DbtrAgt"]["FinInstnId"]["BICFI"] == "DEUTDEFF"
    assert document["FIToFICstmrCdtTrf"]["GrpHdr"]["NbOfTxs"] == "2"


def test_pain001_read_back() -> None:
    """Batches and transactions survive in xmlschema's reading."""
    data = render_document(initiation(2), "pain.001.001.09").value
    document = decode(data, "pain.001.001.09")
    block = document["CstmrCdtTrfInitn"]["PmtInf"][0]
    assert block["DbtrAcct"]["Id"]["IBAN"] == "DE89370400440532013000"
    assert [t["Amt"]["InstdAmt"]["$"] for t in block["CdtTrfTxInf"]] == [Decimal("12.34")] * 2
    assert document["CstmrCdtTrfInitn"]["GrpHdr"]["CtrlSum"] == Decimal("24.68")
