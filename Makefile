# The README's commands. Everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export DJANGO_DEBUG ?= 1
export PORT

.PHONY: run test lint smoke install clean-var

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m portal.devservices exec -- $(BIN)/python -m portal.run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

# One pass through the embedded PostgreSQL and Valkey, whatever the environment says.
smoke: $(STAMP)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest tests/portal/test_smoke.py
