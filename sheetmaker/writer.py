"""Render SPEC §2 sheet records as the files departments send: a tab-separated
text export (UTF-8, UTF-8 with BOM or CP949; LF or CRLF), an .xlsx or .xls
workbook, or an HWPX or HWP document.

The writer is the inverse of the parser for a valid record: extracting what it
writes gives the record back (apart from ``source`` and ``line`` keys), which
the property tests check. It writes only what the record holds, so a section
the record lacks is missing from the sheet too. Benchmarks and other parts'
tests use it (through :mod:`generator`) to make realistic inboxes.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from extract.sheets.values import UNIT_FACTORS


FIXED_TIME = datetime(2020, 1, 1)  # workbook timestamps: generated inboxes are reproducible byte for byte
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


@dataclass(frozen=True)
class Style:
    """How a department's office software happens to write the sheet."""

    encoding: str = "utf-8"            # utf-8, utf-8-sig, cp949
    line_end: str = "\n"               # "\n" or "\r\n"
    money_unit: str = "백만원"          # unit of the head's total budget and the budget table
    date_style: str = "apostrophe"      # apostrophe '19. 5. | tight '21.10. | full 2022. 3. | short 22.3.
    quarter_digits: int = 2            # 【19년 1분기】 or 【2019년 1분기】
    rate_space: bool = False           # "60 %" rather than "60%"
    spaced_sources: bool = False       # "시 비" rather than "시비"
    blank_repeated_items: bool = True  # a repeated budget line item left blank (a merged cell)
    leading_blank_lines: int = 2


class Percent(Decimal):
    """A rate cell: ``60%`` in text, 0.6 formatted ``0%`` in a workbook."""


class Amount(Decimal):
    """A money cell in the budget table's unit: ``1,185`` in text, a number in a workbook."""


class MergedLeft(str):
    """An empty cell that a workbook merges into the cell on its left (a year header's second column)."""


class MergedUp(str):
    """An empty cell that a workbook merges into the cell above (a repeated line item, ``구 분``)."""


LEFT = MergedLeft("")
UP = MergedUp("")


def money_text(krw: int | None, unit: str) -> str:
    """``1185000000`` in 백만원 → ``1,185백만원``; None → ``비예산``."""
    return "비예산" if krw is None else f"{_in_unit(krw, unit):,f}{unit}"


def _in_unit(krw: int, unit: str) -> Decimal:
    value = Decimal(krw) / UNIT_FACTORS[unit]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def date_text(year: int, month: int | None, style: str) -> str:
    """A date as departments write it; a year without a month is ``'19.`` (or ``2019.``)."""
    yy = year % 100
    if month is None:
        return f"{year}." if style == "full" else f"'{yy:02d}." if style != "short" else f"{yy:02d}."
    if style == "tight":
        return f"'{yy:02d}.{month}."
    if style == "full":
        return f"{year}. {month}."
    if style == "short":
        return f"{yy:02d}.{month}."
    return f"'{yy:02d}. {month}."


def _bullet(year: int | None, month: int | None, text: str, style: Style) -> list[str]:
    if year is None:
        return [f"- {text}"]
    return [f"- {date_text(year, month, style.date_style)} : {text}"]


def _source(source: str | None, style: Style) -> str:
    if not source:
        return ""
    return " ".join(source) if style.spaced_sources and len(source) == 2 else source


def _head(program: dict, style: Style) -> list[list]:
    rate = program["implementation_rate_pct"]
    rate_cell = "-" if rate is None else Percent(str(rate))
    target, year = program["completion_target"], program["completion_year"]
    completion = " ".join(part for part in (target, f"({year})" if year else None) if part)
    return [
        [program["code"], program["title"]],
        ["추진현황", program["status"] or "", "이행률(%)", rate_cell, "완료시기 (완료연도)", completion],
        ["총사업비", money_text(program["total_budget_krw"], style.money_unit), "사업유형",
         "/".join(program["business_types"]), "추진부서", program["department"] or ""],
    ]


def _goals(record: dict, style: Style) -> list[list]:
    program = record["program"]
    return [["□ 정책목표"], [], *[[f"- {goal}"] for goal in program["policy_goals"]]]


def _period_side(month: str | None) -> str:
    return f"{int(month[:4])}년 {int(month[5:])}월" if month else ""


