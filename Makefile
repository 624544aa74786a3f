# Frontdesk — every command installs what it needs on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# Libraries Qt needs even offscreen (checked on a bare Debian 12), plus python3-venv.
QT_DEBS := libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3
# The hub tests start a throwaway PostgreSQL (initdb, pg_ctl); the bench compares the
# CSV export with the sqlite3 shell.
HUB_DEBS := postgresql
BENCH_DEBS := sqlite3
SCREENSHOT_DEBS := poppler-utils

.PHONY: run test bench lint screenshot system-deps clean

system-deps:
	@missing=""; \
	for pkg in $(QT_DEBS) $(HUB_DEBS) $(EXTRA_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "Installation des paquets Debian manquants :$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Re-install when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $@

run: system-deps $(VENV)/.installed
	$(VENV)/bin/frontdesk

test: system-deps $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: EXTRA_DEBS = $(BENCH_DEBS)
bench: system-deps $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) bench/startup.py
	$(PY) bench/assess.py
	$(PY) bench/directory.py
	$(PY) bench/directory_import.py
	$(PY) bench/contact_sheet.py
	$(PY) -m bench.worklist
	$(PY) -m bench.orient
	$(PY) -m bench.stats
	$(PY) -m bench.sync
	home=$$(mktemp -d) && $(PY) -m bench.journal_data $$home \
	  && FRONTDESK_BENCH_HOME=$$home $(PY) -m bench.journal_save \
	  && FRONTDESK_BENCH_HOME=$$home $(PY) -m bench.journal_scroll \
	  && FRONTDESK_BENCH_HOME=$$home $(PY) -m bench.memory; \
	  status=$$?; rm -rf $$home; exit $$status

screenshot: system-deps $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshot.py docs/

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache
