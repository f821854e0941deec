# The two commands of the README: `make demo` and `make test`. Everything else is set-up they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: demo test lint bench clean chromium constraints

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Re-pin constraints.txt to the newest versions pyproject.toml allows, in a venv of its own.
PIN_VENV := var/pin-venv
constraints:
	rm -rf $(PIN_VENV) && $(PYTHON) -m venv $(PIN_VENV)
	$(PIN_VENV)/bin/pip install --quiet -e '.[dev]'
	(head -3 constraints.txt; $(PIN_VENV)/bin/pip freeze --exclude-editable) > constraints.new
	mv constraints.new constraints.txt && rm -rf $(PIN_VENV)

# The pages' JavaScript libraries, from the npm registry at the versions of package-lock.json.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

demo: $(STAMP) $(NODE_STAMP)
	$(BIN)/scamgrid demo --serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check scamgrid tests benchmarks
	$(BIN)/ruff format --check scamgrid tests benchmarks
	$(BIN)/mypy

# The suite runs every database test on SQLite and, when PostgreSQL answers, on PostgreSQL too.
test: $(STAMP) $(NODE_STAMP) chromium lint
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  echo "PostgreSQL found on 127.0.0.1:5432: database tests run on SQLite and PostgreSQL"; \
	  SCAMGRID_TEST_DATABASE_URL=$${SCAMGRID_TEST_DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -n 2 -q; \
	else \
	  echo "PostgreSQL not reachable: database tests run on SQLite only"; \
	  $(BIN)/pytest -n 2 -q; \
	fi

# The browser tests drive Debian's chromium (never a browser downloaded by Playwright), with
# fonts for the pages' scripts so screenshots show glyphs, not boxes: the smallest Debian
# packages covering Simplified Chinese (WenQuanYi Micro Hei, 1.6 MB), Thai (TLWG Loma, 0.15 MB)
# and Burmese (SIL Padauk, 1.4 MB).
BROWSER_PACKAGES := chromium fonts-wqy-microhei fonts-tlwg-loma-otf fonts-sil-padauk
chromium:
	@missing=$$(for p in $(BROWSER_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update && apt-get install -y $$missing; fi

# The look-up benchmark offers its load with `hey` (Debian package).
bench: $(STAMP)
	@command -v hey >/dev/null || (apt-get update && apt-get install -y hey)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var node_modules .pytest_cache .mypy_cache .ruff_cache
