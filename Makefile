# Draftroom: two commands on a fresh machine.
#   make run    create .venv, install, open the drafting room on the bundled statement
#   make test   create .venv with the test extras, run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DRAFT ?= drafts/cnd-2014-jms

.PHONY: run test lint bench clean

$(BIN)/draftroom: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/draftroom
	$(BIN)/draftroom open $(DRAFT)

test: $(BIN)/draftroom
	$(BIN)/ruff check app tests
	TEXTUAL_ANIMATIONS=none $(BIN)/python -m pytest

lint: $(BIN)/draftroom
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests

clean:
	rm -rf $(VENV) build *.egg-info
