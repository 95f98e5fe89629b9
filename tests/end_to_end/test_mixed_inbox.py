"""A realistic night without Airflow: many departments' sheets, text and workbook, through
the loader, Great Expectations and dbt, checked against what the sheets say.

The inbox holds the hand-written department sheets of tests/extract/departments/ (other
encodings, units, 소계 rows, several sources, two sheets in one file …) and generated
sheets in both formats. Every one is a valid sheet: nothing may be quarantined, and every
sheet's budget must reach fct_budget_execution to the won.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from extract.sheets import extract_file
from sheetmaker.generator import write_inbox

pytestmark = pytest.mark.slow

DEPARTMENTS = Path(__file__).resolve().parents[1] / "extract" / "departments"


def test_a_mixed_night_reaches_the_marts_exactly(warehouse_url, tmp_path):
    from sheetfeed.load import load_inbox
    from sheetfeed.quality.validate import validate_pending
    from sheetfeed.transform.dbt import build

    inbox = tmp_path / "inbox"
    shutil.copytree(DEPARTMENTS, inbox / "departments")
    write_inbox(inbox / "generated", 24, seed=11, formats=("txt", "xlsx"))
    sheets = [sheet for path in sorted(inbox.rglob("*.*")) for sheet in extract_file(path).sheets]

    loaded = load_inbox(warehouse_url, inbox, "mixed-night")
    report = validate_pending(warehouse_url, "mixed-night")
    build(warehouse_url)

    assert len(loaded.submission_ids) == len(sheets)
    with psycopg.connect(warehouse_url) as conn:
        held = conn.execute("select source_path, reason from quality.quarantine").fetchall()
        assert (report.failed, held) == (0, [])
        marts = dict(conn.execute(
            "select program_code, sum(coalesce(secured_krw, 0) + coalesce(demand_krw, 0))"
            " from marts.fct_budget_execution group by 1").fetchall())
    written = {}
    for sheet in sheets:
        leaves = [row for row in sheet["budget"] if not row["is_total"]]
        if leaves:
            written[sheet["program"]["code"]] = sum((row["secured_krw"] or 0) + (row["demand_krw"] or 0) for row in leaves)
    assert marts == written


TARGETS = ("구 분\t2018년\t2019년\t2020년\t2021년\t2022년\n"
           "민관협치 사업 확대 (중간조직 참여 사업)\t5개 사업\t7개 사업\t8개 사업\t10개 사업\t10개 사업\n"
           "다양한 규모의 협치론장 운영\t5회 이상\t5회 이상\t6회 이상\t6회 이상\t6회 이상")
LAYOUTS = {  # how other departments lay the same sheet out (each read by tests/extract/test_layouts.py)
    "unit column": [(TARGETS, "구 분\t단위\t2018년\t2019년\t2020년\t2021년\t2022년\n"
                              "민관협치 사업 확대 (중간조직 참여 사업)\t개 사업\t5\t7\t8\t10\t10\n"
                              "다양한 규모의 협치론장 운영\t회\t5 이상\t5 이상\t6 이상\t6 이상\t6 이상")],
    "target and actual rows": [(TARGETS, TARGETS.replace("\t10개 사업\n", "\t10개 사업\n\t실적\t5개 사업\t7개 사업\t8개 사업\t\t\n")
                                .replace("(중간조직 참여 사업)\t", "(중간조직 참여 사업) 목표\t"))],
    "numbered titles": [("□ 사업개요", "Ⅱ. 사업개요"), ("□ 추진실적", "5. 추진실적"), ("□ 향후계획", "○ 향후 추진계획")],
    "unit in the title": [("□ 연차별 투자수요 및 집행액\n\n(단위 : 백만원)", "□ 연차별 투자수요 및 집행액 (단위 : 백만원)")],
    "year lines": [("【19년 1분기】", "2019년\n[1분기]"), ("【19년 2분기】", "[2분기]"), ("【19년 3분기】", "[3분기]"),
                   ("【19년 4분기】", "[4분기]")],
    "closing dates": [("- '19. 5. : 마을정보관 설치(민관협치 사업) 완료", "- 마을정보관 설치(민관협치 사업) 완료 ('19. 5.)")],
    "subtotal row": [("협치기반강화\t시 비\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0",
                      "협치기반강화\t소 계\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0\n"
                      "\t시 비\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0")],
}


def test_other_layouts_of_the_seed_pass_validation_and_give_the_seeds_marts(warehouse_url, seed_sheet, tmp_path):
    from sheetfeed.load import load_inbox
    from sheetfeed.quality.validate import validate_pending
    from sheetfeed.transform.dbt import build

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = seed_sheet.read_text(encoding="utf-8")
    codes = {}
    for number, (layout, edits) in enumerate(LAYOUTS.items(), 1):
        text = seed.replace("소통행정-3\t", f"소통행정-{number}\t", 1)
        for old, new in edits:
            assert old in text, (layout, old)
            text = text.replace(old, new, 1)
        (inbox / f"{number:02d}.txt").write_text(text, encoding="utf-8")
        codes[f"소통행정-{number}"] = layout

    load_inbox(warehouse_url, inbox, "layouts")
    report = validate_pending(warehouse_url, "layouts")
    build(warehouse_url)

    with psycopg.connect(warehouse_url) as conn:
        assert (report.failed, conn.execute("select reason from quality.quarantine").fetchall()) == (0, [])
        per_program = conn.execute(
            "select program_code, (select count(*) from marts.fct_target_attainment t where t.program_code = p.program_code),"
            " (select count(*) from marts.fct_activity a where a.program_code = p.program_code),"
            " (select secured_krw from marts.fct_budget_execution b where b.program_code = p.program_code"
            "  and fiscal_year = 2019), p.period_start from marts.dim_program p order by 1").fetchall()
    assert {code: rest for code, *rest in per_program} == {code: [10, 40, 156000000, "2016-09"] for code in codes}, codes
