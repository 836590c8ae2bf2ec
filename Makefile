# Casework: the two commands are `make run` and `make test`. Each does its own set-up.
# Needs only Python >= 3.11, Node (with npm) and git on the PATH.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The test suite uses its own settings module (a throwaway secret key); `run` is a DEBUG server.
TEST_ENV := DJANGO_SETTINGS_MODULE=tests.settings

.DEFAULT_GOAL := help
.PHONY: help run test lint types migrations-check pytest bench bench-reports install assets chromium lock clean

help:
	@echo "make run    - set up, build assets, migrate, load demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test   - set up, then ruff, mypy, makemigrations --check and pytest"
	@echo "make bench  - run the benchmarks under bench/ and print their results"
	@echo "make bench-reports - time every report on a large organisation (made by python -m bench.large_org)"
	@echo "make lock   - re-pin requirements/*.txt (with hashes) from requirements/*.in"

# --- set-up -----------------------------------------------------------------------------------
$(VENV)/.installed: requirements/dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Casework needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

ASSET_SOURCES := $(shell find frontend -type f 2>/dev/null) package-lock.json
casework/web/static/casework/.built: node_modules/.installed $(ASSET_SOURCES)
	npm run --silent build
	@touch $@

install: $(VENV)/.installed
assets: casework/web/static/casework/.built

# The browser tests (tests/browser) drive Debian's Chromium through Playwright, which never downloads one.
chromium:
	@test -x /usr/bin/chromium || (DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
		|| (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium))

# --- the two commands --------------------------------------------------------------------------
run: install assets
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(VENV)/bin/casework demo
	@echo ""
	@echo "  Casework is running at http://$(HOST):$(PORT)/"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: install assets chromium lint types migrations-check pytest

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types:
	$(TEST_ENV) $(VENV)/bin/mypy

migrations-check:
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

pytest:
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install
	$(PY) -m bench

# The database `python -m bench.large_org` makes: 1,000,000 cases on PostgreSQL (see bench/large_org.py).
BENCH_LARGE_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/casework_large
bench-reports: install
	BENCH_LARGE_DATABASE_URL=$(BENCH_LARGE_DATABASE_URL) $(PY) -m bench.bench_reports

# --- maintenance -------------------------------------------------------------------------------
lock:
	$(PYTHON) -m venv var/lockenv && var/lockenv/bin/pip install --quiet uv
	cd requirements && ../var/lockenv/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 base.in -o base.txt
	cd requirements && ../var/lockenv/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 dev.in -o dev.txt

clean:
	rm -rf $(VENV) node_modules casework/web/static/casework var/static .pytest_cache .mypy_cache .ruff_cache
