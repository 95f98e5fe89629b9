"""The data each suite validates: one pandas frame per raw entity, for the submissions of one run.

Every frame has ``submission_id``, ``line`` (the sheet line a finding points
to) and ``row`` (its position, so a finding can quote other columns of its
row). Rules that span rows or entities get their inputs as derived columns
here (a budget row's sum of years, the leaf rows' sum per year, a quarter
count's classified activities …); the comparison itself is an expectation in
the suite, so what is checked stays in the reviewed project.
"""
from __future__ import annotations

import re

import pandas as pd

from sheetfeed.quality.vocabulary import OTHER, activity_classifier

_QUERIES = {
    "submissions": """
        select submission_id, first_line as line, parse_status, parse_error, program_code
        from raw.submissions where submission_id = any(%(ids)s)""",
    # The table's total: the 계 row's 합계 where the sheet wrote one, else the sum of the 계 row's years.
    # completion: the 완료시기 as written, or its year alone (2023년 gives no other words).
    "programs": """
        with table_totals as (
            select distinct on (submission_id) submission_id, secured_and_demand_krw
            from raw.budget_reported_totals where submission_id = any(%(ids)s) and is_total and line_item = '계'
            order by submission_id, line
        ),
        year_totals as (
            select submission_id, sum(coalesce(secured_krw, 0) + coalesce(demand_krw, 0)) as total
            from raw.budget_lines where submission_id = any(%(ids)s) and is_total and line_item = '계'
            group by submission_id
        )
        select p.submission_id, p.line, p.program_code, nullif(btrim(p.title), '') as title,
               nullif(btrim(p.status), '') as status,
               coalesce(nullif(btrim(p.completion_target), ''), p.completion_year::text) as completion,
               nullif(btrim(p.department), '') as department, p.implementation_rate_pct::float8,
               p.total_budget_krw::float8,
               coalesce(t.secured_and_demand_krw, y.total)::float8 as budget_table_total_krw
        from raw.programs p
        left join table_totals t using (submission_id)
        left join year_totals y using (submission_id)
        where p.submission_id = any(%(ids)s)""",
    # repeats_line: on a later row of the same metric and year, the line of its first row.
    "targets": """
        select submission_id, line, metric, year, value::float8, raw,
               nullif(first_value(line) over (partition by submission_id, metric, year order by line), line)
                   as repeats_line
        from raw.targets where submission_id = any(%(ids)s)""",
    # The total_* / leaf_* pairs are set on total rows only, and only where the year has leaf rows to add up:
    # on the 계 row, every leaf row's sum; on a line item's 소계 row (is_total with the item's name), its own rows'.
    # repeats_line: on a later row of the same line item, funding source and year, the line of its first row.
    "budget_lines": """
        with lines as (
            select * from raw.budget_lines where submission_id = any(%(ids)s)
        ),
        leaves as (
            select submission_id, year, line_item, grouping(line_item) = 1 as whole_table,
                   coalesce(sum(secured_krw), 0) as secured,
                   coalesce(sum(demand_krw), 0) as demand, coalesce(sum(executed_krw), 0) as executed
            from lines where not is_total
            group by grouping sets ((submission_id, year), (submission_id, year, line_item))
        )
        select b.submission_id, b.line, b.line_item, b.funding_source, b.is_total, b.year,
               b.secured_krw::float8, b.demand_krw::float8, b.executed_krw::float8,
               case when l.year is not null then coalesce(b.secured_krw, 0) end::float8 as total_secured_krw,
               l.secured::float8 as leaf_secured_krw,
               case when l.year is not null then coalesce(b.demand_krw, 0) end::float8 as total_demand_krw,
               l.demand::float8 as leaf_demand_krw,
               case when l.year is not null then coalesce(b.executed_krw, 0) end::float8 as total_executed_krw,
               l.executed::float8 as leaf_executed_krw,
               nullif(first_value(b.line) over (partition by b.submission_id, b.is_total, b.line_item, b.funding_source,
                                                 b.year order by b.line), b.line) as repeats_line
        from lines b
        left join leaves l on b.is_total and l.submission_id = b.submission_id and l.year = b.year
            and case when b.line_item = '계' then l.whole_table else not l.whole_table and l.line_item = b.line_item end""",
    # A reported total and its year cells share the sheet line they were written on.
    "budget_reported_totals": """
        with years as (
            select submission_id, line,
                   sum(coalesce(secured_krw, 0) + coalesce(demand_krw, 0)) as secured_and_demand,
                   sum(coalesce(executed_krw, 0)) as executed
            from raw.budget_lines where submission_id = any(%(ids)s)
            group by submission_id, line
        )
        select t.submission_id, t.line, t.line_item, t.funding_source, t.is_total,
               t.secured_and_demand_krw::float8, t.executed_krw::float8,
               y.secured_and_demand::float8 as years_secured_and_demand_krw,
               y.executed::float8 as years_executed_krw
        from raw.budget_reported_totals t
        left join years y on y.submission_id = t.submission_id and y.line = t.line
        where t.submission_id = any(%(ids)s)""",
    "quarters": """
        select q.submission_id, q.line, q.year, q.quarter,
               substring(p.period_start from '^[0-9]{4}')::int as period_start_year,
               substring(p.period_end from '^[0-9]{4}')::int as period_end_year
        from raw.quarters q left join raw.programs p using (submission_id)
        where q.submission_id = any(%(ids)s)""",
    "quarter_counts": """
        select submission_id, line, year, quarter, label, value::float8, unit
        from raw.quarter_counts where submission_id = any(%(ids)s)""",
    "activities": """
        select submission_id, line, year, month, reported_year, reported_quarter, text
        from raw.activities where submission_id = any(%(ids)s)""",
    "plans": """
        select p.submission_id, p.line, p.year, p.month, p.text, to_char(s.reported_as_of, 'YYYY-MM') as reported_month
        from raw.plans p join raw.submissions s using (submission_id)
        where p.submission_id = any(%(ids)s)""",
    "contacts": """
        select submission_id, line, role, name, nullif(btrim(phone_ext), '') as phone_ext
        from raw.contacts where submission_id = any(%(ids)s)""",
    "collaborations": """
        select submission_id, line, nullif(btrim(departments), '') as departments,
               nullif(btrim(content), '') as content, central_government, city
        from raw.collaborations where submission_id = any(%(ids)s)""",
}

