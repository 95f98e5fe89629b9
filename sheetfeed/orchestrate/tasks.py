"""The callables the nightly DAG declares, one per task.

They are thin: each resolves the warehouse (waiting out an outage within the
night's window, see ``outage``), calls one part's seam (loader, validation,
dbt) and returns a JSON-safe result for XCom. Heavy imports (psycopg, GX,
dbt) happen inside the functions, so parsing the DAG file stays fast, and a
night with nothing to do never imports GX or dbt. Errors are sorted by the
DAG's retry policy (``retries``).
"""
from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import logging
import math
import os
import re
from pathlib import Path

from extract.inbox import shown
from sheetfeed import settings

log = logging.getLogger(__name__)

WAREHOUSE_CONN_ID = "sheetfeed_warehouse"
# New files are loaded ten to a mapped task: a task costs Airflow 0.1–0.2 s here under `dag.test()` (a
# process start and more on a worker), landing a file about 10 ms. A file still lands or fails alone
# (``load_batch``). Airflow refuses to map more than [core] max_map_length (1024) instances; past
# 2,560 new files the batches grow to keep their number at this limit.
FILES_PER_LOAD = 10
MAX_MAPPED_LOADS = 256
# The marts of SPEC section 4 (the BI contract): their names are stable, so their assets are too.
MARTS = (
    "dim_program",
    "dim_department",
    "fct_budget_execution",
    "fct_activity",
    "fct_quarterly_report",
    "fct_target_attainment",
    "mart_department_budget",
    "mart_governance_kpis",
    "dim_program_history",
)


class NotConfigured(RuntimeError):
    """A deployment setting is missing; the message says which to set. Never retried."""


def warehouse() -> str:
    """The warehouse URL: the Airflow connection ``sheetfeed_warehouse`` when one is defined, else WAREHOUSE_URL.

    Never the embedded server: that is a default of ``sheetfeed run`` on a
    developer's machine (which sets WAREHOUSE_URL for its tasks). A scheduler or
    worker without either setting fails here, saying what to set, instead of
    quietly starting a PostgreSQL of its own.
    """
    from airflow.sdk import BaseHook
    from airflow.sdk.exceptions import AirflowNotFoundException

    try:
        return BaseHook.get_connection(WAREHOUSE_CONN_ID).get_uri()
    except AirflowNotFoundException:
        pass
    url = os.environ.get("WAREHOUSE_URL")
    if not url:
        raise NotConfigured(f"no warehouse configured: set WAREHOUSE_URL (a libpq URL such as "
                            f"postgresql://sheetfeed@db.internal:5432/warehouse) or the Airflow connection "
                            f"'{WAREHOUSE_CONN_ID}' for the scheduler and every worker")
    return _masked(url)


def is_transient(exc: BaseException) -> bool:
    from sheetfeed.orchestrate.retries import is_transient as transient

    return transient(exc)


def reachable_warehouse(context=None) -> str:
    """``warehouse()``, once it answers (waiting out an outage within the night's window)."""
    from sheetfeed.orchestrate.outage import wait_for_warehouse

    url = warehouse()
    wait_for_warehouse(url, context)
    return url


@contextlib.contextmanager
def disk_full_named():
    """Re-raise a full warehouse disk as WarehouseDiskFull, whatever layer reported it (the loader says 'lost')."""
    from sheetfeed.orchestrate.outage import disk_full_error, is_disk_full

    try:
        yield
    except Exception as exc:
        if is_disk_full(exc):
            raise disk_full_error(exc) from exc
        raise


def _masked(url: str) -> str:
    """Tell Airflow's log masker the password of a URL it did not get from a Connection (WAREHOUSE_URL), so
    a library that prints it (a traceback, a driver's message) is masked in the task logs too."""
    from airflow.sdk.log import mask_secret

    from sheetfeed.warehouse.connection import url_parts

    password = url_parts(url)["password"]
    if password:
        mask_secret(password)
    return url


