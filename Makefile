# Minga: `make run` serves the demo review; `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_NO_PROGRESS := 1
export UV_PYTHON_DOWNLOADS := never

SCALE ?= 1
BENCH_ARGS ?=

.PHONY: run test messages bench e2e clean

$(VENV)/.created:
	@python=$$(scripts/find-python) && echo "Using $$python" && $$python -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@touch $@

$(VENV)/.installed-run: $(VENV)/.created pyproject.toml uv.lock
	$(UV) sync --frozen --inexact --no-dev --python $(PY)
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.created pyproject.toml uv.lock
	$(UV) sync --frozen --inexact --python $(PY)
	@touch $@ $(VENV)/.installed-run

var:
	@mkdir -p var/media

run: $(VENV)/.installed-run var
	$(PY) manage.py compilemessages_po
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py serve

test: $(VENV)/.installed-dev var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py compilemessages_po
	$(PY) manage.py check_translations
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy .
	$(VENV)/bin/pytest -p no:cacheprovider; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; exit 1; fi; exit $$rc

# Update locale/*/LC_MESSAGES/django.po from the code (needs GNU gettext), then list what is
# left to translate. See docs/translation.md.
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=var --ignore=bench --ignore=node_modules --ignore=test-results --ignore=tests --ignore=conftest.py
	$(PY) manage.py check_translations || true

# Benchmarks against PostgreSQL (DATABASE_URL, default minga_bench): `make bench SCALE=10`.
bench: $(VENV)/.installed-dev var
	$(PY) -m bench --scale $(SCALE) $(BENCH_ARGS)

# Browser tests only (headless Debian Chromium).
e2e: $(VENV)/.installed-dev var
	$(PY) manage.py compilemessages_po
	$(VENV)/bin/pytest -m browser -p no:cacheprovider

clean:
	rm -rf $(VENV) var/minga.sqlite3 var/static
