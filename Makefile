# Quickstart: `make app` (set up, then open the app) and `make test` (set up, then run every test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: app test lint setup setup-test validate
.DEFAULT_GOAL := app

# The venv counts as made only when every step worked: a failed step (no network on a first run)
# removes it, so the next `make` starts again instead of trusting a half-made one. Only the first
# setup needs the network (pip packages here and below); running does not.
# The venv's bundled setuptools (65.5 on Python 3.11) has known advisories: it is upgraded to >= 83,
# from the network only when the one already there is older.
$(BIN)/python:
	$(PY) -m venv $(VENV) \
	  && { $(VENV)/bin/python -c 'import sys, setuptools; sys.exit(int(setuptools.__version__.split(".")[0]) < 83)' 2>/dev/null \
	       || $(VENV)/bin/python -m pip install -q --upgrade pip "setuptools>=83"; } \
	  || { rm -rf $(VENV); echo "setup failed (first setup needs the network); nothing is kept" >&2; exit 1; }

# Stamped only after pip succeeded, so a failed or interrupted install is retried by the next `make`.
# requirements.txt installs this package too (editable), so plain `pip install -r requirements.txt`
# (Streamlit Community Cloud, a fresh venv) gives a working app: deck.gl ships in the package.
$(VENV)/.installed: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# deck.gl for the map ships with the code (frontend/vendor/, checked against its lock by the tests).
setup: $(VENV)/.installed

setup-test: setup $(VENV)/.installed-dev
	scripts/system-packages

app: setup  # app.py serves atlas.py with the security headers (tools/headers.py) and client limits
	$(BIN)/streamlit run app.py

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --silent --no-audit --no-fund  # ESLint for the map's frontend, from the npm registry

lint: setup-test node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	npx --no-install eslint src/kurils/present/mapview/frontend eslint.config.js

test: lint
	$(BIN)/python -m pytest -q

validate: setup
	$(BIN)/kurils validate
