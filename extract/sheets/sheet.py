"""Rows of a file → SPEC §2 sheet dicts.

A sheet starts at a title row and runs to the next one. Its head (status,
budget, department rows) is read as label/value pairs, so cells may sit in any
column; the ``□`` sections and the footer are handed to :mod:`sections`.
Everything this module is unsure about becomes a warning with its line.
"""
from __future__ import annotations

import re

from extract.sheets import contacts, sections, values
from extract.sheets.contacts import FOOTER_LABELS
from extract.sheets.labels import label_pairs
from extract.sheets.rows import Row, SheetError
from extract.sheets.values import CellError

# A program code: an area and one or more numbers (소통행정-3, 지역개발-09, 안전도시-1-3).
_TITLE = re.compile(r"^([가-힣A-Za-z][가-힣A-Za-z·ㆍ]*(?: [가-힣A-Za-z·ㆍ]+)*)((?: ?- ?\d{1,4})+)$")
_NUMBER = re.compile(r"\d+")
# What printing or PDF-to-text leaves between pages, alone on a row: ``- 2 -``, ``2 / 5``, ``- 2 / 5 -``.
_PAGE_NUMBER = re.compile(r"[-–—]\s*\d{1,4}(?:\s*/\s*\d{1,4})?\s*[-–—]|\d{1,4}\s*/\s*\d{1,4}")
_PAGE_FIRST = frozenset("-–—0123456789")
HEAD_LABELS = {
    "추진현황": "status", "추진상황": "status",
    "이행률": "rate", "이행율": "rate",
    "완료시기": "completion", "완료예정": "completion", "완료예정시기": "completion", "완료목표": "completion",
    "총사업비": "budget", "사업비": "budget",
    "사업유형": "business_types",
    "추진부서": "department", "주관부서": "department", "담당부서": "department", "소관부서": "department",
    "담당자": "contact", "연락처": "contact", "문의처": "contact",
}


def title_of(cells: list[str]) -> tuple[str, list[str]] | None:
    """(area, the code's numbers as written) when the row is a title row (program code, then a title)."""
    if len(cells) < 2 or not cells[1] or "-" not in cells[0]:
        return None
    match = _TITLE.match(cells[0])
    return (match.group(1), _NUMBER.findall(match.group(2))) if match else None


