"""The Arrow schemas of the exported tables: the one place their columns are defined.

Five tables, each a tuple of :class:`Column` (name, Arrow type, meaning):

- :data:`TRANSACTIONS`: one row per credit transfer transaction;
- :data:`FINDINGS`: one row per finding, as ``validate`` reports it;
- :data:`FILES`: one row per input (a file, or a member of a zip archive);
- :data:`ADDRESSES`: one row per party and agent, with its address shape and what
  :func:`~qenex_messages.rules.propose_address` suggests for it;
- :data:`TRANSLATIONS`: one row per finding of translating each MT103 to pacs.008 and each
  pacs.008 to MT103 (what a migration would cut), when asked for.

Column names and types are a contract: a new column may be added at the end of a table, an
existing one is never renamed, retyped or dropped (``SCHEMA_VERSION`` says which contract a file
follows; it is written into each Parquet file's metadata). Amounts are ``decimal128(23, 5)``:
the 18 digits and 5 decimals ISO 20022 allows (MT's 15 digits fit), so money never passes
through a float. The module imports without pyarrow; :func:`arrow_schema` needs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "ADDRESSES",
    "AMOUNT_PRECISION",
    "AMOUNT_SCALE",
    "FILES",
    "FINDINGS",
    "SCHEMA_VERSION",
    "TABLES",
    "TRANSACTIONS",
    "TRANSLATIONS",
    "Column",
    "arrow_schema",
    "markdown",
    "refreshed",
]

SCHEMA_VERSION = "1"
"""The version of the table contract, in each Parquet file's ``qenex_messages.schema`` key."""

AMOUNT_PRECISION = 23
"""Digits of an amount column: 18 before the point at most (ISO 20022 ``totalDigits``) + 5."""
AMOUNT_SCALE = 5
"""Decimals of an amount column: ISO 20022 ``fractionDigits``."""

