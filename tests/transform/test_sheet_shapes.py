"""Sheet shapes the marts must read right: repeated rows and subtotal (소계) rows.

Departments write one line item and funding source on two rows (two parts of
one 비목 under a merged 구분 cell), a target metric twice, or one quarter header
twice. Validation warns stewards of the first two (budget_line_not_repeated,
target_metric_not_repeated); a failing uniqueness test would otherwise stop
every department's marts for one sheet. A 소계 row is a line item's subtotal,
never one of the rows that add up to 계.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import sheet

pytestmark = pytest.mark.slow

LEAF = "협치기반강화\t시 비\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0\n"
SPLIT_LEAF = ("협치기반강화\t시 비\t1,000\t330\t100\t100\t150\t130\t250\t100\t200\t0\t300\t0\n"
              "\t시 비\t185\t75\t38\t31\t6\t6\t50\t38\t91\t0\t0\t0")
LAST_TARGET = "6회 이상\t6회 이상\n\n□ 연차별 투자수요"
REPEATED_TARGET = "6회 이상\t6회 이상\n다양한 규모의 협치론장 운영\t7회\t7회\t7회\t7회\t7회\n□ 연차별 투자수요"


def repeated(seed_text: str) -> str:
    text = sheet(seed_text)
    for old, new in ((LEAF, SPLIT_LEAF), (LAST_TARGET, REPEATED_TARGET), ("【19년 2분기】", "【19년 1분기】")):
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_repeated_rows_keep_the_marts_grain(warehouse, seed_text):
    warehouse.accept(repeated(seed_text))
    warehouse.build()  # raises DbtBuildFailed naming a failing test

    budget = warehouse.rows("select fiscal_year, secured_krw, demand_krw, executed_krw, execution_rate_pct, source_line"
                            " from marts.fct_budget_execution order by fiscal_year")
    assert budget == [(2018, 138000000, None, 131000000, Decimal("94.93"), 31),
                      (2019, 156000000, None, 136000000, Decimal("87.18"), 31),
                      (2020, 300000000, None, 138000000, Decimal("46.00"), 31),
                      (2021, 291000000, None, 0, Decimal("0.00"), 31),
                      (2022, None, 300000000, 0, None, 31)]
    assert warehouse.rows("select target_year, target_value, comparator, actual_value, is_met"
                          " from marts.fct_target_attainment where metric = '다양한 규모의 협치론장 운영'"
                          " order by target_year")[:2] == [(2018, Decimal("5"), "gte", None, None),
                                                           (2019, Decimal("5"), "gte", Decimal("5"), True)]
    assert warehouse.rows("select count(*) from marts.fct_target_attainment") == [(10,)]
    assert warehouse.rows("select targets_due from marts.mart_governance_kpis where department = '전체'") == [(6,)]
    # Both headers written 【19년 1분기】: their counts add up in that quarter.
    assert warehouse.rows("select label, reported_value from marts.fct_quarterly_report"
                          " where reported_year = 2019 and reported_quarter = 1 order by label") == \
        [("민관협치 사업 완료", Decimal("1")), ("협치론장 운영", Decimal("4"))]


SUBTOTALLED_LEAF = ("협치기반강화\t소 계\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0\n"
                    "\t국 비\t1,000\t330\t100\t100\t150\t130\t250\t100\t200\t0\t300\t0\n"
                    "\t시 비\t185\t75\t38\t31\t6\t6\t50\t38\t91\t0\t0\t0\n")


def test_subtotal_rows_are_not_budget_lines(warehouse, seed_text):
    warehouse.accept(sheet(seed_text).replace(LEAF, SUBTOTALLED_LEAF, 1))
    warehouse.build()  # the money checks pass: 국비 + 시비 add up to 계, the 소계 row is not added again

    assert warehouse.rows("select funding_source, secured_krw, executed_krw from marts.fct_budget_execution"
                          " where fiscal_year = 2019 order by 1") == [("국비", 150000000, 130000000),
                                                                      ("시비", 6000000, 6000000)]
    assert warehouse.rows("select secured_krw, executed_krw, execution_rate_pct from marts.mart_department_budget"
                          " where fiscal_year = 2019") == [(156000000, 136000000, Decimal("87.18"))]


# Each edit breaks one GX error rule (tests/quality/quality_helpers.py ERROR_VARIANTS has the same).
RELEASABLE_BREAKS = {
    "program_code_pattern": ("소통행정-3\t", "소통Admin-3\t"),
    "required_header_fields": ("추진현황\t완료(계속)\t", "추진현황\t\t"),
    "department_present": ("추진부서\t마을자치과", "추진부서\t"),
    "rate_within_0_100": ("이행률(%)\t100%", "이행률(%)\t120%"),
}


def test_a_steward_may_release_any_broken_sheet_without_breaking_the_build(warehouse, seed_text):
    """A release is a steward's decision that the sheet stands as written: whatever rule it broke,
    the marts must build with it (each on its own program, so they do not supersede each other)."""
    texts = [sheet(seed_text, code=f"소통행정-{number}").replace(old, new, 1)
             for number, (old, new) in enumerate(RELEASABLE_BREAKS.values(), 1)]
    ids = warehouse.land(*texts)
    warehouse.judge(ids, "failed")
    for submission_id in ids:
        warehouse.quarantine(submission_id, "released")
    warehouse.build()

    assert warehouse.rows("select count(*) from marts.dim_program") == [(len(ids),)]
    assert warehouse.rows("select department, program_count from marts.dim_department order by 1") == \
        [("마을자치과", len(ids) - 1), ("미지정", 1)]


SECTIONS = ("정책목표", "사업개요", "연차별 추진계획", "연차별 투자수요", "추진실적", "향후계획")


def without_section(text: str, title: str) -> str:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"□ {title}"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(("□", "작성 자"))), len(lines))
    return "\n".join(lines[:start] + lines[end:])


def test_sheets_missing_any_section_build(warehouse, seed_text):
    """No 추진실적 means no reporting date; no budget table, no budget rows: the marts still build."""
    warehouse.accept(*[without_section(sheet(seed_text, code=f"소통행정-{number}"), title)
                       for number, title in enumerate(SECTIONS, 1)])
    warehouse.build()

    assert warehouse.rows("select program_code, reported_as_of from marts.dim_program"
                          " where reported_as_of is null") == [("소통행정-5", None)]
    assert warehouse.rows("select count(distinct program_code) from marts.fct_budget_execution") == [(5,)]


def test_a_workbook_cell_holding_several_activities_builds(warehouse, seed_text):
    """A clerk wrote a quarter's header and its five activities in one cell (Alt+Enter):
    five activities on one worksheet row, each its own row of fct_activity."""
    import io

    from openpyxl import Workbook

    lines = sheet(seed_text).split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("【19년 2분기】"))
    end = next(i for i, line in enumerate(lines) if line.startswith("【19년 3분기】"))
    book = Workbook()
    for row, line in enumerate(lines[:start] + ["\n".join(l for l in lines[start:end] if l)] + lines[end:], 1):
        for column, value in enumerate(line.split("\t"), 1):
            if value:
                book.active.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    warehouse.accept(buffer.getvalue())
    warehouse.build()

    assert warehouse.rows("select count(*), count(distinct source_line) from marts.fct_activity"
                          " where reported_year = 2019 and reported_quarter = 2") == [(5, 1)]
    assert warehouse.rows("select count(*) from marts.fct_activity") == [(40,)]
