"""Layouts of the template that vary between departments and years, each read exactly.

Every test mutates the seed (or writes a small sheet) one way a 구청 department lays
the template out differently, and asserts the facts read and the warnings given.
Where a sheet is truly ambiguous the reading is a warning naming the line.
"""
from __future__ import annotations

import pytest
from extract_helpers import messages, parse, without_positions

SEED_WARNING = "activity dated 2020-02 is outside its reported quarter 2020 Q2"
HEAD_STATUS = "추진현황\t완료(계속)\t이행률(%)\t100%\t완료시기 (완료연도)\t임기내 (2022)"
HEAD_BUDGET = "총사업비\t1,185백만원\t사업유형\t계속/자체/운영\t추진부서\t마을자치과"


@pytest.fixture(scope="module")
def seed_record(seed_text):
    return parse(seed_text)[0]


def _same_but_lines(sheet: dict, record: dict) -> None:
    assert without_positions(sheet) == without_positions(record)


# --- the head ---------------------------------------------------------------------------

@pytest.mark.parametrize("old, new", [
    ("추진현황", "추진상황"), ("이행률(%)", "이행율(%)"), ("이행률(%)", "이행률"),
    ("완료시기 (완료연도)", "완료예정"), ("완료시기 (완료연도)", "완료 시기"), ("완료시기 (완료연도)", "완료예정 시기"),
    ("총사업비\t1,185", "사업비\t1,185"), ("총사업비\t1,185", "총 사업비\t1,185"),
    ("추진부서", "주관부서"), ("추진부서", "담당부서"), ("추진부서", "소관부서"), ("사업유형", "사업 유형"),
])
def test_head_labels_worded_differently(seed_text, seed_record, old, new):
    sheet, = parse(seed_text.replace(old, new, 1))
    assert {**sheet, "source": None} == {**seed_record, "source": None}


@pytest.mark.parametrize("head", [
    # more rows: a pair per row, or two pairs then one
    "\n".join(("추진현황\t완료(계속)", "이행률(%)\t100%", "완료시기 (완료연도)\t임기내 (2022)",
               "총사업비\t1,185백만원", "사업유형\t계속/자체/운영", "추진부서\t마을자치과")),
    "추진현황\t완료(계속)\t이행률(%)\t100%\n완료시기 (완료연도)\t임기내 (2022)\n" + HEAD_BUDGET,
    # fewer rows: all six pairs on one
    HEAD_STATUS + "\t" + HEAD_BUDGET,
])
def test_head_fields_over_more_or_fewer_rows(seed_text, seed_record, head):
    sheet, = parse(seed_text.replace(HEAD_STATUS + "\n" + HEAD_BUDGET, head))
    _same_but_lines(sheet, seed_record)


@pytest.mark.parametrize("written, target, year", [("2022. 6.", None, 2022), ("2022.6.", None, 2022),
                                                   ("임기내 (2022. 6.)", "임기내", 2022)])
def test_completion_written_as_a_dotted_date(seed_text, written, target, year):
    """``2022. 6.`` is a year and month as ``2022년 6월`` is: the ``. 6.`` is no target word."""
    program = parse(seed_text.replace("임기내 (2022)", written))[0]["program"]
    assert (program["completion_target"], program["completion_year"]) == (target, year)


def test_pledge_number_row_before_the_title_row(seed_text, seed_record):
    """A 공약번호/공약명 row above the title row belongs to no sheet yet: warned, with its line."""
    sheet, = parse(seed_text.replace("소통행정-3\t", "공약번호\t3\t공약명\t협치 강화\n소통행정-3\t"))
    assert sheet["warnings"][0] == {"line": 3, "message": "text before the first title row, ignored: 공약번호 | 3 | 공약명 | 협치 강화"}
    assert without_positions(sheet["program"]) == without_positions(seed_record["program"])


