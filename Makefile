# The README's commands. Everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export DJANGO_DEBUG ?= 1
export PORT

.PHONY: run test lint smoke install lock clean-var bench messages chaos audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change: the exact versions of requirements-dev.lock, then
# the project itself. `pip check` catches a lock older than pyproject.toml (run `make lock`).
$(STAMP): pyproject.toml requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check || { echo "requirements-dev.lock misses what pyproject.toml asks: make lock" >&2; exit 1; }
	touch $(STAMP)

install: $(STAMP)

# Pin every dependency of pyproject.toml: requirements.lock for the site, requirements-dev.lock
# with the dev extra at the same versions. Pins that still fit are kept; LOCK_ARGS=--upgrade
# moves everything to the newest allowed releases, LOCK_ARGS='-P pillow' one package.
PIP_COMPILE = $(BIN)/pip-compile --quiet --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(LOCK_ARGS)
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.5,<8'
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements.lock --output-file requirements-dev.lock \
		pyproject.toml

run: $(STAMP)
	$(BIN)/python -m portal.devservices exec -- $(BIN)/python -m portal.run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The completeness check of the catalogues extracts strings as `make messages` does: it needs
# GNU gettext (Debian: gettext). Running the site does not: the compiled catalogues are committed.
test: lint
	@command -v xgettext >/dev/null || { echo "make test needs GNU gettext (apt-get install gettext)" >&2; exit 1; }
	$(BIN)/pytest $(PYTEST_ARGS)

# Bring every catalogue in locale/ up to date with the code, then compile them (commit both).
LANGUAGES := fr es pt ar uk
messages: $(STAMP)
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(LANGUAGES))
	$(BIN)/python manage.py compilemessages --ignore '.venv*' $(addprefix -l ,$(LANGUAGES))

# One pass through the embedded PostgreSQL and Valkey, whatever the environment says.
smoke: $(STAMP)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest tests/portal/test_smoke.py

# The benchmark of issue 7: scale data, the site under load, background jobs and peers, written to
# benchmarks/RESULTS.md. BENCH_FACTOR=0.01 for a quick run; BENCH_REUSE=1 keeps the seeded
# database; BENCH_ARGS passes more options (python benchmarks/bench.py --help).
LOAD_VENV := .venv-load
LOAD_STAMP := $(LOAD_VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# Locust pulls gevent: it lives in its own environment.
$(LOAD_VENV)/bin/python:
	$(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install --quiet --upgrade pip

$(LOAD_STAMP): benchmarks/requirements-load.txt | $(LOAD_VENV)/bin/python
	$(LOAD_VENV)/bin/python -m pip install --quiet -r benchmarks/requirements-load.txt
	touch $(LOAD_STAMP)

# Issue 15's faults (killed worker, Valkey and PostgreSQL restarts, Redis down) against a worker,
# beat, web, PostgreSQL, Valkey and SMTP server of its own: `make chaos` in full, CHAOS_ARGS=--short
# for the CI form. Writes var/chaos.md.
chaos: $(STAMP)
	$(BIN)/python benchmarks/chaos.py $(CHAOS_ARGS)

# Known vulnerabilities in the pinned versions. Needs PyPI's per-release JSON or osv.dev, which
# this development machine cannot reach (every package comes back "could not be audited"), so
# it is not in .ci/run yet; --strict fails rather than pass without checking.
audit: $(STAMP)
	$(BIN)/pip-audit --strict --disable-pip --no-deps --progress-spinner off -r requirements-dev.lock

bench: $(BENCH_STAMP) $(LOAD_STAMP)
	$(BIN)/python -m portal.devservices exec -- $(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
