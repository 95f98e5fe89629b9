"""The nightly DAG as Airflow parses it: imports cleanly, schedule, shape, and parse time."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

DAG_ID = "program_sheets_nightly"


@pytest.fixture(scope="module")
def manifest(test_home):
    """dbt's manifest in the test home, as `sheetfeed run` writes it before parsing the DAG."""
    from sheetfeed.transform.dbt import parse_manifest

    # dbt parse reads the profile but opens no connection.
    return parse_manifest("postgresql://postgres@127.0.0.1:5432/unused")


@pytest.fixture(scope="module")
def dagbag(parse_dag, manifest):
    bag, _ = parse_dag()
    return bag


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


def test_every_task_retries_transient_errors_with_backoff_and_alerts(dag):
    from sheetfeed.orchestrate.callbacks import on_failure
    from sheetfeed.orchestrate.tasks import retry_policy

    for task in dag.tasks:
        assert task.retry_policy.serialize() == retry_policy().serialize(), task.task_id
        callbacks = task.on_failure_callback
        assert on_failure in (callbacks if isinstance(callbacks, (list, tuple)) else [callbacks]), task.task_id
        if task.task_id != "summary":
            assert task.retries == 3 and task.retry_exponential_backoff, task.task_id


def test_dbt_group_is_rendered_by_cosmos_from_the_manifest(dag, manifest):
    import json

    from cosmos.operators.local import DbtLocalBaseOperator

    dbt_tasks = {task.task_id.split(".", 1)[1]: task for task in dag.tasks if task.task_id.startswith("dbt.")}
    assert all(isinstance(task, DbtLocalBaseOperator) and task.install_deps is False for task in dbt_tasks.values())
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values()
    models = {node["name"] for node in nodes if node["resource_type"] == "model"}
    assert {f"{name}_model_build" for name in models} <= set(dbt_tasks), "a model has no task of its own"
    # A test over several models runs as its own task, after every model it reads.
    relationships = [task for name, task in dbt_tasks.items() if name.startswith("relationships_fct_budget_execution")]
    assert relationships and relationships[0].upstream_task_ids >= {
        "dbt.fct_budget_execution_model_build", "dbt.dim_program_model_build"}


def test_marts_are_assets_downstream_dags_can_wait_for(dag):
    from sheetfeed.orchestrate.tasks import MARTS

    outlets = dag.task_dict["publish_marts"].outlets
    assert sorted(asset.name for asset in outlets) == sorted(f"marts.{name}" for name in MARTS)
    assert all(asset.uri.startswith("sheetfeed://warehouse/marts/") for asset in outlets)


def test_without_a_manifest_the_dag_still_imports_with_one_dbt_build_task(parse_dag, manifest, tmp_path, monkeypatch):
    monkeypatch.setenv("SHEETFEED_HOME", str(tmp_path))
    bag, _ = parse_dag()
    assert bag.import_errors == {}
    dag = bag.dags[DAG_ID]
    assert "dbt_build" in dag.task_dict
    assert not [task_id for task_id in dag.task_dict if task_id.startswith("dbt.")]
    assert dag.task_dict["dbt_build"].upstream_task_ids == {"validate"}


def test_parse_with_the_cosmos_group_takes_under_two_seconds(parse_dag, manifest):
    parse_dag()  # first parse pays for imports (airflow, cosmos), as a long-lived dag-processor does once
    _, seconds = parse_dag()
    assert seconds < 2.0, f"DagBag fill took {seconds:.2f} s"
