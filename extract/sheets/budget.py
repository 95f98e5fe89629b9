"""The budget table (□ 연차별 투자수요 및 집행액): per line item and funding source, the amounts of
each year and of the total.

The header rows decide what each column holds (a year or the total, and the kind of
amount: 확보액, 투자 수요, 집행액; a 집행률 is derived, a 비고 is a note), then every data
row is read by those roles. A cell under no role is kept as text and warned, never dropped.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from extract.sheets import values
from extract.sheets.labels import classify, label_key
from extract.sheets.rows import Row

TITLE = "연차별 투자수요 및 집행액"
AMOUNT_KINDS = (
    ("secured_and_demand", (("확보", "수요"),)),
    ("secured", (("확보",), ("예산",), ("편성",))),  # 확보액, 예산액, 예산, 편성액
    ("demand", (("수요",),)),
    ("executed", (("집행",),)),
)
_SUBTOTAL_WORDS = frozenset(("소계",))


def _is_rate(header: str) -> bool:
    return "률" in header or "율" in header or "%" in header


@functools.lru_cache(maxsize=1024)  # the same few column headers on every sheet
def amount_kind(header: str) -> str | None:
    """The kind of amount a column holds; None for a rate (``집행률(%)``), which is no money."""
    return None if _is_rate(header) else classify(header, AMOUNT_KINDS)


@dataclass(frozen=True)
class Columns:
    """What each column of the table holds, decided once from its header rows."""

    amounts: dict[int, tuple[int | str, str]]  # column → (year or 'total', amount kind)
    notes: tuple[int, ...]                     # 비고 columns: the office's note on a row
    read: frozenset[int]                       # every column with a role; a cell elsewhere is kept as text

    @property
    def first_amount(self) -> int:
        return min(self.amounts)


def _header_cells(header_rows: list[Row]) -> tuple[list[str], list[str]]:
    """(the year row, the kind row) among the header rows."""
    year_cells: list[str] = []
    kind_cells: list[str] = []
    for _, cells in header_rows:
        if not year_cells and any(values.year_header(c) or c.replace(" ", "") in values.TOTAL_WORDS for c in cells[1:]):
            year_cells = cells
        if any(amount_kind(c) for c in cells[1:]):
            kind_cells = cells
    return year_cells, kind_cells


def budget_columns(sheet, header_rows: list[Row]) -> Columns:
    """The columns' roles. A year cell spans the kind cells under it (a merged cell), so the
    year of a column is the last one written at or left of it."""
    year_cells, kind_cells = _header_cells(header_rows)
    width = max(len(year_cells), len(kind_cells))
    year_cells, kind_cells = year_cells + [""] * (width - len(year_cells)), kind_cells + [""] * (width - len(kind_cells))
    amounts: dict[int, tuple[int | str, str]] = {}
    read = {0, 1}  # the line item, and the 재원 column (or the first amount)
    year: int | str | None = None
    for i in range(1, width):
        if head := year_cells[i]:
            year = "total" if head.replace(" ", "") in values.TOTAL_WORDS else values.year_header(head)
        written = kind_cells[i]
        kind = amount_kind(written)
        if year is None or kind is None:
            if _is_rate(written):
                read.add(i)
            continue
        read.add(i)
        if (year, kind) in amounts.values():  # two 집행 columns under one year: which is it?
            sheet.warn(header_rows[-1][0], f"budget column {i + 1} repeats {year} {kind} "
                       f"({written}): ignored, the first such column is read")
            continue
        amounts[i] = (year, kind)
    notes = tuple(i for _, cells in header_rows for i, cell in enumerate(cells)
                  if i and "비고" in cell and label_key(cell) == "비고")
    return Columns(amounts, notes, frozenset(read | set(notes)))


def is_header(cells: list[str]) -> bool:
    """Header rows start with ``구 분`` or with the empty cell of a merged ``구 분``; data rows with a line item or ``계``."""
    return not cells[0] or label_key(cells[0]) == "구분"


def split_table(rows: list[Row], unit: str | None) -> tuple[str | None, list[Row], list[Row]]:
    """(unit, header rows, data rows). The unit comes from a ``(단위 : 백만원)`` line (else the
    one given, from the section title), or from the ``구 분 (단위: 천원)`` header cell; a row
    that says more than its unit is still a header or data row. A header row written again
    after data rows is the header repeated on a new printed page: not a row of the table."""
    header: list[Row] = []
    header_cells: list[list[str]] = []
    data: list[Row] = []
    for line, cells in rows:
        text = cells[0] if len(cells) == 1 else " ".join(c for c in cells if c)
        if row_unit := values.table_unit(text):
            unit = row_unit
            if not values.without_unit_note(text):
                continue
        if not data and is_header(cells):
            header.append((line, cells))
            header_cells.append(cells)
        elif cells not in header_cells:
            data.append((line, cells))
    return unit, header, data


def _keep(sheet, line: int, title: str, text: str, message: str) -> None:
    sheet.warn(line, f"{message}: {text}")
    sheet.other_sections.append({"title": title, "line": line, "text": text})


def read_budget(sheet, rows: list[Row], title_unit: str | None = None) -> None:
    unit, header, data = split_table(rows, title_unit)
    columns = budget_columns(sheet, header)
    if not columns.amounts:
        if rows:
            sheet.warn(rows[0][0], f"{TITLE} has no year and 확보액/집행액 header: no budget read")
        return
    if unit is None:
        sheet.warn(rows[0][0], "budget table has no (단위 : …) line: amounts without a written unit are left null")
    for year in dict.fromkeys(y for y, _ in columns.amounts.values()):
        if year != "total":
            sheet.check_year(header[0][0], year, "budget")
    item = None
    for line, cells in data:
        item = budget_row(sheet, line, cells, columns, unit, item)


def _keep_unread(sheet, line: int, cells: list[str], columns: Columns) -> None:
    """A 비고 cell, and any cell under no column's role (past the last year, under a header
    that names nothing the table holds), is what the office wrote: kept and said."""
    for i in columns.notes:
        if i < len(cells) and cells[i]:
            _keep(sheet, line, f"{TITLE} 비고", cells[i], "budget 비고 kept as text")
    unread = [cell for i, cell in enumerate(cells) if cell and i not in columns.read]
    if unread:
        _keep(sheet, line, TITLE, " | ".join(unread), "budget cells outside the table's columns, kept as text")


def _row_label(cells: list[str], first_amount: int) -> tuple[str, str | None, str | None]:
    """(line item as written, funding source, 'total' | 'subtotal' | None)."""
    label = cells[0]
    key = label.replace(" ", "")
    source = cells[1].replace(" ", "") if first_amount > 1 and len(cells) > 1 and cells[1] else None
    if key in values.TOTAL_WORDS:
        return "계", source, "total"
    if key in _SUBTOTAL_WORDS or source in _SUBTOTAL_WORDS:
        return ("" if key in _SUBTOTAL_WORDS else label), None, "subtotal"
    return label, source, None


def budget_row(sheet, line, cells, columns: Columns, unit, item):
    """Read one data row of the budget table; return the line item later blank cells repeat.

    A ``소계`` row (in the 재원 column, or in place of the line item) is the subtotal of the
    line item it belongs to: ``is_total`` with that line item and no funding source, so
    that, like the 계 row, it is checked against the rows it adds up and never counted
    as one of them."""
    first_amount = columns.first_amount
    label, source, total = _row_label(cells, first_amount)
    if not label:  # a merged line-item cell: the item above
        if item is None:
            _keep(sheet, line, TITLE, " ".join(c for c in cells if c), "budget row without a line item, kept as text")
            return item
        label = item
    if len(cells) <= first_amount:  # no amount cell at all: a note under the table, not a budget line
        _keep(sheet, line, TITLE, " ".join(c for c in cells if c), "budget table row without amounts, kept as text")
        return item
    base = {"line_item": label, "funding_source": source, "is_total": total is not None}
    for year, found in _amounts(sheet, line, cells, columns, unit).items():
        if year == "total":
            sheet.doc["budget_reported_totals"].append({
                **base, "secured_and_demand_krw": found.get("secured_and_demand", found.get("secured")),
                "executed_krw": found.get("executed"), "line": line})
        else:
            sheet.doc["budget"].append({
                **base, "year": year, "secured_krw": found.get("secured"), "demand_krw": found.get("demand"),
                "executed_krw": found.get("executed"), "line": line})
    _keep_unread(sheet, line, cells, columns)
    return item if total == "total" else label


def _amounts(sheet, line: int, cells: list[str], columns: Columns, unit: str | None) -> dict:
    """{year: {kind: KRW or None}} of one data row; a cell that is no amount is warned and null."""
    amounts: dict = {}
    width = len(cells)
    for i, (year, kind) in columns.amounts.items():
        try:
            amount = values.money(cells[i], unit) if i < width else None
        except values.CellError as error:
            sheet.warn(line, f"budget {year} {kind}: {error}")
            amount = None
        amounts.setdefault(year, {})[kind] = amount
    return amounts
