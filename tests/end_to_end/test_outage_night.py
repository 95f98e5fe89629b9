"""A warehouse that goes down mid-night and stays down (issue 15, point 6), on the warehouse the suite runs on.

The night is the real `sheetfeed run` (Airflow's dag.test(), the DAG's retry
policy and failure callbacks) against the test's own database on the embedded
or the external server. While the first load is in COPY, the database is
taken away for real: it stops accepting connections (``allow_connections
false``) and every session in it is ended. The alerts are counted as they
arrive at a real webhook the test serves. Not marked slow: the outage comes
after discovery, so neither GX nor dbt runs, and the external pass runs it.
"""
from __future__ import annotations

import json
import threading
import time

import psycopg

from nights import night, states
from sheetfeed.orchestrate.tasks import FILES_PER_LOAD, summary_path
from sheetfeed.warehouse.connection import url_parts

WINDOW_S = 4


def wait_until_a_load_waits_on(gate_table: str, url: str, timeout: float = 300.0) -> None:
    """Return once a loader's COPY into ``gate_table`` waits on the test's lock (discovery is over)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            if watcher.execute("select 1 from pg_stat_activity where datname = current_database()"
                               " and wait_event_type = 'Lock' and query ilike %s",
                               (f"copy {gate_table}%",)).fetchone():
                return
            time.sleep(0.05)
    raise AssertionError(f"no load reached COPY {gate_table} in {timeout:.0f} s")


def take_down(server_url: str, name: str) -> None:
    """The database refuses every new connection, superusers' included, and its sessions are ended."""
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'alter database "{name}" allow_connections false')
        admin.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = %s", (name,))


def test_a_warehouse_lost_mid_night_fails_it_once_after_one_window_with_one_alert_and_no_trace(
        warehouse_url, server_url, seed_sheet, tmp_path, webhook):
    hook, posted = webhook
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # One file more than a mapped load takes, each its own content: two mapped loads.
    for index in range(FILES_PER_LOAD + 1):
        (inbox / f"{index:02}.txt").write_bytes(seed_sheet.read_bytes() + b"\n" * index)
    home = tmp_path / "home"
    name = url_parts(warehouse_url)["dbname"]
    recorded = {}

    def run_night():
        recorded.update(night(inbox, home, warehouse_url, SHEETFEED_OUTAGE_WINDOW_S=str(WINDOW_S),
                              SHEETFEED_RETRY_DELAY_S="1", SHEETFEED_ALERT_WEBHOOK=hook))

    gate = psycopg.connect(warehouse_url)
    try:
        gate.execute("lock table raw.contacts in share mode")
        runner = threading.Thread(target=run_night)
        runner.start()
        wait_until_a_load_waits_on("raw.contacts", warehouse_url)
        take_down(server_url, name)
        runner.join()
    finally:
        gate.close()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'alter database "{name}" allow_connections true')

    assert recorded["exit"] == 1 and recorded["state"] == "failed"
    night_states = states(recorded)
    assert night_states["discover"] == "success"
    loads = {task: value for task, value in recorded["tasks"].items() if task.startswith("extract_and_load")}
    # One load waited out the window and failed on its first try; the lost one, retried, found the outage
    # declared and skipped at once (as did everything after), so nothing waited a second window.
    assert sorted(state for state, _ in loads.values()) == ["failed", "skipped"], loads
    assert [attempt for state, attempt in loads.values() if state == "failed"] == [1], loads
    assert night_states["validate"] == "skipped"
    # Every dbt node and publishing task skipped.
    later = {task: state for task, state in night_states.items() if task.startswith(("dbt", "publish"))}
    assert later and set(later.values()) <= {"skipped", "upstream_failed"}, later
    assert recorded["asset_events"] == []
    # Exactly one alert was sent, naming the outage and its window.
    assert len(posted) == 1, [item["text"] for item in posted]
    (alert,) = posted
    assert alert["task_id"] == "extract_and_load" and alert["try_number"] == 1
    assert "WarehouseDown" in alert["text"] and f"outage window ({WINDOW_S} s, SHEETFEED_OUTAGE_WINDOW_S)" \
        in alert["text"], alert["text"]
    assert "not currently accepting connections" in alert["text"], "the alert should say what the server said"
    summary = json.loads((home / "runs" / summary_path(recorded["run_id"]).name).read_text(encoding="utf-8"))
    assert summary["outage"]["declared_by"] == "extract_and_load" and summary["outage"]["since"]
    assert recorded["log"].count("s left of the outage window") >= 1, "the failing load waited the window out"
    # The lost load's transaction was rolled back: no trace of either file in raw.
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select count(*) from raw.files").fetchone()[0] == 0
        assert conn.execute("select count(*) from raw.submissions").fetchone()[0] == 0