def _overview(record: dict, style: Style) -> list[list]:
    program = record["program"]
    rows: list[list] = [["□ 사업개요"], []]
    if program["period_start"]:
        rows.append([f"- 사업기간 : {_period_side(program['period_start'])} ~ {_period_side(program['period_end'])}".rstrip()])
    if program["description"]:
        rows.append([f"- 사업내용 : {program['description']}"])
    if program["total_budget_krw"] is not None:
        rows.append([f"- 총사업비 : {money_text(program['total_budget_krw'], style.money_unit)}"])
    return rows


def _targets(record: dict, style: Style) -> list[list]:
    years = sorted({t["year"] for t in record["targets"]})
    metrics: dict[str, dict[int, str]] = {}
    for t in record["targets"]:
        metrics.setdefault(t["metric"], {})[t["year"]] = t["raw"]
    rows: list[list] = [["□ 연차별 추진계획"], [], ["구 분", *[f"{y}년" for y in years]]]
    rows += [[metric, *[cells.get(y, "") for y in years]] for metric, cells in metrics.items()]
    return rows


def _budget(record: dict, style: Style) -> list[list]:
    budget = record["budget"]
    years = sorted({row["year"] for row in budget})
    demand_years = {row["year"] for row in budget if row["demand_krw"] is not None}
    keys = list(dict.fromkeys((r["line_item"], r["funding_source"], r["is_total"]) for r in budget))
    totals = {(t["line_item"], t["funding_source"], t["is_total"]): t for t in record["budget_reported_totals"]}
    cells = {(r["line_item"], r["funding_source"], r["is_total"], r["year"]): r for r in budget}
    has_totals = bool(totals)
    year_row = [UP, UP] + (["합 계", LEFT] if has_totals else [])
    kind_row = [UP, UP] + (["확보액 및 투자수요", "집행액"] if has_totals else [])
    for year in years:
        year_row += [f"{year}년", LEFT]
        kind_row += ["투자 수요" if year in demand_years else "확보액", "집행액"]
    rows: list[list] = [["□ 연차별 투자수요 및 집행액"], [], [f"(단위 : {style.money_unit})"], [],
                        ["구 분", "재원별", "연차별 투자수요 및 집행액"], year_row, kind_row]
    previous_item = None
    for item, source, is_total in keys:
        is_grand_total = is_total and item == "계"
        label = item
        if style.blank_repeated_items and not is_grand_total and item == previous_item:
            label = UP
        previous_item = None if is_grand_total else item
        row = [label, "소계" if is_total and not is_grand_total else _source(source, style)]
        if has_totals:
            total = totals.get((item, source, is_total), {})
            row += [_amount(total.get("secured_and_demand_krw"), style), _amount(total.get("executed_krw"), style)]
        for year in years:
            found = cells.get((item, source, is_total, year), {})
            first = found.get("demand_krw") if year in demand_years else found.get("secured_krw")
            row += [_amount(first, style), _amount(found.get("executed_krw"), style)]
        rows.append(row)
    return rows


def _amount(krw: int | None, style: Style):
    return "" if krw is None else Amount(_in_unit(krw, style.money_unit))


def _reports(record: dict, style: Style) -> list[list]:
    rows: list[list] = [["□ 추진실적"]]
    for quarter in record["quarters"]:
        year = quarter["year"] if style.quarter_digits == 4 else quarter["year"] % 100
        header = f"【{year:02d}년 {quarter['quarter']}분기】"
        rows += [[], [f"{header} - {quarter['summary']}" if quarter["summary"] else header], []]
        rows += [_bullet(a["year"], a["month"], a["text"], style) for a in record["activities"]
                 if (a["reported_year"], a["reported_quarter"]) == (quarter["year"], quarter["quarter"])]
    return rows


def _plans(record: dict, style: Style) -> list[list]:
    return [["□ 향후계획"], [], *[_bullet(p["year"], p["month"], p["text"], style) for p in record["plans"]]]


def _footer(record: dict, style: Style) -> list[list]:
    rows: list[list] = []
    if record["contacts"]:
        people = " ".join(f"{c['role']} : {c['name']}" + (f" ({c['phone_ext']})" if c["phone_ext"] else "")
                          for c in record["contacts"])
        rows.append(["작성 자", people])
    collaboration = record["collaboration"]
    if collaboration:
        rows.append(["협업부서", collaboration["departments"] or "", "협업내용", collaboration["content"] or ""])
        rows.append(["중앙정부", collaboration["central_government"] or "", "서울시", collaboration["city"] or ""])
    return rows


