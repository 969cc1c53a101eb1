"""pain.001 -> pacs.008, version migration, the convert dispatcher, and SEPA pain.001 against the
German banks' (DK) and EPC usage-guideline XSDs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qenex_messages import QenexError
from qenex_messages import model as m
from qenex_messages.iso20022 import check_xml, parse_document, render_document
from qenex_messages.iso20022.head import HEADER_FOR
from qenex_messages.translation import (
    TARGETS,
    convert,
    migrate,
    pain001_to_pacs008,
)
from tests.conftest import skip_without_unpublished_schema

from .conftest import MT_CORPUS, MX_CORPUS, SHARED, first, tree

DK_XSD = SHARED / "schemas" / "dk" / "pain.001.001.03_DK-SEPA-3.0.xsd"
EPC_XSD = SHARED / "schemas" / "epc" / "EPC132-08_2025_V1.0_pain.001.001.09.xsd"


def sepa_transfer(n: int = 2, blocks: int = 1) -> m.CreditTransfer:
    """A SEPA credit transfer initiation: EUR, SLEV, service level SEPA, IBANs and BICs."""
    creditors = [
        ("Jan Janssens", "BE68539007547034", "GEBABEBBXXX"),
        ("Marie Dupont", "FR1420041010050500013M02606", "BNPAFRPPXXX"),
        ("Piet Jansen", "NL91ABNA0417164300", "ABNANL2AXXX"),
    ]
    payment_blocks = []
    for b in range(blocks):
        txs = []
        for i in range(n):
            name, iban, bic = creditors[i % len(creditors)]
            txs.append(
                m.CreditTransferTransaction(
                    instruction_id=f"INSTR-{b}-{i}",
                    end_to_end_id=f"E2E-{b}-{i}",
                    instructed_amount=m.Amount(value=Decimal("100.50") + i, currency="EUR"),
                    creditor_agent=m.Agent(bic=bic),
                    creditor=m.Party(name=name),
                    creditor_account=m.Account(iban=iban),
                    remittance=m.Remittance(unstructured=(f"Invoice {b}-{i}",)),
                )
            )
        payment_blocks.append(
            m.PaymentInformation(
                payment_information_id=f"PMT-{b}",
                batch_booking=True,
                number_of_transactions=n,
                control_sum=sum((Decimal("100.50") + i for i in range(n)), Decimal(0)),
                payment_type=m.PaymentTypeInformation(
                    service_levels=(m.CodeOrProprietary(code="SEPA"),)
                ),
                requested_execution_date=dt.date(2026, 12, 1),
                debtor=m.Party(name="Max Mustermann GmbH"),
                debtor_account=m.Account(iban="DE89370400440532013000"),
                debtor_agent=m.Agent(bic="COBADEFFXXX"),
                charge_bearer=m.ChargeBearer.SERVICE_LEVEL,
                transactions=tuple(txs),
            )
        )
    return m.CreditTransfer(
        kind=m.MessageKind.CUSTOMER_INITIATION,
        group_header=m.GroupHeader(
            message_id="MSG-2026-001",
            control_sum=sum((Decimal("100.50") + i for i in range(n)), Decimal(0)) * blocks,
            creation_date_time=dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC),
            initiating_party=m.Party(name="Max Mustermann GmbH"),
        ),
        payment_information=tuple(payment_blocks),
    )


def pain(version: str = "pain.001.001.09", **kwargs: int) -> bytes:
    rendered = render_document(sepa_transfer(**kwargs), version, header=False)
    assert rendered.ok, rendered.findings
    return rendered.value


@pytest.mark.skipif(not DK_XSD.is_file(), reason="../shared schemas missing")
def test_sepa_pain_03_passes_dk_xsd_and_migrated_09_passes_epc_xsd() -> None:
    """A SEPA pain.001.001.03 we render passes the DK XSD; migrated to .09 it passes EPC's."""
    data = pain("pain.001.001.03")
    assert check_xml(data, schema=DK_XSD).errors == []
    migrated = migrate(data, to="pain.001.001.09")
    assert [f for f in migrated.findings if f.severity.value != "info"] == []
    assert check_xml(migrated.value, schema=EPC_XSD).errors == []
    assert check_xml(migrated.value).errors == []


@pytest.mark.skipif(not DK_XSD.is_file(), reason="../shared schemas missing")
def test_dk_xsd_rejects_what_sepa_forbids() -> None:
    """The failing case: SHAR instead of SLEV is refused by the DK XSD."""
    data = pain("pain.001.001.03").replace(b"<ChrgBr>SLEV</ChrgBr>", b"<ChrgBr>SHAR</ChrgBr>")
    assert check_xml(data, schema=DK_XSD).errors != []


