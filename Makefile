# Two commands do all the set-up on a fresh machine: `make report` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
GOVREPORT := $(VENV)/bin/govreport
PYTHON ?= python3
LOCK := requirements.lock
# The lock is made by this uv, for CPython $(LOCK_PYTHON) and newer on every platform (markers where they differ), with
# the build backend and pip locked too (packages with no pyproject.toml line, given on uv's standard input).
UV_VERSION := 0.13.9
LOCK_PYTHON := 3.11
LOCK_EXTRA := 'setuptools>=68' pip
LOCK_FLAGS ?=
FONT_FILES := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc /usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc

.PHONY: setup lock fonts report test lint bench digests clean

setup: $(VENV)/.installed fonts

# Exact versions of every package, pip and setuptools included, come from the lock; the project itself is then
# installed without resolving anything again (--no-deps) and built with the locked setuptools (--no-build-isolation).
$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Re-resolve the lock after editing pyproject.toml's dependencies, keeping every pin that still fits; then pin
# environment.yml to it. `make lock LOCK_FLAGS=--upgrade` takes the newest releases instead.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	printf '%s\n' $(LOCK_EXTRA) | $(VENV)/bin/uv pip compile pyproject.toml - --extra test \
	  --universal --python-version $(LOCK_PYTHON) --generate-hashes --custom-compile-command 'make lock' \
	  --quiet $(LOCK_FLAGS) -o $(LOCK)
	$(PY) tests/test_environment.py --pin-environment-yml

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
	$(VENV)/bin/ruff check govreport tests bench tools
	$(VENV)/bin/ruff format --check govreport tests bench tools

bench: setup
	$(PY) bench/batch.py
	$(PY) bench/single.py
	$(PY) bench/ledger.py
	$(PY) bench/audit.py
	$(PY) bench/summary.py

# After a change that alters an example report on purpose: re-record its outputs' digests (tests/examples.sha256).
digests: setup
	$(PY) tools/example_digests.py

clean:
	rm -rf build
