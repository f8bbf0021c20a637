# Jiyue: two commands do everything on a fresh machine.
#   make demo   install, migrate, load the demo cluster, serve it
#   make test   install what the tests need and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-traffic scale-demo test install test-tools lint typecheck format bench serve clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: export JIYUE_DEMO = 1
demo: install
	$(BIN)/jiyue migrate --noinput -v0
	$(BIN)/jiyue collectstatic --noinput -v0
	$(BIN)/jiyue load_demo --with-admin
	$(BIN)/jiyue publish --all
	$(BIN)/jiyue serve_demo

# A week of visits to the published demo, through nginx, into 访问统计 (bench/traffic.py).
demo-traffic: export JIYUE_DEMO = 1
demo-traffic: install test-tools
	$(BIN)/python bench/traffic.py

# The scale-out stack on one machine (docs/operations.md, ADR 0521): PostgreSQL and
# Redis (Debian's packages, installed and started when nothing answers), the demo
# cluster in PostgreSQL, then nginx in front of 2 public processes, the admin and
# 2 task workers on RQ (jiyue stack up prints what runs where).
SCALE_DB ?= jiyue_scale
scale-demo: export JIYUE_DEMO = 1
scale-demo: export JIYUE_TASK_BACKEND = rq
scale-demo: export JIYUE_REDIS_URL ?= redis://127.0.0.1:6379/2
scale-demo: export DATABASE_URL ?= postgres://root@127.0.0.1:5432/$(SCALE_DB)
scale-demo: install test-tools
	command -v redis-server >/dev/null && command -v pg_isready >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq redis-server postgresql >/dev/null; }
	redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --save ''
	pg_isready -h 127.0.0.1 -q || { pg_ctlcluster $$(pg_lsclusters -h | awk 'NR==1 {print $$1, $$2}') start && sleep 2 && \
	  runuser -u postgres -- psql -qc "create role root superuser login" 2>/dev/null; true; }
	psql -h 127.0.0.1 -d postgres -Atc "select 1 from pg_database where datname = '$(SCALE_DB)'" | grep -q 1 || \
	  createdb -h 127.0.0.1 $(SCALE_DB)
	$(BIN)/jiyue migrate --noinput -v0
	$(BIN)/jiyue collectstatic --noinput -v0
	$(BIN)/jiyue load_demo --with-admin
	$(BIN)/jiyue publish --all
	$(BIN)/jiyue stack up

# The browser tests need Debian's chromium, a Chinese font and axe-core (npm).
test-tools:
	command -v chromium >/dev/null && command -v nginx >/dev/null && test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc || \
	  { apt-get update -qq && apt-get install -y -qq chromium nginx fonts-wqy-microhei >/dev/null; }
	test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

test: export JIYUE_DEMO = 1
test: install test-tools
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The packages whose types are checked (mypy with django-stubs); each package joins
# this list once mypy finds nothing in it (docs/testing.md).
TYPED := jiyue/workdays jiyue/accounts

typecheck: install
	$(BIN)/mypy $(TYPED)

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf var/jiyue.sqlite3* var/static var/publish
