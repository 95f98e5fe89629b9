"""Running whole nights for the end-to-end tests: `sheetfeed run`'s own code in a subprocess, then what Airflow recorded.

Each night runs in a fresh interpreter (as the command does) with its own
environment; afterwards the script reads the run's task instances and asset
events from Airflow's metadata database in the same home, and which heavy
libraries the process imported, and prints them as one JSON line.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

RUN_TIMEOUT_S = 900

_SCRIPT = r"""
import json, sys
from sheetfeed.orchestrate import run

code = run.main(sys.argv[1])

from airflow.models.dagrun import DagRun
from airflow.models.taskinstance import TaskInstance
from airflow.utils.session import create_session
from sqlalchemy import select, text
with create_session() as session:
    dag_run = session.scalars(select(DagRun).order_by(DagRun.id.desc()).limit(1)).first()
    tis = session.execute(select(TaskInstance.task_id, TaskInstance.map_index, TaskInstance.state,
                                 TaskInstance.try_number).where(TaskInstance.run_id == dag_run.run_id)).all()
    events = session.execute(text("select a.name from asset_event e join asset a on a.id = e.asset_id"
                                  " where e.source_run_id = :run"), {"run": dag_run.run_id}).scalars().all()
print("NIGHT " + json.dumps({
    "exit": code, "run_id": dag_run.run_id, "state": str(dag_run.state),
    "tasks": {f"{t}[{m}]" if m >= 0 else t: [str(s), n] for t, m, s, n in tis},
    "asset_events": sorted(events),
    "imported": sorted(name for name in ("great_expectations", "dbt") if name in sys.modules),
}))
"""


def night(inbox: Path, home: Path, url: str, **env) -> dict:
    """One night over ``inbox``; returns what Airflow recorded, plus the command's output and log."""
    environment = {**os.environ, "SHEETFEED_HOME": str(home), "WAREHOUSE_URL": url, **env}
    result = subprocess.run([sys.executable, "-c", _SCRIPT, str(inbox)], env=environment,
                            capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    print(result.stdout[-5000:], result.stderr[-5000:], sep="\n")
    line = next((line for line in result.stdout.splitlines() if line.startswith("NIGHT ")), None)
    assert line, f"the night did not report:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    recorded = json.loads(line[len("NIGHT "):])
    logs = sorted((home / "airflow" / "logs").glob("sheetfeed-run-*.log"))
    recorded["stdout"], recorded["stderr"] = result.stdout, result.stderr
    recorded["log"] = (logs[-1].read_text(encoding="utf-8", errors="replace") if logs
                       else result.stdout + result.stderr)
    return recorded


def states(recorded: dict, prefix: str = "") -> dict[str, str]:
    return {task: state for task, (state, _) in recorded["tasks"].items() if task.startswith(prefix)}


def alerts(recorded: dict) -> list[str]:
    """The alert lines the night logged (one per task that failed for good and alerted)."""
    from sheetfeed.orchestrate.callbacks import ALERT_PREFIX

    lines = recorded["log"].splitlines()
    # dag.test() logs each record through two handlers; an alert is one per task and try.
    return sorted({line.split(ALERT_PREFIX, 1)[1].split(" [sheetfeed")[0].strip()
                   for line in lines if ALERT_PREFIX in line and "could not send" not in line})


def dbt_builds(recorded: dict) -> int:
    """How many dbt invocations the night started (dbt logs 'Running with dbt=' once per invocation)."""
    return len(set(re.findall(r"(\d\d:\d\d:\d\d)\s+Running with dbt=", recorded["log"])))


def sheetfeed_run(inbox: Path, home: Path, url: str) -> subprocess.CompletedProcess:
    """The command itself (``python -m sheetfeed.cli run``), for what only it prints or does (its header, its exit)."""
    environment = {**os.environ, "SHEETFEED_HOME": str(home), "WAREHOUSE_URL": url}
    result = subprocess.run([sys.executable, "-m", "sheetfeed.cli", "run", "--inbox", str(inbox)],
                            env=environment, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    print(result.stdout, result.stderr, sep="\n")
    return result


def figure(output: str, label: str) -> int:
    """The number printed after a summary label (e.g. 'new submissions     1')."""
    match = re.search(rf"^\s+{label}\s+(\d+)", output, re.MULTILINE)
    assert match, f"no '{label}' line in:\n{output}"
    return int(match.group(1))


def query(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()
