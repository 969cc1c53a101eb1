"""``validate PATH ...`` without options is read without building the argument parser.

The property: for every such command line the arguments are those the parser gives, option for
option; every other command line (an option, ``-`` for stdin, ``--``, another subcommand) is
left to the parser.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import cli

PATHS = st.lists(st.text(min_size=1).filter(lambda text: text[0] != "-"), min_size=1, max_size=4)


@given(paths=PATHS)
def test_plain_paths_read_as_the_parser_reads_them(paths: list[str]) -> None:
    """Every attribute, the handler included, is the parser's."""
    argv = ["validate", *paths]
    plain = cli._plain_validate(argv)
    assert plain is not None
    assert vars(plain) == vars(cli.build_parser("validate").parse_args(argv))


@given(paths=PATHS, index=st.integers(0, 4), other=st.sampled_from(["-", "--", "-q", "--x"]))
def test_anything_else_is_left_to_the_parser(paths: list[str], index: int, other: str) -> None:
    """An option, ``-`` or ``--`` anywhere among the paths sends the command line to the parser."""
    paths.insert(min(index, len(paths)), other)
    assert cli._plain_validate(["validate", *paths]) is None


def test_other_command_lines_are_left_to_the_parser() -> None:
    """No path, another subcommand or none: the parser reads (and reports) them."""
    for argv in ([], ["validate"], ["inspect", "a.xml"], ["a.xml"], ["--version"]):
        assert cli._plain_validate(argv) is None
