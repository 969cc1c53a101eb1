"""A compiler for SWIFT's field-format notation (``16x``, ``6!n3!a15d``, ``4*35x``, ``[/34x]``).

:func:`compile_format` turns a notation into a :class:`CompiledFormat` once (cached) and the
result matches a field's content and extracts its sub-fields by name. Field content is written
with ``\\n`` between lines; in the notation ``$`` stands for that line break (Prowide's
convention), so ``[/34x$]4*35x`` is "optional account line, then 1 to 4 lines of 35".

Supported notation:

* ``n`` digits, ``a`` upper-case letters, ``c`` upper-case letters and digits, ``h`` upper-case
  hex, ``x`` the SWIFT X set, ``y`` the Y set, ``z`` the Z set (line breaks included), ``d`` a
  decimal-comma number, ``e`` a space, ``A`` letters in either case, ``B`` letters and digits in
  either case;
* ``N`` up to N characters (at least one), ``N!`` exactly N, ``N-M`` from N to M, ``N*M`` up to N
  lines of up to M characters, ``N*(...)`` up to N lines each matching the group;
* ``[...]`` an optional part, and any other character (``/``, ``:``, ``,``) as a literal.

Each character-class item (``3!a``, ``4*35x``, ``4*(1!n/33x)``) is one component; the names given
to :func:`compile_format` are bound to the components in order.
"""

from __future__ import annotations

import re
from functools import cache

from qenex_messages.charsets import X_CLASS, Y_CLASS, Z_CLASS

__all__ = [
    "CHARSETS",
    "CompiledFormat",
    "FormatSyntaxError",
    "compile_format",
]

CHARSETS: dict[str, str] = {
    "n": "0-9",
    "a": "A-Z",
    "c": "A-Z0-9",
    "h": "0-9A-F",
    "x": X_CLASS,
    "y": Y_CLASS,
    "z": Z_CLASS + r"\n",
    "d": "0-9,",
    "e": " ",
    "A": "A-Za-z",
    "B": "A-Za-z0-9",
}
"""Regular-expression character-class bodies for each SWIFT character-set letter."""


class FormatSyntaxError(ValueError):
    """A format notation that this compiler cannot read (a bug in a field table, not in input)."""


class CompiledFormat:
    """A format notation compiled to one regular expression with a named group per component."""

    # A plain class: a dataclass costs start-up time to define.
    __slots__ = ("_pattern", "max_lines", "names", "notation", "source")

    def __init__(self, notation: str, names: tuple[str, ...], source: str, max_lines: int) -> None:
        self.notation = notation
        self.names = names
        self.source = source
        """The regular expression's text (the MT plan writes it inline into a larger one)."""
        self.max_lines = max_lines
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled expression, compiled on first use: a message the MT plan finds clean
        needs only :attr:`source`."""
        if self._pattern is None:
            self._pattern = re.compile(self.source)
        return self._pattern

    def __repr__(self) -> str:
        return f"CompiledFormat({self.notation!r}, {self.names!r})"

    def match(self, text: str) -> dict[str, str | None] | None:
        """The components of ``text`` by name when all of it matches, else ``None``."""
        m = self.pattern.fullmatch(text)
        if m is None:
            return None
        return m.groupdict()

    def matches(self, text: str) -> bool:
        """True when ``text`` matches the whole format."""
        return self.pattern.fullmatch(text) is not None


class _Parser:
    """Recursive-descent reader of a notation, emitting regex text."""

    _ITEM = re.compile(r"(\d+)(?:(!)|-(\d+)|\*(\d+))?([nachxyzdeAB])")
    _LINES_GROUP = re.compile(r"(\d+)\*\(")

    def __init__(self, notation: str, names: tuple[str, ...]) -> None:
        self.s = notation
        self.i = 0
        self.names = names
        self.used: list[str] = []
        self.max_lines = 1

    def _name(self) -> str:
        index = len(self.used)
        name = self.names[index] if index < len(self.names) else f"c{index + 1}"
        if not name.isidentifier():
            raise FormatSyntaxError(f"component name {name!r} is not an identifier")
        self.used.append(name)
        return name

    def sequence(self, *, capture: bool = True) -> str:
        out: list[str] = []
        while self.i < len(self.s):
            ch = self.s[self.i]
            if ch in "])":
                break
            if ch == "[":
                self.i += 1
                inner = self.sequence(capture=capture)
                if self.i >= len(self.s) or self.s[self.i] != "]":
                    raise FormatSyntaxError(f"unclosed '[' in {self.s!r}")
                self.i += 1
                out.append(f"(?:{inner})?")
                continue
            group = self._LINES_GROUP.match(self.s, self.i)
            if group:
                self.i = group.end()
                inner = self.sequence(capture=False)
                if self.i >= len(self.s) or self.s[self.i] != ")":
                    raise FormatSyntaxError(f"unclosed '(' in {self.s!r}")
                self.i += 1
                count = int(group.group(1))
                self.max_lines = max(self.max_lines, count)
                body = f"(?:{inner})(?:\\n(?:{inner})){{0,{count - 1}}}"
                out.append(f"(?P<{self._name()}>{body})" if capture else f"(?:{body})")
                continue
            item = self._ITEM.match(self.s, self.i)
            if item:
                self.i = item.end()
                out.append(self._item(item, capture=capture))
                continue
            if ch == "$":
                out.append(r"\n")
            else:
                out.append(re.escape(ch))
            self.i += 1
        return "".join(out)

    def _item(self, item: re.Match[str], *, capture: bool) -> str:
        size, exact, upper, lines, charset = item.groups()
        cls = f"[{CHARSETS[charset]}]"
        n = int(size)
        if charset == "d":
            top = n
            low = n if exact else 1
            body = f"(?=[0-9,]{{{low},{top}}}(?![0-9,]))[0-9]+,[0-9]*"
        elif lines is not None:
            width = int(lines)
            self.max_lines = max(self.max_lines, n)
            body = f"{cls}{{1,{width}}}(?:\\n{cls}{{1,{width}}}){{0,{n - 1}}}"
        elif exact:
            body = f"{cls}{{{n}}}"
        elif upper is not None:
            body = f"{cls}{{{n},{int(upper)}}}"
        else:
            body = f"{cls}{{1,{n}}}"
        return f"(?P<{self._name()}>{body})" if capture else f"(?:{body})"


@cache
def compile_format(notation: str, names: tuple[str, ...] = ()) -> CompiledFormat:
    """Compile ``notation`` once; ``names`` label its components in order (``c1``, ``c2`` ...)."""
    parser = _Parser(notation, names)
    body = parser.sequence()
    if parser.i != len(parser.s):
        raise FormatSyntaxError(f"unexpected {parser.s[parser.i]!r} in {notation!r}")
    if len(names) > len(parser.used):
        raise FormatSyntaxError(f"{notation!r} has {len(parser.used)} components, not {len(names)}")
    return CompiledFormat(
        notation=notation,
        names=tuple(parser.used),
        source=body,
        max_lines=parser.max_lines,
    )