def to_plain(value):
    """A JSON-safe copy of a seam's result (dataclasses, paths, tuples) for XCom."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_plain(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    return value


# XCom values are JSON encoded as UTF-8: a file name that is not UTF-8 (bytes of a CP949 share, carried in
# str as surrogate escapes) travels as its bytes in base64 behind this marker (real paths are absolute).
_BYTES_MARK = "fsbytes:"


def portable(path: Path | str) -> str:
    """A path as an XCom-safe string that ``local_path`` turns back into the very same path."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _BYTES_MARK + base64.b64encode(os.fsencode(text)).decode("ascii")
    return text


def local_path(text: str) -> Path:
    """The path ``portable`` encoded."""
    if text.startswith(_BYTES_MARK):
        return Path(os.fsdecode(base64.b64decode(text[len(_BYTES_MARK):])))
    return Path(text)


def batches(paths: list[str], limit: int = MAX_MAPPED_LOADS, files: int = FILES_PER_LOAD) -> list[list[str]]:
    """Split the new files into batches of ``files``, in order; larger ones when that makes more than ``limit``."""
    if not paths:
        return []
    size = max(files, math.ceil(len(paths) / limit))
    return [paths[start:start + size] for start in range(0, len(paths), size)]


def _inbox(params: dict | None) -> Path:
    """The run's ``inbox`` param, else SHEETFEED_INBOX; never a default folder (the sample is ``sheetfeed run``'s)."""
    configured = (params or {}).get("inbox") or os.environ.get("SHEETFEED_INBOX")
    if not configured:
        raise NotConfigured("no inbox configured: set SHEETFEED_INBOX for the scheduler and every worker, "
                            "or trigger the run with conf {\"inbox\": \"/path/to/inbox\"}")
    inbox = Path(configured)
    if not inbox.is_dir():
        raise NotConfigured(f"inbox {inbox} is not a folder (from the run's conf or SHEETFEED_INBOX)")
    return inbox


def discover(params: dict | None = None, ti=None, **context) -> list[list[str]]:
    """Find the inbox's files not yet loaded; return them in batches to map the loads over.

    The inbox is the run's ``inbox`` param when given (to rerun a day on an archived
    inbox), else SHEETFEED_INBOX. What was found is pushed as XCom ``discovery``
    for the summary.
    """
    from sheetfeed.load import discover as find_files

    inbox = _inbox(params)
    url = reachable_warehouse({"ti": ti})
    with disk_full_named():
        found = find_files(url, inbox)
    new = [portable(path) for path in found.new]
    log.info("inbox %s: %d new file(s), %d already seen, %d refused", shown(inbox), len(new), len(found.seen),
             len(found.skipped))
    if ti is not None:
        ti.xcom_push(key="discovery", value={"inbox": shown(inbox), "new": new,
                                             "seen": [shown(path) for path in found.seen],
                                             "skipped": to_plain(found.skipped)})
    return batches(new)


class FilesNotLoaded(RuntimeError):
    """Some files of a batch could not be loaded for a reason other than a parse error; the message names them."""


def load_batch(paths: list[str], run_id: str | None = None, ti=None, **context) -> list[dict]:
    """Extract and load the batch's files over one connection; fail the batch if one could not be loaded.

    Each file lands whole or not at all (``sheetfeed.load.load_files``: files in groups per
    transaction, a group the database refuses landed file by file). One connection and one
    ledger row per batch, not per file: per file they cost five times the landing itself
    (72 ms against 12 ms a file, measured on 400 generated sheets). A file that cannot be
    parsed is not a failure here: the loader records and quarantines it (``parse_failed``).
    A transient error stops the batch so Airflow retries it; files already landed are then
    ``already_loaded``. Any other error is a defect in sheetfeed, not in a file: the batch is
    then loaded again file by file, so that file fails alone and the others land.
    """
    from sheetfeed.load import load_files

    url = reachable_warehouse({"ti": ti})
    files = list(map(local_path, paths))
    try:
        with disk_full_named():
            landed = {result.path: result for result in load_files(url, files, run_id)}
    except Exception as exc:
        if _stops_the_batch(exc):
            raise
        log.exception("loading the batch failed; loading its %d file(s) one by one", len(files))
        return _load_one_by_one(url, files, run_id)
    return [_loaded(path, landed.get(path.resolve())) for path in files]


