# ruff: noqa: E501  (test XML is kept one element group per line for readability)
"""Small valid documents for the rule tests; each test breaks one thing with a text replacement."""

from __future__ import annotations

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

SEPA_PAIN = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">
<CstmrCdtTrfInitn>
<GrpHdr><MsgId>INV-2026-001</MsgId><CreDtTm>2026-11-20T10:00:00</CreDtTm><NbOfTxs>2</NbOfTxs>
<CtrlSum>12.50</CtrlSum><InitgPty><Nm>Mueller GmbH</Nm></InitgPty></GrpHdr>
<PmtInf><PmtInfId>PI-1</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>2</NbOfTxs><CtrlSum>12.50</CtrlSum>
<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>
<ReqdExctnDt><Dt>2026-11-27</Dt></ReqdExctnDt>
<Dbtr><Nm>Mueller GmbH</Nm><PstlAdr><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine></PstlAdr></Dbtr>
<DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>
<DbtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></DbtrAgt>
<UltmtDbtr><Nm>Mueller Holding</Nm></UltmtDbtr>
<ChrgBr>SLEV</ChrgBr>
<CdtTrfTxInf><PmtId><InstrId>I-1</InstrId><EndToEndId>E2E-1</EndToEndId></PmtId>
<Amt><InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>
<CdtrAgt><FinInstnId><BICFI>BNPAFRPPXXX</BICFI></FinInstnId></CdtrAgt>
<Cdtr><Nm>Dupont SA</Nm></Cdtr>
<CdtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></CdtrAcct>
<Purp><Cd>SALA</Cd></Purp>
<RmtInf><Ustrd>Invoice 1</Ustrd></RmtInf></CdtTrfTxInf>
<CdtTrfTxInf><PmtId><EndToEndId>E2E-2</EndToEndId></PmtId>
<Amt><InstdAmt Ccy="EUR">2.50</InstdAmt></Amt>
<CdtrAgt><FinInstnId><BICFI>UBSWCHZH80A</BICFI></FinInstnId></CdtrAgt>
<Cdtr><Nm>Rossi SpA</Nm></Cdtr>
<CdtrAcct><Id><IBAN>CH9300762011623852957</IBAN></Id></CdtrAcct>
<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></CdtTrfTxInf>
</PmtInf>
</CstmrCdtTrfInitn>
</Document>
"""

SEPA_PAIN_03 = (
    SEPA_PAIN.replace("pain.001.001.09", "pain.001.001.03")
    .replace("BICFI>", "BIC>")
    .replace(
        "<PstlAdr><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine></PstlAdr>",
        "<PstlAdr><Ctry>DE</Ctry><AdrLine>Hauptstr 5</AdrLine><AdrLine>10115 Berlin</AdrLine></PstlAdr>",
    )
    .replace(
        "<ReqdExctnDt><Dt>2026-11-27</Dt></ReqdExctnDt>", "<ReqdExctnDt>2026-11-27</ReqdExctnDt>"
    )
)

SEPA_PACS = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
<FIToFICstmrCdtTrf>
<GrpHdr><MsgId>SCT-2026-001</MsgId><CreDtTm>2026-11-26T10:00:00</CreDtTm><NbOfTxs>1</NbOfTxs>
<TtlIntrBkSttlmAmt Ccy="EUR">10.00</TtlIntrBkSttlmAmt><IntrBkSttlmDt>2026-11-26</IntrBkSttlmDt>
<SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>
<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf></GrpHdr>
<CdtTrfTxInf><PmtId><InstrId>I-1</InstrId><EndToEndId>E2E-1</EndToEndId><TxId>TX-1</TxId></PmtId>
<IntrBkSttlmAmt Ccy="EUR">10.00</IntrBkSttlmAmt>
<ChrgBr>SLEV</ChrgBr>
<Dbtr><Nm>Mueller GmbH</Nm><PstlAdr><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry></PstlAdr></Dbtr>
<DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>
<DbtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></DbtrAgt>
<CdtrAgt><FinInstnId><BICFI>BNPAFRPPXXX</BICFI></FinInstnId></CdtrAgt>
<Cdtr><Nm>Dupont SA</Nm><PstlAdr><TwnNm>Paris</TwnNm><Ctry>FR</Ctry></PstlAdr></Cdtr>
<CdtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></CdtrAcct>
<RmtInf><Ustrd>Invoice 1</Ustrd></RmtInf>
</CdtTrfTxInf>
</FIToFICstmrCdtTrf>
</Document>
"""