def test_title_followed_by_a_note_cell(seed_text, seed_record):
    """``(공약 세부사업)`` in the cell after the title: not the title, and not dropped silently."""
    sheet, = parse(seed_text.replace("협치 강화\t\t\t\t", "협치 강화\t(공약 세부사업)\t\t\t"))
    assert sheet["program"]["title"] == seed_record["program"]["title"]
    assert messages(sheet) == ["title row has extra cells, ignored: (공약 세부사업)", SEED_WARNING]


# --- section titles ---------------------------------------------------------------------

@pytest.mark.parametrize("old, new", [
    ("□ 연차별 추진계획", "□ 추진 계획"), ("□ 연차별 추진계획", "□ 연도별 추진계획"), ("□ 연차별 추진계획", "□ 연차별 목표"),
    ("□ 연차별 투자수요 및 집행액", "□ 예산 현황"), ("□ 연차별 투자수요 및 집행액", "□ 연차별 투자계획 및 집행실적"),
    ("□ 연차별 투자수요 및 집행액", "□ 소요예산"), ("□ 연차별 투자수요 및 집행액", "□ 재원조달 계획"),
    ("□ 추진실적", "□ 분기별 추진실적"), ("□ 추진실적", "□ 주요 추진실적"), ("□ 추진실적", "□ 추진상황"),
    ("□ 향후계획", "□ 향후 추진계획"), ("□ 향후계획", "□ 향후 추진 일정"),
])
def test_section_titles_worded_differently(seed_text, seed_record, old, new):
    sheet, = parse(seed_text.replace(old, new, 1))
    assert {**sheet, "source": None} == {**seed_record, "source": None}


NUMBERED = ["정책목표", "사업개요", "연차별 추진계획", "연차별 투자수요 및 집행액", "추진실적", "향후계획"]


@pytest.mark.parametrize("marks", [
    ["1.", "2.", "3.", "4.", "5.", "6."], ["Ⅰ.", "Ⅱ.", "Ⅲ.", "Ⅳ.", "Ⅴ.", "Ⅵ."], ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ"],
    ["가.", "나.", "다.", "라.", "마.", "바."], ["○"] * 6, ["■"] * 6, ["1)", "2)", "3)", "4)", "5)", "6)"],
])
def test_section_titles_numbered_or_marked_otherwise(seed_text, seed_record, marks):
    """Before, ``Ⅰ. 사업개요`` or ``○ 사업개요`` was glued to the 정책목표 bullet above it and the
    program period was lost without a word; ``1. 정책목표`` went into the head, its goal dropped."""
    text = seed_text
    for mark, title in zip(marks, NUMBERED):
        text = text.replace(f"□ {title}", f"{mark} {title}", 1)
    sheet, = parse(text)
    assert {**sheet, "source": None} == {**seed_record, "source": None}


@pytest.mark.parametrize("line, glued", [("○ 추진실적 보고회 개최", False), ("1. 협치회의 개최", True), ("■ 2019 협치 교육", True)])
def test_a_marked_line_that_is_no_title_stays_in_its_section(seed_text, line, glued):
    """Only words of the template's titles make a ``○``/``1.``/``■`` line a section title. A
    ``○`` line is a bullet; ``1.`` and ``■`` start none, so, as any line without a bullet
    mark, they continue the activity above (as before)."""
    sheet, = parse(seed_text.replace("- '19. 5. : 마을정보관 설치(민관협치 사업) 완료", line))
    texts = [a["text"] for a in sheet["activities"]]
    if glued:
        assert len(texts) == 39 and texts[3].endswith(" " + line)
    else:
        assert len(texts) == 40 and texts[4] == line[2:] and sheet["activities"][4]["reported_quarter"] == 2
    assert messages(sheet) == [SEED_WARNING]


def test_unknown_titles_still_warn(seed_text):
    sheet, = parse(seed_text.replace("□ 정책목표", "Ⅰ. 추진배경 및 목적").replace("□ 향후계획", "□ 추진일정"))
    assert sheet["program"]["policy_goals"] == [] and sheet["plans"] == []
    assert messages(sheet) == ["unknown section □ 추진배경 및 목적: kept as text in other_sections", SEED_WARNING,
                               "unknown section □ 추진일정: kept as text in other_sections"]
    assert [s["title"] for s in sheet["other_sections"]] == ["추진배경 및 목적", "추진일정"]


