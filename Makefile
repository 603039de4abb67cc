# Décidons — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
# Apps that ship their own translation catalogue (APP/locale/); the rest is in locale/.
APP_CATALOGUES := participation/oidc participation/privacy participation/verifications
APP_CATALOGUES += participation/components participation/comments
APP_CATALOGUES += participation/moderation participation/search
APP_CATALOGUES += pages blogs proposals
APP_CATALOGUES += participation/notifications
APP_CATALOGUES += synthesis budgets
PORT ?= 8000

.PHONY: run test lock imports types install install-dev node check lint migrations-check messages compilemessages clean

# Installs are reproducible: every package at the version and hash requirements.lock pins
# (written by `make lock` from pyproject.toml), then the project itself without resolving.
$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

## After changing pyproject.toml or package.json: pin every package again (then commit both locks)
lock: install
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	  --extra dev --extra s3 --output-file requirements.lock pyproject.toml
	npm install --package-lock-only --no-audit --no-fund --silent

node: node_modules/.installed

## Type-check the services (the modules and settings are in pyproject.toml's [tool.mypy])
types: install
	$(VENV)/bin/mypy

## Install, migrate an SQLite database, load the demo city and serve it on http://127.0.0.1:8000/
run: install
	DEBUG=true PUBLIC_PORT=$(PORT) $(PY) manage.py migrate --noinput
	DEBUG=true PUBLIC_PORT=$(PORT) $(PY) manage.py seed_demo
	@# Scheduled work (digests, metrics, purges, the outbox sweep) on a timer beside the server.
	DEBUG=true PUBLIC_PORT=$(PORT) $(PY) manage.py run_schedule & schedule=$$!; \
	trap 'kill $$schedule 2>/dev/null' EXIT INT TERM; \
	DEBUG=true PUBLIC_PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set)
test: install node
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; }
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory imports
	$(MAKE) --no-print-directory types
	$(PY) -m pytest $(PYTEST_ARGS)

## The layer rule: core (participation) <- spaces <- components (contracts in pyproject.toml).
## It fails on a forbidden import: add `import proposals` to spaces/selectors.py and run
## `make imports` to see the contract broken and the import chain named
## (tests/participation/test_import_contracts.py proves each contract can fail).
imports: install
	$(VENV)/bin/lint-imports

## Extract messages to translate, then compile them (needs GNU gettext)
messages: install
	$(PY) manage.py makemessages --locale fr --locale en --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'tests/*' $(foreach app,$(APP_CATALOGUES),--ignore '$(app)/*')
	for app in $(APP_CATALOGUES); do (cd $$app && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages --locale fr --locale en --no-obsolete) || exit 1; done

compilemessages: install
	$(PY) manage.py fix_french_typography
	$(PY) manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
