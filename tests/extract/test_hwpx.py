"""HWPX and HWP documents read natively: the same record as the text export, tables with their
merged cells, paragraphs in document order, protected and broken documents refused in one line."""
from __future__ import annotations

import io
import random
import struct
import unicodedata
import zipfile

import pytest
from extract_helpers import assert_same_records, parse

from extract.sheets import extract_file, grids_of
from sheetmaker.generator import random_record
from sheetmaker.writer import Style, to_document, to_text


@pytest.fixture(scope="module")
def seed_record(seed_sheet) -> dict:
    return extract_file(seed_sheet).sheets[0]


@pytest.mark.parametrize("kind", ["hwpx", "hwp"])
def test_seed_as_a_document_gives_the_text_exports_record_and_lines(seed_record, kind):
    sheet, = parse(to_document(seed_record, kind=kind), f"seed.{kind}")
    assert {**sheet, "source": None} == {**seed_record, "source": None}
    assert sheet["source"]["format"] == kind and sheet["source"]["encoding"] is None
    assert (sheet["source"]["first_line"], sheet["source"]["last_line"]) == (3, 113)


@pytest.mark.parametrize("kind", ["hwpx", "hwp"])
def test_merged_line_items_and_headers_read_as_the_text_export(kind):
    """A line item merged over its funding-source rows, 구 분 merged over the header rows."""
    rng = random.Random(7)
    record = next(r for r in (random_record(rng, i) for i in range(200))
                  if len({(b["line_item"], b["funding_source"]) for b in r["budget"] if not b["is_total"]}) > 2)
    style = Style(blank_repeated_items=True)
    data = to_document(record, style, kind=kind)
    grid, = grids_of(data)
    assert grid.format == kind
    assert any(span.rows > 1 for span in grid.spans) and any(span.columns > 1 for span in grid.spans)
    assert_same_records(parse(data, f"x.{kind}"), [record])
    text_rows = parse(to_text(record, style))
    assert [{**s, "source": None} for s in parse(data)] == [{**s, "source": None} for s in text_rows]


