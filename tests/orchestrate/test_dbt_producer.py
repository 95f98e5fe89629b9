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
from sheetfeed.orchestrate.dbt_producer import EventsInOrder, what_to_do
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

    def handle(line, _):
        if line == "bad":
            raise ValueError("cannot parse")
        handled.append(line)

    with pytest.raises(ValueError, match="cannot parse"):
        with EventsInOrder(handle, handled_one.set) as events:
            for index in range(500):
                events.put(str(index), None)
            assert handled_one.wait(timeout=30)  # told after each event (the producer backs up from there)
            events.put("bad", None)
            events.put("after", None)
    assert handled == [str(index) for index in range(500)] + ["after"]


def test_a_failing_build_raises_its_own_error_not_a_handlers():
    def handle(_, __):
        raise ValueError("handler")

    with pytest.raises(RuntimeError, match="dbt failed"):
        with EventsInOrder(handle) as events:
            events.put("line", None)
            raise RuntimeError("dbt failed")


def test_the_dags_producer_is_the_final_states_producer(airflow_configured):
    from sheetfeed.orchestrate.dbt_group import PRODUCER_TASK_ID
    from sheetfeed.orchestrate.dbt_producer import FinalStatesProducer
    from sheetfeed.orchestrate.run import load_dag

    producer = load_dag().get_task(PRODUCER_TASK_ID)
    assert type(producer) is FinalStatesProducer
    assert producer.dbt_cmd_global_flags == ["--log-level-file", "none"]
    assert os.environ.get("AIRFLOW__COSMOS__ENABLE_WATCHER_RELIABLE_RETRY", "True") == "True"
