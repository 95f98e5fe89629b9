"""The dbt group's producer: Cosmos's WATCHER producer, telling each node's state once the build has ended.

Cosmos's producer pushes an XCom for every dbt event that names a node (its
start, compiling, executing, then its end: about 1,000 pushes for our 200
nodes), each a round trip to Airflow's API, from inside dbt's own threads and
under one lock: dbt waited on Airflow, and one ``dbt build`` took 39 s under
Airflow against 6 s run directly. The nodes' tasks start once the build has
ended (``dbt_group``), so they only ever read a node's final state; here:

- Only the events that settle a node go through Cosmos's parser: a node's end
  (``NodeFinished``: its status, message, compiled SQL), the marks dbt gives
  a node it skips because an upstream failed (Cosmos turns that skip into a
  failure, so the node's task retries), and events that name no node
  (versions, errors of the run). Of a node no task reads (a unit test, an
  exposure) only the line is logged. A test that passed only counts toward
  its model's aggregate, which is all a task reads of tests; the end of a test
  that did not pass is pushed whole, for the retry policy and the alert that
  name it. Every other event is only written to the log, as Cosmos writes it.
- dbt's threads only look at an event's name and level and hand it to one
  thread of ours (``EventsInOrder``), which turns it to JSON (Cosmos's callback
  did that in dbt's threads) and handles the events in the order dbt fired
  them while dbt goes on. dbt's debug events (its SQL, connections and cache:
  3,667 of a night's 4,091) are not handed over unless debug logging is on:
  none settles a node, and the task log does not show them. dbt itself writes
  no log line (``--log-level none`` on the producer, ``dbt_group``): Cosmos
  threw its JSON lines on stdout away; the task log's lines come from the
  events.
- The XComs Cosmos's parser makes are kept until the build has ended, then
  pushed (``PushesAtTheEnd``); what the succeeded nodes' tasks show is one
  XCom for all of them, the one they read (``dbt_nodes``). With
  ``enable_watcher_reliable_retry`` (kept: a producer killed mid-build still
  leaves what it reported for its retry), Cosmos rewrites its whole backup
  Variable after each push; here it is written at most every
  ``BACKUP_EVERY_S`` while dbt runs (a successful build deletes it, a failing
  one writes it whole as it fails).

An error handling an event fails the build once every event is handled, as
Cosmos's own callback would.
"""
from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import queue
import threading
import time
from typing import Any, Callable, Iterator

from cosmos.operators._watcher import base as watcher_base
from cosmos.operators._watcher.aggregation import get_tests_status_xcom_key, push_test_result_or_aggregate
from cosmos.operators._watcher.state import (
    DBT_SUCCESS_STATUSES,
    DBT_UPSTREAM_FAILURE_SKIP_EVENT_NAMES,
    get_compiled_sql_xcom_key,
    get_dbt_event_xcom_key,
    get_status_xcom_key,
)
from cosmos.operators._watcher.xcom import _backup_xcom_to_variable
from cosmos.operators.local import AbstractDbtLocalBase
from cosmos.operators.watcher import DbtProducerWatcherOperator, _StdoutFilter
from google.protobuf.json_format import MessageToJson

# The producer's XCom holding what the task of every succeeded node shows (``PushesAtTheEnd``).
SUCCEEDED_NODES_XCOM_KEY = "sheetfeed_succeeded_nodes"
# How often, at most, a build in progress rewrites Cosmos's retry backup (what a killed producer's retry restores).
BACKUP_EVERY_S = 2.0

# The events that settle a node's state.
FINAL_EVENTS = frozenset({"NodeFinished", *DBT_UPSTREAM_FAILURE_SKIP_EVENT_NAMES})
# The nodes whose results a task reads: models, seeds and snapshots have a task each, data tests count
# toward their model's. Unit tests and exposures have none (a failing unit test fails the build, which
# the producer reports).
READ_BY_A_TASK = frozenset({"model", "seed", "snapshot", "test"})


def worth_reading(name: str, level: str) -> bool:
    """Whether a dbt event (by its name and level) can matter: it settles a node, or the task log shows it."""
    return level != "debug" or name in FINAL_EVENTS


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


@contextlib.contextmanager
def throttled_backups(context: dict) -> Iterator[Callable[[], None]]:
    """Cosmos's retry backup as a call made at most every ``BACKUP_EVERY_S``, instead of after each push."""
    ti = context["ti"]
    if not getattr(ti, "_cosmos_xcom_persist_incrementally", False):
        yield lambda: None
        return
    ti._cosmos_xcom_persist_incrementally = False
    try:
        yield _every(BACKUP_EVERY_S, lambda: _backup_xcom_to_variable(context))
    finally:
        ti._cosmos_xcom_persist_incrementally = True


class EventsInOrder:
    """One thread handling dbt's events in the order they came, so dbt's threads never wait on Airflow's API.

    ``after_each`` is called after each event (the producer's throttled retry backup). A context
    manager around the build: on leaving, it waits for every event to be handled, then raises the
    first error a handler raised (unless the build itself is failing).
    """

    def __init__(self, handle: Callable[[Any], None], after_each: Callable[[], None] = lambda: None):
        self._handle, self._after_each = handle, after_each
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sheetfeed-dbt-events", daemon=True)

    def put(self, event: Any) -> None:
        self._queue.put(event)

    def _run(self) -> None:
        while (event := self._queue.get()) is not None:
            try:
                self._handle(event)
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


