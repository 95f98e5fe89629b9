""".xlsx workbooks → a :class:`~extract.sheets.grid.Grid` per worksheet, the rows a text export gives.

Worksheet row r is line r, so a workbook that mirrors a text export yields the
same JSON (apart from ``source``). A workbook is untrusted input: its parts are
inflated by :mod:`containers` under a hard cap, XML parts declaring a DOCTYPE or
ENTITY are refused, and openpyxl gets them re-packed stored (it inflates
nothing) and parses with defusedxml. Streaming (read-only) mode keeps memory flat.
"""
from __future__ import annotations

import functools
import io
import re
from datetime import date, datetime
from decimal import Decimal

from extract.sheets.containers import stored_zip, zip_parts
from extract.sheets.grid import Grid, cell_lines, nfc, without_margin
from extract.sheets.rows import Row, SheetError
from extract.sheets.values import plain

MAX_ROWS = 100_000       # per worksheet
MAX_CELLS = 1_000_000    # per worksheet, empty ones included (a sheet has a few thousand)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_SKIPPED = ("xl/media/", "xl/embeddings/", "xl/printerSettings/", "xl/activeX/")


def workbook_parts(data: bytes, max_bytes: int, kind: str = ".xlsx workbook") -> tuple[bytes, bool]:
    """(the workbook re-packed stored, whether any worksheet holds formulas). Every part is
    inflated by :mod:`containers` under the cap (a bomb hidden in a picture is still a bomb);
    pictures, embedded objects and printer settings are then left out (cells do not need them)."""
    parts = zip_parts(data, max_bytes, kind)
    formulas = any(name.startswith("xl/worksheets/") and _FORMULA.search(content) for name, content in parts.items())
    kept = {name: content for name, content in parts.items() if not name.startswith(_SKIPPED) and not name.endswith(".bin")}
    return stored_zip(kept), formulas


