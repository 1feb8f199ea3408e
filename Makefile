# Two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := $(wildcard bot faq tests benchmarks)

.PHONY: run test test-postgres lint format bench lock lock-upgrade clean

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
	$(BIN)/python -m pytest -q -n auto

# The whole suite again with every bot it starts on PostgreSQL (a throwaway server on
# 127.0.0.1 from the system's binaries, tests/postgres.py); CI runs it after `make test`.
test-postgres: $(STAMP)
	BOT_TEST_BACKEND=postgresql $(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

# Figures, not pass/fail: the FAQ matcher, and the responsiveness targets of the store seam.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.faq_match
	$(BIN)/python -m benchmarks.write_lock
	$(BIN)/python -m benchmarks.campaign_start
	$(BIN)/python -m benchmarks.campaign_fill
	$(BIN)/python -m benchmarks.cli_start
	$(BIN)/python -m benchmarks.burst
	$(BIN)/python -m benchmarks.zalo_reach
	$(BIN)/python -m benchmarks.console
	$(BIN)/python -m benchmarks.store_ops
	$(BIN)/python -m benchmarks.report --events 1000000 --repeat 1
	$(BIN)/python -m benchmarks.replicas --parts burst campaign zalo

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
