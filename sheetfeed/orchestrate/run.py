"""``sheetfeed run``: one run of the nightly DAG through Airflow itself, then a summary.

Order matters: Airflow's environment is exported before ``airflow`` is first
imported; the warehouse is resolved (the embedded server started) and migrated
before any task needs it; the dbt manifest is written before the DAG file is
parsed, so Cosmos renders one task per model. The run itself is
``dag.test()``: Airflow's scheduler loop in this process, against the local
SQLite metadata database, with no scheduler or executor to start. Airflow's
own output goes to a log file under the home; the terminal gets the summary.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from sheetfeed import settings
from sheetfeed.orchestrate import airflow_env, prepare


class RunFailed(RuntimeError):
    """The run could not start or finish; the message says why, in plain words."""


def load_dag():
    """The nightly DAG as Airflow's DagBag parses it; a file that does not import is an error."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(settings.DAGS_FOLDER / f"{airflow_env.DAG_ID}.py"))
    if bag.import_errors:
        raise RunFailed("the DAG file does not import:\n" + "\n".join(bag.import_errors.values()))
    dag = bag.dags.get(airflow_env.DAG_ID)
    if dag is None:
        raise RunFailed(f"no DAG {airflow_env.DAG_ID} in {settings.DAGS_FOLDER}")
    return dag


@contextlib.contextmanager
def output_to(path: Path):
    """Send this process's stdout and stderr (Airflow's console logging) to ``path`` for the duration."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def alerts_in(log_path: Path) -> list[str]:
    """The failure alerts the tasks logged (see sheetfeed.orchestrate.callbacks), without the log's decorations."""
    from sheetfeed.orchestrate.callbacks import ALERT_PREFIX

    lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    found = [line.split(ALERT_PREFIX, 1)[1] for line in lines if ALERT_PREFIX in line]
    return list(dict.fromkeys(re.sub(r"\s+\[sheetfeed\.orchestrate\.callbacks\].*$", "", text).strip() for text in found))


def new_files(summary: dict) -> str:
    """Where the new submissions came from: ``from 3 of 4 new files`` (the others failed), or ``no new files``."""
    new, loaded = summary.get("files_new", 0), summary.get("files_loaded", 0)
    if not new:
        return "no new files"
    return f"from {loaded} of {new} new file{'s' if new > 1 else ''}"


def format_summary(summary: dict, state: str, seconds: float) -> str:
    """The lines printed at the end of a run."""
    from sheetfeed.quality.validate import held_lines

    validation = summary.get("validation") or {}
    marts = summary.get("marts")
    parse_failures = summary.get("parse_failures") or []
    lines = [
        f"run {summary.get('run_id')}: {state} in {seconds:.1f} s",
        f"  inbox               {summary.get('inbox')}",
        f"  new submissions     {summary.get('new_submissions', 0)} ({new_files(summary)})",
        f"  already seen        {summary.get('files_seen', 0)} file(s) skipped",
        *([f"  vanished            {len(summary['files_vanished'])} file(s) gone before loading"]
          if summary.get("files_vanished") else []),
        *([f"  refused             {len(summary['files_refused'])} file(s) not read (see each below)"]
          + [f"    {item['path']}: {item['reason']}" for item in summary["files_refused"]]
          if summary.get("files_refused") else []),
        f"  parse failures      {len(parse_failures)}",
        *[f"    {item['path']}: {item['error']}" for item in parse_failures],
    ]
    if validation.get("run_id"):
        lines += [
            f"  validated           {validation.get('submissions_checked')} submission(s): "
            f"{validation.get('passed')} passed, {validation.get('warned')} with warnings, "
            f"{validation.get('failed')} failed",
            f"  quarantined         {validation.get('quarantined')}",
            *[f"    {line}" for line in held_lines(validation.get("held") or [])],
            f"  validation warnings {validation.get('warned')}",
            f"  validation report   {validation.get('data_docs_path')}",
        ]
    elif summary.get("skipped"):
        lines.append(f"  validation and dbt  skipped: {summary['skipped']}")
    else:
        lines.append("  validation          did not run")
    if marts:
        lines.append(f"  marts built         {len(marts)}: " + ", ".join(f"{name} ({rows} rows)" for name, rows in marts.items()))
    else:
        lines.append("  marts built         none")
    if summary.get("failed_tasks"):
        lines.append(f"  failed tasks        {', '.join(summary['failed_tasks'])}")
    if summary.get("blocked_tasks"):
        lines.append(f"  not run             {len(summary['blocked_tasks'])} task(s) downstream of a failure")
    if summary.get("outage"):
        lines.append(f"  warehouse outage    since {summary['outage'].get('since')}"
                     + (f", reported by {summary['outage']['declared_by']}" if summary["outage"].get("declared_by") else ""))
    if summary.get("stages"):
        lines.append("  stage times         " + ", ".join(f"{name} {seconds:.1f} s"
                                                          for name, seconds in summary["stages"].items()))
    return "\n".join(lines)