def _stops_the_batch(exc: Exception) -> bool:
    """Errors Airflow's retry policy sorts out (an outage, a full disk), not one file's problem."""
    from sheetfeed.orchestrate.outage import WarehouseDiskFull

    return is_transient(exc) or isinstance(exc, WarehouseDiskFull)


def _loaded(path: Path, result) -> dict:
    """One file's result for XCom; a file with none could not be read (moved or deleted since discovery)."""
    if result is None:
        log.warning("%s vanished before it could be loaded; skipped", shown(path))
        return {"path": shown(path), "status": "vanished", "submission_ids": [], "error": None}
    log.info("%s: %s, submissions %s", shown(path), result.status, result.submission_ids)
    return {**to_plain(result), "path": shown(path)}


def _load_one_by_one(url: str, files: list[Path], run_id: str | None) -> list[dict]:
    """Each file in its own call, so an unexpected error fails that file alone; then fail the batch naming it."""
    from sheetfeed.load import load_file

    results, failures = [], []
    for path in files:
        try:
            with disk_full_named():
                results.append(_loaded(path, load_file(url, path, run_id)))
        except FileNotFoundError:  # moved or deleted since discovery: the next discovery sees it if it is back
            results.append(_loaded(path, None))
        except Exception as exc:
            if _stops_the_batch(exc):
                raise
            log.exception("loading %s failed", shown(path))
            failures.append(f"{shown(path)}: {type(exc).__name__}: {exc}")
    if failures:
        raise FilesNotLoaded(f"{len(failures)} of {len(files)} file(s) failed to load: " + "; ".join(failures))
    return results


def validate(run_id: str | None = None, ti=None, **context) -> dict:
    """Validate every submission without a verdict (Great Expectations), or skip the night's validation and dbt.

    Runs when the loads are done, even when some failed (a bad file fails
    alone), but not when discovery failed. Skipped (and with it dbt and the
    marts' asset events) when the night has nothing to do: no submission to
    validate, no verdict or steward decision newer than the last build, the
    dbt project as last built. Then neither GX nor dbt is imported.
    """
    from sheetfeed.orchestrate.work import mark, night_work
    from sheetfeed.transform.dbt import project_fingerprint
    from sheetfeed.warehouse.connection import connect

    if ti is not None and ti.xcom_pull(task_ids="discover", key="discovery") is None:
        _skip("discover did not finish: nothing to validate")
    url = reachable_warehouse({"ti": ti})
    with disk_full_named(), connect(url) as conn:
        work = night_work(conn, project_fingerprint())
    if ti is not None:
        ti.xcom_push(key="work", value=work.as_dict())
    if not work.anything:
        _skip(NOTHING_TO_DO)
    report = {"submissions_checked": 0, "passed": 0, "failed": 0, "warned": 0, "quarantined": 0}
    if work.pending:
        from sheetfeed.quality.validate import validate_pending

        with disk_full_named():
            report = to_plain(validate_pending(url, run_id))  # validate_pending logs what it held back
        from sheetfeed.orchestrate.callbacks import on_quarantine

        on_quarantine(run_id, report)
        log.info("validation: %s", report)
    else:
        log.info("no submission to validate; dbt builds because %s", "; ".join(work.reasons))
    with connect(url) as conn:
        report["build_marks"] = {**mark(conn), "fingerprint": work.fingerprint}
    return report


NOTHING_TO_DO = ("nothing to do: no new submission to validate, no verdict or steward decision since the last "
                 "build, dbt project and seeds unchanged")


def _skip(reason: str):
    from airflow.sdk.exceptions import AirflowSkipException

    raise AirflowSkipException(reason)


