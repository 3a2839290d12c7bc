# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

NODE_STAMP := node_modules/.installed
# pytest-xdist workers for `make test`; each has its own PostgreSQL database (tests/postgres.py).
TEST_WORKERS ?= 2

.PHONY: install node graphiql chromium dashboard demo test lint format serve schema clean federation-demo bench

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP)

node: $(NODE_STAMP)

# GraphiQL's files, copied from node_modules (pinned by package-lock.json) into the folder the hub
# serves them from, so GraphiQL works with no internet access.
GRAPHIQL_STAMP := hub/graphiql/vendor/manifest.json
$(GRAPHIQL_STAMP): $(STAMP) $(NODE_STAMP) hub/graphiql/_assets.py
	$(BIN)/python -m hub.graphiql node_modules

graphiql: $(GRAPHIQL_STAMP)

# The dashboard (dashboard/, served at /): `npm ci` when its lock file changes, built into
# dashboard/dist when its sources change.
DASHBOARD_NODE_STAMP := dashboard/node_modules/.installed
DASHBOARD_BUILT := dashboard/dist/index.html
DASHBOARD_SOURCES := $(wildcard dashboard/src/*.ts dashboard/src/*.css dashboard/documents/*.graphql) \
	dashboard/index.html dashboard/vite.config.ts dashboard/tsconfig.json

$(DASHBOARD_NODE_STAMP): dashboard/package.json dashboard/package-lock.json
	npm ci --prefix dashboard --no-audit --no-fund --loglevel=error
	touch $(DASHBOARD_NODE_STAMP)

$(DASHBOARD_BUILT): $(DASHBOARD_NODE_STAMP) $(DASHBOARD_SOURCES)
	npm run --prefix dashboard --silent build

dashboard: $(DASHBOARD_BUILT)

# Headless Chromium for the browser tests: Debian's package, installed when missing (as root, or
# through sudo).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

demo: install graphiql dashboard
	$(BIN)/hub demo --scale cop26

test: install node graphiql chromium dashboard lint
	$(BIN)/hub schema check
	npm test --prefix dashboard --silent
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check hub tests
	$(BIN)/ruff format --check hub tests
	$(BIN)/mypy hub

format: install
	$(BIN)/ruff check --fix hub tests
	$(BIN)/ruff format hub tests

serve: install graphiql
	$(BIN)/hub serve

schema: install
	$(BIN)/hub schema export

clean:
	rm -rf $(VENV) node_modules benchmarks/node/node_modules dashboard/node_modules dashboard/dist var .pytest_cache .mypy_cache .ruff_cache

federation-demo: install node
	$(BIN)/python tools/federation/demo.py

# Benchmarks (never part of `make test`): `make bench BENCH_ARGS="--scale small"` while developing,
# `BENCH_ARGS="--repeat 3"` for the median and spread of three runs per query.
BENCH_NODE_STAMP := benchmarks/node/node_modules/.installed

$(BENCH_NODE_STAMP): benchmarks/node/package.json benchmarks/node/package-lock.json
	npm ci --prefix benchmarks/node --no-audit --no-fund --loglevel=error
	touch $(BENCH_NODE_STAMP)

bench: install $(BENCH_NODE_STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
