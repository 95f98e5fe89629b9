"""Workbooks the way clerks make them in Excel, read exactly as their text export.

Our writer (``to_xlsx``) shares the reader's assumptions, so these workbooks are
built with openpyxl directly: each test lays out a text sheet's cells row by row
(tab-split, as the department typed them), applies one trait of a real clerk's
file, and checks the workbook gives the same records as the text export, apart
from ``source`` and line numbers.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from extract_helpers import assert_same_records, parse
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

DEPARTMENTS = Path(__file__).parent / "departments"
IGNORED = "worksheets without a title row ignored: "


@pytest.fixture(scope="module")
def seed(seed_sheet) -> str:
    return seed_sheet.read_text(encoding="utf-8")


def department(name: str) -> str:
    return (DEPARTMENTS / name).read_text(encoding="utf-8-sig")


def records(text: str) -> list[dict]:
    """What the text export gives: the records every workbook below must match."""
    return parse(text.encode("utf-8"), "sheet.txt")


def lay_out(sheet, text: str, top: int = 1, left: int = 1) -> None:
    """The text sheet's cells, line i at worksheet row ``top + i - 1``, cell j at column ``left + j - 1``."""
    for r, line in enumerate(text.replace("\r\n", "\n").split("\n")):
        for c, value in enumerate(line.split("\t")):
            if value:
                sheet.cell(row=top + r, column=left + c, value=value)


