"""The nightly DAG as Airflow parses it: imports cleanly, schedule, shape, and parse time."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

DAG_ID = "program_sheets_nightly"


@pytest.fixture(scope="module")
def dagbag(parse_dag):
    """The dags folder parsed in the test home, which holds no manifest yet: the DAG makes the one it needs."""
    bag, _ = parse_dag()
    return bag


@pytest.fixture(scope="module")
def manifest(dagbag):
    from sheetfeed.transform.dbt import manifest_path

    return manifest_path()


@pytest.fixture(scope="module")
def dag(dagbag):
    return dagbag.dags[DAG_ID]


def test_dags_folder_imports_one_dag_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert sorted(dagbag.dag_ids) == [DAG_ID]


def test_schedule_is_daily_at_two_in_seoul_without_catchup(dag):
    from airflow.sdk import CronTriggerTimetable
    from airflow.serialization.encoders import coerce_to_core_timetable
    from airflow.timetables.base import DataInterval, TimeRestriction

    assert isinstance(dag.timetable, CronTriggerTimetable)
    assert dag.timetable.expression == "0 2 * * *"
    assert str(dag.timetable.timezone) == "Asia/Seoul"
    assert dag.timezone.name == "Asia/Seoul"
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    # 02:00 in Seoul is 17:00 UTC the day before: the run after 2026-03-01 02:00 KST is 2026-03-02 02:00 KST.
    last = datetime(2026, 2, 28, 17, 0, tzinfo=timezone.utc)
    info = coerce_to_core_timetable(dag.timetable).next_dagrun_info(
        last_automated_data_interval=DataInterval(last, last),
        restriction=TimeRestriction(earliest=None, latest=None, catchup=True),
    )
    assert info.run_after == datetime(2026, 3, 1, 17, 0, tzinfo=timezone.utc)


def test_graph_has_no_cycles_and_runs_in_order(dag):
    dag.check_cycle()
    order = [task.task_id for task in dag.topological_sort()]
    dbt_tasks = [task_id for task_id in order if task_id.startswith("dbt.")]
    assert dbt_tasks, "the Cosmos group rendered no dbt task"
    assert order.index("discover") < order.index("extract_and_load") < order.index("validate")
    assert order.index("validate") < min(order.index(task_id) for task_id in dbt_tasks)
    assert max(order.index(task_id) for task_id in dbt_tasks) < order.index("publish_marts") < order.index("summary")
    assert dag.task_dict["publish_marts"].downstream_task_ids >= {"publish_docs", "publish_report"}


def test_loads_are_mapped_and_a_failed_file_does_not_stop_validation(dag):
    loads = dag.task_dict["extract_and_load"]
    assert loads.is_mapped
    assert dag.task_dict["validate"].trigger_rule == "all_done"
    assert dag.task_dict["summary"].trigger_rule == "all_done"
    assert dag.task_dict["summary"].upstream_task_ids == set(dag.task_dict) - {"summary"}


def _callbacks(task) -> list:
    callbacks = task.on_failure_callback
    return list(callbacks) if isinstance(callbacks, (list, tuple)) else [callbacks]


def test_every_task_retries_transient_errors_with_backoff_and_alerts_once(dag):
    from sheetfeed.orchestrate.callbacks import on_dbt_node_failure, on_failure
    from sheetfeed.orchestrate.dbt_group import DONE_MARKER_ID, PRODUCER_TASK_ID
    from sheetfeed.orchestrate.retries import NightRetryPolicy

    for task in dag.tasks:
        assert isinstance(task.retry_policy, NightRetryPolicy), task.task_id
        if task.task_id == "summary":  # it only marks the run failed: the failed task has alerted
            assert task.retries == 0 and not any(_callbacks(task))
            continue
        assert task.retries == 3 and task.retry_exponential_backoff, task.task_id
        if task.task_id.startswith("dbt.") and task.task_id != PRODUCER_TASK_ID and hasattr(task, "producer_task_id"):
            assert on_dbt_node_failure in _callbacks(task), task.task_id
        elif task.task_id != DONE_MARKER_ID:
            assert on_failure in _callbacks(task), task.task_id


def test_dbt_runs_as_one_build_shown_as_one_task_per_node(dag, manifest):
    import json

    from cosmos.operators.watcher import DbtConsumerWatcherSensor, DbtProducerWatcherOperator

    from sheetfeed.orchestrate.dbt_group import PRODUCER_TASK_ID

    dbt_tasks = {task.task_id: task for task in dag.tasks if task.task_id.startswith("dbt.")}
    producers = [task for task in dbt_tasks.values() if isinstance(task, DbtProducerWatcherOperator)]
    assert [task.task_id for task in producers] == [PRODUCER_TASK_ID]
    assert producers[0].install_deps is False and producers[0].upstream_task_ids == {"validate"}
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values()
    models = {node["name"] for node in nodes if node["resource_type"] == "model"}
    seeds = {node["name"] for node in nodes if node["resource_type"] == "seed"}
    # A node with tests gets a group (its run, then its tests); one without, a single task.
    for name, kind in [*((name, "run") for name in models), *((name, "seed") for name in seeds)]:
        assert {f"dbt.{name}.{kind}", f"dbt.{name}_{kind}"} & set(dbt_tasks), f"{name} has no task of its own"
    consumers = [task for task in dbt_tasks.values() if isinstance(task, DbtConsumerWatcherSensor)]
    # Each node's task starts after the build, reads its result in one poke, holds no triggerer.
    for task in consumers:
        assert task.deferrable is False and task.mode == "poke", task.task_id
        assert task.upstream_task_ids <= set(dbt_tasks) | {"validate"}, task.task_id
    roots = [task for task in consumers if PRODUCER_TASK_ID in task.upstream_task_ids]
    assert roots and all(task.trigger_rule == "all_done" for task in roots)
    assert all(task.trigger_rule == "all_success" for task in consumers if task not in roots)
    # dbt's order holds: a mart's task waits for the models it reads.
    assert "dbt.int_current_programs.test" in dag.task_dict["dbt.fct_budget_execution.run"].upstream_task_ids


def test_cosmos_marker_after_the_build_is_skipped_with_it_on_a_night_that_builds_nothing(dag):
    """Its upstreams are the build and the plan: a retried build (producer skipped) still reaches the marts,
    a night whose plan skipped the build skips the marker too."""
    from sheetfeed.orchestrate.dbt_group import DONE_MARKER_ID, PRODUCER_TASK_ID

    marker = dag.task_dict[DONE_MARKER_ID]
    assert marker.upstream_task_ids == {PRODUCER_TASK_ID, "validate"}
    assert marker.trigger_rule == "none_failed_min_one_success"
    assert "publish_marts" in marker.downstream_task_ids


def test_the_dags_shape_is_the_code_whatever_the_home_holds(parse_dag, dag, tmp_path, monkeypatch):
    """A fresh home (no manifest, nothing run) parses to the same tasks as one where `sheetfeed run` ran."""
    monkeypatch.setenv("SHEETFEED_HOME", str(tmp_path))
    bag, _ = parse_dag()
    assert bag.import_errors == {}
    assert sorted(bag.dags[DAG_ID].task_dict) == sorted(dag.task_dict)
    assert (tmp_path / "dbt" / "manifests").is_dir()


# A fresh interpreter on a home that holds nothing: what a new machine's dag-processor parses first.
_PARSE_FRESH = r"""
import json
from sheetfeed import settings
from sheetfeed.orchestrate import airflow_env
airflow_env.configure(settings.SAMPLE_INBOX)
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=str(settings.DAGS_FOLDER))
import cosmos.settings
from sheetfeed.transform.dbt import target_dir
print("PARSED " + json.dumps({"errors": list(bag.import_errors), "tasks": sorted(bag.dags[airflow_env.DAG_ID].task_dict),
                              "cosmos_cache": str(cosmos.settings.cache_dir), "dbt_target": str(target_dir())}))
