"""Version migration of one message type (pain.001.001.03 -> .09, pacs.008.001.02 -> .08, ...).

The message is read into the version-neutral model and rendered in the target version. Renamed
elements (BIC -> BICFI, BICOrBEI -> AnyBIC) are no loss and give no finding; each element or
value the target cannot carry is a warning finding from the renderer (``QX38x``) with its XPath.
pacs.008.001.02 requires a TxId, which later versions made optional: a transaction without one
is an error unless a TxId template supplies it (nothing is invented).
"""

from __future__ import annotations

from qenex_messages.findings import Finding, Outcome, QenexError
from qenex_messages.iso20022 import SUPPORTED, render_document
from qenex_messages.translation import codes as t
from qenex_messages.translation._common import (
    check_txid_template,
    fill_transaction_ids,
    read_document,
)
from qenex_messages.versions import MessageVersion

__all__ = ["migrate"]


def migrate(
    data: bytes, *, to: MessageVersion, transaction_id: str | None = None
) -> Outcome[bytes]:
    """``data`` (a pacs.008 or pain.001 in any supported version) rendered as version ``to`` of
    the same message; an AppHdr is kept (with MsgDefIdr set to ``to``). ``transaction_id`` is a
    TxId template (``{InstrId}``, ``{EndToEndId}``, ``{MsgId}``, ``{n}``: the transaction's
    number) for pacs.008 transactions without a TxId, which pacs.008.001.02 requires. Raises
    :class:`QenexError` when ``to`` is not a supported version or the template is bad."""
    if to not in SUPPORTED:
        raise QenexError(f"{to!r} is not a supported version ({', '.join(SUPPORTED)})")
    if transaction_id is not None:
        check_txid_template(transaction_id)
    parsed, problems = read_document(data, to[:8])
    if parsed is None:
        return Outcome(b"", tuple(problems))
    model = parsed.model
    if model.application_header is not None:
        model = model.model_copy(
            update={
                "application_header": model.application_header.model_copy(
                    update={"message_definition_id": to}
                )
            }
        )
    findings: list[Finding] = []
    if parsed.info.version == to:
        findings.append(t.DEFAULTED.finding(f"the input is already {to}; rendered again"))
    if to.startswith("pacs.008"):
        model = fill_transaction_ids(model, to, transaction_id, findings)
        if any(f.is_error for f in findings):
            return Outcome(b"", tuple(findings))
    rendered = render_document(model, to)
    return Outcome(rendered.value, (*findings, *rendered.findings))