CBPR_PACS = """<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="urn:swift:xsd:envelope">
<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">
<Fr><FIId><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId></FIId></Fr>
<To><FIId><FinInstnId><BICFI>EFGHDEFFXXX</BICFI></FinInstnId></FIId></To>
<BizMsgIdr>MSG-1</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr>
<BizSvc>swift.cbprplus.03</BizSvc><CreDt>2026-03-02T10:00:00+01:00</CreDt><Prty>NORM</Prty>
</AppHdr>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
<FIToFICstmrCdtTrf>
<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-03-02T10:00:00+01:00</CreDtTm><NbOfTxs>1</NbOfTxs>
<SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf></GrpHdr>
<CdtTrfTxInf>
<PmtId><InstrId>REF123</InstrId><EndToEndId>NOTPROVIDED</EndToEndId>
<UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR></PmtId>
<PmtTpInf><InstrPrty>NORM</InstrPrty><SvcLvl><Cd>G001</Cd></SvcLvl><CtgyPurp><Cd>GDDS</Cd></CtgyPurp></PmtTpInf>
<IntrBkSttlmAmt Ccy="JPY">1000</IntrBkSttlmAmt><IntrBkSttlmDt>2026-03-02</IntrBkSttlmDt>
<InstdAmt Ccy="JPY">1000</InstdAmt>
<ChrgBr>CRED</ChrgBr>
<ChrgsInf><Amt Ccy="JPY">0</Amt><Agt><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId></Agt></ChrgsInf>
<InstgAgt><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId></InstgAgt>
<InstdAgt><FinInstnId><BICFI>EFGHDEFFXXX</BICFI></FinInstnId></InstdAgt>
<Dbtr><Nm>Smith &amp; Co [UK]</Nm><PstlAdr><TwnNm>London</TwnNm><Ctry>GB</Ctry><AdrLine>1 High Street</AdrLine></PstlAdr>
<Id><OrgId><LEI>529900T8BM49AURSDO55</LEI></OrgId></Id></Dbtr>
<DbtrAcct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id></DbtrAcct>
<DbtrAgt><FinInstnId><BICFI>ABCDGB2LXXX</BICFI></FinInstnId></DbtrAgt>
<CdtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI></FinInstnId></CdtrAgt>
<Cdtr><Nm>Paris Trading</Nm><PstlAdr><StrtNm>Rue de Rivoli</StrtNm><TwnNm>Paris</TwnNm><Ctry>FR</Ctry></PstlAdr></Cdtr>
<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>
<InstrForCdtrAgt><Cd>PHOB</Cd></InstrForCdtrAgt>
<Purp><Cd>GDDS</Cd></Purp>
<RmtInf><Ustrd>Invoice 42</Ustrd></RmtInf>
</CdtTrfTxInf>
</FIToFICstmrCdtTrf>
</Document>
</Envelope>
"""

CBPR_PAIN = """<?xml version="1.0" encoding="UTF-8"?>
<Envelope>
<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">
<Fr><FIId><FinInstnId><BICFI>PTXNAU2SXXX</BICFI></FinInstnId></FIId></Fr>
<To><FIId><FinInstnId><BICFI>CVNBSGSXXXX</BICFI></FinInstnId></FIId></To>
<BizMsgIdr>PN01</BizMsgIdr><MsgDefIdr>pain.001.001.09</MsgDefIdr>
<BizSvc>swift.cbprplus.03</BizSvc><CreDt>2026-04-13T06:30:00+00:00</CreDt>
</AppHdr>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">
<CstmrCdtTrfInitn>
<GrpHdr><MsgId>PN01</MsgId><CreDtTm>2026-04-13T06:30:00+00:00</CreDtTm><NbOfTxs>1</NbOfTxs>
<InitgPty><Nm>Acme Pty</Nm></InitgPty></GrpHdr>
<PmtInf><PmtInfId>PN01</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt><Dt>2026-04-14</Dt></ReqdExctnDt>
<Dbtr><Nm>Acme Pty</Nm><PstlAdr><TwnNm>Sydney</TwnNm><Ctry>AU</Ctry></PstlAdr></Dbtr>
<DbtrAcct><Id><Othr><Id>60438291</Id></Othr></Id></DbtrAcct>
<DbtrAgt><FinInstnId><BICFI>PTXNAU2SXXX</BICFI></FinInstnId></DbtrAgt>
<CdtTrfTxInf><PmtId><InstrId>IN1</InstrId><EndToEndId>E2E-1</EndToEndId>
<UETR>e5f6a7b8-c9d0-4234-ab12-345678901234</UETR></PmtId>
<Amt><InstdAmt Ccy="AUD">320000.00</InstdAmt></Amt><ChrgBr>SHAR</ChrgBr>
<CdtrAgt><FinInstnId><BICFI>CVNBSGSXXXX</BICFI></FinInstnId></CdtrAgt>
<Cdtr><Nm>Lion Trading</Nm><PstlAdr><TwnNm>Singapore</TwnNm><Ctry>SG</Ctry></PstlAdr></Cdtr>
<CdtrAcct><Id><Othr><Id>123456</Id></Othr></Id></CdtrAcct>
</CdtTrfTxInf>
</PmtInf>
</CstmrCdtTrfInitn>
</Document>
</Envelope>
"""


def parse(text: str) -> etree._Element:
    """Parse a test document with the hardened parser settings."""
    return etree.fromstring(text.encode(), PARSER)