"""


def test_a_fresh_machine_parses_the_same_tasks_with_cosmos_and_dbt_state_under_the_home(dag, tmp_path):
    import json
    import os
    import subprocess
    import sys

    home = tmp_path / "fresh_home"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("AIRFLOW", "SHEETFEED_HOME"))}
    result = subprocess.run([sys.executable, "-c", _PARSE_FRESH], env={**env, "SHEETFEED_HOME": str(home)},
                            capture_output=True, text=True, timeout=300)
    line = next((line for line in result.stdout.splitlines() if line.startswith("PARSED ")), None)
    assert line, result.stderr[-3000:]
    parsed = json.loads(line[len("PARSED "):])
    assert parsed["errors"] == []
    assert parsed["tasks"] == sorted(dag.task_dict)
    assert Path(parsed["cosmos_cache"]).is_relative_to(home) and Path(parsed["dbt_target"]).is_relative_to(home)
    assert list((home / "dbt" / "manifests").glob("*/manifest.json"))


def test_a_changed_dbt_project_gets_a_manifest_of_its_own(tmp_path):
    import shutil

    from sheetfeed import settings
    from sheetfeed.transform.dbt import manifest_path, project_fingerprint

    copy = tmp_path / "dbt_project"
    shutil.copytree(settings.DBT_PROJECT_DIR, copy, ignore=shutil.ignore_patterns("target", "logs"))
    assert project_fingerprint(copy) == project_fingerprint()
    seed = copy / "seeds" / "status_groups.csv"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert project_fingerprint(copy) != project_fingerprint()
    assert manifest_path(copy) != manifest_path()


def test_marts_are_assets_downstream_dags_can_wait_for(dag):
    from sheetfeed.orchestrate.tasks import MARTS

    outlets = dag.task_dict["publish_marts"].outlets
    assert sorted(asset.name for asset in outlets) == sorted(f"marts.{name}" for name in MARTS)
    assert all(asset.uri.startswith("sheetfeed://warehouse/marts/") for asset in outlets)


def test_the_documented_downstream_example_waits_on_one_of_the_nightlys_assets(dag, airflow_configured):
    """The README's example DAG parses and is scheduled on an asset the nightly emits: same name and URI (an
    ``Asset`` given by its URI alone would be another asset, which the nightly never updates)."""
    from airflow.dag_processing.dagbag import DagBag

    from sheetfeed import settings

    folder = settings.REPO_ROOT / "docs" / "examples" / "downstream_dags"
    bag = DagBag(dag_folder=str(folder))
    assert bag.import_errors == {}
    example = bag.dags["marts_downstream"]
    waited = list(example.timetable.asset_condition.objects)
    outlets = {(asset.name, asset.uri, asset.group) for asset in dag.task_dict["publish_marts"].outlets}
    assert [(asset.name, asset.uri) for asset in waited] == [("marts.fct_budget_execution",
                                                               "sheetfeed://warehouse/marts/fct_budget_execution")]
    # The group too: Airflow keeps one record per asset, rewritten by each DAG that declares it.
    assert {(asset.name, asset.uri, asset.group) for asset in waited} <= outlets
    readme = (settings.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert ('Asset(name="marts.fct_budget_execution", uri="sheetfeed://warehouse/marts/fct_budget_execution", '
            'group="sheetfeed_marts")') in readme
    assert "docs/examples/downstream_dags/marts_downstream.py" in readme


def test_parse_with_the_cosmos_group_takes_under_two_seconds(parse_dag, manifest):
    parse_dag()  # first parse pays for imports (airflow, cosmos), as a long-lived dag-processor does once
    _, seconds = parse_dag()
    assert seconds < 2.0, f"DagBag fill took {seconds:.2f} s"
