"""Readable XPaths: the memoised :class:`PathIndex` gives what the definition says.

Definition (checked element by element, over the corpus, the examples and generated trees): the
path is ``/`` and the local names from the Document (or AppHdr, or the root) down, each with
``[n]`` (its position among the siblings of its name) where that name repeats, and always on
transactions and payment blocks. Queries in any order, in one index or fresh ones, agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from qenex_messages.iso20022.paths import REPEATED
from qenex_messages.iso20022.xmlsafe import local_name
from qenex_messages.iso20022.xsd import PathIndex

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "iso20022"
FILES = sorted((REPO / "examples").glob("*.xml")) + (
    sorted(CORPUS.rglob("*.xml")) if CORPUS.is_dir() else []
)


def _defined(element: etree._Element) -> str:
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        name = local_name(node)
        parent = node.getparent()
        if parent is None or name in ("Document", "AppHdr"):
            steps.append(name)
            break
        same = [c for c in parent if c.tag == node.tag]
        repeated = len(same) > 1 or name in REPEATED
        steps.append(f"{name}[{same.index(node) + 1}]" if repeated else name)
        node = parent
    return "/" + "/".join(reversed(steps))


def _agree(tree: etree._Element, reverse: bool) -> None:
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    shared = PathIndex()
    for element in reversed(elements) if reverse else elements:
        expected = _defined(element)
        assert shared.path(element) == expected
        assert PathIndex().path(element) == expected


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_paths_follow_the_definition(path: Path) -> None:
    """Every element of every example and corpus document, queried top-down and bottom-up."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        pytest.skip("not well-formed (a corpus case for the parser)")
    _agree(tree.getroot(), reverse=False)
    _agree(tree.getroot(), reverse=True)


_NAMES = st.sampled_from(["Document", "AppHdr", "CdtTrfTxInf", "PmtInf", "Nm", "Id", "Ctry"])


@st.composite
def _trees(draw: st.DrawFn, depth: int = 0) -> etree._Element:
    element = etree.Element(draw(_NAMES) if depth else "Root")
    if depth < 4:
        for _ in range(draw(st.integers(0, 3))):
            element.append(draw(_trees(depth + 1)))
    return element


@settings(max_examples=200)
@given(tree=_trees(), reverse=st.booleans())
def test_generated_paths_follow_the_definition(tree: etree._Element, reverse: bool) -> None:
    """Any nesting of repeated and unique names, Documents inside Documents included."""
    _agree(tree, reverse)
