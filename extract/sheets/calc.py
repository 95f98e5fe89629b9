"""Legacy .xls workbooks (BIFF8) → a :class:`~extract.sheets.grid.Grid` per worksheet.

Read with xlrd with its formatting information, because what a cell says is its
value *and* its number format: a rate typed 100% is 1.0 formatted ``0%``, a year
2018 formatted ``0"년"``, an amount ``#,##0"백만원"``. python-calamine reads .xls
(and .xlsx) about 20 times faster but gives values only, so it would read that rate as 1;
the benchmark measures both. Numbers go through the same :func:`~extract.sheets.
workbook.cell_text` as .xlsx: a float to the 15 significant digits Excel shows (66.6
in 백만원 is 66,600,000 KRW, never 66,599,999), dates as dates, merged cells
blank but their top-left cell, so a worksheet row reads as it does in .xlsx.
The compound file is checked by :mod:`containers` before xlrd sees it (BIFF8
compresses nothing, so there is nothing to inflate).
"""
from __future__ import annotations

from extract.sheets.containers import compound_file
from extract.sheets.grid import Grid, Span, cell_lines, nfc, trimmed, without_margin
from extract.sheets.rows import Row, SheetError
from extract.sheets.workbook import MAX_CELLS, MAX_ROWS, cell_text

def _value(book, sheet, row: int, column: int):
    """(the cell's Python value, its number format) as the .xlsx reader gets them from openpyxl."""
    import xlrd

    item = sheet.cell(row, column)
    kind = item.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None, None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(item.value), None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(item.value, book.datemode), None
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return item.value, None
    if kind == xlrd.XL_CELL_NUMBER:
        number_format = book.format_map.get(book.xf_list[item.xf_index].format_key) if item.xf_index is not None else None
        value = item.value
        return (int(value) if value.is_integer() and abs(value) < 2**53 else value), (number_format.format_str if number_format else None)
    return item.value, None


def sheet_rows(book, sheet) -> list[Row]:
    if sheet.nrows > MAX_ROWS:
        raise SheetError(f"worksheet {sheet.name} has more than {MAX_ROWS:,} rows", MAX_ROWS + 1)
    if sheet.nrows * sheet.ncols > MAX_CELLS:
        raise SheetError(f"worksheet {sheet.name} spans more than {MAX_CELLS:,} cells")
    rows: list[Row] = []
    for row in range(sheet.nrows):
        values = [_value(book, sheet, row, column) for column in range(sheet.row_len(row))]
        texts = trimmed([cell_text(value, number_format) for value, number_format in values])
        if texts:
            value = values[next(i for i, text in enumerate(texts) if text)][0]
            rows += cell_lines(row + 1, texts, value if isinstance(value, str) else None)
    return without_margin([(line, [nfc(text) for text in texts]) for line, texts in rows])


def xls_grids(data: bytes, max_bytes: int) -> list[Grid]:
    """A grid per worksheet (hidden ones too), in workbook order."""
    compound_file(data, ".xls workbook")
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=_Quiet(), ragged_rows=True)
    except Exception as error:  # xlrd signals broken records with many exception types
        raise SheetError(f"not a readable .xls workbook ({type(error).__name__}: {error})") from None
    grids = []
    for sheet in book.sheets():
        spans = [Span(top + 1, left, bottom - top, right - left) for top, bottom, left, right in sheet.merged_cells]
        grids.append(Grid(sheet_rows(book, sheet), "xls", worksheet=nfc(sheet.name), spans=spans))
    return grids


class _Quiet:
    """xlrd writes its warnings to a log file; a submission's oddities are not the operator's log."""

    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass
