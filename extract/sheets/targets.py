"""The yearly-plan table (□ 연차별 추진계획): a metric per row, a target per year column.

It is read as the budget table is: the header row decides what each column holds
(the metric, a year, the unit, a 목표/실적 marker, a note, a derived total), then
every row is read by those roles. A department's new layout is a new header word
or marker word in the tables below, not a new branch in the reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.sheets import values
from extract.sheets.labels import label_key
from extract.sheets.rows import Row

TITLE = "연차별 추진계획"
# Words of a marker column (or after the metric) that say what a row holds: only a target
# row holds targets; a row of actuals (실적) is kept as text.
ROW_MARKERS = {"목표": "target", "계획": "target", "실적": "actual", "추진실적": "actual", "달성": "actual"}
_METRIC_MARKER = re.compile(r"(.*?\S)\s*[(\[]?(목표|실적)[)\]]?")


@dataclass(frozen=True)
class Columns:
    """What each column of the table holds, decided once from its header row."""

    header: list[str]           # the header row as written: a page break may repeat it
    years: dict[int, int]       # column → year
    unit: int | None            # the 단위 column, giving the unit of bare numbers
    markers: tuple[int, ...]    # columns between the metric and the years: 목표/실적, or text kept
    kept: tuple[int, ...]       # columns after the first year that hold no year (비고 …): kept as text
    width: int                  # cells past the header are kept as text too


def _year_of(cell: str) -> int | None:
    """A year header, also written with a note: ``2018년(목표)``."""
    return values.year_header(cell) or (values.year_header(label_key(cell)) if "(" in cell else None)


def _role(cell: str, before_years: bool) -> str:
    """The role of a header cell that is no year."""
    if label_key(cell) == "단위":
        return "unit"
    if cell.replace(" ", "") in values.TOTAL_WORDS:
        return "total"  # derived from the years: ignored
    return "marker" if before_years else "kept"


def header_columns(sheet, line: int, cells: list[str]) -> Columns | None:
    """The columns' roles when ``cells`` is the year header row, else None."""
    years = {i: year for i, cell in enumerate(cells) if i and (year := _year_of(cell)) is not None}
    if not years:
        return None
    first = min(years)
    roles = {i: _role(cells[i], i < first) for i in range(1, len(cells)) if i not in years}
    units = [i for i, role in roles.items() if role == "unit"]
    named = [cells[i] for i, role in roles.items() if role in ("total", "kept") and cells[i]]
    if named:
        sheet.warn(line, f"target columns without a year ignored: {' | '.join(named)}")
    for year in years.values():
        sheet.check_year(line, year, "target")
    return Columns(cells, years, units[0] if units else None, _having(roles, "marker") + tuple(units[1:]),
                   _having(roles, "kept"), len(cells))


def _having(roles: dict[int, str], role: str) -> tuple[int, ...]:
    return tuple(i for i, found in roles.items() if found == role)


def _pair(cell: str | None) -> tuple[str, str] | None:
    """(metric, 목표 or 실적) of a metric cell closed by one of those words: ``협치 사업(실적)``."""
    if cell and ("목표" in cell or "실적" in cell) and (marked := _METRIC_MARKER.fullmatch(cell)):
        return marked.group(1), marked.group(2)
    return None


def row_kind(columns: Columns, cells: list[str], previous: str | None, following: str | None) -> tuple[str, str | None]:
    """(metric as written or '', 'target' | 'actual' | None): a marker column's word wins; then a
    목표/실적 pair of rows, a metric's 목표 row and its 실적 row below (``협치 사업 목표``, ``협치 사업
    실적``; or the metric alone and its 실적 row). Alone, a metric closed by such a word is a metric
    named so whose cells are targets: ``주민참여예산 집행실적``."""
    for i in columns.markers:
        if i < len(cells) and cells[i] in ROW_MARKERS:
            return cells[0], ROW_MARKERS[cells[i]]
    written = cells[0]
    pair = _pair(written)
    if pair is None:
        return written, None
    name, word = pair
    if word == "실적" and name == previous:
        return name, "actual"
    if word == "목표" and _pair(following) == (name, "실적"):
        return name, "target"
    return written, None


def _kept_cells(columns: Columns, cells: list[str]) -> list[str]:
    """Cells that hold no target: text in a marker or note column, and cells past the header."""
    kept = [cells[i] for i in columns.markers if i < len(cells) and cells[i] and cells[i] not in ROW_MARKERS]
    kept += [cells[i] for i in columns.kept if i < len(cells) and cells[i]]
    return kept + [cell for cell in cells[columns.width:] if cell]


def _keep(sheet, line: int, title: str, text: str, message: str) -> None:
    sheet.warn(line, f"{message}: {text}")
    sheet.other_sections.append({"title": title, "line": line, "text": text})


def _targets(sheet, line: int, cells: list[str], columns: Columns, metric: str) -> None:
    unit_cell = cells[columns.unit] if columns.unit is not None and columns.unit < len(cells) else None
    width = len(cells)
    for i, year in columns.years.items():
        raw = cells[i] if i < width else ""
        if raw in values.NO_VALUE:
            continue
        value, unit, comparator = values.target(raw)
        if unit is None and value is not None and unit_cell:
            unit = unit_cell
        sheet.doc["targets"].append({"metric": metric, "year": year, "value": value, "unit": unit,
                                     "comparator": comparator, "raw": raw, "line": line})


class TargetsReader:
    """Rows before the header, the header, then data rows, each read by the columns' roles."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.columns: Columns | None = None
        self.metric: str | None = None  # the metric above, which a merged metric cell repeats

    def before_header(self, line: int, cells: list[str]) -> None:
        self.columns = header_columns(self.sheet, line, cells)
        if self.columns is None and values.table_unit(" ".join(cells)) is None:
            self.sheet.warn(line, f"{TITLE} row before the year header, kept as text: {' '.join(c for c in cells if c)}")

    def row(self, line: int, cells: list[str], following: str | None) -> None:
        columns = self.columns
        if cells == columns.header:  # the header again at the top of a printed page
            return
        written, kind = row_kind(columns, cells, self.metric, following)
        text = " ".join(c for c in cells if c)
        if written:
            self.metric = written
        elif kind is None or self.metric is None:  # only a 목표/실적 pair repeats the metric above
            self.sheet.warn(line, f"target row without a metric, kept as text: {text}")
            return
        if kind == "actual":
            _keep(self.sheet, line, f"{TITLE} 실적", text, f"{TITLE} row of actuals (실적), not targets: kept as text")
            return
        kept = _kept_cells(columns, cells)
        if kept:
            _keep(self.sheet, line, TITLE, " | ".join(kept), f"{TITLE} cells without a year, kept as text")
        _targets(self.sheet, line, cells, columns, self.metric)


def read_targets(sheet, rows: list[Row]) -> None:
    """Each row goes to the reader's state: before the year header, or a data row (which is
    shown the metric cell below it, where its 실적 row would be)."""
    reader = TargetsReader(sheet)
    for i, (line, cells) in enumerate(rows):
        if reader.columns is None:
            reader.before_header(line, cells)
        else:
            reader.row(line, cells, rows[i + 1][1][0] if i + 1 < len(rows) else None)
    if rows and reader.columns is None:
        sheet.warn(rows[0][0], f"{TITLE} has no year header: no targets read")
