""".xlsx workbooks → the same rows a text export gives, then the same parser.

Worksheet row r is line r, so a workbook that mirrors a text export yields the
same JSON (apart from ``source``). A workbook is untrusted input: before
openpyxl sees it, the zip's member count and declared sizes are checked
(the zip reader never inflates past a declared size) and every XML part is
refused if it carries a DOCTYPE or ENTITY declaration; openpyxl then parses
with defusedxml. Streaming (read-only) mode keeps memory flat.
"""
from __future__ import annotations

import functools
import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

from extract.sheets.rows import Row, SheetError
from extract.sheets.sheet import parse_rows
from extract.sheets.values import QUARTER_OPENERS, is_bullet, plain

MAX_MEMBERS = 1000
MAX_RATIO = 200          # inflated ÷ compressed, for members over 1 MB inflated
MAX_ROWS = 100_000       # per worksheet
MAX_CELLS = 1_000_000    # per worksheet, empty ones included (a sheet has a few thousand)
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_LINE_OPENERS = (*QUARTER_OPENERS, "□")


def check_archive(data: bytes, max_bytes: int) -> bool:
    """Refuse zip bombs and XML entity attacks before anything is parsed; tell
    whether any worksheet holds formulas (whose saved values may be missing)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise SheetError(f"not a readable .xlsx workbook (broken zip: {error})") from None
    if len(members) > MAX_MEMBERS:
        raise SheetError(f"workbook has {len(members)} parts, over the limit of {MAX_MEMBERS}")
    total = sum(member.file_size for member in members)
    if total > max_bytes:
        raise SheetError(f"workbook inflates to {total} bytes, over the {max_bytes}-byte limit")
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise SheetError(f"workbook part {member.filename} inflates {member.file_size // max(member.compress_size, 1)}"
                             f"-fold: refused as a zip bomb")
    formulas = False
    try:
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                with archive.open(member) as part:
                    content = part.read(member.file_size + 1)
                if _DECLARATION.search(content):
                    raise SheetError(f"workbook part {member.filename} declares a DOCTYPE or ENTITY: refused")
                formulas = formulas or member.filename.startswith("xl/worksheets/") and _FORMULA.search(content) is not None
        return formulas
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise SheetError(f"not a readable .xlsx workbook (broken zip: {error})") from None


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
    return " ".join(str(value).split())


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


@functools.lru_cache(maxsize=256)  # a workbook uses a handful of formats
def _number_format(number_format: str) -> tuple[str, str, bool, bool, int]:
    """(text before, text after, percent, thousands separators, divisor) of a number
    format's first section: ``#,##0"백만원"`` → ('', '백만원', False, True, 1);
    ``0.0%`` → ('', '', True, False, 1); ``#,##0,`` (shown in thousands) → divisor 1000.
    Quoted text, ``\\x`` escapes, ``[$₩-412]`` currency and other literal characters
    are kept; colours, locales, padding (``_x``) and fills (``*x``) are dropped."""
    prefix: list[str] = []
    suffix: list[str] = []
    body = ""
    percent = False
    i, n = 0, len(number_format)
    while i < n:
        char = number_format[i]
        literal = ""
        if char == ";":
            break
        if char == '"':
            end = number_format.find('"', i + 1)
            end = n if end < 0 else end
            literal, i = number_format[i + 1:end], end + 1
        elif char == "\\":
            literal, i = number_format[i + 1:i + 2], i + 2
        elif char == "[":
            end = number_format.find("]", i)
            end = n if end < 0 else end
            inside = number_format[i + 1:end]
            literal = inside[1:].partition("-")[0] if inside.startswith("$") else ""
            i = end + 1
        elif char in "_*":
            i += 2
        elif char == "@":  # a text format on a number: shown as General
            i += 1
        elif char in "Ee" and number_format[i + 1:i + 2] in ("+", "-"):
            return "", "", False, False, 1  # scientific: read the plain number
        elif number_format.startswith("General", i) or number_format.startswith("general", i):
            body += "0"
            i += 7
        elif char == "%":
            percent, literal, i = True, "%", i + 1
        elif char in "0#?." or char == "," and body:
            body, i = body + char, i + 1
        else:
            literal, i = char, i + 1
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
            _date_as_bullet(cells, texts)
            rows += _cell_lines(number, cells, texts)
    return without_margin(rows)


def _cell_lines(number: int, cells, texts: list[str]) -> list[Row]:
    """The row, or, for a lone cell holding bullets on lines of their own
    (Alt+Enter), a row per bullet, all with the worksheet's row number.

    Clerks often write a whole section in one cell: ``- '21.10. : …`` Alt+Enter
    ``- '21.12. : …``. A line break is otherwise a space (the text export puts
    a cell on one line), but read as a space here it would glue every bullet
    into the first one. A line that starts no bullet, quarter header or ``□``
    still continues the line before it."""
    filled = [i for i, text in enumerate(texts) if text]
    if len(filled) != 1:
        return [(number, texts)]
    at = filled[0]
    value = cells[at].value
    if not isinstance(value, str) or ("\n" not in value and "\r" not in value):
        return [(number, texts)]
    parts: list[str] = []
    for line in value.splitlines():
        text = " ".join(line.split())
        if text and parts and not (is_bullet(text) or text.startswith(_LINE_OPENERS)):
            parts[-1] = f"{parts[-1]} {text}"
        elif text:
            parts.append(text)
    return [(number, [*texts[:at], part]) for part in parts]


def _date_as_bullet(cells, texts: list[str]) -> None:
    """A row that opens with a date cell and goes on with text is a dated bullet.

    In Excel a clerk puts an activity's or a plan's date in a column of its own
    (typed ``2021-10``: a date cell) and its text in the next; the text export
    of the same line reads ``- '21.10. : …``. Without the bullet mark the line
    would be taken for the continuation of the bullet above it."""
    first = 0
    while not texts[first]:
        first += 1
    if first + 1 < len(texts) and isinstance(cells[first].value, (datetime, date)) and any(texts[first + 1:]):
        rest = next(text for text in texts[first + 1:] if text)
        texts[first] = f"- {texts[first]}" if rest.startswith((":", "：")) else f"- {texts[first]} :"


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


def without_margin(rows: list[Row]) -> list[Row]:
    """Rows without the empty columns left of everything (a worksheet laid out from column B)."""
    margin = min((next(i for i, text in enumerate(cells) if text) for _, cells in rows), default=0)
    return [(number, cells[margin:]) for number, cells in rows] if margin else rows


def parse_workbook(data: bytes, path: str, sha256: str, max_bytes: int) -> list[dict]:
    """Every sheet of every worksheet, numbered through the workbook."""
    has_formulas = check_archive(data, max_bytes)
    from openpyxl import load_workbook

    try:
        formulas: dict[str, frozenset] = {}
        if has_formulas:
            formula_book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            formulas = formula_cells(formula_book)
            formula_book.close()
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        streams = []
        for sheet in book.worksheets:
            cell_warnings: list[dict] = []
            rows = worksheet_rows(sheet, formulas.get(sheet.title, frozenset()), cell_warnings)
            streams.append((sheet.title, rows, cell_warnings))
        book.close()
    except SheetError:
        raise
    except Exception as error:  # openpyxl signals broken parts with many exception types
        raise SheetError(f"not a readable .xlsx workbook ({type(error).__name__}: {error})") from None
    sheets: list[dict] = []
    skipped: list[str] = []
    for title, rows, cell_warnings in streams:
        source = {"path": path, "sha256": sha256, "sheet_index": 0, "encoding": None, "worksheet": title}
        try:
            found = parse_rows(rows, source)
        except SheetError:
            if rows:
                skipped.append(title)
            continue
        _attach(found, cell_warnings)
        sheets += found
    if not sheets:
        raise SheetError("no title row found in any worksheet (a program code such as 소통행정-3, then the title)")
    for index, sheet in enumerate(sheets):
        sheet["source"]["sheet_index"] = index
    if skipped:
        sheets[0]["warnings"].insert(0, {"line": None, "message": f"worksheets without a title row ignored: {', '.join(skipped)}"})
    return sheets


def _attach(sheets: list[dict], warnings: list[dict]) -> None:
    """Give each cell warning to the sheet whose rows hold it (else the worksheet's first sheet)."""
    for warning in warnings:
        owner = next((sheet for sheet in sheets
                      if sheet["source"]["first_line"] <= warning["line"] <= sheet["source"]["last_line"]), sheets[0])
        owner["warnings"].append(warning)
        owner["warnings"].sort(key=lambda w: (w["line"] is None, w["line"] or 0))
