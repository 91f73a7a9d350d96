# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run test lint typecheck pytest bench docs clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# axe-core (accessibility checks in the browser tests) comes from the npm registry.
node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent; \
	else echo "npm not found: browser accessibility tests will be skipped"; fi
	@touch $@ 2>/dev/null || true

run: install
	$(BIN)/backcheck serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest --cov -n auto --dist worksteal

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/run_all.py

docs: install
	$(BIN)/backcheck kb docs

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache .pytest_cache .hypothesis test-artifacts .coverage .coverage.*