def _hwpx_with_section(body: str, prolog: str = "") -> bytes:
    """A minimal OWPML package whose one section holds ``body`` (paragraph XML)."""
    section = ('<?xml version="1.0" encoding="UTF-8"?>' + prolog + '<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
               'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">' + body + '</hs:sec>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        archive.writestr("Contents/section0.xml", section)
    return buffer.getvalue()


def _p(text: str) -> str:
    return f"<hp:p><hp:run><hp:t>{text}</hp:t></hp:run></hp:p>"


def _tc(row: int, column: int, content: str, rows: int = 1, columns: int = 1) -> str:
    return (f'<hp:tc><hp:subList>{content}</hp:subList><hp:cellAddr colAddr="{column}" rowAddr="{row}"/>'
            f'<hp:cellSpan colSpan="{columns}" rowSpan="{rows}"/></hp:tc>')


def _table(*rows: str, columns: int = 3) -> str:
    return f'<hp:p><hp:run><hp:tbl colCnt="{columns}">' + "".join(f"<hp:tr>{r}</hp:tr>" for r in rows) + "</hp:tbl></hp:run></hp:p>"


def test_paragraphs_tables_and_section_boxes_in_reading_order():
    body = (_p("소통행정-3<hp:tab/>제목") + _p("") +
            _table(_tc(0, 0, _p("구 분"), rows=2) + _tc(0, 1, _p("2018년"), columns=2),
                   _tc(1, 1, _p("목표")) + _tc(1, 2, _p("실적"))) +
            _table(_tc(0, 0, _p("□ 추진실적") + _p("【19년 1분기】 - 회의 : 1회") + _p("- '19. 2. : 회의 개최")
                         + _p("이어지는 말"), columns=3), columns=3) +
            _table(_tc(0, 0, _p("□ 향후계획")) + _tc(0, 1, _p("- '21.10. : 하나") + _p("- '21.12. : 둘")), columns=2) +
            _p("첫 줄<hp:lineBreak/>둘째 줄"))
    grid, = grids_of(_hwpx_with_section(body))
    assert grid.rows == [
        (1, ["소통행정-3", "제목"]),
        (3, ["구 분", "2018년"]),
        (4, ["", "목표", "실적"]),
        (5, ["□ 추진실적"]), (6, ["【19년 1분기】 - 회의 : 1회"]), (7, ["- '19. 2. : 회의 개최"]), (8, ["이어지는 말"]),
        (9, ["□ 향후계획", "- '21.10. : 하나"]), (10, ["", "- '21.12. : 둘"]),
        (11, ["첫 줄"]), (12, ["둘째 줄"]),
    ]


def test_decomposed_hangul_is_read_as_nfc():
    code = unicodedata.normalize("NFD", "소통행정-3")
    grid, = grids_of(_hwpx_with_section(_p(f"{code}<hp:tab/>{unicodedata.normalize('NFD', '협치 강화')}")))
    assert grid.rows == [(1, ["소통행정-3", "협치 강화"])]


def _with_flags(hwp: bytes, bits: int) -> bytes:
    at = hwp.index(b"HWP Document File") + 36
    flags = struct.unpack_from("<I", hwp, at)[0]
    return hwp[:at] + struct.pack("<I", flags | bits) + hwp[at + 4:]


@pytest.mark.parametrize("bit, word", [(1 << 1, "password"), (1 << 2, "distribution"), (1 << 4, "DRM")])
def test_protected_hwp_is_refused_in_one_line(tmp_path, seed_record, bit, word):
    path = tmp_path / "locked.hwp"
    path.write_bytes(_with_flags(to_document(seed_record, kind="hwp"), bit))
    result = extract_file(path)
    assert result.sheets == [] and "\n" not in result.error
    assert result.error.startswith(f"{path}: ") and word in result.error


def test_encrypted_hwpx_is_refused(tmp_path, seed_record):
    source = zipfile.ZipFile(io.BytesIO(to_document(seed_record)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "META-INF/manifest.xml":
                content = content.replace(b"/>", b"><odf:file-entry odf:full-path=\"Contents/section0.xml\">"
                                          b"<odf:encryption-data/></odf:file-entry></odf:manifest>")
            target.writestr(member, content)
    path = tmp_path / "locked.hwpx"
    path.write_bytes(buffer.getvalue())
    result = extract_file(path)
    assert result.sheets == [] and result.error == f"{path}: the .hwpx document is password-protected (encrypted): save it without a password"


@pytest.mark.parametrize("kind", ["hwpx", "hwp"])
def test_broken_documents_fail_in_one_line(tmp_path, seed_record, kind):
    data = to_document(seed_record, kind=kind)
    path = tmp_path / f"cut.{kind}"
    for cut in (8, 100, len(data) // 3, len(data) // 2, len(data) - 200):
        path.write_bytes(data[:cut])
        result = extract_file(path)
        assert result.sheets == [] and result.error and "\n" not in result.error, (cut, result.error)
        assert result.error.startswith(f"{path}: ")
    flipped = bytearray(data)
    for at in range(600, len(flipped), 97):
        flipped[at] ^= 0x5A
    path.write_bytes(bytes(flipped))
    result = extract_file(path)
    assert result.error and "\n" not in result.error and "internal error" not in result.error


def test_format_is_read_from_the_content_not_the_name(tmp_path, seed_record):
    path = tmp_path / "really_a_document.txt"
    path.write_bytes(to_document(seed_record, kind="hwp"))
    sheet, = extract_file(path).sheets
    assert sheet["source"]["format"] == "hwp"
    path = tmp_path / "really_a_document.xlsx"
    path.write_bytes(to_document(seed_record, kind="hwpx"))
    sheet, = extract_file(path).sheets
    assert sheet["source"]["format"] == "hwpx"


def test_a_document_without_a_program_sheet(tmp_path):
    path = tmp_path / "memo.hwpx"
    path.write_bytes(_hwpx_with_section(_p("회의 메모")))
    result = extract_file(path)
    assert result.error == f"{path}:1: no title row found (a program code such as 소통행정-3, then the title)"


BILLION_LAUGHS = ('<!DOCTYPE hs:sec [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                  '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')


def test_entity_declarations_in_a_section_are_refused(tmp_path):
    data = _hwpx_with_section(_p("소통행정-3<hp:tab/>&c;"), BILLION_LAUGHS)
    path = tmp_path / "laughs.hwpx"
    path.write_bytes(data)
    assert extract_file(path).error == f"{path}: .hwpx document part Contents/section0.xml declares a DOCTYPE or ENTITY: refused"


@pytest.mark.parametrize("depth", [30, 5000])
def test_deeply_nested_tables_and_xml(tmp_path, depth):
    """Tables nested in boxes read as rows while libxml2 allows the depth (256 elements); deeper XML is
    refused in one line."""
    body = _p("소통행정-3<hp:tab/>제목")
    for _ in range(depth):
        body = _table(_tc(0, 0, body), columns=1)
    path = tmp_path / "nested.hwpx"
    path.write_bytes(_hwpx_with_section(body))
    result = extract_file(path)
    if depth == 30:
        assert result.error is None and result.sheets[0]["program"]["code"] == "소통행정-3"
    else:
        assert result.sheets == [] and "not well-formed XML" in result.error and "\n" not in result.error
