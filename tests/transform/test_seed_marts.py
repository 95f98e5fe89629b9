"""The seed sheet through extractor, loader and dbt: the facts SPEC section 4 and issue 2 state."""
from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest

pytestmark = pytest.mark.slow

MARTS = ["dim_program", "dim_program_history", "dim_department", "fct_budget_execution", "fct_activity",
         "fct_quarterly_report", "fct_target_attainment", "mart_department_budget", "mart_governance_kpis"]


@pytest.fixture
def built(warehouse, seed_text):
    warehouse.accept(seed_text)
    result = warehouse.build()
    return warehouse, result


def test_seed_facts_of_spec_section_4(built):
    """One build, every fact of the seed: budget, targets, program, KPIs, activity types."""
    warehouse, result = built
    rows = warehouse.rows(
        "select line_item, funding_source, fiscal_year, secured_krw, demand_krw, executed_krw, execution_rate_pct"
        " from marts.fct_budget_execution order by fiscal_year")
    assert [row[:3] for row in rows] == [("협치기반강화", "시비", year) for year in range(2018, 2023)]
    assert rows[1][3:] == (156000000, None, 136000000, Decimal("87.18"))
    assert rows[4][3:] == (None, 300000000, 0, None)
    assert warehouse.rows("select secured_krw, executed_krw, execution_rate_pct from marts.mart_department_budget"
                          " where department = '마을자치과' and fiscal_year = 2019") == [
        (156000000, 136000000, Decimal("87.18"))]

    forums = warehouse.rows(
        "select target_value, comparator, actual_value, is_met from marts.fct_target_attainment"
        " where metric = '다양한 규모의 협치론장 운영' and target_year = 2019")
    assert forums == [(Decimal(5), "gte", Decimal(5), True)]
    projects = warehouse.rows(
        "select actual_value, is_met from marts.fct_target_attainment"
        " where metric like '민관협치 사업 확대%%' and target_year = 2019")
    assert projects == [(Decimal(7), True)]
    # 2018 has no quarterly report: null, not 0, and listed for stewards.
    assert warehouse.rows("select count(*) from marts.fct_target_attainment"
                          " where target_year = 2018 and actual_value is null") == [(2,)]
    assert warehouse.rows("select count(*) from quality.unmatched_targets") == [(2,)]

    assert warehouse.rows("select program_code, department, status, status_group, reported_as_of::text,"
                          " total_budget_krw from marts.dim_program") == [
        ("소통행정-3", "마을자치과", "완료(계속)", "completed", "2021-06-30", 1185000000)]
    kpis = warehouse.rows(
        "select department, programs, completed, completion_rate_pct, goal_attainment_rate_pct,"
        " finance_secured_rate_pct, targets_due, targets_met, forums_held, projects_completed"
        " from marts.mart_governance_kpis where reporting_date = '2021-06-30' order by department")
    # secured 138+156+300+291 = 885 of 885+300 (2022 demand); due targets 2019–2021 with an actual: 6, met 5.
    expected = (1, 1, Decimal("100.00"), Decimal("100.00"), Decimal("74.68"), 6, 5, Decimal(12), Decimal(1))
    assert kpis == [("마을자치과", *expected), ("전체", *expected)]
    types = dict(warehouse.rows("select activity_type, count(*) from marts.fct_activity group by 1"))
    assert types == {"forum": 20, "project_completed": 9, "education": 4, "recruitment": 4, "vote": 2,
                     "workshop": 1}
    assert warehouse.rows("select count(*) from marts.fct_activity where not in_reported_quarter") == [(1,)]
    assert result.unit_tests == 10 and result.tests > 100
    assert result.warnings == ["test.sheetfeed.warn_unmatched_targets"]


def test_rates_an_analyst_can_trust(warehouse, seed_text):
    """Issue 14 point 3 on real sheets: planned years carry no rate, KPI rows say who reported, labels in Korean."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("transform_test_helpers", Path(__file__).with_name("conftest.py"))
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    sheet = helpers.sheet
    warehouse.accept(seed_text, sheet(seed_text, code="소통행정-4", next_quarter=True, status="정상추진",
                                      department="자치행정과"))
    warehouse.build()
    years = warehouse.rows("select fiscal_year, year_status, execution_rate_pct from marts.fct_budget_execution"
                           " where program_code = '소통행정-3' order by fiscal_year")
    # The seed reports as of 2021-06-30: 2021 is under way, 2022 (투자 수요) is planned, not 0.00.
    assert [(year, status) for year, status, _ in years] == [
        (2018, "past"), (2019, "past"), (2020, "past"), (2021, "current"), (2022, "planned")]
    assert years[1][2] == Decimal("87.18") and years[4][2] is None
    assert warehouse.rows("select fiscal_year, year_status from marts.mart_department_budget"
                          " where department = '마을자치과' and fiscal_year >= 2021 order by 1") == [
        (2021, "current"), (2022, "planned")]
    assert warehouse.rows("select program_code, status_group_label from marts.dim_program order by 1") == [
        ("소통행정-3", "완료"), ("소통행정-4", "정상추진")]
    labels = dict(warehouse.rows("select distinct activity_type, activity_type_label from marts.fct_activity"))
    assert labels["forum"] == "협치론장·토론회" and labels["education"] == "교육"
    assert warehouse.rows("select distinct activity_type_label from marts.fct_quarterly_report"
                          " where activity_type = 'project_completed'") == [("사업 완료",)]
    assert warehouse.rows("select distinct department from marts.fct_target_attainment order by 1") == [
        ("마을자치과",), ("자치행정과",)]
    kpis = warehouse.rows("select reporting_date::text, programs, programs_reported, programs_carried"
                          " from marts.mart_governance_kpis where department = '전체' order by 1")
    # At 2021-09-30 only 소통행정-4 reported; 소통행정-3 is carried from its 2021-06-30 sheet.
    assert kpis == [("2021-06-30", 1, 1, 0), ("2021-09-30", 2, 1, 1)]


def test_marts_hold_no_author_names_and_only_bi_analyst_grants(built):
    warehouse, _ = built
    columns = warehouse.rows(
        "select table_name, column_name from information_schema.columns where table_schema = 'marts'"
        " and data_type in ('text', 'ARRAY')")
    assert {table for table, _ in columns} == set(MARTS)
    assert warehouse.author_traces() == []
    assert not [c for _, c in columns if c in {"name", "phone_ext", "contacts"}]

    with psycopg.connect(warehouse.url) as conn:
        conn.execute("set role bi_analyst")
        for table in MARTS:
            conn.execute(f'select count(*) from marts."{table}"')
        for forbidden in ("staging.stg_raw__programs", "intermediate.int_program_versions", "raw.contacts"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                with conn.transaction():
                    conn.execute(f"select 1 from {forbidden}")
    with psycopg.connect(warehouse.url) as conn:
        conn.execute("set role data_steward")
        assert conn.execute("select count(*) from quality.unmatched_targets").fetchone() == (2,)
        assert conn.execute("select count(*) from quality.unknown_statuses").fetchone() == (0,)
        assert conn.execute("select count(*) from marts.dim_program").fetchone() == (1,)
    privileges = warehouse.rows(
        "select table_name from information_schema.role_table_grants where grantee = 'bi_analyst'"
        " and table_schema = 'marts' and privilege_type = 'SELECT'")
    assert {name for (name,) in privileges} == set(MARTS)
