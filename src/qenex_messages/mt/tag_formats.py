"""The formats of the FIN envelope's tags: what a well-formed value of each block 3 (user
header) and block 5 (trailer) tag looks like, and the order FIN wants block 3 in.

Kept apart from :mod:`~qenex_messages.mt.envelope` so the MT plan reads them without loading
the envelope's reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from qenex_messages import identifiers
from qenex_messages.charsets import X_CLASS

__all__ = ["BLOCK3_ORDER", "BLOCK3_RANK", "tag_pattern"]

BLOCK3_ORDER = ("103", "113", "108", "119", "423", "106", "424", "111", "121", "115", "165")
"""Known block 3 tags in the order FIN wants them (433 and 434 follow)."""
_BLOCK3_FORMATS: dict[str, str] = {
    "103": r"[A-Z]{3}",
    "113": f"[{X_CLASS}]{{4}}",
    "108": f"[{X_CLASS}]{{1,16}}",
    "119": r"[A-Z0-9]{1,8}",
    "423": r"[0-9]{12}(?:[0-9]{2})?",
    "106": r"[0-9]{6}[A-Z0-9]{12}[0-9]{10}",
    "424": f"[{X_CLASS}]{{1,16}}",
    "111": r"[0-9]{3}",
    "115": f"[{X_CLASS}]{{1,32}}",
    "165": f"/[A-Z0-9]{{3}}/(?:[{X_CLASS}]{{1,34}})?",
    "433": f"/[A-Z]{{3}}/(?:[{X_CLASS}]{{1,20}})?",
    "434": f"/[A-Z]{{3}}/(?:[{X_CLASS}]{{1,20}})?",
}
BLOCK3_RANK: Mapping[str, int] = MappingProxyType(
    {t: i for i, t in enumerate((*BLOCK3_ORDER, "433", "434"))}
)
"""Each known block 3 tag's place in the order FIN wants."""
_MIR = r"[0-9]{6}[A-Z0-9]{12}[0-9]{10}"
_BLOCK5_FORMATS: dict[str, str] = {
    "MAC": r"[0-9A-F]{8}",
    "PAC": r"[0-9A-F]{8}",
    "CHK": r"[0-9A-F]{12}",
    "TNG": r"",
    "PDE": rf"(?:[0-9]{{4}}{_MIR})?",
    "PDM": rf"(?:[0-9]{{4}}{_MIR})?",
    "DLM": r"",
    "MRF": rf"[0-9]{{6}}[0-9]{{4}}{_MIR}",
    "SYS": rf"(?:[0-9]{{4}}{_MIR})?",
}


def tag_pattern(block_id: str, tag: str) -> str | None:
    """The regular expression of a well-formed value of ``tag`` in block 3 or block 5 (``None``
    for a tag FIN does not define there)."""
    if block_id == "3" and tag == "121":
        return identifiers.UETR_PATTERN
    return (_BLOCK3_FORMATS if block_id == "3" else _BLOCK5_FORMATS).get(tag)
