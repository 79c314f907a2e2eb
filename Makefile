# sohoi: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
PYTEST := $(PY) -m pytest -p no:cacheprovider
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run install migrate demo static serve test lint test-sqlite test-postgres test-browser bench soak messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_admin_units
	$(PY) manage.py setup_demo
	$(PY) manage.py make_demo --members 2000 --if-empty
	$(PY) manage.py demo_programmes --if-empty
	$(PY) manage.py refresh_indicators --all

static: install
	$(PY) manage.py collectstatic --noinput -v 0

# The demo runs like the product: DEBUG off (no debug pages), static files served by WhiteNoise,
# and, being plain http on 127.0.0.1, cookies not marked Secure (else login would silently fail).
SERVE := DEBUG=$${DEBUG:-0} SECURE_COOKIES=$${SECURE_COOKIES:-0} PORT=$(PORT) scripts/serve.sh

serve: static
	$(SERVE)

## run: install, migrate, load administrative units and the demo association, serve on :8000
run: demo static
	@echo "sohoi: http://127.0.0.1:$(PORT)/  đăng nhập: admin / $$(cat "$${SOHOI_VAR_DIR:-var}/admin-password.txt")"
	@echo "(Ctrl-C dừng cả máy chủ web và tiến trình nền)"
	$(SERVE)

## test: lint, then the suite on a throwaway PostgreSQL beside the suite on SQLite and the browser
## tests (two lanes, one per core: scripts/test-lanes.sh; TEST_LANES=1 for one after the other)
test: lint
	MAKE="$(MAKE)" scripts/test-lanes.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy core accounts org sohoi people members imports dues funds indicators clubs aid blood training reporting projects oversight reports
	$(VENV)/bin/lint-imports  # the layers of docs/developers.md ([tool.importlinter] in pyproject.toml)
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || \
	  (echo "lint: models changed without a migration (run manage.py makemigrations)"; exit 1)

test-sqlite: install
	DATABASE_URL= $(PYTEST) -m "not browser"

test-postgres: install
	PG_FAST=1 scripts/with-postgres.sh $(PYTEST) -m "not browser"

test-browser: install
	@if [ -x /usr/bin/chromium ]; then \
	  $(PYTEST) -m browser tests_browser; \
	else \
	  echo "test-browser: SKIPPED: /usr/bin/chromium not found (apt-get install -y chromium)"; \
	fi

$(VENV)/.installed-bench: requirements-bench.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-bench.txt
	touch $@

## bench: every script in bench/ against a throwaway PostgreSQL (BENCH_SCALE=small for a quick run);
## installs what the benchmarks alone need first (requirements-bench.txt: the import bench's baseline)
bench: $(VENV)/.installed-bench
	scripts/with-postgres.sh $(PY) bench/run_all.py

## soak: bench/soak.py on SQLite then on a throwaway PostgreSQL (SOAK_SECONDS=300 each by default)
soak: install
	$(PY) bench/soak.py
	scripts/with-postgres.sh $(PY) bench/soak.py

messages: install
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=static/vendor --ignore=var --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
