"""A record's ``__init__`` taken from ``_record_inits`` is the one ``_records`` compiles.

``_records`` compiles the ``__init__`` ``@dataclass`` writes for each record, unless the record's
shape has a function in the generated ``_record_inits``, whose code it takes under the record's
own field names. The property: for any shape and any field names, the renamed code is the
compiled code (the same instructions on the same names and constants, the same cells, globals,
defaults and annotations); every record of the package takes its ``__init__`` that way, and the
module is what ``scripts/gen_record_inits.py`` writes for the package's records.
"""

from __future__ import annotations

import dis
import importlib.util
import keyword
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from qenex_messages import _record_inits, _records
from tests.test_records import RECORDS

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_inits", ROOT / "scripts" / "gen_record_inits.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _script()
SHAPES = st.tuples(
    st.integers(0, 12), st.booleans(), st.sets(st.integers(0, 11)), st.booleans()
).map(lambda s: (s[0], s[1], tuple(sorted(i for i in s[2] if i < s[0])), s[3]))
NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True).filter(
    lambda name: (
        not keyword.iskeyword(name)
        and name not in ("self", "__dataclass_builtins_object__", "_HAS_DEFAULT_FACTORY")
    )
)


def _layout(names: list[str], factories: tuple[int, ...]) -> tuple[Any, ...]:
    specs = []
    for index, name in enumerate(names):
        factory = list if index in factories else _records._NO_DEFAULT
        spec = _records._FieldSpec(_records._NO_DEFAULT, factory, True, None, True)
        specs.append(spec.named(name, "int"))
    return tuple(specs)


def _helpers(layout: tuple[Any, ...]) -> dict[str, Any]:
    helpers: dict[str, Any] = {
        "__dataclass_builtins_object__": object,
        "_HAS_DEFAULT_FACTORY": _records._HAS_FACTORY,
    }
    for spec in layout:
        if spec.default_factory is not _records._NO_DEFAULT:
            helpers[f"_dflt_{spec.name}"] = spec.default_factory
    return helpers


def _cells(function: FunctionType) -> dict[str, object]:
    return {
        name: cell.cell_contents
        for name, cell in zip(
            function.__code__.co_freevars, function.__closure__ or (), strict=True
        )
    }


_SAME = (
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_flags",
    "co_stacksize",
    "co_varnames",
    "co_names",
    "co_consts",
    "co_cellvars",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_firstlineno",
)


def assert_same_init(made: Any, expected: Any) -> None:
    """``made`` and ``expected`` are the same function but for where the free variables sit."""
    mine, theirs = made.__code__, expected.__code__
    for attribute in _SAME:
        assert getattr(mine, attribute) == getattr(theirs, attribute), attribute
    assert sorted(mine.co_freevars) == sorted(theirs.co_freevars)
    steps = [[(i.opname, i.argval) for i in dis.get_instructions(f)] for f in (mine, theirs)]
    assert steps[0] == steps[1]
    mine_cells, their_cells = _cells(made), _cells(expected)
    assert mine_cells.keys() == their_cells.keys()
    assert all(mine_cells[name] is their_cells[name] for name in mine_cells)
    assert made.__globals__ is expected.__globals__
    assert (made.__defaults__, made.__annotations__) == (
        expected.__defaults__,
        expected.__annotations__,
    )


@given(shape=SHAPES, data=st.data())
def test_a_renamed_template_is_the_compiled_init(shape: Any, data: st.DataObject) -> None:
    """Any shape's template under any field names is the ``__init__`` compiled for them."""
    count, frozen, factories, post_init = shape
    names = data.draw(st.lists(NAMES, min_size=count, max_size=count, unique=True))
    namespace: dict[str, Any] = {"__name__": "somewhere"}
    text = GENERATOR.HEADER + GENERATOR.template(0, shape)
    exec(compile(text, "<template>", "exec", dont_inherit=True), namespace)
    layout = _layout(names, factories)
    helpers = _helpers(layout)
    made = _records.renamed(namespace["_shape_0"], names, helpers, namespace)
    expected = _records.compiled(
        layout, frozen=frozen, post_init=post_init, helpers=helpers, namespace=namespace
    )
    assert_same_init(made, expected)


def test_every_record_of_the_package_takes_its_init_from_a_template() -> None:
    """Each record of the package has its shape in ``_record_inits`` (none compiles), and its
    ``__init__`` is the one compiled for it."""
    assert RECORDS
    for cls in RECORDS:
        shape = _records.shape(cls)
        assert shape in _record_inits.TEMPLATES, cls
        layout = _records._LAYOUTS[cls]
        init: Any = cls.__init__
        expected: Any = _records.compiled(
            layout,
            frozen=shape[1],
            post_init=shape[3],
            helpers=_helpers(layout),
            namespace=init.__globals__,
        )
        expected.__defaults__ = init.__defaults__
        expected.__annotations__ = init.__annotations__
        assert init.__qualname__ == f"{cls.__qualname__}.__init__"
        assert_same_init(init, expected)


def test_the_module_is_what_the_script_writes() -> None:
    """``_record_inits`` holds one function per shape of the package's records, no more."""
    written = GENERATOR.render(GENERATOR.package_shapes())
    assert written == Path(_record_inits.__file__).read_text("utf-8")