class PushesAtTheEnd:
    """The producer's task instance as Cosmos's parser sees it during the build: its XComs kept, pushed at the end.

    A push from our thread while dbt's four threads run took about 300 ms here (a request
    crosses threads, each crossing waiting for the GIL) and slowed dbt with it; after the
    build, 23 ms each. No task reads them before the build has ended; a producer killed
    mid-build leaves them in Cosmos's backup, which its retry restores (``throttled_backups``:
    Cosmos's ``safe_xcom_push`` records each in the task instance's buffer, reached through
    this one). What every succeeded node's task shows (its status, compiled SQL and dbt
    event, and its tests' aggregate when they passed) is pushed as one XCom,
    ``SUCCEEDED_NODES_XCOM_KEY`` (read by ``dbt_nodes``); a node that did not succeed keeps
    Cosmos's XComs, read by Cosmos's own poke and by the alert.
    """

    def __init__(self, ti: Any):
        self._ti = ti
        self._kept: dict[str, Any] = {}
        self._succeeded: dict[str, dict] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ti, name)

    def xcom_push(self, key: str, value: Any) -> None:
        self._kept[key] = value

    def xcom_pull(self, task_ids: Any = None, key: str = "return_value", **kwargs: Any) -> Any:
        """What this task pushed so far (kept or not), or another task's XCom."""
        if task_ids is None and key in self._kept:
            return self._kept[key]
        return self._ti.xcom_pull(task_ids=task_ids, key=key, **kwargs)

    def node_finished(self, unique_id: str) -> None:
        """Move a succeeded node's status, compiled SQL and dbt event from Cosmos's XComs to the one XCom."""
        status_key = get_status_xcom_key(unique_id)
        status = self._kept.get(status_key)
        if not isinstance(status, dict) or status.get("status") not in DBT_SUCCESS_STATUSES:
            return
        parts = {part: self._kept.pop(key) for part, key in (("compiled_sql", get_compiled_sql_xcom_key(unique_id)),
                                                             ("dbt_event", get_dbt_event_xcom_key(unique_id)))
                 if key in self._kept}
        self._succeeded[unique_id] = {**self._kept.pop(status_key), **parts}

    def push_kept(self) -> None:
        """Push what was kept: the succeeded nodes (with their passed tests) as one XCom, the rest as Cosmos made it."""
        for unique_id, result in self._succeeded.items():
            tests_key = get_tests_status_xcom_key(unique_id)
            if self._kept.get(tests_key) in DBT_SUCCESS_STATUSES:
                result["tests_status"] = self._kept.pop(tests_key)
        if self._succeeded:
            self._ti.xcom_push(key=SUCCEEDED_NODES_XCOM_KEY, value=self._succeeded)
        for key, value in self._kept.items():
            self._ti.xcom_push(key=key, value=value)
        self._kept.clear()
        self._succeeded = {}


class LineageOnlyWhenSent:
    """Before a Cosmos dbt operator class: OpenLineage events are computed only when something sends them.

    After every dbt command Cosmos parses the manifest and run results into OpenLineage
    events whenever ``openlineage-integration-common`` imports, which it always does (Cosmos
    requires it). Under Airflow 3 it only keeps them on the operator, for Airflow's
    OpenLineage provider to send; without that provider they went to no one, after each
    night's build (29 % of the producer's main-thread samples in a py-spy profile of a
    100-sheet night).
    """

    def calculate_openlineage_events_completes(self, env: Any, project_dir: Any, dbt_command_line: Any = None) -> bool:
        if importlib.util.find_spec("airflow.providers.openlineage") is None:
            return False
        return super().calculate_openlineage_events_completes(env, project_dir, dbt_command_line)


class FinalStatesProducer(LineageOnlyWhenSent, DbtProducerWatcherOperator):
    """``dbt build`` once for the group, publishing each node's results when the node has finished."""

    def run_dbt_runner(self, command: list[str], env: dict[str, str], cwd: str, **kwargs: Any) -> Any:
        """The build, its events handled on our thread (``EventsInOrder``) in place of Cosmos's callback."""
        context = kwargs.get("context")
        if context is None or context.get("_check_source_freshness"):
            return super().run_dbt_runner(command, env, cwd, **kwargs)  # Cosmos's own: it reads no event then
        read = self._final_states_only(self._make_parse_callable())
        ti = PushesAtTheEnd(context["ti"])
        extra_kwargs = {"project_dir": cwd, "context": {**context, "ti": ti}}
        every_event = watcher_base.logger.isEnabledFor(logging.DEBUG)

        def handle(event) -> None:  # on our thread
            read(MessageToJson(event, preserving_proto_field_name=True), extra_kwargs)

        def hand_over(event) -> None:  # in dbt's threads
            if every_event or worth_reading(event.info.name, event.info.level):
                events.put(event)

        own_callbacks = self._dbt_runner_callbacks
        with throttled_backups(context) as back_up:
            try:
                with EventsInOrder(handle, back_up) as events:
                    self._dbt_runner_callbacks = [*(own_callbacks or []), hand_over]
                    with contextlib.redirect_stdout(_StdoutFilter()):
                        return AbstractDbtLocalBase.run_dbt_runner(self, command, env, cwd, **kwargs)
            finally:
                self._dbt_runner_callbacks = own_callbacks
                ti.push_kept()

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
                if (event or {}).get("info", {}).get("name") == "NodeFinished":
                    extra_kwargs["context"]["ti"].node_finished(event["data"]["node_info"]["unique_id"])
                return
            if action == "count":
                node = event["data"]["node_info"]
                push_test_result_or_aggregate(node["unique_id"], node["node_status"], self.tests_per_model,
                                              self.test_results_per_model, extra_kwargs["context"]["ti"])
            watcher_base._log_dbt_msg(event)

        return handle
