"""The validation report a steward opens: one self-contained HTML page per run, built from ``quality.*``.

No script, no font, no stylesheet from anywhere: the page is plain HTML with
its style inline and NanumGothic inside it, cut to the page's characters
(``sheetfeed.fonts``), so it opens on an intranet without internet and shows
its Hangul on a machine without a Korean font; every piece of sheet text on it
passes through ``html.escape`` (a ``<script>`` in a status cell shows as text).
It lists this run's submissions only, so building it costs the same on the last
night of a year as on the first:

- held back (errors): every failed rule, with the file, program code, sheet,
  line, what the finding concerns (year, label, field), expected and found;
- passed with warnings: the same for warnings; these reached the marts;
- files that could not be read: the file's name and its parse error.

The page of each run is kept (``reports/<run id>.html``) and ``reports/index.html``
is the latest.
"""
from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sheetfeed import settings
from sheetfeed.fonts import font_faces

SEOUL = ZoneInfo("Asia/Seoul")

_STYLE = """
body{font-family:'NanumGothic','Noto Sans KR',sans-serif;margin:2rem;color:#1d2733;max-width:90rem}
h1{font-size:1.5rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #ccd} h3{font-size:1rem;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin-bottom:1rem} th,td{border:1px solid #ccd;padding:.3rem .5rem;
text-align:left;vertical-align:top;white-space:pre-wrap;word-break:break-word} th{background:#eef}
.error{color:#a00;font-weight:bold} .warning{color:#8a5a00;font-weight:bold} .counts span{margin-right:1.5rem}
.none{color:#666}
"""

_SUBMISSIONS = """
    select s.submission_id, v.verdict, s.parse_status, s.parse_error, s.source_path, s.sheet_index,
           s.document #>> '{source,worksheet}' as worksheet, s.program_code, p.department, q.reason
    from quality.submission_verdicts v
    join raw.submissions s using (submission_id)
    left join raw.programs p using (submission_id)
    left join quality.quarantine q using (submission_id)
    where v.run_id = %s and v.verdict <> 'passed'
    order by s.source_path, s.sheet_index nulls first, s.submission_id"""

_FINDINGS = """
    select submission_id, severity, expectation, line, column_name, expected, observed, message
    from quality.validation_results where run_id = %s
    order by submission_id, severity, line nulls first, result_id"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M:%S KST")


def sheet_name(sheet_index: int | None, worksheet: str | None) -> str:
    """How a steward finds the sheet in the file: the worksheet's name, else its place in the file."""
    if worksheet:
        return worksheet
    return "-" if sheet_index is None else f"sheet {sheet_index + 1} of the file"


def _findings_table(findings: list[tuple]) -> str:
    head = "<tr><th>severity</th><th>rule</th><th>line</th><th>concerns</th><th>expected</th><th>found</th></tr>"
    body = "".join(
        f"<tr class=\"finding\"><td class=\"{_e(severity)}\">{_e(severity)}</td><td title=\"{_e(message)}\">"
        f"{_e(rule)}</td><td>{_e(line if line is not None else '-')}</td><td>{_e(field)}</td>"
        f"<td>{_e(expected)}</td><td>{_e(found)}</td></tr>"
        for severity, rule, line, field, expected, found, message in findings)
    return f"<table>{head}{body}</table>"


def _submission_block(row: tuple, findings: list[tuple]) -> str:
    sid, _, _, _, path, sheet_index, worksheet, code, department, reason = row
    facts = (f"<tr><th>file</th><td class=\"file\">{_e(path)}</td></tr>"
             f"<tr><th>program</th><td class=\"program\">{_e(code or '-')} {_e(department or '')}</td></tr>"
             f"<tr><th>sheet</th><td>{_e(sheet_name(sheet_index, worksheet))}</td></tr>"
             + (f"<tr><th>held back because</th><td>{_e(reason)}</td></tr>" if reason else ""))
    return (f"<section class=\"submission\" id=\"submission-{sid}\"><h3>submission {sid}</h3>"
            f"<table>{facts}</table>{_findings_table(findings)}</section>")


def build_page(conn, run_id: str) -> str:
    """The HTML of one run's report."""
    started, finished, checked, passed, warned, failed, pipeline_run = conn.execute(
        "select started_at, finished_at, submissions_checked, passed, warned, failed, pipeline_run_id"
        " from quality.validation_runs where run_id = %s", (run_id,)).fetchone()
    findings: dict[int, list[tuple]] = {}
    for sid, *finding in conn.execute(_FINDINGS, (run_id,)):
        findings.setdefault(sid, []).append(tuple(finding))
    unreadable, held, warned_rows = [], [], []
    for row in conn.execute(_SUBMISSIONS, (run_id,)):
        if row[2] == "failed":
            unreadable.append(row)
        else:
            (held if row[1] == "failed" else warned_rows).append(row)
    still_open = conn.execute("select count(*) from quality.quarantine where state = 'open'").fetchone()[0]

    def section(title: str, css: str, rows: list[tuple], empty: str) -> str:
        blocks = "".join(_submission_block(row, findings.get(row[0], [])) for row in rows)
        return f"<h2 id=\"{css}\">{_e(title)} ({len(rows)})</h2>" + (blocks or f"<p class=\"none\">{_e(empty)}</p>")

    unreadable_rows = "".join(
        f"<tr><td class=\"file\">{_e(path)}</td><td class=\"parse-error\">{_e(error or 'the file could not be parsed')}"
        f"</td></tr>" for _, _, _, error, path, *_ in unreadable)
    unreadable_html = (f"<h2 id=\"unreadable\">Files that could not be read ({len(unreadable)})</h2>"
                       + (f"<table><tr><th>file</th><th>parse error</th></tr>{unreadable_rows}</table>"
                          if unreadable else "<p class=\"none\">none</p>"))
    body = f"""<body>
<h1>Validation report</h1>
<p>run {_e(run_id)} (pipeline run {_e(pipeline_run or '-')}), {_e(_when(started))} to {_e(_when(finished))}</p>
<p class="counts"><span>checked {checked}</span><span>passed {passed}</span><span>passed with warnings {warned}</span>
<span>held back {failed}</span><span>open in quarantine, all runs: {still_open}</span></p>
<p>Held-back submissions never reach the marts; <code>sheetfeed steward show ID</code> prints one with the sheet
around each line, <code>sheetfeed steward release ID --reason TEXT</code> lets it through.</p>
{section("Held back (errors)", "held", held, "nothing held back")}
{unreadable_html}
{section("Passed with warnings", "warned", warned_rows, "no warnings")}
</body></html>
"""
    return (f'<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8"><title>sheetfeed validation {_e(run_id)}'
            f"</title>\n<style>{font_faces(body)}{_STYLE}</style></head>\n{body}")


def reports_dir() -> Path:
    return settings.state_dir("reports")


def write_page(conn, run_id: str) -> Path:
    """Write the run's page and make it the latest (``index.html``); the run's page's path."""
    page = build_page(conn, run_id)
    folder = reports_dir()
    path = folder / f"{run_id}.html"
    path.write_text(page, encoding="utf-8")
    latest = folder / "index.html.tmp"
    latest.write_text(page, encoding="utf-8")
    latest.replace(folder / "index.html")
    return path
