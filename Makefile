# Draftroom: two commands on a fresh machine.
#   make run    create .venv, install, open the drafting room on the demo negotiation
#   make test   create .venv with the test extras, run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DRAFT ?= drafts/cnd-2014-demo

.PHONY: run test lint delegations bench bench-export bench-tui bench-store bench-growth bench-word bench-live bench-merge bench-scale bench-sources quality clean demo fuzz

$(BIN)/draftroom: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q app  # as pip does for packages: start-up reads bytecode
	touch $@

run: $(BIN)/draftroom
	$(BIN)/draftroom open $(DRAFT)

test: $(BIN)/draftroom
	$(BIN)/ruff check app tests scripts bench
	$(BIN)/lint-imports
	$(BIN)/mypy
	TEXTUAL_ANIMATIONS=none $(BIN)/python -m pytest

lint: $(BIN)/draftroom
	$(BIN)/ruff check app tests scripts bench
	$(BIN)/ruff format --check app tests scripts bench

bench: $(BIN)/draftroom
	$(BIN)/python bench/check_speed.py

bench-export: $(BIN)/draftroom
	$(BIN)/python bench/export_speed.py

bench-tui: $(BIN)/draftroom
	$(BIN)/python bench/tui_speed.py

bench-word: $(BIN)/draftroom
	$(BIN)/python bench/word_speed.py

# 50 pages following `draftroom serve` and a follower while the facilitator saves 100 changes
bench-live: $(BIN)/draftroom
	$(BIN)/python bench/live_load.py

bench-merge: $(BIN)/draftroom
	$(BIN)/python bench/merge_speed.py

bench-sources: $(BIN)/draftroom
	$(BIN)/python bench/sources_speed.py
	$(BIN)/python bench/sources_speed.py --units

bench-growth: $(BIN)/draftroom
	$(BIN)/python bench/paragraph_growth.py

bench-store: $(BIN)/draftroom
	$(BIN)/python bench/store_speed.py $(if $(LARGE),--large $(LARGE))

# the faults of the README's table, longer: 5,000 examples per fuzz property, 500 kills,
# the 10 MB text (`make test` runs 100 examples and 50 kills)
fuzz: $(BIN)/draftroom
	DRAFTROOM_FUZZ_EXAMPLES=5000 DRAFTROOM_KILLS=500 TEXTUAL_ANIMATIONS=none \
		$(BIN)/python -m pytest tests/test_fuzz.py tests/test_crash.py tests/test_notation.py \
		-p no:cacheprovider -q -s --hypothesis-show-statistics
	$(BIN)/python bench/big_input.py 10

quality: $(BIN)/draftroom
	$(BIN)/python bench/glossary_quality.py

demo: $(BIN)/draftroom
	$(BIN)/python scripts/make_demo.py

clean:
	rm -rf $(VENV) build *.egg-info

# every budget of issue 20 outside the room's screen, one table (about 5 minutes);
# ONLY=check (or store, cli, word, live) for one part: `make bench-scale ONLY=check`
bench-scale: $(BIN)/draftroom
	$(BIN)/python bench/scale.py $(if $(LARGE),--large $(LARGE)) $(if $(ONLY),--only $(ONLY))

# the bundled list of delegations in its Python form (app/core/delegations.py says why)
delegations: $(BIN)/draftroom
	$(BIN)/python -c "from app.core.delegations import bundled_module; print(bundled_module(), end='')" > app/core/delegations_bundled.py