# --- the budget table -------------------------------------------------------------------

BUDGET_TITLE = "□ 연차별 투자수요 및 집행액"


def _budget_sheet(seed_text: str, table: str, title: str = BUDGET_TITLE + "\n\n(단위 : 백만원)") -> dict:
    """The seed with its budget section replaced by ``title`` and a 2019–2020 ``table``."""
    lines = seed_text.split("\n")
    start = lines.index(BUDGET_TITLE)
    end = lines.index("□ 추진실적")
    sheet, = parse("\n".join(lines[:start] + title.split("\n") + [""] + table.split("\n") + [""] + lines[end:]))
    return sheet


def _budget_facts(sheet: dict) -> list[tuple]:
    return [(b["line_item"], b["funding_source"], b["year"], b["secured_krw"], b["demand_krw"], b["executed_krw"])
            for b in sheet["budget"]]


TWO_YEARS = [("계", None, 2019, 156000000, None, 136000000), ("계", None, 2020, 300000000, None, 138000000),
             ("협치", "시비", 2019, 156000000, None, 136000000), ("협치", "시비", 2020, 300000000, None, 138000000)]


@pytest.mark.parametrize("kinds", ["예산액\t집행액\t예산액\t집행액", "예산\t집행\t예산\t집행", "확보\t집행\t확보\t집행",
                                   "편성액\t집행액\t편성액\t집행액"])
def test_budget_amount_headers_worded_differently(seed_text, kinds):
    """``예산``/``편성액`` without 액 or with it are what was secured; before, a bare ``예산`` column was dropped."""
    sheet = _budget_sheet(seed_text, f"구 분\t재원별\t2019년\t\t2020년\n\t\t{kinds}\n계\t\t156\t136\t300\t138\n협치\t시 비\t156\t136\t300\t138")
    assert _budget_facts(sheet) == TWO_YEARS and messages(sheet) == [SEED_WARNING]


def test_execution_rate_column_is_no_money(seed_text):
    """Before, ``집행률(%)`` read as 집행액 and overwrote it: 87.2 → 87,200,000원 executed."""
    sheet = _budget_sheet(seed_text, "구 분\t재원별\t2019년\t\t\t2020년\n\t\t확보액\t집행액\t집행률(%)\t확보액\t집행액\t집행율\n"
                                     "계\t\t156\t136\t87.2\t300\t138\t46\n협치\t시 비\t156\t136\t87.2\t300\t138\t46")
    assert _budget_facts(sheet) == TWO_YEARS and messages(sheet) == [SEED_WARNING]


def test_two_columns_of_one_kind_under_a_year_are_warned(seed_text):
    sheet = _budget_sheet(seed_text, "구 분\t재원별\t2019년\n\t\t확보액\t집행액\t집행액(이월)\n계\t\t156\t136\t20\n협치\t시 비\t156\t136\t20")
    assert _budget_facts(sheet) == [TWO_YEARS[0], TWO_YEARS[2]]
    assert messages(sheet)[0] == "budget column 5 repeats 2019 executed (집행액(이월)): ignored, the first such column is read"


def test_note_column_at_the_end(seed_text):
    """A 비고 cell is kept as text with a warning on its line, never read as money nor dropped."""
    sheet = _budget_sheet(seed_text, "구 분\t재원별\t2019년\t\t2020년\t\t비고\n\t\t확보액\t집행액\t확보액\t집행액\n"
                                     "계\t\t156\t136\t300\t138\n협치\t시 비\t156\t136\t300\t138\t이월 포함")
    assert _budget_facts(sheet) == TWO_YEARS
    assert sheet["warnings"][0] == {"line": 30, "message": "budget 비고 kept as text: 이월 포함"}
    assert sheet["other_sections"] == [{"title": "연차별 투자수요 및 집행액 비고", "line": 30, "text": "이월 포함"}]


@pytest.mark.parametrize("title, corner", [
    (BUDGET_TITLE, "구 분 (단위: 백만원)"),                           # in the 구 분 header cell
    (BUDGET_TITLE + " (단위 : 백만원)", "구 분"),                      # in the section title
    (BUDGET_TITLE + "\t\t\t\t(단위 : 백만원)", "구 분"),               # right of the title, in its row
])
def test_table_unit_written_elsewhere(seed_text, title, corner):
    """Before, a unit in the 구 분 cell took the header row with it (no budget at all), and
    one in the title was not seen (every amount null, a warning per cell)."""
    sheet = _budget_sheet(seed_text, f"{corner}\t재원별\t2019년\t\t2020년\n\t\t확보액\t집행액\t확보액\t집행액\n"
                                     "계\t\t156\t136\t300\t138\n협치\t시 비\t156\t136\t300\t138", title)
    assert _budget_facts(sheet) == TWO_YEARS and messages(sheet) == [SEED_WARNING]


def test_triangle_and_parentheses_are_a_minus(seed_text):
    """``△10`` (백만원) is -10,000,000원, as Korean accounts write a cut, and so is ``(10)``, as accounting exports do."""
    sheet = _budget_sheet(seed_text, "구 분\t재원별\t2019년\t\t2020년\n\t\t확보액\t집행액\t확보액\t집행액\n"
                                     "계\t\t156\t136\t△10\t138\n협치\t시 비\t156\t136\t(10)\t138")
    assert [b["secured_krw"] for b in sheet["budget"] if b["year"] == 2020] == [-10000000, -10000000]
    assert not any("(10)" in message for message in messages(sheet))


def test_years_as_rows_is_warned_not_guessed(seed_text):
    sheet = _budget_sheet(seed_text, "연도\t국비\t시비\t구비\t계\n2019년\t0\t156\t0\t156\n2020년\t0\t300\t0\t300")
    assert sheet["budget"] == [] and sheet["budget_reported_totals"] == []
    assert {"line": 25, "message": "연차별 투자수요 및 집행액 has no year and 확보액/집행액 header: no budget read"} in sheet["warnings"]


# --- the targets table ------------------------------------------------------------------

SEED_TARGETS = ("구 분\t2018년\t2019년\t2020년\t2021년\t2022년\n"
                "민관협치 사업 확대 (중간조직 참여 사업)\t5개 사업\t7개 사업\t8개 사업\t10개 사업\t10개 사업\n"
                "다양한 규모의 협치론장 운영\t5회 이상\t5회 이상\t6회 이상\t6회 이상\t6회 이상")


def _targets_sheet(seed_text: str, table: str) -> dict:
    assert SEED_TARGETS in seed_text
    sheet, = parse(seed_text.replace(SEED_TARGETS, table))
    return sheet


def _target_facts(sheet: dict) -> list[tuple]:
    return [(t["metric"], t["year"], t["value"], t["unit"], t["comparator"], t["raw"]) for t in sheet["targets"]]


def test_unit_column_between_the_metric_and_the_years(seed_text):
    """Before, ``단위`` was warned as a column without a year and the units were lost (null)."""
    sheet = _targets_sheet(seed_text, "지표\t단위\t2018년\t2019년\n협치 사업\t개\t5\t7\n협치론장\t회\t5 이상\t6개소 이상")
    assert _target_facts(sheet) == [("협치 사업", 2018, 5, "개", "eq", "5"), ("협치 사업", 2019, 7, "개", "eq", "7"),
                                    ("협치론장", 2018, 5, "회", "gte", "5 이상"),
                                    ("협치론장", 2019, 6, "개소", "gte", "6개소 이상")]  # a unit in the cell wins
    assert messages(sheet) == [SEED_WARNING]


@pytest.mark.parametrize("total", ["합계", "계"])
def test_total_column_among_the_years_is_warned(seed_text, total):
    sheet = _targets_sheet(seed_text, f"구 분\t{total}\t2018년\t2019년\n협치 사업\t12개\t5개\t7개")
    assert _target_facts(sheet) == [("협치 사업", 2018, 5, "개", "eq", "5개"), ("협치 사업", 2019, 7, "개", "eq", "7개")]
    assert messages(sheet)[0] == f"target columns without a year ignored: {total}"


