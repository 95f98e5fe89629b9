"""``validate_pending``: one validation run over every submission that has no verdict yet.

The seam the DAG's validation task calls. Runs are serialised by their own
advisory lock (``locks.VALIDATION``), so a submission is validated exactly once.
With nothing pending, a run is recorded and reported without importing GX.
Otherwise the project's one checkpoint runs every rule over the pending batch
on GX's own connection, and this function, on the connection it owns, writes
what the checkpoint returned (findings, verdicts, quarantine, totals) in one
transaction, then writes the steward's report page and logs what was held back.
"""
from __future__ import annotations

import logging
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sheetfeed.load.session import loader_connection
from sheetfeed.quality import record, report
from sheetfeed.quality.record import Finding
from sheetfeed.warehouse import locks

log = logging.getLogger(__name__)
HELD_LINES_LOGGED = 10


@dataclass
class ValidationReport:
    """What one validation run found; ``data_docs_path`` is the run's report page, ``held`` what it quarantined."""

    run_id: str
    submissions_checked: int
    passed: int
    failed: int
    warned: int
    quarantined: int
    data_docs_path: str
    held: list[dict] = field(default_factory=list)


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    return f"validation-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def validate_pending(url: str, pipeline_run_id: str | None = None) -> ValidationReport:
    """Validate every submission in ``raw.submissions`` without a row in ``quality.submission_verdicts``."""
    with loader_connection(url) as conn:
        conn.execute("select pg_advisory_lock(%s)", (locks.VALIDATION,))
        try:
            started = datetime.now(timezone.utc)
            run_id = new_run_id(started)
            record.open_run(conn, run_id, pipeline_run_id)
            page = report.reports_dir() / f"{run_id}.html"
            try:
                ids = record.claim_batch(conn)
                findings = run_checkpoint(url, run_id, started, ids) if ids else []
                with conn.transaction():
                    record.clear_batch(conn)
                    record.write_results(conn, run_id, "sheetfeed", findings)
                    record.settle(conn, run_id, ids)
                    record.supersede(conn, run_id)
                    record.close_run(conn, run_id, str(page))
            except Exception as exc:
                record.close_run(conn, run_id, None, error=f"{type(exc).__name__}: {exc}")
                raise
            report.write_page(conn, run_id)
            result = _report(conn, run_id, str(page))
        finally:
            conn.execute("select pg_advisory_unlock(%s)", (locks.VALIDATION,))
    _log_outcome(result)
    return result


@contextmanager
def _quiet_gx():
    """GX logs every metric and store access at INFO; a validation task's log should say what was held back."""
    logger = logging.getLogger("great_expectations")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def run_checkpoint(url: str, run_id: str, started: datetime, submission_ids: list[int]) -> list[Finding]:
    """Run the project's checkpoint on the pending batch; every failing row of ``submission_ids`` as a Finding.

    The seed tables the rules read are brought up to date first (``vocabulary``).
    GX reads the batch ``record.claim_batch`` wrote; a finding outside it would be a rule's bug.
    """
    from sheetfeed.quality import gx_project, vocabulary
    from sheetfeed.warehouse.connection import connect

    with connect(url) as owner:
        stale = vocabulary.ensure_seeded(owner, url)
    if stale:
        log.info("seed tables %s were missing or out of date: dbt seed ran", ", ".join(stale))
    with _quiet_gx():
        context = gx_project.open_context(url)
        from great_expectations.core.run_identifier import RunIdentifier

        result = context.checkpoints.get(gx_project.CHECKPOINT).run(
            run_id=RunIdentifier(run_name=run_id, run_time=started))
    wanted = set(submission_ids)
    found = [finding for validation in result.run_results.values() for finding in findings_of(validation)]
    stray = sorted({finding.rule for finding in found if finding.submission_id not in wanted})
    if stray:
        raise RuntimeError(f"rules {', '.join(stray)} returned rows of submissions outside the batch")
    return found


def findings_of(validation) -> list[Finding]:
    """Every failing row of every rule of one GX suite validation result."""
    from sheetfeed.quality.gx_project import ROW_COLUMNS, SEVERITIES

    found = []
    for result in validation.results:
        config = result.expectation_config
        rule = config.meta.get("rule", config.type)
        raised = _raised(result.exception_info)
        if raised:
            raise RuntimeError(f"rule {rule} could not be evaluated: {raised}")
        if result.success:
            continue
        severity = SEVERITIES[getattr(config.severity, "value", config.severity)]
        for row in result.result["details"]["unexpected_rows"]:
            missing = [column for column in ROW_COLUMNS if column not in row]
            if missing:
                raise ValueError(f"rule {rule} returns no {', '.join(missing)}: every rule names its failing rows")
            found.append(Finding(
                submission_id=int(row["submission_id"]), rule=rule, severity=severity, field=str(row["field"]),
                expected=str(row["expected"]), found="empty" if row["found"] is None else str(row["found"]),
                line=None if row["line"] is None else int(row["line"]), description=config.description or rule))
    return found


def _raised(info: dict | None) -> str | None:
    """The message of an exception GX caught while evaluating a rule, if any (flat, or keyed by metric)."""
    if not info:
        return None
    entries = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    return "; ".join(entry.get("exception_message") or "unknown error"
                     for entry in entries if entry.get("raised_exception")) or None


def _report(conn, run_id: str, page: str) -> ValidationReport:
    checked, passed, failed, warned = conn.execute(
        "select submissions_checked, passed, failed, warned from quality.validation_runs where run_id = %s",
        (run_id,)).fetchone()
    held = record.held(conn, run_id)
    return ValidationReport(run_id=run_id, submissions_checked=checked, passed=passed, failed=failed,
                            warned=warned, quarantined=len(held), data_docs_path=page, held=held)


def held_lines(held: list[dict], limit: int = HELD_LINES_LOGGED) -> list[str]:
    """One line per held submission (id, file, program, first reason), at most ``limit`` and a count of the rest."""
    lines = [f"held {item['submission_id']}: {item['source_path']}"
             + ("" if item.get("sheet_index") is None else f" #{item['sheet_index']}")
             + f" ({item.get('program_code') or 'no program code'}): {item['reason']}" for item in held[:limit]]
    if len(held) > limit:
        lines.append(f"… and {len(held) - limit} more held back (see the report)")
    return lines


def _log_outcome(result: ValidationReport) -> None:
    log.info("validation %s: %d checked, %d passed, %d with warnings, %d held back; report %s",
             result.run_id, result.submissions_checked, result.passed, result.warned, result.quarantined,
             result.data_docs_path)
    for line in held_lines(result.held):
        log.warning(line)
