"""schwifty's check-digit algorithms without schwifty's package ``__init__`` (``_checksums``).

The properties: whoever imports schwifty, before or after a validation, gets a complete and
working schwifty; the algorithms loaded the deferred way judge every bank as schwifty's own
import does; and any surprise in schwifty's shape falls back to the ordinary import.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Iterator, Mapping
from importlib.machinery import ModuleSpec
from pathlib import Path
from random import Random
from types import SimpleNamespace

import pytest

from qenex_messages import _checksums
from qenex_messages import identifiers as ids
from qenex_messages._resources import iban_bank_methods, iban_countries

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mt103.fin"
GERMAN = "DE89370400440532013000"

_USES_SCHWIFTY = """
import importlib.metadata, sys
import schwifty, schwifty.checksum
from schwifty import BIC, IBAN
iban = IBAN("DE89 3704 0044 0532 0130 00")
assert iban.bank_code == "37040044" and iban.bic is not None, iban
assert BIC("DEUTDEFF").country_code == "DE"
assert schwifty.__version__ == importlib.metadata.version("schwifty")
assert sorted(schwifty.__all__) == ["BBAN", "BIC", "IBAN"]
assert schwifty.checksum.algorithms["DE:00"].validate(["0532013000"], "")
try:
    schwifty.no_such_name
except AttributeError:
    pass
else:
    raise AssertionError("a missing name must raise AttributeError")
"""


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_schwifty_imported_after_a_validation_is_complete() -> None:
    """A validation defers schwifty's ``__init__``; a user's import afterwards gets all of it."""
    _run(
        "import sys\n"
        "from qenex_messages import validate_path\n"
        f"assert validate_path({str(EXAMPLE)!r})[0].ok\n"
        "assert 'schwifty.checksum' in sys.modules, 'the example needs a national check'\n"
        "assert 'schwifty.iban' not in sys.modules and 'pycountry' not in sys.modules\n"
        + _USES_SCHWIFTY
    )


def test_schwifty_imported_before_a_validation_is_used_as_it_is() -> None:
    """With schwifty imported first, the validation uses that very registry."""
    _run(
        _USES_SCHWIFTY + "from qenex_messages import validate_path, _checksums\n"
        f"assert validate_path({str(EXAMPLE)!r})[0].ok\n"
        "assert _checksums.algorithms() is schwifty.checksum.algorithms\n"
    )


def test_a_name_schwiftys_init_defines_completes_the_package_on_first_use() -> None:
    """``from schwifty import IBAN`` straight after the deferred load runs the ``__init__`` once."""
    _run(
        "import sys\n"
        "from qenex_messages import _checksums\n"
        "registry = _checksums.algorithms()\n"
        "package = sys.modules['schwifty']\n"
        "from schwifty import IBAN\n"
        "assert sys.modules['schwifty'] is package and '__getattr__' not in vars(package)\n"
        "import schwifty.checksum\n"
        "assert schwifty.checksum.algorithms is registry\n"
        "assert IBAN('DE89370400440532013000').bank_code == '37040044'\n"
    )


@pytest.fixture
def no_schwifty() -> Iterator[None]:
    """This process as if schwifty had never been imported; put back afterwards."""
    saved = {name: module for name, module in sys.modules.items() if _checksums._is_schwifty(name)}
    for name in saved:
        del sys.modules[name]
    _checksums.algorithms.cache_clear()
    try:
        yield
    finally:
        for name in [name for name in sys.modules if _checksums._is_schwifty(name)]:
            del sys.modules[name]
        sys.modules.update(saved)
        _checksums.algorithms.cache_clear()


@pytest.fixture
def deferred(no_schwifty: None) -> Mapping[str, _checksums.Algorithm]:
    """The algorithms as a fresh process loads them: under the deferred package."""
    registry = _checksums.algorithms()
    assert "__getattr__" in vars(sys.modules["schwifty"]), "the package was not deferred"
    assert "schwifty.iban" not in sys.modules
    return registry


def test_deferred_algorithms_judge_every_bank_as_schwifty_does(
    deferred: Mapping[str, _checksums.Algorithm], monkeypatch: pytest.MonkeyPatch
) -> None:
    """For every bank of the bank table and generated IBANs of every national-check country,
    valid and with one digit changed, the deferred algorithms give schwifty's own verdict."""
    saved = {name: module for name, module in sys.modules.items() if _checksums._is_schwifty(name)}
    for name in saved:
        del sys.modules[name]
    from schwifty import IBAN  # an ordinary, separate schwifty: the reference
    from schwifty.checksum import algorithms as ordinary

    assert ordinary is not deferred
    assert sorted(ordinary) == sorted(deferred)
    random = Random(16)
    ibans = [
        str(IBAN.random(country, random=random, bank_code=bank).compact)
        for country, bank in sorted(iban_bank_methods())
    ]
    for country, spec in sorted(iban_countries().items()):
        if spec.national_check:
            ibans += [str(IBAN.random(country, random=random).compact) for _ in range(20)]
    ibans += [_spoiled(iban, random) for iban in ibans]
    for iban in ibans:
        spec = iban_countries()[iban[:2]]
        monkeypatch.setattr(ids, "checksum_algorithms", lambda: ordinary)
        expected = ids._national_check_passes(iban, spec)
        monkeypatch.setattr(ids, "checksum_algorithms", lambda: deferred)
        assert ids._national_check_passes(iban, spec) == expected, iban
    assert any(not _national(iban, deferred, monkeypatch) for iban in ibans)  # not vacuous


