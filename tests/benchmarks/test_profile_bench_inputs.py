"""The rulebook rows of the benchmark time messages that are clean under their profile: a
CBPR+ pacs.008 with its AppHdr, a SEPA pain.001 asking for execution on a coming TARGET day.
At 100 transactions the CBPR+ message has exactly the two findings of its one-transaction rule,
which the row's note names."""

from __future__ import annotations

from collections import Counter

import pytest

from qenex_messages.iso20022 import check_xml
from qenex_messages.pipeline import validate_bytes
from tests.conftest import REPO, load_script


@pytest.mark.parametrize("version", ["pacs.008.001.08", "pain.001.001.09"])
@pytest.mark.parametrize("count", [1, 100])
def test_profile_rows_time_what_they_say(version: str, count: int) -> None:
    bench = load_script(REPO / "benchmarks" / "run.py", "qenex_bench_run")
    data, expected = bench._clean_under(version, count)
    assert check_xml(data).ok
    profile = bench.PROFILE_OF[version]
    found = Counter(f.code for r in validate_bytes(data, profile=profile) for f in r.findings)
    assert found == expected
    assert bool(expected) == (count > 1 and profile == "cbpr+")
