"""``sheetfeed steward list | show ID | release ID --reason TEXT``: the data steward's terminal tools.

``list`` shows held-back submissions (open quarantine first) and the current
submissions that passed with warnings, so warnings stay visible without
blocking; ``--all`` adds released and superseded ones. ``show`` prints every
failure of a submission with the sheet's own text around its line.
``release`` lets a quarantined submission reach the marts on the next run and
records who released it, when and why. The session acts as the
``data_steward`` role when the connecting user may.
"""
from __future__ import annotations

import getpass
import os
import unicodedata

from sheetfeed.quality import sheet_text
from sheetfeed.warehouse.connection import connect, warehouse_url

STEWARD_ROLE = "data_steward"

_LISTING = """
    with listed as (
        select s.submission_id, coalesce(q.state, 'warned') as state, s.program_code, p.department,
               coalesce(q.since, v.decided_at) as since, s.source_path, s.sheet_index,
               coalesce(q.reason, 'passed with warnings') as reason,
               count(r.result_id) filter (where r.severity = 'error') as errors,
               count(r.result_id) filter (where r.severity = 'warning') as warnings,
               s.submission_id = (select n.submission_id from raw.submissions n where n.program_code = s.program_code
                                  order by n.reported_as_of desc nulls last, n.submission_id desc
                                  limit 1) as latest_of_program
        from raw.submissions s
        join quality.submission_verdicts v using (submission_id)
        left join quality.quarantine q using (submission_id)
        left join raw.programs p using (submission_id)
        left join quality.validation_results r on r.submission_id = s.submission_id and r.run_id = v.run_id
        where q.submission_id is not null or v.verdict = 'warned'
        group by s.submission_id, q.state, p.department, q.since, v.decided_at, q.reason
    )
    select submission_id, state, errors, warnings, program_code, department, since, source_path, sheet_index, reason
    from listed
    where (%(all)s or state = 'open' or (state = 'warned' and latest_of_program))
      and (%(department)s::text is null or department = %(department)s)
      and (%(program)s::text is null or program_code = %(program)s)
      and (%(severity)s::text is null or (%(severity)s = 'error' and errors > 0)
                                   or (%(severity)s = 'warning' and warnings > 0))
    order by array_position(array['open', 'warned', 'released', 'superseded'], state), since desc, submission_id desc
"""


def width(text: str) -> int:
    """Terminal columns of a text: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def table(header: list[str], rows: list[list[str]]) -> str:
    columns = [max(width(cell) for cell in column) for column in zip(header, *rows)]
    lines = [header, *rows]
    return "\n".join("  ".join(pad(cell, w) for cell, w in zip(line, columns)).rstrip() for line in lines)


def steward_connection(url: str | None = None):
    conn = connect(url or warehouse_url())
    member = conn.execute("select pg_has_role(oid, 'member') from pg_roles where rolname = %s",
                          (STEWARD_ROLE,)).fetchone()
    if member and member[0]:
        conn.execute(f"set role {STEWARD_ROLE}")
    return conn


def actor() -> str:
    """Who is releasing: ``SHEETFEED_STEWARD`` when set (a shared account), else the login name."""
    return os.environ.get("SHEETFEED_STEWARD") or getpass.getuser()


def list_submissions(conn, department=None, program=None, severity=None, include_all=False) -> int:
    rows = conn.execute(_LISTING, {"all": include_all, "department": department, "program": program,
                                   "severity": severity}).fetchall()
    if not rows:
        print("nothing to review" + ("" if include_all else " (--all shows released and superseded submissions)"))
        return 0
    body = []
    for sid, state, errors, warnings, code, department_, since, path, sheet, reason in rows:
        sheet_part = "" if sheet is None else f" #{sheet}"
        body.append([str(sid), state, str(errors), str(warnings), code or "-", department_ or "-",
                     f"{since:%Y-%m-%d %H:%M}", f"{path}{sheet_part}", _short(reason, 60)])
    print(table(["ID", "STATE", "ERRORS", "WARNINGS", "PROGRAM", "DEPARTMENT", "SINCE", "SOURCE", "REASON"], body))
    return 0


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_submission(conn, submission_id: int) -> int:
    head = conn.execute("""
        select s.source_path, s.sha256, s.sheet_index, s.first_line, s.last_line, s.program_code, p.department,
               s.parse_status, s.loaded_at, v.verdict, v.run_id, q.state, q.since, q.reason,
               s.document #>> '{source,worksheet}', f.content
        from raw.submissions s join raw.files f on f.sha256 = s.sha256
        left join raw.programs p using (submission_id)
        left join quality.submission_verdicts v using (submission_id)
        left join quality.quarantine q using (submission_id)
        where s.submission_id = %s""", (submission_id,)).fetchone()
    if head is None:
        print(f"no submission {submission_id}")
        return 1
    (path, sha, sheet, first, last, code, department, parse_status, loaded_at, verdict, run_id, state, since,
     reason, worksheet, content) = head
    lines = [f"submission {submission_id}: {code or '(no program code)'} {department or ''}".rstrip(),
             f"  source      {path}" + ("" if sheet is None else f", sheet {sheet}")
             + ("" if first is None else f", lines {first}-{last}"),
             f"  sha256      {sha}",
             f"  loaded      {loaded_at:%Y-%m-%d %H:%M:%S %Z}, {parse_status}",
             f"  verdict     {verdict or 'not validated yet'}" + (f" (run {run_id})" if run_id else "")]
    if state:
        lines.append(f"  quarantine  {state} since {since:%Y-%m-%d %H:%M}: {reason}")
    for action, who, why, at in conn.execute(
            "select action, actor, reason, at from quality.quarantine_events where submission_id = %s order by at",
            (submission_id,)):
        lines.append(f"  {action:<11} {at:%Y-%m-%d %H:%M} by {who}: {why}")
    print("\n".join(lines))

    results = conn.execute("""
        select severity, expectation, suite, column_name, expected, line, message
        from quality.validation_results where submission_id = %s
        order by severity = 'warning', line nulls first, result_id""", (submission_id,)).fetchall()
    errors = sum(1 for r in results if r[0] == "error")
    print(f"\n{errors} error(s), {len(results) - errors} warning(s)")
    text = sheet_text.numbered_lines(bytes(content), worksheet) if results else {}
    for severity, rule, suite, column, expected, line, message in results:
        print(f"\n[{severity}] {rule} ({suite}: {column})" + (f" at line {line}" if line else ""))
        print(f"  {message}")
        print(f"  expected: {expected}")
        for number, content_line in sheet_text.around(text, line):
            marker = ">" if number == line else " "
            print(f"  {marker}{number:>5} | {content_line.replace(chr(9), '  ⇥ ')}")
    warnings = conn.execute(
        "select line, message from raw.extract_warnings where submission_id = %s order by line nulls first",
        (submission_id,)).fetchall()
    if warnings:
        print("\nextractor notes:")
        for line, message in warnings:
            print(f"  line {line}: {message}" if line else f"  {message}")
    return 0


def release_submission(conn, submission_id: int, reason: str) -> int:
    reason = reason.strip()
    if not reason:
        print("a release needs a reason (--reason TEXT)")
        return 2
    row = conn.execute("""
        select q.state, s.parse_status, s.program_code from quality.quarantine q
        join raw.submissions s using (submission_id) where q.submission_id = %s""", (submission_id,)).fetchone()
    if row is None:
        print(f"submission {submission_id} is not quarantined")
        return 1
    state, parse_status, code = row
    if state != "open":
        print(f"submission {submission_id} is already {state}")
        return 1
    if parse_status != "parsed":
        print(f"submission {submission_id} could not be parsed, so it has no data to release;"
              " fix the file and submit it again")
        return 1
    who = actor()
    with conn.transaction():
        conn.execute("update quality.quarantine set state = 'released' where submission_id = %s and state = 'open'",
                     (submission_id,))
        conn.execute("insert into quality.quarantine_events (submission_id, action, actor, reason)"
                     " values (%s, 'released', %s, %s)", (submission_id, who, reason))
    print(f"released submission {submission_id} ({code}) by {who}: it reaches the marts on the next run")
    return 0


def main(args) -> int:
    with steward_connection() as conn:
        if args.steward_command == "list":
            return list_submissions(conn, args.department, args.program, args.severity, args.all)
        if args.steward_command == "show":
            return show_submission(conn, args.id)
        return release_submission(conn, args.id, args.reason)