def before_dbt(context=None) -> None:
    """pre_execute hook of the Cosmos dbt tasks: the producer gets the profile's variables (``use_warehouse``).

    A node's task skips itself, instead of building its node alone, when the
    night's plan built nothing: validation skipped (nothing to do) or failed.
    That is read from validation's result, which exists only when validation
    succeeded in this try (Airflow clears a task's XComs when it runs again),
    not from the producer's: a producer the scheduler skips on a rerun by
    ``tasks clear`` keeps its first try's XComs. Only a task right after the
    producer can start then: the others wait for their parents' success. A
    node's task needs the warehouse only when it runs its node itself
    (``dbt_nodes``).
    """
    task, ti = (context or {}).get("task"), (context or {}).get("ti")
    producer = getattr(task, "producer_task_id", None)
    if producer and task.task_id != producer:
        if producer in task.upstream_task_ids and ti is not None and ti.xcom_pull(task_ids="validate") is None:
            _skip("the night's dbt build did not run: validation was skipped or failed")
        return
    use_warehouse(context)


def use_warehouse(context=None) -> None:
    """Export the dbt profile's variables for this process, once the warehouse answers.

    The wait (``outage``) turns an outage into one bounded window, then a single
    failure; an error dbt itself reports is sorted by the retry policy.
    """
    from sheetfeed.transform.dbt import dbt_env

    os.environ.update(dbt_env(reachable_warehouse(context)))


def publish_marts(run_id: str | None = None, ti=None, **context) -> dict[str, int]:
    """Check that every contracted mart exists and count its rows; record the build; the outlets mark the marts.

    Runs only after a successful build, so a night that skipped dbt emits no asset event.
    """
    from psycopg import sql

    from sheetfeed.orchestrate.work import record_build
    from sheetfeed.warehouse.connection import connect

    marks = ((ti.xcom_pull(task_ids="validate") or {}) if ti is not None else {}).get("build_marks") or {}
    counts = {}
    with disk_full_named(), connect(reachable_warehouse({"ti": ti})) as conn:
        for name in MARTS:
            query = sql.SQL("select count(*) from marts.{}").format(sql.Identifier(name))
            counts[name] = conn.execute(query).fetchone()[0]
        if marks.get("fingerprint"):
            record_build(conn, run_id or "", marks["fingerprint"], marks)
    log.info("marts: %s", counts)
    return counts


class SourceStale(RuntimeError):
    """A raw source is past its freshness error threshold: nothing was landed for too long."""


def publish_docs() -> dict:
    """dbt docs for analysts (``$SHEETFEED_HOME/dbt_docs``, served in the Airflow UI by Cosmos), with raw's freshness.

    Freshness is checked first so the docs show it (the page itself is written again only when
    what it shows changed: ``generate_docs``); a source that only warns (2 days without a load) is
    logged, one past its error threshold (8 days) fails this task once the docs are out. A source
    never loaded yet (a new deployment whose inbox has delivered nothing) is logged, not
    failed: there is no feed to have gone stale.
    """
    from sheetfeed.transform.dbt import generate_docs, source_freshness

    url = warehouse()
    freshness = source_freshness(url)
    folder = generate_docs(url)
    for stale in (item for item in freshness if item.status != "pass"):
        log.warning("source %s: %s, %s", stale.source, stale.status,
                    f"last load {stale.max_loaded_at} ({stale.age_hours} h ago)" if stale.max_loaded_at
                    else "never loaded")
    errors = [item for item in freshness if item.status == "error" and item.max_loaded_at is not None]
    if errors:
        raise SourceStale("; ".join(f"{item.source}: no load for {item.age_hours} h (last {item.max_loaded_at})"
                                    for item in errors))
    return {"docs": str(folder / "index.html"), "freshness": to_plain(freshness)}


def publish_report() -> dict:
    """The night's report for analysts and department heads (``$SHEETFEED_HOME/report``), from the marts as bi_analyst."""
    from sheetfeed.report import build_report

    report = build_report(warehouse())
    log.info("report %s: %s", report.html, json.dumps(report.headline, ensure_ascii=False))
    return {"report": str(report.html), "png": str(report.png), "pdf": str(report.pdf), **report.headline}


def summary_path(run_id: str) -> Path:
    """Where a run's summary is written (``$SHEETFEED_HOME/runs/<run id>.json``)."""
    return settings.state_dir("runs") / (re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id) + ".json")