def sheet_rows(record: dict, style: Style = Style()) -> list[list]:
    """One record as rows of cells, blank rows as ``[]`` (row i is line i+1 of the sheet's block)."""
    program = record["program"]
    rows = _head(program, style)
    sections = [
        (program["policy_goals"], _goals),
        (program["period_start"] or program["description"] or program["total_budget_krw"] is not None, _overview),
        (record["targets"], _targets),
        (record["budget"], _budget),
        (record["quarters"], _reports),
        (record["plans"], _plans),
    ]
    for present, render in sections:
        if present:
            rows += [[], *render(record, style)]
    rows += [[]] + _footer(record, style)
    return rows


def file_rows(records: list[dict], style: Style = Style()) -> list[list]:
    """Several records one after another, as one file or worksheet holds them."""
    rows: list[list] = [[] for _ in range(style.leading_blank_lines)]
    for index, record in enumerate(records):
        if index:
            rows += [[], []]
        rows += sheet_rows(record, style)
    return rows


def cell_text(cell, style: Style = Style()) -> str:
    if isinstance(cell, Percent):
        return f"{cell.normalize():f}{' %' if style.rate_space else '%'}"
    if isinstance(cell, Amount):
        return f"{cell:,f}"
    return cell


def to_text(records: dict | list[dict], style: Style = Style()) -> bytes:
    """The text export of one or several records, encoded as ``style`` says."""
    records = [records] if isinstance(records, dict) else records
    lines = ["\t".join(cell_text(cell, style) for cell in row) for row in file_rows(records, style)]
    return style.line_end.join(lines).encode(style.encoding)


def _excel_cell(text: str, delimiter: str = "\t") -> str:
    """A cell as Excel's text exports write it: quoted, quotes doubled, when it holds the delimiter, a line
    break or a quote."""
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(char in text for char in f'{delimiter}\n\r"') else text


def _one_cell_lists(rows: list[list]) -> list[list]:
    """Runs of bullet rows (``- …``) as one cell of lines, as a clerk types a list with Alt+Enter in Excel; each
    joined row leaves an empty row behind, so the rows after it keep their lines."""
    out: list[list] = []
    run_start = None
    for row in rows:
        bullet = len(row) == 1 and isinstance(row[0], str) and row[0].startswith("- ")
        if bullet and run_start is not None:
            out[run_start] = [f"{out[run_start][0]}\n{row[0]}"]
            out.append(None)
            continue
        run_start = len(out) if bullet else None
        out.append(row)
    return [row for row in out if row is not None]