@pytest.mark.parametrize("table", [
    "구 분\t\t2018년\t2019년\n협치 사업\t목표\t5개\t7개\n\t실적\t5개\t6개",           # 목표/실적 column, metric merged
    "구 분\t구분\t2018년\t2019년\n협치 사업\t목표\t5개\t7개\n협치 사업\t실적\t5개\t6개",  # metric repeated
    "구 분\t2018년\t2019년\n협치 사업 목표\t5개\t7개\n협치 사업 실적\t5개\t6개",        # the word after the metric
    "구 분\t2018년\t2019년\n협치 사업(목표)\t5개\t7개\n협치 사업(실적)\t5개\t6개",
])
def test_target_and_actual_rows_per_metric(seed_text, table):
    """Only the 목표 row is a target. Before, an 실적 row became targets of its own (``협치 사업
    실적`` 6개 in 2019) or, under a merged metric, a row 'without a metric'."""
    sheet = _targets_sheet(seed_text, table)
    assert _target_facts(sheet) == [("협치 사업", 2018, 5, "개", "eq", "5개"), ("협치 사업", 2019, 7, "개", "eq", "7개")]
    actual = table.split("\n")[-1]
    text = " ".join(c for c in actual.split("\t") if c)
    assert sheet["other_sections"] == [{"title": "연차별 추진계획 실적", "line": 21, "text": text}]
    assert {"line": 21, "message": f"연차별 추진계획 row of actuals (실적), not targets: kept as text: {text}"} in sheet["warnings"]


@pytest.mark.parametrize("years", ["'18년\t'19년", "2018년도\t2019년도", "18년\t19년", "'18\t'19", "2018\t2019",
                                   "2018년(목표)\t2019년(목표)"])
def test_year_headers_written_differently(seed_text, years):
    """All read as 2018 and 2019; ``2018년(목표)`` gave no targets at all before."""
    sheet = _targets_sheet(seed_text, f"구 분\t{years}\n협치 사업\t5개\t7개")
    assert _target_facts(sheet) == [("협치 사업", 2018, 5, "개", "eq", "5개"), ("협치 사업", 2019, 7, "개", "eq", "7개")]
    assert messages(sheet) == [SEED_WARNING]


def test_a_blank_metric_without_a_target_or_actual_word_is_still_warned(seed_text):
    sheet = _targets_sheet(seed_text, "구 분\t2018년\t2019년\n협치 사업\t5개\t7개\n\t6개\t8개")
    assert len(sheet["targets"]) == 2
    assert messages(sheet)[0] == "target row without a metric, kept as text: 6개 8개"


# --- the quarterly reports --------------------------------------------------------------

@pytest.mark.parametrize("header", ["【2019년 2분기 실적】", "< 19년 2분기 >", "<19년 2분기>", "〈2019년 2분기〉",
                                    "■ 2019년 2분기", "【2019. 2분기】", "【2019년 제2분기】", "[2019년 2분기 추진실적]"])
def test_quarter_headers_written_differently(seed_text, seed_record, header):
    """Before, each of these was an activity 'before any quarter header', its summary lost."""
    sheet, = parse(seed_text.replace("【19년 2분기】", header))
    _same_but_lines(sheet, seed_record)


def test_half_year_header_is_not_taken_for_a_quarter(seed_text):
    """``【2019년 상반기】`` spans two quarters: no quarter is guessed, and it is warned."""
    sheet, = parse(seed_text.replace("【19년 2분기】", "【2019년 상반기】"))
    assert [(q["year"], q["quarter"]) for q in sheet["quarters"]][:2] == [(2019, 1), (2019, 3)]
    assert sheet["activities"][1]["text"].endswith("실시") and len(sheet["activities"]) == 40
    assert sheet["warnings"][0] == {"line": 40, "message": "half-year header, not a quarter: kept as text, the activities "
                                    "under it stay in 2019 Q1: 【2019년 상반기】 - 민관협치 사업 1개 완료, 협치론장 운영 : 3회"}
    assert sheet["other_sections"][0]["line"] == 40
    assert "activity dated 2019-05 is outside its reported quarter 2019 Q1" in messages(sheet)


