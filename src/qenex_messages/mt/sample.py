"""The MT103 sample the network-rule examples edit, and the runner that checks an example.

The sample is a valid core MT103 (fictitious parties); :func:`build` changes one field at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qenex_messages.findings import Finding
from qenex_messages.mt.check import check_mt
from qenex_messages.mt.fields import FIELD_ORDER
from qenex_messages.rule_record import Example, Rule, register_runner

UETR = "eb6305c9-1f7f-49de-aed0-16487c27b42d"
BASE_FIELDS: tuple[tuple[str, str], ...] = (
    ("20", "REF123"),
    ("23B", "CRED"),
    ("32A", "250115USD1000,00"),
    ("50K", "/12345678\nJOHN DOE\n1 MAIN STREET"),
    ("59", "/87654321\nJANE ROE"),
    ("71A", "SHA"),
)
VARIANT_BLOCK3 = {
    "core": f"{{121:{UETR}}}",
    "STP": f"{{119:STP}}{{121:{UETR}}}",
    "REMIT": f"{{119:REMIT}}{{121:{UETR}}}",
}


def build(
    *changes: tuple[str, str | None],
    base: Iterable[tuple[str, str]] = BASE_FIELDS,
    sender: str = "BNPAFRPPAXXX",
    receiver: str = "CHASUS33XXXX",
    block3: str | None = None,
    line_ending: str = "\r\n",
) -> str:
    """The base message with ``changes``: (tag, value) replaces every field of that tag (or of
    the same base tag, e.g. 50K replaces 50K) or adds it; (tag, None) removes it; a tag ending in
    ``+`` adds another occurrence."""
    fields = list(base)
    for tag, value in changes:
        if tag.endswith("+"):
            fields.append((tag[:-1], value or ""))
            continue
        same = [
            i for i, (t, _) in enumerate(fields) if t[:2] == tag[:2] and _family(t) == _family(tag)
        ]
        for i in reversed(same):
            del fields[i]
        if value is not None:
            fields.append((tag, value))
    order = {t: i for i, t in enumerate(FIELD_ORDER)}
    fields.sort(key=lambda f: order.get(f[0], 999))
    b3 = block3 if block3 is not None else VARIANT_BLOCK3["core"]
    le = line_ending
    body = "".join(f":{t}:{v.replace(chr(10), le)}{le}" for t, v in fields)
    header = f"{{1:F01{sender}0000000000}}{{2:I103{receiver}N}}"
    return f"{header}{{3:{b3}}}{{4:{le}{body}-}}"


def _family(tag: str) -> str:
    # 23B and 23E, 71A/71F/71G, 77B/77T are different fields; 50A/50F/50K are options of one.
    return tag if tag[:2] in ("23", "71", "77") else tag[:2]


def run_network_example(_rule: Rule[Any], example: Example) -> list[Finding]:
    """Every finding of ``check_mt`` on the sample with the example's changes and variant."""
    options = dict(example.options)
    text = build(
        *example.edits,
        sender=options.get("sender", "BNPAFRPPAXXX"),
        receiver=options.get("receiver", "CHASUS33XXXX"),
        block3=VARIANT_BLOCK3[example.under or "core"],
    )
    (report,) = check_mt(text, source="sample.fin")
    return list(report.findings)


register_runner("mt103", run_network_example)
