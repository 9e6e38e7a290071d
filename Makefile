# fazhi — two commands set up a machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo site runs with DEBUG on a local SQLite file; production sets its own environment.
DEV_ENV := DEBUG=1

.PHONY: run test lint format migrate demo clean bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

migrate: $(STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py demo --site-url http://$(HOST):$(PORT)/

# The background worker (long imports) runs beside the site and stops with it.
run: demo
	$(DEV_ENV) $(PY) manage.py work & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: lint
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	# One worker per core (pytest-xdist), each test file on one worker so that a file's
	# module-scoped fixtures (the demo the page contract loads) are built once.
	DEBUG=1 $(PY) -m pytest -n auto --dist loadfile

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .local/audit-tail.jsonl

# Benchmarks on PostgreSQL (127.0.0.1:5432, database fazhi_bench, made and dropped by the run);
# results are appended to bench/RESULTS.md. Larger: BENCH_ARGS="--mediation-rows 1000000".
bench: $(STAMP)
	DEBUG=1 $(PY) bench/run.py $(BENCH_ARGS)
