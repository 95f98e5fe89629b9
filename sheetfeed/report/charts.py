"""The report's charts as Vega-Lite specs (Vega-Altair), one function per question analysts ask.

Each takes the rows of one figure (sheetfeed.report.figures) and returns an Altair chart, untitled:
the page's section headings name them, and the exports write each chart's ``TITLES`` above it
(sheetfeed.report.exports). vl-convert draws them to SVG offline. Numbers are written on the
marks, so a chart read on paper needs no tooltip.
"""
from __future__ import annotations

import altair as alt

FONT = "NanumGothic"
MILLION = 1_000_000
MONEY_KINDS = [("secured_krw", "확보액 secured"), ("demand_krw", "투자 수요 demand"), ("executed_krw", "집행액 executed")]
RATE_KINDS = [("completion_rate_pct", "완료율 completion"), ("goal_attainment_rate_pct", "목표달성률 goal attainment")]
# Department names run long (스마트도시정책관 스마트도시과): shown whole, not cut at Vega's 180 px.
DEPARTMENT_AXIS = alt.Axis(labelLimit=360)
YEAR_STATUS_LABELS = {"past": "", "current": " (진행 중)", "planned": "계획"}
NO_DATA = "아직 집계된 자료가 없습니다 · no accepted sheet yet"


def rate_label(rate: float | None, year_status: str) -> str:
    """What a cell of the execution-rate chart says: the rate, '계획' for a planned year, '—' for no rate."""
    if year_status == "planned":
        return YEAR_STATUS_LABELS["planned"]
    if rate is None:
        return "—"
    return f"{rate:.2f}%{YEAR_STATUS_LABELS[year_status]}"


def execution_rate(rows: list[dict]) -> alt.Chart:
    """부서별·연도별 집행률: a department × fiscal year grid coloured by execution rate."""
    data = [{**row, "label": rate_label(row["execution_rate_pct"], row["year_status"])} for row in rows]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("fiscal_year:O", title="회계연도 fiscal year", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("department:N", title="부서 department", axis=DEPARTMENT_AXIS),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("execution_rate_pct:Q", title="집행률 %", scale=alt.Scale(domain=[0, 100], scheme="blues")))
    labels = base.mark_text(fontSize=12).encode(
        text="label:N",
        color=alt.condition("datum.execution_rate_pct > 60", alt.value("white"), alt.value("black")))
    return (cells + labels).properties(width=alt.Step(110), height=alt.Step(34))


def budget_by_year(rows: list[dict]) -> alt.Chart:
    """연도별 확보액·투자수요·집행액 (백만원): grouped bars per fiscal year."""
    data = [{"fiscal_year": row["fiscal_year"], "kind": label, "order": order,
             "million_krw": round(row[column] / MILLION, 1)}
            for row in rows for order, (column, label) in enumerate(MONEY_KINDS)]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("fiscal_year:O", title="회계연도 fiscal year", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("order:O"),
        y=alt.Y("million_krw:Q", title="백만원 (KRW million)"),
    )
    bars = base.mark_bar().encode(color=alt.Color("kind:N", title=None, sort=[label for _, label in MONEY_KINDS],
                                                  legend=alt.Legend(orient="top")))
    labels = base.mark_text(dy=-6, fontSize=10).encode(
        text=alt.Text("million_krw:Q", format=",.0f")).transform_filter("datum.million_krw > 0")
    return (bars + labels).properties(width=alt.Step(26), height=260)


def governance_rates(rows: list[dict]) -> alt.Chart:
    """기준일별 완료율·목표달성률: the Korea Manifesto Center's two rates over reporting dates."""
    data = [{"reporting_date": row["reporting_date"].isoformat(), "kind": label, "rate": row[column]}
            for row in rows for column, label in RATE_KINDS]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("reporting_date:O", title="기준일 reporting date", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("rate:Q", title="%", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="top")),
    )
    lines = base.mark_line(point=True)
    labels = base.mark_text(dy=-9, fontSize=11).encode(text=alt.Text("rate:Q", format=".2f"))
    return (lines + labels).properties(width=max(320, 90 * len(rows)), height=240)


def missed_targets(rows: list[dict]) -> alt.Chart:
    """부서별 미달성 목표: targets missed in finished years, and behind in the year under way."""
    data = [{"department": row["department"], "kind": kind, "count": row[column]}
            for row in rows
            for column, kind in (("targets_missed", "미달성 missed"), ("targets_behind", "진행 중 미달 behind"))
            if row[column]]
    order = [row["department"] for row in rows]
    bars = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        y=alt.Y("department:N", title="부서 department", axis=DEPARTMENT_AXIS, sort=order),
        x=alt.X("count:Q", title="목표 수 targets", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(range=["#c0392b", "#f0b27a"])),
    )
    totals = [{"department": row["department"], "total": row["targets_missed"] + row["targets_behind"]}
              for row in rows]
    labels = alt.Chart(alt.Data(values=totals)).mark_text(align="left", dx=4, fontSize=11).encode(
        y=alt.Y("department:N", sort=order), x="total:Q", text="total:Q")
    return (bars + labels).properties(width=420, height=alt.Step(30))


# The charts in the order the report shows them: (figure, drawing, title, subtitle).
CHARTS = [
    ("execution", execution_rate, "부서별·연도별 예산 집행률", "Execution rate by department and fiscal year"),
    ("budget_years", budget_by_year, "연도별 확보액 · 투자 수요 · 집행액",
     "Secured vs demand vs executed per year (KRW million)"),
    ("kpis", governance_rates, "공약 완료율 · 목표달성률 (한국매니페스토실천본부 기준)",
     "Manifesto completion and goal-attainment rates by reporting date"),
    ("targets_by_department", missed_targets, "부서별 미달성 연차 목표", "Missed yearly targets by department"),
]
TITLES = [(title, subtitle) for _, _, title, subtitle in CHARTS]


def all_charts(figures) -> dict[str, alt.Chart]:
    """The four charts by the figure each draws, in the order the report shows them; a figure without rows says so."""
    return {figure: draw(figures.rows[figure]) if figures.rows[figure] else no_data() for figure, draw, _, _ in CHARTS}


def no_data() -> alt.Chart:
    """What a chart shows before any sheet is accepted: a line saying so (an empty grid has no size)."""
    return alt.Chart(alt.Data(values=[{"note": NO_DATA}])).mark_text(align="left", fontSize=13).encode(
        text="note:N").properties(width=420, height=40)


def styled(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec with the report's font everywhere (axes, legends, marks).

    Not validated against Vega-Lite's JSON schema here (a tenth of the report's time): the charts
    are code, checked by the report's tests.
    """
    return chart.configure(font=FONT).configure_view(stroke=None).to_dict(validate=False)

