"""The night's dbt under Cosmos WATCHER on real dbt and a real PostgreSQL: one build, one task per node, retries.

Failures are injected in a copy of the dbt project (a pre-hook on one mart),
never by mocking: a model that errors fails the night at once with one alert;
a connection the warehouse drops mid-build is retried, and the retry rebuilds
only the nodes that had not succeeded. (A warehouse that stays down:
tests/end_to_end/test_outage_night.py, on both warehouses.)
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import psycopg
import pytest

from nights import alerts, dbt_builds, night, states
from sheetfeed import settings
from sheetfeed.transform.dbt import NIGHTLY_ROLE

pytestmark = pytest.mark.slow

FAILING_MART = "mart_governance_kpis"  # its SQL errors: a real failure
LOSING_MART = "mart_department_budget"  # its first attempt loses the connection: transient


@pytest.fixture(scope="module")
def home():
    """One SHEETFEED_HOME (and so one Airflow metadata database) for the module's nights.

    Outside pytest's temporary root, which concurrent pytest sessions prune.
    """
    folder = Path(tempfile.mkdtemp(prefix="sheetfeed-watcher-home-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def inbox(tmp_path, seed_sheet):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(seed_sheet, folder)
    return folder


def project_with_pre_hooks(tmp_path, hooks: dict[str, str]):
    """A copy of the dbt project where each model named in ``hooks`` runs that SQL before it builds."""
    copy = tmp_path / "dbt_project"
    shutil.copytree(settings.DBT_PROJECT_DIR, copy, ignore=shutil.ignore_patterns("target", "logs"))
    for name, sql in hooks.items():
        (model,) = copy.glob(f"models/**/{name}.sql")
        model.write_text(f'{{{{ config(pre_hook="{sql}") }}}}\n' + model.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def test_a_failing_model_fails_at_once_and_a_lost_connection_retries_only_what_it_broke(inbox, home, warehouse_url,
                                                                                      tmp_path):
    with psycopg.connect(warehouse_url, autocommit=True) as conn:
        # dbt acts as the nightly role, which may neither terminate a session its superuser login opened
        # nor use what the test created: the test's owner does it for it, on the first call only
        # (a sequence is not rolled back).
        conn.execute("create sequence public.night_attempts")
        conn.execute("""
            create function public.lose_the_connection_once() returns void language sql security definer as $$
                select case when nextval('public.night_attempts') = 1
                            then pg_terminate_backend(pg_backend_pid()) end; $$""")
        conn.execute(f"grant execute on function public.lose_the_connection_once() to {NIGHTLY_ROLE}")
    project = project_with_pre_hooks(tmp_path, {
        FAILING_MART: "select 1 / 0",
        LOSING_MART: "select public.lose_the_connection_once()",
    })
    recorded = night(inbox, home, warehouse_url, SHEETFEED_DBT_PROJECT=str(project), SHEETFEED_RETRY_DELAY_S="2")

    assert recorded["exit"] == 1 and recorded["state"] == "failed"
    tries = {task: attempt for task, (_, attempt) in recorded["tasks"].items()}
    dbt = states(recorded, "dbt.")
    # The real failure: its task failed on its first try, the night failed, one alert names it.
    assert recorded["tasks"][f"dbt.{FAILING_MART}.run"] == ["failed", 1]
    assert dbt[f"dbt.{FAILING_MART}.test"] == "upstream_failed"
    (alert,) = alerts(recorded)
    assert f"dbt.{FAILING_MART}.run failed" in alert and "division by zero" in alert
    assert states(recorded)["publish_marts"] == "upstream_failed" and recorded["asset_events"] == []
    # The lost connection: the producer's retry did not build again; the mart's task reran its one model.
    assert recorded["tasks"]["dbt.dbt_producer_watcher"] == ["skipped", 2]
    assert recorded["tasks"][f"dbt.{LOSING_MART}.run"] == ["success", 2]
    assert dbt[f"dbt.{LOSING_MART}.test"] == "success"
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute(f"select count(*) from marts.{LOSING_MART}").fetchone()[0] == 5
        # Its pre-hook ran twice: in the build, then in the retry; nothing built it a third time.
        assert conn.execute("select nextval('public.night_attempts')").fetchone()[0] == 3
    # What succeeded in the build was not rebuilt: every model task but the lost one read the build's result once.
    rerun = sorted(task for task, attempt in tries.items() if task.startswith("dbt.") and attempt > 1)
    print("re-ran after the first try:", rerun, "dbt invocations:", dbt_builds(recorded))
    assert {task for task in rerun if not task.endswith(".test")} == {"dbt.dbt_producer_watcher",
                                                                      f"dbt.{LOSING_MART}.run"}, rerun
    assert all(dbt[task] == "success" for task in rerun if task != "dbt.dbt_producer_watcher"), rerun
    assert tries["dbt.fct_budget_execution.run"] == 1 and tries["dbt.dim_program.run"] == 1
    assert "sheetfeed run failed" in recorded["stderr"] and FAILING_MART in recorded["stderr"]

