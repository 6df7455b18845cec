# Two commands from a clean clone: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup run test test-fast lint bench clean browser

setup: $(STAMP)

# Re-install only when the project metadata changes, so `setup` is quick when done.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,baseline]'
	touch $(STAMP)

run: setup
	$(BIN)/wirefacts run corpus/ --out out/

test: setup browser
	$(BIN)/python -m pytest -q

# Headless chromium for the HTML report's browser test; best effort (the test skips without it).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) || true

test-fast: setup
	$(BIN)/python -m pytest -q -m 'not slow'

lint: setup
	$(BIN)/ruff check pipeline tests bench

bench: setup
	$(BIN)/python -m bench.run

clean:
	rm -rf out .pytest_cache .ruff_cache
