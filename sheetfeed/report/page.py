"""The report as one HTML page that opens offline: charts as inline SVG, tables of the same numbers,
and the Hangul font embedded (a subset of the glyphs the page uses), with no script at all.

Every piece of text that comes from a sheet (department names, metrics, program codes) is
HTML-escaped here, and the SVG text vl-convert writes is escaped by Vega, so a sheet cannot
inject markup into the page (issue 15, point 3).
"""
from __future__ import annotations

import html
from datetime import datetime

# (figure, section title, columns: (key, heading, kind)); kind says how a value is written.
TABLES = [
    ("execution", "부서별·연도별 예산 집행률 · Execution rate by department and fiscal year", [
        ("department", "부서 department", "text"), ("fiscal_year", "회계연도 year", "year"),
        ("year_status", "연도 구분 status", "year_status"), ("program_count", "공약 수 programs", "count"),
        ("secured_krw", "확보액 secured (원)", "krw"), ("executed_krw", "집행액 executed (원)", "krw"),
        ("execution_rate_pct", "집행률 rate (%)", "pct")]),
    ("budget_years", "연도별 확보액 · 투자 수요 · 집행액 · Secured vs demand vs executed per year", [
        ("fiscal_year", "회계연도 year", "year"), ("secured_krw", "확보액 secured (원)", "krw"),
        ("demand_krw", "투자 수요 demand (원)", "krw"), ("executed_krw", "집행액 executed (원)", "krw")]),
    ("kpis", "공약 완료율 · 목표달성률 · Manifesto completion and goal-attainment rates", [
        ("reporting_date", "기준일 as of", "date"), ("programs", "공약 수 programs", "count"),
        ("programs_reported", "당기 보고 reported", "count"), ("programs_carried", "이월 carried", "count"),
        ("completed", "완료 completed", "count"), ("on_track", "정상추진 on track", "count"),
        ("completion_rate_pct", "완료율 completion (%)", "pct"),
        ("goal_attainment_rate_pct", "목표달성률 goal attainment (%)", "pct")]),
    ("targets_by_department", "부서별 미달성 연차 목표 · Missed yearly targets by department", [
        ("department", "부서 department", "text"), ("targets_due", "평가 목표 due (지난 연도)", "count"),
        ("targets_missed", "미달성 missed", "count"), ("targets_behind", "진행 중 미달 behind", "count")]),
    ("missed_targets", "미달성 목표 목록 · The missed targets", [
        ("department", "부서 department", "text"), ("program_code", "공약번호 program", "text"),
        ("metric", "성과지표 metric", "text"), ("target_year", "연도 year", "year"),
        ("year_status", "연도 구분 status", "year_status"), ("target_value", "목표 target", "number"),
        ("actual_value", "실적 actual", "number"), ("unit", "단위 unit", "text")]),
]
YEAR_STATUS = {"past": "지난 연도 past", "current": "진행 중 current", "planned": "계획 planned"}

STYLE = """
body { font-family: "NanumGothic", sans-serif; margin: 2rem auto; max-width: 1100px; color: #1b2631; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2.4rem; }
header p, footer { color: #566573; font-size: .9rem; } footer { margin-top: 2.5rem; }
figure { margin: 1rem 0; overflow-x: auto; }
table { border-collapse: collapse; font-size: .85rem; margin-top: .5rem; }
th, td { border-bottom: 1px solid #d5d8dc; padding: .3rem .6rem; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
"""


def cell(value, kind: str) -> str:
    """A value as the table writes it: money with thousands separators, rates with 2 places, '—' for none."""
    if value is None:
        return "—"
    if kind == "krw":
        return f"{int(value):,}"
    if kind == "pct":
        return f"{value:.2f}"
    if kind == "number":
        return f"{value:g}"
    if kind == "year_status":
        return YEAR_STATUS.get(value, str(value))
    if kind == "date":
        return value.isoformat()
    return str(value)


def render(figures, svgs: dict[str, str], font_faces: str, generated_at: datetime) -> str:
    """The whole page: each figure's table under its chart's drawing (``svgs``, by figure), and ``font_faces``, the
    CSS rules embedding its font (``sheetfeed.fonts.font_faces``)."""
    as_of = figures.as_of.isoformat() if figures.as_of else "—"
    sections = []
    for name, title, columns in TABLES:
        figure = f"<figure>{svgs[name]}</figure>" if name in svgs else ""  # the last table has no chart
        sections.append(f'<section id="{name}"><h2>{html.escape(title)}</h2>{figure}'
                        f"{table(name, columns, figures.rows[name])}</section>")
    return (
        '<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
        f"<title>공약 이행 · 예산 집행 보고서 — {as_of}</title>"
        f"<style>\n{font_faces}{STYLE}</style></head><body>"
        f"<header><h1>공약 이행 · 예산 집행 보고서</h1>"
        f"<p>Pledge implementation and budget execution — 기준일 as of <time>{as_of}</time> · "
        f"생성 generated {generated_at.strftime('%Y-%m-%d %H:%M %Z')} · "
        "출처 source: warehouse marts, read as role bi_analyst</p></header>"
        + "".join(sections)
        + '<footer>Exports beside this page: <a href="report.png">report.png</a>, '
          '<a href="report.pdf">report.pdf</a>, <a href="figures.json">figures.json</a>.</footer>'
          "</body></html>\n")


def table(name: str, columns: list[tuple[str, str, str]], rows: list[dict]) -> str:
    head = "".join(f"<th>{html.escape(heading)}</th>" for _, heading, _ in columns)
    body = "".join(
        "<tr>" + "".join(
            f'<td data-column="{key}"{" class=number" if kind in ("krw", "pct", "count", "number") else ""}>'
            f"{html.escape(cell(row[key], kind))}</td>"
            for key, _, kind in columns) + "</tr>"
        for row in rows)
    if not rows:
        body = f'<tr><td colspan="{len(columns)}">없음 none</td></tr>'
    return f'<table data-figure="{name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
