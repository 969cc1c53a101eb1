"""The straightforward evaluation of a rulebook profile, to prove the one-walk view against.

:class:`WalkingMessage` answers every lookup by walking the tree again (the view as it was before
it kept its answers), and :func:`straightforward` runs a profile through it with the rules
filtered from the registry on every call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from qenex_messages.rule_record import Scope
from qenex_messages.rules import profiles
from qenex_messages.rules.base import PROFILES, RulebookRule, rulebook_rules
from qenex_messages.rules.view import Element, Message, _clark

T = TypeVar("T")


class WalkingMessage(Message):
    """A :class:`Message` that walks the tree for every question and keeps no answer."""

    def _tags(self, path: str, ns: str) -> list[str]:
        return [f"{{{ns}}}{step}" if ns else step for step in path.split("/")]

    def find(self, el: Element | None, path: str) -> Element | None:
        if el is None:
            return None
        if any(el is pi for pi in self.pmtinfs):
            found = self.findall(el, path)
            return found[0] if found else None
        return _chain(el, self._tags(path, self.ns))

    def findall(self, el: Element | None, path: str) -> list[Element]:
        if el is None:
            return []
        nodes = [el]
        for tag in self._tags(path, self.ns):
            nodes = [c for n in nodes for c in n.iterchildren(tag)]
            if not nodes:
                break
        return nodes

    def hfind(self, path: str) -> Element | None:
        if self.hdr is None:
            return None
        return _chain(self.hdr, self._tags(path, self.hns))

    def iter(self, *names: str) -> Iterator[Element]:
        if self.body is None:
            return iter(())
        return self.body.iter(*(_clark(n, self.ns) for n in names))

    def memo(self, key: str, compute: Callable[[Message], T]) -> T:  # noqa: ARG002
        return compute(self)


def _chain(el: Element, tags: list[str]) -> Element | None:
    node: Element | None = el
    for tag in tags:
        assert node is not None
        node = next(node.iterchildren(tag), None)
        if node is None:
            return None
    return node


def _rules_filtered(
    profile: str, scopes: frozenset[Scope] | None = None
) -> tuple[RulebookRule, ...]:
    assert profile in PROFILES
    return tuple(
        r
        for r in rulebook_rules()
        if profile in r.applies_to and (scopes is None or r.scope in scopes)
    )


@contextmanager
def straightforward() -> Iterator[None]:
    """Within the block, profiles run on :class:`WalkingMessage` with freshly filtered rules."""
    saved = profiles.Message, profiles.rules_for
    profiles.Message, profiles.rules_for = WalkingMessage, _rules_filtered  # type: ignore[misc]
    try:
        yield
    finally:
        profiles.Message, profiles.rules_for = saved  # type: ignore[misc]
