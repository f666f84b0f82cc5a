# Quick start: `make run` (install + demo data + web admin), `make test` (install + whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.PHONY: run test lint docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

## Install recruiter-kit, load demo data into the embedded SQLite database, start the web admin.
run: $(BIN)/python
	$(PIP) install -e .
	$(BIN)/recruiter-kit demo --candidates 200
	@$(BIN)/recruiter-kit db status
	@echo
	@echo "From another terminal (activate with: . $(VENV)/bin/activate):"
	@echo "  recruiter-kit report --due-within 2          # who needs a nudge in the next two days"
	@echo "  recruiter-kit report --format csv > report.csv"
	@echo "  recruiter-kit candidates list --stage interviewing"
	@echo "  recruiter-kit interviews show I-000001"
	@echo "  recruiter-kit handouts --interview I-000001 --output handout.pdf   # a coaching handout"
	@echo "  recruiter-kit --help                         # every command, with examples"
	@echo
	$(BIN)/recruiter-kit serve --demo

## Install the test dependencies and run lint, type checks and the whole test suite.
test: $(BIN)/python
	$(PIP) install -e '.[test]'
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Regenerate docs/cli.md from the commands' --help, and the interchange format's JSON Schema.
docs:
	$(BIN)/python -m recruiter_kit.cli.reference > docs/cli.md
	$(BIN)/python -c 'from recruiter_kit.services.interchange.records import render_json_schema; \
	    print(render_json_schema(), end="")' > docs/interchange.schema.json

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
