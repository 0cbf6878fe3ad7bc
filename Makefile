# The two quick-start commands, `make demo` and `make test`, set everything up themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The oldest and newest elasticsearch clients the project admits; tests/test_apis.py checks both.
ES_CLIENTS := $(shell grep -o '^[0-9][^[:space:]]*' tests/elasticsearch-clients.txt)

.PHONY: setup es-clients demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

es-clients: $(ES_CLIENTS:%=$(VENV)/es-clients/%/.installed)

# Each client beside the elastic-transport it resolves to, apart from the venv's own: a test puts the
# folder first on PYTHONPATH. The folder is named after the version, so it is installed once.
$(VENV)/es-clients/%/.installed: | $(VENV)/.installed
	rm -rf $(@D)
	$(BIN)/pip install --quiet --target $(@D) elasticsearch==$*
	touch $@

# Convert the samples to page YAML, then replay their snippets on the embedded cluster (their named
# setups are found in samples/setups.yaml, beside the pages).
demo: setup
	$(BIN)/docextract convert samples -o build/pages
	$(BIN)/docextract run samples --junit build/junit.xml --json build/results.json

test: setup es-clients
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: setup
	$(BIN)/python bench/convert.py
	$(BIN)/python bench/tests.py
	$(BIN)/python bench/run.py
	$(BIN)/python bench/validate.py

clean:
	rm -rf build .pytest_cache
