"""Legacy .xls workbooks: numbers as Excel shows them, number formats, dates, merged cells, hidden sheets."""
from __future__ import annotations

import io
from datetime import datetime

import pytest
import xlwt
from extract_helpers import parse

from extract.sheets import extract_file, grids_of
from extract.sheets.grid import dated_bullets
from sheetmaker.writer import to_xls


@pytest.fixture(scope="module")
def seed_record(seed_sheet) -> dict:
    return extract_file(seed_sheet).sheets[0]


def _book(cells: dict[tuple[int, int], tuple[object, str]], hidden: bool = False) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    if hidden:
        book.add_sheet("숨김").write(0, 0, "메모")
        book.get_sheet(0).visibility = 1
    sheet = book.add_sheet("시트")
    for (row, column), (value, number_format) in cells.items():
        sheet.write(row, column, value, xlwt.easyxf(num_format_str=number_format))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("value, number_format, shown", [
    (66.6, "#,##0.0", "66.6"), (1.0, "0%", "100%"), (0.655, "0.0%", "65.5%"), (2018, '0"년"', "2018년"),
    (1185, '#,##0"백만원"', "1,185백만원"), (4.35 + 3.2 + 2.5 + 2.55, "General", "12.6"), (3200, "#,##0", "3,200"),
])
def test_numbers_read_as_excel_shows_them(value, number_format, shown):
    grid = grids_of(_book({(0, 0): ("소통행정-3", "General"), (0, 1): ("제목", "General"), (1, 0): (value, number_format)}))[0]
    assert grid.format == "xls" and grid.rows[1] == (2, [shown])


def test_money_in_millions_is_exact(seed_record):
    record = {**seed_record, "budget": [dict(row) for row in seed_record["budget"]]}
    sheet, = parse(to_xls(record), "seed.xls")
    assert {**sheet, "source": None} == {**seed_record, "source": None}
    amounts = _book({(0, 0): ("소통행정-3", "General"), (0, 1): ("제목", "General"),
                     (1, 0): ("총사업비", "General"), (1, 1): (66.6, '#,##0.0"백만원"')})
    sheet, = parse(amounts, "amounts.xls")
    assert sheet["program"]["total_budget_krw"] == 66_600_000


def test_dates_and_hidden_worksheets():
    data = _book({(0, 0): ("소통행정-3", "General"), (0, 1): ("제목", "General"),
                  (1, 0): (datetime(2021, 10, 1), "yyyy-mm"), (1, 1): ("회의 개최", "General")}, hidden=True)
    grids = grids_of(data)
    assert [grid.worksheet for grid in grids] == ["숨김", "시트"]
    assert grids[1].rows[1] == (2, ["2021. 10.", "회의 개최"])
    assert dated_bullets(grids[1].rows)[1] == (2, ["- 2021. 10. :", "회의 개최"])


def test_merged_cells_are_kept_as_spans(seed_record):
    grid, = grids_of(to_xls(seed_record))
    assert any(span.rows == 3 and span.columns == 1 for span in grid.spans)


def test_broken_xls_fails_in_one_line(tmp_path, seed_record):
    data = to_xls(seed_record)
    path = tmp_path / "cut.xls"
    for cut in (600, len(data) // 2, len(data) - 100):
        path.write_bytes(data[:cut])
        result = extract_file(path)
        assert result.sheets == [] and result.error.startswith(f"{path}: ") and "\n" not in result.error
