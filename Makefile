# CAR T-cell therapy FAQ assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        ?= .venv
BIN         := $(VENV)/bin
MODEL       := models/car-t.tar.gz
SPACY_MODEL := build/spacy/car_t_en
STAMP       := $(VENV)/.installed-stamp
# Every runtime setting (HOST, ports, PROFILE, PG_*/REDIS_*, quiet logging, TensorFlow's
# thread pools) is read from the environment by stack/settings.py, not here.
STACK       := $(BIN)/python -m stack

PY_SOURCES   := actions nlu_components channels storage privacy report stack quality bench scripts \
                tests site_settings
TRAIN_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) \
                $(SPACY_MODEL)/meta.json

.PHONY: help install spacy train run shell test test-unit lint validate test-core \
        test-served test-e2e bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# --- Dependencies: lock, install, audit (README: "Dependencies: lock, update, audit") ----
# requirements*.txt are edited by hand; `make lock` resolves them into LOCK (every package
# pinned by version and hash, for Python 3.10 on Linux x86-64, glibc >= 2.28) and
# BUILD_LOCK (pip, setuptools, wheel: installed first). Wheels only, except SDIST_ONLY,
# which publish nothing but a source distribution: those are built with the pinned
# setuptools and wheel, without build isolation (which would fetch an unpinned setuptools).
LOCK        := requirements/lock-py3.10.txt
BUILD_LOCK  := requirements/build-py3.10.txt
LOCK_INPUTS := requirements.txt requirements-actions.txt requirements-dev.txt requirements-build.txt
SDIST_ONLY  := docopt mattermostwrapper randomname
WHEELS_ONLY := --only-binary :all: $(addprefix --no-binary ,$(SDIST_ONLY))
PIP_INSTALL  = $(BIN)/python -m pip install --quiet --require-hashes --no-deps $(WHEELS_ONLY)
INPUTS_SUM   = $$(cat $(LOCK_INPUTS) | sha256sum | cut -c1-64)
LOCK_TOOL   := uv==0.13.9
AUDIT_TOOL  := pip-audit==2.10.1 PyYAML
AUDIT_SERVICE ?= pypi
# Shell prefix: a throwaway venv in $$tools (never .venv), removed when the recipe ends.
TOOL_VENV    = py="$${PYTHON:-$$(scripts/find-python.sh)}" || exit 1; tools=$$(mktemp -d); \
               trap 'rm -rf "$$tools"' EXIT; "$$py" -m venv "$$tools" && \
               "$$tools/bin/python" -m pip install --quiet --disable-pip-version-check
UV_COMPILE   = "$$tools/bin/uv" pip compile --quiet --no-config --python "$$py" --python-version 3.10 \
               --python-platform x86_64-manylinux_2_28 --generate-hashes $(WHEELS_ONLY) \
               --custom-compile-command "make lock"

$(STAMP): $(LOCK) $(BUILD_LOCK) $(LOCK_INPUTS)
	@grep -qF "(sha256 $(INPUTS_SUM))" $(LOCK) || { echo "error: requirements*.txt" \
	  "changed since $(LOCK) was made: run make lock" >&2; exit 1; }
	@py="$${PYTHON:-$$(scripts/find-python.sh)}" || exit 1; \
	if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); fi
	$(PIP_INSTALL) -r $(BUILD_LOCK)
	$(PIP_INSTALL) --no-build-isolation -r $(LOCK)
	$(BIN)/python -m pip check
	@touch $@

install: $(STAMP) ## Create .venv and install the pinned requirements

.PHONY: lock audit

lock: ## Resolve requirements*.txt into the lock files again (UPGRADE=1: newest versions)
	@mkdir -p $(dir $(LOCK)); $(TOOL_VENV) $(LOCK_TOOL) && \
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) requirements-dev.txt requirements-build.txt \
	  -o $(LOCK) && \
	$(UV_COMPILE) requirements-build.txt -c $(LOCK) -o $(BUILD_LOCK) && \
	sed -i "1i # Made from $(LOCK_INPUTS) (sha256 $(INPUTS_SUM))" $(LOCK) && \
	echo "$(LOCK): $$(grep -c '^[a-z0-9]' $(LOCK)) packages; now make install and the tests"

audit: ## Check the locked packages for known vulnerabilities (before every release)
	@$(TOOL_VENV) $(AUDIT_TOOL) && "$$tools/bin/python" scripts/audit.py \
	  --pip-audit "$$tools/bin/pip-audit" --service $(AUDIT_SERVICE) --lock $(LOCK) \
	  --accepted security/accepted-advisories.yml

$(SPACY_MODEL)/meta.json: $(STAMP) nlp/entity_patterns.yml nlu_components/patterns.py \
                          nlu_components/build_spacy_pipeline.py
	$(BIN)/python -m nlu_components.build_spacy_pipeline $(SPACY_MODEL)

spacy: $(SPACY_MODEL)/meta.json ## Build the project's spaCy pipeline (no download)

$(MODEL): $(STAMP) $(TRAIN_INPUTS)
	$(STACK) exec --tensorflow -- $(BIN)/rasa train --fixed-model-name car-t --out models
	@touch $@

train: $(MODEL) ## Train the model if data, domain or config changed

var:
	@mkdir -p var

