"""Rows of a file → SPEC §2 sheet dicts.

A sheet starts at a title row and runs to the next one. Its head (status,
budget, department rows) is read as label/value pairs, so cells may sit in any
column; the ``□`` sections and the footer are handed to :mod:`sections`.
Everything this module is unsure about becomes a warning with its line.
"""
from __future__ import annotations

import re

from extract.sheets import sections, values
from extract.sheets.labels import label_key, label_pairs
from extract.sheets.rows import Row, SheetError
from extract.sheets.values import CellError

_TITLE = re.compile(r"^([가-힣A-Za-z][가-힣A-Za-z·ㆍ]*(?: [가-힣A-Za-z·ㆍ]+)*) ?- ?(\d{1,4})$")
HEAD_LABELS = {
    "추진현황": "status", "추진상황": "status",
    "이행률": "rate", "이행율": "rate",
    "완료시기": "completion", "완료예정": "completion", "완료예정시기": "completion", "완료목표": "completion",
    "총사업비": "budget", "사업비": "budget",
    "사업유형": "business_types",
    "추진부서": "department", "주관부서": "department", "담당부서": "department", "소관부서": "department",
}
FOOTER_LABELS = ("작성자", "협업부서", "중앙정부")
FOOTER_FIRST = frozenset("작협중")


def title_of(cells: list[str]) -> tuple[str, int] | None:
    """(area, seq) when the row is a title row (program code, then a title)."""
    if len(cells) < 2 or not cells[1] or "-" not in cells[0]:
        return None
    match = _TITLE.match(cells[0])
    return (match.group(1), int(match.group(2))) if match else None


def split_sheets(rows: list[Row]) -> tuple[list[Row], list[list[Row]]]:
    """(rows before the first title row, [rows of each sheet])."""
    starts = [i for i, (_, cells) in enumerate(rows) if len(cells) > 1 and "-" in cells[0] and title_of(cells)]
    if not starts:
        return rows, []
    bounds = starts + [len(rows)]
    return rows[:starts[0]], [rows[a:b] for a, b in zip(bounds, bounds[1:])]


class SheetBuilder:
    """Collects one sheet's facts and warnings while its parts are read."""

    def __init__(self, rows: list[Row], source: dict):
        self.rows = rows
        self.warnings: list[dict] = []
        line, cells = rows[0]
        area, seq = title_of(cells)  # type: ignore[misc]
        self.doc = {
            "source": {**source, "first_line": line, "last_line": rows[-1][0]},
            "program": {
                "code": f"{area}-{cells[0].rsplit('-', 1)[1].strip()}", "area": area, "seq": seq,
                "title": cells[1], "status": None, "implementation_rate_pct": None,
                "completion_target": None, "completion_year": None, "total_budget_krw": None,
                "business_types": [], "department": None, "policy_goals": [], "period_start": None,
                "period_end": None, "description": None, "reported_as_of": None, "line": line,
                "field_lines": {},
            },
            "targets": [], "budget": [], "budget_reported_totals": [], "quarters": [],
            "activities": [], "plans": [], "contacts": [], "collaboration": None,
            "warnings": self.warnings,
        }
        self.other_sections: list[dict] = []
        self.budget_written_as_nonbudget = False
        self.period: tuple[int | None, int | None] = (None, None)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append({"line": line, "message": message})

    def cell(self, line: int, reader, text: str, what: str, *args):
        """``reader(text, *args)``, or None with a warning when the cell does not parse."""
        try:
            return reader(text, *args)
        except CellError as error:
            self.warn(line, f"{what}: {error}")
            return None

    def read_head(self, rows: list[Row]) -> None:
        program = self.doc["program"]
        extra = [cell for cell in rows[0][1][2:] if cell]
        if extra:
            self.warn(rows[0][0], f"title row has extra cells, ignored: {' | '.join(extra)}")
        for line, cells in rows[1:]:
            found, stray = label_pairs(cells, HEAD_LABELS)
            if stray:
                self.warn(line, f"head cells not understood, kept as text: {' | '.join(stray)}")
            for field, text in found.items():
                self._head_field(program, line, field, text or "")

    def _head_field(self, program: dict, line: int, field: str, text: str) -> None:
        program["field_lines"][field] = line  # so a finding on a head field points at its own line
        if field == "status":
            program["status"] = text or None
        elif field == "rate":
            program["implementation_rate_pct"] = self.cell(line, values.rate, text, "implementation rate")
        elif field == "completion":
            program["completion_target"], program["completion_year"] = values.completion(text)
        elif field == "budget":
            self.budget_written_as_nonbudget = text == "비예산"
            program["total_budget_krw"] = self.cell(line, values.total_money, text, "total budget")
        elif field == "business_types":
            program["business_types"] = values.business_types(text)
        elif field == "department":
            program["department"] = text or None

    def period_read(self) -> None:
        """Fix the program period's years once 사업개요 is read, for ``check_year``."""
        program = self.doc["program"]
        start, end = program["period_start"], program["period_end"]
        self.period = (int(start[:4]) if start else None, int(end[:4]) if end else None)

    def check_year(self, line: int, year: int | None, what: str) -> None:
        """Warn when ``year`` lies outside the program period written in 사업개요."""
        start, end = self.period
        if year is None or (start is None or year >= start) and (end is None or year <= end):
            return
        period = f"{self.doc['program']['period_start'] or ''} ~ {self.doc['program']['period_end'] or ''}"
        self.warn(line, f"{what} year {year} is outside the program period {period.strip()}")

    def finish(self, has_footer: bool, is_last: bool) -> dict:
        quarters = self.doc["quarters"]
        if quarters:
            year, quarter = max((q["year"], q["quarter"]) for q in quarters)
            self.doc["program"]["reported_as_of"] = values.last_day_of_quarter(year, quarter)
        if not has_footer:
            last = self.rows[-1][0]
            if is_last:
                self.warn(last, f"the sheet stops at line {last} without its footer (작성 자, 협업부서): the file may be cut short")
            else:
                self.warn(last, "the sheet has no footer (작성 자, 협업부서)")
        if self.other_sections:
            self.doc["other_sections"] = self.other_sections
        self.warnings.sort(key=lambda w: (w["line"] is None, w["line"] or 0))
        return self.doc