_LINE_IN_ERROR = re.compile(r"\bline (\d+)")


def _query(conn, sql: str, ids: list[int]) -> pd.DataFrame:
    cursor = conn.execute(sql + " order by 1, 2", {"ids": ids})
    columns = [column.name for column in cursor.description]
    return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


def _quarter_label(year, quarter) -> str | None:
    return None if pd.isna(year) or pd.isna(quarter) else f"{int(year)} Q{int(quarter)}"


def _derive(name: str, frame: pd.DataFrame, frames: dict[str, pd.DataFrame], classify) -> None:
    """Add the derived columns of one entity (in place); ``frames`` holds the entities derived before it."""
    if name == "submissions":
        # A file that could not be parsed has no sheet line; its error message may name one.
        from_error = frame["parse_error"].map(
            lambda error: int(m.group(1)) if isinstance(error, str) and (m := _LINE_IN_ERROR.search(error)) else None)
        frame["line"] = frame["line"].where(frame["line"].notna(), from_error)
    elif name == "activities":
        frame["activity_type"] = frame["text"].map(classify)
        frame["activity_quarter"] = [
            None if pd.isna(month) else _quarter_label(year, (int(month) - 1) // 3 + 1)
            for year, month in zip(frame["year"], frame["month"])]
        frame["reported_quarter_label"] = [
            _quarter_label(year, quarter) for year, quarter in zip(frame["reported_year"], frame["reported_quarter"])]
    elif name == "quarter_counts":
        activities = frames["activities"]
        per_quarter = activities.groupby(
            ["submission_id", "reported_year", "reported_quarter", "activity_type"]).size().to_dict()
        frame["activity_type"] = frame["label"].map(classify)
        frame["activities_of_type"] = [
            per_quarter.get((sid, year, quarter, kind), 0)
            for sid, year, quarter, kind in zip(frame["submission_id"], frame["year"], frame["quarter"],
                                                frame["activity_type"])]
        frame["consistent_with_activities"] = [
            None if kind == OTHER or pd.isna(value) else bool(count <= value and (count >= 1 or value == 0))
            for kind, value, count in zip(frame["activity_type"], frame["value"], frame["activities_of_type"])]
    elif name == "plans":
        frame["plan_month"] = [
            None if pd.isna(year) or pd.isna(month) else f"{int(year):04d}-{int(month):02d}"
            for year, month in zip(frame["year"], frame["month"])]


def build(conn, submission_ids: list[int], names: list[str]) -> dict[str, pd.DataFrame]:
    """One frame per entity in ``names`` for the given submissions, derived columns included."""
    classify = activity_classifier()
    order = sorted(names, key=lambda name: name == "quarter_counts")  # counts are checked against activities
    frames: dict[str, pd.DataFrame] = {}
    for name in order:
        frame = _query(conn, _QUERIES[name], submission_ids)
        _derive(name, frame, frames, classify)
        frame["row"] = range(len(frame))
        frames[name] = frame.astype({"submission_id": "int64", "row": "int64"})
    return frames
