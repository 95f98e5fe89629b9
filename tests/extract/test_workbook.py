"""Excel workbooks in the sheet layout: same JSON as the text export apart from ``source``."""
from __future__ import annotations

import io

import pytest
from extract_helpers import messages, parse, without_positions
from openpyxl import Workbook, load_workbook

from extract.sheets import extract_file
from sheetmaker.writer import to_xlsx


@pytest.fixture(scope="module")
def seed_record(seed_sheet):
    return extract_file(seed_sheet).sheets[0]


def _without_source(sheet: dict) -> dict:
    return {key: value for key, value in sheet.items() if key != "source"}


@pytest.mark.parametrize("numbers", [True, False], ids=["numbers", "text"])
@pytest.mark.parametrize("merge", [True, False], ids=["merged", "unmerged"])
def test_seed_as_workbook_gives_the_same_json(tmp_path, seed_record, numbers, merge):
    path = tmp_path / "seed.xlsx"
    path.write_bytes(to_xlsx(seed_record, numbers=numbers, merge=merge))
    result = extract_file(path)
    assert result.error is None
    sheet, = result.sheets
    assert _without_source(sheet) == _without_source(seed_record)
    assert sheet["source"] == {"path": str(path), "sha256": result.sha256, "sheet_index": 0, "encoding": None, "format": "xlsx",
                               "worksheet": "Sheet1", "first_line": 3, "last_line": 113}


def test_the_workbook_really_has_merged_cells_and_numbers(seed_record):
    book = load_workbook(io.BytesIO(to_xlsx(seed_record)))
    sheet = book.active
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert {"A27:A29", "B27:B29", "C28:D28", "E28:F28"} <= merged
    assert sheet["C30"].value == 1185 and isinstance(sheet["C30"].value, int)
    assert sheet["D4"].value == 1 and sheet["D4"].number_format == "0%"


def test_a_sheet_per_worksheet_and_several_in_one(seed_record):
    second = {**seed_record, "program": {**seed_record["program"], "code": "지역개발-09", "area": "지역개발", "seq": 9}}
    per_sheet = parse(to_xlsx([seed_record, second]), "two.xlsx")
    one_sheet = parse(to_xlsx([seed_record, second], one_worksheet=True), "two.xlsx")
    for sheets in (per_sheet, one_sheet):
        assert [s["source"]["sheet_index"] for s in sheets] == [0, 1]
        assert [s["program"]["code"] for s in sheets] == ["소통행정-3", "지역개발-09"]
        assert [without_positions(s) for s in sheets] == [without_positions(seed_record), without_positions(second)]
    assert [s["source"]["worksheet"] for s in per_sheet] == ["Sheet1", "Sheet2"]
    assert [s["source"]["first_line"] for s in per_sheet] == [3, 3]
    assert [s["source"]["worksheet"] for s in one_sheet] == ["Sheet1", "Sheet1"]
    assert [s["source"]["first_line"] for s in one_sheet] == [3, 116]


def _book_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_hand_made_workbook_with_floats_percentages_and_a_notes_sheet():
    book = Workbook()
    notes = book.active
    notes.title = "안내"
    notes["A1"] = "작성 요령: 붉은 칸만 고치십시오"
    book.create_sheet("빈 시트")
    sheet = book.create_sheet("공약")
    rows = [
        ["복지건강-12", "어르신 돌봄 강화"],
        ["추진현황", "정상추진", "이행률(%)", 0.6, "완료시기 (완료연도)", "임기내 (2022)"],
        ["총사업비", "4.35억원", "사업유형", "계속/보조", "추진부서", "어르신장애인과"],
        [], ["□ 연차별 투자수요 및 집행액"], ["(단위 : 천원)"],
        ["구 분", "재원별", "연차별 투자수요 및 집행액"],
        [None, None, "2021년", None, "2022년"],
        [None, None, "확보액", "집행액", "투자 수요", "집행액"],
        ["계", None, 235000.0, 200000, 200000, 0],
        ["돌봄 사업", "구 비", 235000.0, "200,000", 200000, 0],
        [], ["작성 자", "어르신장애인과장 : 홍길동 (1234)"],
    ]
    for row in rows:
        sheet.append(row)
    sheet["D2"].number_format = "0%"
    record, = parse(_book_bytes(book), "hand.xlsx")
    assert record["source"]["worksheet"] == "공약" and record["source"]["first_line"] == 1
    assert record["program"]["implementation_rate_pct"] == 60
    assert record["program"]["total_budget_krw"] == 435000000
    leaf = [r for r in record["budget"] if not r["is_total"]]
    assert [(r["year"], r["secured_krw"], r["demand_krw"], r["executed_krw"], r["funding_source"]) for r in leaf] == [
        (2021, 235000000, None, 200000000, "구비"), (2022, None, 200000000, 0, "구비")]
    assert any("worksheets without a title row ignored: 안내" in m for m in messages(record))


def test_worksheet_laid_out_from_column_b(seed_record):
    book = load_workbook(io.BytesIO(to_xlsx(seed_record, merge=False)))
    book.active.insert_cols(1)
    sheet, = parse(_book_bytes(book), "margin.xlsx")
    assert _without_source(sheet) == _without_source(seed_record)


def test_workbook_without_any_sheet_is_an_error(tmp_path):
    book = Workbook()
    book.active["A1"] = "메모"
    path = tmp_path / "memo.xlsx"
    path.write_bytes(_book_bytes(book))
    result = extract_file(path)
    assert result.sheets == [] and result.error == f"{path}: no title row found in any worksheet (a program code such as 소통행정-3, then the title)"


def test_formula_without_a_saved_value_is_a_warning(seed_record):
    book = load_workbook(io.BytesIO(to_xlsx(seed_record)))
    sheet = book.active
    sheet["C30"] = "=SUM(C31:C31)"  # written by a script: no value saved with the formula
    sheet["E30"] = "=E31"
    record, = parse(_book_bytes(book), "formula.xlsx")
    assert record["budget_reported_totals"][0]["secured_and_demand_krw"] is None
    assert record["budget"][0]["secured_krw"] is None
    formula_warnings = [w for w in record["warnings"] if "formula" in w["message"]]
    assert [(w["line"], w["message"][:9]) for w in formula_warnings] == [(30, "cell C30 "), (30, "cell E30 ")]
