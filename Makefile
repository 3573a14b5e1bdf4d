# One command to set up and run the main job, one to set up and run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= ladybug:///./var/graph

.PHONY: demo test install install-test lint bench-graph clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error

## demo: seed the city into the embedded store, check it and print its counts
demo: install
	$(BIN)/crm --store $(STORE) seed --retailers 11500 --seed 7 --reset
	$(BIN)/crm --store $(STORE) graph check
	$(BIN)/crm --store $(STORE) graph stats
	$(BIN)/crm --store $(STORE) classify --as-of 2026-08-01
	$(BIN)/crm --store $(STORE) classify

## test: the whole test suite (includes Neo4j's Cypher linter; Neo4j itself when NEO4J_URI is set)
test: install-test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check graph territory classification routing api seeds cli benchmarks tests
	$(BIN)/mypy

bench-graph: install
	$(BIN)/crm bench graph --json

clean:
	rm -rf $(VENV) node_modules var
