"""Text exports → a :class:`~extract.sheets.grid.Grid`: the HWP/Excel tab-separated text, Excel's
"유니코드 텍스트" (UTF-16 with BOM), its CSV (comma-separated) and old Mac text (CR line ends) alike.

A cell that starts with a double quote and ends with one right before a tab or
a line end is a quoted cell, as Excel writes a cell holding a tab, a line break
or a quote: one cell whatever it contains, ``""`` inside it a quote. A quote
anywhere else, or one that is never closed that way, is just a character. A
quoted cell's line breaks are physical lines: the row keeps the line it starts
on, and a quoted cell holding bullets on lines of their own gives a row per
bullet at that bullet's line. A file with no tab-separated title row whose program code
is followed by a comma is a CSV file: the same cells, split at commas
(Excel quotes every cell holding one). Text is NFC before anything is split.
"""
from __future__ import annotations

import re

from extract.sheets.grid import Grid, cell, cell_lines, nfc, trimmed
from extract.sheets.rows import Row, SheetError, decode, text_rows

TITLE_HINT = re.compile(r"-[ \u3000\xa0]?\d{1,4}[ \u3000\xa0]*\"?\t")  # the end of a program-code cell
CSV_TITLE = re.compile(r"(?m)^[ \t]*\"?[가-힣A-Za-z][가-힣A-Za-z·ㆍ ]*(?:-[ ]?\d{1,4})+[ ]*\"?,")


def has_quoted_cells(text: str) -> bool:
    return text.startswith('"') or '\t"' in text or '\n"' in text or '\r"' in text


def _closing_quote(text: str, start: int, delimiter: str) -> int:
    """The index of the quote closing the quoted cell opened at ``start``, or -1 if it is not one."""
    at = start + 1
    while True:
        end = text.find('"', at)
        if end < 0:
            return -1
        after = text[end + 1:end + 2]
        if after == '"':
            at = end + 2
        elif after in ("", delimiter, "\n"):
            return end
        else:
            return -1


def _cell_at(text: str, pos: int, delimiter: str) -> tuple[str, int, bool]:
    """(the raw cell starting at ``pos``, where it ends, whether it was quoted)."""
    if text.startswith('"', pos):
        end = _closing_quote(text, pos, delimiter)
        if end >= 0:
            return text[pos + 1:end].replace('""', '"'), end + 1, True
    stops = [at for at in (text.find(delimiter, pos), text.find("\n", pos)) if at >= 0]
    end = min(stops) if stops else len(text)
    return text[pos:end], end, False


def quoted_rows(text: str, delimiter: str = "\t") -> list[Row]:
    """Rows of a text export that has quoted cells (or of a CSV file), line numbers physical lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows: list[Row] = []
    pos, line, size = 0, 1, len(text)
    while pos <= size:
        start, raws, quoted = line, [], False
        while True:
            raw, pos, was_quoted = _cell_at(text, pos, delimiter)
            raws.append(raw)
            quoted = quoted or was_quoted
            line += raw.count("\n") if was_quoted else 0
            if pos < size and text[pos] == delimiter:
                pos += 1
                continue
            break
        pos, line = pos + 1, line + 1
        texts = trimmed([cell(raw) for raw in raws])
        if texts:
            lone = next(raw for raw, text in zip(raws, texts) if text) if quoted else None
            rows += cell_lines(start, texts, lone, step=1)
    return rows


def text_grid(data: bytes) -> Grid:
    """The grid of a text export (any of the encodings :func:`~extract.sheets.rows.decode` reads)."""
    decoded = decode(data)
    text = nfc(decoded.text)
    if TITLE_HINT.search(text):
        rows = quoted_rows(text) if has_quoted_cells(text) else text_rows(text)
    elif CSV_TITLE.search(text):
        rows = quoted_rows(text, ",")
    else:  # refuse large non-sheets before splitting them
        raise SheetError("no title row found (a program code such as 소통행정-3, then the title)")
    return Grid(rows, "text", encoding=decoded.encoding, warnings=decoded.warnings)
