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

# The whole suite on the embedded warehouse and, at the same time, the warehouse-facing tests (all but the
# slow Airflow/dbt end-to-end ones, which exercise the same SQL) again on the PostgreSQL server at
# SHEETFEED_TEST_SERVER_URL (default 127.0.0.1:5432): a database per test, dropped after. The two passes
# share nothing but that server's roles, and the end-to-end tests mostly wait on Airflow and dbt, so
# together they take about the longer pass's time on two cores. The external pass's output follows the
# embedded one's; the target fails if either fails.
EXTERNAL_LOG := build/test-external.log
test: $(STAMP)
	@mkdir -p $(dir $(EXTERNAL_LOG))
	@$(VENV)/bin/python -m pytest -m "warehouse and not slow" --warehouse=external -p no:cacheprovider \
		--basetemp=build/pytest-external >$(EXTERNAL_LOG) 2>&1 & external=$$!; \
	$(VENV)/bin/python -m pytest; embedded=$$?; \
	wait $$external; external_status=$$?; \
	echo "=== the external warehouse pass (pytest -m 'warehouse and not slow' --warehouse=external)"; \
	cat $(EXTERNAL_LOG); \
	test $$embedded -eq 0 && test $$external_status -eq 0

# Every benchmark at the size its issue names; each prints its figures and ratios.
bench: $(STAMP)
	for script in extract load validate dbt dag; do $(VENV)/bin/python benchmarks/bench_$$script.py || exit 1; done

clean:
	rm -rf $(VENV) .sheetfeed
