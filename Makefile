# newsclean — `make run` and `make test` work on a fresh clone (Python >= 3.11).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Reinstall when pyproject.toml changes.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install run test bench clean-output chromium

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

test: $(TEST_STAMP) chromium
	$(PY) -m pytest

# The report is checked in a real headless browser (tests/test_report.py): install Debian's chromium
# when it is missing and we are root (CI); otherwise say how, and those two tests skip (fail under CI).
chromium:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium (apt-get) for the report's browser tests"; \
		apt-get -o DPkg::Lock::Timeout=600 update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium; \
	else echo "chromium not found: install it (sudo apt-get install chromium) to run the report's browser tests"; fi

clean-output:
	rm -rf clean/articles clean/manifest.jsonl clean/.newsclean
