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