def is_page_number(text: str) -> bool:
    """A row's text that is a page number: no content of the sheet, wherever a page broke."""
    return text[:1] in _PAGE_FIRST and _PAGE_NUMBER.fullmatch(text) is not None


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
        area, numbers = title_of(cells)  # type: ignore[misc]
        self.doc = {
            "source": {**source, "first_line": line, "last_line": rows[-1][0]},
            "program": {  # the code kept whole, as written but for spaces; seq its last number
                "code": "-".join([area, *numbers]), "area": area, "seq": int(numbers[-1]),
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
        elif field == "contact":  # ``담당자⇥홍길동 (1040)`` among the head's pairs
            self.doc["contacts"].extend({**person, "line": line} for person in contacts.contacts(text, "담당자"))

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


SECTION, FOOTER, AUTHORS, FURNITURE, BODY = "section", "footer", "authors", "furniture", "body"
# First characters of a row that may be a section title or a labelled footer or contact row.
_SPECIAL_FIRST = frozenset("□") | sections.TITLE_MARKS | contacts.LABEL_FIRST


def may_be_special(cells: list[str], first: str) -> bool:
    """Whether a row may be anything but a row of its part: it opens with a title mark or a
    label's first syllable, is short enough to be a page number, or ends with an extension
    after a colon (a row of contacts). A dated bullet or a table row is none of these."""
    mark = first[0]
    return (mark in _SPECIAL_FIRST or len(first) < 16 and mark in _PAGE_FIRST
            or cells[-1][-1:] == ")" and contacts.may_open_contact_line(first))


def row_class(cells: list[str]) -> tuple[str, object]:
    """(class of a sheet row, what the class reads from it): a section title, a footer row
    (협업부서, 중앙정부), a row of contacts (작성 자, 담당자, … or roles, names and extensions
    alone), a page number, or a row of the part it stands in."""
    first = cells[0] or next(cell for cell in cells if cell)  # a title or label may sit in a later column
    if not may_be_special(cells, first):
        return BODY, cells
    mark = first[0]
    if mark == "□":
        return SECTION, sections.joined(cells)[1:].strip()
    if sections.opens_with_mark(first) and (title := sections.marked_title(sections.joined(cells))):
        return SECTION, title
    if mark in _PAGE_FIRST and len(first) < 16 and is_page_number(sections.joined(cells)):
        return FURNITURE, None
    if label := contacts.label_of(first):
        rest = cells[cells.index(first):]
        if label[0] in FOOTER_LABELS and label[0] not in contacts.CONTACT_LABELS:
            return FOOTER, rest
        return AUTHORS, (label[0], " ".join(c for c in [label[1], *rest[1:]] if c))
    if text := contacts.contact_line(cells, first):
        return AUTHORS, (None, text)
    return BODY, cells


class SheetParts:
    """Sorts a sheet's rows into its head, its sections, its footer and its contacts; a state
    machine whose state is the part rows go to."""

    def __init__(self, sheet: SheetBuilder):
        self.sheet = sheet
        self.head: list[Row] = [sheet.rows[0]]
        self.parts: list[tuple[str, int, list[Row]]] = []  # (section title, line, rows)
        self.footer: list[Row] = []
        self.authors: list[tuple[int, str | None, str]] = []  # (line, label, text)
        self.current: list[Row] = self.head
        self.contacts_above = False  # whether the row above was a row of contacts

    def on_section(self, line: int, title: str) -> None:
        self.current = []
        self.parts.append((title, line, self.current))
        self.contacts_above = False

    def on_footer(self, line: int, cells: list[str]) -> None:
        self.footer.append((line, cells))
        self.current = self.footer
        self.contacts_above = False

    def on_authors(self, line: int, found: tuple[str | None, str]) -> None:
        label, text = found
        self.authors.append((line, label, text))
        if label in FOOTER_LABELS:  # 작성 자: the template's footer starts here
            self.current = self.footer
        self.contacts_above = True

    def on_body(self, line: int, cells: list[str]) -> None:
        if self.contacts_above and not cells[0]:  # under the merged label cell of the contacts above
            self.authors.append((line, self.authors[-1][1], " ".join(c for c in cells if c)))
            return
        self.contacts_above = False
        if self.current is self.footer:
            self.sheet.warn(line, f"text after the footer, kept as text: {' | '.join(c for c in cells if c)}")
            self.sheet.other_sections.append({"title": None, "line": line, "text": " ".join(c for c in cells if c)})
        else:
            self.current.append((line, cells))

    def on_furniture(self, line: int, found: None) -> None:
        """Page numbers are dropped: what printing added is no part of the sheet."""
        self.contacts_above = False

    HANDLERS = {SECTION: on_section, FOOTER: on_footer, AUTHORS: on_authors, FURNITURE: on_furniture, BODY: on_body}

    def read(self, rows: list[Row]) -> None:
        """Classify the rows that can change the state one by one; the plain rows between two
        of them (most of a sheet: its dated bullets, its amounts) go, as a run, where the
        state says. The same as classifying every row, for a fraction of the calls."""
        handlers = self.HANDLERS
        plain_from = 0
        for i, (line, cells) in enumerate(rows):
            first = cells[0] or next(cell for cell in cells if cell)
            mark = first[0]  # may_be_special, written out: this loop runs over every row of every sheet
            if (mark in _SPECIAL_FIRST or len(first) < 16 and mark in _PAGE_FIRST
                    or cells[-1][-1:] == ")" and contacts.may_open_contact_line(first)):
                self.plain(rows[plain_from:i])
                kind, found = row_class(cells)
                handlers[kind](self, line, found)
                plain_from = i + 1
        self.plain(rows[plain_from:])

    def plain(self, rows: list[Row]) -> None:
        if self.contacts_above or self.current is self.footer:
            for line, cells in rows:
                self.on_body(line, cells)
        else:
            self.current.extend(rows)

    def has_footer(self) -> bool:
        """The footer is there when its rows are, or contacts stand after the last section."""
        last_section = self.parts[-1][1] if self.parts else 0
        return bool(self.footer) or any(line > last_section for line, _, _ in self.authors)


def parse_sheet(rows: list[Row], source: dict, is_last: bool) -> dict:
    """One sheet's rows (title row first) → its SPEC §2 dict."""
    sheet = SheetBuilder(rows, source)
    parts = SheetParts(sheet)
    parts.read(rows[1:])
    sheet.read_head(parts.head)
    ordered = sorted(parts.parts, key=lambda part: sections.ORDER.get(sections.kind_of(part[0]), 99))
    for title, line, body in ordered:
        sections.read_section(sheet, title, line, body)
    sections.read_footer(sheet, parts.footer)
    for line, label, text in parts.authors:
        sheet.doc["contacts"].extend({**person, "line": line} for person in contacts.contacts(text, label))
    sheet.doc["contacts"].sort(key=lambda person: person["line"])
    return sheet.finish(parts.has_footer(), is_last)


def parse_rows(rows: list[Row], source: dict) -> list[dict]:
    """All sheets in one stream of rows (a text file, or one worksheet)."""
    before, sheets = split_sheets(rows)
    if not sheets:
        raise SheetError("no title row found (a program code such as 소통행정-3, then the title)",
                         rows[0][0] if rows else None)
    docs = [parse_sheet(sheet_rows, source, i == len(sheets) - 1) for i, sheet_rows in enumerate(sheets)]
    stray = [cell for _, cells in before if not is_page_number(" ".join(cells).strip()) for cell in cells if cell]
    if stray:
        docs[0]["warnings"].insert(0, {"line": before[0][0], "message": f"text before the first title row, ignored: {' | '.join(stray)[:200]}"})
    return docs
