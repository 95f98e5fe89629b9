"""Writing a validation run into the ``quality`` schema (SPEC §5), from what the checkpoint returned.

Everything after ``open_run`` runs in one transaction of the caller's own
connection: the findings, the verdicts, the quarantine rows (each through
``quality.change_quarantine``, which records the event), the superseding and
the run's totals appear together or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass

_RESULT_COLUMNS = ("run_id", "submission_id", "suite", "expectation", "severity", "column_name", "observed",
                   "expected", "line", "message")


@dataclass(frozen=True)
class Finding:
    """One failing row of one rule: which submission, where, what was expected and what was found."""

    submission_id: int
    rule: str
    severity: str  # error | warning
    field: str
    expected: str
    found: str
    line: int | None
    description: str

    @property
    def message(self) -> str:
        return f"{self.description} Expected {self.expected}; found {self.found}."


def open_run(conn, run_id: str, pipeline_run_id: str | None) -> None:
    conn.execute(
        "insert into quality.validation_runs (run_id, pipeline_run_id, started_at, status)"
        " values (%s, %s, clock_timestamp(), 'running')", (run_id, pipeline_run_id))


def close_run(conn, run_id: str, report_path: str | None, error: str | None = None) -> None:
    conn.execute(
        "update quality.validation_runs set status = %s, error = %s, data_docs_path = %s,"
        " finished_at = clock_timestamp() where run_id = %s",
        ("failed" if error else "succeeded", error, report_path, run_id))


def claim_batch(conn) -> list[int]:
    """Write the run's batch: every submission without a verdict, oldest first (what GX validates).

    Run under the validation lock and committed before the checkpoint, so GX's own
    connection reads exactly these ids.
    """
    with conn.transaction():
        conn.execute("delete from quality.validation_batch")
        conn.execute("insert into quality.validation_batch select submission_id from quality.pending_submissions")
        return [row[0] for row in conn.execute(
            "select submission_id from quality.validation_batch order by submission_id")]


def clear_batch(conn) -> None:
    conn.execute("delete from quality.validation_batch")


def write_results(conn, run_id: str, suite: str, findings: list[Finding]) -> None:
    """Append findings, with their submission's provenance, to ``quality.validation_results``."""
    if not findings:
        return
    conn.execute(f"create temp table if not exists new_results on commit drop as"
                 f" select {', '.join(_RESULT_COLUMNS)} from quality.validation_results with no data")
    with conn.cursor().copy(f"copy new_results ({', '.join(_RESULT_COLUMNS)}) from stdin") as copy:
        for f in findings:
            copy.write_row((run_id, f.submission_id, suite, f.rule, f.severity, f.field, f.found, f.expected,
                            f.line, f.message))
    conn.execute(f"""
        insert into quality.validation_results
            ({', '.join(_RESULT_COLUMNS)}, source_path, source_sha256, sheet_index, program_code)
        select {', '.join('n.' + c for c in _RESULT_COLUMNS)}, s.source_path, s.sha256, s.sheet_index, s.program_code
        from new_results n join raw.submissions s using (submission_id)
        order by n.submission_id, n.line nulls first, n.expectation""")
    conn.execute("truncate new_results")


def settle(conn, run_id: str, submission_ids: list[int]) -> None:
    """Verdicts, quarantine rows and the run's totals, from the run's results.

    A held submission's reason is its first error in plain words (or its parse
    error), so an alert or a listing can say why without opening the report.
    """
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
        select quality.change_quarantine(s.submission_id, 'open',
            case when s.parse_status = 'failed' then coalesce(s.parse_error, 'the file could not be parsed')
                 else (select r.expectation || coalesce(' at line ' || r.line, '') || ': ' || r.column_name
                              || ': expected ' || r.expected || ', found ' || r.observed
                              || case when count(*) over () > 1
                                      then ' (and ' || (count(*) over () - 1) || ' more)' else '' end
                       from quality.validation_results r
                       where r.run_id = %(run)s and r.submission_id = s.submission_id and r.severity = 'error'
                       order by r.line nulls first, r.result_id
                       limit 1)
            end)
        from quality.submission_verdicts v join raw.submissions s using (submission_id)
        where v.run_id = %(run)s and v.verdict = 'failed'
          and not exists (select 1 from quality.quarantine q where q.submission_id = s.submission_id)
        order by s.submission_id""", {"run": run_id})
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
    verdict ``passed`` or ``warned``. Each change goes through ``quality.change_quarantine``.
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
        )
        select quality.change_quarantine(submission_id, 'superseded',
            'superseded by submission ' || by_submission || ' of the same program, which passed (run ' || %(run)s || ')')
        from newest_passing
        where by_submission is not null
        order by submission_id""", {"run": run_id})


def held(conn, run_id: str) -> list[dict]:
    """The submissions this run quarantined: id, file, sheet, program and the first reason."""
    return [{"submission_id": sid, "source_path": path, "sheet_index": sheet, "program_code": code, "reason": reason}
            for sid, path, sheet, code, reason in conn.execute("""
                select q.submission_id, q.source_path, q.sheet_index, q.program_code, q.reason
                from quality.quarantine q join quality.submission_verdicts v using (submission_id)
                where v.run_id = %s order by q.submission_id""", (run_id,))]
