"""Write big payment files for tests and benchmarks: valid, or with faults planted at known places.

Output is streamed (one transaction at a time), so a 1 GB file never exists as one string.

    .venv/bin/python scripts/generate.py pain.001.001.09 --transactions 1000000 -o big.xml
    .venv/bin/python scripts/generate.py pacs.008.001.08 -n 2000 -o f.xml --fault bad-iban@17
    .venv/bin/python scripts/generate.py mt103 -n 5000 -o many.fin --fault bad-currency@3

Kinds: ``pain.001.001.03``, ``pain.001.001.09`` (SEPA-shaped: EUR, service level SEPA, Austrian
creditor IBANs), ``pacs.008.001.08`` (CBPR+-shaped transactions with UETRs), ``mt103`` (a file of
MT103 messages back to back). Faults (``NAME@N`` where N is the 1-based transaction or message):

* ``bad-iban@N``  creditor IBAN of transaction N has wrong check digits
* ``bad-bic@N``   creditor agent BIC of transaction N names a country that does not exist
* ``dup-e2e@N``   transaction N repeats the EndToEndId (and InstrId) of transaction 1
* ``bad-amount@N`` (XML) the amount of transaction N is not a number (an XSD error)
* ``ctrlsum``     the group header CtrlSum is off by 1.00 (pain.001; pacs.008 uses the total)
* ``nboftxs``     the group header NbOfTxs is one more than the count
* ``bad-currency@N`` (MT) field 32A of message N has the currency ``XXQ``

The importable functions return the :class:`Planted` faults with the line each one is on.
:func:`write_xml` also takes the requested execution date of a pain.001 (``executed``; a date
relative to the real today makes it clean under SEPA, whose rule warns about a past date) and
writes a pacs.008 as a CBPR+ message (``cbpr=True``: in an envelope with its AppHdr, no
group-header totals), which is clean under the cbpr+ profile at one transaction.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO

PAIN_VERSIONS = ("pain.001.001.03", "pain.001.001.09")
PACS_VERSIONS = ("pacs.008.001.08",)
KINDS = (*PAIN_VERSIONS, *PACS_VERSIONS, "mt103")
_NS = "urn:iso:std:iso:20022:tech:xsd:"
DEBTOR_IBAN = "DE07500700100912345678"
DEBTOR_BIC = "DEUTDEFFXXX"
CREDITOR_BIC = "BKAUATWWXXX"
EXECUTED = date(2026, 3, 3)
"""The requested execution date of a pain.001 unless the caller gives one."""
_TOWNS = ("Wien", "Graz", "Linz", "Salzburg", "Innsbruck", "Klagenfurt")


@dataclass(frozen=True, slots=True)
class Planted:
    """A fault written into a file: its name, the 1-based transaction/message, and its line."""

    fault: str
    index: int
    line: int


@dataclass(frozen=True, slots=True)
class Fault:
    """A requested fault: ``name`` and, for per-transaction faults, the 1-based ``index``."""

    name: str
    index: int = 0

    @classmethod
    def parse(cls, text: str) -> Fault:
        """``bad-iban@17`` -> Fault("bad-iban", 17); ``ctrlsum`` -> Fault("ctrlsum")."""
        name, _, where = text.partition("@")
        return cls(name, int(where) if where else 0)


def iban(country: str, bban: str) -> str:
    """An IBAN with correct ISO 13616 check digits for ``country`` and ``bban``."""
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def wrong_check_digits(value: str) -> str:
    """``value`` with check digits that do not fit its content."""
    digits = int(value[2:4])
    return f"{value[:2]}{(digits + 1 - 2) % 97 + 2:02d}{value[4:]}"


def creditor_iban(number: int) -> str:
    """A valid Austrian IBAN for creditor ``number`` (AT has no national check digit)."""
    return iban("AT", f"19043{number * 7919 % 10**11:011d}")


def amount_of(number: int) -> Decimal:
    """The amount of transaction ``number``: varied, two decimals, between 1.00 and 9999.99."""
    cents = (number * 7_654_321) % 999_900 + 100
    return Decimal(cents).scaleb(-2)


class _Writer:
    """Counts lines as it writes, so planted faults know where they are."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.line = 1
        self._parts: list[str] = []

    def write(self, text: str) -> None:
        self._parts.append(text)
        self.line += text.count("\n")
        if len(self._parts) > 256:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self._parts).encode("utf-8"))
        self._parts.clear()