def _national(
    iban: str, registry: Mapping[str, _checksums.Algorithm], monkeypatch: pytest.MonkeyPatch
) -> bool:
    monkeypatch.setattr(ids, "checksum_algorithms", lambda: registry)
    return ids._national_check_passes(iban, iban_countries()[iban[:2]])


def _spoiled(iban: str, random: Random) -> str:
    """``iban`` with one BBAN digit changed and its ISO 7064 check digits made right again."""
    bban = iban[4:]
    at = random.choice([i for i, c in enumerate(bban) if c.isdigit()])
    bban = bban[:at] + str((int(bban[at]) + 1) % 10) + bban[at + 1 :]
    return f"{iban[:2]}{98 - ids.mod97(bban + iban[:2] + '00'):02d}{bban}"


def test_a_missing_schwifty_package_falls_back_to_the_ordinary_import(
    no_schwifty: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """schwifty found by no path entry (an unusual installation): the ordinary import decides."""

    class NoFinder:
        @staticmethod
        def find_spec(_name: str) -> None:
            return None

    monkeypatch.setattr(_checksums, "PathFinder", NoFinder)
    registry = _checksums.algorithms()
    package = sys.modules["schwifty"]
    assert "__getattr__" not in vars(package) and hasattr(package, "IBAN")
    assert registry is sys.modules["schwifty.checksum"].algorithms  # type: ignore[attr-defined]


def test_a_failing_checksum_module_is_undone_and_falls_back(
    no_schwifty: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """schwifty's checksum module failing under the deferred package leaves no trace of it, and
    the ordinary import decides."""
    seen: list[str] = []

    def broken(name: str) -> object:
        seen.append(name)
        raise ImportError(name)

    monkeypatch.setattr(_checksums, "importlib", SimpleNamespace(import_module=broken))
    with pytest.raises(ImportError):
        _checksums._load_deferred()
    assert seen == ["schwifty.checksum"]
    assert not [name for name in sys.modules if _checksums._is_schwifty(name)]
    registry = _checksums.algorithms()  # the fallback: an ordinary, complete schwifty
    assert hasattr(sys.modules["schwifty"], "IBAN") and "DE:00" in registry


def test_an_iban_needing_no_national_check_loads_no_schwifty(no_schwifty: None) -> None:
    """The deferred load happens only when a national check-digit method has to run."""
    ids._check_iban_cached.cache_clear()
    assert ids.check_iban("GB82WEST12345698765432") == []
    assert "schwifty" not in sys.modules
    assert ids.check_iban(GERMAN) == []
    assert "schwifty.checksum" in sys.modules and "schwifty.iban" not in sys.modules
    ids._check_iban_cached.cache_clear()


_COMPAT = """
import sys
from qenex_messages import validate_path
assert validate_path(sys.argv[1])[0].ok
assert 'typing_extensions' not in sys.modules, 'schwifty._compat loaded typing_extensions'
import schwifty._compat as compat
from schwifty._compat import override
from schwifty.checksum import germany
import schwifty, schwifty.checksum
assert schwifty._compat is compat and override is compat.override
assert getattr(schwifty.checksum.ISO7064_mod97_10.compute, '__override__', None) is True
assert germany.register
assert 'typing_extensions' not in sys.modules
assert compat.__all__ == ['override']  # any other name runs the real module
assert str(schwifty.IBAN('DE89370400440532013000').bic) == 'COBADEFFXXX'  # the whole package runs
import typing_extensions
assert compat.override is typing_extensions.override
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="typing.override exists from 3.12")
def test_schwiftys_compat_module_is_deferred_with_its_override() -> None:
    """On 3.11 ``schwifty._compat`` is deferred with its ``override`` given (it would import
    ``typing_extensions``): the checksum classes are marked as the real module marks them, and
    any other name runs the real module."""
    done = subprocess.run(
        [sys.executable, "-c", _COMPAT, str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def _marked(decorate: object) -> list[object]:
    """What ``decorate`` leaves in ``__override__`` of each kind of method it may be given."""

    def function() -> None: ...

    class Slotted:
        __slots__ = ()

    targets = [function, lambda: None, classmethod(function), staticmethod(function)]
    targets += [property(function), len, Slotted(), 3]
    return [getattr(decorate(target), "__override__", "unset") for target in targets]  # type: ignore[operator]


def test_the_given_override_marks_as_typing_extensions_does() -> None:
    """``_override`` marks functions, class and static methods and leaves what takes no
    attribute (a property, a builtin, a slotted object, a number) as ``typing_extensions``."""
    typing_extensions = pytest.importorskip("typing_extensions")
    assert _marked(_checksums._override) == _marked(typing_extensions.override)


class _Source:
    """A loader that hands out a given source text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def get_source(self, _name: str) -> str:
        return self.text


def _compat_spec(text: str) -> ModuleSpec:
    return ModuleSpec("schwifty._compat", _Source(text))  # type: ignore[arg-type]


def test_only_the_known_compat_module_is_deferred() -> None:
    """schwifty's ``_compat`` is deferred only while it does nothing but re-export
    ``override``: a version that does more at import runs as it is."""
    from schwifty import _compat

    real = inspect.getsource(_compat)
    assert _checksums._only_override(_compat_spec(real))
    assert _checksums._only_override(_compat_spec(real.replace("\n\n", "\n# a comment\n", 1)))
    for more in ("import warnings\nwarnings.warn('x')\n", "def helper():\n    pass\n"):
        assert not _checksums._only_override(_compat_spec(real + more))
    assert not _checksums._only_override(_compat_spec(""))
