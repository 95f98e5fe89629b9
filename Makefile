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

# The whole suite as three pytest sessions at once, each with its own SHEETFEED_HOME (so its own embedded
# server and dbt target) and its own temporary root:
#   - the end-to-end nights (tests/end_to_end: real Airflow runs, which mostly wait on their child
#     processes), printed live;
#   - every other test, on the embedded warehouse (log in build/test-rest.log);
#   - the warehouse-facing tests but the slow ones (which exercise the same SQL) again on the PostgreSQL server
#     at SHEETFEED_TEST_SERVER_URL (default 127.0.0.1:5432), a database per test (build/test-external.log).
# Split so, the three take about the same time (15-20 minutes on two cores). The other two logs are printed
# after the first; the target fails if any session fails.
PYTEST := $(VENV)/bin/python -m pytest -p no:cacheprovider
test: $(STAMP)
	@mkdir -p build
	@$(PYTEST) --ignore=tests/end_to_end --basetemp=build/pytest-rest >build/test-rest.log 2>&1 & rest=$$!; \
	$(PYTEST) -m "warehouse and not slow" --warehouse=external --basetemp=build/pytest-external \
		>build/test-external.log 2>&1 & external=$$!; \
	$(PYTEST) tests/end_to_end --basetemp=build/pytest-end-to-end; end_to_end=$$?; \
	wait $$rest; rest_status=$$?; wait $$external; external_status=$$?; \
	echo "=== every other test (pytest --ignore=tests/end_to_end)"; cat build/test-rest.log; \
	echo "=== the external warehouse pass (pytest -m 'warehouse and not slow' --warehouse=external)"; \
	cat build/test-external.log; \
	test $$end_to_end -eq 0 && test $$rest_status -eq 0 && test $$external_status -eq 0

# Every benchmark at the size its issue names; each prints its figures and ratios.
bench: $(STAMP)
	for script in extract load validate dbt dag; do $(VENV)/bin/python benchmarks/bench_$$script.py || exit 1; done

clean:
	rm -rf $(VENV) .sheetfeed
