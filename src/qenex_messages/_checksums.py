"""schwifty's national check-digit algorithms, loaded without the rest of schwifty.

``import schwifty.checksum`` first runs schwifty's package ``__init__``, which imports its IBAN
and BIC classes, pycountry and ``importlib.metadata``: more than the whole of a validation's own
start-up. The algorithms need none of it. When schwifty is not imported yet, the package is
entered in ``sys.modules`` as a *deferred* package: its real module object with its real spec
and search path, whose ``__init__`` runs the first time anybody asks it for a name it has not
got (``schwifty.IBAN``, ``from schwifty import BIC``, ``schwifty.__version__``). Its submodules
import normally under it, so ``schwifty.checksum`` is loaded once, by schwifty's own code.

Whoever imports schwifty, before or after this module, gets a complete schwifty. Any surprise
(schwifty not a package, its checksum module moved or failing) undoes the deferred entry and
imports schwifty the ordinary way, which then decides or raises as it always did.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from _thread import RLock
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from importlib.abc import Loader  # importing it at run time loads importlib.resources


class Algorithm(Protocol):
    """What this package uses of a ``schwifty.checksum.Algorithm``."""

    @property
    def accepts(self) -> Sequence[str]:
        """The BBAN components the algorithm reads, in order."""

    def validate(self, components: list[str], expected: str) -> bool: ...


_PACKAGE = "schwifty"


@cache
def algorithms() -> Mapping[str, Algorithm]:
    """schwifty's registry of check-digit algorithms (``"DE:00"`` -> algorithm), loaded once."""
    if _PACKAGE not in sys.modules:
        try:
            return _load_deferred()
        except Exception:  # schwifty changed shape: the ordinary import decides
            return _ordinary()
    return _ordinary()


def _ordinary() -> Mapping[str, Algorithm]:
    from schwifty.checksum import algorithms as registry

    return registry


def _load_deferred() -> Mapping[str, Algorithm]:
    """Import ``schwifty.checksum`` under a deferred ``schwifty`` package; undo it on failure."""
    spec = PathFinder.find_spec(_PACKAGE)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        raise ImportError(f"{_PACKAGE} is not a package on sys.path")
    package = _deferred_package(spec, spec.loader)
    before = {name for name in sys.modules if _is_schwifty(name)}
    if sys.modules.setdefault(_PACKAGE, package) is not package:
        return _ordinary()  # another thread imported schwifty meanwhile
    try:
        _defer_compat(package)
        checksum = importlib.import_module(f"{_PACKAGE}.checksum")
        registry: Mapping[str, Algorithm] = checksum.algorithms
        if not registry:
            raise ImportError("schwifty.checksum registered no algorithm")
    except BaseException:
        if sys.modules.get(_PACKAGE) is package and _deferred(package):
            for name in [name for name in sys.modules if _is_schwifty(name)]:
                if name not in before:
                    del sys.modules[name]
        raise
    return registry


def _defer_compat(package: ModuleType) -> None:
    """On Python 3.11, enter ``schwifty._compat`` deferred too, holding the ``override`` its
    checksum modules import: the real module takes it from ``typing_extensions`` (13 M
    instructions to import, a twentieth of a validation); ``override`` only marks a method,
    as :func:`_override` does. Any other name runs the real module, as for the package."""
    if sys.version_info >= (3, 12) or "typing_extensions" in sys.modules:
        return
    name = f"{_PACKAGE}._compat"
    spec = PathFinder.find_spec(name, package.__path__)
    if spec is None or spec.loader is None or name in sys.modules:
        return
    if not _only_override(spec):
        return  # the module does more than re-export override: it runs as it is
    compat = _deferred_package(spec, spec.loader)
    vars(compat)["override"] = _override
    sys.modules[name] = compat
    vars(package)["_compat"] = compat  # as the import system sets a submodule it loaded


_COMPAT_STATEMENTS = frozenset(
    {
        "import sys",
        "if sys.version_info >= (3, 12):",
        "from typing import override as override",
        "else:",
        "from typing_extensions import override as override",
        '__all__ = ["override"]',
    }
)
"""The statements of the ``schwifty._compat`` that only re-exports ``override``."""


def _only_override(spec: ModuleSpec) -> bool:
    """True when the module of ``spec`` holds nothing but those statements (beside its
    docstring, comments and blank lines): then deferring it skips no work of its own."""
    get_source = getattr(spec.loader, "get_source", None)
    try:
        source = get_source(spec.name) if get_source is not None else None
    except (ImportError, OSError):
        return False
    if not source:
        return False
    body = source.split('"""')[-1] if source.lstrip().startswith('"""') else source
    statements = {line.split("#", 1)[0].strip() for line in body.splitlines()} - {""}
    return statements <= _COMPAT_STATEMENTS and "__all__" in body


def _override(method: Any) -> Any:
    """``typing.override`` of Python 3.12 (PEP 698), as ``typing_extensions`` has it."""
    with contextlib.suppress(AttributeError, TypeError):  # an object that takes no attributes
        method.__override__ = True
    return method


def _deferred(package: ModuleType) -> bool:
    """True while ``package``'s own ``__init__`` has not run (its ``__getattr__`` is ours)."""
    found = vars(package).get("__getattr__")
    return getattr(found, "__qualname__", "").startswith(_deferred_package.__qualname__)


def _is_schwifty(name: str) -> bool:
    return name == _PACKAGE or name.startswith(f"{_PACKAGE}.")


def _deferred_package(spec: ModuleSpec, loader: Loader) -> ModuleType:
    """The ``schwifty`` module with its spec, path and file set and its ``__init__`` not run;
    the first name it lacks runs the ``__init__`` (a PEP 562 ``__getattr__``), once: another
    thread asking meanwhile waits for it, and a name the ``__init__`` itself asks for before
    defining it is missing, as in any package being imported."""
    package = ModuleType(spec.name)
    namespace = vars(package)
    namespace.update(
        __spec__=spec,
        __loader__=loader,
        __file__=spec.origin,
        __package__=spec.name if spec.submodule_search_locations else spec.parent,
    )
    if spec.submodule_search_locations is not None:
        namespace["__path__"] = list(spec.submodule_search_locations)
    if spec.cached:
        namespace["__cached__"] = spec.cached
    lock = RLock()
    running: list[bool] = []

    def __getattr__(name: str) -> object:
        if name == "__path__":  # asked by every import from a module: a module has none
            raise AttributeError(name)
        submodule = sys.modules.get(f"{spec.name}.{name}")
        if submodule is not None:  # being imported: ``from schwifty import checksum`` in it
            return submodule
        with lock:
            if namespace.get("__getattr__") is __getattr__ and not running:
                running.append(True)
                try:
                    loader.exec_module(package)
                    if namespace.get("__getattr__") is __getattr__:  # not one schwifty defines
                        del namespace["__getattr__"]
                finally:
                    running.clear()
        try:
            return namespace[name]
        except KeyError:
            raise AttributeError(f"module {spec.name!r} has no attribute {name!r}") from None

    namespace["__getattr__"] = __getattr__
    return package
