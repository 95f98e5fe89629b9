"""Scale-out on Airflow's own distributed executor: the nightly DAG run by CeleryExecutor.

Real processes, as a multi-machine deployment runs them: `airflow api-server`
(the execution API the workers report to), `airflow scheduler`, `airflow
dag-processor` and `airflow celery worker`, each a subprocess; Redis on
127.0.0.1:6379 (a database number of its own) as the broker; one dedicated
PostgreSQL database on 127.0.0.1:5432 holding both Airflow's metadata and the
warehouse, created for the test and dropped after it. The DAG is triggered
with the CLI and watched in the metadata database, all within RUN_BUDGET_S.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import sys
import time
import uuid
from decimal import Decimal

import pytest

from deployment import (
    airflow, api_ready, free_port, metadata, reachable, run, services as started, wait)

pytestmark = [pytest.mark.slow, pytest.mark.celery]

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 11
DAG_ID = "program_sheets_nightly"
RUN_BUDGET_S = 480  # from the services' start to a finished run (about 3 min on an idle 2-core machine)


@pytest.fixture
def database():
    """A database of its own on the machine's PostgreSQL: Airflow metadata and warehouse; dropped after."""
    from deployment import database as fresh

    if not reachable("127.0.0.1", 5432) or not reachable(REDIS_HOST, REDIS_PORT):
        pytest.skip("needs the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)")
    with fresh("sf_celery") as url:
        yield url


@pytest.fixture
def broker():
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    client.flushdb()
    yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
    client.flushdb()


@pytest.fixture
def deployment_env(tmp_path, database, broker, seed_sheet) -> dict[str, str]:
    """The environment every Airflow process of the deployment shares."""
    from sheetfeed.orchestrate import airflow_env

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_sheet, inbox)
    home = tmp_path / "home"
    home.mkdir()
    # Start from what `sheetfeed run` exports (dags folder, telemetry off, ...), then make it a deployment.
    env = {**os.environ, "SHEETFEED_HOME": str(home), **airflow_env.environment(inbox, home / "airflow")}
    api_port = free_port()
    env.update({
        "WAREHOUSE_URL": database,
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        # psycopg 3 for Airflow's sync and async engines (asyncpg, Airflow's async default, is not installed).
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": database.replace("postgresql://", "postgresql+psycopg://", 1),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC": database.replace("postgresql://", "postgresql+psycopg://", 1),
        "AIRFLOW__CELERY__BROKER_URL": broker,
        "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + database,
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": "2",
        "AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS": "sheetfeed.orchestrate.celery_config.CELERY_CONFIG",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        # Only the run the test triggers: no run for the latest 02:00 slot when the DAG appears.
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
        "SHEETFEED_TEST_API_PORT": str(api_port),
    })
    return env


@pytest.fixture
def services(deployment_env, tmp_path):
    """Prepare the deployment, then start the api-server, scheduler, dag-processor and a Celery worker."""
    run([sys.executable, "-m", "sheetfeed.orchestrate.prepare"], deployment_env)
    run(airflow("db", "migrate"), deployment_env, timeout=300)
    commands = {
        "api-server": airflow("api-server", "--port", deployment_env["SHEETFEED_TEST_API_PORT"]),
        "scheduler": airflow("scheduler"),
        "dag-processor": airflow("dag-processor"),
        "celery-worker": airflow("celery", "worker", "--concurrency", "2"),
    }
    logs = tmp_path / "service-logs"
    with started(commands, deployment_env, logs) as processes:
        yield processes, logs


def test_the_nightly_dag_runs_on_celery_workers_and_builds_the_marts(deployment_env, services, database):
    processes, logs = services
    deadline = time.monotonic() + RUN_BUDGET_S
    wait("the api-server", lambda: api_ready(deployment_env["SHEETFEED_TEST_API_PORT"]), deadline, processes, logs)
    wait("the dag-processor to serialize the DAG",
          lambda: metadata(database, "select 1 from serialized_dag where dag_id = %s", (DAG_ID,)),
          deadline, processes, logs)
    run_id = f"celery_scale_out_{uuid.uuid4().hex[:8]}"
    run(airflow("dags", "trigger", DAG_ID, "--run-id", run_id), deployment_env)

    def finished():
        rows = metadata(database, "select state from dag_run where dag_id = %s and run_id = %s", (DAG_ID, run_id))
        return rows and rows[0][0] in ("success", "failed") and rows[0][0]

    def task_states():
        return metadata(database, "select task_id, map_index, state, hostname, queue from task_instance"
                                   " where dag_id = %s and run_id = %s order by task_id", (DAG_ID, run_id))

    state = wait(f"run {run_id} to finish", finished, deadline, processes, logs,
                  describe=lambda: f"task states: {[row[:3] for row in task_states()]}")
    task_states = task_states()
    failed = [row for row in task_states if row[2] != "success"]
    assert state == "success", f"run ended {state}; not successful: {failed}"
    assert not failed

    # The tasks went through Celery: the worker ran every one of them (it logs each a moment after reporting it).
    def ran_by_worker():
        worker_log = (logs / "celery-worker.log").read_text(errors="replace")
        return len(re.findall(r"execute_workload\[[0-9a-f-]+\] succeeded", worker_log))

    # Every task a worker ran; a task the scheduler settles itself (an empty marker task) has no host.
    worked = [row for row in task_states if row[3]]
    assert len(worked) >= len(task_states) - 2
    wait("the worker to log every task", lambda: ran_by_worker() >= len(worked), time.monotonic() + 30,
          processes, logs, describe=lambda: f"it logged {ran_by_worker()} of {len(worked)}")
    assert {row[4] for row in task_states} == {"default"}

    # The marts' assets were updated by this run, so DAGs scheduled on them would start.
    events = metadata(database, "select a.name from asset_event e join asset a on a.id = e.asset_id"
                                 " where e.source_dag_id = %s and e.source_run_id = %s", (DAG_ID, run_id))
    assert {"marts.fct_budget_execution", "marts.mart_governance_kpis"} <= {row[0] for row in events}

    budget = metadata(database, "select fiscal_year, secured_krw, executed_krw, execution_rate_pct"
                                 " from marts.fct_budget_execution order by fiscal_year")
    assert len(budget) == 5
    assert budget[1] == (2019, 156000000, 136000000, Decimal("87.18"))
    marts = {row[0] for row in metadata(database, "select table_name from information_schema.tables"
                                                   " where table_schema = 'marts'")}
    assert {"dim_program", "fct_budget_execution", "mart_governance_kpis"} <= marts