# The stages of a night, by the tasks that make them (a stage's time runs from its first task's start to its
# last task's end): what `sheetfeed run` prints after the run.
STAGES = {
    "discover": lambda task_id: task_id == "discover",
    "load": lambda task_id: task_id == "extract_and_load",
    "validate": lambda task_id: task_id == "validate",
    "dbt build": lambda task_id: task_id == "dbt.dbt_producer_watcher",
    "dbt node tasks": lambda task_id: task_id.startswith("dbt.") and task_id != "dbt.dbt_producer_watcher",
    "publish": lambda task_id: task_id in ("publish_marts", "summary"),
}


def stage_times(run_id: str) -> dict[str, float]:
    """Seconds per stage of the run, from the start and end of its task instances in Airflow's metadata database."""
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        rows = session.execute(select(TaskInstance.task_id, TaskInstance.start_date, TaskInstance.end_date)
                               .where(TaskInstance.dag_id == airflow_env.DAG_ID, TaskInstance.run_id == run_id)).all()
    stages = {}
    for name, belongs in STAGES.items():
        spans = [(start, end) for task_id, start, end in rows if belongs(task_id) and start and end]
        if spans:
            stages[name] = (max(end for _, end in spans) - min(start for start, _ in spans)).total_seconds()
    return stages


def execute(inbox: Path) -> int:
    from sheetfeed.warehouse.connection import owner_url, redact, warehouse_url

    airflow_env.configure(inbox)
    url = warehouse_url()
    os.environ["WAREHOUSE_URL"] = url  # the tasks run in this process and use this same warehouse
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    log_path = settings.state_dir("airflow") / "logs" / f"sheetfeed-run-{stamp}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    print(f"sheetfeed run: DAG {airflow_env.DAG_ID} through Airflow\n  inbox {inbox}\n  warehouse {redact(url)}\n"
          f"  home {settings.home()}\n  log {log_path}", flush=True)
    started = time.monotonic()
    with output_to(log_path):
        prepare.migrate_warehouse(owner_url())
        try:
            prepare.write_manifest()  # so a dbt error is reported here, in plain words, not as a DAG import error
        except Exception as exc:  # dbt's own error names the file and the problem
            raise RunFailed(f"dbt could not parse dbt_project/: {exc}") from exc
        airflow_env.ensure_metadata_db()
        dag = load_dag()
        prepared = time.monotonic() - started
        dag_run = dag.test()
    seconds = time.monotonic() - started
    state = str(getattr(dag_run.state, "value", dag_run.state))
    return report(dag_run.run_id, state, seconds, log_path, prepared)


def report(run_id: str, state: str, seconds: float, log_path: Path, prepare_seconds: float = 0.0) -> int:
    """Print the run's summary (and its alerts when it failed); the exit status."""
    from sheetfeed.orchestrate.tasks import summary_path

    path = summary_path(run_id)
    summary = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"run_id": run_id}
    summary["stages"] = {"prepare": prepare_seconds, **stage_times(run_id)}
    print(format_summary(summary, state, seconds))
    if state == "success":
        return 0
    alerts = alerts_in(log_path)
    print(f"sheetfeed run failed: the DAG run ended {state}.", file=sys.stderr)
    for alert in alerts:
        print(f"  {alert}", file=sys.stderr)
    if not alerts:
        print(f"  see {log_path}", file=sys.stderr)
    return 1


def main(inbox: str | None) -> int:
    """Entry point of ``sheetfeed run [--inbox DIR]``; 0 when the DAG run succeeded."""
    folder = Path(inbox).resolve() if inbox else settings.inbox()
    if not folder.is_dir():
        print(f"sheetfeed run: inbox {folder} is not a folder", file=sys.stderr)
        return 2
    from sheetfeed.warehouse.connection import WarehouseUnreachable, redact

    try:
        return execute(folder)
    except (RunFailed, WarehouseUnreachable) as exc:
        print(redact(f"sheetfeed run failed: {exc}"), file=sys.stderr)
        return 1