def to_unicode_text(records: dict | list[dict], style: Style = Style(), *, one_cell_lists: bool = False) -> bytes:
    """Excel's "유니코드 텍스트" export: UTF-16 with BOM, tab-separated, CRLF, a cell holding a line break, tab or
    quote in double quotes. With ``one_cell_lists`` every list of bullets is one multi-line cell (a physical line
    of the file per bullet, so line numbers still match the text export)."""
    records = [records] if isinstance(records, dict) else records
    rows = file_rows(records, style)
    if one_cell_lists:
        rows = _one_cell_lists(rows)
    lines = ["\t".join(_excel_cell(cell_text(cell, style)) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


def to_csv(records: dict | list[dict], style: Style = Style()) -> bytes:
    """Excel's CSV export (쉼표로 분리): comma-separated, CRLF, a cell holding a comma, line break or quote in
    double quotes, in the style's encoding (CP949 as Korean Excel saves it, or UTF-8 with BOM)."""
    records = [records] if isinstance(records, dict) else records
    lines = [",".join(_excel_cell(cell_text(cell, style), ",") for cell in row) for row in file_rows(records, style)]
    return ("\r\n".join(lines) + "\r\n").encode(style.encoding)


def to_xlsx(records: dict | list[dict], style: Style = Style(), *, one_worksheet: bool = False,
            numbers: bool = True, merge: bool = True) -> bytes:
    """A workbook: a worksheet per record (or all in one), row i = line i of the
    text export; money and rates stored as numbers (or as text), the budget
    table's year headers and repeated line items merged like the original."""
    from openpyxl import Workbook

    records = [records] if isinstance(records, dict) else records
    book = Workbook()
    book.remove(book.active)
    groups = [records] if one_worksheet else [[record] for record in records]
    for index, group in enumerate(groups):
        sheet = book.create_sheet(title=f"Sheet{index + 1}")
        rows = file_rows(group, style)
        for number, row in enumerate(rows, 1):
            for column, cell in enumerate(row, 1):
                if cell == "":
                    continue
                _put(sheet.cell(row=number, column=column), cell, style, numbers)
        if merge:
            _merge(sheet, rows)
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _repacked(buffer.getvalue())


def to_xls(records: dict | list[dict], style: Style = Style(), *, one_worksheet: bool = False,
           numbers: bool = True, merge: bool = True) -> bytes:
    """The same workbook as :func:`to_xlsx`, saved as a legacy .xls (BIFF8) by xlwt."""
    import xlwt

    records = [records] if isinstance(records, dict) else records
    book = xlwt.Workbook(encoding="utf-8")
    formats: dict[str, object] = {}
    groups = [records] if one_worksheet else [[record] for record in records]
    for index, group in enumerate(groups):
        sheet = book.add_sheet(f"Sheet{index + 1}")
        rows = file_rows(group, style)
        regions = {(top, left): (bottom, right) for top, left, bottom, right in merged_regions(rows)} if merge else {}
        for number, row in enumerate(rows):
            for column, cell in enumerate(row):
                if cell == "":
                    continue
                value, number_format = _xls_value(cell, style, numbers)
                look = formats.setdefault(number_format, xlwt.easyxf(num_format_str=number_format))
                if (number, column) in regions:
                    bottom, right = regions[(number, column)]
                    sheet.write_merge(number, bottom, column, right, value, look)
                else:
                    sheet.write(number, column, value, look)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls_value(cell, style: Style, numbers: bool):
    if numbers and isinstance(cell, Percent):
        return _number(Decimal(cell) / 100), "0%" if cell == cell.to_integral_value() else "0.0#%"
    if numbers and isinstance(cell, Amount):
        return _number(cell), "#,##0" if cell == cell.to_integral_value() else "#,##0.0##"
    return cell_text(cell, style), "General"


_ODS_NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                   'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                   'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
_ODS_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                 '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                 '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                 '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')


def to_ods(records: dict | list[dict], style: Style = Style(), *, one_worksheet: bool = False,
           numbers: bool = True, merge: bool = True) -> bytes:
    """The same workbook as :func:`to_xlsx` as an OpenDocument spreadsheet (what LibreOffice or 한셀 save):
    rates as percentages, amounts as floats with the text they show, merged cells spanned and covered."""
    records = [records] if isinstance(records, dict) else records
    groups = [records] if one_worksheet else [[record] for record in records]
    tables = "".join(_ods_table(f"Sheet{index + 1}", file_rows(group, style), style, numbers, merge)
                     for index, group in enumerate(groups))
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NAMESPACES} office:version="1.2">'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", FIXED_TIME.timetuple()[:6]), "application/vnd.oasis.opendocument.spreadsheet")
        for name, text in (("META-INF/manifest.xml", _ODS_MANIFEST), ("content.xml", content)):
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME.timetuple()[:6]), text, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _ods_table(name: str, rows: list[list], style: Style, numbers: bool, merge: bool) -> str:
    regions = {(top, left): (bottom, right) for top, left, bottom, right in merged_regions(rows)} if merge else {}
    covered = {(r, c) for (top, left), (bottom, right) in regions.items() for r in range(top, bottom + 1)
               for c in range(left, right + 1)} - set(regions)
    out = [f'<table:table table:name="{name}">']
    for number, row in enumerate(rows):
        width = max([len(row)] + [c + 1 for r, c in covered if r == number])
        cells = []
        for column in range(width):
            if (number, column) in covered:
                cells.append("<table:covered-table-cell/>")
                continue
            span = regions.get((number, column))
            spanned = (f' table:number-rows-spanned="{span[0] - number + 1}" table:number-columns-spanned="{span[1] - column + 1}"'
                       if span else "")
            cells.append(_ods_cell(row[column] if column < len(row) else "", style, numbers, spanned))
        out.append(f"<table:table-row>{''.join(cells) or '<table:table-cell/>'}</table:table-row>")
    out.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/>'
               "</table:table-row></table:table>")
    return "".join(out)


