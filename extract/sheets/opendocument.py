"""OpenDocument spreadsheets (.ods, LibreOffice and Hangul's 한셀) → a :class:`~extract.sheets.grid.Grid` per table.

Read from ``content.xml`` itself (inflated by :mod:`containers` under the cap),
because a cell there holds both its value and its text as shown: a float keeps
its full value (``office:value``, 15 significant digits, as .xlsx) and takes the
text its format writes around the number from the shown text (``1,185백만원``,
``2018년``); a percentage is its value × 100 with ``%``; a date reads as a date
(``2021. 10.``); text cells read as shown, paragraphs as lines. Repeated rows and
columns (``number-rows-repeated``) are counted, never expanded when empty, so a
table that says it has a million rows costs nothing; a merged cell's text is in
its top-left cell and the covered cells are blank, as in every other format.
"""
from __future__ import annotations

import re
from decimal import Decimal

from extract.sheets.containers import zip_members, zip_parts
from extract.sheets.grid import Grid, Span, cell_lines, cell, nfc, trimmed, without_margin
from extract.sheets.rows import Row, SheetError
from extract.sheets.values import plain
from extract.sheets.workbook import MAX_CELLS, MAX_ROWS

KIND = ".ods spreadsheet"
MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SHOWN_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def _attr(element, namespace: str, name: str, default: str | None = None) -> str | None:
    return element.get(f"{{{namespace}}}{name}", default)


def _paragraph_text(paragraph) -> str:
    """A ``text:p``'s text: spans followed, ``text:s`` as spaces, tabs and line breaks kept."""
    parts = [paragraph.text or ""]
    for child in paragraph:
        name = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        if name == "s":
            parts.append(" " * min(int(_attr(child, _TEXT, "c", "1") or 1), 1000))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        else:
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _shown(element) -> str:
    return "\n".join(_paragraph_text(p) for p in element.iter(f"{{{_TEXT}}}p"))


def _number_text(value: str, shown: str, percent: bool) -> str:
    """The full value with the text its format shows around the number."""
    number = Decimal(f"{float(value):.15g}")
    if percent:
        return f"{plain(number * 100)}%"
    match = _SHOWN_NUMBER.search(shown)
    if match is None:  # a format that shows no number (0 as "-"): the value is the fact
        return str(plain(number))
    text = format(number.normalize(), ",f") if "," in match.group() else str(plain(number))
    return " ".join(f"{shown[:match.start()]}{text}{shown[match.end():]}".split())


def cell_value(element) -> tuple[str, str | None]:
    """(the cell's text as the text export would show it, its raw text with line breaks, or None)."""
    kind = _attr(element, _OFFICE, "value-type")
    shown = _shown(element)
    if kind in ("float", "currency", "percentage") and _attr(element, _OFFICE, "value") is not None:
        try:
            return _number_text(_attr(element, _OFFICE, "value"), shown, kind == "percentage"), None
        except (ValueError, ArithmeticError):
            return cell(shown), shown
    if kind == "date" and _attr(element, _OFFICE, "date-value"):
        year, month = _attr(element, _OFFICE, "date-value")[:7].split("-")[:2]
        return f"{int(year)}. {int(month)}.", None
    if kind == "boolean":
        return ("TRUE" if _attr(element, _OFFICE, "boolean-value") == "true" else "FALSE"), None
    return cell(shown), shown


class _Table:
    """Rows of one table, repeated rows and columns counted, merged regions kept."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: list[Row] = []
        self.spans: list[Span] = []
        self.line = 0
        self.cells = 0

    def row(self, element) -> None:
        repeat = int(_attr(element, _TABLE, "number-rows-repeated", "1") or 1)
        texts, raws = self._cells(element)
        if not texts:
            self.line += repeat
            return
        for _ in range(min(repeat, MAX_ROWS + 1)):
            self.line += 1
            if len(self.rows) >= MAX_ROWS:  # rows with text: empty ones are only counted
                raise SheetError(f"worksheet {self.name} has more than {MAX_ROWS:,} rows", self.line)
            self.cells += len(texts)
            if self.cells > MAX_CELLS:
                raise SheetError(f"worksheet {self.name} spans more than {MAX_CELLS:,} cells", self.line)
            lone = next((raw for raw, text in zip(raws, texts) if text), None)
            self.rows += cell_lines(self.line, texts, lone)

    def _cells(self, element) -> tuple[list[str], list[str | None]]:
        texts: list[str] = []
        raws: list[str | None] = []
        for item in element:
            name = item.tag.rpartition("}")[2] if isinstance(item.tag, str) else ""
            if name not in ("table-cell", "covered-table-cell"):
                continue
            repeat = int(_attr(item, _TABLE, "number-columns-repeated", "1") or 1)
            text, raw = cell_value(item) if name == "table-cell" else ("", None)
            if not text:
                texts += [""] * min(repeat, MAX_CELLS)
                raws += [None] * min(repeat, MAX_CELLS)
                continue
            self._span(item, len(texts))
            texts += [text] * min(repeat, MAX_CELLS)
            raws += [raw] * min(repeat, MAX_CELLS)
        texts = trimmed(texts)
        return texts, raws[:len(texts)]

    def _span(self, item, column: int) -> None:
        rows = int(_attr(item, _TABLE, "number-rows-spanned", "1") or 1)
        columns = int(_attr(item, _TABLE, "number-columns-spanned", "1") or 1)
        if rows > 1 or columns > 1:
            self.spans.append(Span(self.line + 1, column, rows, columns))


def _table_grid(table) -> Grid:
    reader = _Table(nfc(_attr(table, _TABLE, "name", "") or ""))
    for row in table.iter(f"{{{_TABLE}}}table-row"):
        reader.row(row)
    return Grid(without_margin(reader.rows), "ods", worksheet=reader.name, spans=reader.spans)


def ods_grids(data: bytes, max_bytes: int) -> list[Grid]:
    """A grid per table of the spreadsheet (hidden ones too), in order. An encrypted one is refused."""
    from lxml import etree

    from extract.sheets.document import xml_parser

    members = zip_members(data, KIND)
    wanted = {"mimetype", "content.xml", "META-INF/manifest.xml"}
    parts = zip_parts(data, max_bytes, KIND, wanted.__contains__, members)
    if parts.get("mimetype", b"").strip() != MIMETYPE:
        raise SheetError("an OpenDocument file that is not a spreadsheet (.ods): save the sheet as .ods, .xlsx or text")
    if b"encryption-data" in parts.get("META-INF/manifest.xml", b""):
        raise SheetError("the .ods spreadsheet is password-protected (encrypted): save it without a password")
    try:
        root = etree.fromstring(parts["content.xml"], xml_parser())
    except (KeyError, etree.XMLSyntaxError) as error:
        raise SheetError(f"not a readable {KIND} (content.xml: {error})") from None
    return [_table_grid(table) for table in root.iter(f"{{{_TABLE}}}table")]
