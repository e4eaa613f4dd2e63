# Carrefour — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
E2E_STAMP := tests/e2e/node_modules/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Development and tests run with DEBUG-level defaults (no HTTPS redirect, an
# insecure fixed key); pytest-django still turns DEBUG off inside the tests.
export DEBUG ?= 1

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is required"; exit 1; }
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $@

.PHONY: install
install: $(STAMP) ## Create .venv and install Carrefour with its development tools

$(E2E_STAMP): tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: setup
setup: install ## Migrate the database and load reference data and demo content
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) load_demo_content

.PHONY: run
run: setup ## Set everything up and serve the site with demo content on http://127.0.0.1:8000/
	@echo "Carrefour: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

.PHONY: lint
lint: install ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: install ## Format and fix what ruff can fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: checks
checks: install ## Django system checks and the missing-migrations check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

.PHONY: es-start
es-start: ## Start (or reuse) the development Elasticsearch node on 127.0.0.1:9200
	scripts/elasticsearch start

.PHONY: es-stop
es-stop: ## Stop the development Elasticsearch node
	scripts/elasticsearch stop

.PHONY: test-deps
test-deps: install $(E2E_STAMP) ## Install what the tests need: Chromium, axe-core, Elasticsearch
	scripts/system-packages chromium
	scripts/elasticsearch start

.PHONY: test
test: lint checks test-deps ## Run lint, checks and the whole test suite (browser and Elasticsearch tests included)
	$(BIN)/pytest $(PYTEST_ARGS)

.PHONY: messages
messages: install ## Update the English translation catalogue and compile it
	$(MANAGE) makemessages -l en --ignore='.venv/*' --ignore='tests/*' --ignore='node_modules/*'
	$(MANAGE) compilemessages -l en --ignore='.venv/*'

.PHONY: clean
clean: ## Remove the virtual environment, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 .static tests/e2e/node_modules .pytest_cache .ruff_cache

.PHONY: bench
bench: install ## Benchmark search on ~5,000 real case studies, both backends (BENCH_ARGS="--help")
	$(BIN)/python -m bench.search_bench $(BENCH_ARGS)
