"""Documents per second for check_xml (parse + XSD + rules) beside lxml and peers.

Run: ``QENEX_SCHEMA_DIR=.schemas .venv/bin/python benchmarks/iso20022_bench.py``. Inputs are a
1-transaction pacs.008.001.08 and a 1,000-transaction pain.001.001.09 made by our renderer.
Target: check_xml within 2x of lxml parse + XSD validate. Peers are skipped when not installed.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "iso20022"))

from conftest import initiation, interbank
from qenex_messages.iso20022 import check_xml, render_document
from qenex_messages.iso20022.schemas import entry, load_schema, schema_store


def rate(fn: Callable[[], object], seconds: float = 1.0, rounds: int = 5) -> float:
    """Median documents per second over ``rounds`` timed rounds."""
    fn()
    results = []
    for _ in range(rounds):
        count = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds / rounds:
            fn()
            count += 1
        results.append(count / (time.perf_counter() - start))
    return statistics.median(results)


def bench(label: str, data: bytes, version: str) -> None:
    schema = load_schema(version)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    rows: list[tuple[str, float | None]] = [
        ("lxml parse (floor)", rate(lambda: etree.fromstring(data, parser))),
        ("lxml parse + XSD", rate(lambda: schema.validate(etree.fromstring(data, parser)))),
        ("qenex check_xml (parse+XSD+rules)", rate(lambda: check_xml(data))),
    ]
    try:
        import xmlschema

        item = entry(version)
        assert item is not None
        peer = xmlschema.XMLSchema(str(schema_store() / item.file))
        text = data.decode()
        rows.append(("xmlschema is_valid", rate(lambda: peer.is_valid(text), rounds=3)))
    except ImportError:
        rows.append(("xmlschema is_valid", None))
    try:
        from xsdata.formats.dataclass.parsers import XmlParser

        if version == "pacs.008.001.08":
            from pyiso20022.pacs.pacs_008_001_08 import Document
        else:
            from pyiso20022.pain.pain_001_001_09 import Document
        xs_parser = XmlParser()
        rows.append(
            ("pyiso20022 parse", rate(lambda: xs_parser.from_bytes(data, Document), rounds=3))
        )
    except ImportError:
        rows.append(("pyiso20022 parse (not installed)", None))
    floor = rows[1][1] or 1.0
    print(f"\n{label} ({len(data):,} bytes)")
    for name, value in rows:
        if value is None:
            print(f"  {name:40s}  skipped")
        else:
            print(f"  {name:40s} {value:12,.1f} docs/s  {floor / value:5.2f}x lxml parse+XSD time")


def main() -> None:
    pacs = render_document(interbank(1), "pacs.008.001.08", header=False)
    pain = render_document(initiation(1000), "pain.001.001.09")
    assert pacs.ok
    assert pain.ok
    bench("pacs.008.001.08, 1 transaction", pacs.value, "pacs.008.001.08")
    bench("pain.001.001.09, 1,000 transactions", pain.value, "pain.001.001.09")


if __name__ == "__main__":
    main()
