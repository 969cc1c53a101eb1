"""Settings files: discovery, keys, errors that name the key, and the command line over them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import cli
from qenex_messages import config as config_module
from qenex_messages.config import (
    Config,
    ConfigError,
    anchor_patterns,
    discover_config,
    find_config,
    load_config,
)
from qenex_messages.findings import Severity
from tests.cli.conftest import DATA

BAD = str(DATA / "mt103-no-uetr-bad-charges.fin")  # U13 and T08, both errors


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_the_nearest_file_applies(tmp_path: Path) -> None:
    """Walking up: the nearest folder with a file wins; in one folder .qenex-messages.toml comes
    before pyproject.toml; a pyproject.toml without the table is passed over."""
    top = write(tmp_path / "pyproject.toml", "[tool.qenex-messages]\nprofile = 'sepa'\n")
    write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir()
    assert find_config(deep) == top
    own = write(tmp_path / "a" / ".qenex-messages.toml", "profile = 'cbpr+'\n")
    assert find_config(deep) == own
    write(tmp_path / "a" / "pyproject.toml", "[tool.qenex-messages]\nprofile = 'fedwire'\n")
    assert find_config(tmp_path / "a") == own
    assert discover_config(deep).profile == "cbpr+"


def test_every_key(tmp_path: Path) -> None:
    """Each key is read into its type; paths are relative to the file's folder."""
    path = write(
        tmp_path / "pyproject.toml",
        """
[tool.qenex-messages]
profile = "sepa"
include = ["*.xml"]
exclude = ["archive", "drafts/*"]
as_of = 2026-03-02
strict = true
select = ["SEPA-"]
ignore = "QX342"
baseline = "base.json"

[tool.qenex-messages.severity]
SEPA-ADRLINE = "warning"
""",
    )
    config = load_config(path)
    assert config == Config(
        source=path,
        profile="sepa",
        include=("*.xml",),
        exclude=("archive", f"{tmp_path.as_posix()}/drafts/*"),
        as_of=date(2026, 3, 2),
        strict=True,
        select=("SEPA-",),
        ignore=("QX342",),
        severity=config.severity,
        baseline=tmp_path / "base.json",
    )
    assert dict(config.severity) == {"SEPA-ADRLINE": Severity.WARNING}
    assert load_config(write(tmp_path / "c.toml", "as-of = '2026-03-02'\n")).as_of == date(
        2026, 3, 2
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("profle = 'sepa'", "unknown key 'profle' (did you mean 'profile'?)"),
        ("colour = 1", "unknown key 'colour' (known keys: as-of, baseline,"),
        ("strict = 'yes'", "strict: expected true or false, got 'yes'"),
        ("include = [1]", "include: expected a list of strings, got [1]"),
        (
            "as-of = 2026-03-02T10:00:00",
            "as-of: datetime.datetime(2026, 3, 2, 10, 0) is not a date",
        ),
        ("as-of = '2026-13-01'", "as-of: '2026-13-01' is not a date like 2026-03-02"),
        ("severity = {T08 = 'fatal'}", "severity: T08: 'fatal' is not a severity"),
        ("profile = ", "not valid TOML"),
    ],
)
def test_wrong_settings_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    """An unknown key or a wrong value is a ConfigError naming the file and the key."""
    path = write(tmp_path / ".qenex-messages.toml", text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_the_command_line_overrides_the_file() -> None:
    """merged() puts every given value over the file's, and leaves the rest."""
    config = Config(profile="sepa", ignore=("QX3",), strict=True)
    assert config.merged(profile="cbpr+", ignore=None, strict=False) == Config(
        profile="cbpr+", ignore=("QX3",), strict=False
    )


def test_anchor_patterns() -> None:
    """Patterns with a / are made absolute under the folder; bare names stay as they are."""
    assert anchor_patterns(("archive/", "a/*.xml", "/abs/*", "*.bak"), Path("/p")) == (
        "archive",
        "/p/a/*.xml",
        "/abs/*",
        "*.bak",
    )


def test_unknown_codes_in_the_settings_are_refused(tmp_path: Path) -> None:
    """A selector that names no code the library reports is an error, not a silent no-op."""
    config = Config(source=tmp_path / "x.toml", ignore=("QX99",))
    with pytest.raises(ConfigError, match="ignore: 'QX99' matches no finding code"):
        config.selection()
    assert Config(select=("SEPA-", "T08")).selection().select == ("SEPA-", "T08")


# --------------------------------------------------------------------------- the command


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_reads_pyproject(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Settings found from the working directory apply; the command line overrides them;
    --no-config reads none."""
    write(tmp_path / "pyproject.toml", "[tool.qenex-messages]\nignore = ['U13', 'T08']\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert run(capsys, "validate", BAD)[:2] == (0, "1 file, 1 message: 0 errors, 0 warnings\n")
    code, out, _ = run(capsys, "validate", "--ignore", "U13", BAD)
    assert code == 1
    assert "T08" in out
    assert "U13" not in out
    assert run(capsys, "validate", "--no-config", "-q", BAD)[:2] == (
        1,
        "1 file, 1 message: 2 errors, 0 warnings\n",
    )


def test_an_unknown_key_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Exit 2, one line naming the file and the key, nothing validated."""
    write(tmp_path / "pyproject.toml", "[tool.qenex-messages]\nprofle = 'sepa'\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "validate", BAD)
    assert (code, out) == (2, "")
    assert err == (
        f"qenex-messages: error: {tmp_path / 'pyproject.toml'} [tool.qenex-messages]: "
        "unknown key 'profle' (did you mean 'profile'?)\n"
    )


def test_config_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--config names the file; a missing one, or with --no-config, is a usage error."""
    settings = write(tmp_path / "ci.toml", "strict = true\n[severity]\nT = 'warning'\nU = 'info'\n")
    code, out, _ = run(capsys, "validate", "--config", str(settings), "-q", BAD)
    assert (code, out) == (1, "1 file, 1 message: 0 errors, 1 warning\n")  # strict: warnings fail
    code, _, _ = run(capsys, "validate", "--config", str(settings), "--no-strict", "-q", BAD)
    assert code == 0
    code, _, err = run(capsys, "validate", "--config", str(tmp_path / "none.toml"), BAD)
    assert code == 2
    assert "none.toml: No such file or directory" in err
    code, _, err = run(capsys, "validate", "--config", str(settings), "--no-config", BAD)
    assert code == 2
    assert "exclude each other" in err


def test_select_ignore_and_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    """--select takes codes and prefixes, comma-separated; --statistics counts per code."""
    code, out, _ = run(capsys, "validate", "--no-config", "--select", "T,QX1", BAD)
    assert code == 1
    assert out.splitlines()[0].endswith("ERROR T08 71A 'XYZ' is not BEN, OUR or SHA [71A]")
    assert len(out.splitlines()) == 2
    code, out, _ = run(capsys, "validate", "--no-config", "--statistics", BAD)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["1", "T08", "error"]
    assert lines[1].split()[:3] == ["1", "U13", "error"]
    code, _, err = run(capsys, "validate", "--statistics", "--format", "json", BAD)
    assert code == 2
    assert "--statistics prints text" in err
    code, _, err = run(capsys, "validate", "--no-config", "--select", "ZZ", BAD)
    assert code == 2
    assert "select: 'ZZ' matches no finding code" in err


def test_exclude(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--exclude skips what a walk finds, by name or by path; a named file is still read."""
    for name in ("a/keep.fin", "a/skip.bak.fin", "archive/old.fin"):
        write(tmp_path / name, "x")
    code, out, _ = run(
        capsys, "validate", "--no-config", "--exclude", "*.bak.fin", "--exclude",
        f"{tmp_path}/archive/*", str(tmp_path),
    )  # fmt: skip
    assert code == 1
    assert out.endswith("1 file, 1 message: 1 error, 0 warnings\n")
    assert "keep.fin" in out
    named = str(tmp_path / "a" / "skip.bak.fin")
    code, out, _ = run(capsys, "validate", "--no-config", "--exclude", "*.bak.fin", named)
    assert "skip.bak.fin" in out


_SPELLINGS = [
    '[tool.qenex-messages]\nprofile = "sepa"\n',
    '[ tool . qenex-messages ]\nprofile = "sepa"\n',
    '["tool"."qenex-messages"]\nprofile = "sepa"\n',
    "['tool'.\t'qenex-messages']\nprofile = 'sepa'\n",
    '[tool.qenex-messages.severity]\nT08 = "warning"\n',
    '[[tool.qenex-messages]]\nprofile = "sepa"\n',
    '[tool]\nqenex-messages = { profile = "sepa" }\n',
    '[tool]\n"qenex-messages".profile = "sepa"\n',
    '  [ "tool" ]  # tools\nqenex-messages.profile = "sepa"\n',
    'tool.qenex-messages.profile = "sepa"\n',
    'tool = { qenex-messages = { profile = "sepa" } }\n',
    '"tool" = { "qenex-messages" = { profile = "sepa" } }\n',
    '[tool."qenex\\u002dmessages"]\nprofile = "sepa"\n',
    '"t\\u006fol".qenex-messages.profile = "sepa"\n',
    '[project]\nname = "x"\n[tool.ruff]\nline-length = 100\n[tool.qenex-messages]\n',
]
"""Ways TOML can write the table, each with the table in it."""


@pytest.mark.parametrize("text", _SPELLINGS)
def test_every_spelling_of_the_table_is_read(tmp_path: Path, text: str) -> None:
    """The text check that spares parsing most ``pyproject.toml`` files lets each one through."""
    import tomllib

    assert "qenex-messages" in tomllib.loads(text)["tool"]  # the example really has the table
    assert config_module._may_have_table(text.encode())
    path = write(tmp_path / "pyproject.toml", text)
    assert find_config(tmp_path) == path


def test_a_pyproject_that_never_names_the_table_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project's own pyproject.toml (its script is called qenex-messages, it configures other
    tools) is passed over unread."""
    text = (
        '[project]\nname = "qenex-messages"\n[project.scripts]\n'
        'qenex-messages = "qenex_messages.cli:entrypoint"\n[tool.ruff]\nline-length = 100\n'
        "[tool.mypy]\nstrict = true  # tool.qenex\n"
    )
    write(tmp_path / "pyproject.toml", text)

    def unexpected(path: Path) -> dict[str, object]:
        raise AssertionError(f"{path} was parsed")

    monkeypatch.setattr(config_module, "_load_toml", unexpected)
    assert find_config(tmp_path) is None


_FRAGMENTS = [
    "[tool]",
    "[tool.ruff]",
    "[ tool . ruff ]",
    "[project.scripts]",
    '["tool"]',
    "[tool.qenex-messages]",
    '[tool."qenex-messages"]',
    'qenex-messages = "qenex_messages.cli:entrypoint"',
    '"qenex-messages" = { profile = "sepa" }',
    'tool.qenex-messages.profile = "sepa"',
    'tool.other = "x"',
    'tool = { qenex-messages = { profile = "sepa" } }',
    "x = { tool = 1 }",
    'name = "tool.qenex-messages"',
    "# [tool.qenex-messages]",
    "line-length = 100",
    'k = """\n[tool]\n"""',
]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=6))
def test_the_text_check_never_passes_over_a_table(lines: list[str]) -> None:
    """Over documents made of fragments: whenever TOML reads the table, the check says maybe."""
    import tomllib

    text = "\n".join(lines) + "\n"
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    tool = document.get("tool", {})
    if isinstance(tool, dict) and "qenex-messages" in tool:
        assert config_module._may_have_table(text.encode()), text
