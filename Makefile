# Two commands do everything on a fresh machine: `make html` and `make test`.
# Each creates .venv with the pinned dependencies on first use, then runs a task from tasks.py.
# `make test` (and `make check`, `make publish`) first installs the Debian packages they need when missing
# (scripts/ensure-system-packages: apt-get as root or with sudo; otherwise it stops and prints the command).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv installs the locked packages (in parallel: seconds where pip takes a minute). Pinned, and put in .uv/
# by the new .venv's pip, beside .venv rather than in it (its 37 MB binary is not needed to build).
# Copies, not hard links: uv's cache may be on another file system. --compile-bytecode: compiled .pyc files
# beside the packages, as pip makes them (uv does not by default); without them, where PYTHONDONTWRITEBYTECODE
# is set (as on our CI machines), every build compiled every imported package again: about 1.5 s of each build.
UV_VERSION := 0.13.9
UV_BIN := .uv/bin/uv
UV := UV_LINK_MODE=copy $(UV_BIN) pip install --quiet --compile-bytecode --python $(BIN)/python
# Each job's Python packages, from its own lock, installed on top of each other into the one .venv:
# build (make html), check (+ Playwright), publish (+ S3 and GitHub Pages tools), test (+ test tools).
BUILD_DEPS := $(VENV)/.build-installed
CHECK_DEPS := $(VENV)/.check-installed
PUBLISH_DEPS := $(VENV)/.publish-installed
TEST_DEPS := $(VENV)/.test-installed
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

.PHONY: html test check serve livereload clean refresh publish admin admin-files system-test system-check system-publish system-admin lock

$(UV_BIN):
	@test -x $(BIN)/python || { $(SYSTEM) --for "make $(or $(MAKECMDGOALS),html)" venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --target .uv uv==$(UV_VERSION)

$(BUILD_DEPS): requirements/build.lock | $(UV_BIN)
	$(UV) -r requirements/build.lock
	@touch $@

$(CHECK_DEPS): requirements/check.lock $(BUILD_DEPS)
	$(UV) -r requirements/check.lock
	@touch $@

$(PUBLISH_DEPS): requirements/publish.lock $(CHECK_DEPS)
	$(UV) -r requirements/publish.lock
	@touch $@

$(TEST_DEPS): requirements/test.lock $(PUBLISH_DEPS)
	$(UV) -r requirements/test.lock
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

admin: system-admin $(BUILD_DEPS) $(ADMIN_DEPS)  ## Edit in the browser at http://127.0.0.1:8000/admin/, saving into these files (no git)
	$(BIN)/invoke admin

html: $(BUILD_DEPS)  ## Build the site into output/ (CAMPAIGN=DIR for another campaign folder)
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

test: system-test $(TEST_DEPS) $(NODE_DEPS) $(ADMIN_DEPS)  ## Run the tests (installs what they need first)
	$(BIN)/invoke test

# FAST=1: only the checks that read the files (HTML, links, privacy, weight, speed), in seconds, while editing.
check: system-check $(if $(FAST),$(BUILD_DEPS),$(CHECK_DEPS)) $(NODE_DEPS)  ## Build the site, then check it (HTML, accessibility, links, privacy, weight, speed)
	$(BIN)/invoke build $(CAMPAIGN_OPT)
	$(BIN)/invoke check $(CAMPAIGN_OPT) $(if $(FAST),--fast)

serve: $(BUILD_DEPS)  ## Preview output/ at http://127.0.0.1:8000/
	$(BIN)/invoke serve $(CAMPAIGN_OPT)

livereload: $(BUILD_DEPS)  ## Rebuild on every change and preview
	$(BIN)/invoke livereload $(CAMPAIGN_OPT)

publish: system-publish $(PUBLISH_DEPS) $(NODE_DEPS) $(ADMIN_DEPS)  ## Build with publishconf.py, check, and publish: make publish TARGET=name [DRY_RUN=1]
	$(BIN)/invoke publish $(CAMPAIGN_OPT) $(if $(TARGET),--target $(TARGET)) $(if $(DRY_RUN),--dry-run)

clean: $(BUILD_DEPS)
	$(BIN)/invoke clean

refresh: $(BUILD_DEPS)  ## Fetch data sources into data/snapshots/ (uses the network; ARGS="--only NAME --strict")
	$(BIN)/invoke refresh $(CAMPAIGN_OPT) $(ARGS)

lock: $(BUILD_DEPS)  ## Re-pin requirements/*.lock after a change to pyproject.toml (UPGRADE=1: newest versions)
	$(BIN)/invoke lock $(if $(UPGRADE),--upgrade)
