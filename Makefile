# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_DEPS := tests/cypher_lint/node_modules/.installed tests/http_audit/node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint install

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

tests/%/node_modules/.installed: tests/%/package.json tests/%/package-lock.json
	cd tests/$* && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: $(INSTALLED)
	$(BIN)/relgraph seed demo --if-empty
	$(BIN)/relgraph serve --host $(HOST) --port $(PORT)

test: $(INSTALLED) $(NODE_DEPS)
	$(BIN)/pytest

bench: $(INSTALLED)
	$(BIN)/python -m tests.bench.run_all

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
