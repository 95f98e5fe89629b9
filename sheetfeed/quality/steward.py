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
import shutil
import unicodedata
from zoneinfo import ZoneInfo

from extract.inbox import shown
from sheetfeed.quality import sheet_text
from sheetfeed.warehouse.connection import connect, warehouse_url

STEWARD_ROLE = "data_steward"
SEOUL = ZoneInfo("Asia/Seoul")

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
    """Aligned columns; every cell ``shown`` (a file name or sheet text with a newline or an ANSI escape
    cannot break the table or reach the terminal raw)."""
    lines = [[shown(cell) for cell in line] for line in [header, *rows]]
    columns = [max(width(cell) for cell in column) for column in zip(*lines)]
    return "\n".join("  ".join(pad(cell, w) for cell, w in zip(line, columns)).rstrip() for line in lines)


def steward_connection(url: str | None = None):
    conn = connect(url or warehouse_url())
    member = conn.execute("select pg_has_role(oid, 'member') from pg_roles where rolname = %s",
                          (STEWARD_ROLE,)).fetchone()
    if member and member[0]:
        conn.execute(f"set role {STEWARD_ROLE}")
    return conn


def actor() -> str:
    """The steward's name recorded beside the database user: ``SHEETFEED_STEWARD`` when set, else the login name."""
    return os.environ.get("SHEETFEED_STEWARD") or getpass.getuser()


def list_submissions(conn, department=None, program=None, severity=None, include_all=False, wide=False,
                     columns: int | None = None) -> int:
    """Print the listing: open items (and current warned ones) unless ``include_all``; times in Asia/Seoul.

    By default each submission takes two lines that fit ``columns`` (80 unless the terminal is wider):
    its facts, then its file and reason, cut with … ; ``wide`` prints one full line per submission.
    """
    rows = conn.execute(_LISTING, {"all": include_all, "department": department, "program": program,
                                   "severity": severity}).fetchall()
    if not rows:
        print("nothing to review" + ("" if include_all else " (--all shows released and superseded submissions)"))
        return 0
    header = ["ID", "STATE", "ERRORS", "WARNINGS", "PROGRAM", "DEPARTMENT", "SINCE (KST)"]
    body, details = [], []
    for sid, state, errors, warnings, code, department_, since, path, sheet, reason in rows:
        body.append([str(sid), state, str(errors), str(warnings), printable(code or "-"),
                     printable(department_ or "-"), f"{since.astimezone(SEOUL):%Y-%m-%d %H:%M}"])
        details.append((printable(path) + ("" if sheet is None else f" #{sheet}"), printable(reason)))
    if wide:
        print(table(header + ["SOURCE", "REASON"], [row + list(detail) for row, detail in zip(body, details)]))
        return 0
    limit = max(columns or shutil.get_terminal_size((80, 24)).columns, 80)
    lines = table(header, body).splitlines()
    out = [cut(lines[0], limit)]
    for line, (source, reason) in zip(lines[1:], details):
        out += [cut(line, limit), cut(f"    {source}: {reason}", limit)]
    print("\n".join(out))
    return 0


def printable(text: str) -> str:
    """Text as a terminal may show it: control characters (newlines, ANSI escapes) written as escapes."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def cut(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` terminal columns, ending in … when cut."""
    if width(text) <= columns:
        return text
    kept, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > columns - 1:
            break
        kept.append(ch)
        used += w
    return "".join(kept) + "…"


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
             f"  source      {shown(path)}" + ("" if sheet is None else f", sheet {sheet}")
             + ("" if first is None else f", lines {first}-{last}"),
             f"  sha256      {sha}",
             f"  loaded      {loaded_at.astimezone(SEOUL):%Y-%m-%d %H:%M:%S} KST, {parse_status}",
             f"  verdict     {verdict or 'not validated yet'}" + (f" (run {run_id})" if run_id else "")]
    if state:
        lines.append(f"  quarantine  {state} since {since.astimezone(SEOUL):%Y-%m-%d %H:%M} KST: {reason}")
    for action, who, steward_name, why, at in conn.execute(
            "select action, actor, steward, reason, at from quality.quarantine_events where submission_id = %s"
            " order by at, event_id", (submission_id,)):
        by = f"{steward_name} ({who})" if steward_name else who
        lines.append(f"  {action:<11} {at.astimezone(SEOUL):%Y-%m-%d %H:%M} KST by {by}: {why}")
    print("\n".join(lines))

    results = conn.execute("""
        select severity, expectation, column_name, expected, observed, line, message
        from quality.validation_results where submission_id = %s
        order by severity = 'warning', line nulls first, result_id""", (submission_id,)).fetchall()
    errors = sum(1 for r in results if r[0] == "error")
    print(f"\n{errors} error(s), {len(results) - errors} warning(s)")
    text = sheet_text.numbered_lines(bytes(content), worksheet) if results else {}
    for severity, rule, concerns, expected, observed, line, message in results:
        print(f"\n[{severity}] {rule}" + (f" at line {line}" if line else "") + f": {printable(concerns or '')}")
        print(f"  expected: {printable(expected or '')}")
        print(f"  found:    {printable(observed or '')}")
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
    conn.execute("select quality.change_quarantine(%s, 'released', %s, %s)", (submission_id, reason, who))
    print(f"released submission {submission_id} ({code}) by {who}: it reaches the marts on the next run")
    return 0


def main(args) -> int:
    with steward_connection() as conn:
        if args.steward_command == "list":
            return list_submissions(conn, args.department, args.program, args.severity, args.all, args.wide)
        if args.steward_command == "show":
            return show_submission(conn, args.id)
        return release_submission(conn, args.id, args.reason)
