"""A record (``_records.record``) is the dataclass ``@dataclass`` would make, in every respect.

The property: for a record and a plain ``@dataclass`` twin with the same fields and options,
built from the same values, every behaviour users rely on gives the same answer (or raises the
same exception with the same message): ``repr``, ``==`` and ``!=``, ``hash``, ordering, frozen
assignment and deletion, ``replace``, ``fields``, ``asdict``, ``astuple``, ``is_dataclass``,
``__match_args__``, ``__slots__``, ``__dataclass_params__``, the signature, and pickling. It is
checked for every record of the package and for generated record layouts, each starting from a
different first use (the methods are generated on first use), and in fresh interpreters.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
import re
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import _records
from qenex_messages._records import record

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "qenex_messages"


def _record_modules() -> list[str]:
    """Every module of the package that defines a record."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if re.search(r"^@record\b", path.read_text("utf-8"), re.M):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            found.append(".".join(parts))
    return found


MODULES = _record_modules()
for _name in MODULES:
    importlib.import_module(_name)
RECORDS = _records.defined()


def twin_of(cls: type) -> type:
    """A plain ``@dataclass`` with ``cls``'s fields, options, name, module and ``__post_init__``."""
    namespace: dict[str, Any] = {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
        "__annotations__": {},
    }
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        namespace["__annotations__"][f.name] = f.type
        namespace[f.name] = dataclasses.field(
            default=f.default,
            default_factory=f.default_factory,
            init=f.init,
            repr=f.repr,
            hash=f.hash,
            compare=f.compare,
            metadata=f.metadata,
            kw_only=f.kw_only,
        )
    if hasattr(cls, "__post_init__"):
        namespace["__post_init__"] = cls.__post_init__
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    return dataclasses.dataclass(
        type(cls.__name__, (), namespace),
        frozen=params.frozen,
        slots="__slots__" in vars(cls),
    )


def _outcome(action: Callable[[], object]) -> tuple[str, object]:
    """What ``action`` gives: its value, or the type and text of what it raises."""
    try:
        return ("value", action())
    except Exception as exc:  # every exception is part of the compared behaviour
        return (type(exc).__name__, str(exc))


GENERATED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
GENERATED += ("__getstate__", "__setstate__", "__lt__", "__match_args__")
"""The names ``@dataclass`` may put on a class."""


