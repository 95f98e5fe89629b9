"""Every variation of a real sheet that SPEC §1 names, each read exactly."""
from __future__ import annotations

import pytest
from extract_helpers import messages, parse, without_positions

from sheetmaker.writer import to_xlsx


@pytest.fixture(scope="module")
def seed_record(seed_text):
    return parse(seed_text)[0]


@pytest.mark.parametrize("codec, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp949", "cp949"), ("euc-kr", "cp949"), ("utf-16", "utf-16"),
])
def test_encodings_give_the_same_record(seed_text, seed_record, codec, expected):
    sheet, = parse(seed_text.encode(codec))
    assert sheet["source"]["encoding"] == expected
    assert {**sheet, "source": None} == {**seed_record, "source": None}
    assert {**sheet["source"], "encoding": None, "sha256": None} == {**seed_record["source"], "encoding": None, "sha256": None}


def test_crlf_and_cr_keep_line_numbers(seed_text, seed_record):
    for line_end in ("\r\n", "\r"):
        sheet, = parse(seed_text.replace("\n", line_end))
        assert {k: v for k, v in sheet.items() if k != "source"} == {k: v for k, v in seed_record.items() if k != "source"}
        assert (sheet["source"]["first_line"], sheet["source"]["last_line"]) == (3, 113)


def test_several_sheets_in_one_file(seed_text):
    second = seed_text.replace("소통행정-3\t", "지역개발-09\t").replace("마을자치과", "도시재생과")
    first_sheet, second_sheet = parse(seed_text + "\n\n" + second)
    assert [s["source"]["sheet_index"] for s in (first_sheet, second_sheet)] == [0, 1]
    assert first_sheet["program"]["code"] == "소통행정-3" and first_sheet["source"]["last_line"] == 113
    assert (second_sheet["program"]["code"], second_sheet["program"]["area"], second_sheet["program"]["seq"]) == ("지역개발-09", "지역개발", 9)
    assert second_sheet["source"]["first_line"] == 117 and second_sheet["program"]["department"] == "도시재생과"
    assert len(second_sheet["activities"]) == 40 and second_sheet["activities"][0]["line"] == 37 + 114
    assert without_positions(second_sheet)["budget"] == without_positions(first_sheet)["budget"]


def _drop_section(text: str, title: str) -> str:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"□ {title}"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(("□", "작성 자"))), len(lines))
    return "\n".join(lines[:start] + lines[end:])


@pytest.mark.parametrize("title, emptied", [
    ("정책목표", lambda s: s["program"]["policy_goals"] == []),
    ("사업개요", lambda s: s["program"]["period_start"] is None and s["program"]["description"] is None),
    ("연차별 추진계획", lambda s: s["targets"] == []),
    ("연차별 투자수요", lambda s: s["budget"] == [] and s["budget_reported_totals"] == []),
    ("추진실적", lambda s: s["quarters"] == [] and s["activities"] == [] and s["program"]["reported_as_of"] is None),
    ("향후계획", lambda s: s["plans"] == []),
])
def test_any_section_missing(seed_text, seed_record, title, emptied):
    sheet, = parse(_drop_section(seed_text, title))
    assert emptied(sheet)
    assert without_positions(sheet["contacts"]) == without_positions(seed_record["contacts"])
    assert sheet["program"]["code"] == "소통행정-3" and sheet["program"]["total_budget_krw"] == 1185000000
    expected = [] if title == "추진실적" else without_positions(seed_record["warnings"])
    assert without_positions(sheet["warnings"]) == expected


def test_footer_and_head_rows_missing(seed_text):
    lines = seed_text.split("\n")
    sheet, = parse("\n".join(lines[:4] + lines[5:110]))  # no budget/department row, no footer
    assert sheet["program"]["total_budget_krw"] == 1185000000  # from 사업개요
    assert sheet["program"]["department"] is None and sheet["program"]["business_types"] == []
    assert sheet["contacts"] == [] and sheet["collaboration"] is None
    assert any("without its footer" in m for m in messages(sheet))


