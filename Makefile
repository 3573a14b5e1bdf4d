# One command to set up and run the main job, one to set up and run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= ladybug:///./var/graph
CRM := $(BIN)/crm --store $(STORE)
DEMO_DAY ?= 2026-12-07
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-test lint bench-graph bench-api clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error

## demo: seed, classify, design the areas, plan one delivery day, add demo accounts, serve the API
demo: install
	$(CRM) seed --retailers 11500 --seed 7 --reset
	$(CRM) graph check
	$(CRM) classify --as-of 2026-08-01
	$(CRM) classify
	$(CRM) territory design --time-limit 30
	$(CRM) routes plan --date $(DEMO_DAY) --time-limit 60
	$(CRM) users demo
	$(CRM) serve --host $(HOST) --port $(PORT)

## test: the whole test suite (includes Neo4j's Cypher linter; Neo4j itself when NEO4J_URI is set)
test: install-test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check graph territory classification routing api accounts jobs seeds cli benchmarks tests
	$(BIN)/mypy

bench-graph: install
	$(BIN)/crm bench graph --json

bench-api: install-bench
	$(BIN)/crm bench api

install-bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'

clean:
	rm -rf $(VENV) node_modules var
