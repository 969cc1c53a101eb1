"""Shared test settings: hypothesis profiles, the schema store and the file generator."""

from __future__ import annotations

import gc
import importlib.util
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MIRROR = SHARED / "schemas"

settings.register_profile(
    "default",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("long" if os.environ.get("QENEX_FUZZ_LONG") else "default")


@pytest.fixture(scope="session")
def wheel_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the wheels pip downloads, so each is fetched once per test run."""
    return tmp_path_factory.mktemp("wheels")


def _complete(store: Path) -> bool:
    from qenex_messages.iso20022 import schema_status

    return all(s.state == "installed" for s in schema_status(store=store) if s.default)


@pytest.fixture(scope="session")
def schema_store(tmp_path_factory: pytest.TempPathFactory, wheel_cache: Path) -> Iterator[Path]:
    """QENEX_SCHEMA_DIR when it holds every default XSD, else a temporary store installed
    through the public API: from the ../shared/schemas mirror when it exists, from the
    package index for the rest. Fails (never skips) when a default XSD cannot be had."""
    from qenex_messages.iso20022 import install_schemas

    current = os.environ.get("QENEX_SCHEMA_DIR")
    if current and _complete(Path(current)):
        yield Path(current)
        return
    store = tmp_path_factory.mktemp("schemas")
    results = install_schemas(
        MIRROR if MIRROR.is_dir() else None, store=store, wheel_cache=wheel_cache
    )
    missing = [f"{r.id}: {r.origin}" for r in results if r.requested and not r.ok]
    if missing:
        pytest.fail("cannot install the default XSDs:\n" + "\n".join(missing))
    os.environ["QENEX_SCHEMA_DIR"] = str(store)
    try:
        yield store
    finally:
        if current is None:
            os.environ.pop("QENEX_SCHEMA_DIR", None)
        else:
            os.environ["QENEX_SCHEMA_DIR"] = current


def skip_without_unpublished_schema(*schema_ids: str) -> None:
    """Skip when one of ``schema_ids`` is not installed and no package registry carries it
    (schemas/catalog.toml), so only a mirror (``schemas install --from DIR``) can provide it.
    A schema that a registry carries never skips: its absence is a failure."""
    from qenex_messages.iso20022.schema_sources import WheelSource
    from qenex_messages.iso20022.schemas import entry, schema_status

    installed = {s.id for s in schema_status() if s.state == "installed"}
    for schema_id in schema_ids:
        item = entry(schema_id)
        on_registry = item is not None and any(isinstance(s, WheelSource) for s in item.sources)
        if schema_id not in installed and not on_registry:
            pytest.skip(
                f"{schema_id}: no public package registry carries ISO's XSD and no mirror "
                f"provided it; run `qenex-messages schemas install {schema_id} --from DIR` "
                "with a mirror that has it to run this test"
            )


def load_script(path: Path, name: str) -> ModuleType:
    """The Python file ``path`` (under scripts/ or benchmarks/, which are not packages) as the
    module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def load_generator() -> ModuleType:
    """``scripts/generate.py`` as a module."""
    return load_script(REPO / "scripts" / "generate.py", "qenex_generate")


def best_cpu_time(run: Callable[[], object], rounds: int = 3) -> float:
    """The best CPU time of ``rounds`` calls of ``run`` (others share the machine), without the
    garbage collector's pauses."""
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            start = time.process_time()
            run()
            times.append(time.process_time() - start)
    finally:
        gc.enable()
    return min(times)


@pytest.fixture(scope="session")
def generate() -> ModuleType:
    """The file generator of scripts/generate.py."""
    return load_generator()
