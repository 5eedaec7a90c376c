# The Polyglot Engineer: every task a contributor needs.
#   make serve   create the venv, install pinned requirements, serve on 127.0.0.1 (live reload)
#   make test    install test tools and run every test (lint, unit, build, browser)
.DEFAULT_GOAL := help
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SITE   ?= site

.PHONY: help venv deps dev-deps serve build post bench bench-serve test lint hooks format deploy clean

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

# TITLE, CATEGORY and AUTHOR reach the script through the environment (make exports
# command-line variables), so quotes, colons and apostrophes in a title need no escaping.
post: deps ## Create a draft post: make post TITLE="..." [CATEGORY=...] [AUTHOR=...]
	@$(BIN)/python scripts/new_post.py --title "$$TITLE" --host $(HOST) --port $(PORT) \
	  $${CATEGORY:+--category "$$CATEGORY"} $${AUTHOR:+--author "$$AUTHOR"} $(if $(POST_ROOT),--root "$(POST_ROOT)",)

N      ?= 500
ROUNDS ?= 3
EDITS  ?= 5

bench: deps ## Build speed vs stock Material on N generated posts: make bench N=500 [ROUNDS=3]
	$(BIN)/python scripts/bench.py --posts $(N) --rounds $(ROUNDS) --hooks

bench-serve: deps ## Serve latency (save a post -> post and blog index updated): make bench-serve N=100 [EDITS=5]
	$(BIN)/python scripts/bench_serve.py --posts $(N) --edits $(EDITS)

# Every pre-commit hook (ruff, yamllint, markdown lint, codespell, post checks) on every
# tracked file; the hooks are local and call the tools pinned in .venv.
PRE_COMMIT := PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pre-commit run --all-files --show-diff-on-failure

test: dev-deps ## Run every test: pre-commit hooks (lint), unit, built-site and browser tests
	$(PRE_COMMIT)
	$(BIN)/python -m pytest

lint: dev-deps ## Run the pre-commit hooks on every file (ruff, yamllint, markdown, codespell, posts)
	$(PRE_COMMIT)

hooks: dev-deps ## Install the git pre-commit hook (runs the same checks on `git commit`)
	$(BIN)/pre-commit install

format: dev-deps ## Format the Python code
	$(BIN)/ruff format hooks tests scripts
	$(BIN)/ruff check --fix hooks tests scripts

deploy: deps ## Strict build, then publish to the gh-pages branch (nothing is pushed if the build fails)
	$(BIN)/mkdocs build --strict --clean --site-dir $(SITE)
	$(BIN)/mkdocs gh-deploy --strict --clean --force --no-history --message "docs: deploy {sha}" $(if $(REMOTE),--remote-name $(REMOTE),)

clean: ## Remove build output and caches (keeps .venv)
	rm -rf $(SITE) .cache .pytest_cache .ruff_cache .coverage htmlcov
