"""The pre-commit hook: no set-up step, foreign XML skipped with an info line, XSDs on first use."""

from __future__ import annotations

import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from qenex_messages import precommit

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
POM = b'<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"/>\n'
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'.encode("utf-16")


def test_foreign_xml_is_skipped_with_an_info_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A POM and a UTF-16 SVG pass the hook with one QX319 info line each, needing no XSD."""
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "empty-store"))
    (tmp_path / "pom.xml").write_bytes(POM)
    (tmp_path / "icon.xml").write_bytes(SVG)
    code = precommit.main([str(tmp_path / "pom.xml"), str(tmp_path / "icon.xml")])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    said = "INFO QX319 not an ISO 20022 message (no ISO 20022 namespace); skipped"
    assert out == [f"{tmp_path / name}:1:1: {said}" for name in ("pom.xml", "icon.xml")]
    assert not (tmp_path / "empty-store").exists()


def test_first_use_installs_the_xsds_then_validates(
    schema_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With an empty store the hook installs the default XSDs itself (here from a mirror),
    then checks payment files as `validate` does; a broken one fails the hook."""
    store = tmp_path / "store"
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(store))
    monkeypatch.setenv("QENEX_SCHEMA_MIRROR", str(schema_store))
    (tmp_path / "pom.xml").write_bytes(POM)
    good = [str(p) for p in sorted(EXAMPLES.iterdir())]
    assert precommit.main(["--strict", *good, str(tmp_path / "pom.xml")]) == 0
    out, err = capsys.readouterr()
    assert "installing" in err
    assert "QX319" in out
    assert (store / "pacs.008.001.08.xsd").is_file()
    broken = tmp_path / "broken.xml"
    broken.write_bytes(
        (EXAMPLES / "pain.001.001.09-sepa.xml").read_bytes().replace(b"<MsgId>", b"<MsgIdX>", 1)
    )
    assert precommit.main([str(broken)]) == 1
    assert "QX3" in capsys.readouterr().out


def test_side_by_side_hooks_install_once(
    schema_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Hook runs started together install the XSDs once: the others wait and find them."""
    monkeypatch.setenv("QENEX_SCHEMA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("QENEX_SCHEMA_MIRROR", str(schema_store))
    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(lambda _: precommit.ensure_schemas(), range(4)))
    assert codes == [0, 0, 0, 0]
    assert capsys.readouterr().err.count("installing") == 1


def test_the_hook_entry_is_a_console_script() -> None:
    """Each hook's entry names a script the package installs."""
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text()
    entries = [line.split(":", 1)[1].split()[0] for line in hooks.splitlines() if "entry:" in line]
    assert entries
    assert all(entry in scripts for entry in entries)
    assert scripts["qenex-messages-precommit"] == "qenex_messages.precommit:entrypoint"