class RunHadFailures(RuntimeError):
    """Raised by the summary so the DAG run is marked failed when any task failed."""


def summarize(run_id: str | None = None, ti=None, **context) -> dict:
    """Gather what the run's tasks did in their latest tries, write it as JSON under the home, fail the run if any failed."""
    from sheetfeed.orchestrate.outage import RunOutage

    discovery = ti.xcom_pull(task_ids="discover", key="discovery") or {}
    # A list of task ids makes xcom_pull return one value per map index, even when there is one.
    loads = [item for batch in ti.xcom_pull(task_ids=["extract_and_load"]) or [] if batch for item in batch]
    states = ti.get_task_states(dag_id=ti.dag_id, run_ids=[run_id]).get(run_id, {})
    failed = sorted(task for task, state in states.items() if state == "failed")
    blocked = sorted(task for task, state in states.items() if state == "upstream_failed")
    # A task the scheduler skips on a rerun (``tasks clear``) keeps its first try's XComs: the marts' counts
    # only when they were published in this try. (Discovery and validation run on every try; the loads are
    # kept to the files this try's discovery found.)
    marts = ti.xcom_pull(task_ids="publish_marts") if states.get("publish_marts") == "success" else None
    summary = build_summary(run_id, discovery, loads, ti.xcom_pull(task_ids="validate"), marts, failed, blocked)
    summary["work"] = ti.xcom_pull(task_ids="validate", key="work")
    summary["skipped"] = _skip_reason(summary["work"], states)
    outage = RunOutage(ti.dag_id, run_id)
    summary["outage"] = outage.read() or None
    if summary["outage"]:
        outage.clear()
    summary["summary_try"] = ti.try_number
    path = summary_path(run_id)
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    log.info("summary written to %s: %s", path, json.dumps(summary, ensure_ascii=False))
    if failed or blocked:
        raise RunHadFailures(f"run {run_id}: {len(failed)} task(s) failed ({', '.join(failed)}), "
                             f"{len(blocked)} did not run because of them (summary: {path})")
    return summary


def _skip_reason(work: dict | None, states: dict) -> str | None:
    """Why validation and dbt did not run, when they did not."""
    if states.get("validate") != "skipped":
        return None
    if work and not work.get("anything"):
        return NOTHING_TO_DO
    if states.get("discover") != "success":
        return "discover did not finish"
    return "the warehouse was down"


def build_summary(run_id, discovery: dict, loads: list[dict], validation: dict | None,
                  marts: dict | None, failed_tasks: list[str], blocked_tasks: list[str] = ()) -> dict:
    """The run's counts, from the tasks' results (None for a task that did not finish). File names are
    ``shown`` (control characters and undecodable bytes escaped), as raw stores them."""
    new = discovery.get("new", [])
    current = set(new) | {shown(local_path(item)) for item in new}
    loads = [item for item in loads if item["path"] in current]
    by_status = {status: [item for item in loads if item["status"] == status]
                 for status in ("loaded", "already_loaded", "parse_failed", "vanished")}
    validation = validation or {}
    return {
        "run_id": run_id,
        "inbox": None if discovery.get("inbox") is None else shown(discovery["inbox"]),
        "files_new": len(new),
        "files_seen": len(discovery.get("seen", [])) + len(by_status["already_loaded"]),
        "files_loaded": len(by_status["loaded"]),
        "new_submissions": sum(len(item.get("submission_ids") or []) for item in by_status["loaded"]),
        "parse_failures": [{"path": shown(item["path"]), "error": item.get("error")}
                           for item in by_status["parse_failed"]],
        "files_vanished": [shown(item["path"]) for item in by_status["vanished"]],
        "files_refused": [{"path": shown(item["path"]), "reason": item["reason"]}
                          for item in discovery.get("skipped", [])],
        "validation": {key: validation.get(key) for key in
                       ("run_id", "submissions_checked", "passed", "failed", "warned", "quarantined", "data_docs_path",
                        "held")},
        "marts": marts,
        "failed_tasks": failed_tasks,
        "blocked_tasks": list(blocked_tasks),
    }