def _faults(faults: Iterable[Fault | str]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {}
    for item in faults:
        fault = Fault.parse(item) if isinstance(item, str) else item
        wanted.setdefault(fault.name, set()).add(fault.index)
    return wanted


def _xml_tx(
    w: _Writer,
    n: int,
    version: str,
    faults: dict[str, set[int]],
    planted: list[Planted],
) -> Decimal:
    legacy = version == "pain.001.001.03"
    pacs = version.startswith("pacs")
    ref = 1 if n in faults.get("dup-e2e", ()) else n
    amount = amount_of(n)
    amount_text = "12,50" if n in faults.get("bad-amount", ()) else f"{amount}"
    cdtr_iban = creditor_iban(n)
    bic = CREDITOR_BIC
    w.write("      <CdtTrfTxInf>\n        <PmtId>\n")
    if n in faults.get("dup-e2e", ()):
        planted.append(Planted("dup-e2e", n, w.line + 1))
    w.write(f"          <InstrId>QX-I-{ref:09d}</InstrId>\n")
    w.write(f"          <EndToEndId>QX-E2E-{ref:09d}</EndToEndId>\n")
    if pacs:
        w.write(f"          <TxId>QX-TX-{n:09d}</TxId>\n")
    if pacs:
        w.write(
            f"          <UETR>{uuid.UUID(int=n * 0x9E3779B97F4A7C15 % 2**128, version=4)}</UETR>\n"
        )
    w.write("        </PmtId>\n")
    if n in faults.get("bad-amount", ()):
        planted.append(Planted("bad-amount", n, w.line + (0 if pacs else 1)))
    if pacs:
        w.write(f'        <IntrBkSttlmAmt Ccy="EUR">{amount_text}</IntrBkSttlmAmt>\n')
        w.write("        <IntrBkSttlmDt>2026-03-02</IntrBkSttlmDt>\n")
        w.write("        <ChrgBr>SHAR</ChrgBr>\n")
        w.write(
            f"        <InstgAgt><FinInstnId><BICFI>{DEBTOR_BIC}</BICFI></FinInstnId></InstgAgt>\n"
        )
        w.write(f"        <InstdAgt><FinInstnId><BICFI>{bic}</BICFI></FinInstnId></InstdAgt>\n")
        w.write(
            "        <Dbtr><Nm>Muster Maschinenbau GmbH</Nm><PstlAdr><TwnNm>Frankfurt am Main"
            "</TwnNm><Ctry>DE</Ctry></PstlAdr></Dbtr>\n"
        )
        w.write(f"        <DbtrAcct><Id><IBAN>{DEBTOR_IBAN}</IBAN></Id></DbtrAcct>\n")
        w.write(
            f"        <DbtrAgt><FinInstnId><BICFI>{DEBTOR_BIC}</BICFI></FinInstnId></DbtrAgt>\n"
        )
    else:
        w.write("        <Amt>\n")
        w.write(f'          <InstdAmt Ccy="EUR">{amount_text}</InstdAmt>\n        </Amt>\n')
    if n in faults.get("bad-bic", ()):
        bic = "BKAUQQWWXXX"
        planted.append(Planted("bad-bic", n, w.line + 2))
    tag = "BIC" if legacy else "BICFI"
    w.write(f"        <CdtrAgt>\n          <FinInstnId>\n            <{tag}>{bic}</{tag}>\n")
    w.write("          </FinInstnId>\n        </CdtrAgt>\n")
    w.write(f"        <Cdtr>\n          <Nm>Kreditor {n} Handels GmbH</Nm>\n          <PstlAdr>\n")
    town = _TOWNS[n % len(_TOWNS)]
    if legacy:
        w.write(f"            <Ctry>AT</Ctry>\n            <AdrLine>Hauptplatz {n % 200 + 1}")
        w.write(f"</AdrLine>\n            <AdrLine>{1010 + n % 8000} {town}</AdrLine>\n")
    else:
        w.write(f"            <StrtNm>Hauptplatz</StrtNm>\n            <BldgNb>{n % 200 + 1}")
        w.write(f"</BldgNb>\n            <PstCd>{1010 + n % 8000}</PstCd>\n")
        w.write(f"            <TwnNm>{town}</TwnNm>\n            <Ctry>AT</Ctry>\n")
    w.write("          </PstlAdr>\n        </Cdtr>\n")
    if n in faults.get("bad-iban", ()):
        cdtr_iban = wrong_check_digits(cdtr_iban)
        planted.append(Planted("bad-iban", n, w.line + 2))
    w.write(f"        <CdtrAcct>\n          <Id>\n            <IBAN>{cdtr_iban}</IBAN>\n")
    w.write("          </Id>\n        </CdtrAcct>\n")
    w.write(f"        <RmtInf>\n          <Ustrd>Invoice {n:09d} of 2026-03 for goods delivered")
    w.write(" under contract QX-2026 line items 1 to 12</Ustrd>\n        </RmtInf>\n")
    w.write("      </CdtTrfTxInf>\n")
    return amount


def _total(transactions: int) -> Decimal:
    return sum((amount_of(n) for n in range(1, transactions + 1)), Decimal(0))


def write_xml(
    out: IO[bytes],
    version: str,
    transactions: int,
    faults: Iterable[Fault | str] = (),
    *,
    executed: date = EXECUTED,
    cbpr: bool = False,
) -> list[Planted]:
    """Write a pain.001 (one PmtInf block) or pacs.008 of ``transactions`` transactions; a
    pain.001 asks for execution on ``executed``; ``cbpr`` writes a pacs.008 as a CBPR+ message."""
    if version not in PAIN_VERSIONS + PACS_VERSIONS:
        raise ValueError(f"unknown version {version!r}; choose from {', '.join(KINDS)}")
    wanted = _faults(faults)
    planted: list[Planted] = []
    w = _Writer(out)
    pacs = version.startswith("pacs")
    total = _total(transactions)
    stated_total = total + (Decimal("1.00") if "ctrlsum" in wanted else 0)
    stated_count = transactions + (1 if "nboftxs" in wanted else 0)
    body = "FIToFICstmrCdtTrf" if pacs else "CstmrCdtTrfInitn"
    cbpr = cbpr and pacs
    w.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    if cbpr:
        _write_apphdr(w, version, transactions)
    w.write(f'<Document xmlns="{_NS}{version}">\n  <{body}>\n    <GrpHdr>\n')
    w.write(f"      <MsgId>QX-GEN-{transactions}</MsgId>\n")
    w.write("      <CreDtTm>2026-03-02T08:15:00+01:00</CreDtTm>\n")
    if "nboftxs" in wanted:
        planted.append(Planted("nboftxs", 0, w.line))
    w.write(f"      <NbOfTxs>{stated_count}</NbOfTxs>\n")
    if "ctrlsum" in wanted:
        planted.append(Planted("ctrlsum", 0, w.line))
    if pacs:
        if not cbpr:  # CBPR+ carries the amount and date per transaction only
            w.write(f'      <TtlIntrBkSttlmAmt Ccy="EUR">{stated_total}</TtlIntrBkSttlmAmt>\n')
            w.write("      <IntrBkSttlmDt>2026-03-02</IntrBkSttlmDt>\n")
        w.write("      <SttlmInf>\n        <SttlmMtd>INDA</SttlmMtd>\n      </SttlmInf>\n")
        w.write("    </GrpHdr>\n")
        indent = "    "
    else:
        w.write(f"      <CtrlSum>{stated_total}</CtrlSum>\n")
        w.write("      <InitgPty>\n        <Nm>Muster Maschinenbau GmbH</Nm>\n      </InitgPty>\n")
        w.write("    </GrpHdr>\n")
        _write_pmtinf_header(w, version, transactions, total, executed)
        indent = "      "
    for n in range(1, transactions + 1):
        _xml_tx(w, n, version, wanted, planted)
    if not pacs:
        w.write("    </PmtInf>\n")
    _ = indent
    w.write(f"  </{body}>\n</Document>\n")
    if cbpr:
        w.write("</Envelope>\n")
    w.flush()
    return planted


def _write_apphdr(w: _Writer, version: str, transactions: int) -> None:
    """The envelope's start and the CBPR+ AppHdr: from the debtor's bank to the creditor's."""
    w.write('<Envelope xmlns="urn:swift:xsd:envelope">\n')
    w.write(f'<AppHdr xmlns="{_NS}head.001.001.02">\n')
    for side, bic in (("Fr", DEBTOR_BIC), ("To", CREDITOR_BIC)):
        w.write(f"  <{side}><FIId><FinInstnId><BICFI>{bic}</BICFI></FinInstnId></FIId></{side}>\n")
    w.write(f"  <BizMsgIdr>QX-GEN-{transactions}</BizMsgIdr>\n")
    w.write(f"  <MsgDefIdr>{version}</MsgDefIdr>\n  <BizSvc>swift.cbprplus.04</BizSvc>\n")
    w.write("  <CreDt>2026-03-02T08:15:00+01:00</CreDt>\n</AppHdr>\n")


def _write_pmtinf_header(
    w: _Writer, version: str, transactions: int, total: Decimal, executed: date
) -> None:
    """The pain.001 payment information block up to its first transaction."""
    w.write("    <PmtInf>\n      <PmtInfId>QX-GEN-PMT-1</PmtInfId>\n")
    w.write("      <PmtMtd>TRF</PmtMtd>\n      <BtchBookg>true</BtchBookg>\n")
    w.write(f"      <NbOfTxs>{transactions}</NbOfTxs>\n      <CtrlSum>{total}</CtrlSum>\n")
    w.write("      <PmtTpInf>\n        <SvcLvl>\n          <Cd>SEPA</Cd>\n        </SvcLvl>\n")
    w.write("      </PmtTpInf>\n")
    if version == "pain.001.001.03":
        w.write(f"      <ReqdExctnDt>{executed.isoformat()}</ReqdExctnDt>\n")
    else:
        w.write(f"      <ReqdExctnDt>\n        <Dt>{executed.isoformat()}</Dt>\n")
        w.write("      </ReqdExctnDt>\n")
    w.write("      <Dbtr>\n        <Nm>Muster Maschinenbau GmbH</Nm>\n        <PstlAdr>\n")
    if version == "pain.001.001.03":
        w.write("          <Ctry>DE</Ctry>\n          <AdrLine>Frankfurt am Main</AdrLine>\n")
    else:
        w.write("          <TwnNm>Frankfurt am Main</TwnNm>\n          <Ctry>DE</Ctry>\n")
    w.write("        </PstlAdr>\n      </Dbtr>\n")
    w.write(f"      <DbtrAcct>\n        <Id>\n          <IBAN>{DEBTOR_IBAN}</IBAN>\n")
    w.write("        </Id>\n      </DbtrAcct>\n")
    tag = "BIC" if version == "pain.001.001.03" else "BICFI"
    w.write(f"      <DbtrAgt>\n        <FinInstnId>\n          <{tag}>{DEBTOR_BIC}</{tag}>\n")
    w.write("        </FinInstnId>\n      </DbtrAgt>\n      <ChrgBr>SLEV</ChrgBr>\n")


_MT_HEAD = "{1:F01DEUTDEFFAXXX0000000001}{2:I103BKAUATWWXXXXN}{3:{121:%s}}{4:\r\n"


def write_mt(out: IO[bytes], messages: int, faults: Iterable[Fault | str] = ()) -> list[Planted]:
    """Write ``messages`` MT103 messages back to back (CRLF lines), with the requested faults."""
    wanted = _faults(faults)
    planted: list[Planted] = []
    w = _Writer(out)
    for n in range(1, messages + 1):
        ref = 1 if n in wanted.get("dup-e2e", ()) else n
        amount = f"{amount_of(n)}".replace(".", ",")
        currency = "EUR"
        w.write(_MT_HEAD % uuid.UUID(int=n * 0x9E3779B97F4A7C15 % 2**128, version=4))
        w.write(f":20:QXMT{ref:012d}\r\n:23B:CRED\r\n")
        if n in wanted.get("bad-currency", ()):
            currency = "XXQ"
            planted.append(Planted("bad-currency", n, w.line))
        w.write(f":32A:260302{currency}{amount}\r\n:33B:EUR{amount}\r\n")
        w.write(f":50K:/{DEBTOR_IBAN}\r\nMUSTER MASCHINENBAU GMBH\r\nFRANKFURT AM MAIN\r\n")
        w.write(f":52A:{DEBTOR_BIC}\r\n:57A:{CREDITOR_BIC}\r\n")
        account = creditor_iban(n)
        if n in wanted.get("bad-iban", ()):
            account = wrong_check_digits(account)
            planted.append(Planted("bad-iban", n, w.line))
        w.write(f":59:/{account}\r\nKREDITOR {n} HANDELS GMBH\r\nWIEN\r\n")
        w.write(f":70:INVOICE {n:09d}\r\n:71A:SHA\r\n-}}")
        w.write("\r\n")
    w.flush()
    return planted


def write(
    path: str | Path,
    kind: str,
    count: int,
    faults: Sequence[Fault | str] = (),
) -> list[Planted]:
    """Write a file of ``kind`` (see :data:`KINDS`) with ``count`` transactions or messages."""
    with open(path, "wb") as out:
        if kind == "mt103":
            return write_mt(out, count, faults)
        return write_xml(out, kind, count, faults)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write one file, print the planted faults."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("-n", "--transactions", type=int, default=1000, help="or messages (MT)")
    parser.add_argument("-o", "--output", required=True, help="file to write ('-' for stdout)")
    parser.add_argument("--fault", action="append", default=[], help="e.g. bad-iban@17, ctrlsum")
    args = parser.parse_args(argv)
    if args.output == "-":
        out = sys.stdout.buffer
        planted = (
            write_mt(out, args.transactions, args.fault)
            if args.kind == "mt103"
            else write_xml(out, args.kind, args.transactions, args.fault)
        )
    else:
        planted = write(args.output, args.kind, args.transactions, args.fault)
    for item in planted:
        print(f"planted {item.fault} at #{item.index}, line {item.line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
