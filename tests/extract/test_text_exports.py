"""Excel's "유니코드 텍스트" (UTF-16, quoted cells), old Mac text (CR line ends) and decomposed Hangul (NFD)."""
from __future__ import annotations

import unicodedata

import pytest
from extract_helpers import parse

from extract.sheets import extract_file, grids_of
from sheetmaker.writer import to_unicode_text, to_xlsx


@pytest.fixture(scope="module")
def seed_record(seed_sheet) -> dict:
    return extract_file(seed_sheet).sheets[0]


@pytest.mark.parametrize("one_cell_lists", [False, True], ids=["cells", "lists-in-one-cell"])
def test_unicode_text_gives_the_text_exports_record_and_lines(seed_record, one_cell_lists):
    data = to_unicode_text(seed_record, one_cell_lists=one_cell_lists)
    assert data.startswith(b"\xff\xfe") and (b'"\x00-\x00' in data) == one_cell_lists
    sheet, = parse(data)
    assert {**sheet, "source": None} == {**seed_record, "source": None}  # activity lines included
    assert sheet["source"]["encoding"] == "utf-16" and sheet["source"]["format"] == "text"


def _grid(text: str):
    grid, = grids_of(("\ufeff" + text).encode("utf-16-le"))
    return grid.rows


def test_a_quoted_cell_is_one_cell_whatever_it_holds():
    rows = _grid('소통행정-3\t"제목 ""따옴표""\t탭"\t끝\r\n'
                 '"여러\r\n줄 셀"\t"둘째"\r\n'
                 '다음 줄\r\n')
    assert rows == [(1, ["소통행정-3", '제목 "따옴표" 탭', "끝"]), (2, ["여러 줄 셀", "둘째"]), (4, ["다음 줄"])]


def test_a_quote_that_opens_no_quoted_cell_is_a_character():
    rows = _grid('소통행정-3\t제목\r\n"우리 동네" 사업\t"열린 따옴표\r\n- 다음\r\n')
    assert rows == [(1, ["소통행정-3", "제목"]), (2, ['"우리 동네" 사업', '"열린 따옴표']), (3, ["- 다음"])]


def test_bullets_in_one_quoted_cell_keep_their_physical_lines():
    rows = _grid('소통행정-3\t제목\r\n□ 향후계획\r\n"- \'21.10. : 하나\r\n  이어짐\r\n- \'21.12. : 둘"\r\n작성 자\t과장 : 가나 (1234)\r\n')
    assert rows == [(1, ["소통행정-3", "제목"]), (2, ["□ 향후계획"]), (3, ["- '21.10. : 하나 이어짐"]),
                    (5, ["- '21.12. : 둘"]), (6, ["작성 자", "과장 : 가나 (1234)"])]


def test_mac_text_lines_are_physical_lines(tmp_path, seed_text):
    mac = seed_text.replace("\n", "\r").encode("utf-8").replace("협치론장 운영 : 1회".encode(), b"\xff\xfe\xfa bad")
    path = tmp_path / "mac.txt"
    path.write_bytes(mac)
    assert extract_file(path).error == f"{path}:35: not UTF-8 or CP949 text (undecodable bytes)"
    cut = seed_text.replace("\n", "\r").encode("utf-8") + "행".encode()[:2]
    path.write_bytes(cut)
    warning = extract_file(path).sheets[0]["warnings"][-1]
    assert warning == {"line": seed_text.count("\n") + 1, "message": "the file ends inside a character: it was cut short"}


def test_decomposed_hangul_reads_as_nfc(seed_text, seed_record):
    nfd = unicodedata.normalize("NFD", seed_text)
    assert nfd != seed_text
    for data in (nfd.replace("\n", "\r").encode("utf-8"), nfd.encode("utf-16")):
        sheet, = parse(data)
        assert {**sheet, "source": None} == {**seed_record, "source": None}


def test_decomposed_hangul_in_a_workbook_reads_as_nfc(seed_record):
    from openpyxl import load_workbook
    import io

    book = load_workbook(io.BytesIO(to_xlsx(seed_record)))
    sheet = book.active
    sheet.title = unicodedata.normalize("NFD", "금천구")
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = unicodedata.normalize("NFD", cell.value)
    buffer = io.BytesIO()
    book.save(buffer)
    got, = parse(buffer.getvalue(), "nfd.xlsx")
    assert {**got, "source": None} == {**seed_record, "source": None}
    assert got["source"]["worksheet"] == "금천구"


@pytest.mark.parametrize("encoding", ["cp949", "utf-8-sig"])
def test_csv_named_xlsx_is_read_as_text(tmp_path, seed_record, encoding):
    from sheetmaker.writer import Style, to_csv

    data = to_csv(seed_record, Style(encoding=encoding))
    assert b'"\xec\x9e\xa5\xec\x95\xa0\xec\x9d\xb8, ' in data or encoding == "cp949"  # the title holds commas: quoted
    path = tmp_path / "really_a_csv.xlsx"
    path.write_bytes(data)
    sheet, = extract_file(path).sheets
    assert {**sheet, "source": None} == {**seed_record, "source": None}
    assert (sheet["source"]["format"], sheet["source"]["encoding"]) == ("text", encoding)