@pytest.mark.parametrize("cell, krw", [
    ("1,185백만원", 1185000000), ("4.35억원", 435000000), ("11.85 억원", 1185000000), ("1,185,000천원", 1185000000),
    ("1,185,000,000원", 1185000000), ("0.5백만원", 500000), ("비예산", None),
])
def test_money_units(seed_text, cell, krw):
    text = seed_text.replace("총사업비\t1,185백만원", f"총사업비\t{cell}").replace("- 총사업비 : 1,185백만원", f"- 총사업비 : {cell}")
    sheet, = parse(text)
    assert sheet["program"]["total_budget_krw"] == krw
    assert not any("differs" in m for m in messages(sheet))


@pytest.mark.parametrize("unit, cells, secured_2019", [
    ("천원", "138,000\t131,000\t156,500.0005", None), ("억원", "1.38\t1.31\t1.565", 156500000), ("원", "138000000\t131000000\t156000000", 156000000),
])
def test_budget_table_units_and_decimals(seed_text, unit, cells, secured_2019):
    text = seed_text.replace("(단위 : 백만원)", f"(단위 : {unit})")
    text = text.replace("협치기반강화\t시 비\t1,185\t405\t138\t131\t156", f"협치기반강화\t시 비\t1,185\t405\t{cells}")
    sheet, = parse(text)
    leaf = {row["year"]: row for row in sheet["budget"] if not row["is_total"]}
    assert leaf[2019]["secured_krw"] == secured_2019
    if secured_2019 is None:  # 156,500.5천원 is not a whole number of won: a warning, not a guess
        assert any("budget 2019 secured" in m and "whole number" in m for m in messages(sheet))


def test_zero_is_zero_and_empty_is_null(seed_text):
    text = seed_text.replace("협치기반강화\t시 비\t1,185\t405\t138\t131", "협치기반강화\t시 비\t1,185\t405\t138\t")
    leaf = {row["year"]: row for row in parse(text)[0]["budget"] if not row["is_total"]}
    assert leaf[2018]["executed_krw"] is None and leaf[2021]["executed_krw"] == 0


def test_blank_line_item_repeats_the_one_above(seed_text):
    row = "협치기반강화\t시 비\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0"
    text = seed_text.replace(row, row + "\n\t국 비\t10\t0\t10\t0\t\t\t\t\t\t\t\t")
    sheet, = parse(text)
    national = [r for r in sheet["budget"] if r["funding_source"] == "국비"]
    assert len(national) == 5 and all(r["line_item"] == "협치기반강화" and r["line"] == 32 for r in national)
    assert national[0]["secured_krw"] == 10000000 and national[1]["secured_krw"] is None


@pytest.mark.parametrize("written, rate", [("100%", 100), ("60 %", 60), ("87.5%", 87.5), ("-", None), ("45", 45)])
def test_rates(seed_text, written, rate):
    sheet, = parse(seed_text.replace("이행률(%)\t100%", f"이행률(%)\t{written}"))
    assert sheet["program"]["implementation_rate_pct"] == rate
    assert sheet["warnings"] == parse(seed_text)[0]["warnings"]


@pytest.mark.parametrize("status", ["정상추진", "추진중", "일부추진", "보류", "완료", "이행후 계속추진", "정상 추진"])
def test_status_words_verbatim(seed_text, status):
    assert parse(seed_text.replace("완료(계속)", status, 1))[0]["program"]["status"] == status


@pytest.mark.parametrize("completion, target, year", [("임기내 (2022)", "임기내", 2022), ("임기후", "임기후", None),
                                                      ("2023년", None, 2023), ("임기내(2021)", "임기내", 2021),
                                                      ("2022년 6월", None, 2022), ("임기내 (2022년)", "임기내", 2022)])
def test_completion(seed_text, completion, target, year):
    program = parse(seed_text.replace("임기내 (2022)", completion))[0]["program"]
    assert (program["completion_target"], program["completion_year"]) == (target, year)


