"""The submitted file's own text around a line, for ``sheetfeed steward show``.

Lines are those the extractor numbered: physical lines of a text export, or
worksheet rows of an .xlsx (cells joined by tabs), so a finding's ``line``
points at what the department wrote.
"""
from __future__ import annotations

import io

from extract.sheets.rows import SheetError, decode

XLSX_MAGIC = b"PK\x03\x04"


def numbered_lines(content: bytes, worksheet: str | None = None) -> dict[int, str]:
    """Line number → text of the whole file (of one worksheet for a workbook)."""
    if content.startswith(XLSX_MAGIC):
        return _worksheet_lines(content, worksheet)
    try:
        text = decode(content).text
    except SheetError:
        text = content.decode("utf-8", errors="replace")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return {number: line for number, line in enumerate(lines, 1)}


def _worksheet_lines(content: bytes, worksheet: str | None) -> dict[int, str]:
    from openpyxl import load_workbook

    from extract.sheets import DEFAULT_MAX_BYTES
    from extract.sheets.workbook import check_archive, worksheet_rows

    try:
        check_archive(content, DEFAULT_MAX_BYTES)
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book[worksheet] if worksheet in book.sheetnames else book.worksheets[0]
        rows = worksheet_rows(sheet)
        book.close()
    except Exception as error:  # a workbook the extractor refused: say so instead of showing text
        return {0: f"(the workbook cannot be shown: {type(error).__name__}: {error})"}
    return {number: "\t".join(cells) for number, cells in rows}


def around(lines: dict[int, str], line: int | None, context: int = 2) -> list[tuple[int, str]]:
    """The numbered lines from ``line - context`` to ``line + context`` that exist."""
    if line is None:
        return []
    return [(number, lines[number]) for number in range(line - context, line + context + 1) if number in lines]
