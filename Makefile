# Two commands do everything on a fresh machine: `make html` and `make test`.
# Each creates .venv with the pinned dependencies on first use, then runs a task from tasks.py.
# `make test` (and `make check`, `make publish`) first installs the Debian packages they need when missing
# (scripts/ensure-system-packages: apt-get as root or with sudo; otherwise it stops and prints the command).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEPS := $(VENV)/.deps-installed
# The quality gate's tools (axe-core, Nu HTML Checker, Lighthouse), pinned in package-lock.json.
NODE_DEPS := node_modules/.package-lock.json
# The browser editor (Decap CMS, served at /admin/) and its local backend, pinned in admin/package-lock.json.
# A separate folder: about 730 packages that building pages does not need, so `make html` stays light.
ADMIN_DEPS := admin/node_modules/.package-lock.json
SYSTEM := PYTHON=$(PYTHON) scripts/ensure-system-packages
# Which campaign folder to build (content/, data/, optional theme/): make html CAMPAIGN=examples/tenants.
# Empty: this repository, the default campaign.
CAMPAIGN ?=
CAMPAIGN_OPT := $(if $(CAMPAIGN),--campaign $(CAMPAIGN))

.PHONY: html test check serve livereload clean refresh publish admin admin-files system-test system-check system-publish system-admin

$(DEPS): requirements.lock
	@test -x $(BIN)/python || { $(SYSTEM) --for "make $(or $(MAKECMDGOALS),html)" venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

# --ignore-scripts: none of these packages needs an install script, and vnu-jar's would try to download Java.
$(NODE_DEPS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# --ignore-scripts: Decap's files are ready-built in the package; no install script is needed.
$(ADMIN_DEPS): admin/package.json admin/package-lock.json
	npm ci --prefix admin --ignore-scripts --no-audit --no-fund
	@touch $@

admin-files: system-admin $(ADMIN_DEPS)  ## Install the browser editor's files; the next build puts them at /admin/

admin: system-admin $(DEPS) $(ADMIN_DEPS)  ## Edit in the browser at http://127.0.0.1:8000/admin/, saving into these files (no git)
	$(BIN)/invoke admin

html: $(DEPS)  ## Build the site into output/ (CAMPAIGN=DIR for another campaign folder)
	$(BIN)/invoke build $(CAMPAIGN_OPT)

# System packages first: npm ci needs npm, and no test starts when something is missing.
system-test:
	@$(SYSTEM) --for "make test" venv browser qr java node
system-check:
	@$(SYSTEM) --for "make check" venv java node $(if $(FAST),,browser)
system-admin:
	@$(SYSTEM) --for "make admin" venv node
system-publish:
	@$(SYSTEM) --for "make publish" venv java node browser

test: system-test $(DEPS) $(NODE_DEPS) $(ADMIN_DEPS)  ## Run the tests (installs what they need first)
	$(BIN)/invoke test

# FAST=1: only the checks that read the files (HTML, links, privacy, weight, speed), in seconds, while editing.
check: system-check $(DEPS) $(NODE_DEPS)  ## Build the site, then check it (HTML, accessibility, links, privacy, weight, speed)
	$(BIN)/invoke build $(CAMPAIGN_OPT)
	$(BIN)/invoke check $(CAMPAIGN_OPT) $(if $(FAST),--fast)

serve: $(DEPS)  ## Preview output/ at http://127.0.0.1:8000/
	$(BIN)/invoke serve $(CAMPAIGN_OPT)

livereload: $(DEPS)  ## Rebuild on every change and preview
	$(BIN)/invoke livereload $(CAMPAIGN_OPT)

publish: system-publish $(DEPS) $(NODE_DEPS) $(ADMIN_DEPS)  ## Build with publishconf.py, check, and publish: make publish TARGET=name [DRY_RUN=1]
	$(BIN)/invoke publish $(CAMPAIGN_OPT) $(if $(TARGET),--target $(TARGET)) $(if $(DRY_RUN),--dry-run)

clean: $(DEPS)
	$(BIN)/invoke clean

refresh: $(DEPS)  ## Fetch data sources into data/snapshots/ (uses the network; ARGS="--only NAME --strict")
	$(BIN)/invoke refresh $(CAMPAIGN_OPT) $(ARGS)
