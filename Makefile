# Two commands for a fresh machine with Python 3.11 and make: `make run` and `make test`.
# `make shapes` regenerates shapes/conflicts.ttl from queries/conflict-*.rq.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The W3C syntax suites (RDF 1.1, SPARQL 1.0/1.1) from rdflib's source distribution on the
# package index: tests/test_w3c_suites.py runs them when KG_W3C_SUITES names this folder.
SUITES := $(VENV)/w3c

.PHONY: run test install lint clean shapes bench yasgui

SCALES ?= 1000,10000
TIMEOUT ?= 1800

run: $(STAMP)
	$(BIN)/kg build
	$(BIN)/kg conflicts

test: $(STAMP)
	$(BIN)/ruff check kg tests
	KG_W3C_SUITES=$(abspath $(SUITES)) $(BIN)/pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -rf $(VENV)/sdist $(SUITES)
	$(BIN)/python -m pip download --quiet --no-binary :all: --no-deps --dest $(VENV)/sdist \
		"rdflib==$$($(BIN)/python -c 'import rdflib; print(rdflib.__version__)')"
	tar -xzf $(VENV)/sdist/rdflib-*.tar.gz -C $(VENV)/sdist --wildcards '*/test/data/suites/w3c/*'
	mv $(VENV)/sdist/rdflib-*/test/data/suites/w3c $(SUITES)
	rm -rf $(VENV)/sdist
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests

bench: $(STAMP)
	$(BIN)/python bench/run.py --scales $(SCALES) --timeout $(TIMEOUT)

shapes: $(STAMP)
	$(BIN)/python -c "from kg.conflicts.rules import write_shapes; write_shapes()"

# Re-vendor YASGUI (kg serve's query page) from the npm registry at the version
# tools/yasgui/package-lock.json pins; needs node and npm, and only to change that version.
yasgui:
	tools/yasgui/build.sh

clean:
	rm -rf build $(VENV)
