"""The one shape every format is read into before the sheet reader runs.

A :class:`Grid` is one stream of rows: a text file, a worksheet, or a document
(all its sections). Each row is ``(line, cells)``: ``line`` is where the row is
in its file (a physical line of a text file, a worksheet row, or for an HWPX/HWP
document the row's place among its paragraphs and table rows in reading order,
SPEC §2), ``cells`` the cell texts left to right. A merged cell is read as the
text export writes it: its text in its top-left cell, the cells it covers
blank (a line item over its 국비 and 시비 rows, a 구 분 over two header rows);
``spans`` keeps each merged region for whoever needs the structure. Texts are
NFC (a Mac writes Hangul decomposed) with whitespace collapsed, so codes,
departments and funding sources match as join keys however they were typed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from extract.sheets.rows import Row
from extract.sheets.values import QUARTER_OPENERS, is_bullet

_LINE_OPENERS = (*QUARTER_OPENERS, "□")
_DATE_CELL = re.compile(r"^['‘’`]?(?:\d{4}|\d{2})\s*[.\-/년]\s*\d{1,2}\s*[.월]?(?:\s*\d{1,2}\s*[.일]?)?$")
_WORD = re.compile(r"[가-힣A-Za-z]")


@dataclass(frozen=True)
class Span:
    """A merged region: its top-left cell at (line, column), ``rows`` × ``columns`` cells."""

    line: int
    column: int
    rows: int
    columns: int


@dataclass
class Grid:
    rows: list[Row]
    format: str                       # text, xlsx, xls, ods, hwpx, hwp
    encoding: str | None = None       # the codec of a text file; None for documents and workbooks
    worksheet: str | None = None      # a workbook's worksheet title
    warnings: list[dict] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (checking is much cheaper than normalising, and almost always enough)."""
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def cell(text: str) -> str:
    """A cell's text as the sheet reader sees it: NFC, whitespace collapsed (a line break is a space)."""
    return " ".join(nfc(text).split())


def cell_lines(line: int, texts: list[str], raw: str | None, step: int = 0) -> list[Row]:
    """The row, or, for a lone cell holding bullets on lines of their own (Alt+Enter
    in Excel, paragraphs in a document's table cell, a quoted multi-line cell of a
    text export), a row per bullet.

    Clerks often write a whole section in one cell: ``- '21.10. : …`` Alt+Enter
    ``- '21.12. : …``. A line break is otherwise a space (the text export puts a
    cell on one line), but read as a space here it would glue every bullet into the
    first one. A line that starts no bullet, quarter header or ``□`` continues the
    line before it. ``raw`` is the cell's text with its line breaks; each part's
    line is ``line`` plus ``step`` for every line break before it (``step`` 1 where
    the breaks are physical lines of the file, 0 where they are inside one row)."""
    filled = [i for i, text in enumerate(texts) if text]
    if len(filled) != 1 or raw is None or ("\n" not in raw and "\r" not in raw):
        return [(line, texts)]
    at = filled[0]
    parts: list[Row] = []
    for offset, part in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        text = cell(part)
        if text and parts and not (is_bullet(text) or text.startswith(_LINE_OPENERS)):
            parts[-1] = (parts[-1][0], [*texts[:at], f"{parts[-1][1][at]} {text}"])
        elif text:
            parts.append((line + offset * step, [*texts[:at], text]))
    return parts


def without_margin(rows: list[Row]) -> list[Row]:
    """Rows without the empty columns left of everything (a worksheet or table laid out from column B)."""
    margin = min((next(i for i, text in enumerate(cells) if text) for _, cells in rows), default=0)
    return [(number, cells[margin:]) for number, cells in rows] if margin else rows


def trimmed(cells: list[str]) -> list[str]:
    """The cells without trailing empty ones."""
    while cells and not cells[-1]:
        cells.pop()
    return cells


def dated_bullets(rows: list[Row]) -> list[Row]:
    """Rows that open with a date cell and go on with text, as dated bullets.

    Kept in Excel (or a table), an activity's or a plan's date sits in a column of
    its own (``2021. 10.``, a date cell or typed text) and its text in the next;
    the text export of the same line reads ``- '21.10. : …``. Without the bullet
    mark the line would be taken for the continuation of the bullet above it.
    The same rule for every format, so it is applied to every grid."""
    out = rows
    for index, (line, cells) in enumerate(rows):
        if len(cells) < 2 or not cells[0][:1].isdigit() and cells[0][:1] not in "'‘’`" and cells[0]:
            continue
        first = next((i for i, text in enumerate(cells) if text), len(cells))
        rest = next((text for text in cells[first + 1:] if text), "")
        if rest and _DATE_CELL.match(cells[first]) and _WORD.search(rest):
            if out is rows:
                out = list(rows)
            mark = f"- {cells[first]}" if rest.startswith((":", "：")) else f"- {cells[first]} :"
            out[index] = (line, [*cells[:first], mark, *cells[first + 1:]])
    return out