@pytest.mark.parametrize("bullet, text", [("○ 5월 : 협치 교육 실시", "협치 교육 실시"), ("- 5월 15일 협치 교육", "협치 교육"),
                                          ("- 5. 15. : 협치 교육", "협치 교육"), ("- 5.15. : 협치 교육", "협치 교육")])
def test_activity_with_a_month_and_no_year(seed_text, bullet, text):
    """The year is the quarter header's; before, the month stayed in the text, undated."""
    sheet, = parse(seed_text.replace("- '19. 5. : 마을정보관 설치(민관협치 사업) 완료", bullet))
    activity = sheet["activities"][4]
    assert (activity["year"], activity["month"], activity["reported_year"], activity["reported_quarter"],
            activity["text"]) == (2019, 5, 2019, 2, text)
    assert messages(sheet) == [SEED_WARNING]


def test_a_month_outside_the_quarter_is_warned(seed_text):
    sheet, = parse(seed_text.replace("- '19. 5. : 마을정보관 설치(민관협치 사업) 완료", "○ 12월 : 협치 교육"))
    assert (sheet["activities"][4]["year"], sheet["activities"][4]["month"]) == (2019, 12)
    assert {"line": 44, "message": "activity dated 2019-12 is outside its reported quarter 2019 Q2"} in sheet["warnings"]


def test_a_numbered_item_is_no_month(seed_text):
    sheet, = parse(seed_text.replace("- '19. 5. : 마을정보관 설치(민관협치 사업) 완료", "- 1. 협치회의 개최"))
    assert (sheet["activities"][4]["year"], sheet["activities"][4]["month"], sheet["activities"][4]["text"]) == (
        None, None, "1. 협치회의 개최")


def test_a_note_column_in_the_targets_table_is_kept_with_a_warning(seed_text):
    """A 비고 cell beside a metric's years is no target, but it is what the department wrote:
    kept in other_sections with its line, never dropped. A 합계 column is derived: ignored."""
    text = seed_text.replace("구 분\t2018년\t2019년\t2020년\t2021년\t2022년\n",
                             "구 분\t2018년\t2019년\t2020년\t2021년\t2022년\t합 계\t비고\n")
    text = text.replace("\t10개 사업\t10개 사업\n", "\t10개 사업\t10개 사업\t40개 사업\t중간지원조직 연계\n")
    sheet, = parse(text)
    assert len(sheet["targets"]) == 10
    assert sheet["other_sections"] == [{"title": "연차별 추진계획", "line": 20, "text": "중간지원조직 연계"}]
    assert messages(sheet)[:2] == ["target columns without a year ignored: 합 계 | 비고",
                                   "연차별 추진계획 cells without a year, kept as text: 중간지원조직 연계"]


def test_quarter_headers_without_a_year_under_a_year_line(seed_text):
    """Some departments head each year (``2019년``, ``< 2020년 >``) and write its quarters as
    ``[1분기]``: the year line gives the quarters their year; the line itself is no activity."""
    text = (seed_text.replace("【19년 1분기】", "2019년\n\n[1분기]").replace("【19년 2분기】", "[2분기]")
            .replace("【20년 1분기】", "< 2020년 >\n【1분기】"))
    sheet, = parse(text)
    seed, = parse(seed_text)
    assert [(q["year"], q["quarter"], q["summary"]) for q in sheet["quarters"]] == \
        [(q["year"], q["quarter"], q["summary"]) for q in seed["quarters"]]
    assert without_positions(sheet["activities"]) == without_positions(seed["activities"])
    assert messages(sheet) == ["activity dated 2020-02 is outside its reported quarter 2020 Q2"]
