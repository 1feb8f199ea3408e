# Two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := $(wildcard bot faq broadcasts tests benchmarks)

.PHONY: run test lint format bench lock lock-upgrade clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

test: $(STAMP) lint
	$(BIN)/python -m faq check
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

bench: $(STAMP)
	$(BIN)/python -m faq bench
	$(BIN)/python -m benchmarks.burst

# requirements.lock pins every deployed package with hashes (the Dockerfile installs from it).
# `lock` re-resolves after a change to pyproject.toml, keeping pins where it can;
# `lock-upgrade` moves every pin to the newest release allowed.
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet -o requirements.lock

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet 'uv>=0.5'
	$(LOCK)

lock-upgrade: $(STAMP)
	$(BIN)/python -m pip install --quiet 'uv>=0.5'
	$(LOCK) --upgrade

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