@pytest.mark.parametrize("date, year, month", [("'19. 5.", 2019, 5), ("'19.5.", 2019, 5), ("2019. 5.", 2019, 5),
                                               ("19.5.", 2019, 5), ("‘19. 5.", 2019, 5), ("2019년 5월", 2019, 5)])
def test_activity_date_forms(seed_text, date, year, month):
    sheet, = parse(seed_text.replace("- '19. 5. : 2019 금천 주민", f"- {date} : 2019 금천 주민"))
    activity = sheet["activities"][2]
    assert (activity["year"], activity["month"], activity["text"]) == (year, month, "2019 금천 주민 협치 요리조리학교 실시")


@pytest.mark.parametrize("date, year, month", [("'21.10.", 2021, 10), ("2022. 3.", 2022, 3), ("22.3.", 2022, 3), ("'21. 10.", 2021, 10)])
def test_plan_date_forms(seed_text, date, year, month):
    plan = parse(seed_text.replace("- '21.10. :", f"- {date} :"))[0]["plans"][0]
    assert (plan["year"], plan["month"], plan["text"]) == (year, month, "2021년 금천 주민 협치 요리조리학교 실시")


@pytest.mark.parametrize("header", ["【2019년 2분기】", "【19년 2분기】", "【 19년 2/4분기 】", "[2019년 2분기]"])
def test_quarter_header_forms(seed_text, header):
    sheet, = parse(seed_text.replace("【19년 2분기】", header))
    quarter = sheet["quarters"][1]
    assert (quarter["year"], quarter["quarter"], quarter["line"]) == (2019, 2, 40)
    assert [c["label"] for c in quarter["counts"]] == ["민관협치 사업 완료", "협치론장 운영"]
    assert sheet["warnings"] == parse(seed_text)[0]["warnings"]


def test_activities_without_a_date_or_month(seed_text):
    text = seed_text.replace("- '19. 5. : 마을정보관", "- 마을정보관").replace("- '19. 6. : G밸리", "- '19. : G밸리")
    sheet, = parse(text)
    undated = [a for a in sheet["activities"] if a["line"] == 44][0]
    assert (undated["year"], undated["month"], undated["reported_year"], undated["reported_quarter"]) == (None, None, 2019, 2)
    assert undated["text"] == "마을정보관 설치(민관협치 사업) 완료"
    year_only = [a for a in sheet["activities"] if a["line"] == 46][0]
    assert (year_only["year"], year_only["month"], year_only["text"][:3]) == (2019, None, "G밸리")
    assert sheet["warnings"] == parse(seed_text)[0]["warnings"]


def test_funding_sources_lose_inner_spaces(seed_text):
    for written in ("시 비", "시비", " 시  비 "):
        sheet, = parse(seed_text.replace("\t시 비\t", f"\t{written}\t"))
        assert {r["funding_source"] for r in sheet["budget"] if not r["is_total"]} == {"시비"}


def test_count_summaries_with_any_unit(seed_text):
    summary = "공유공간 3개소 조성, 주민 1,200명 참여, 민원 15건 처리, 협치론장 운영 : 2 회, 홍보 추진"
    sheet, = parse(seed_text.replace("【19년 3분기】 - 민관협치 사업 4개 완료", f"【19년 3분기】 - {summary}"))
    quarter = sheet["quarters"][2]
    assert quarter["summary"] == summary
    assert [(c["label"], c["value"], c["unit"]) for c in quarter["counts"]] == [
        ("공유공간 조성", 3, "개소"), ("주민 참여", 1200, "명"), ("민원 처리", 15, "건"), ("협치론장 운영", 2, "회")]


def test_summary_on_the_line_after_the_header(seed_text):
    sheet, = parse(seed_text.replace("【19년 1분기】 - 협치론장 운영 : 1회", "【19년 1분기】\n- 협치론장 운영 : 1회"))
    quarter = sheet["quarters"][0]
    assert quarter["summary"] == "협치론장 운영 : 1회" and quarter["counts"][0]["value"] == 1
    assert len(sheet["activities"]) == 40