def cell_text(value, number_format: str | None) -> str:
    """A cell's value as the text export would show it (``0.6`` formatted ``0%`` → ``60%``).

    A float is read to the 15 significant digits Excel shows: a saved formula result
    such as ``=SUM(…)`` of ``4.35 + 3.2 + 2.5 + 2.55`` is ``12.600000000000001`` in
    the file, but ``12.6`` on screen and in the text export. A number keeps its full
    precision otherwise (a format's decimals are display only) and gets the text its
    format writes around it: clerks type ``2018`` formatted ``0"년"`` or ``1185``
    formatted ``#,##0"백만원"``, and that text is what the sheet says."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        number = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
        if not number_format or number_format == "General":
            return str(plain(number))
        return _formatted(number, number_format)
    if isinstance(value, (datetime, date)):
        return f"{value.year}. {value.month}."
    return " ".join(nfc(str(value)).split())


def _formatted(number: Decimal, number_format: str) -> str:
    """The number in full with the text, percent sign, grouping and scale of its format.

    Only the first section counts: with Excel's comma style (쉼표 스타일,
    ``_-* #,##0_-;-* #,##0_-;_-* "-"_-;…``) a typed 0 is shown ``-``, but it was typed
    as 0 and an executed amount of 0 is a fact, not a blank, so it reads 0."""
    prefix, suffix, percent, grouped, scale = _number_format(number_format)
    if percent:
        number *= 100
    if scale != 1:
        number /= scale
    text = format(number.normalize(), ",f") if grouped else str(plain(number))
    return " ".join(f"{prefix}{text}{suffix}".split())


_FORMAT_TOKEN = re.compile(r'''"(?P<quoted>[^"]*)"?|\\(?P<escaped>.?)|\[(?P<bracket>[^\]]*)\]?|(?P<skip>[_*].?|@)'''
                           r"|(?P<general>[Gg]eneral)|(?P<scientific>[Ee][+-])|(?P<end>;)|(?P<percent>%)"
                           r"|(?P<digit>[0#?.,])|(?P<other>.)", re.S)
_LITERALS = {  # what each kind of token writes around the number
    "quoted": lambda token: token.group("quoted"),
    "escaped": lambda token: token.group("escaped"),
    "bracket": lambda token: token.group("bracket")[1:].partition("-")[0] if token.group("bracket").startswith("$") else "",
    "skip": lambda token: "",          # padding (_x), fills (*x), and @ (a text format on a number: General)
    "percent": lambda token: "%",
    "digit": lambda token: token.group(),  # a comma before any digit is a literal comma
    "other": lambda token: token.group(),
}


@functools.lru_cache(maxsize=256)  # a workbook uses a handful of formats
def _number_format(number_format: str) -> tuple[str, str, bool, bool, int]:
    """(text before, text after, percent, thousands separators, divisor) of a number
    format's first section: ``#,##0"백만원"`` → ('', '백만원', False, True, 1);
    ``0.0%`` → ('', '', True, False, 1); ``#,##0,`` (shown in thousands) → divisor 1000.
    Quoted text, ``\\x`` escapes, ``[$₩-412]`` currency and other literal characters
    are kept; colours, locales, padding (``_x``) and fills (``*x``) are dropped; a
    scientific format reads the plain number."""
    prefix: list[str] = []
    suffix: list[str] = []
    body = ""
    percent = False
    for token in _FORMAT_TOKEN.finditer(number_format):
        kind = token.lastgroup
        if kind == "end":
            break
        if kind == "scientific":
            return "", "", False, False, 1
        if kind == "general" or kind == "digit" and (body or token.group() != ","):
            body += "0" if kind == "general" else token.group()
            continue
        percent = percent or kind == "percent"
        literal = _LITERALS[kind](token)
        if literal:
            (suffix if body else prefix).append(literal)
    digits = body.rstrip(",.")
    scale = 1000 ** (len(body) - len(body.rstrip(","))) if body.endswith(",") else 1
    grouped = "," in digits.partition(".")[0]
    return "".join(prefix), "".join(suffix), percent, grouped, scale


def worksheet_rows(sheet, formulas: frozenset = frozenset(), warnings: list[dict] | None = None) -> list[Row]:
    """Rows of cell texts of one worksheet (used by ``sheetfeed steward show`` too). A
    formula cell (from ``formulas``) without a saved value adds a warning to ``warnings``."""
    rows = []
    seen = 0
    sheet.reset_dimensions()  # the declared dimensions may lie; read what is there
    for number, cells in enumerate(sheet.iter_rows(), 1):
        seen += len(cells)  # a row is as wide as its last cell: one cell in column XFD makes 16,384
        if number > MAX_ROWS:
            raise SheetError(f"worksheet {sheet.title} has more than {MAX_ROWS:,} rows", number)
        if seen > MAX_CELLS:
            raise SheetError(f"worksheet {sheet.title} spans more than {MAX_CELLS:,} cells", number)
        texts = [cell_text(cell.value, getattr(cell, "number_format", None)) for cell in cells]
        for column, text in enumerate(texts):
            if not text and (number, column) in formulas and warnings is not None:
                warnings.append({"line": number, "message": f"cell {_column_name(column)}{number} holds a formula "
                                 "without a saved value, read as empty (open and save the workbook in Excel)"})
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            value = cells[next(i for i, text in enumerate(texts) if text)].value
            rows += cell_lines(number, texts, value if isinstance(value, str) else None)
    return without_margin(rows)


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def formula_cells(book) -> dict[str, frozenset]:
    """Worksheet title → {(row, column index)} of its formula cells (a book opened with data_only=False)."""
    found = {}
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        found[sheet.title] = frozenset(
            (number, column) for number, cells in enumerate(sheet.iter_rows(), 1)
            for column, cell in enumerate(cells) if isinstance(cell.value, str) and cell.value.startswith("="))
    return found


def workbook_grids(data: bytes, max_bytes: int) -> list[Grid]:
    """A grid per worksheet, in workbook order; hidden worksheets too (a sheet is a sheet)."""
    stored, has_formulas = workbook_parts(data, max_bytes)
    from openpyxl import load_workbook

    try:
        formulas: dict[str, frozenset] = {}
        if has_formulas:
            formula_book = load_workbook(io.BytesIO(stored), read_only=True, data_only=False)
            formulas = formula_cells(formula_book)
            formula_book.close()
        book = load_workbook(io.BytesIO(stored), read_only=True, data_only=True)
        grids = []
        for sheet in book.worksheets:
            cell_warnings: list[dict] = []
            rows = worksheet_rows(sheet, formulas.get(sheet.title, frozenset()), cell_warnings)
            grids.append(Grid(rows, "xlsx", worksheet=nfc(sheet.title), warnings=cell_warnings))
        book.close()
    except SheetError:
        raise
    except Exception as error:  # openpyxl signals broken parts with many exception types
        raise SheetError(f"not a readable .xlsx workbook ({type(error).__name__}: {error})") from None
    return grids
