"""Generated documentation is current, and the README's examples really run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load(path: Path) -> object:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current() -> None:
    generator = _load(REPO / "scripts" / "gen_docs.py")
    for path, text in generator.render().items():  # type: ignore[attr-defined]
        assert path.read_text("utf-8") == text, f"{path.name} is stale: run make docs"


def test_every_registered_code_is_documented() -> None:
    from qenex_messages import catalogue

    page = (REPO / "docs" / "codes.md").read_text("utf-8")
    for info in catalogue.load():
        assert f"| `{info.code}` |" in page


def _examples(page: str) -> list[tuple[str, str]]:
    """(python code, expected output) for each python block followed by a text block."""
    import re

    blocks = re.findall(r"```(\w+)\n(.*?)```", page, re.DOTALL)
    return [
        (code, blocks[i + 1][1])
        for i, (kind, code) in enumerate(blocks[:-1])
        if kind == "python" and blocks[i + 1][0] == "text"
    ]


GUIDE = (REPO / "docs" / "guide.md").read_text("utf-8")


def test_guide_has_examples() -> None:
    assert len(_examples(GUIDE)) >= 5


@pytest.mark.parametrize("number", range(len(_examples(GUIDE))))
def test_guide_example_prints_what_the_guide_says(
    number: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib
    import io
    import os

    if not os.environ.get("QENEX_SCHEMA_DIR"):
        pytest.skip("run through `make test`, which installs the XSDs")
    monkeypatch.chdir(REPO)
    code, expected = _examples(GUIDE)[number]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "docs/guide.md", "exec"), {})
    assert out.getvalue() == expected


def test_every_code_says_how_to_fix_it() -> None:
    """Each code's definition (define() or a rulebook rule()) carries a short fix text, shown in
    the "how to fix" column."""
    from qenex_messages import catalogue

    page = (REPO / "docs" / "codes.md").read_text("utf-8")
    assert "| code | severity | meaning | how to fix |" in page
    for info in catalogue.load():
        assert info.fix, f"{info.code} has no fix text: add fix=... to its define() or rule()"
        assert len(info.fix) <= 100, f"{info.code}: keep the fix text short"
        assert info.fix.rstrip(".") != info.title.rstrip("."), info.code
        assert f"| {info.fix.replace('|', chr(92) + '|')} |" in page


_EVERY_MODULE = """
import importlib, pkgutil, qenex_messages
from qenex_messages import catalogue, codes
loaded = {c.code for c in catalogue.load()}
for info in pkgutil.walk_packages(qenex_messages.__path__, "qenex_messages."):
    if info.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except ImportError:  # a module of an optional extra that is not installed
        pass
missing = sorted({c.code for c in codes.all_codes()} - loaded)
print(" ".join(missing))
"""


def test_the_catalogue_loads_every_code_of_the_package() -> None:
    """In a fresh interpreter (so no other test has imported anything), the catalogue's modules
    register every code that importing the whole package registers: the generated docs cannot
    depend on which modules a run happened to load."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _EVERY_MODULE], capture_output=True, text=True, check=True
    )
    missing = out.stdout.split()
    assert missing == [], f"add their modules to catalogue._DEFINING_MODULES: {missing}"
