# Quick start: `make run` (install + demo data + web admin), `make test` (install + whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.PHONY: run test lint docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

## Install recruiter-kit, load demo data into its own SQLite file (demo.sqlite), start the web admin.
# The demo never shares a database with your own candidates: it gets this file of its own.
DEMO_DATABASE_URL ?= sqlite:///$(CURDIR)/demo.sqlite
DEMO := $(BIN)/recruiter-kit --database-url $(DEMO_DATABASE_URL)

run: $(BIN)/python
	$(PIP) install -e .
	$(DEMO) demo --candidates 200
	@$(DEMO) db status
	@echo
	@echo "The demo agency is in demo.sqlite; your own candidates go to the default database."
	@echo "From another terminal (activate with: . $(VENV)/bin/activate), on the demo:"
	@echo "  export RECRUITER_KIT_DATABASE_URL=$(DEMO_DATABASE_URL)   # unset it to go back"
	@echo "  recruiter-kit report --due-within 2          # who needs a nudge in the next two days"
	@echo "  recruiter-kit report --format csv > report.csv"
	@echo "  recruiter-kit candidates list --stage interviewing"
	@echo "  recruiter-kit interviews show I-000001"
	@echo "  recruiter-kit handouts --interview I-000001 --output handout.pdf   # a coaching handout"
	@echo "  recruiter-kit --help                         # every command, with examples"
	@echo "Your own day, step by step: docs/getting-started.md"
	@echo
	$(DEMO) serve --demo

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

## Regenerate docs/cli.md from the commands' --help, the handout previews' font cuts, and the
## interchange format's JSON Schema.
docs:
	$(BIN)/python -m recruiter_kit.cli.reference > docs/cli.md
	$(BIN)/python -c 'from recruiter_kit.handouts.templating import packaged_folder, \
	    write_preview_fonts; write_preview_fonts(packaged_folder() / "assets" / "fonts")'
	$(BIN)/python -c 'from recruiter_kit.services.interchange.records import render_json_schema; \
	    print(render_json_schema(), end="")' > docs/interchange.schema.json

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