def _ods_cell(cell, style: Style, numbers: bool, spanned: str) -> str:
    if cell == "":
        return f"<table:table-cell{spanned}/>"
    shown = escape(cell_text(cell, style))
    if numbers and isinstance(cell, Percent):
        value = f'office:value-type="percentage" office:value="{_number(Decimal(cell) / 100)}"'
    elif numbers and isinstance(cell, Amount):
        value = f'office:value-type="float" office:value="{_number(cell)}"'
    else:
        value = 'office:value-type="string"'
    return f"<table:table-cell {value}{spanned}><text:p>{shown}</text:p></table:table-cell>"


def _repacked(data: bytes) -> bytes:
    """The same zip with every member, and the save time openpyxl writes into the core
    properties, dated FIXED_TIME: the same records give the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", content)
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return buffer.getvalue()


def _put(target, cell, style: Style, numbers: bool) -> None:
    if numbers and isinstance(cell, Percent):
        target.value = _number(Decimal(cell) / 100)
        target.number_format = "0%" if cell == cell.to_integral_value() else "0.0#%"
    elif numbers and isinstance(cell, Amount):
        target.value = _number(cell)
        target.number_format = "#,##0" if cell == cell.to_integral_value() else "#,##0.0##"
    else:
        target.value = cell_text(cell, style)
        target.data_type = "s"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def merged_regions(rows: list[list]) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column), 0-based, of each cell merged with the
    MergedLeft cells right of it and the MergedUp cells below it."""
    regions = []
    for number, row in enumerate(rows):
        for column, cell in enumerate(row):
            if isinstance(cell, (MergedLeft, MergedUp)):
                continue
            right = column + 1
            while right < len(row) and isinstance(row[right], MergedLeft):
                right += 1
            down = number + 1
            while down < len(rows) and column < len(rows[down]) and isinstance(rows[down][column], MergedUp):
                down += 1
            if right > column + 1 or down > number + 1:
                regions.append((number, column, down - 1, right - 1))
    return regions


def _merge(sheet, rows: list[list]) -> None:
    for top, left, bottom, right in merged_regions(rows):
        sheet.merge_cells(start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1)


def _blocks(rows: list[list]) -> list[list[list]]:
    """The rows as a document lays them out: a row of one cell (or none) a paragraph, a run of rows
    of several cells a table (the head, the targets and budget tables, the footer)."""
    blocks: list[list[list]] = []
    for row in rows:
        if len(row) > 1 and blocks and len(blocks[-1][0]) > 1:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    return blocks


def to_document(records: dict | list[dict], style: Style = Style(), *, kind: str = "hwpx") -> bytes:
    """An HWPX (or, ``kind="hwp"``, HWP 5.0) document as a clerk writes the sheet in the office's
    word processor: □ titles and bullets as paragraphs, the head, the tables and the footer as
    tables, the budget table's year headers and repeated line items merged. Paragraph i or
    table row i is line i of the text export, so even line numbers agree."""
    from hwpx import HwpxDocument

    records = [records] if isinstance(records, dict) else records
    with _counted_ids():
        return _document_bytes(HwpxDocument.new(), records, style, kind)


@contextlib.contextmanager
def _counted_ids():
    """python-hwpx numbers paragraphs and tables with random UUIDs; counted ones during one write make
    the same records give the same bytes (through the seam python-hwpx keeps for this)."""
    import hwpx.oxml._document_impl as document_impl

    original = document_impl.uuid4
    count = itertools.count(1)
    document_impl.uuid4 = lambda: uuid.UUID(int=next(count) * 2654435761 % (1 << 122))
    try:
        yield
    finally:
        document_impl.uuid4 = original


def _document_bytes(document, records: list[dict], style: Style, kind: str) -> bytes:
    first = document.paragraphs[0]  # a new document's one paragraph (it holds the page setup) is line 1
    for index, block in enumerate(_blocks(file_rows(records, style))):
        if len(block[0]) <= 1:
            text = cell_text(block[0][0], style) if block[0] else ""
            if index == 0:
                first.text = text
            else:
                document.add_paragraph(text)
            continue
        width = max(len(row) for row in block)
        table = first.add_table(len(block), width) if index == 0 else document.add_table(len(block), width)
        for number, row in enumerate(block):
            for column, cell in enumerate(row):
                if cell != "":
                    table.set_cell_text(number, column, cell_text(cell, style))
        for top, left, bottom, right in reversed(merged_regions(block)):
            table.merge_cells(top, left, bottom, right)
    buffer = io.BytesIO()
    document.save_to_stream(buffer, format=kind)
    return buffer.getvalue()
