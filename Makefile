# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_DEPS := tests/cypher_lint/node_modules/.installed tests/http_audit/node_modules/.installed \
	tests/apq_client/node_modules/.installed tests/schema_gate/node_modules/.installed
# The Neo4j test tier (tests/neo4j): jars stay in Maven's cache, the classpath
# and the compiled launcher in tests/neo4j/build. Without Java and Maven the
# tier is skipped (pytest says so in one line) unless RELGRAPH_REQUIRE_NEO4J=1.
NEO4J_BUILD := tests/neo4j/build
NEO4J_LAUNCHER := $(if $(shell command -v java && command -v javac && command -v mvn),$(NEO4J_BUILD)/classes/Launcher.class)
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

$(NEO4J_BUILD)/classpath.txt: tests/neo4j/pom.xml
	mvn -q -B -f tests/neo4j/pom.xml dependency:build-classpath -Dmdep.outputFile=build/classpath.txt.tmp
	@mv $@.tmp $@

$(NEO4J_BUILD)/classes/Launcher.class: tests/neo4j/src/Launcher.java $(NEO4J_BUILD)/classpath.txt
	javac --release 17 -cp "$$(cat $(NEO4J_BUILD)/classpath.txt)" -d $(NEO4J_BUILD)/classes $<

run: $(INSTALLED)
	$(BIN)/relgraph seed demo --if-empty
	$(BIN)/relgraph serve --host $(HOST) --port $(PORT)

test: $(INSTALLED) $(NODE_DEPS) $(NEO4J_LAUNCHER)
	$(BIN)/pytest

bench: $(INSTALLED)
	$(BIN)/python -m tests.bench.run_all

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
