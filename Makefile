# The Polyglot Engineer: every task a contributor needs.
#   make serve   create the venv, install pinned requirements, serve on 127.0.0.1 (live reload)
#   make test    install test tools and run every test (lint, unit, build, browser)
#   make audit   build, serve with gzip on 127.0.0.1, run Lighthouse and axe (needs npm)
.DEFAULT_GOAL := help
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SITE   ?= site

.PHONY: help venv deps dev-deps serve build test lint format deploy clean audit diagrams

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.deps

deps: $(VENV)/.deps ## Install the pinned runtime requirements into .venv
dev-deps: $(VENV)/.dev-deps ## Install runtime and test requirements into .venv

serve: deps ## Serve the site with live reload on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: deps ## Strict build into ./site (every warning is an error)
	$(BIN)/mkdocs build --strict --clean --site-dir $(SITE)

test: dev-deps ## Run every test: lint, unit, built-site and browser tests
	$(BIN)/ruff check hooks tests scripts
	$(BIN)/ruff format --check hooks tests scripts
	$(BIN)/python -m pytest

lint: dev-deps ## Lint and check formatting
	$(BIN)/ruff check hooks tests scripts
	$(BIN)/ruff format --check hooks tests scripts

format: dev-deps ## Format the Python code
	$(BIN)/ruff format hooks tests scripts
	$(BIN)/ruff check --fix hooks tests scripts

diagrams: dev-deps ## Draw the Mermaid diagrams of docs/ ahead of time into docs/assets/diagrams (needs Chromium)
	$(BIN)/python scripts/render_diagrams.py

# Lighthouse, pinned in package.json/package-lock.json; only the audit needs npm.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

AUDIT_SITE ?= reports/site
audit: dev-deps node_modules/.installed ## Build, serve with gzip, run Lighthouse 3x per page and preset + axe; AUDIT_ARGS=--check fails below targets
	$(BIN)/mkdocs build --strict --clean --site-dir $(AUDIT_SITE)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python scripts/audit.py --site $(AUDIT_SITE) --out reports $(AUDIT_ARGS)

deploy: deps ## Strict build, then publish to the gh-pages branch (nothing is pushed if the build fails)
	$(BIN)/mkdocs build --strict --clean --site-dir $(SITE)
	$(BIN)/mkdocs gh-deploy --strict --clean --force --no-history --message "docs: deploy {sha}" $(if $(REMOTE),--remote-name $(REMOTE),)

clean: ## Remove build output, reports and caches (keeps .venv and node_modules)
	rm -rf $(SITE) reports .cache .pytest_cache .ruff_cache .coverage htmlcov