_TYPES = {
    "string": "string",
    "int32": "int32",
    "int64": "int64",
    "bool": "bool",
    "date": "date32[day]",
    "amount": f"decimal128({AMOUNT_PRECISION}, {AMOUNT_SCALE})",
    "float": "double",
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name, its kind (a key of the type table) and what it holds."""

    name: str
    kind: str
    doc: str

    @property
    def arrow_type(self) -> str:
        """The Arrow type, as Arrow writes it (``string``, ``decimal128(23, 5)``, ...)."""
        return _TYPES[self.kind]


def _party(role: str, what: str) -> tuple[Column, ...]:
    return (
        Column(f"{role}_name", "string", f"{what}: name"),
        Column(f"{role}_country", "string", f"{what}: country of the postal address"),
        Column(
            f"{role}_address_shape",
            "string",
            f"{what}: address shape (structured, hybrid, unstructured, country-only, empty, none)",
        ),
    )


_WHERE = (
    Column("source", "string", "the file (``archive.zip!member`` for a member of a zip)"),
    Column("message_index", "int32", "0-based position of the message in its file"),
)

TRANSACTIONS: tuple[Column, ...] = (
    *_WHERE,
    Column("transaction_index", "int32", "0-based position of the transaction in its message"),
    Column("message_type", "string", "``MT103``, ``pacs.008`` or ``pain.001``"),
    Column("version", "string", "message definition, e.g. ``pacs.008.001.08`` (MT: ``MT103``)"),
    Column("message_id", "string", "GrpHdr/MsgId; MT: field 20"),
    Column("creation_date_time", "string", "GrpHdr/CreDtTm as ISO 8601 text, offset kept"),
    Column("instruction_id", "string", "PmtId/InstrId"),
    Column("end_to_end_id", "string", "PmtId/EndToEndId; MT: field 20 or 21"),
    Column("transaction_id", "string", "PmtId/TxId"),
    Column("uetr", "string", "PmtId/UETR; MT: block 3 field 121"),
    Column("amount", "amount", "settlement amount (IntrBkSttlmAmt), else the instructed amount"),
    Column("currency", "string", "currency of ``amount``"),
    Column("instructed_amount", "amount", "InstdAmt; MT: field 33B"),
    Column("instructed_currency", "string", "currency of ``instructed_amount``"),
    Column(
        "settlement_date",
        "date",
        "IntrBkSttlmDt (MT: 32A date); pain.001: the requested execution date",
    ),
    Column("charge_bearer", "string", "ChrgBr code (``SHAR``, ``DEBT``, ``CRED``, ``SLEV``)"),
    *_party("debtor", "debtor (MT: 50a)"),
    Column("debtor_account", "string", "debtor account: IBAN, else the other identification"),
    *_party("creditor", "creditor (MT: 59a)"),
    Column("creditor_account", "string", "creditor account: IBAN, else the other identification"),
    *_party("ultimate_debtor", "ultimate debtor"),
    *_party("ultimate_creditor", "ultimate creditor"),
    Column("instructing_agent_bic", "string", "InstgAgt BIC; MT: the sender"),
    Column("instructed_agent_bic", "string", "InstdAgt BIC; MT: the receiver"),
    Column("debtor_agent_bic", "string", "DbtrAgt BIC (MT: 52a)"),
    Column("creditor_agent_bic", "string", "CdtrAgt BIC (MT: 57a)"),
    Column("intermediary_agent_bic", "string", "IntrmyAgt1 BIC (MT: 56a)"),
    Column("purpose", "string", "Purp code or proprietary text"),
    Column("remittance", "string", "unstructured remittance lines, joined by newlines"),
    Column("message_ok", "bool", "true when the message has no error finding"),
)

FINDINGS: tuple[Column, ...] = (
    *_WHERE,
    Column(
        "transaction_index",
        "int32",
        "0-based transaction the finding is about (from its XPath; MT: 0); empty for the "
        "header and the file",
    ),
    Column("code", "string", "finding code (``T26``, ``QX101``, ...; see docs/codes.md)"),
    Column("severity", "string", "``error``, ``warning`` or ``info``"),
    Column("message", "string", "what is wrong and what to change"),
    Column("line", "int32", "1-based line in the source"),
    Column("column", "int32", "1-based column in the source"),
    Column("field", "string", "MT field tag with option letter (``50K``)"),
    Column("xpath", "string", "XPath of the XML element"),
)

FILES: tuple[Column, ...] = (
    Column("source", "string", "the file (``archive.zip!member`` for a member of a zip)"),
    Column("compression", "string", "``gzip`` or ``zip`` when read from an archive, else empty"),
    Column("size_bytes", "int64", "bytes of the message file (after decompression)"),
    Column("sha256", "string", "SHA-256 of those bytes, hex; empty when the file was not read"),
    Column("format", "string", "``mt``, ``xml`` or ``unknown``"),
    Column("messages", "int32", "messages read"),
    Column("transactions", "int32", "transactions read into the model"),
    Column("errors", "int32", "error findings"),
    Column("warnings", "int32", "warning findings"),
    Column("infos", "int32", "info findings"),
    Column("ok", "bool", "true when no finding of the file is an error"),
)

ADDRESSES: tuple[Column, ...] = (
    *_WHERE,
    Column("transaction_index", "int32", "0-based position of the transaction in its message"),
    Column("message_type", "string", "``MT103``, ``pacs.008`` or ``pain.001``"),
    Column("role", "string", "``debtor``, ``creditor``, ``debtor_agent``, ... (one per party)"),
    Column("name", "string", "the party's or agent's name"),
    Column("bic", "string", "the agent's BIC (agents only)"),
    Column(
        "shape",
        "string",
        "structured, hybrid, unstructured, country-only, empty (an empty PstlAdr) or none",
    ),
    Column("country", "string", "Ctry of the postal address"),
    Column("town", "string", "TwnNm of the postal address"),
    Column("address_lines", "int32", "how many AdrLine (MT: free address lines) it has"),
    Column(
        "hybrid_ready",
        "bool",
        "true when the address passes the hybrid-address rule as it is: structured or hybrid "
        "with TwnNm and Ctry and at most two AdrLine (no address at all passes too)",
    ),
    Column(
        "corridor",
        "string",
        "country of the debtor agent's BIC (else the instructing agent's), ``>``, the creditor "
        "agent's (else the instructed agent's), e.g. ``GB>US``",
    ),
    Column("proposed", "bool", "true when ``propose_address`` suggests a structured address"),
    Column("proposed_street", "string", "StrtNm it proposes"),
    Column("proposed_building", "string", "BldgNb it proposes"),
    Column("proposed_post_code", "string", "PstCd it proposes"),
    Column("proposed_town", "string", "TwnNm it proposes"),
    Column("proposed_country", "string", "Ctry it proposes"),
    Column("proposal_confidence", "float", "its confidence, 0 to 1"),
    Column("proposal_reason", "string", "why it proposes this, or why it cannot"),
)

TRANSLATIONS: tuple[Column, ...] = (
    *_WHERE,
    Column(
        "direction",
        "string",
        "``MT103>pacs.008`` (translated with ``mt103_to_pacs008``) or ``pacs.008>MT103``",
    ),
    Column("code", "string", "finding code of the translation (``QX44x``: what is cut or lost)"),
    Column("severity", "string", "``warning`` for a loss, ``error`` for a refusal"),
    Column("message", "string", "what is lost and why"),
    Column("field", "string", "the MT field it is about (``72``, ``3:121``)"),
    Column("xpath", "string", "the pacs.008 element it is about"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "transactions": TRANSACTIONS,
    "findings": FINDINGS,
    "files": FILES,
    "addresses": ADDRESSES,
    "translations": TRANSLATIONS,
}
"""Every table by name (the Parquet file is ``<name>.parquet``)."""


def arrow_schema(table: str) -> pa.Schema:
    """The :class:`pyarrow.Schema` of ``table`` (a key of :data:`TABLES`)."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "amount": pa.decimal128(AMOUNT_PRECISION, AMOUNT_SCALE),
        "float": pa.float64(),
    }
    return pa.schema(
        [pa.field(c.name, types[c.kind]) for c in TABLES[table]],
        metadata={"qenex_messages.schema": SCHEMA_VERSION, "qenex_messages.table": table},
    )


BEGIN = "<!-- tables: generated from qenex_messages/columnar/schema.py by make docs -->"
END = "<!-- end of tables -->"


def refreshed(page: Path) -> str:
    """The text of ``page`` (docs/scale-out.md) with the part between :data:`BEGIN` and
    :data:`END` replaced by :func:`markdown`."""
    text = page.read_text("utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{markdown()}\n{END}{tail}"


def markdown() -> str:
    """The tables as Markdown, the generated part of docs/scale-out.md."""
    out: list[str] = []
    for name, columns in TABLES.items():
        out += [f"### `{name}`", "", "| column | Arrow type | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | `{c.arrow_type}` | {c.doc.replace('``', '`')} |" for c in columns]
        out.append("")
    return "\n".join(out)
