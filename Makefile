# The two commands of the README: `make demo` and `make test`. Everything else is set-up they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/scamgrid demo --serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check scamgrid tests benchmarks
	$(BIN)/ruff format --check scamgrid tests benchmarks
	$(BIN)/mypy

# The suite runs every database test on SQLite and, when PostgreSQL answers, on PostgreSQL too.
test: $(STAMP) lint
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  echo "PostgreSQL found on 127.0.0.1:5432: database tests run on SQLite and PostgreSQL"; \
	  SCAMGRID_TEST_DATABASE_URL=$${SCAMGRID_TEST_DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -n 2 -q; \
	else \
	  echo "PostgreSQL not reachable: database tests run on SQLite only"; \
	  $(BIN)/pytest -n 2 -q; \
	fi

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
