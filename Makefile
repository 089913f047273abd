# The two set-up commands are `make build` and `make test`; both create .venv
# from requirements.lock (every dependency pinned by hash) when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Articles the rules were not written from, with their gold beside them: each set is a row
# of the card's held-out table (its README.md heading says who wrote it and if it was tuned on).
HELDOUT := tests/fixtures/heldout_sealed tests/fixtures/heldout_final tests/fixtures/heldout_dev2 tests/fixtures/heldout_fresh tests/fixtures/heldout_blind tests/fixtures/heldout_dev3 tests/fixtures/heldout_dev4

.PHONY: build test validate evaluate bench release lock clean-venv

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The card's accuracy table is measured on the seeds by `evaluate`, handed the gold
# folder here; the build itself never reads annotations/.
OUT ?= dataset
build: $(STAMP)
	$(BIN)/pokrovsk-coverage build --seeds seeds --out $(OUT)
	$(BIN)/pokrovsk-coverage evaluate --gold annotations/gold --out $(OUT) --write-card $(foreach d,$(HELDOUT),--heldout $(d))

test: $(STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/pokrovsk-coverage validate --out dataset

evaluate: $(STAMP)
	$(BIN)/pokrovsk-coverage evaluate --gold annotations/gold --out dataset

# Throughput against bare spaCy, peak memory and 1 -> 2 worker scaling (README: Scale and benchmark).
ARTICLES ?= 1000
bench: $(STAMP)
	$(BIN)/pokrovsk-coverage bench --articles $(ARTICLES)

# A release: the git tree is clean, the version agrees in the package, CITATION.cff and
# CHANGELOG.md, and dataset/ is byte-identical to a fresh build of seeds/ in a temporary
# folder; then it prints (does not run) the commands that push dataset/ to the Hub and tag
# the version there, which is what `load_dataset(..., revision="vX.Y.Z")` cites.
release: $(STAMP)
	$(BIN)/python scripts/release_check.py all

# Regenerate the lock after changing dependencies in pyproject.toml (needs uv and the network).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --index-url https://pypi.org/simple -o requirements.lock

clean-venv:
	rm -rf $(VENV)
