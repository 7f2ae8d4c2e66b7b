# Connect or Not: `make serve` serves the course, `make test` runs every test.
# Both install what they need on first use: a virtual environment in .venv and
# the vendored browser runtime in node_modules (npm ci).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_DEPS := $(VENV)/.installed
JS_DEPS := node_modules/.package-lock.json
HOST ?= 127.0.0.1:8000
CHROMIUM := /usr/bin/chromium
# apt-get needs root; use sudo when we are not.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: serve site test lint unit browser bench clean

serve: $(PY_DEPS) $(JS_DEPS)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr $(HOST)

site: $(PY_DEPS) $(JS_DEPS)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: lint unit

lint: $(PY_DEPS)
	$(BIN)/ruff check

unit: $(PY_DEPS) $(JS_DEPS) $(CHROMIUM)
	$(BIN)/python -m pytest

bench: $(PY_DEPS) $(JS_DEPS) $(CHROMIUM)
	$(BIN)/python bench/run.py

$(PY_DEPS): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(JS_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund

# The browser tests drive Debian's Chromium (Playwright cannot download browsers).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
		chromium fonts-dejavu-core

clean:
	rm -rf site dist build $(VENV) node_modules
