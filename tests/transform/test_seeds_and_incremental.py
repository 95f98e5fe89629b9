"""Nightly incremental builds give what a full rebuild gives; editing a seed changes the marts."""
from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from conftest import sheet
from sheetfeed import settings
from sheetfeed.transform.dbt import DbtBuildFailed

pytestmark = pytest.mark.slow

MARTS = ["dim_program", "dim_program_history", "dim_department", "fct_budget_execution", "fct_activity",
         "fct_quarterly_report", "fct_target_attainment", "mart_department_budget", "mart_governance_kpis"]


def snapshot(warehouse) -> dict[str, list[tuple]]:
    return {table: sorted(warehouse.rows(f"select * from marts.{table}"), key=repr) for table in MARTS}


def row_versions(warehouse, table: str, submission_id: int) -> list[tuple]:
    """PostgreSQL row versions (xmin) of a submission's rows in a table: unchanged unless rewritten."""
    return warehouse.rows(f"select xmin::text from {table} where submission_id = %s order by source_line",
                          (submission_id,))


def test_incremental_builds_rewrite_only_what_changed_and_equal_a_full_build(warehouse, seed_text):
    first = warehouse.accept(sheet(seed_text))[0]
    warehouse.build()
    typed_before = row_versions(warehouse, "intermediate.int_activities_classified", first)

    # A quiet night: a new program, and a newer version of the first one.
    other = warehouse.accept(sheet(seed_text, code="소통행정-9"))[0]
    newer = warehouse.accept(sheet(seed_text, status="정상추진", next_quarter=True))[0]
    warehouse.build()
    assert row_versions(warehouse, "intermediate.int_activities_classified", first) == typed_before
    assert len(row_versions(warehouse, "intermediate.int_activities_classified", newer)) == 41
    assert warehouse.rows("select program_code, submission_id from marts.fct_activity group by 1, 2 order by 1") == [
        ("소통행정-3", newer), ("소통행정-9", other)]
    incremental = snapshot(warehouse)
    warehouse.build(full_refresh=True)
    assert snapshot(warehouse) == incremental

    # The steward supersedes the newer version: the program falls back to its first sheet,
    # and the other program's fact rows are not rewritten.
    other_facts = row_versions(warehouse, "marts.fct_activity", other)
    warehouse.judge([newer], "failed")
    warehouse.quarantine(newer, "superseded")
    warehouse.build()
    assert row_versions(warehouse, "marts.fct_activity", other) == other_facts
    assert warehouse.rows("select program_code, submission_id from marts.fct_activity group by 1, 2 order by 1") == [
        ("소통행정-3", first), ("소통행정-9", other)]
    incremental = snapshot(warehouse)
    warehouse.build(full_refresh=True)
    assert snapshot(warehouse) == incremental


def test_editing_a_seed_and_rebuilding_changes_the_marts(warehouse, seed_text, tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(settings.DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    warehouse.accept(sheet(seed_text))
    warehouse.build(project_dir=project)
    assert warehouse.rows("select status_group from marts.dim_program") == [("completed",)]
    assert warehouse.rows("select count(*) from marts.fct_activity where activity_type = 'workshop'") == [(1,)]
    assert warehouse.rows("select forums_held, projects_completed from marts.mart_governance_kpis"
                          " where department = '전체'") == [(Decimal(12), Decimal(1))]

    statuses = project / "seeds" / "status_groups.csv"
    statuses.write_text(statuses.read_text(encoding="utf-8").replace("완료(계속),completed", "완료(계속),on_track"),
                        encoding="utf-8")
    keywords = project / "seeds" / "activity_type_keywords.csv"
    lines = keywords.read_text(encoding="utf-8").splitlines(keepends=True)
    keywords.write_text("".join(line for line in lines if not line.startswith("workshop,"))
                        + "forum,민관협치,5\n", encoding="utf-8")
    warehouse.build(project_dir=project)

    assert warehouse.rows("select status_group from marts.dim_program") == [("on_track",)]
    assert warehouse.rows("select completed, on_track from marts.mart_governance_kpis where department = '전체'") == [
        (0, 1)]
    types = dict(warehouse.rows("select activity_type, count(*) from marts.fct_activity group by 1"))
    assert "workshop" not in types and types["other"] == 1
    # 민관협치 now outranks 완료: the 2021 Q2 count "민관협치 사업 1개 완료" becomes a forum.
    assert warehouse.rows("select forums_held, projects_completed from marts.mart_governance_kpis"
                          " where department = '전체'") == [(Decimal(13), Decimal(0))]


def test_unknown_status_is_other_and_warns_stewards(warehouse, seed_text):
    warehouse.accept(sheet(seed_text, status="검토중"))
    result = warehouse.build()
    assert "test.sheetfeed.warn_unknown_statuses" in result.warnings
    assert warehouse.rows("select status, status_group from marts.dim_program") == [("검토중", "other")]
    assert warehouse.rows("select program_code, status from quality.unknown_statuses") == [("소통행정-3", "검토중")]


def test_a_failing_money_check_fails_the_build_naming_the_test_unless_a_steward_released_it(warehouse, seed_text):
    leaf = "협치기반강화\t시 비\t1,185\t405\t138\t131\t156\t136\t"
    assert leaf in seed_text
    [submission] = warehouse.accept(seed_text.replace(leaf, "협치기반강화\t시 비\t1,185\t405\t138\t131\t157\t136\t"))
    with pytest.raises(DbtBuildFailed, match="assert_budget_execution_adds_up_to_reported_totals"):
        warehouse.build()

    warehouse.judge([submission], "failed")
    warehouse.quarantine(submission, "released")
    warehouse.build()
    assert warehouse.rows("select secured_krw from marts.fct_budget_execution where fiscal_year = 2019") == [
        (157000000,)]