def workbook(text: str | None = None, title: str = "공약") -> tuple[Workbook, object]:
    """A new workbook whose only worksheet, ``title``, holds ``text`` laid out from A1."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    if text is not None:
        lay_out(sheet, text)
    return book, sheet


def xlsx(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(book: Workbook | bytes) -> list[dict]:
    return parse(book if isinstance(book, bytes) else xlsx(book), "clerk.xlsx")


def find(sheet, text: str):
    """The first cell holding exactly ``text``."""
    return next(cell for row in sheet.iter_rows() for cell in row if cell.value == text)


def row_of(sheet, start: str) -> int:
    """The worksheet row of the first cell starting with ``start``."""
    return next(cell.row for row in sheet.iter_rows() for cell in row
                if isinstance(cell.value, str) and cell.value.startswith(start))


def with_warning_first(want: list[dict], message: str) -> list[dict]:
    first = {**want[0], "warnings": [{"line": None, "message": message}, *want[0]["warnings"]]}
    return [first, *want[1:]]


# ---------------------------------------------------------------- layout


def test_margin_column_widths_and_print_title(seed):
    """Laid out from B2 with a narrow margin column, wide columns, print titles,
    a print area, frozen panes and a landscape page: all presentation, same record."""
    book, sheet = workbook()
    lay_out(sheet, seed, top=2, left=2)
    sheet.column_dimensions["A"].width = 2
    for letter, width in zip("BCDEFG", (34, 18, 12, 12, 20, 16)):
        sheet.column_dimensions[letter].width = width
    sheet.print_title_rows = "4:6"
    sheet.print_area = "B2:O115"
    sheet.freeze_panes = "C4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet, = got = read(book)
    assert sheet["source"]["first_line"] == 4  # the worksheet's row, one below the text's line
    assert_same_records(got, records(seed))


def test_cover_and_notes_worksheets_before_the_sheet(seed):
    """A cover (표지) and writing notes (작성요령) before the sheet are not programs; as for
    any worksheet with cells but no title row, the first sheet says they were ignored."""
    book, cover = workbook(title="표지")
    cover["B3"] = "2021년 2분기 민선7기 공약사업 추진상황 보고"
    cover.merge_cells("B3:H3")
    cover["F20"] = "마을자치과"
    notes = book.create_sheet("작성요령")
    notes["A1"] = "※ 작성요령"
    notes["A2"] = "- 추진실적은 분기별로 누적하여 작성"
    lay_out(book.create_sheet("소통행정-3"), seed)
    got = read(book)
    assert [s["source"]["worksheet"] for s in got] == ["소통행정-3"]
    assert_same_records(got, with_warning_first(records(seed), IGNORED + "표지, 작성요령"))


def test_one_program_per_worksheet_across_three_worksheets(seed):
    texts = [seed, department("welfare_multi_source.txt"), department("culture_nonbudget.txt")]
    book, sheet = workbook(texts[0], title="마을자치과")
    for title, text in zip(["어르신복지과", "문화체육과"], texts[1:]):
        lay_out(book.create_sheet(title), text)
    got = read(book)
    assert [s["source"]["worksheet"] for s in got] == ["마을자치과", "어르신복지과", "문화체육과"]
    assert [s["source"]["sheet_index"] for s in got] == [0, 1, 2]
    assert_same_records(got, [record for text in texts for record in records(text)])


def test_two_programs_one_under_the_other_in_one_worksheet():
    text = department("two_sheets_one_file.txt")
    got = read(workbook(text)[0])
    assert [s["program"]["code"] for s in got] == ["일자리경제-01", "일자리경제-02"]
    assert_same_records(got, records(text))


# ---------------------------------------------------------------- merged cells


def _merge(sheet, ref: str) -> None:
    """Merge as a clerk does: only the top-left cell holds a value (the text export leaves the rest blank)."""
    first, *rest = [cell for row in sheet[ref] for cell in row]
    assert first.value and all(cell.value is None for cell in rest), ref
    sheet.merge_cells(ref)


def _merge_budget_header(sheet, top: int, last_column: int) -> None:
    """구 분 and 재원별 down the three header rows, the table title across, each year over its two columns."""
    _merge(sheet, f"A{top}:A{top + 2}")
    _merge(sheet, f"B{top}:B{top + 2}")
    _merge(sheet, f"C{top}:{get_column_letter(last_column)}{top}")
    for column in range(3, last_column, 2):
        _merge(sheet, f"{get_column_letter(column)}{top + 1}:{get_column_letter(column + 1)}{top + 1}")


@pytest.mark.parametrize("name, items", [
    ("seed", []),
    ("welfare_multi_source.txt", [("센터 건립", 3), ("돌봄서비스 운영", 2)]),
])
def test_merged_cells_where_a_clerk_merges_them(seed, name, items):
    """Title across the row, 구 분 down the budget header, years over 확보액/집행액, 계 across
    구 분 and 재원별, each line item down its funding sources, the footer's long cells across."""
    text = seed if name == "seed" else department(name)
    book, sheet = workbook(text)
    title = min(row for row in range(1, 10) if sheet.cell(row, 1).value)
    _merge(sheet, f"B{title}:F{title}")
    header = find(sheet, "재원별").row
    _merge_budget_header(sheet, header, sheet.max_column)
    total = header + 3
    assert sheet.cell(total, 1).value == "계"
    _merge(sheet, f"A{total}:B{total}")
    for item, sources in items:
        top = find(sheet, item).row
        _merge(sheet, f"A{top}:A{top + sources - 1}")
    authors = row_of(sheet, "작성 자")
    _merge(sheet, f"B{authors}:D{authors}")
    city = find(sheet, "서울시")
    if sheet.cell(city.row, 2).value is None:  # 중앙정부 left blank: the clerk merges it over nothing
        sheet.merge_cells(f"B{city.row}:B{city.row}")
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"A{header}:A{header + 2}" in merged and f"C{header + 1}:D{header + 1}" in merged
    assert_same_records(read(book), records(text))


# ---------------------------------------------------------------- numbers


_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?")


def _amounts_as_numbers(sheet, kind=int, number_format: str = "#,##0") -> int:
    """Every budget amount typed as a number (``1,185`` → 1185); returns how many."""
    header = find(sheet, "재원별").row
    count = 0
    for row in sheet.iter_rows(min_row=header + 3, min_col=3):
        for cell in row:
            if isinstance(cell.value, str) and _GROUPED.fullmatch(cell.value):
                number = float(cell.value.replace(",", ""))
                cell.value = kind(number) if kind is float or number.is_integer() else number
                cell.number_format = number_format
                count += 1
    return count


COMMA_STYLE = '_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-'  # Excel's 쉼표 스타일 button


@pytest.mark.parametrize("kind, number_format", [(int, "#,##0"), (float, "#,##0"), (float, "General"),
                                                 (int, COMMA_STYLE)],
                         ids=["int", "float", "float-general", "comma-style"])
