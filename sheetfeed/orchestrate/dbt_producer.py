"""The dbt group's producer: Cosmos's WATCHER producer, telling each node's state once it is final.

Cosmos's producer pushes an XCom for every dbt event that names a node (its
start, compiling, executing, then its end: about 1,000 pushes for our 200
nodes), each a round trip to Airflow's API of 10–30 ms here, from inside
dbt's own threads and under one lock: dbt waited on Airflow, and one
``dbt build`` took 39 s under Airflow against 6 s run directly.

Two changes, neither to what a node's task reads:

- The nodes' tasks start once the build has ended (``dbt_group``), so they
  only ever read a node's final state. Only the events that settle one go
  through Cosmos's parser: a node's end (``NodeFinished``: its status,
  message, compiled SQL), the marks dbt gives a node it skips because an
  upstream failed (Cosmos turns that skip into a failure, so the node's task
  retries), and events that name no node (versions, errors of the run). Of
  a node no task reads (a unit test, an exposure) only the line is logged. A
  test that passed only counts toward its model's aggregate, which is all a
  task reads of tests; the end of a test that did not pass is pushed whole,
  for the retry policy and the alert that name it. Every other event is only
  written to the log, as Cosmos writes it.
- dbt's threads hand each event to one thread of ours, which handles them in
  the order dbt fired them while dbt goes on; the build returns once every
  event is handled, and an error handling one fails the build as Cosmos's
  own callback would. With ``enable_watcher_reliable_retry`` (kept: a
  producer killed mid-build still leaves what it reported for its retry),
  Cosmos rewrites its whole backup Variable after each push; this thread
  writes it at most every ``BACKUP_EVERY_S`` instead (a successful build
  deletes it, a failing one writes it whole as it fails).
"""
from __future__ import annotations

import json
import queue
import threading
import time
from typing import Any, Callable

from cosmos.operators._watcher.base import _log_dbt_msg
from cosmos.operators._watcher.aggregation import push_test_result_or_aggregate
from cosmos.operators._watcher.xcom import _backup_xcom_to_variable
from cosmos.operators._watcher.state import DBT_SUCCESS_STATUSES, DBT_UPSTREAM_FAILURE_SKIP_EVENT_NAMES
from cosmos.operators.watcher import DbtProducerWatcherOperator

# How often, at most, a build in progress rewrites Cosmos's retry backup (what a killed producer's retry restores).
BACKUP_EVERY_S = 2.0

# The events that settle a node's state.
FINAL_EVENTS = frozenset({"NodeFinished", *DBT_UPSTREAM_FAILURE_SKIP_EVENT_NAMES})
# The nodes whose results a task reads: models, seeds and snapshots have a task each, data tests count
# toward their model's. Unit tests and exposures have none (a failing unit test fails the build, which
# the producer reports).
READ_BY_A_TASK = frozenset({"model", "seed", "snapshot", "test"})


def what_to_do(event: dict | None) -> str:
    """``parse`` (Cosmos must see it), ``count`` (a test that passed) or ``log`` (only its line, if any)."""
    node = ((event or {}).get("data", {}).get("node_info")) or {}
    if not node.get("unique_id"):
        return "parse"
    if event.get("info", {}).get("name") not in FINAL_EVENTS or node.get("resource_type") not in READ_BY_A_TASK:
        return "log"
    if node.get("resource_type") == "test" and node.get("node_status") in DBT_SUCCESS_STATUSES:
        return "count"
    return "parse"


def _every(seconds: float, action: Callable[[], None]) -> Callable[[], None]:
    """``action``, skipped when it last ran less than ``seconds`` ago."""
    last = float("-inf")

    def throttled() -> None:
        nonlocal last
        if time.monotonic() - last >= seconds:
            last = time.monotonic()
            action()

    return throttled


class EventsInOrder:
    """One thread handling dbt's events in the order they came, so dbt's threads never wait on Airflow's API.

    ``after_each`` is called after each event (the producer's throttled retry backup). A context
    manager around the build: on leaving, it waits for every event to be handled, then raises the
    first error a handler raised (unless the build itself is failing).
    """

    def __init__(self, handle: Callable[[str, Any], None], after_each: Callable[[], None] = lambda: None):
        self._handle, self._after_each = handle, after_each
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sheetfeed-dbt-events", daemon=True)

    def put(self, line: str, extra_kwargs: Any) -> None:
        self._queue.put((line, extra_kwargs))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            try:
                self._handle(*item)
                self._after_each()
            except Exception as exc:  # kept for the build, as Cosmos's callback keeps its first error
                self._error = self._error or exc

    def __enter__(self) -> "EventsInOrder":
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and exc is None:
            raise self._error


class FinalStatesProducer(DbtProducerWatcherOperator):
    """``dbt build`` once for the group, publishing each node's results when the node has finished."""

    _events: EventsInOrder | None = None

    def _make_parse_callable(self) -> Callable[[str, Any], None]:
        if self._events is not None:
            return self._events.put
        return self._final_states_only(super()._make_parse_callable())

    def run_dbt_runner(self, command: list[str], env: dict[str, str], cwd: str, **kwargs: Any) -> Any:
        ti = (kwargs.get("context") or {}).get("ti")
        backup_each_push = getattr(ti, "_cosmos_xcom_persist_incrementally", False)
        back_up = _every(BACKUP_EVERY_S, lambda: _backup_xcom_to_variable(kwargs["context"])) \
            if backup_each_push else (lambda: None)
        if backup_each_push:
            ti._cosmos_xcom_persist_incrementally = False
        try:
            with EventsInOrder(self._final_states_only(super()._make_parse_callable()), back_up) as self._events:
                try:
                    return super().run_dbt_runner(command, env, cwd, **kwargs)
                finally:
                    self._events = None
        finally:
            if backup_each_push:
                ti._cosmos_xcom_persist_incrementally = True

    def _final_states_only(self, parse: Callable[[str, Any], None]) -> Callable[[str, Any], None]:
        """Cosmos's ``parse(line, extra_kwargs)`` for what settles a node; a passed test counted; else the log line."""

        def handle(line: str, extra_kwargs: Any) -> None:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                event = None
            action = what_to_do(event)
            if action == "parse":
                parse(line, extra_kwargs)
                return
            if action == "count":
                node = event["data"]["node_info"]
                push_test_result_or_aggregate(node["unique_id"], node["node_status"], self.tests_per_model,
                                              self.test_results_per_model, extra_kwargs["context"]["ti"])
            _log_dbt_msg(event)

        return handle