def test_whitespace_collapsed_and_korean_verbatim(seed_text):
    sheet, = parse(seed_text.replace("장애인, 체육, 직능", "장애인,  체육,\u3000 직능"))
    assert sheet["program"]["title"] == "장애인, 체육, 직능, 사회단체 등과 협치 강화"


def test_period_with_an_end(seed_text):
    for written in ("2016년 9월 ~ 2022년 6월", "2016. 9. ~ 2022. 6.", "'16. 9.~'22. 6."):
        program = parse(seed_text.replace("2016년 9월 ~", written))[0]["program"]
        assert (program["period_start"], program["period_end"]) == ("2016-09", "2022-06")


def test_a_value_that_reads_like_a_label_is_still_the_value(seed_text):
    sheet, = parse(seed_text.replace("추진부서\t마을자치과", "추진부서\t담당부서"))
    assert sheet["program"]["department"] == "담당부서" and sheet["warnings"] == parse(seed_text)[0]["warnings"]
    blank, = parse(seed_text.replace("이행률(%)\t100%", "이행률(%)\t"))
    assert blank["program"]["implementation_rate_pct"] is None and blank["program"]["completion_year"] == 2022


def test_section_titles_and_footer_in_a_later_column(seed_text):
    text = seed_text.replace("□ 정책목표", "\t□ 정책목표").replace("작성 자\t", "\t작성 자\t")
    sheet, = parse(text)
    assert len(sheet["program"]["policy_goals"]) == 1 and len(sheet["contacts"]) == 3
    assert sheet["warnings"] == parse(seed_text)[0]["warnings"]


def test_budget_table_without_the_total_columns(seed_text, seed_record):
    lines = seed_text.split("\n")
    for number in (27, 28, 29, 30):  # lines 28–31: drop the 합계 column pair (cells 3 and 4)
        cells = lines[number].split("\t")
        lines[number] = "\t".join(cells[:2] + cells[4:])
    sheet, = parse("\n".join(lines))
    assert sheet["budget_reported_totals"] == []
    assert sheet["budget"] == seed_record["budget"]


SEED_LEAF = "협치기반강화\t시 비\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0\n"


@pytest.mark.parametrize("subtotal_row", [
    "협치기반강화\t소 계\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0\n",  # 소계 in the 재원 column
    "소계\t\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0\n",             # or in place of the item
])
def test_a_subtotal_row_is_its_line_items_total_not_a_line(seed_text, subtotal_row):
    parts = ("협치기반강화\t국 비\t1,000\t330\t100\t100\t150\t130\t250\t100\t200\t0\t300\t0\n"
             "\t시 비\t185\t75\t38\t31\t6\t6\t50\t38\t91\t0\t0\t0\n")
    first = subtotal_row.startswith("협치")
    sheet, = parse(seed_text.replace(SEED_LEAF, subtotal_row + parts if first else parts + subtotal_row))
    in_2019 = [(b["line_item"], b["funding_source"], b["is_total"], b["secured_krw"], b["executed_krw"])
               for b in sheet["budget"] if b["year"] == 2019]
    subtotal = ("협치기반강화", None, True, 156000000, 136000000)
    leaves = [("협치기반강화", "국비", False, 150000000, 130000000), ("협치기반강화", "시비", False, 6000000, 6000000)]
    assert in_2019 == [("계", None, True, 156000000, 136000000), *([subtotal] + leaves if first else leaves + [subtotal])]
    assert ("협치기반강화", None, True, 1185000000, 405000000) in [
        (t["line_item"], t["funding_source"], t["is_total"], t["secured_and_demand_krw"], t["executed_krw"])
        for t in sheet["budget_reported_totals"]]
    assert messages(sheet) == ["activity dated 2020-02 is outside its reported quarter 2020 Q2"]
    workbook, = parse(to_xlsx(sheet), "subtotal.xlsx")
    assert without_positions(workbook) == without_positions(sheet)