def test_budget_amounts_stored_as_numbers(seed, kind, number_format):
    """Amounts typed as numbers. With the comma style a 0 shows as ``-``, but it was typed
    0 and an executed 0 is a fact, not a blank: it reads 0, as the text export's ``0``."""
    book, sheet = workbook(seed)
    assert _amounts_as_numbers(sheet, kind, number_format) == 24
    assert isinstance(sheet["C30"].value, kind) and sheet["C30"].value == 1185
    assert_same_records(read(book), records(seed))


def test_decimal_amounts_in_billions_stored_as_numbers():
    text = department("safety_billion_won_decimals.txt")
    book, sheet = workbook(text)
    assert _amounts_as_numbers(sheet, float, "#,##0.00") == 30
    assert sheet["D29"].value == 2.1
    assert_same_records(read(book), records(text))


@pytest.mark.parametrize("name, cell, value, number_format", [
    ("seed", "D4", 1.0, "0%"),
    ("seed", "D4", 100, "General"),
    ("welfare_multi_source.txt", "D4", 0.65, "0.0%"),
    ("safety_billion_won_decimals.txt", "D2", 0.725, "0.0%"),
])
def test_rate_stored_as_a_number(seed, name, cell, value, number_format):
    """The rate typed as 100% (1.0 shown ``0%``), as a percentage with a decimal, or as the
    plain number 100 in a General cell: the column says 이행률(%), so 100 means 100 %."""
    text = seed if name == "seed" else department(name)
    book, sheet = workbook(text)
    assert sheet[cell].value.replace(" ", "").endswith("%")
    sheet[cell].value = value
    sheet[cell].number_format = number_format
    assert_same_records(read(book), records(text))


def test_years_and_units_in_custom_number_formats(seed):
    """Excel shows the number with its format's text: 2018 formatted ``0"년"`` reads
    ``2018년``, 1185 formatted ``#,##0"백만원"`` reads ``1,185백만원`` (without the unit the
    head's budget could not be read), 5 formatted ``0"회 이상"`` reads ``5회 이상``."""
    book, sheet = workbook(seed)
    for row in (19, 28):
        for cell in sheet[row]:
            if isinstance(cell.value, str) and re.fullmatch(r"\d{4}년", cell.value):
                cell.value, cell.number_format = int(cell.value[:4]), '0"년"'
    sheet["B5"].value, sheet["B5"].number_format = 1185, '#,##0"백만원"'
    for cell in sheet[21][1:6]:
        cell.value, cell.number_format = int(cell.value[0]), '0"회 이상"'
    for cell in sheet[20][1:6]:
        cell.value, cell.number_format = int(cell.value.split("개")[0]), '0"개 사업"'
    assert sheet["B19"].value == 2018 and sheet["C28"].value == "합 계" and sheet["E28"].value == 2018
    assert_same_records(read(book), records(seed))


# ---------------------------------------------------------------- dates


_BULLET_DATE = re.compile(r"- '(\d{2})\. ?(\d{1,2})\. : (.*)")


def _dated_cells(sheet, row: int, number_format: str) -> None:
    """``- '21.10. : text`` in column A → a date cell in A (1 Oct 2021) and the text in B."""
    match = _BULLET_DATE.fullmatch(sheet.cell(row, 1).value)
    sheet.cell(row, 1).value = datetime(2000 + int(match[1]), int(match[2]), 1)
    sheet.cell(row, 1).number_format = number_format
    sheet.cell(row, 2).value = match[3]


def test_dates_typed_as_dates(seed):
    """사업기간's start typed as a date between its label and ``~``; the plans, and one
    quarter's activities, each a date cell followed by its text in the next column
    (a dated bullet, as the text export's ``- '21.10. : …``); other activities stay text."""
    book, sheet = workbook(seed)
    assert sheet["A13"].value == "- 사업기간 : 2016년 9월 ~"
    sheet["A13"], sheet["B13"], sheet["C13"] = "- 사업기간 :", datetime(2016, 9, 1), "~"
    sheet["B13"].number_format = 'yyyy"년" m"월"'
    for row in range(107, 110):
        _dated_cells(sheet, row, "yy.m.")
    for row in range(row_of(sheet, "【19년 2분기】") + 2, row_of(sheet, "【19년 3분기】") - 1):
        _dated_cells(sheet, row, '[$-412]yyyy"년" m"월"')
    assert sheet["A107"].value == datetime(2021, 10, 1) and sheet["B107"].value.startswith("2021년 금천")
    assert sheet.cell(row_of(sheet, "【19년 3분기】") + 2, 1).value.startswith("- '19. 7. : ")
    got = read(book)
    assert [(p["year"], p["month"]) for p in got[0]["plans"]] == [(2021, 10), (2021, 12), (2022, 6)]
    assert_same_records(got, records(seed))


