# Connect or Not: `make serve` serves the course, `make test` runs every test.
# Both install what they need on first use: a virtual environment in .venv (serving
# needs only the site's packages; the tests add theirs), the engine's toolchain and
# the vendored browser runtime in node_modules (npm ci), and the lock-file tool in
# .venv-lock. What the build's slow steps make is cached in build/cache.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_DEPS := $(VENV)/.site-installed
DEV_DEPS := $(VENV)/.dev-installed
JS_DEPS := node_modules/.package-lock.json
HOST ?= 127.0.0.1:8000
CHROMIUM := /usr/bin/chromium
PDFTOTEXT := /usr/bin/pdftotext
# apt-get needs root; use sudo when we are not.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# pyodide-lock (Pyodide's own lock-file tooling) needs Python 3.12 or newer. Debian's
# python3 is 3.11, so look under pyenv too (its shims answer only for the active
# version). Without one, the package's own writer makes the same lock file.
PYENV_ROOT ?= $(or $(patsubst %/bin/,%,$(dir $(shell command -v pyenv 2>/dev/null))),$(HOME)/.pyenv)
LOCK_CANDIDATES := $(wildcard $(PYENV_ROOT)/versions/3.1[2-9]*/bin/python3) \
	$(shell command -v python3.13 python3.12 2>/dev/null)
LOCK_PYTHON ?= $(firstword $(foreach p,$(LOCK_CANDIDATES),$(if $(filter ok,\
	$(shell $(p) -c 'import sys; print("ok" if sys.version_info >= (3, 12) else "")' \
	2>/dev/null)),$(p))))
LOCK_VENV := .venv-lock
LOCK_DEPS := $(if $(LOCK_PYTHON),$(LOCK_VENV)/.installed)
# Ralph, the learning record store the tests start on 127.0.0.1 (tests/support/lrs.py),
# in an environment of its own: its pins (FastAPI, pydantic) are not the site's.
RALPH_VENV := .venv-ralph
RALPH_DEPS := $(RALPH_VENV)/.installed
export CONNECT_OR_NOT_RALPH := $(abspath $(RALPH_VENV)/bin/python)
export CONNECT_OR_NOT_LOCK_PYTHON := $(if $(LOCK_PYTHON),$(abspath $(LOCK_VENV)/bin/python))
export CONNECT_OR_NOT_CACHE := $(abspath build/cache)

.PHONY: serve site scorm test check lint types js unit runtime bench bench-browser clean requirements

serve: $(SITE_DEPS) $(JS_DEPS) $(LOCK_DEPS)
	@$(BIN)/python -m connect_or_not.mkdocs_plugin.serve $(HOST)

site: $(SITE_DEPS) $(JS_DEPS) $(LOCK_DEPS)
	$(BIN)/mkdocs build --strict

# dist/connect-or-not-scorm12.zip and dist/connect-or-not-scorm2004.zip, for an LMS.
scorm: $(SITE_DEPS) $(JS_DEPS) $(LOCK_DEPS)
	$(BIN)/python -m connect_or_not.mkdocs_plugin.scorm mkdocs.yml dist

test: lint js unit

# The fast loop: lint, types, the engine's unit tests and every test without a
# browser or a built site (so no built runtime either). It needs no lock-file tool
# (the package's writer makes the same lock), so it installs none.
check: CONNECT_OR_NOT_LOCK_PYTHON :=
check: lint js $(DEV_DEPS) $(JS_DEPS)
	$(BIN)/python -m pytest -m "not browser and not site"

# Python (ruff, mypy) and the engine against the contract's generated types (tsc).
lint: $(DEV_DEPS) $(JS_DEPS)
	$(BIN)/ruff check
	$(BIN)/mypy
	node_modules/.bin/tsc -p quiz/tsconfig.json
	node_modules/.bin/tsc -p quiz/tsconfig.worker.json

# The engine's view of contract.py (tests/test_contract.py fails when it falls behind).
types: $(SITE_DEPS)
	$(BIN)/python -m connect_or_not.jstypes quiz/src

