# Two commands for a fresh machine with Python 3.11 and make: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint clean

run: $(STAMP)
	$(BIN)/kg build
	$(BIN)/kg query claims --format table | tail -n 3

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

clean:
	rm -rf build $(VENV)
