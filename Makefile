# Two commands do everything on a fresh machine: `make html` and `make test`.
# Each creates .venv with the pinned dependencies on first use, then runs a task from tasks.py.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEPS := $(VENV)/.deps-installed

.PHONY: html test serve livereload clean refresh publish

$(DEPS): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

html: $(DEPS)  ## Build the site into output/
	$(BIN)/invoke build

test: $(DEPS)  ## Run the tests
	$(BIN)/invoke test

serve: $(DEPS)  ## Preview output/ at http://127.0.0.1:8000/
	$(BIN)/invoke serve

livereload: $(DEPS)  ## Rebuild on every change and preview
	$(BIN)/invoke livereload

publish: $(DEPS)  ## Build with publishconf.py, check, and publish: make publish TARGET=name [DRY_RUN=1]
	$(BIN)/invoke publish $(if $(TARGET),--target $(TARGET)) $(if $(DRY_RUN),--dry-run)

clean: $(DEPS)
	$(BIN)/invoke clean

refresh: $(DEPS)  ## Fetch data sources into data/snapshots/ (uses the network; ARGS="--only NAME --strict")
	$(BIN)/invoke refresh $(ARGS)
