# The two quick-start commands, `make demo` and `make test`, set everything up themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Convert the samples to page YAML, then replay their snippets on the embedded cluster.
demo: setup
	$(BIN)/docextract convert samples -o build/pages
	$(BIN)/docextract run samples --setups samples/setups.yaml --junit build/junit.xml --json build/results.json

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: setup
	$(BIN)/python bench/convert.py
	$(BIN)/python bench/tests.py
	$(BIN)/python bench/run.py

clean:
	rm -rf build .pytest_cache
