"""``validate_pending``: one validation run over every submission that has no verdict yet.

The seam the DAG's validation task calls. It runs the reviewed GX project's
checkpoints (one per raw entity) on frames of the pending submissions; each
checkpoint's actions update the Data Docs and write the ``quality`` tables.
The whole run is one warehouse transaction, and runs are serialised by an
advisory lock, so a submission is validated exactly once and its verdict,
results and quarantine row appear together.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sheetfeed.load.session import loader_connection
from sheetfeed.quality import frames, gx_project, record
from sheetfeed.quality.action import RunState, bind_run
from sheetfeed.quality.vocabulary import known_statuses

_LOCK_KEY = 7_311_955_202  # shared by every sheetfeed process that validates


@dataclass
class ValidationReport:
    """What one validation run found; ``data_docs_path`` is the Data Docs index.html to open."""

    run_id: str
    submissions_checked: int
    passed: int
    failed: int
    warned: int
    quarantined: int
    data_docs_path: str


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    return f"validation-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def validate_pending(url: str, pipeline_run_id: str | None = None) -> ValidationReport:
    """Validate every submission in ``raw.submissions`` without a row in ``quality.submission_verdicts``."""
    from great_expectations.core.run_identifier import RunIdentifier

    context = gx_project.open_context()
    entities = gx_project.entities(context)
    parameters = {"known_statuses": known_statuses()}
    docs = str(gx_project.data_docs_index())
    with loader_connection(url) as conn:
        conn.execute("select pg_advisory_lock(%s)", (_LOCK_KEY,))
        started = datetime.now(timezone.utc)
        run_id = new_run_id(started)
        record.open_run(conn, run_id, pipeline_run_id)
        try:
            with conn.transaction():
                ids = record.pending_submissions(conn)
                state = RunState(run_id=run_id, conn=conn, submission_ids=ids,
                                 frames=frames.build(conn, ids, entities))
                with bind_run(state):
                    for entity in entities:
                        context.checkpoints.get(entity).run(
                            batch_parameters={"dataframe": state.frames[entity]},
                            expectation_parameters=parameters,
                            run_id=RunIdentifier(run_name=run_id, run_time=started))
                record.settle(conn, run_id, ids)
                record.supersede(conn, run_id)
                record.close_run(conn, run_id, docs)
        except Exception as exc:
            record.close_run(conn, run_id, None, error=f"{type(exc).__name__}: {exc}")
            raise
        return _report(conn, run_id, docs)


def _report(conn, run_id: str, docs: str) -> ValidationReport:
    checked, passed, failed, warned = conn.execute(
        "select submissions_checked, passed, failed, warned from quality.validation_runs where run_id = %s",
        (run_id,)).fetchone()
    quarantined = conn.execute(
        "select count(*) from quality.quarantine q join quality.submission_verdicts v using (submission_id)"
        " where v.run_id = %s", (run_id,)).fetchone()[0]
    return ValidationReport(run_id=run_id, submissions_checked=checked, passed=passed, failed=failed,
                            warned=warned, quarantined=quarantined, data_docs_path=docs)
