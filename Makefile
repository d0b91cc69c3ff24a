# Stride: `make run` to try it, `make test` to check it. Everything installs into .venv, from the hashed
# lock files (requirements.txt, requirements-dev.txt) that `make lock` writes from the *.in files.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DJANGO_DEBUG=true

# Every package, dependencies included, is pinned with its hashes in the lock, so nothing else is resolved.
PIP_INSTALL := $(PY) -m pip install --quiet --require-hashes --no-deps

.PHONY: install run test test-clocks lint lock bench audit test-tools clean messages makemessages

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

install: $(VENV)/.dev

# The compiled catalogues (*.mo) are built here from the *.po files, never committed.
messages: $(VENV)/.runtime
	scripts/ensure-gettext
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=.tools --verbosity 0

# After changing user-facing words: collect them into each app's Spanish catalogue (its locale/ folder), then
# translate the new ones. The test suite fails while any is missing, fuzzy or untranslated.
MAKEMESSAGES := $(DEV_ENV) $(PY) manage.py makemessages --locale es --no-obsolete --no-location --verbosity 0 \
	--ignore .venv --ignore .tools --ignore node_modules --ignore staticfiles --ignore test-artifacts \
	--ignore tests --ignore scripts --ignore config --ignore 'static/vendor/*'
makemessages: $(VENV)/.runtime
	scripts/ensure-gettext
	$(MAKEMESSAGES)
	$(MAKEMESSAGES) --domain djangojs

run: $(VENV)/.runtime messages
	$(DEV_ENV) $(PY) manage.py migrate --verbosity 0
	$(DEV_ENV) $(PY) manage.py seed_demo
	$(DEV_ENV) PY=$(PY) scripts/run-dev

test-tools:
	scripts/ensure-test-tools

# The whole suite, browser tests included, on SQLite (or on PostgreSQL when DATABASE_URL says so).
test: $(VENV)/.dev test-tools messages
	$(PY) -m pytest

# The whole suite three times, under faketime: 00:30 UTC on a Saturday, a leap day, and a day ahead of UTC.
test-clocks: $(VENV)/.dev test-tools messages
	scripts/test-clocks

# After changing a *.in file: compile the locks again, from PyPI alone (no machine-local wheel folders).
PIP_COMPILE := PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= $(VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --no-header
lock: $(VENV)/.dev
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run --verbosity 0

# On gunicorn with production settings: trends over three years against /api/v1/me/ on SQLite (issue 25: at most
# 4x) and saving an entry (issue 25: at most 1.5x); then, on a throwaway PostgreSQL cluster (scripts/with-postgres,
# as root), the clinic-scale run (1,000 teens with three years each; Clinic outcomes for clinicians of 20, 200 and
# 1,000 of them, each at most 10x its /me/, 1,000 at most 1.5x 20, the kept rows the same as every diary worked out
# again: issue 25; a clinic team of 50 grown to 5,000 teens with three years each, its first page of 50 at most 3x
# /me/ at both sizes, 5,000 at most 1.5x 50, the same queries: issue 22) and the load run (8 clients, 20 s) on
# SQLite and PostgreSQL (issue 16). Every part runs; the target fails if any part missed its targets. Figures of
# full runs are in the README.
bench: $(VENV)/.runtime
	@status=0; \
	$(PY) scripts/bench_trends.py || status=1; \
	scripts/with-postgres sh -c '$(PY) scripts/bench_clinic.py; clinic=$$?; $(PY) scripts/bench_load.py && exit $$clinic' \
		|| status=1; \
	exit $$status

# Today and Trends on gunicorn: first-load bytes and Lighthouse mobile scores (issue 6). Lighthouse installs
# from the npm registry into .tools/ (git-ignored) on the first run.
audit: $(VENV)/.dev test-tools
	$(PY) scripts/audit.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm test-artifacts
