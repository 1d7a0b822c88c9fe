# Two commands do all the set-up on a fresh machine: `make report` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
GOVREPORT := $(VENV)/bin/govreport
PYTHON ?= python3
FONT_FILES := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc /usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc

.PHONY: setup fonts report test lint bench clean

setup: $(VENV)/.installed fonts

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Charts need a free CJK font (Noto Sans CJK, SIL OFL): Debian's fonts-noto-cjk.
fonts:
	@if ! ls $(FONT_FILES) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || \
	     (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null)); \
	  else echo "Install the CJK font first: sudo apt-get install fonts-noto-cjk"; exit 1; fi; \
	fi

report: setup
	$(GOVREPORT) batch params
	@echo "Reports: $(CURDIR)/build/index.html"

test: setup
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check govreport tests bench
	$(VENV)/bin/ruff format --check govreport tests bench

bench: setup
	$(PY) bench/batch.py
	$(PY) bench/ledger.py

clean:
	rm -rf build
