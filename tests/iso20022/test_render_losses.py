"""Rendering never loses data silently, and dateless times still give valid XML."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from qenex_messages.iso20022 import check_xml, render_document
from qenex_messages.model import SupplementaryData, TimeIndication
from tests.conftest import best_cpu_time

from .conftest import initiation, interbank

sys.path.insert(0, str(Path(__file__).parent))


def _with_tx(**update: object) -> object:
    model = interbank(1)
    tx = model.transactions[0].model_copy(update=update)
    return model.model_copy(update={"transactions": (tx,)})


def test_data_kept_from_another_format_is_reported_when_dropped(schema_store: Path) -> None:
    model = _with_tx(supplementary_data=(SupplementaryData(content="SPRI", origin="MT103 23B"),))
    out = render_document(model, "pacs.008.001.08")  # type: ignore[arg-type]
    dropped = [f for f in out.findings if f.code == "QX380"]
    assert [f.message for f in dropped] == [
        "kept data 'SPRI' from MT103 23B has no place in pacs.008.001.08"
    ]


def test_kept_fragment_that_is_not_xml_is_reported(schema_store: Path) -> None:
    model = _with_tx(
        supplementary_data=(
            SupplementaryData(content="not <xml", origin="/Document/X/CdtTrfTxInf[1]/Y"),
        )
    )
    out = render_document(model, "pacs.008.001.08")  # type: ignore[arg-type]
    assert any(f.code == "QX380" and "cannot be put back" in f.message for f in out.findings)


def test_a_time_without_a_date_is_placed_on_the_dummy_date(schema_store: Path) -> None:
    sent = dt.time(10, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    model = _with_tx(time_indications=(TimeIndication(kind="DBTDTTM", time=sent),))
    out = render_document(model, "pacs.008.001.08")  # type: ignore[arg-type]
    assert out.ok
    assert b"<DbtDtTm>0001-01-01T10:15:00+01:00</DbtDtTm>" in out.value
    assert check_xml(out.value).ok


def test_rendering_time_grows_linearly_with_transactions(schema_store: Path) -> None:
    """Shaping used to move every child of every element: 10,000 transactions took ~7 s.

    Compared as a ratio inside one run (not an absolute time), with generous slack; the
    best CPU time of three renders without the garbage collector's pauses, so others sharing
    the machine do not count."""

    def seconds(n: int) -> float:
        model = initiation(n)
        return best_cpu_time(lambda: render_document(model, "pain.001.001.09"))

    seconds(50)  # warm the schema structure cache
    small, large = seconds(500), seconds(4000)
    assert large / small < 8 * 3, (small, large)  # linear is 8x; quadratic was ~64x
