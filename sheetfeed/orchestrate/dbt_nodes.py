"""The dbt group's node tasks: Cosmos's WATCHER consumers, reading a succeeded node's result in one call.

A Cosmos consumer's poke makes five calls to Airflow's API (the producer's
state, the build's startup events, the node's status, its compiled SQL, its
dbt event), and the group's ``pre_execute`` then also looked the warehouse up
and probed it: 15–20 ms a call here, for the 62 node tasks of a night about
5 s of a 100-sheet night, beside a build that is over.

A node's task starts once the build has ended (``dbt_group``), so on its first
try its node's result is final. When that result is a success, the task reads
one XCom, the producer's record of every succeeded node (``dbt_producer``):
a model's status, compiled SQL (the task's rendered fields) and dbt event
(its log line), or its tests' aggregate. It never runs dbt, so it needs no
warehouse. Every other case (a node that failed or was skipped, no result
because the producer failed or was skipped, any retry or clear) goes through
Cosmos's own poke unchanged, and a task that then runs its node itself
resolves the warehouse first (``tasks.use_warehouse``: an outage is waited
out, then fails once).
"""
from __future__ import annotations

from typing import Any

from cosmos.operators._watcher.state import _log_dbt_event, get_xcom_val, is_dbt_node_status_success
from cosmos.operators.watcher import (
    DbtRunWatcherOperator,
    DbtSeedWatcherOperator,
    DbtSnapshotWatcherOperator,
    DbtTestWatcherOperator,
)

from sheetfeed.orchestrate.dbt_producer import SUCCEEDED_NODES_XCOM_KEY, LineageOnlyWhenSent


class SucceededNodeReader(LineageOnlyWhenSent):
    """Before a Cosmos consumer class: a first try whose node succeeded reads one XCom, the succeeded nodes'."""

    def poke(self, context: Any) -> bool:
        ti = context["ti"]
        result = self._first_result(ti, context) if ti.try_number == 1 else {}
        if not is_dbt_node_status_success(result.get("status")):
            return super().poke(context)
        if result.get("compiled_sql"):
            self.compiled_sql = result["compiled_sql"]
            self._override_rtif(context)
        _log_dbt_event(result.get("dbt_event"))
        return True

    def _first_result(self, ti: Any, context: Any) -> dict:
        """The node's part of the producer's XCom of succeeded nodes (``dbt_producer.PushesAtTheEnd``): for a
        model its status, compiled SQL and dbt event; for a model's tests their aggregate, when they passed."""
        succeeded = get_xcom_val(ti, self.producer_task_id, SUCCEEDED_NODES_XCOM_KEY) or {}
        result = succeeded.get(self.model_unique_id) or {}
        return {"status": result.get("tests_status")} if self.is_test_sensor else result

    def _fallback_to_non_watcher_run(self, try_number: int, context: Any) -> bool:
        from sheetfeed.orchestrate.tasks import use_warehouse

        use_warehouse(context)
        return super()._fallback_to_non_watcher_run(try_number, context)


class ModelTask(SucceededNodeReader, DbtRunWatcherOperator):
    """A model's task."""


class SeedTask(SucceededNodeReader, DbtSeedWatcherOperator):
    """A seed's task."""


class SnapshotTask(SucceededNodeReader, DbtSnapshotWatcherOperator):
    """A snapshot's task."""


class ModelTestsTask(SucceededNodeReader, DbtTestWatcherOperator):
    """The task of a model's data tests (their aggregate)."""


# Cosmos's consumer class → ours, for the group to swap (Cosmos builds its operators from fixed class paths).
NODE_TASK_CLASSES = {
    DbtRunWatcherOperator: ModelTask,
    DbtSeedWatcherOperator: SeedTask,
    DbtSnapshotWatcherOperator: SnapshotTask,
    DbtTestWatcherOperator: ModelTestsTask,
}