run: $(MODEL) | var ## Start the bot, the action server and the web page (Ctrl-C stops)
	$(STACK) run

shell: $(MODEL) | var ## Chat in the terminal (starts the action server too)
	$(STACK) shell

lint: $(STAMP) ## Lint and type-check the Python code
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/ruff format --check $(PY_SOURCES)
	$(BIN)/mypy actions nlu_components channels storage privacy report stack quality bench \
	  site_settings scripts

test-unit: $(STAMP) $(SPACY_MODEL)/meta.json ## Unit tests: actions, NLU components, store, content, scripts
	$(BIN)/pytest tests/actions tests/nlu_components tests/storage tests/content tests/scripts tests/quality \
	  tests/site_settings tests/report

validate: $(STAMP) $(SPACY_MODEL)/meta.json ## Check data, domain and rules
	$(BIN)/python scripts/validate_data.py

test-core: $(MODEL) ## Test stories (tests/test_stories.yml), fail on any wrong prediction
	$(BIN)/rasa test core --e2e --model $(MODEL) --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results/core

test-served: $(MODEL) | var ## Accuracy as served on the blind held-out set (tests/served/), gated
	$(BIN)/pytest tests/served

system-packages: ## Install the Debian packages the tests need (Chromium, PostgreSQL, Redis)
	@scripts/system-packages.sh

test-e2e: $(MODEL) system-packages axe | var ## End-to-end: real servers over HTTP, in a browser, on channels
	$(BIN)/pytest tests/channels tests/e2e tests/privacy tests/web

test: lint test-unit validate test-core test-served test-e2e test-scale ## Run every test suite

bench: $(MODEL) ## Benchmark quality, training, start-up, memory, latency (bench/out/)
	$(BIN)/python -m bench.run

clean: ## Remove trained models, build outputs and test results
	rm -rf models build results .rasa test-output

# --- Privacy: retention and deletion (privacy/README.md) ----------------------
# DAYS and SENDER reach the command through the environment (make exports command-line
# variables), not pasted into the shell line, so any sender id passes as is.
# DRY_RUN=1 (any non-empty value) only counts. The database is the one the server uses:
# TRACKER_DB (SQLite), or with PROFILE=prod the tracker store of endpoints.prod.yml
# (PG_* variables, the password from the environment, never on a command line);
# `python -m stack exec` gives the command the same settings as `make run`.
PRIVACY_DB = $(if $(filter prod,$(PROFILE)),--endpoints endpoints.prod.yml,--db "$${TRACKER_DB:-var/conversations.db}")
PRIVACY    = $(STACK) exec -- $(BIN)/python -m privacy.cli

.PHONY: purge forget report export axe

purge: ## Delete conversations idle for more than DAYS days (make purge DAYS=30)
	@if [ -z "$$DAYS" ]; then \
	  echo "usage: make purge DAYS=<days> [DRY_RUN=1] [TRACKER_DB=<file> | PROFILE=prod]" >&2; \
	  echo "  deletes every conversation whose last message is older than <days> days" >&2; \
	  exit 2; fi
	@$(PRIVACY) purge --days "$$DAYS" $(PRIVACY_DB) $(if $(DRY_RUN),--dry-run)

forget: ## Delete one person's conversation (make forget SENDER=<sender id>)
	@if [ -z "$$SENDER" ]; then \
	  echo "usage: make forget SENDER=<sender id> [DRY_RUN=1] [TRACKER_DB=<file> | PROFILE=prod]" >&2; \
	  echo "  deletes every message of that conversation from the tracker store" >&2; \
	  exit 2; fi
	@$(PRIVACY) forget --sender "$$SENDER" $(PRIVACY_DB) \
	  $(if $(DRY_RUN),--dry-run)

report: ## Report of the last DAYS days (default 30) -> reports/report.html, reports/report.md
	@$(STACK) exec -- $(BIN)/python -m report --days "$${DAYS:-30}" $(PRIVACY_DB)

export: ## Write one person's conversation (make export SENDER=<id> [FORMAT=json|txt] [OUT=file])
	@if [ -z "$$SENDER" ]; then \
	  echo "usage: make export SENDER=<sender id> [FORMAT=json|txt] [OUT=<file>] [TRACKER_DB=<file> | PROFILE=prod]" >&2; \
	  echo "  writes that conversation (default: exports/conversation-<hash>.json)" >&2; \
	  exit 2; fi
	@$(STACK) exec -- $(BIN)/python -m privacy.export --sender "$$SENDER" --format "$${FORMAT:-json}" \
	  $(if $(OUT),--out "$$OUT") $(PRIVACY_DB)

axe: ## Fetch axe-core from npm into build/axe (integrity checked) for the browser tests
	@$(BIN)/python scripts/fetch_axe.py >/dev/null

# --- Scale-out: production profile (docs/scale-out.md) -------------------------------
# PROFILE=prod runs on endpoints.prod.yml (PostgreSQL tracker store, Redis lock store)
# instead of endpoints.yml (SQLite); stack/settings.py holds the PG_*/REDIS_* defaults.

.PHONY: test-scale system-packages

test-scale: $(MODEL) system-packages ## Two Rasa replicas on PostgreSQL + Redis (installs them if missing)
	$(BIN)/pytest tests/scale
