"""Fedwire Funds Service rules: the Release 2025 usage guidelines for pacs.008.001.08 and its BAH
head.001.001.03 (published 30 July 2024), transcribed from the guideline XSDs themselves.

Each restriction the guideline XSD adds to the ISO message is one rule whose title names the
guideline (F1: pacs.008, F2: head.001) and the element path. A user who has the guideline XSDs
also validates against them (``schemas add FILE --as NAME``, then ``validate --schema NAME``);
the rules say the same things in words a payment operator can act on, without the XSD.
"""

from __future__ import annotations

from qenex_messages.rules.fedwire import (
    agents,
    bah,
    dates,
    group,
    occurrences,
    parties,
    payment,
    unused,
)

_ = (dates, bah, group, payment, agents, parties, occurrences, unused)