def _structure(cls: type) -> dict[str, object]:
    """What the class itself says about its fields and generated methods."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    return {
        "is_dataclass": dataclasses.is_dataclass(cls),
        "params": repr(cls.__dataclass_params__),  # type: ignore[attr-defined]
        "fields": [
            (
                f.name,
                f.type,
                f.default,
                f.default_factory,
                f.init,
                f.repr,
                f.hash,
                f.compare,
                f.kw_only,
            )
            for f in fields
        ],
        "metadata": [dict(f.metadata) for f in fields],
        "match_args": getattr(cls, "__match_args__", None),
        "slots": vars(cls).get("__slots__"),
        "signature": str(inspect.signature(cls)),
        "hash_none": cls.__hash__ is None,
        "generated": sorted(name for name in GENERATED if name in vars(cls)),
        "init": (cls.__init__.__qualname__, cls.__init__.__module__),  # type: ignore[misc]
        "init_hints": _outcome(lambda: typing.get_type_hints(cls.__init__)),  # type: ignore[misc]
    }


OPERATIONS: dict[str, Callable[[Any, Any], object]] = {
    "repr": lambda a, _b: repr(a),
    "eq": lambda a, b: (a == b, a != b, a == a, a == object()),
    "hash": lambda a, _b: hash(a),
    "order": lambda a, b: a < b,
    "setattr": lambda a, _b: setattr(a, dataclasses.fields(a)[0].name, 1),
    "setattr_other": lambda a, _b: setattr(a, "not_a_field", 1),
    "delattr": lambda a, _b: delattr(a, dataclasses.fields(a)[0].name),
    "replace": lambda a, _b: repr(dataclasses.replace(a)),
    "replace_changed": lambda a, b: repr(_records.replace(a, **_values(b))),
    "asdict": lambda a, _b: dataclasses.asdict(a),
    "astuple": lambda a, _b: dataclasses.astuple(a),
    "match": lambda a, _b: tuple(getattr(a, name) for name in type(a).__match_args__),
}
"""Each behaviour compared, on an instance ``a`` and a second instance ``b`` of its class
(``_records.replace`` of a plain dataclass is ``dataclasses.replace``)."""

COPYING: dict[str, Callable[[Any, Any], object]] = {
    "copy": lambda a, _b: (repr(copy.copy(a)), copy.copy(a) == a),
    "deepcopy": lambda a, _b: (repr(copy.deepcopy(a)), copy.deepcopy(a) == a),
}
"""Copies, compared on generated layouts only (a package record such as ``Finding`` may
define its own ``__reduce__``, which its plain twin lacks)."""


def _values(instance: object) -> dict[str, object]:
    """The init field values of ``instance``, by name."""
    fields = dataclasses.fields(instance)  # type: ignore[arg-type]
    return {f.name: getattr(instance, f.name) for f in fields if f.init}


def _compare(
    cls: type,
    twin: type,
    first: dict[str, Any],
    second: dict[str, Any],
    op: str,
    operations: dict[str, Callable[[Any, Any], object]] = OPERATIONS,
) -> None:
    """Run ``op`` first, then every operation, on a record and its twin built alike."""
    # positionally, with nothing, with an unknown keyword: the same instance or the same error
    assert _outcome(lambda: repr(cls(*first.values()))) == _outcome(
        lambda: repr(twin(*first.values()))
    )
    assert _outcome(lambda: repr(cls())) == _outcome(lambda: repr(twin()))
    assert _outcome(lambda: cls(**first, _unknown=1)) == _outcome(lambda: twin(**first, _unknown=1))
    built = _outcome(lambda: (cls(**first), cls(**second)))
    twin_built = _outcome(lambda: (twin(**first), twin(**second)))
    assert built[0] == twin_built[0], (built, twin_built)
    if built[0] != "value":
        assert built == twin_built
        return
    a, b = built[1]  # type: ignore[misc]
    ta, tb = twin_built[1]  # type: ignore[misc]
    for name in [op, *operations]:
        mine = _outcome(lambda name=name: operations[name](a, b))  # type: ignore[misc]
        theirs = _outcome(lambda name=name: operations[name](ta, tb))  # type: ignore[misc]
        assert mine == theirs, (cls.__qualname__, name, mine, theirs)
    assert (a == ta) is False and (ta == a) is False  # another class is never equal


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
def test_a_record_is_built_as_its_dataclass_twin(cls: type) -> None:
    """Fields, options, signature, ``__match_args__``, ``__slots__`` and the generated methods
    present are those of a plain dataclass (in whichever state earlier tests left the deferred
    methods; the generated layouts below are compared in both)."""
    twin = twin_of(cls)
    assert _structure(cls) == _structure(twin)
    # @dataclass writes "Name(field: type, ...)" into a record that has no docstring of its own
    assert not (cls.__doc__ or "").startswith(f"{cls.__name__}("), "a record has a docstring"


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.text(max_size=5),
    st.tuples(st.integers(0, 3), st.text(max_size=2)),
)


@st.composite
def _arguments(draw: st.DrawFn, cls: type) -> dict[str, Any]:
    """Keyword arguments for ``cls``: each init field left to its default or given a value."""
    arguments = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.init and (required or draw(st.booleans())):
            arguments[f.name] = draw(VALUES)
    return arguments


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
@given(data=st.data(), op=st.sampled_from(sorted(OPERATIONS)))
def test_a_record_behaves_as_its_dataclass_twin(cls: type, data: st.DataObject, op: str) -> None:
    """Built from the same values, a record and its twin answer every operation alike."""
    first = data.draw(_arguments(cls))
    second = data.draw(st.one_of(st.just(first), _arguments(cls)))
    _compare(cls, twin_of(cls), first, second, op)


Layout = list[tuple[str, dict[str, Any]]]


@st.composite
def _layouts(draw: st.DrawFn) -> tuple[Layout, bool, bool]:
    """A generated record layout: fields with or without defaults and with any of ``repr``,
    ``compare`` and ``hash`` turned off, frozen or not, slots or not."""
    names = draw(st.lists(st.sampled_from("abcdefg"), unique=True, max_size=5))
    layout: Layout = []
    defaulted = False
    for name in names:
        options = {
            "repr": draw(st.booleans()),
            "compare": draw(st.booleans()),
            "hash": draw(st.sampled_from([None, True, False])),
        }
        defaulted = defaulted or draw(st.booleans())
        if defaulted and draw(st.booleans()):
            options["default_factory"] = draw(st.sampled_from([list, dict, tuple]))
        elif defaulted:
            options["default"] = draw(VALUES)
        layout.append((name, options))
    if layout and draw(st.booleans()):
        layout.append(("__post_init__", {}))
    return layout, draw(st.booleans()), draw(st.booleans())


def _class(layout: Layout, field: Callable[..., Any] = dataclasses.field) -> type:
    """A fresh class with the fields of ``layout``, their options given to ``field`` (a
    ``__post_init__`` entry adds :func:`_post_init`)."""
    namespace: dict[str, Any] = {"__doc__": "generated", "__annotations__": {}}
    for name, options in layout:
        if name == "__post_init__":
            namespace[name] = _post_init
            continue
        namespace["__annotations__"][name] = "Any"  # resolved in this module's globals
        namespace[name] = field(**options)
    return type("Layout", (), namespace)


def _post_init(self: object) -> None:
    """A ``__post_init__`` that refuses a first field of 0."""
    first = dataclasses.fields(self)[0].name  # type: ignore[arg-type]
    if getattr(self, first) == 0:
        raise ValueError(f"{first} must not be 0")


@given(layout=_layouts(), data=st.data(), op=st.sampled_from(sorted(OPERATIONS | COPYING)))
def test_generated_layouts_behave_as_their_twins(
    layout: tuple[Layout, bool, bool], data: st.DataObject, op: str
) -> None:
    """Any layout, whichever operation comes first, is the dataclass of the same layout (with
    defaults, default factories, a ``__post_init__`` or not)."""
    fields, frozen, slots = layout
    cls = record(_class(fields, _records.field), frozen=frozen, slots=slots)
    twin = dataclasses.dataclass(_class(fields), frozen=frozen, slots=slots)
    assert _records.pending(cls)
    assert cls in _records._LAYOUTS
    assert _structure(cls) == _structure(twin)
    first = data.draw(_arguments(cls))
    second = data.draw(st.one_of(st.just(first), _arguments(cls)))
    _compare(cls, twin, first, second, op, OPERATIONS | COPYING)
    assert _structure(cls) == _structure(twin)


@pytest.mark.parametrize(
    "namespace",
    [
        {"__annotations__": {"a": "list[int]"}, "a": []},  # a mutable default
        {"__annotations__": {"a": "int", "b": "int"}, "a": 1},  # no default after a default
        {"__annotations__": {"a": "int", "b": "int"}, "a": _records.field(default=1)},
        {"__annotations__": {"a": "list[int]"}, "a": _records.field(default=[])},
        {"__annotations__": {"a": "int"}, "b": _records.field(default=3)},  # no annotation
        {"__annotations__": {"a": "int", "b": "int"}, "a": 1, "__init__": lambda *_: None},
    ],
)
def test_a_layout_dataclasses_refuses_is_refused_alike(namespace: dict[str, Any]) -> None:
    """A layout ``@dataclass`` refuses is refused by ``record`` with the same exception,
    whichever way it is refused (one made by this module, or one left to ``dataclasses``)."""
    twin_namespace = {
        k: dataclasses.field(default=v.default) if isinstance(v, _records._FieldSpec) else v
        for k, v in namespace.items()
    }
    mine = _outcome(lambda: record(type("Bad", (), {"__doc__": "bad", **namespace})))
    theirs = _outcome(lambda: dataclasses.dataclass(type("Bad", (), twin_namespace)))
    assert mine[0] != "value" and mine == theirs


@pytest.mark.parametrize(
    "namespace",
    [
        {"__annotations__": {"a": "list[int]"}, "a": _records.field(default_factory=list)},
        {"__doc__": "has ClassVar", "__annotations__": {"a": "int", "b": "ClassVar[int]"}},
        {"__doc__": "own init", "__annotations__": {"a": "int"}, "__init__": lambda *_: None},
    ],
)
def test_a_layout_only_dataclasses_makes_is_refused(namespace: dict[str, Any]) -> None:
    """A layout ``@dataclass`` accepts but this module does not make (no docstring, a
    ``ClassVar``, an own ``__init__``) is refused with a ``TypeError`` naming ``@dataclass``,
    never made into a class with a field spec left as its default."""
    with pytest.raises(TypeError, match="use @dataclass"):
        record(type("Other", (), namespace))


@pytest.mark.parametrize("slots", [True, False])
def test_a_subclass_of_a_frozen_record_copies_as_a_dataclass_subclass(slots: bool) -> None:
    """An undecorated subclass of a frozen record copies, deep-copies and pickles its fields
    as the subclass of the dataclass twin does."""
    layout = [("a", {"default": 1}), ("b", {"default_factory": list})]
    base = record(_class(layout, _records.field), frozen=True, slots=slots)
    twin = dataclasses.dataclass(_class(layout), frozen=True, slots=slots)
    sub: Any = type("Sub", (base,), {})
    twin_sub: Any = type("Sub", (twin,), {})
    for made in (sub(a=2, b=[3]), twin_sub(a=2, b=[3])):
        for copied in (copy.copy(made), copy.deepcopy(made)):
            assert type(copied) is type(made)
            assert (copied.a, copied.b) == (2, [3])
        state = made.__reduce_ex__(2)[2]
        assert state in ([2, [3]], {"a": 2, "b": [3]}), state


def test_a_record_refuses_methods_it_would_replace() -> None:
    """A class that writes its own ``__repr__``, ``__eq__`` or ``__hash__`` stays a dataclass."""

    class Own:
        """Writes its own repr."""

        a: int

        def __repr__(self) -> str:
            return "own"

    with pytest.raises(TypeError, match="__repr__"):
        record(Own)


_FRESH = """
import pickle, sys
from qenex_messages import _records
finding, report = pickle.loads(sys.stdin.buffer.read())
assert _records.pending(type(finding)) and _records.pending(type(report))
print(hash(finding) == hash(pickle.loads(pickle.dumps(finding))))
print(repr(finding)); print(finding == finding, report == report); print(repr(report))
"""


def test_a_record_unpickled_in_a_fresh_interpreter_behaves_the_same() -> None:
    """An instance that arrives pickled (as from a ``--jobs`` worker) before its class generated
    anything is compared, hashed and printed as in the process that made it."""
    from qenex_messages import Finding, Location, Report, Severity

    args = MappingProxyType({"a": "b"})
    finding = Finding("T26", Severity.ERROR, "bad", Location("f.fin", 3, 5, "20"), args)
    report = Report("f.fin", 0, "MT103", None, [finding])
    done = subprocess.run(
        [sys.executable, "-c", _FRESH],
        input=pickle.dumps((finding, report)),
        capture_output=True,
        check=True,
    )
    expected = f"True\n{finding!r}\nTrue True\n{report!r}\n"
    assert done.stdout.decode() == expected
    assert pickle.loads(pickle.dumps(finding)) == finding
