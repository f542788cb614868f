# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := qualitymonth/static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test serve bench install assets messages lint format catalogues lock clean

demo: install assets ## migrate an SQLite database, load demo data, serve on 127.0.0.1:8000
	$(BIN)/qualitymonth demo

# Tests run on every core (pytest-xdist; each worker has its own test database, test_<name>_gw0 …);
# the demo tests share one worker and one load of the demo (conftest.py: SHARED_WORKER).
# Test databases are copies of one migrated database, made first for both passes at once and
# kept in var/test-databases/ and on the PostgreSQL server until a migration changes (tests/databases.py).
PYTEST_WORKERS ?= auto
# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE): each
# pytest process (the workers, both passes) would otherwise compile every module and rewrite
# every test's assertions again (collection: about 10 s against 5 s).
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(PYTEST_WORKERS) --durations=12
# The PostgreSQL pass: every test but the browser tests, those that start real processes
# (the production server, the console command: they use their own SQLite files) and those
# marked `once` (the permission matrix: nothing in it differs by database), which the SQLite
# pass has run. Tests marked `postgres_only` (the generated API cases) run here only. Exit status 5 means the selection was empty, which is no failure.
PG_SELECTION ?= -m 'not browser and not process and not once'

test: install assets lint ## every test: SQLite with the browser tests, then PostgreSQL when reachable
	$(BIN)/python -m tests.databases '$(PG_URL)'
	$(PYTEST)
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== again on PostgreSQL ($(PG_URL)): $(PG_SELECTION)"; \
		DATABASE_URL=$(PG_URL) $(PYTEST) $(PG_SELECTION) || [ $$? -eq 5 ]; \
	else \
		echo "== PostgreSQL not reachable at $(PG_URL): its run is skipped"; \
	fi

serve: install assets ## production server (gunicorn, several workers) on the DATABASE_URL database
	$(BIN)/qualitymonth migrate --noinput
	$(BIN)/qualitymonth serve

# Everything in one run, each part on its own scratch database on the PG_URL server (dropped
# at the end): registration and check-in under 200 clients, the public pages under 50, the
# survey index and CSV export on 10 million answers, and how fast `serve` answers after its
# start. Each part prints its figures as ratios to a floor measured in the same run, with the
# spread over the rounds, and writes var/bench/<part>.json; bench/report.py, last, rewrites the
# README's performance table from those files. About 20 minutes on 2 cores;
# `make bench BENCH_ARGS=--quick` is a smaller run of every part (a check, not figures).
# Each part's own arguments: RUN_BENCH_ARGS, PAGES_BENCH_ARGS, SURVEYS_BENCH_ARGS, STARTUP_BENCH_ARGS,
# SEARCH_BENCH_ARGS, NEWSLETTERS_BENCH_ARGS, FIGURES_BENCH_ARGS, CONTEST_BENCH_ARGS, VIDEO_BENCH_ARGS.
QUICK := $(findstring --quick,$(BENCH_ARGS))
bench: install ## measure writes, pages, survey index and export, start-up; rewrite the README table
	$(BIN)/python bench/run.py --pg-url '$(PG_URL)' $(BENCH_ARGS) $(RUN_BENCH_ARGS)
	$(BIN)/python bench/pages.py --pg-url '$(PG_URL)' $(if $(QUICK),--rounds 1) $(PAGES_BENCH_ARGS)
	$(BIN)/python bench/surveys.py --pg-url '$(PG_URL)' $(BENCH_ARGS) $(SURVEYS_BENCH_ARGS)
	$(BIN)/python bench/startup.py $(BENCH_ARGS) $(STARTUP_BENCH_ARGS)
	$(BIN)/python bench/search.py --pg-url '$(PG_URL)' $(BENCH_ARGS) $(SEARCH_BENCH_ARGS)
	$(BIN)/python bench/newsletters.py --pg-url '$(PG_URL)' $(BENCH_ARGS) $(NEWSLETTERS_BENCH_ARGS)
	$(BIN)/python bench/figures.py --pg-url '$(PG_URL)' $(BENCH_ARGS) $(FIGURES_BENCH_ARGS)
	$(BIN)/python bench/contest.py --pg-url '$(PG_URL)' $(BENCH_ARGS) $(CONTEST_BENCH_ARGS)
	$(BIN)/python bench/video.py --pg-url '$(PG_URL)' $(BENCH_ARGS) $(VIDEO_BENCH_ARGS)
	$(BIN)/python bench/report.py

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Static files are collected and compressed here, once, into VAR_DIR/static (var/static by
# default); `qualitymonth serve` collects again only when a source file changed.
assets: node_modules/.package-lock.json $(VENDOR)/.copied messages
	$(BIN)/qualitymonth serve --collect-only

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Front-end libraries are copied into static files: pages never load from a CDN.
$(VENDOR)/.copied: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/htmx $(VENDOR)/echarts $(VENDOR)/pico $(VENDOR)/zxing $(VENDOR)/tus
	cp node_modules/@zxing/library/umd/index.min.js $(VENDOR)/zxing/zxing.min.js
	cp node_modules/@zxing/library/LICENSE $(VENDOR)/zxing/LICENSE
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	cp node_modules/@picocss/pico/css/pico.min.css $(VENDOR)/pico/
	cp node_modules/htmx.org/LICENSE $(VENDOR)/htmx/LICENSE
	cp node_modules/echarts/LICENSE $(VENDOR)/echarts/LICENSE
	cp node_modules/@picocss/pico/LICENSE.md $(VENDOR)/pico/LICENSE.md
	cp node_modules/tus-js-client/dist/tus.min.js node_modules/tus-js-client/dist/tus.min.js.map $(VENDOR)/tus/
	cp node_modules/tus-js-client/LICENSE $(VENDOR)/tus/LICENSE
	touch $@

messages: install ## compile the translation catalogues
	cd qualitymonth && ../$(BIN)/django-admin compilemessages --ignore=.venv -v 0

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

catalogues: install ## extract strings, fill English and Traditional Chinese (OpenCC) gaps
	$(BIN)/qualitymonth translations --update


lock: ## re-resolve requirements.lock from pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.11 -q -o requirements.lock --no-header

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
