"""MT103 throughput: our parse, parse + validate and render beside the floor and a peer.

The floor is a bare regular-expression split of block 4 into tags (no envelope, no checks).
The peer is the PyPI ``mt103`` package (install it into the venv to include it; skipped when
absent). Each figure is the median of several rounds; the candidates run interleaved so that
machine noise hits them alike. Run: ``.venv/bin/python benchmarks/mt103_bench.py``.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable

from qenex_messages.mt import check_mt, parse_mt103

MESSAGE = (
    "{1:F01BNPAFRPPAXXX1234567890}{2:I103CHASUS33XXXXN}"
    "{3:{108:MUR-4711}{111:001}{121:eb6305c9-1f7f-49de-aed0-16487c27b42d}}{4:\r\n"
    ":20:REF-2025-0001\r\n"
    ":13C:/SNDTIME/0915+0100\r\n"
    ":23B:CRED\r\n"
    ":23E:SDVA\r\n"
    ":23E:PHOB/0033 1 4000 1234\r\n"
    ":26T:K90\r\n"
    ":32A:250115USD12345,67\r\n"
    ":33B:EUR11223,34\r\n"
    ":36:1,1\r\n"
    ":50K:/FR1420041010050500013M02606\r\n"
    "SOCIETE EXEMPLE SA\r\n"
    "12 RUE DE LA PAIX\r\n"
    "75002 PARIS\r\n"
    ":52A:BNPAFRPPXXX\r\n"
    ":53A:BNPAFRPP\r\n"
    ":54A:CHASUS33\r\n"
    ":56A:IRVTUS3N\r\n"
    ":57A:CITIUS33XXX\r\n"
    ":59F:/12345678901\r\n"
    "1/JANE ROE TRADING INC\r\n"
    "2/350 FIFTH AVENUE\r\n"
    "3/US/NEW YORK NY 10118\r\n"
    ":70:/ROC/E2E-2025-0001//INV 42\r\n"
    "PAYMENT FOR INVOICE 42 OF 20241231\r\n"
    ":71A:OUR\r\n"
    ":71G:USD25,\r\n"
    ":72:/INS/DEUTDEFF\r\n"
    "/ACC/PLEASE ADVISE BENEFICIARY\r\n"
    "//BY PHONE\r\n"
    ":77B:/ORDERRES/FR//12 RUE DE LA PAIX\r\n"
    "-}{5:{MAC:0A1B2C3D}{CHK:0123456789AB}}"
)

_FLOOR = re.compile(r"\{4:\r?\n(.*?)\r?\n-\}", re.S)
_TAGS = re.compile(r"^:(\d{2}[A-Z]?):", re.M)


def floor(text: str) -> object:
    """Block 4 split into (tag, value) pairs by two regular expressions."""
    m = _FLOOR.search(text)
    assert m is not None
    body = m.group(1)
    parts = _TAGS.split(body)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def main(rounds: int = 7, batch: int = 2000) -> None:
    assert check_mt(MESSAGE)[0].ok, check_mt(MESSAGE)[0].findings
    parsed = parse_mt103(MESSAGE)
    candidates: dict[str, Callable[[], object]] = {
        "floor: regex split of block 4": lambda: floor(MESSAGE),
        "qenex parse_mt103": lambda: parse_mt103(MESSAGE),
        "qenex check_mt (parse + validate)": lambda: check_mt(MESSAGE),
        "qenex render": parsed.render,
    }
    try:
        import mt103 as peer  # type: ignore[import-not-found,import-untyped,unused-ignore]

        # The peer's block-3 pattern refuses the '-' in 108 (valid: 16x), so it returns an empty,
        # falsy object for MESSAGE; time it on a copy it can read, or its figure means nothing.
        if not peer.MT103(MESSAGE):
            print(
                "(PyPI mt103 cannot parse the benchmark message: timed on a copy without '-'"
                " in 108)"
            )
        readable = MESSAGE.replace("{108:MUR-4711}", "{108:MUR4711}")
        assert peer.MT103(readable), "the peer must really parse what it is timed on"
        candidates["peer: PyPI mt103 (parse only)"] = lambda: peer.MT103(readable)
    except ImportError:
        print("(PyPI mt103 not installed: `.venv/bin/pip install mt103` to compare)")
    results: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, fn in candidates.items():
            start = time.perf_counter()
            for _ in range(batch):
                fn()
            results[name].append(batch / (time.perf_counter() - start))
    floor_rate = statistics.median(results["floor: regex split of block 4"])
    print(f"{'candidate':40} {'messages/s':>12} {'x floor':>8}")
    for name, rates in results.items():
        rate = statistics.median(rates)
        print(f"{name:40} {rate:12,.0f} {floor_rate / rate:8.1f}")


if __name__ == "__main__":
    main()
