# Two entry points (see README): `make run` and `make test`. Both build .venv/ first.
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test venv bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	$(VENV)/bin/python -m sheetfeed.transform.dbt >/dev/null  # the dbt manifest the DAG renders from
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/sheetfeed run

# The whole suite on the embedded warehouse, then the warehouse-facing tests (all but the slow Airflow/dbt
# end-to-end ones, which exercise the same SQL) again on the PostgreSQL
# server at SHEETFEED_TEST_SERVER_URL (default 127.0.0.1:5432): a database per test, dropped after.
test: $(STAMP)
	$(VENV)/bin/python -m pytest
	$(VENV)/bin/python -m pytest -m "warehouse and not slow" --warehouse=external

# Every benchmark at the size its issue names; each prints its figures and ratios.
bench: $(STAMP)
	for script in extract load validate dbt dag; do $(VENV)/bin/python benchmarks/bench_$$script.py || exit 1; done

clean:
	rm -rf $(VENV) .sheetfeed
