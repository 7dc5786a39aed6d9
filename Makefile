# Two commands: `make run` installs and serves the demo; `make test` installs and tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run dev test test-install lint bench screens

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

run: install
	$(BIN)/qms db upgrade
	$(BIN)/qms demo
	$(BIN)/qms run --host $(HOST) --port $(PORT)

dev: install
	$(BIN)/qms db upgrade
	$(BIN)/qms demo
	$(BIN)/qms run --dev --host $(HOST) --port $(PORT)

test-install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null; \
	  else echo "chromium missing: browser tests will skip (install Debian's chromium)"; fi; }
	@fc-list 2>/dev/null | grep -qi "noto.*cjk" || { [ "$$(id -u)" = "0" ] && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null || true; }

test: test-install
	$(BIN)/ruff check .
	$(BIN)/pytest -q -rs -p no:cacheprovider $(PYTEST_ARGS)

lint: test-install
	$(BIN)/ruff check .

bench: test-install
	$(BIN)/python bench/hall_bench.py

# Take every screen's screenshots (artifacts/screenshots/) and refresh docs/screens/ from them.
screens: test-install
	$(BIN)/pytest -q -p no:cacheprovider tests/test_accessibility.py tests/boards \
	  tests/kiosk/test_kiosk_polish.py tests/dashboard/test_browser.py
	for f in docs/screens/*.png; do cp "artifacts/screenshots/$$(basename "$$f")" "$$f"; done
