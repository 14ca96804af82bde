# shopsite: `make run` serves the demo shop on 127.0.0.1:8000 with its task worker, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test test-postgres migrate demo check lint fuzz clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

migrate: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py seed_demo

# The server and a task worker (reset emails) together; Ctrl-C stops both.
run: demo
	@$(DEV_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 0' INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/shopsite} $(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(BIN)/python manage.py check
	$(DEV_ENV) $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(DEV_ENV) $(BIN)/python manage.py spectacular --validate --fail-on-warn --api-version v20_4 --file /dev/null

lint: $(STAMP)
	$(BIN)/ruff check .

# The schemathesis gate against a live server (fuzz/run_schemathesis.py); CI runs fewer examples.
FUZZ_EXAMPLES ?= 100
fuzz: $(STAMP)
	$(BIN)/python fuzz/run_schemathesis.py --max-examples $(FUZZ_EXAMPLES) $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
