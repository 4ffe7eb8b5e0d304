# newsclean — `make run` and `make test` work on a fresh clone (Python >= 3.11).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Reinstall when pyproject.toml changes.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install run test bench clean-output redis-server

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

test: $(TEST_STAMP) redis-server
	$(PY) -m pytest

# The Redis-index tests start their own redis-server (Debian's package) on a free loopback port.
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { \
	  echo "installing Debian's redis-server for the Redis index tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo "sudo -n" ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server >/dev/null \
	  || { [ -z "$$CI" ] && echo "warning: could not install redis-server; the Redis index tests will be skipped"; }; }

clean-output:
	rm -rf clean/articles clean/manifest.jsonl clean/.newsclean
