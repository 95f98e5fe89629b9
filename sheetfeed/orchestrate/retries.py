"""The nightly DAG's retry policy: retry what is transient, fail anything else at once.

A module of its own so the DAG file can declare it without importing the tasks' dependencies.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from airflow.sdk.definitions.retry_policy import RetryDecision, RetryPolicy

log = logging.getLogger(__name__)

# Errors worth retrying: the warehouse could not be reached, or the connection dropped.
TRANSIENT_ERRORS = [
    "sheetfeed.warehouse.connection.WarehouseUnreachable",
    "psycopg.OperationalError",
]


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` is one of TRANSIENT_ERRORS (retrying may help); a full disk never is."""
    from sheetfeed.orchestrate.outage import is_disk_full

    return isinstance(exc, tuple(_transient_classes())) and not is_disk_full(exc)


def _transient_classes() -> list[type]:
    import importlib

    classes = []
    for path in TRANSIENT_ERRORS:
        module, name = path.rsplit(".", 1)
        classes.append(getattr(importlib.import_module(module), name))
    return classes


class NightRetryPolicy(RetryPolicy):
    """Retry what is transient, fail anything else at once (every task of the nightly DAG, Cosmos's included).

    Retried: the warehouse unreachable or the connection lost, whether raised
    by our code or reported by dbt in a node's message; and a dbt node's task
    whose node the night's build skipped because another node failed there
    (it runs only once its own parents succeeded, so its retry builds or tests
    that node alone). Failed at once: a full disk, an outage that outlasted its
    window, a missing setting, a file the loader rejects, a model or test that
    fails. Retrying those cannot help, so the alert goes out on the first try.
    """

    def evaluate(self, exception, try_number, max_tries, context=None):
        from sheetfeed.orchestrate.outage import CONNECTION_LOST_TEXT, WarehouseDown, is_disk_full

        if isinstance(exception, WarehouseDown) or type(exception).__name__ == "NotConfigured":
            return RetryDecision.fail("the outage window is over, or a setting is missing: retrying cannot help")
        if is_disk_full(exception):
            return RetryDecision.fail("the warehouse's disk is full: waiting does not free space")
        if is_transient(exception):
            return RetryDecision.retry(reason="the warehouse could not be reached: transient")
        if CONNECTION_LOST_TEXT.search(str(exception)):
            return RetryDecision.retry(reason="dbt lost the warehouse: transient")
        results = _dbt_node_results(context)
        hard = [(status, message) for status, message in results
                if status != "skipped" and not CONNECTION_LOST_TEXT.search(message)]
        if try_number == 1 and results and not hard:
            lost = any(CONNECTION_LOST_TEXT.search(message) for _, message in results)
            # A node skipped for another's failure has nothing to wait for: its parents have succeeded.
            return RetryDecision.retry(delay=None if lost else timedelta(seconds=1),
                                       reason="the build lost the warehouse or skipped this node after another "
                                              "failed; its retry runs this node alone")
        return RetryDecision.fail("not transient: retrying cannot help")

    def serialize(self) -> dict:
        return {"__type": type(self).__name__}

    @classmethod
    def deserialize(cls, data: dict):
        return cls()


SUCCEEDED = {"success", "pass", "warn"}


def _dbt_node_results(context) -> list[tuple[str, str]]:
    """(status, message) of each node a Cosmos consumer watches (its model, or its model's tests) that did not
    succeed in the night's build; [] for other tasks.

    A model's status is the one the producer published for it; a test's, the
    last dbt event about it (tests are published only in aggregate).
    """
    task = (context or {}).get("task")
    node = getattr(task, "model_unique_id", None)
    producer = getattr(task, "producer_task_id", None)
    if not node or not producer or context.get("ti") is None:
        return []
    from cosmos.operators._watcher.state import get_dbt_event_xcom_key, get_status_xcom_key

    def pull(key):
        return context["ti"].xcom_pull(task_ids=producer, key=key) or {}

    try:
        if getattr(task, "is_test_sensor", False):
            results = [(str(event.get("status")), event.get("msg") or "")
                       for event in map(pull, map(get_dbt_event_xcom_key, _tests_of(node))) if event]
        else:
            results = [(str(pull(get_status_xcom_key(node)).get("status")),
                        pull(get_dbt_event_xcom_key(node)).get("msg") or "")]
    except Exception:  # the policy must decide even when XCom cannot be read
        log.exception("could not read the dbt results of %s", node)
        return []
    return [(status, message) for status, message in results if status not in SUCCEEDED]


def _tests_of(model_id: str) -> list[str]:
    import json

    from sheetfeed.transform.dbt import ensure_manifest

    nodes = json.loads(ensure_manifest().read_text(encoding="utf-8"))["nodes"].values()
    return [node["unique_id"] for node in nodes
            if node["resource_type"] == "test" and model_id in node.get("depends_on", {}).get("nodes", [])]