# The browser engine's modules, unit-tested in Node with jsdom.
js: $(JS_DEPS)
	node --test --test-reporter=spec tests/js/

unit: $(DEV_DEPS) $(JS_DEPS) $(LOCK_DEPS) $(RALPH_DEPS) $(CHROMIUM) $(PDFTOTEXT) runtime
	$(BIN)/python -m pytest

# The browser runtime (bytecode, memory snapshot, compressed files) is built as a step
# of its own, by building the course into build/site: it is cached by content in
# build/cache, so no test pays for it inside its timeout, even on a fresh machine that
# is busy (about 3 s once cached).
define build-runtime
@echo "Building the course and its browser runtime (cached in build/cache)..."
@start=$$(date +%s); $(BIN)/mkdocs build --strict -q -d build/site \
	&& echo "Built in $$(( $$(date +%s) - start )) s."
endef

runtime: $(SITE_DEPS) $(JS_DEPS) $(LOCK_DEPS)
	$(build-runtime)

# The whole class on one shared link, against stock Pyodide (LEARNERS=20, CPU=1: CPU=4
# slows every page as a mid-range phone); bench-browser: one browser at a time, on
# loopback and emulated links, and the build's scaling (bench/run.py).
LEARNERS ?= 20
CPU ?= 1
bench: $(DEV_DEPS) $(JS_DEPS) $(LOCK_DEPS) $(CHROMIUM)
	$(BIN)/python bench/classroom.py --learners $(LEARNERS) --cpu $(CPU)

bench-browser: $(DEV_DEPS) $(JS_DEPS) $(LOCK_DEPS) $(CHROMIUM)
	$(BIN)/python bench/run.py --cpu $(CPU)

# Every Python package is pinned, with its hashes, in requirements/ (make requirements
# writes them anew from pyproject.toml); the course's own package goes in over them.
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

$(SITE_DEPS): pyproject.toml requirements/site.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements/site.txt
	$(PIP) --no-deps -e .
	touch $@

# The tests' packages (pytest, Playwright, ruff...) on top of the site's.
$(DEV_DEPS): $(SITE_DEPS) requirements/dev.txt
	$(PIP) --require-hashes -r requirements/dev.txt
	touch $@

$(LOCK_VENV)/.installed: requirements/lock-tool.txt
	$(LOCK_PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes -r requirements/lock-tool.txt
	touch $@

$(RALPH_DEPS): requirements/ralph.txt
	$(PYTHON) -m venv $(RALPH_VENV)
	$(RALPH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes -r requirements/ralph.txt
	touch $@

# Pins every Python dependency anew, with pip-tools in throwaway environments: the
# site's and the tests' under this Python, the lock tool's under LOCK_PYTHON.
COMPILE := --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
requirements:
	rm -rf build/pip-tools build/pip-tools-lock
	$(PYTHON) -m venv build/pip-tools && build/pip-tools/bin/pip install --quiet pip-tools
	for extra in site dev; do build/pip-tools/bin/pip-compile $(COMPILE) --extra $$extra \
		--unsafe-package connect-or-not -o requirements/$$extra.txt pyproject.toml; done
	$(LOCK_PYTHON) -m venv build/pip-tools-lock
	build/pip-tools-lock/bin/pip install --quiet pip-tools
	build/pip-tools-lock/bin/pip-compile $(COMPILE) -o requirements/lock-tool.txt \
		requirements/lock-tool.in
	build/pip-tools/bin/pip-compile $(COMPILE) -o requirements/ralph.txt requirements/ralph.in

$(JS_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund

# The browser tests drive Debian's Chromium (Playwright cannot download browsers), and
# read printed PDFs back with poppler's pdftotext.
$(CHROMIUM) $(PDFTOTEXT):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
		chromium fonts-dejavu-core poppler-utils

clean:
	rm -rf site dist build $(VENV) $(LOCK_VENV) $(RALPH_VENV) node_modules
