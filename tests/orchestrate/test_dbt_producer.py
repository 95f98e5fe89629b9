"""The dbt group's producer: which of dbt's real events reach Cosmos's parser, and the thread that handles them.

The events come from a real ``dbt build`` on a real PostgreSQL, turned to JSON
as Cosmos's producer turns them, so a dbt release that renames or reshapes
them fails here.
"""
from __future__ import annotations

import collections
import json
import os
import threading

import pytest
from google.protobuf.json_format import MessageToJson

from sheetfeed import settings
from sheetfeed.orchestrate.dbt_producer import EventsInOrder, PushesAtTheEnd, what_to_do, worth_reading
from sheetfeed.transform.dbt import dbt_env


@pytest.fixture
def build_events(warehouse_url, tmp_path):
    """Every event of ``dbt build`` of two staging models (a model, its data tests, a unit test)."""
    from dbt.cli.main import dbtRunner

    events = []
    project = str(settings.DBT_PROJECT_DIR.resolve())
    saved = dict(os.environ)
    os.environ.update(dbt_env(warehouse_url))
    try:
        outcome = dbtRunner(callbacks=[lambda event: events.append(MessageToJson(event,
                                                                                 preserving_proto_field_name=True))]
                            ).invoke(["build", "--select", "stg_raw__programs", "stg_raw__files",
                                      "--project-dir", project, "--profiles-dir", project,
                                      "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert outcome.success, outcome.exception
    return [json.loads(line) for line in events]


def node_of(event: dict) -> dict:
    return (event.get("data", {}).get("node_info")) or {}


def test_each_node_a_task_reads_reaches_cosmos_once_when_final_and_its_progress_is_only_logged(build_events):
    actions = collections.defaultdict(list)
    for event in build_events:
        node = node_of(event)
        if node.get("unique_id"):
            actions[node["unique_id"]].append((event["info"]["name"], what_to_do(event)))
    kinds = {uid.split(".")[0] for uid in actions}
    assert {"model", "test", "unit_test"} <= kinds, kinds
    for uid, seen in actions.items():
        settled = [(name, action) for name, action in seen if action != "log"]
        if uid.startswith("model."):
            assert settled == [("NodeFinished", "parse")], (uid, seen)
        elif uid.startswith("test."):  # passed: counted toward the model's tests, nothing pushed of its own
            assert settled == [("NodeFinished", "count")], (uid, seen)
        else:  # a unit test has no task of its own
            assert settled == [], (uid, seen)
        assert len(seen) > len(settled)  # its start, compiling, executing... were only logged
    # The run's own events (versions, the summary) still reach Cosmos.
    assert any(not node_of(event).get("unique_id") and what_to_do(event) == "parse" for event in build_events)


def test_the_events_left_unread_are_debug_lines_that_settle_nothing(build_events):
    unread = [event for event in build_events if not worth_reading(event["info"]["name"], event["info"]["level"])]
    assert len(unread) > len(build_events) / 2  # dbt's SQL, connections and cache
    for event in unread:
        assert event["info"]["level"] == "debug", event
        # A node's progress, only logged; or a line of the run's, which Cosmos would log and not keep.
        assert what_to_do(event) == "log" or not node_of(event).get("unique_id"), event
        assert event["info"]["name"] not in ("MainReportVersion", "AdapterRegistered"), event


def test_a_failed_test_and_a_node_skipped_for_an_upstream_failure_reach_cosmos_whole():
    failed_test = {"info": {"name": "NodeFinished"},
                   "data": {"node_info": {"unique_id": "test.sheetfeed.t", "resource_type": "test", "node_status": "fail"}}}
    skipped = {"info": {"name": "SkippingDetails"},
               "data": {"node_info": {"unique_id": "model.sheetfeed.m", "resource_type": "model",
                                      "node_status": "skipped"}}}
    assert what_to_do(failed_test) == what_to_do(skipped) == "parse"
    assert what_to_do(None) == "parse"  # a line that is not JSON: Cosmos logs it


def test_events_are_handled_in_the_order_they_came_and_a_handler_error_fails_the_build_at_its_end():
    handled, handled_one = [], threading.Event()

    def handle(line):
        if line == "bad":
            raise ValueError("cannot parse")
        handled.append(line)

    with pytest.raises(ValueError, match="cannot parse"):
        with EventsInOrder(handle, handled_one.set) as events:
            for index in range(500):
                events.put(str(index))
            assert handled_one.wait(timeout=30)  # told after each event (the producer backs up from there)
            events.put("bad")
            events.put("after")
    assert handled == [str(index) for index in range(500)] + ["after"]


class TaskInstanceXComs:
    """Stands in for the producer's task instance: what reached Airflow, and Cosmos's backup buffer."""

    def __init__(self):
        self.pushed: dict = {}
        self._cosmos_xcom_backup_buffer: dict = {}

    def xcom_push(self, key, value):
        self.pushed[key] = value

    def xcom_pull(self, task_ids=None, key="return_value", **_):
        return self.pushed.get(key)


def test_xcoms_wait_for_the_builds_end_and_the_succeeded_nodes_are_one_xcom_while_the_backup_keeps_all():
    from cosmos.operators._watcher.state import safe_xcom_push

    from sheetfeed.orchestrate.dbt_producer import SUCCEEDED_NODES_XCOM_KEY

    ti = TaskInstanceXComs()
    kept = PushesAtTheEnd(ti)
    for node, status, tests in (("model.sheetfeed.built", "success", "pass"),
                                ("model.sheetfeed.untested", "success", "fail"),
                                ("model.sheetfeed.broken", "error", None)):
        key = node.replace(".", "__")
        safe_xcom_push(kept, f"{key}_dbt_event", {"status": status, "msg": "SELECT 5"})
        safe_xcom_push(kept, f"{key}_status", {"status": status, "outlet_uris": []})
        safe_xcom_push(kept, f"{key}_compiled_sql", "select 5")
        kept.node_finished(node)
        if tests:
            safe_xcom_push(kept, f"{key}_tests_status", tests)
    assert ti.pushed == {} and kept.xcom_pull(key="model__sheetfeed__broken_compiled_sql") == "select 5"
    kept.push_kept()
    succeeded = {"status": "success", "outlet_uris": [], "compiled_sql": "select 5",
                 "dbt_event": {"status": "success", "msg": "SELECT 5"}}
    assert ti.pushed == {
        SUCCEEDED_NODES_XCOM_KEY: {"model.sheetfeed.built": {**succeeded, "tests_status": "pass"},
                                   "model.sheetfeed.untested": succeeded},
        # What did not succeed is read by Cosmos's own poke, and the alert reads its event: as Cosmos pushes it.
        "model__sheetfeed__untested_tests_status": "fail",
        "model__sheetfeed__broken_dbt_event": {"status": "error", "msg": "SELECT 5"},
        "model__sheetfeed__broken_status": {"status": "error", "outlet_uris": []},
        "model__sheetfeed__broken_compiled_sql": "select 5",
    }
    # A killed producer's retry restores the backup: every XCom as Cosmos made it.
    assert len(ti._cosmos_xcom_backup_buffer) == 11


def test_a_failing_build_raises_its_own_error_not_a_handlers():
    def handle(_):
        raise ValueError("handler")

    with pytest.raises(RuntimeError, match="dbt failed"):
        with EventsInOrder(handle) as events:
            events.put("line")
            raise RuntimeError("dbt failed")


def test_the_dags_producer_is_the_final_states_producer(airflow_configured):
    from sheetfeed.orchestrate.dbt_group import PRODUCER_TASK_ID
    from sheetfeed.orchestrate.dbt_producer import FinalStatesProducer
    from sheetfeed.orchestrate.run import load_dag

    producer = load_dag().get_task(PRODUCER_TASK_ID)
    assert type(producer) is FinalStatesProducer
    assert producer.dbt_cmd_global_flags == ["--log-level-file", "none", "--no-write-json", "--log-level", "none"]
    assert os.environ.get("AIRFLOW__COSMOS__ENABLE_WATCHER_RELIABLE_RETRY", "True") == "True"


def test_every_node_task_of_the_dag_reads_a_succeeded_node_in_few_calls(airflow_configured):
    from sheetfeed.orchestrate.dbt_group import GROUP_ID, PRODUCER_TASK_ID
    from sheetfeed.orchestrate.dbt_nodes import SucceededNodeReader
    from sheetfeed.orchestrate.run import load_dag

    nodes = [task for task in load_dag().tasks
             if task.task_id.startswith(f"{GROUP_ID}.") and getattr(task, "producer_task_id", None)
             and task.task_id != PRODUCER_TASK_ID]
    assert len(nodes) > 50 and all(isinstance(task, SucceededNodeReader) for task in nodes)
    assert {type(task).__name__ for task in nodes} == {"ModelTask", "SeedTask", "ModelTestsTask"}


def test_no_dbt_task_computes_lineage_events_unless_airflows_openlineage_provider_sends_them(airflow_configured,
                                                                                             monkeypatch, tmp_path):
    import importlib.util

    from cosmos.operators.local import AbstractDbtLocalBase

    from sheetfeed.orchestrate.dbt_group import GROUP_ID
    from sheetfeed.orchestrate.run import load_dag

    dbt_tasks = [task for task in load_dag().tasks
                 if task.task_id.startswith(f"{GROUP_ID}.") and isinstance(task, AbstractDbtLocalBase)]
    computed = []
    monkeypatch.setattr(AbstractDbtLocalBase, "_get_dbt_local_artifact_processor",
                        staticmethod(lambda: computed.append(1)))
    assert importlib.util.find_spec("airflow.providers.openlineage") is None  # what sheetfeed installs
    assert len(dbt_tasks) > 50
    assert not any(task.calculate_openlineage_events_completes({}, tmp_path) for task in dbt_tasks)
    assert computed == []
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())  # a deployment that sends lineage
    dbt_tasks[0].calculate_openlineage_events_completes({}, tmp_path)
    assert computed == [1]
