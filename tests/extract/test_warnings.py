"""Doubts become warnings with line numbers, never silent drops or guesses."""
from __future__ import annotations

from extract_helpers import messages, parse


def test_activity_outside_its_reported_quarter(seed_text):
    sheet, = parse(seed_text)
    assert sheet["warnings"] == [{"line": 71, "message": "activity dated 2020-02 is outside its reported quarter 2020 Q2"}]
    moved, = parse(seed_text.replace("- '19. 7. : 공원의 턱이", "- '18. 7. : 공원의 턱이"))
    assert {"line": 50, "message": "activity dated 2018-07 is outside its reported quarter 2019 Q3"} in moved["warnings"]


def test_years_outside_the_program_period(seed_text):
    sheet, = parse(seed_text.replace("2016년 9월 ~", "2019년 1월 ~ 2020년 12월"))
    found = {(w["line"], w["message"]) for w in sheet["warnings"]}
    assert (19, "target year 2018 is outside the program period 2019-01 ~ 2020-12") in found
    assert (19, "target year 2022 is outside the program period 2019-01 ~ 2020-12") in found
    assert any(line == 27 and "budget year 2018" in message for line, message in found)
    assert any(line == 89 and "reported quarter year 2021" in message for line, message in found)
    assert any(line == 91 and "activity year 2021" in message for line, message in found)
    assert len(sheet["targets"]) == 10 and len(sheet["budget"]) == 10  # kept, only flagged


def test_cells_that_do_not_parse(seed_text):
    text = (seed_text.replace("이행률(%)\t100%", "이행률(%)\t백퍼센트")
            .replace("협치기반강화\t시 비\t1,185\t405\t138", "협치기반강화\t시 비\t1,185\t405\t백삼십팔")
            .replace("- '19. 5. : 2019 금천", "- '19. 13. : 2019 금천")
            .replace("2016년 9월 ~", "2016년 봄 ~"))
    sheet, = parse(text)
    by_line = {w["line"]: w["message"] for w in sheet["warnings"]}
    assert sheet["program"]["implementation_rate_pct"] is None and "implementation rate" in by_line[4]
    leaf_2018 = [r for r in sheet["budget"] if not r["is_total"] and r["year"] == 2018][0]
    assert leaf_2018["secured_krw"] is None and leaf_2018["executed_krw"] == 131000000
    assert "budget 2018 secured" in by_line[31] and "백삼십팔" in by_line[31]
    activity = [a for a in sheet["activities"] if a["line"] == 42][0]
    assert (activity["year"], activity["month"]) == (None, None) and "'19. 13." in activity["text"]
    assert "month 13" in by_line[42]
    assert sheet["program"]["period_start"] is None and "program period" in by_line[13]


def test_unknown_section_is_kept_as_text(seed_text):
    text = seed_text.replace("□ 향후계획", "□ 주민 의견\n\n- 협치론장 확대 요청 다수\n- 예산 증액 건의\n\n□ 향후계획")
    sheet, = parse(text)
    assert {"line": 105, "message": "unknown section □ 주민 의견: kept as text in other_sections"} in sheet["warnings"]
    assert sheet["other_sections"] == [{"title": "주민 의견", "line": 105, "text": "- 협치론장 확대 요청 다수\n- 예산 증액 건의"}]
    assert len(sheet["plans"]) == 3


def test_stray_text_is_reported(seed_text):
    text = seed_text.replace("총사업비\t1,185백만원", "총사업비\t1,185백만원\t비고\t재검토")
    text = text.replace("- 사업내용 :", "- 추진배경 : 주민 요구\n- 사업내용 :")
    text = "메모: 2차 제출본\n" + text + "\n붙임 자료 별도"
    sheet, = parse(text)
    found = messages(sheet)
    assert any("text before the first title row" in m and "2차 제출본" in m for m in found)
    assert any("head cells not understood" in m and "재검토" in m for m in found)
    assert any("사업개요 line not understood" in m and "추진배경" in m for m in found)
    assert any("text after the footer" in m and "붙임 자료 별도" in m for m in found)
    assert sheet["program"]["description"].startswith("체계화된")


def test_overview_budget_that_disagrees_with_the_head(seed_text):
    sheet, = parse(seed_text.replace("- 총사업비 : 1,185백만원", "- 총사업비 : 1,200백만원"))
    assert sheet["program"]["total_budget_krw"] == 1185000000
    assert any("differs" in m and w["line"] == 15 for w in sheet["warnings"] for m in [w["message"]])


def test_budget_table_without_a_unit_line(seed_text):
    sheet, = parse(seed_text.replace("(단위 : 백만원)", ""))
    assert all(row["secured_krw"] is None and row["demand_krw"] is None for row in sheet["budget"])
    assert any("no (단위" in m for m in messages(sheet))


def test_file_cut_short_yields_what_was_complete(seed_text):
    lines = seed_text.split("\n")
    sheet, = parse("\n".join(lines[:60]))  # ends inside 추진실적, 2019 Q4
    assert len(sheet["targets"]) == 10 and len(sheet["budget"]) == 10
    assert [(q["year"], q["quarter"]) for q in sheet["quarters"]] == [(2019, 1), (2019, 2), (2019, 3), (2019, 4)]
    assert sheet["program"]["reported_as_of"] == "2019-12-31"
    assert {"line": 60, "message": "the sheet stops at line 60 without its footer (작성 자, 협업부서): the file may be cut short"} in sheet["warnings"]


def test_file_cut_inside_a_character(seed_text):
    data = seed_text.encode("utf-8")
    cut = data[:data.index("협치론장 운영 : 1회".encode()) + 2]  # inside 협's three bytes
    sheet, = parse(cut)
    assert any(w["line"] == 35 and "cut short" in w["message"] for w in sheet["warnings"])
    cp949 = seed_text.encode("cp949")
    sheet, = parse(cp949[:cp949.index("협치론장 운영 : 1회".encode("cp949")) + 1])
    assert sheet["source"]["encoding"] == "cp949" and any("inside a character" in m for m in messages(sheet))


def test_warnings_are_sorted_and_each_has_a_line_and_message(seed_text):
    text = seed_text.replace("2016년 9월 ~", "2019년 1월 ~").replace("이행률(%)\t100%", "이행률(%)\t?")
    sheet, = parse(text)
    lines = [w["line"] for w in sheet["warnings"]]
    assert lines == sorted(lines) and all(isinstance(w["message"], str) and w["message"] for w in sheet["warnings"])


def test_note_under_the_budget_table_is_not_a_budget_line(seed_text):
    row = "협치기반강화\t시 비\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0"
    sheet, = parse(seed_text.replace(row, row + "\n※ 2022년은 본예산 기준"))
    assert len(sheet["budget"]) == 10
    assert {"line": 32, "message": "budget table row without amounts, kept as text: ※ 2022년은 본예산 기준"} in sheet["warnings"]
    assert sheet["other_sections"] == [{"title": "연차별 투자수요 및 집행액", "line": 32, "text": "※ 2022년은 본예산 기준"}]
