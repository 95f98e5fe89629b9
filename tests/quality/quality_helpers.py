"""Seed variants for the quality tests: the seed sheet with one rule broken each."""
from __future__ import annotations

from pathlib import Path

import psycopg

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED = REPO_ROOT / "sample_inbox" / "000_e072749cb9628477.txt"

# The seed's one warning: the activity '20. 2. reported under 【20년 2분기】 (line 71).
SEED_WARNING = ("activity_month_inside_reported_quarter", 71)

# rule -> (edits of the seed text, the line the finding must point to)
ERROR_VARIANTS = {
    "program_code_pattern": ([("소통행정-3\t", "소통Admin-3\t")], 3),
    # Head-of-sheet errors point at the line their field is on: status and rate on line 4, budget line 5.
    "required_header_fields": ([("추진현황\t완료(계속)\t", "추진현황\t\t")], 4),
    "department_present": ([("추진부서\t마을자치과", "추진부서\t")], 5),
    "rate_within_0_100": ([("이행률(%)\t100%", "이행률(%)\t120%")], 4),
    "header_total_matches_budget_table": ([("총사업비\t1,185백만원", "총사업비\t1,285백만원")], 5),
    "budget_row_total_equals_sum_of_years": ([("협치기반강화\t시 비\t1,185\t405", "협치기반강화\t시 비\t1,186\t405")], 31),
    "leaf_rows_add_up_to_total": ([("협치기반강화\t시 비\t1,185\t405\t138\t131\t156",
                                    "협치기반강화\t시 비\t1,186\t405\t138\t131\t157")], 30),
}

# rule -> (edits, the line of its first finding); the seed's own warning stays too.
WARNING_VARIANTS = {
    "status_known": ([("추진현황\t완료(계속)\t", "추진현황\t진행중\t")], 4),
    "executed_not_above_secured": ([("\t1,185\t405\t138\t131\t156\t136\t", "\t1,185\t435\t138\t131\t156\t166\t")] * 2, 30),
    "reported_year_inside_program_period": ([("사업기간 : 2016년 9월 ~", "사업기간 : 2020년 1월 ~")], 35),
    "contact_extension_format": ([("한만석 (1040)", "한만석 (104)")], 111),
    "quarterly_counts_match_activities": ([("【19년 1분기】 - 협치론장 운영 : 1회", "【19년 1분기】 - 협치론장 운영 : 0회")], 35),
    "plan_not_before_reporting": ([("- '21.10. :", "- '21. 4. :")], 107),
    "collaboration_content_present": ([("협업내용\t시민참여예산 추진 및 민관협치 추진", "협업내용\t")], 112),
    "target_cell_numeric": ([("\t7개 사업\t", "\t실시설계\t")], 20),
    # The leaf row split in two under a merged 구분 cell (the blank line 32 becomes its second part).
    "budget_line_not_repeated": ([("협치기반강화\t시 비\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0\n",
                                   "협치기반강화\t시 비\t1,000\t330\t100\t100\t150\t130\t250\t100\t200\t0\t300\t0\n"
                                   "\t시 비\t185\t75\t38\t31\t6\t6\t50\t38\t91\t0\t0\t0")], 32),
    # The forum target written again on the blank line 22, with other values.
    "target_metric_not_repeated": ([("6회 이상\t6회 이상\n\n□ 연차별 투자수요",
                                     "6회 이상\t6회 이상\n다양한 규모의 협치론장 운영\t7회\t7회\t7회\t7회\t7회\n"
                                     "□ 연차별 투자수요")], 22),
}


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def variant(edits: list[tuple[str, str]]) -> str:
    """The seed with each (old, new) edit applied once, in order; an edit that matches nothing is a test bug."""
    text = seed_text()
    for old, new in edits:
        assert old in text, f"edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    return text


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def land_and_validate(url: str, inbox: Path, pipeline_run_id: str = "quality-test"):
    """Load the inbox with the real loader, then run one validation; (load report, validation report)."""
    from sheetfeed.load import load_inbox
    from sheetfeed.quality.validate import validate_pending

    loaded = load_inbox(url, inbox, pipeline_run_id)
    return loaded, validate_pending(url, pipeline_run_id)


def rows(url: str, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def submission_of(url: str, path: Path) -> int:
    (sid,) = rows(url, "select submission_id from raw.submissions where source_path = %s", (str(path),))[0]
    return sid
