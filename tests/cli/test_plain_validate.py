"""``validate PATH ...`` without options is read without building the argument parser.

The property, both ways: for any command line, either the plain reading leaves it to the parser
or its arguments are those the parser gives, option for option; and a command line of
``validate`` and paths that do not start with ``-`` is always read plainly.
"""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import cli

PATHS = st.lists(st.text(min_size=1).filter(lambda text: text[0] != "-"), min_size=1, max_size=4)

TOKENS = st.one_of(
    st.text(max_size=6),
    st.sampled_from(
        ["-", "--", "-q", "-o", "-qo", "--prof", "--profile=sepa", "--no-strict", "-1", "-a b"]
    ),
    st.sampled_from(["", "validat", "validate", "inspect", "--format", "json", "@args"]),
)
"""Anything: options whole, abbreviated and joined, option-looking paths, other commands."""


def _parsed(argv: list[str]) -> dict[str, object] | None:
    """What the parser reads from ``argv``, or ``None`` when it refuses it."""
    try:
        return vars(cli.build_parser("validate").parse_args(argv))
    except SystemExit:
        return None


@given(paths=PATHS)
def test_plain_paths_are_read_plainly(paths: list[str]) -> None:
    """``validate`` and paths that are not options never build the parser."""
    assert cli._plain_validate(["validate", *paths]) is not None


@given(head=st.sampled_from([["validate"], []]), rest=st.lists(TOKENS, max_size=5))
def test_any_command_line_is_read_as_the_parser_reads_it(head: list[str], rest: list[str]) -> None:
    """Whatever the plain reading takes, it reads as the parser does, the handler included."""
    argv = [*head, *rest]
    plain = cli._plain_validate(argv)
    if plain is not None:
        assert vars(plain) == _parsed(argv)


@pytest.mark.parametrize("argv", [["validate", "-o", "out.json", "a.fin"], ["validate", "-q", "a"]])
def test_options_change_what_the_parser_reads(argv: list[str]) -> None:
    """The property above can fail: these options give the parser other arguments than the
    plain defaults would."""
    parsed = _parsed(argv)
    assert parsed is not None
    plain = argparse.Namespace(**cli._VALIDATE_DEFAULTS, paths=argv[2:], handler=parsed["handler"])
    assert vars(plain) != parsed
    assert cli._plain_validate(argv) is None


def test_other_command_lines_are_left_to_the_parser() -> None:
    """No path, another subcommand or none: the parser reads (and reports) them."""
    for argv in ([], ["validate"], ["inspect", "a.xml"], ["a.xml"], ["--version"]):
        assert cli._plain_validate(argv) is None
