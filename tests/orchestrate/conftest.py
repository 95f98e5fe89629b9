"""Airflow's environment for the orchestration tests, exported before anything imports ``airflow``."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def airflow_configured(test_home):
    """Airflow pointed at the test home (as ``sheetfeed run`` does); returns the exported variables."""
    from sheetfeed import settings
    from sheetfeed.orchestrate import airflow_env

    return airflow_env.configure(settings.SAMPLE_INBOX)


@pytest.fixture(scope="session")
def parse_dag(airflow_configured):
    """Parse the dags folder with Airflow's DagBag, as the dag-processor does; returns (bag, seconds)."""
    import time

    from airflow.dag_processing.dagbag import DagBag

    from sheetfeed import settings

    def parse():
        started = time.perf_counter()
        bag = DagBag(dag_folder=str(settings.DAGS_FOLDER))
        return bag, time.perf_counter() - started

    return parse
