# Jena Smart – the two newcomer commands and the developer chores (GNU make).
#
#   make run    set everything up, load the Jena demo data, serve http://127.0.0.1:8000
#   make test   the same set-up, then the whole test suite (browser tests included)
#   make production-local   the production shape on this machine, without Docker
#
# Every step is idempotent: running a target twice does no harm and little work.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="tests/geo -x"
PYTEST_ARGS ?=
# Test processes (pytest-xdist): auto = one per CPU core; 0 = all in this process (for
# --pdb, or -s to see prints). The README's "Tests" says what runs one after another.
PYTEST_WORKERS ?= auto

PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Management commands of the embedded default run with DEBUG on unless the caller chose.
DEV_MANAGE := DEBUG=$${DEBUG:-true} $(MANAGE)
PIP_STAMP := $(VENV)/.requirements-installed
NPM_STAMP := node_modules/.npm-ci-done
PO_FILES := $(shell find locale -name '*.po' 2>/dev/null)

# `make test` also needs chromium and nginx, `make production-local` nginx;
# target-specific variables reach the prerequisites.
CHECK_SYSTEM_FLAGS :=
test: CHECK_SYSTEM_FLAGS := --tests
production-local: CHECK_SYSTEM_FLAGS := --production
# Options of scripts/production_local.py, e.g. PRODUCTION_LOCAL_ARGS="--no-demo --port 8090"
PRODUCTION_LOCAL_ARGS ?=

.PHONY: help
help: ## show this help
	@echo "Jena Smart – make targets:"
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  make %-17s %s\n", $$1, $$2}'
	@echo "Variables: PYTHON=$(PYTHON) VENV=$(VENV) HOST=$(HOST) PORT=$(PORT) PYTEST_WORKERS=$(PYTEST_WORKERS) PYTEST_ARGS=..."

# --- set-up ---------------------------------------------------------------------------------

.PHONY: setup
setup: system $(PIP_STAMP) $(NPM_STAMP) var messages migrate ## system check, .venv, Python + npm packages, migrations

.PHONY: system
system: ## check (and on Debian as root install) the system packages
	@PYTHON="$(PYTHON)" scripts/check_system.sh $(CHECK_SYSTEM_FLAGS)

$(PY):
	$(PYTHON) -m venv $(VENV)

# uv installs the pinned packages (the same files pip reads) in seconds instead of
# pip's ~50 s: it downloads in parallel and links from its cache (~/.cache/uv). It trusts
# the system's certificate store (--system-certs), as pip does, e.g. a company proxy's CA.
UV_VERSION := 0.13.10
UV := $(VENV)/bin/uv
$(PIP_STAMP): requirements.txt requirements-dev.txt requirements-reference.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) pip install --quiet --system-certs --python $(PY) -r requirements-dev.txt
	$(UV) pip install --quiet --system-certs --python $(PY) --no-deps -r requirements-reference.txt
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: var
var:
	@mkdir -p var

# We commit the compiled .mo files; compile only those that are missing.
.PHONY: messages
messages: | $(PIP_STAMP)
	@for po in $(PO_FILES); do \
		if [ ! -f "$${po%.po}.mo" ]; then \
			echo "Compiling translations (missing $${po%.po}.mo)"; \
			$(DEV_MANAGE) compilemessages --ignore=.venv --ignore=node_modules; \
			break; \
		fi; \
	done

.PHONY: migrate
migrate: | $(PIP_STAMP) var
	$(DEV_MANAGE) migrate --noinput

# --- the two newcomer commands --------------------------------------------------------------

.PHONY: run
run: export DEBUG := true
run: setup ## set up, load the Jena demo data and demo accounts, serve http://127.0.0.1:8000
	$(MANAGE) load_jena_demo
	$(MANAGE) load_participation_demo
	$(MANAGE) load_reports_demo
	$(MANAGE) load_verification_demo
	$(MANAGE) load_budget_demo
	$(MANAGE) ensure_demo_admin
	@echo
	@echo "Jena Smart runs at http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/). Stop with Ctrl+C."
	$(MANAGE) runserver $(HOST):$(PORT)

.PHONY: production-local
production-local: setup ## production shape without Docker: nginx :8080, 2 gunicorn nodes, PostgreSQL, Redis, SeaweedFS, Celery
	$(PY) scripts/production_local.py $(PRODUCTION_LOCAL_ARGS)

.PHONY: test
test: setup ## set up, then run the whole test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# --- chores ---------------------------------------------------------------------------------

.PHONY: lint
lint: | $(PIP_STAMP) ## ruff check and the import-linter layers of the apps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

.PHONY: format
format: | $(PIP_STAMP) ## ruff format and fix imports
	$(VENV)/bin/ruff check --select I --fix .
	$(VENV)/bin/ruff format .

.PHONY: check
check: | $(PIP_STAMP) var ## Django system checks, missing migrations, deploy check with .env.example
	$(DEV_MANAGE) check
	$(DEV_MANAGE) makemigrations --check --dry-run
	$(PY) scripts/with_production_env.py $(PY) manage.py check --deploy --fail-level WARNING

# Backup and restore drill (README "Backup and restore"): the database of DATABASE_URL
# and the uploaded files (local folders or the two buckets), one folder per backup.
.PHONY: backup
backup: | $(PIP_STAMP) var ## back up the database and the uploaded files into var/backups/<UTC time>/
	$(DEV_MANAGE) backup --verbosity 2

# make restore BACKUP=var/backups/20261126T052100Z; YES=1 replaces a database that is not empty.
.PHONY: restore
restore: | $(PIP_STAMP) var ## restore a backup and check it: make restore BACKUP=<folder> [YES=1]
	@if [ -z "$(BACKUP)" ]; then \
		echo "make restore BACKUP=var/backups/<UTC time>   (YES=1 replaces a database that is not empty)"; \
		ls -1d var/backups/*/ 2>/dev/null | tail -5 || true; \
		exit 2; \
	fi
	$(DEV_MANAGE) restore "$(BACKUP)" $(if $(YES),--yes) --verbosity 2

.PHONY: clean
clean: ## remove caches and collected static files (keeps .venv, node_modules and the database)
	find . -path ./.venv -prune -o -path ./node_modules -prune -o \
		-name __pycache__ -type d -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache test-results var/static

.PHONY: distclean
distclean: clean ## also remove .venv, node_modules and var/ (the SQLite database)
	rm -rf $(VENV) node_modules var
