"""Hostile and broken input: one line naming the file (and line), within a second, never a traceback."""
from __future__ import annotations

import io
import random
import time
import zipfile

import pytest

from extract.sheets import extract_file
from sheetmaker.writer import to_xlsx


def extract_quickly(path, **options):
    """``extract_file`` that must take under a second of CPU (wall time on a shared
    machine measures the neighbours too)."""
    started = time.process_time()
    result = extract_file(path, **options)
    assert time.process_time() - started < 1.0, f"{path} took too long"
    return result


def assert_one_line_error(result, path, *words):
    assert result.sheets == [] and result.error is not None
    assert "\n" not in result.error and result.error.startswith(f"{path}:")
    for word in words:
        assert word in result.error, result.error


@pytest.fixture(scope="module")
def seed_xlsx(seed_sheet) -> bytes:
    return to_xlsx(extract_file(seed_sheet).sheets[0])


def test_empty_and_blank_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_one_line_error(extract_quickly(empty), empty, "empty file")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"\r\n  \n\t\t\n")
    assert_one_line_error(extract_quickly(blank), blank, "no title row")


def test_text_without_a_title_row(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("회의 메모\n- 다음 주 제출 예정\n", encoding="utf-8")
    assert_one_line_error(extract_quickly(path), path, "no title row")


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes(tmp_path, seed):
    path = tmp_path / f"random{seed}.txt"
    path.write_bytes(random.Random(seed).randbytes(200_000))
    assert_one_line_error(extract_quickly(path), path)


def test_undecodable_text_names_the_line(tmp_path, seed_text):
    data = seed_text.encode("utf-8").replace("협치론장 운영 : 1회".encode(), b"\xff\xfe\xfa bad")
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert_one_line_error(extract_quickly(path), path, ":35:", "not UTF-8 or CP949")


def test_binary_and_legacy_documents(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_line_error(extract_quickly(binary), binary, ":3:", "binary")
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert_one_line_error(extract_quickly(legacy), legacy, "not a readable compound file (.hwp or .xls)")


def test_size_limit(tmp_path, seed_sheet):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)  # sparse: nothing is read
    assert_one_line_error(extract_quickly(huge), huge, "over the 20971520-byte limit")
    assert_one_line_error(extract_quickly(seed_sheet, max_bytes=1000), seed_sheet, "over the 1000-byte limit")
    assert extract_quickly(seed_sheet, max_bytes=7000).error is None


def test_missing_file_and_folder(tmp_path):
    missing = tmp_path / "missing.txt"
    assert_one_line_error(extract_file(missing), missing, "cannot read")
    assert_one_line_error(extract_file(tmp_path), tmp_path, "cannot read")


def test_every_truncation_of_the_seed(tmp_path, seed_sheet):
    """Cut anywhere before the footer: a clean error before the title row is complete, else the
    complete part with a warning (a cut inside the footer cannot be told from a short footer)."""
    data = seed_sheet.read_bytes()
    path = tmp_path / "cut.txt"
    title_end = data.index(b"\t") + 1
    for cut in range(0, data.index("작성 자".encode()), 29):
        path.write_bytes(data[:cut])
        result = extract_file(path)
        if cut <= title_end:
            assert result.error is not None and "\n" not in result.error
            continue
        assert result.error is None, (cut, result.error)
        sheet, = result.sheets
        assert sheet["program"]["code"] == "소통행정-3"
        assert any("cut short" in w["message"] for w in sheet["warnings"]), cut


def test_large_garbage_text_is_refused_quickly(tmp_path):
    path = tmp_path / "garbage.txt"
    line = "가나다라 마바사 아자차카 타파하\t" * 4 + "\n"
    path.write_text(line * (15 * 1024 * 1024 // len(line.encode())), encoding="utf-8")
    assert_one_line_error(extract_quickly(path), path, "no title row")


def test_truncated_workbooks(tmp_path, seed_xlsx):
    path = tmp_path / "cut.xlsx"
    for cut in (10, len(seed_xlsx) // 3, len(seed_xlsx) // 2, len(seed_xlsx) - 30):
        path.write_bytes(seed_xlsx[:cut])
        assert_one_line_error(extract_quickly(path), path, ".xlsx")


def test_corrupted_workbook_member(tmp_path, seed_xlsx):
    source = zipfile.ZipFile(io.BytesIO(seed_xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            target.writestr(member, data[: len(data) // 2] if member.filename.endswith("sheet1.xml") else data)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(buffer.getvalue())
    assert_one_line_error(extract_quickly(path), path, "not a readable .xlsx")


def _workbook_with(seed_xlsx: bytes, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(seed_xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member.filename, replace.get(member.filename, source.read(member)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb(tmp_path, seed_xlsx):
    bomb = _workbook_with(seed_xlsx, {}, {"xl/media/padding.bin": bytes(30 * 1024 * 1024)})
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    assert len(bomb) < 200_000
    assert_one_line_error(extract_quickly(path), path, "inflates")
    dense = _workbook_with(seed_xlsx, {}, {"xl/media/padding.bin": bytes(5 * 1024 * 1024)})
    path.write_bytes(dense)
    assert_one_line_error(extract_quickly(path), path, "zip bomb")


def test_too_many_parts(tmp_path, seed_xlsx):
    path = tmp_path / "parts.xlsx"
    path.write_bytes(_workbook_with(seed_xlsx, {}, {f"xl/media/{i}.bin": b"x" for i in range(1001)}))
    assert_one_line_error(extract_quickly(path), path, "parts")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_xml_entity_attacks(tmp_path, seed_xlsx, payload):
    names = zipfile.ZipFile(io.BytesIO(seed_xlsx)).namelist()
    target = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/workbook.xml"
    path = tmp_path / "attack.xlsx"
    path.write_bytes(_workbook_with(seed_xlsx, {target: payload}))
    assert_one_line_error(extract_quickly(path), path, "DOCTYPE or ENTITY")


def test_text_named_xlsx_and_workbook_named_txt(tmp_path, seed_xlsx, seed_sheet):
    renamed = tmp_path / "really_a_workbook.txt"
    renamed.write_bytes(seed_xlsx)
    assert extract_quickly(renamed).sheets[0]["program"]["code"] == "소통행정-3"
    fake = tmp_path / "fake.xlsx"  # the content decides, not the name
    fake.write_bytes(seed_sheet.read_bytes())
    sheet, = extract_quickly(fake).sheets
    assert sheet["source"]["format"] == "text" and sheet["program"]["code"] == "소통행정-3"


@pytest.mark.parametrize("where, message", [("wide", "more than 1,000,000 cells"), ("deep", "more than 100,000 rows")])
def test_sparse_workbook_that_would_expand_to_millions_of_cells(tmp_path, where, message):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"] = "소통행정-3", "제목"
    if where == "wide":
        for row in range(2, 400):
            sheet.cell(row=row, column=16384, value="x")  # column XFD
    else:
        sheet.cell(row=1_000_000, column=1, value="x")
    path = tmp_path / f"{where}.xlsx"
    book.save(path)
    assert_one_line_error(extract_quickly(path), path, message)
