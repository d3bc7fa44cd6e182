# Quickstart: `make app` (set up, then open the app) and `make test` (set up, then run every test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: app test lint setup setup-test validate
.DEFAULT_GOAL := app

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools>=83"  # the venv's bundled setuptools has known advisories

$(VENV)/.installed: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install -q -r requirements.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python -m kurils.builders.vendor >/dev/null  # deck.gl for the map from the npm registry, checked; nothing if present

setup-test: setup $(VENV)/.installed-dev
	scripts/system-packages

app: setup
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
