"""The figures of the nightly report, read from the marts as ``bi_analyst`` reads them.

The connection switches to the ``bi_analyst`` role (``SET ROLE``) in a read-only transaction
before any query, so the report can show only what an analyst's login could: a mart the role
cannot read fails the report instead of being read with the pipeline's rights, and raw is
never touched. Every figure is a list of plain dicts, which the charts and the tables share.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

READER_ROLE = "bi_analyst"

QUERIES = {
    # 부서별·연도별 집행률: one row per department and fiscal year.
    "execution": """
        select department, fiscal_year, year_status, program_count, secured_krw, executed_krw, execution_rate_pct
        from marts.mart_department_budget
        order by department, fiscal_year
    """,
    # 연도별 확보액·투자수요·집행액, all departments.
    "budget_years": """
        select fiscal_year,
               coalesce(sum(secured_krw), 0)::bigint as secured_krw,
               coalesce(sum(demand_krw), 0)::bigint as demand_krw,
               coalesce(sum(executed_krw), 0)::bigint as executed_krw
        from marts.mart_department_budget
        group by fiscal_year
        order by fiscal_year
    """,
    # 기준일별 완료율·목표달성률 (Korea Manifesto Center), all departments.
    "kpis": """
        select reporting_date, programs, programs_reported, programs_carried, completed, on_track,
               completion_rate_pct, goal_attainment_rate_pct
        from marts.mart_governance_kpis
        where department = '전체'
        order by reporting_date
    """,
    # 부서별 미달성 목표: targets with a known outcome, per department.
    "targets_by_department": """
        select department,
               count(*) filter (where is_met is not null and year_status = 'past') as targets_due,
               count(*) filter (where not is_met and year_status = 'past') as targets_missed,
               count(*) filter (where not is_met and year_status = 'current') as targets_behind
        from marts.fct_target_attainment
        group by department
        having count(*) filter (where is_met is not null and year_status in ('past', 'current')) > 0
        order by targets_missed desc, department
    """,
    # The missed targets themselves, so a department head sees which ones.
    "missed_targets": """
        select department, program_code, metric, target_year, year_status, target_value, actual_value, unit
        from marts.fct_target_attainment
        where not is_met and year_status in ('past', 'current')
        order by department, program_code, target_year, metric
    """,
}


@dataclass
class Figures:
    """What the report shows: one list of rows per query, and the latest reporting date."""

    rows: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def as_of(self) -> date | None:
        kpis = self.rows.get("kpis") or []
        return kpis[-1]["reporting_date"] if kpis else None


class ReaderRoleMissing(RuntimeError):
    """The warehouse login may not act as bi_analyst, so the report cannot read the marts as analysts do."""


def read(conn) -> Figures:
    """Run every query as ``bi_analyst`` on ``conn`` (a psycopg connection) and return the rows."""
    from psycopg import errors
    from psycopg.rows import dict_row

    figures = Figures()
    with conn.transaction():
        conn.execute("set transaction read only")
        try:
            conn.execute(f"set local role {READER_ROLE}")
        except errors.InsufficientPrivilege as exc:
            raise ReaderRoleMissing(
                f"the warehouse login cannot SET ROLE {READER_ROLE}: grant {READER_ROLE} to it "
                "(the report reads the marts exactly as analysts do)") from exc
        with conn.cursor(row_factory=dict_row) as cursor:
            for name, query in QUERIES.items():
                figures.rows[name] = [_plain(row) for row in cursor.execute(query)]
    return figures


def _plain(row: dict) -> dict:
    """Decimals as floats for the charts (rates have 2 places; money is bigint, exact as int)."""
    return {key: float(value) if isinstance(value, Decimal) else value for key, value in row.items()}
