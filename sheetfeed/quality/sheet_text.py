"""The submitted file's own text around a line, for ``sheetfeed steward show``.

Lines are those the extractor numbered: physical lines of a text export, or
worksheet rows of a workbook or rows of a document (cells joined by tabs), so a finding's ``line``
points at what the department wrote.
"""
from __future__ import annotations

from extract.sheets.rows import SheetError, decode

TEXT_FORMATS = ("text",)


def numbered_lines(content: bytes, worksheet: str | None = None) -> dict[int, str]:
    """Line number → text of the whole file (of one worksheet for a workbook; the rows of a
    document, cells joined by tabs)."""
    from extract.sheets import DEFAULT_MAX_BYTES, grids_of

    try:
        grids = grids_of(content, DEFAULT_MAX_BYTES)
    except SheetError as error:
        if content[:4] == b"PK\x03\x04" or content[:4] == b"\xd0\xcf\x11\xe0":
            return {0: f"(the file cannot be shown: {error.message})"}
        grids = []
    if grids and grids[0].format not in TEXT_FORMATS:
        grid = next((g for g in grids if g.worksheet == worksheet), grids[0])
        return {number: "\t".join(cells) for number, cells in grid.rows}
    try:
        text = decode(content).text
    except SheetError:
        text = content.decode("utf-8", errors="replace")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return {number: line for number, line in enumerate(lines, 1)}


def around(lines: dict[int, str], line: int | None, context: int = 2) -> list[tuple[int, str]]:
    """The numbered lines from ``line - context`` to ``line + context`` that exist."""
    if line is None:
        return []
    return [(number, lines[number]) for number in range(line - context, line + context + 1) if number in lines]
