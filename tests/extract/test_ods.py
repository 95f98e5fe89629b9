"""OpenDocument spreadsheets: values with the text their format shows, percentages, dates, merged and
covered cells, repeated rows counted and never expanded, protected and foreign OpenDocument files refused."""
from __future__ import annotations

import io
import time
import zipfile

import pytest
from extract_helpers import parse

from extract.sheets import extract_file, grids_of
from sheetmaker.writer import to_ods

NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


@pytest.fixture(scope="module")
def seed_record(seed_sheet) -> dict:
    return extract_file(seed_sheet).sheets[0]


def _ods(rows: str, mimetype: str = "application/vnd.oasis.opendocument.spreadsheet", manifest: str = "") -> bytes:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES}><office:body>'
               f'<office:spreadsheet><table:table table:name="시트">{rows}</table:table></office:spreadsheet>'
               "</office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("META-INF/manifest.xml", manifest or "<manifest/>")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def _row(*cells: str, repeat: int = 1) -> str:
    return f'<table:table-row table:number-rows-repeated="{repeat}">{"".join(cells)}</table:table-row>'


def _text(text: str, extra: str = "") -> str:
    return f'<table:table-cell office:value-type="string"{extra}><text:p>{text}</text:p></table:table-cell>'


def _number(kind: str, value: str, shown: str) -> str:
    return f'<table:table-cell office:value-type="{kind}" office:value="{value}"><text:p>{shown}</text:p></table:table-cell>'


@pytest.mark.parametrize("numbers", [True, False])
@pytest.mark.parametrize("merge", [True, False])
def test_seed_as_ods_gives_the_text_exports_record(seed_record, numbers, merge):
    sheet, = parse(to_ods(seed_record, numbers=numbers, merge=merge), "seed.ods")
    assert {**sheet, "source": None} == {**seed_record, "source": None}
    assert (sheet["source"]["format"], sheet["source"]["worksheet"], sheet["source"]["first_line"]) == ("ods", "Sheet1", 3)


def test_the_written_ods_is_read_alike_by_calamine(seed_record, tmp_path):
    """An independent reader of the writer's files: the same cells, the rate a percentage of 1.0."""
    from python_calamine import CalamineWorkbook

    path = tmp_path / "seed.ods"
    path.write_bytes(to_ods(seed_record))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    grid, = grids_of(path.read_bytes())
    assert rows[3][:4] == ["추진현황", "완료(계속)", "이행률(%)", 1.0] and grid.rows[1] == (4, ["추진현황", "완료(계속)", "이행률(%)", "100%", "완료시기 (완료연도)", "임기내 (2022)"])
    assert len(rows) == grid.rows[-1][0]


def test_cells_as_the_spreadsheet_shows_them():
    rows = (_row(_text("소통행정-3"), _text("제목")) +
            _row(_number("float", "66.6", "67백만원"), _number("percentage", "0.655", "66%"), _number("float", "1185", "1,185"),
                 _number("float", "2018", "2018년"), _number("currency", "0", "-")) +
            _row('<table:table-cell office:value-type="date" office:date-value="2021-10-01"><text:p>2021-10</text:p>'
                 "</table:table-cell>", _text("회의<text:s text:c=\"3\"/>개최")) +
            _row(_text("구 분", ' table:number-rows-spanned="2"'), _text("2018년", ' table:number-columns-spanned="2"'),
                 "<table:covered-table-cell/>") +
            _row("<table:covered-table-cell/>", _text("목표"), _text("실적")) +
            _row("<table:table-cell/>", repeat=1_000_000) +
            _row(_text("- 하나<text:line-break/>- 둘")))
    grid, = grids_of(_ods(rows))
    assert grid.rows == [(1, ["소통행정-3", "제목"]), (2, ["66.6백만원", "65.5%", "1,185", "2018년", "0"]),
                         (3, ["2021. 10.", "회의 개최"]), (4, ["구 분", "2018년"]), (5, ["", "목표", "실적"]),
                         (1_000_006, ["- 하나"]), (1_000_006, ["- 둘"])]
    assert {(span.line, span.rows, span.columns) for span in grid.spans} == {(4, 2, 1), (4, 1, 2)}


def test_repeated_rows_with_content_are_bounded(tmp_path):
    path = tmp_path / "repeated.ods"
    path.write_bytes(_ods(_row(_text("소통행정-3"), _text("제목")) + _row(_text("x"), repeat=10_000_000)))
    started = time.process_time()
    result = extract_file(path)
    assert time.process_time() - started < 2 and "more than 100,000 rows" in result.error and "\n" not in result.error


def test_protected_and_foreign_opendocument_files(tmp_path):
    locked = tmp_path / "locked.ods"
    locked.write_bytes(_ods(_row(_text("소통행정-3"), _text("제목")), manifest="<m><manifest:encryption-data/></m>"))
    assert extract_file(locked).error == f"{locked}: the .ods spreadsheet is password-protected (encrypted): save it without a password"
    text = tmp_path / "letter.odt"
    text.write_bytes(_ods("", mimetype="application/vnd.oasis.opendocument.text"))
    assert "not a spreadsheet" in extract_file(text).error
