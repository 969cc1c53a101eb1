"""The sample documents the rulebook examples edit, and the runner that checks an example.

Each file in ``rules/samples/`` is a small valid message written for this project (fictitious
parties) that passes every rule of its profile on :data:`SAMPLES_DATE`. A rule's failing example
breaks one thing in it with a text replacement.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources

from lxml import etree

from qenex_messages.findings import Finding
from qenex_messages.iso20022.xmlsafe import safe_parser
from qenex_messages.rule_record import Example, Rule, apply_edits, register_runner
from qenex_messages.rules.base import RULEBOOK_KINDS
from qenex_messages.rules.view import Message

SAMPLES_DATE = date(2026, 11, 26)
"""The date the samples were written for (their execution dates follow it); examples without
their own ``as_of`` are checked on it, so they give the same answer on any day."""


@cache
def sample(name: str) -> str:
    """The text of the sample document ``name`` (``sepa-pain.001.001.09`` ...)."""
    path = resources.files("qenex_messages.rules").joinpath(f"samples/{name}.xml")
    return path.read_text("utf-8")


def sample_names() -> tuple[str, ...]:
    """Every sample document's name."""
    folder = resources.files("qenex_messages.rules").joinpath("samples")
    return tuple(sorted(p.name.removesuffix(".xml") for p in folder.iterdir() if p.is_file()))


def example_text(example: Example) -> str:
    """The example's document: its sample with each edit applied once."""
    return apply_edits(sample(example.base), example)


def parse(text: str) -> etree._Element:
    """A sample or example document parsed with the hardened settings."""
    return etree.fromstring(text.encode(), safe_parser())


def run_rulebook_example(rule: Rule[Message], example: Example) -> list[Finding]:
    """The findings of ``rule`` on the example's document, under its profile and date."""
    root = parse(example_text(example))
    profile = example.under or rule.order[0]
    msg = Message(
        root, as_of=example.as_of or SAMPLES_DATE, source=f"{example.base}.xml", profile=profile
    )
    return rule.run(msg)


for _kind in RULEBOOK_KINDS:
    register_runner(_kind, run_rulebook_example)

SEPA_PAIN = "sepa-pain.001.001.09"
SEPA_PAIN_03 = "sepa-pain.001.001.03"
SEPA_03_DATE = date(2023, 6, 1)
"""The .03 sample's date: before pain.001.001.09 replaced .03 on 19 Nov 2023."""
SEPA_PACS = "sepa-pacs.008.001.08"
CBPR_PACS = "cbpr-pacs.008.001.08"
CBPR_PAIN = "cbpr-pain.001.001.09"
FEDWIRE_PACS = "fedwire-pacs.008.001.08"
HVPS_PACS = "hvps-pacs.008.001.08"
CHAPS_PACS = "chaps-pacs.008.001.08"