def test_pain_to_pacs_single() -> None:
    """One pacs.008 per transaction: debtor agent instructs, creditor agent is instructed."""
    result = pain001_to_pacs008(pain(n=2))
    assert len(result.value) == 2
    for number, xml in enumerate(result.value):
        assert check_xml(xml).errors == []
        root = tree(xml)
        assert first(root, "InstgAgt/FinInstnId/BICFI") == "COBADEFFXXX"
        assert first(root, "DbtrAgt/FinInstnId/BICFI") == "COBADEFFXXX"
        assert first(root, "Dbtr/Nm") == "Max Mustermann GmbH"
        assert first(root, "PmtId/EndToEndId") == f"E2E-0-{number}"
        assert first(root, "IntrBkSttlmDt") == "2026-12-01"
        assert first(root, "IntrBkSttlmAmt") == first(root, "InstdAmt")
        assert first(root, "GrpHdr/SttlmInf/SttlmMtd") == "INDA"
        assert first(root, "GrpHdr/NbOfTxs") == "1"
        assert first(root, "AppHdr/To/FIId/FinInstnId/BICFI") == first(
            root, "InstdAgt/FinInstnId/BICFI"
        )
    # BtchBookg is for the debtor agent only: a warning with its XPath.
    lost = [f for f in result.findings if f.code == "QX441" and f.severity.name == "WARNING"]
    assert [f.location.xpath for f in lost] == ["/Document/CstmrCdtTrfInitn/PmtInf[1]/BtchBookg"]


def test_pain_to_pacs_batch() -> None:
    """grouping="block": one pacs.008 per PmtInf carrying all its transactions."""
    result = pain001_to_pacs008(pain(n=3, blocks=2), grouping="block", version="pacs.008.001.02")
    assert len(result.value) == 2
    assert first(tree(result.value[0]), "GrpHdr/NbOfTxs") == "3"
    assert all(check_xml(x).errors == [] for x in result.value)


def test_pain_to_pacs_refuses_cheques() -> None:
    """A cheque payment (PmtMtd CHK) is not a credit transfer: refused."""
    data = pain().replace(b"<PmtMtd>TRF</PmtMtd>", b"<PmtMtd>CHK</PmtMtd>")
    result = pain001_to_pacs008(data)
    assert result.value == []
    assert "QX440" in [f.code for f in result.findings]


def test_pain_to_pacs_bad_arguments() -> None:
    """Unknown grouping or version raises; a pacs.008 given as pain.001 is an error finding."""
    with pytest.raises(QenexError):
        pain001_to_pacs008(pain(), grouping="daily")
    with pytest.raises(QenexError):
        pain001_to_pacs008(pain(), version="pain.001.001.09")
    pacs = pain001_to_pacs008(pain()).value[0]
    result = pain001_to_pacs008(pacs)
    assert result.value == [] and result.findings[0].code == "QX445"


@pytest.mark.skipif(not MX_CORPUS.is_dir(), reason="../shared corpus missing")
def test_migrate_pacs_02_to_08_corpus() -> None:
    """The corpus pacs.008.001.02 migrates to a schema-valid .08; BIC -> BICFI is no loss."""
    data = (MX_CORPUS / "pacs008" / "pacs.008.001.02.xml").read_bytes()
    result = migrate(data, to="pacs.008.001.08")
    assert result.findings == ()
    assert check_xml(result.value).errors == []
    assert b"<BICFI>" in result.value and b"<BIC>" not in result.value


def test_migrate_down_reports_removed_elements() -> None:
    """pain.001.001.09 -> .03: the UETR has no place in .03; a warning names it."""
    data = pain().replace(
        b"<EndToEndId>E2E-0-0</EndToEndId>",
        b"<EndToEndId>E2E-0-0</EndToEndId><UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR>",
    )
    result = migrate(data, to="pain.001.001.03")
    assert check_xml(result.value).errors == []
    assert any("UETR" in (f.location.xpath or "") for f in result.findings if f.code == "QX380")


