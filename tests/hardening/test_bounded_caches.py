"""What the library keeps between messages does not grow with what a sender makes up.

Property: validating messages in many made-up namespaces (the profile runs on any pacs.008 or
pain.001 version) leaves every cache keyed by a namespace or tag within its bound.
"""

from __future__ import annotations

from qenex_messages.iso20022 import checks
from qenex_messages.rules import check_profile, proofs, view
from qenex_messages.rules.cbpr import values
from qenex_messages.rules.samples import SAMPLES_DATE, parse, sample
from qenex_messages.rules.sepa import common

_MADE_UP = 300


def test_namespace_keyed_caches_stay_bounded() -> None:
    sepa = sample("sepa-pain.001.001.09")
    cbpr = sample("cbpr-pacs.008.001.08")
    for i in range(_MADE_UP):
        made_up = sepa.replace("pain.001.001.09", f"pain.001.001.{100 + i}")
        check_profile(parse(made_up), "sepa", as_of=SAMPLES_DATE)
        made_up = cbpr.replace("pacs.008.001.08", f"pacs.008.001.{100 + i}")
        check_profile(parse(made_up), "cbpr+", as_of=SAMPLES_DATE)
    for cached in (common._proof_tags, values._kind_of, view._clark, view._steps, proofs._xpath):
        info = cached.cache_info()
        assert info.maxsize is not None and info.currsize <= info.maxsize, cached


def test_the_local_names_of_tags_stay_bounded() -> None:
    for i in range(checks._MAX_NAMES + 10):
        checks._name(f"{{urn:x:{i}}}Nm")
    assert len(checks._NAMES) <= checks._MAX_NAMES
