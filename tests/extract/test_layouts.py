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
