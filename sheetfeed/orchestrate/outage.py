"""Failing well when the warehouse is away: one bounded wait per night, one alert, a full disk named as such.

Every task that needs the warehouse first calls ``wait_for_warehouse``. When
the warehouse cannot be reached it is probed again with backoff until the
night's outage window (``SHEETFEED_OUTAGE_WINDOW_S``, default 600 s) is over,
counted from the first failure any task of the DAG run saw. The window is
shared through an Airflow Variable named for the run, so parallel or later
tasks do not each start a window of their own. When it is over, the task that
notices first fails with ``WarehouseDown`` (no retry, one alert); every other
task of the run is skipped at once, naming the task that reported the outage.

A warehouse whose disk is full (PostgreSQL SQLSTATE 53100, "could not extend
file", "No space left on device") is not an outage: waiting does not free
space. It fails at once as ``WarehouseDiskFull``.
"""
from __future__ import annotations

import json
import logging
import os
import re
import time
from datetime import datetime, timezone

log = logging.getLogger(__name__)

WINDOW_ENV = "SHEETFEED_OUTAGE_WINDOW_S"
DEFAULT_WINDOW_S = 600.0
FIRST_PROBE_DELAY_S = 2.0
MAX_PROBE_DELAY_S = 60.0
VARIABLE_PREFIX = "sheetfeed_outage__"

DISK_FULL_SQLSTATE = "53100"
# What PostgreSQL and the OS say when the warehouse runs out of disk (dbt passes the text on, not the error).
DISK_FULL_TEXT = re.compile(r"could not extend file|No space left on device|could not write to file|"
                            r"SQLSTATE\s*53100|\b53100\b|disk full", re.IGNORECASE)
# What a lost or refused connection looks like in dbt's node messages, which carry only text.
CONNECTION_LOST_TEXT = re.compile(
    r"could not connect to server|connection to server at .* failed|Connection refused|"
    r"server closed the connection unexpectedly|terminating connection due to administrator command|"
    r"connection already closed|SSL SYSCALL error|the database system is (starting up|shutting down)",
    re.IGNORECASE)


class WarehouseDown(RuntimeError):
    """The warehouse stayed unreachable for the whole outage window: the night fails, once."""


class WarehouseDiskFull(RuntimeError):
    """The warehouse's disk is full: retrying cannot help, an operator must free space."""


def window_s() -> float:
    """The outage window in seconds (``SHEETFEED_OUTAGE_WINDOW_S``, default 600)."""
    value = os.environ.get(WINDOW_ENV)
    return float(value) if value else DEFAULT_WINDOW_S


def _chain(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) says the warehouse's disk is full."""
    for item in _chain(exc):
        if getattr(item, "sqlstate", None) == DISK_FULL_SQLSTATE or DISK_FULL_TEXT.search(str(item)):
            return True
    return False


def disk_full_error(exc: BaseException) -> WarehouseDiskFull:
    """The error to fail with: what the server or the OS said at the root of ``exc`` (not a wrapper's "lost the
    warehouse"), after the plain statement that the disk is full."""
    said = [str(item).strip() for item in _chain(exc) if DISK_FULL_TEXT.search(str(item))]
    detail = said[-1] if said else str(exc)
    return WarehouseDiskFull(f"the warehouse's disk is full (SQLSTATE {DISK_FULL_SQLSTATE}); free space on its "
                             f"server, then clear the failed tasks: {detail.splitlines()[0] if detail else exc}")


class RunOutage:
    """The outage record of one DAG run: when it began and who declared it over, in an Airflow Variable."""

    def __init__(self, dag_id: str | None, run_id: str | None):
        self.key = (VARIABLE_PREFIX + re.sub(r"[^A-Za-z0-9_-]", "_", f"{dag_id}__{run_id}")) if run_id else None
        self._local: dict = {}

    def read(self) -> dict:
        if self.key is None:
            return self._local
        from airflow.sdk import Variable

        value = Variable.get(self.key, default=None)
        return json.loads(value) if value else {}

    def write(self, record: dict) -> None:
        if self.key is None:
            self._local = record
            return
        from airflow.sdk import Variable

        Variable.set(self.key, json.dumps(record))

    def clear(self) -> None:
        if self.key is None:
            self._local = {}
            return
        from airflow.sdk import Variable

        Variable.delete(self.key)


def wait_for_warehouse(url: str, context=None, task_label: str | None = None, sleep=time.sleep) -> None:
    """Return once the warehouse at ``url`` answers; fail or skip when the run's outage window is over."""
    from sheetfeed.warehouse.connection import WarehouseUnreachable, connect

    ti = (context or {}).get("ti")
    record = RunOutage(getattr(ti, "dag_id", None), getattr(ti, "run_id", None))
    label = task_label or (getattr(ti, "task_id", None) or "this task")
    delay = FIRST_PROBE_DELAY_S
    while True:
        try:
            with connect(url):
                pass
        except WarehouseUnreachable as exc:
            if is_disk_full(exc):
                raise disk_full_error(exc) from exc
            error = exc
        else:
            # Back after this task waited: a later outage gets a window of its own. (A task that found it up
            # at once reads nothing: a task waiting in parallel clears the record when its own probe passes.)
            if delay > FIRST_PROBE_DELAY_S and record.read():
                record.clear()
            return
        outage = record.read()
        if outage.get("declared_by"):
            _skip(f"the warehouse is down since {outage['since']}; {outage['declared_by']} reported it "
                  f"and failed the night")
        now = datetime.now(timezone.utc)
        if not outage.get("since"):
            outage = {"since": now.isoformat(timespec="seconds")}
            record.write(outage)
        left = window_s() - (now - datetime.fromisoformat(outage["since"])).total_seconds()
        if left <= 0:
            record.write({**outage, "declared_by": label})
            raise WarehouseDown(f"the warehouse stayed unreachable for the outage window "
                                f"({window_s():.0f} s, {WINDOW_ENV}) since {outage['since']}: {error}") from error
        log.warning("warehouse unreachable (%s); probing again in %.0f s, %.0f s left of the outage window",
                    error, min(delay, left), left)
        sleep(min(delay, left))
        delay = min(delay * 2, MAX_PROBE_DELAY_S)


def _skip(reason: str):
    from airflow.sdk.exceptions import AirflowSkipException

    raise AirflowSkipException(reason)
