# One command to set up and run the main job, one to set up and run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= ladybug:///./var/graph
CRM := $(BIN)/crm --store $(STORE)
DEMO_DAY ?= 2026-12-07
HOST ?= 127.0.0.1
PORT ?= 8000

NPM_CI := npm ci --no-audit --no-fund --loglevel=error

.PHONY: demo test install install-test web lint bench-graph bench-api bench-web bench-crm-loop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python web
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python web
	$(BIN)/pip install --quiet -e '.[test]'

## web: the npm packages (front end, Cypher linter, axe-core) and the pages built into api/static
web:
	$(NPM_CI) && npm run build

## demo: seed, classify, design the areas, generate the 12 weeks of service activity up to
## today (with the alerts and actions they call for), plan one delivery day, add demo
## accounts, serve the API and the web pages
demo: install
	$(CRM) seed --retailers 11500 --seed 7 --reset
	$(CRM) graph check
	$(CRM) classify --as-of 2026-08-01
	$(CRM) classify
	$(CRM) territory design --time-limit 30
	$(CRM) seed activity --until $$(date +%F)
	$(CRM) complaints sweep
	$(CRM) actions derive
	$(CRM) routes plan --date $(DEMO_DAY) --time-limit 60
	$(CRM) users demo
	$(CRM) serve --host $(HOST) --port $(PORT)

## test: the whole test suite (includes Neo4j's Cypher linter; Neo4j itself when NEO4J_URI is set),
## a test file per worker process on two cores
test: install-test
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: install-test
	$(BIN)/ruff check graph territory classification routing api accounts jobs seeds cli benchmarks care province tests
	$(BIN)/mypy
	npm run typecheck

bench-graph: install
	$(BIN)/crm bench graph --json

bench-api: install-bench
	$(BIN)/crm bench api

## bench-web: the pages in a cold headless Chromium (/usr/bin/chromium) on a copy of $(STORE),
## the city `make demo` builds; figures beside their targets
bench-web: install-bench web
	$(CRM) bench web

## bench-crm-loop: the service loop on a generated city and a small one (~5 min), beside the
## issue's targets
bench-crm-loop: install
	$(CRM) bench crm-loop

install-bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'

clean:
	rm -rf $(VENV) node_modules var api/static test-artifacts
