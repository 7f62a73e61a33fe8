# CAR T-cell therapy FAQ assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        ?= .venv
BIN         := $(VENV)/bin
HOST        ?= 127.0.0.1
RASA_PORT   ?= 5005
ACTION_PORT ?= 5055
WEB_PORT    ?= 8080
MODEL       := models/car-t.tar.gz
SPACY_MODEL := build/spacy/car_t_en
STAMP       := $(VENV)/.installed-stamp

export ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
export TRACKER_DB          ?= var/conversations.db
export BIN MODEL HOST RASA_PORT ACTION_PORT WEB_PORT
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false

PY_SOURCES   := actions nlu_components channels storage privacy bench scripts tests
TRAIN_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) \
                $(SPACY_MODEL)/meta.json

.PHONY: help install spacy train run shell test test-unit lint validate test-core \
        test-nlu test-e2e bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.txt requirements-actions.txt requirements-dev.txt
	@py="$${PYTHON:-$$(scripts/find-python.sh)}" || exit 1; \
	if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip wheel
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(STAMP) ## Create .venv and install the pinned requirements

$(SPACY_MODEL)/meta.json: $(STAMP) nlp/entity_patterns.yml nlu_components/patterns.py \
                          nlu_components/build_spacy_pipeline.py
	$(BIN)/python -m nlu_components.build_spacy_pipeline $(SPACY_MODEL)

spacy: $(SPACY_MODEL)/meta.json ## Build the project's spaCy pipeline (no download)

$(MODEL): $(STAMP) $(TRAIN_INPUTS)
	$(BIN)/rasa train --fixed-model-name car-t --out models
	@touch $@

train: $(MODEL) ## Train the model if data, domain or config changed

var:
	@mkdir -p var

run: $(MODEL) | var ## Start the bot, the action server and the web page (Ctrl-C stops)
	scripts/run.sh

shell: $(MODEL) | var ## Chat in the terminal (starts the action server too)
	@SANIC_HOST=127.0.0.1 $(BIN)/rasa run actions --actions actions --port $(ACTION_PORT) \
	  >var/actions-shell.log 2>&1 & pid=$$!; trap "kill $$pid" EXIT; \
	$(BIN)/rasa shell --model $(MODEL) --endpoints endpoints.yml

lint: $(STAMP) ## Lint and type-check the Python code
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/ruff format --check $(PY_SOURCES)
	$(BIN)/mypy actions nlu_components channels storage privacy bench

test-unit: $(STAMP) $(SPACY_MODEL)/meta.json ## Unit tests: actions, NLU components, tracker store
	$(BIN)/pytest tests/actions tests/nlu_components tests/storage

validate: $(STAMP) $(SPACY_MODEL)/meta.json ## Check data, domain and rules
	$(BIN)/python scripts/validate_data.py

test-core: $(MODEL) ## Test stories (tests/test_stories.yml), fail on any wrong prediction
	$(BIN)/rasa test core --model $(MODEL) --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results/core

test-nlu: $(MODEL) ## Held-out NLU accuracy (tests/nlu/), reported and checked
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu --out results/nlu
	$(BIN)/python scripts/nlu_report.py results/nlu

test-e2e: $(MODEL) | var ## End-to-end: real servers over HTTP, in a browser, on channels
	$(BIN)/pytest tests/channels tests/e2e tests/privacy tests/web

test: lint test-unit validate test-core test-nlu test-e2e ## Run every test

bench: $(MODEL) ## Benchmark quality, training, start-up, memory, latency (bench/out/)
	$(BIN)/python -m bench.run

clean: ## Remove trained models, build outputs and test results
	rm -rf models build results .rasa test-output

# --- Privacy: retention and deletion (privacy/README.md) ----------------------
# DAYS and SENDER reach the command through the environment (make exports command-line
# variables), not pasted into the shell line, so any sender id passes as is.
# DRY_RUN=1 (any non-empty value) only counts. The database is the one the server uses:
# TRACKER_DB (SQLite), or with PROFILE=prod the tracker store of endpoints.prod.yml
# (PG_* variables, the password from the environment, never on a command line).
PRIVACY_DB = $(if $(filter prod,$(PROFILE)),--endpoints "$(ENDPOINTS)",--db "$$TRACKER_DB")

.PHONY: purge forget

purge: ## Delete conversations idle for more than DAYS days (make purge DAYS=30)
	@if [ -z "$$DAYS" ]; then \
	  echo "usage: make purge DAYS=<days> [DRY_RUN=1] [TRACKER_DB=<file> | PROFILE=prod]" >&2; \
	  echo "  deletes every conversation whose last message is older than <days> days" >&2; \
	  exit 2; fi
	@$(BIN)/python -m privacy.cli purge --days "$$DAYS" $(PRIVACY_DB) $(if $(DRY_RUN),--dry-run)

forget: ## Delete one person's conversation (make forget SENDER=<sender id>)
	@if [ -z "$$SENDER" ]; then \
	  echo "usage: make forget SENDER=<sender id> [DRY_RUN=1] [TRACKER_DB=<file> | PROFILE=prod]" >&2; \
	  echo "  deletes every message of that conversation from the tracker store" >&2; \
	  exit 2; fi
	@$(BIN)/python -m privacy.cli forget --sender "$$SENDER" $(PRIVACY_DB) \
	  $(if $(DRY_RUN),--dry-run)

# --- Scale-out: production profile (docs/scale-out.md) -------------------------------
# PROFILE=prod runs on endpoints.prod.yml (PostgreSQL tracker store, Redis lock store)
# instead of endpoints.yml (SQLite); scripts/run.sh takes the file from ENDPOINTS.
PROFILE ?= dev
ifeq ($(PROFILE),dev)
export ENDPOINTS := endpoints.yml
else ifeq ($(PROFILE),prod)
export ENDPOINTS := endpoints.prod.yml
# Defaults: PostgreSQL and Redis on this machine. Set these for real servers; the
# passwords default to empty (no password), pass them in the environment.
export PG_HOST          ?= 127.0.0.1
export PG_PORT          ?= 5432
export PG_DATABASE      ?= rasa
export PG_USER          ?= rasa
export PG_PASSWORD      ?=
export PG_SSLMODE       ?= prefer
export REDIS_HOST       ?= 127.0.0.1
export REDIS_PORT       ?= 6379
export REDIS_DB         ?= 1
export REDIS_PASSWORD   ?=
export REDIS_KEY_PREFIX ?= cart
# Connections per replica (Rasa reads these; its own defaults are 50 + 100).
export SQL_POOL_SIZE    ?= 5
export SQL_MAX_OVERFLOW ?= 5
else
$(error PROFILE must be dev or prod, not '$(PROFILE)')
endif

.PHONY: test-scale

test-scale: $(MODEL) ## Two Rasa replicas on PostgreSQL + Redis (installs them if missing)
	$(BIN)/pytest tests/scale
