# giamngheo — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON_SYS ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
DEMO_PROVINCE ?= 15
DEMO_HOUSEHOLDS ?= 20000
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-dev system-deps run test test-only bench lint fmt typecheck lock messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-12s %s\n",$$1,$$2}'

$(VENV)/bin/python:
	$(PYTHON_SYS) -m venv $(VENV)

$(VENV)/.runtime: requirements.lock | $(VENV)/bin/python
	$(PIP) install --quiet --disable-pip-version-check -r requirements.lock
	$(PIP) install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

locale/en/LC_MESSAGES/django.mo: locale/en/LC_MESSAGES/django.po | $(VENV)/.runtime
	DEBUG=1 $(MANAGE) compilemessages --ignore '.venv/*' --ignore 'node_modules/*' -v 0

# The local settings file, written once: the README's `python manage.py …` lines then work in a new shell.
.env: | config/local.env
	cp config/local.env .env

install: $(VENV)/.runtime node_modules/.installed locale/en/LC_MESSAGES/django.mo .env ## Create .venv and install pinned dependencies and front-end files

install-dev: install $(VENV)/.dev system-deps ## Also the test tools, Chromium and the PDF fonts

system-deps: ## Debian packages the tests need (Chromium for browser tests, Noto fonts), installed when missing
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -q "NotoSans-" || missing="$$missing fonts-noto-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Cài gói hệ thống:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

run: install ## Set up a demo (SQLite, admin units, one seeded province, one user per role) and serve on http://127.0.0.1:8000
	@mkdir -p var
	DEBUG=1 $(MANAGE) migrate --no-input -v 0
	DEBUG=1 $(MANAGE) createcachetable
	DEBUG=1 $(MANAGE) collectstatic --no-input -v 0
	DEBUG=1 $(MANAGE) demo_setup --province $(DEMO_PROVINCE) --households $(DEMO_HOUSEHOLDS) --host $(HOST) --port $(PORT)
	@# A task worker beside the server runs background jobs (bulk classification); it stops with the server.
	DEBUG=1 $(MANAGE) db_worker --interval 2 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

test: install-dev lint typecheck test-only ## Lint, type-check and run the whole test suite (SQLite, or DATABASE_URL)

test-only: ## Run the test suite only
	@mkdir -p var
	DEBUG=1 $(PY) -m pytest

bench: install-dev ## Benchmarks (PostgreSQL from BENCH_DATABASE_URL); figures go to docs/performance.md
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/giamngheo_bench} $(PY) bench/run.py

lint: $(VENV)/.dev ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(VENV)/.dev ## Apply ruff formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(VENV)/.dev ## mypy with django-stubs
	DEBUG=1 $(VENV)/bin/mypy giamngheo config

messages: $(VENV)/.runtime ## Refresh the English catalogue after changing Vietnamese source strings
	DEBUG=1 $(MANAGE) makemessages -l en --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --no-obsolete

lock: $(VENV)/.dev ## Re-resolve requirements*.lock from pyproject.toml
	$(PIP) install --quiet pip-tools
	$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

clean: ## Remove the virtualenv, node_modules and local data
	rm -rf $(VENV) node_modules var