def parse_sheet(rows: list[Row], source: dict, is_last: bool) -> dict:
    """One sheet's rows (title row first) → its SPEC §2 dict."""
    sheet = SheetBuilder(rows, source)
    head: list[Row] = [rows[0]]
    parts: list[tuple[str, int, list[Row]]] = []  # (section title, line, rows)
    footer: list[Row] = []
    current: list[Row] = head
    for line, cells in rows[1:]:
        first = cells[0] or next(cell for cell in cells if cell)  # a section title may sit in a later column
        mark = first[0]
        if mark == "□":
            current = []
            parts.append((" ".join(cell for cell in cells if cell)[1:].strip(), line, current))
        elif mark in sections.TITLE_MARKS and (title := sections.marked_title(" ".join(c for c in cells if c))):
            current = []
            parts.append((title, line, current))
        elif mark in FOOTER_FIRST and label_key(first) in FOOTER_LABELS:
            footer.append((line, cells[cells.index(first):]))
            current = footer
        elif current is footer:
            sheet.warn(line, f"text after the footer, kept as text: {' | '.join(c for c in cells if c)}")
            sheet.other_sections.append({"title": None, "line": line, "text": " ".join(c for c in cells if c)})
        else:
            current.append((line, cells))
    sheet.read_head(head)
    ordered = sorted(parts, key=lambda part: sections.ORDER.get(sections.kind_of(part[0]), 99))
    for title, line, body in ordered:
        sections.read_section(sheet, title, line, body)
    sections.read_footer(sheet, footer)
    return sheet.finish(bool(footer), is_last)


def parse_rows(rows: list[Row], source: dict) -> list[dict]:
    """All sheets in one stream of rows (a text file, or one worksheet)."""
    before, sheets = split_sheets(rows)
    if not sheets:
        raise SheetError("no title row found (a program code such as 소통행정-3, then the title)",
                         rows[0][0] if rows else None)
    docs = [parse_sheet(sheet_rows, source, i == len(sheets) - 1) for i, sheet_rows in enumerate(sheets)]
    stray = [cell for _, cells in before for cell in cells if cell]
    if stray:
        docs[0]["warnings"].insert(0, {"line": before[0][0], "message": f"text before the first title row, ignored: {' | '.join(stray)[:200]}"})
    return docs
