# One command to run the bot, one to run every test. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test chat check-content lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed  ## set up and start the bot (needs BOT_TOKEN in the environment or .env)
	$(BIN)/python -m bot

chat: $(BIN)/.installed  ## try the bot in this terminal: no token, no network
	$(BIN)/python -m bot chat

check-content: $(BIN)/.installed
	$(BIN)/python -m bot check-content

test: $(BIN)/.installed  ## set up and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m bot check-content
	$(BIN)/python -m pytest

bench: $(BIN)/.installed  ## speed and memory targets (not part of make test)
	$(BIN)/python -m bench

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
