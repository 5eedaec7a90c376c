# The Polyglot Engineer: every task a contributor needs.
#   make serve   create the venv, install pinned requirements, serve on 127.0.0.1 (live reload)
#   make test    install test tools and run every test (lint, unit, build, browser)
#   make audit   build, serve with gzip on 127.0.0.1, run Lighthouse and axe (needs npm)
.DEFAULT_GOAL := help
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SITE   ?= site
PY_SRC := hooks tests scripts

# Every install is checked against the hashes in the lock files (make lock writes them).
PIP_INSTALL := $(BIN)/pip install --quiet --require-hashes
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: help venv deps dev-deps serve build test lint lint-workflows format deploy lock lock-upgrade \
	compare-properdocs clean icons bench-cards audit diagrams post bench bench-serve bench-rebuild hooks

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-dev.txt
	@touch $@ $(VENV)/.deps

deps: $(VENV)/.deps ## Install the pinned runtime requirements into .venv
dev-deps: $(VENV)/.dev-deps ## Install runtime and test requirements into .venv

lock: dev-deps ## Re-pin requirements*.txt (with hashes) from requirements*.in, keeping current versions
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

lock-upgrade: dev-deps ## Like lock, but move every pin to the newest allowed version
	$(PIP_COMPILE) --upgrade --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --upgrade --output-file requirements-dev.txt requirements-dev.in

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

bench-rebuild: deps ## Serve rebuilds by phase, in one process: make bench-rebuild N=500 [EDITS=5 ROUNDS=3 BASELINE=<git rev> HANDLERS=1]
	$(BIN)/python scripts/bench_rebuild.py --posts $(N) --edits $(EDITS) --rounds $(ROUNDS) $(if $(BASELINE),--baseline $(BASELINE)) $(if $(HANDLERS),--handlers)

# Every pre-commit hook (ruff, yamllint, markdown lint, codespell, post checks) on every
# tracked file; the hooks are local and call the tools pinned in .venv.
PRE_COMMIT := PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pre-commit run --all-files --show-diff-on-failure

test: dev-deps lint-workflows ## Run every test: pre-commit hooks (lint), workflow audit, unit, built-site and browser tests
	$(PRE_COMMIT)
	$(BIN)/python -m pytest

lint: dev-deps ## Run the pre-commit hooks on every file (ruff, yamllint, markdown, codespell, posts)
	$(PRE_COMMIT)

hooks: dev-deps ## Install the git pre-commit hook (runs the same checks on `git commit`)
	$(BIN)/pre-commit install

lint-workflows: dev-deps ## Audit the GitHub Actions workflows with zizmor (offline)
	$(BIN)/zizmor --offline --no-progress .github/workflows .github/dependabot.yml

format: dev-deps ## Format the Python code
	$(BIN)/ruff format $(PY_SRC)
	$(BIN)/ruff check --fix $(PY_SRC)

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

icons: dev-deps ## Render docs/assets/images/favicon.svg to the PNG icons (32, 180, 192, 512 px) with Chromium
	$(BIN)/python scripts/make_icons.py

bench-cards: dev-deps ## Print build times with social cards off, cold and warm (POSTS=100 generated posts)
	$(BIN)/python scripts/bench_cards.py

compare-properdocs: dev-deps ## Build with MkDocs and with ProperDocs and fail on unexplained differences
	$(BIN)/python scripts/compare_properdocs.py

# The strict build goes to a fresh temporary folder; only when it succeeded are exactly
# those files committed to gh-pages (ghp-import, what `mkdocs gh-deploy` uses) and pushed.
deploy: deps ## Strict build into a temp dir, then publish it to gh-pages (a failed build pushes nothing)
	@set -euo pipefail; out="$$(mktemp -d)"; trap 'rm -rf "$$out"' EXIT; \
	$(BIN)/mkdocs build --strict --clean --site-dir "$$out/site"; \
	$(BIN)/ghp-import --no-jekyll --push --force --no-history \
		--message "docs: deploy $$(git rev-parse --short HEAD)" \
		--remote "$(or $(REMOTE),origin)" --branch gh-pages "$$out/site"

clean: ## Remove build output, reports and caches (keeps .venv and node_modules)
	rm -rf $(SITE) reports .cache .pytest_cache .ruff_cache .coverage htmlcov
