# newsclean — `make run` and `make test` work on a fresh clone (Python >= 3.11).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Reinstall when pyproject.toml changes.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install run test bench clean-output redis-server chromium

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/newsclean run raw clean

test: $(TEST_STAMP) redis-server chromium
	$(PY) -m pytest

# System packages the tests use (Debian's), installed when missing and we are root (CI); elsewhere a
# message says how, and the tests that need them skip (they fail under CI=true).
APT := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

# The Redis-index tests start their own redis-server on a free loopback port.
redis-server:
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing redis-server (apt-get) for the Redis index tests"; \
		$(APT) update -qq && $(APT) install -y -qq --no-install-recommends redis-server >/dev/null; \
	else echo "redis-server not found: install it (sudo apt-get install redis-server) to run the Redis index tests"; fi

# The report is checked in a real headless browser (tests/test_report.py).
chromium:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium (apt-get) for the report's browser tests"; \
		$(APT) update -qq && $(APT) install -y -qq --no-install-recommends chromium >/dev/null; \
	else echo "chromium not found: install it (sudo apt-get install chromium) to run the report's browser tests"; fi

clean-output:
	rm -rf clean/articles clean/manifest.jsonl clean/.newsclean