# ---------------------------------------------------------------- whitespace


def test_spaces_line_breaks_and_non_breaking_spaces(seed):
    """Cells with edge spaces, Alt+Enter line breaks (a space, as the text export puts a
    cell on one line) and non-breaking spaces read as the export's collapsed text."""
    book, sheet = workbook(seed)
    sheet["A4"] = " 추진현황 "
    sheet["B3"] = "장애인, 체육, 직능,\n사회단체 등과 협치 강화"
    sheet["A19"] = "구\u00a0분"
    sheet["B5"] = "1,185\u00a0백만원 "
    sheet["B111"] = sheet["B111"].value.replace(" 팀장", "\r\n팀장").replace(" 담당", "\n담당")
    sheet["F4"] = "임기내\n(2022)"
    sheet["A31"] = " 협치기반강화\u00a0"
    quarter = row_of(sheet, "【19년 2분기】")
    sheet.cell(quarter, 1).value = sheet.cell(quarter, 1).value.replace(" - ", "\n- ")
    assert_same_records(read(book), records(seed))


def test_a_section_written_in_one_cell_with_line_breaks(seed):
    """Clerks often write a section's bullets in one cell, a bullet per line (Alt+Enter).
    Each bullet stays a bullet, as on the text export's lines of their own; a line
    that starts no bullet continues the one before it."""
    book, sheet = workbook(seed)
    plans = [sheet.cell(row, 1).value for row in range(107, 110)]
    sheet["A107"] = "\n".join(plans[:2] + [plans[2].replace(" 및 규모별", "\n및 규모별")])
    sheet["A108"] = sheet["A109"] = None
    start, end = row_of(sheet, "【19년 2분기】"), row_of(sheet, "【19년 3분기】")
    lines = [sheet.cell(row, 1).value for row in range(start, end) if sheet.cell(row, 1).value]
    sheet.cell(start, 1).value = "\n".join(lines)
    for row in range(start + 1, end):
        sheet.cell(row, 1).value = None
    got = read(book)
    assert len(got[0]["plans"]) == 3 and len(got[0]["activities"]) == 40
    assert_same_records(got, records(seed))


# ---------------------------------------------------------------- formulas


