"""Writing a validation run into the ``quality`` schema (SPEC §5).

All statements run inside the run's transaction. ``settle`` is idempotent:
it derives verdicts, quarantine rows and the run's totals from the results
written so far, so it can follow every checkpoint of the run. ``supersede``
runs once, after the last checkpoint: a submission that looks clean half-way
through a run must not supersede anything.
"""
from __future__ import annotations

from sheetfeed.quality.findings import Finding

SYSTEM_ACTOR = "sheetfeed validation"

_RESULT_COLUMNS = ("run_id", "submission_id", "suite", "expectation", "severity", "column_name", "observed",
                   "expected", "line", "message")


def open_run(conn, run_id: str, pipeline_run_id: str | None) -> None:
    conn.execute(
        "insert into quality.validation_runs (run_id, pipeline_run_id, started_at, status)"
        " values (%s, %s, clock_timestamp(), 'running')", (run_id, pipeline_run_id))


def close_run(conn, run_id: str, data_docs_path: str | None, error: str | None = None) -> None:
    conn.execute(
        "update quality.validation_runs set status = %s, error = %s, data_docs_path = %s,"
        " finished_at = clock_timestamp() where run_id = %s",
        ("failed" if error else "succeeded", error, data_docs_path, run_id))


def pending_submissions(conn) -> list[int]:
    """Submissions without a verdict, oldest first."""
    rows = conn.execute(
        "select s.submission_id from raw.submissions s"
        " where not exists (select 1 from quality.submission_verdicts v where v.submission_id = s.submission_id)"
        " order by s.submission_id").fetchall()
    return [row[0] for row in rows]


def write_results(conn, run_id: str, suite: str, findings: list[Finding]) -> None:
    """Append findings, with their submission's provenance, to ``quality.validation_results``."""
    if not findings:
        return
    conn.execute(f"create temp table if not exists new_results on commit drop as"
                 f" select {', '.join(_RESULT_COLUMNS)} from quality.validation_results with no data")
    with conn.cursor().copy(f"copy new_results ({', '.join(_RESULT_COLUMNS)}) from stdin") as copy:
        for f in findings:
            copy.write_row((run_id, f.submission_id, suite, f.expectation, f.severity, f.column_name, f.observed,
                            f.expected, f.line, f.message))
    conn.execute(f"""
        insert into quality.validation_results
            ({', '.join(_RESULT_COLUMNS)}, source_path, source_sha256, sheet_index, program_code)
        select {', '.join('n.' + c for c in _RESULT_COLUMNS)}, s.source_path, s.sha256, s.sheet_index, s.program_code
        from new_results n join raw.submissions s using (submission_id)
        order by n.submission_id, n.line nulls first""")
    conn.execute("truncate new_results")


def settle(conn, run_id: str, submission_ids: list[int]) -> None:
    """Bring verdicts, quarantine and the run's totals up to date with the run's results so far."""
    conn.execute("""
        insert into quality.submission_verdicts (submission_id, run_id, verdict)
        select s.id, %(run)s,
               case when bool_or(r.severity = 'error') then 'failed'
                    when bool_or(r.severity = 'warning') then 'warned' else 'passed' end
        from unnest(%(ids)s::bigint[]) as s(id)
        left join quality.validation_results r on r.run_id = %(run)s and r.submission_id = s.id
        group by s.id
        on conflict (submission_id) do update
            set run_id = excluded.run_id, verdict = excluded.verdict, decided_at = now()""",
                 {"run": run_id, "ids": submission_ids})
    conn.execute("""
        insert into quality.quarantine (submission_id, source_path, source_sha256, sheet_index, program_code, reason)
        select s.submission_id, s.source_path, s.sha256, s.sheet_index, s.program_code,
               case when s.parse_status = 'failed' then coalesce(s.parse_error, 'the file could not be parsed')
                    else (select 'failed ' || string_agg(distinct r.expectation, ', ')
                          from quality.validation_results r
                          where r.run_id = %(run)s and r.submission_id = s.submission_id and r.severity = 'error')
               end
        from quality.submission_verdicts v join raw.submissions s using (submission_id)
        where v.run_id = %(run)s and v.verdict = 'failed'
        on conflict (submission_id) do update set reason = excluded.reason
            where quality.quarantine.state = 'open'""", {"run": run_id})
    conn.execute("""
        update quality.validation_runs r set
            submissions_checked = t.checked, passed = t.passed, failed = t.failed, warned = t.warned
        from (select count(*) as checked,
                     count(*) filter (where verdict = 'passed') as passed,
                     count(*) filter (where verdict = 'failed') as failed,
                     count(*) filter (where verdict = 'warned') as warned
              from quality.submission_verdicts where run_id = %(run)s) t
        where r.run_id = %(run)s""", {"run": run_id})


def supersede(conn, run_id: str) -> None:
    """Mark open quarantined submissions superseded where a newer submission of the program passed.

    Newer means a later reporting date (``reported_as_of``), then a later load; passing means parsed with
    verdict ``passed`` or ``warned``. Each change is recorded in ``quality.quarantine_events``.
    """
    conn.execute("""
        with newest_passing as (
            select q.submission_id,
                   (select n.submission_id
                    from raw.submissions n join quality.submission_verdicts v using (submission_id)
                    where n.program_code = q.program_code and n.parse_status = 'parsed'
                      and v.verdict in ('passed', 'warned')
                      and (coalesce(n.reported_as_of, '-infinity'::date), n.submission_id)
                          > (coalesce(o.reported_as_of, '-infinity'::date), o.submission_id)
                    order by n.reported_as_of desc nulls last, n.submission_id desc
                    limit 1) as by_submission
            from quality.quarantine q join raw.submissions o using (submission_id)
            where q.state = 'open' and q.program_code is not null
        ),
        changed as (
            update quality.quarantine q set state = 'superseded'
            from newest_passing p
            where q.submission_id = p.submission_id and p.by_submission is not null
            returning q.submission_id, p.by_submission
        )
        insert into quality.quarantine_events (submission_id, action, actor, reason)
        select submission_id, 'superseded', %(actor)s,
               'superseded by submission ' || by_submission || ' of the same program, which passed (run ' || %(run)s || ')'
        from changed""", {"actor": SYSTEM_ACTOR, "run": run_id})
