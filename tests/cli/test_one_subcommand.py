"""A run builds only its own subcommand's parser, and that parser is the full one's.

The property: for every subcommand, the parser built for it alone reads the same command lines
into the same namespace, and prints the same help, as the parser with every subcommand.
"""

from __future__ import annotations

import argparse

import pytest

from qenex_messages import cli

LINES = {
    "validate": ["validate", "a.xml", "b.fin", "--profile", "sepa", "--jobs", "2", "-q"],
    "export": ["export", "in", "--out", "tables"],
    "inspect": ["inspect", "a.xml", "--format", "json"],
    "convert": ["convert", "a.fin", "--to", "pacs.008"],
    "fix": ["fix", "a.xml"],
    "reply": ["reply", "a.xml", "--as", "pacs.002"],
    "schemas": ["schemas", "list"],
}


def _parsed(parser: argparse.ArgumentParser, argv: list[str]) -> dict[str, object] | int:
    try:
        args = vars(parser.parse_args(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    return {k: v for k, v in args.items() if k != "parser"}


@pytest.mark.parametrize("command", sorted(cli._SUBCOMMANDS))
def test_one_subcommand_parses_as_all(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = LINES[command]
    alone = _parsed(cli.build_parser(command), argv), capsys.readouterr()
    full = _parsed(cli.build_parser(), argv), capsys.readouterr()
    assert alone == full
    for parser in (cli.build_parser(command), cli.build_parser()):
        with pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
    helps = capsys.readouterr().out.split(f"usage: {cli.PROG} {command}")
    assert len(helps) == 3
    assert helps[1] == helps[2]


def test_only_a_leading_subcommand_narrows_the_parser() -> None:
    assert cli._command_of(["validate", "x"]) == "validate"
    assert cli._command_of(["--version"]) is None
    assert cli._command_of(["x", "validate"]) is None
    assert cli._command_of([]) is None
    assert len(cli.build_parser("nonsense")._subparsers._group_actions[0].choices) == len(  # type: ignore[union-attr]
        cli._SUBCOMMANDS
    )
