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
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_.-]+:.*## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# --- Dependencies: lock, install, audit (README: "Dependencies: lock, update, audit") ----
# requirements*.txt are edited by hand; `make lock` resolves them, for each Python in
# PYTHONS on Linux x86-64 (glibc >= 2.28), into requirements/lock-py<version>.txt (every
# package pinned by version and hash) and requirements/build-py<version>.txt (pip,
# setuptools, wheel: installed first). Wheels only, except SDIST_ONLY, which publish
# nothing but a source distribution: those are built with the pinned setuptools and
# wheel, without build isolation (which would fetch an unpinned setuptools).
# Python 3.11 is the default, 3.10 the pre-release check (make test-py3.10). On 3.11,
# requirements/overrides-py3.11.txt is the one place that overrides what Rasa 3.6's
# metadata asks for (README "Python 3.11"); it is both an input and uv's --override file.
PYTHONS     := 3.11 3.10
# The venv's Python when there is one, else the one scripts/find-python.sh finds.
ifndef PY_VERSION
PY_VERSION := $(shell py="$(or $(wildcard $(BIN)/python),$(PYTHON))"; \
  py="$${py:-$$(scripts/find-python.sh 2>/dev/null)}"; \
  "$$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
endif
ifeq ($(filter $(PYTHONS),$(PY_VERSION)),)
override PY_VERSION := $(firstword $(PYTHONS))
endif
LOCK        := requirements/lock-py$(PY_VERSION).txt
BUILD_LOCK  := requirements/build-py$(PY_VERSION).txt
OVERRIDES_3.11 := requirements/overrides-py3.11.txt
OVERRIDES   := $(OVERRIDES_$(PY_VERSION))
BASE_INPUTS := requirements.txt requirements-actions.txt requirements-dev.txt requirements-build.txt
LOCK_INPUTS := $(BASE_INPUTS) $(OVERRIDES)
SDIST_ONLY  := docopt mattermostwrapper randomname
WHEELS_ONLY := --only-binary :all: $(addprefix --no-binary ,$(SDIST_ONLY))
# rasa and rasa-sdk declare Requires-Python <3.11 (overrides-py3.11.txt); pip checks it
# even with --no-deps. scripts/check_installed.py then fails on any other package that
# needed this.
IGNORE_RP_3.11 := --ignore-requires-python
PIP_INSTALL  = $(BIN)/python -m pip install --quiet --require-hashes --no-deps $(WHEELS_ONLY) \
               $(IGNORE_RP_$(PY_VERSION))
inputs_sum   = $$(cat $(BASE_INPUTS) $(OVERRIDES_$(1)) | sha256sum | cut -c1-64)
LOCK_TOOL   := uv==0.13.9
AUDIT_TOOL  := pip-audit==2.10.1 PyYAML
AUDIT_SERVICE ?= pypi
# Shell prefix: a throwaway venv in $$tools (never .venv), removed when the recipe ends.
TOOL_VENV    = py="$${PYTHON:-$$(scripts/find-python.sh)}" || exit 1; tools=$$(mktemp -d); \
               trap 'rm -rf "$$tools"' EXIT; "$$py" -m venv "$$tools" && \
               "$$tools/bin/python" -m pip install --quiet --disable-pip-version-check
uv_compile   = "$$tools/bin/uv" pip compile --quiet --no-config --python "$$py" \
               --python-version $(1) --python-platform x86_64-manylinux_2_28 --generate-hashes \
               $(WHEELS_ONLY) --custom-compile-command "make lock" \
               $(if $(OVERRIDES_$(1)),--override $(OVERRIDES_$(1)))
# One Python's lock: a new one starts from the 3.10 lock's versions (uv keeps the pins
# of an existing output file that still fit), so both run the same versions where they can.
lock_one     = out=requirements/lock-py$(1).txt; \
               [ -f $$out ] || grep -v '^\# Made from' requirements/lock-py3.10.txt >$$out; \
               sed -i '/^\# Made from/d' $$out && \
               $(call uv_compile,$(1)) $(if $(UPGRADE),--upgrade) requirements-dev.txt \
                 requirements-build.txt $(OVERRIDES_$(1)) -o $$out && \
               $(call uv_compile,$(1)) requirements-build.txt -c $$out \
                 -o requirements/build-py$(1).txt && \
               sed -i "1i \# Made from $(strip $(BASE_INPUTS) $(OVERRIDES_$(1))) (sha256 $(call inputs_sum,$(1)))" \
                 $$out && echo "$$out: $$(grep -c '^[a-z0-9]' $$out) packages"

$(STAMP): $(LOCK) $(BUILD_LOCK) $(LOCK_INPUTS) scripts/check_installed.py
	@grep -qF "(sha256 $(call inputs_sum,$(PY_VERSION)))" $(LOCK) || { echo "error:" \
	  "$(LOCK_INPUTS) changed since $(LOCK) was made: run make lock" >&2; exit 1; }
	@py="$${PYTHON:-$$(scripts/find-python.sh $(PY_VERSION))}" || exit 1; \
	if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); fi
	$(PIP_INSTALL) -r $(BUILD_LOCK)
	$(PIP_INSTALL) --no-build-isolation -r $(LOCK)
	$(BIN)/python scripts/check_installed.py $(if $(OVERRIDES),--overrides $(OVERRIDES))
	@touch $@

install: $(STAMP) ## Create .venv and install the pinned requirements

.PHONY: lock audit test-py3.10

lock: ## Resolve requirements*.txt into the lock files again (UPGRADE=1: newest versions)
	@mkdir -p requirements; $(TOOL_VENV) $(LOCK_TOOL) && \
	$(call lock_one,3.10) && $(call lock_one,3.11) && \
	echo "now make install and the tests (on 3.11, and make test-py3.10)"

audit: ## Check the locked packages for known vulnerabilities (before every release)
	@$(TOOL_VENV) $(AUDIT_TOOL) && "$$tools/bin/python" scripts/audit.py \
	  --pip-audit "$$tools/bin/pip-audit" --service $(AUDIT_SERVICE) --lock $(LOCK) \
	  --accepted security/accepted-advisories.yml

# Pre-release check (README "Python 3.11"): the whole suite on Python 3.10, in its own
# venv, from requirements/lock-py3.10.txt. It retrains models/ with that venv.
PY310_VENV ?= .venv-py3.10
test-py3.10: ## Run make test on Python 3.10 in $(PY310_VENV) (before every release)
	@py="$${PYTHON310:-$$(scripts/find-python.sh 3.10)}" || exit 1; \
	$(MAKE) --no-print-directory VENV=$(PY310_VENV) PY_VERSION=3.10 PYTHON="$$py" test

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
	  tests/site_settings tests/report tests/bench

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