def _with_cached_values(data: bytes, values: dict[str, str], part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook as Excel saves it: each formula cell in ``values`` with its result (``<v>``)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == part:
                for ref, value in values.items():
                    content, found = re.subn(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?'.encode(),
                                             rb"\g<1><v>" + value.encode() + b"</v>", content)
                    assert found == 1, ref
            target.writestr(member, content)
    return buffer.getvalue()


def _total_row_as_sums(sheet) -> dict[str, list[float]]:
    """The 계 row's amounts as ``=SUM(…)`` of the rows under it; the leaf values per formula cell."""
    total = find(sheet, "계").row
    last = total
    while sheet.cell(last + 1, 3).value is not None:
        last += 1
    leaves = {}
    for cell in sheet[total][2:]:
        if cell.value is None:
            continue
        letter = cell.column_letter
        column = [sheet[f"{letter}{row}"].value for row in range(total + 1, last + 1)]
        leaves[cell.coordinate] = [value for value in column if isinstance(value, (int, float))]  # SUM skips text
        cell.value = f"=SUM({letter}{total + 1}:{letter}{last})"
    return leaves


def test_total_row_formulas_without_saved_values_are_warned():
    """A 계 row of ``=SUM`` formulas saved by a program that computes nothing (openpyxl,
    some converters) has no values to read: each cell is read as empty, with a warning."""
    text = department("welfare_multi_source.txt")
    book, sheet = workbook(text)
    cells = _total_row_as_sums(sheet)
    assert len(cells) == 10 and sheet["C32"].value == "=SUM(C33:C37)"
    record, = read(book)
    assert [w["message"] for w in record["warnings"] if "formula" in w["message"]] == [
        f"cell {ref} holds a formula without a saved value, read as empty (open and save the workbook in Excel)"
        for ref in cells]
    assert all(w["line"] == 32 for w in record["warnings"] if "formula" in w["message"])
    total = [r for r in record["budget"] if r["line_item"] == "계"]
    assert all(r["secured_krw"] is None and r["demand_krw"] is None and r["executed_krw"] is None for r in total)
    want, = records(text)
    assert [r for r in record["budget"] if r["line_item"] != "계"] == [r for r in want["budget"] if r["line_item"] != "계"]


def test_total_row_formulas_with_saved_values_read_the_values():
    """As Excel saves them: the formula and its result. The 억원 sums carry binary noise
    (``12.600000000000001``) that Excel shows, and the text export writes, as ``12.6``."""
    text = department("safety_billion_won_decimals.txt")
    book, sheet = workbook(text)
    _amounts_as_numbers(sheet, float, "#,##0.00")
    leaves = _total_row_as_sums(sheet)
    sums = {ref: repr(sum(values)) for ref, values in leaves.items()}
    assert sums["C28"] == "12.600000000000001" and sums["D28"] == "5.1499999999999995"
    got = read(_with_cached_values(xlsx(book), sums))
    assert not [w for w in got[0]["warnings"] if "formula" in w["message"]]
    assert_same_records(got, records(text))


# ---------------------------------------------------------------- hidden and other worksheets


def test_hidden_rows_and_columns_are_read(seed):
    """Hiding is how a clerk tidies the view; the data is still the sheet's."""
    book, sheet = workbook(seed)
    for row in (*range(27, 32), 112, 113):
        sheet.row_dimensions[row].hidden = True
    sheet.column_dimensions.group("E", "H", hidden=True)
    sheet.column_dimensions["D"].hidden = True
    assert_same_records(read(book), records(seed))


def test_hidden_worksheets(seed):
    """A hidden worksheet is still the file's content: a program on one is read (here the
    previous version a clerk hid, a sheet of its own), and a hidden lookup list feeding the
    status cell's drop-down is ignored with the same warning as any worksheet without a title row."""
    book, sheet = workbook(seed)
    lookup = book.create_sheet("목록")
    for row, word in enumerate(["정상추진", "추진중", "완료", "완료(계속)", "보류"], 1):
        lookup.cell(row, 1, word)
    lookup.sheet_state = "hidden"
    choice = DataValidation(type="list", formula1="목록!$A$1:$A$5", allow_blank=True)
    sheet.add_data_validation(choice)
    choice.add("B4")
    welfare = department("welfare_multi_source.txt")
    old = book.create_sheet("이전")
    lay_out(old, welfare)
    old.sheet_state = "hidden"
    got = read(book)
    assert [s["source"]["worksheet"] for s in got] == ["공약", "이전"]
    assert_same_records(got, with_warning_first(records(seed) + records(welfare), IGNORED + "목록"))


def test_empty_worksheets_are_skipped_silently(seed):
    """Sheet2 and Sheet3 of a new workbook, left empty: nothing to say about them."""
    book, sheet = workbook(seed, title="Sheet1")
    book.create_sheet("Sheet2")
    book.create_sheet("Sheet3")["C7"].number_format = "0%"  # formatted, never typed in
    book.move_sheet("Sheet2", offset=-1)
    assert book.sheetnames == ["Sheet2", "Sheet1", "Sheet3"]
    assert_same_records(read(book), records(seed))


def test_chart_sheet_is_skipped(seed):
    """A chart of the budget on a chart sheet of its own holds no cells to read."""
    book, sheet = workbook(seed)
    for row in (30, 31):
        for cell in sheet[row][2:]:
            cell.value = int(cell.value.replace(",", ""))
    chart = BarChart()
    chart.title = "연차별 집행액"
    chart.add_data(Reference(sheet, min_col=5, max_col=14, min_row=31), from_rows=True)
    book.create_chartsheet("차트").add_chart(chart)
    data = xlsx(book)
    assert "xl/chartsheets/sheet1.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert_same_records(read(data), records(seed))
