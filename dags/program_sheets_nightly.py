"""program_sheets_nightly: the nightly Airflow DAG of sheetfeed.

Every night at 02:00 Asia/Seoul: find the inbox's new files, extract and load
them ten to a mapped task (a bad file fails alone), validate what is
pending with Great Expectations, build the dbt marts (a Cosmos task group, one
task per model), mark the marts' assets as updated, publish dbt docs and the
analysts' report, and write a summary.

This file only declares the graph; the callables live in
``sheetfeed.orchestrate.tasks`` and the dbt group in
``sheetfeed.orchestrate.dbt_group``. Every step is idempotent (files are
loaded once by content hash, validation takes what has no verdict yet, dbt
rebuilds), so any past day can be rerun.
"""
from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import DAG, Asset, CronTriggerTimetable, Param, TriggerRule, task

from sheetfeed.orchestrate import callbacks, tasks
from sheetfeed.orchestrate.dbt_group import dbt_tasks
from sheetfeed.orchestrate.retries import NightRetryPolicy

TIMEZONE = "Asia/Seoul"
MART_ASSETS = [Asset(name=f"marts.{name}", uri=f"sheetfeed://warehouse/marts/{name}", group="sheetfeed_marts")
               for name in tasks.MARTS]

# A batch of new files is shown by its first file's name and how many follow it.
LOAD_LABEL = ("{% set paths = task.op_kwargs['paths'] %}{{ paths[0] }}"
              "{% if paths | length > 1 %} and {{ paths | length - 1 }} more{% endif %}")

# A task retries what is transient (a connection lost mid-task); an outage at a task's start is
# waited out within the night's window instead (sheetfeed.orchestrate.outage), shared by every task.
RETRY_POLICY = NightRetryPolicy()
default_args = {
    "owner": "sheetfeed",
    "retries": 3,
    "retry_delay": timedelta(seconds=float(os.environ.get("SHEETFEED_RETRY_DELAY_S") or 30)),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=2),
    "retry_policy": RETRY_POLICY,
    "on_failure_callback": callbacks.on_failure,
}

with DAG(
    dag_id="program_sheets_nightly",
    description="Extract, load, validate and model the program sheets of the inbox",
    schedule=CronTriggerTimetable("0 2 * * *", timezone=TIMEZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=6),
    default_args=default_args,
    params={"inbox": Param(None, type=["null", "string"],
                           description="folder to read instead of SHEETFEED_INBOX (e.g. a past day's archive)")},
    tags=["sheetfeed"],
    doc_md=__doc__,
) as dag:
    new_files = task(tasks.discover, task_id="discover")()
    loads = task(tasks.load_batch, task_id="extract_and_load",
                 map_index_template=LOAD_LABEL).expand(paths=new_files)
    validated = task(tasks.validate, task_id="validate", trigger_rule=TriggerRule.ALL_DONE)()
    marts = task(tasks.publish_marts, task_id="publish_marts", outlets=MART_ASSETS)()
    # The summary only marks the run failed; the task that failed has alerted already.
    summary = task(tasks.summarize, task_id="summary", trigger_rule=TriggerRule.ALL_DONE, retries=0,
                   on_failure_callback=None)()

    docs = task(tasks.publish_docs, task_id="publish_docs")()
    report = task(tasks.publish_report, task_id="publish_report")()
    loads >> validated >> dbt_tasks(plan=validated) >> marts >> [docs, report]
    # The summary waits for every other task, so it sees the whole run.
    [other for other in dag.tasks if other is not summary.operator] >> summary