def test_migrate_keeps_the_header_and_names_the_target() -> None:
    """An AppHdr survives migration with MsgDefIdr set to the target version, silently."""
    skip_without_unpublished_schema(HEADER_FOR["pain.001.001.12"])
    rendered = render_document(sepa_transfer(), "pain.001.001.09", header=False).value
    model = parse_document(rendered).model
    header = m.BusinessApplicationHeader(
        from_agent=m.Agent(bic="COBADEFFXXX"),
        to_agent=m.Agent(bic="DEUTDEFFXXX"),
        business_message_id="MSG-2026-001",
        message_definition_id="pain.001.001.09",
        creation_date=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
    )
    data = render_document(
        model.model_copy(update={"application_header": header}), "pain.001.001.09"
    ).value
    result = migrate(data, to="pain.001.001.12")
    assert first(tree(result.value), "AppHdr/MsgDefIdr") == "pain.001.001.12"
    assert not any(f.code == "QX385" for f in result.findings)


def test_migrate_errors() -> None:
    """Unsupported target raises; a pain.001 migrated to pacs.008 is an error finding."""
    with pytest.raises(QenexError):
        migrate(pain(), to="pain.001.001.99")
    result = migrate(pain(), to="pacs.008.001.08")
    assert result.value == b"" and result.findings[0].code == "QX445"


def test_targets_and_convert_dispatch() -> None:
    """TARGETS lists the MT variants and every ISO version; convert picks the translation."""
    assert TARGETS[:3] == ("mt103", "mt103-stp", "mt103-remit")
    assert "pacs.008.001.08" in TARGETS and "pain.001.001.03" in TARGETS
    assert isinstance(convert(pain(), to="pain.001.001.03").value, bytes)
    pacs = convert(pain(), to="pacs.008.001.08")
    assert isinstance(pacs.value, list) and len(pacs.value) == 2
    mts = convert(pain(), to="mt103")
    assert len(mts.value) == 2 and mts.value[0].startswith("{1:")
    assert isinstance(convert(pacs.value[0], to="mt103-stp").value, list)
    with pytest.raises(QenexError):
        convert(pain(), to="xml")


@pytest.mark.skipif(not MT_CORPUS.is_dir(), reason="../shared corpus missing")
def test_convert_mt_inputs() -> None:
    """MT103 -> pacs.008 and MT103 -> MT103 STP through the pacs.008; MT -> pain.001 raises."""
    data = (MT_CORPUS / "ballerina-mt2mx" / "008.txt").read_bytes()
    assert convert(data, to="pacs.008.001.08").value.startswith(b"<?xml")
    stp = convert(data, to="mt103-stp")
    assert "{119:STP}" in stp.value[0]
    with pytest.raises(QenexError):
        convert(data, to="pain.001.001.09")


def test_pain_to_pacs_derives_a_missing_creditor_agent_from_the_iban() -> None:
    """SEPA lets the customer give only the creditor's IBAN; the pacs.008 names the bank."""
    model = sepa_transfer(n=1)
    block = model.payment_information[0]
    tx = block.transactions[0].model_copy(
        update={
            "creditor_agent": None,
            "creditor_account": m.Account(iban="DE75512108001245126199"),
        }
    )
    block = block.model_copy(update={"transactions": (tx,)})
    model = model.model_copy(update={"payment_information": (block,)})
    data = render_document(model, "pain.001.001.09", header=False).value
    refused = pain001_to_pacs008(data)
    assert refused.value == []
    (error,) = [f for f in refused.findings if f.is_error]
    assert (error.code, error.location.xpath) == (
        "QX447",
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/CdtrAgt",
    )
    assert "--bic-from-iban" in error.message
    result = pain001_to_pacs008(data, bic_from_iban=True)
    (xml,) = result.value
    assert first(tree(xml), "CdtrAgt/FinInstnId/BICFI") == "SOGEDEFFXXX"
    assert first(tree(xml), "InstdAgt/FinInstnId/BICFI") == "SOGEDEFFXXX"
    (note,) = [f for f in result.findings if "derived" in f.message]
    assert note.code == "QX448"
    assert "bank code 51210800 of the creditor's IBAN DE75512108001245126199" in note.message
    assert check_xml(xml).errors == []


def test_pain_to_pacs_without_agent_or_known_bank_code_is_an_error() -> None:
    """Without a creditor agent and with a bank code the registry lacks, nothing is invented."""
    model = sepa_transfer(n=1)
    block = model.payment_information[0]
    tx = block.transactions[0].model_copy(update={"creditor_agent": None})  # BE IBAN
    block = block.model_copy(update={"transactions": (tx,)})
    model = model.model_copy(update={"payment_information": (block,)})
    data = render_document(model, "pain.001.001.09", header=False).value
    result = pain001_to_pacs008(data, bic_from_iban=True)
    assert result.value == []
    (error,) = [f for f in result.findings if f.is_error]
    assert error.code == "QX447"
    assert "no BIC for bank code 539 of IBAN BE68539007547034" in error.message
