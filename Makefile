# Two commands for a fresh machine with Python 3.11 and make: `make run` and `make test`.
# `make shapes` regenerates shapes/conflicts.ttl from queries/conflict-*.rq.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint clean shapes bench

SCALES ?= 1000,10000
TIMEOUT ?= 1800

run: $(STAMP)
	$(BIN)/kg build
	$(BIN)/kg conflicts

test: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests

bench: $(STAMP)
	$(BIN)/python bench/run.py --scales $(SCALES) --timeout $(TIMEOUT)

shapes: $(STAMP)
	$(BIN)/python -c "from kg.conflicts.rules import write_shapes; write_shapes()"

clean:
	rm -rf build $(VENV)
