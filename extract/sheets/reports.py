"""The quarterly report (□ 추진실적): quarter headers with their summary counts, then the
dated activity bullets under each.

Each line is first classified (a quarter header, a year line, a half-year header, a
dated bullet, another bullet, plain text), then handed to a small state machine whose
state is the current quarter, the year a year line gave, and the activity a plain
line continues. A layout a department invents is a new class of line, not a branch.
This is the hottest loop of a sheet (a line per activity): the common
``- '19. 5. : …`` bullet is classified with one regex match.
"""
from __future__ import annotations

import re

from extract.sheets import values
from extract.sheets.rows import Row

TITLE = "추진실적"
_DATED_BULLET = re.compile(r"- ['‘’]?(\d{2}|\d{4})\. ?(\d{1,2})\. ?: (.*)").fullmatch  # the common activity form
QUARTER, YEAR, HALF_YEAR, DATED, BULLET, TEXT = "quarter", "year", "half_year", "dated", "bullet", "text"


def classify(text: str, heading_year: int | None) -> tuple[str, object]:
    """(class of the line, what the class reads from it)."""
    if (fast := _DATED_BULLET(text)) and 0 < (month := int(fast[2])) < 13:  # nearly every line
        year = int(fast[1])
        return DATED, (year + 2000 if year < 100 else year, month, fast[3])
    first = text[0]
    if first in values.QUARTER_FIRST:
        header = values.quarter_header(text) or heading_year and values.yearless_quarter(text, heading_year)
        if header:
            return QUARTER, header
        if year := values.year_line(text):
            return YEAR, year
        if "반기" in text:  # 【2019년 상반기】: two quarters, which is not said
            return HALF_YEAR, text
    elif first.isdigit() and (year := values.year_line(text)):
        return YEAR, year
    return (BULLET if values.is_bullet(text) else TEXT), text


class ReportReader:
    """The state machine over classified lines; ``HANDLERS`` maps a class to its transition."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.activities = sheet.doc["activities"]
        first, last = sheet.period
        self.years = (first or 0, last or 9999)
        self.quarter: dict | None = None
        self.reported: tuple[int | None, int | None] = (None, None)
        self.heading_year: int | None = None  # from a year line, for quarter headers written without one
        self.last: dict | None = None  # the activity a line without a bullet mark continues

    def on_quarter(self, line: int, header: tuple[int, int, str]) -> None:
        year, number, summary = header
        self.quarter = {"year": year, "quarter": number, "summary": None, "counts": [], "line": line}
        summarise(self.quarter, summary, line)
        self.sheet.doc["quarters"].append(self.quarter)
        self.reported = (year, number)
        self.last = None
        if not self.years[0] <= year <= self.years[1]:
            self.sheet.check_year(line, year, "reported quarter")

    def on_year(self, line: int, year: int) -> None:
        self.heading_year, self.last = year, None

    def on_half_year(self, line: int, text: str) -> None:
        year, number = self.reported
        self.sheet.warn(line, f"half-year header, not a quarter: kept as text, the activities under it "
                        f"stay in {year} Q{number}: {text}")
        self.sheet.other_sections.append({"title": TITLE, "line": line, "text": text})
        self.last = None

    def on_bullet(self, line: int, text: str) -> None:
        self.undated(line, values.strip_bullet(text))

    def on_text(self, line: int, text: str) -> None:
        if self.last is not None:
            self.last["text"] = f"{self.last['text']} {text}"
        else:
            self.undated(line, text)

    def undated(self, line: int, body: str) -> None:
        """An activity not in the common form: perhaps the quarter's summary written under
        it, perhaps dated otherwise (``2019년 5월``, ``○ 5월 : …``, ``… ('19. 5.)``)."""
        quarter = self.quarter
        if self.last is None and quarter is not None and quarter["summary"] is None and is_late_summary(body):
            summarise(quarter, body, quarter["line"])
            return
        try:
            year, month, body = values.dated(body)
        except values.CellError as error:
            self.sheet.warn(line, f"activity date: {error}")
            year = month = None
        if year is None and self.reported[0] is not None and (alone := values.month_only(body)):
            (month, body), year = alone, self.reported[0]  # ``○ 5월 : …``: the year is the quarter header's
        self.activity(line, (year, month, body))

    def activity(self, line: int, dated: tuple[int | None, int | None, str]) -> None:
        """A dated activity under the current quarter; doubts about its date are warned."""
        year, month, body = dated
        reported_year, reported_quarter = self.reported
        self.last = {"year": year, "month": month, "reported_year": reported_year,
                     "reported_quarter": reported_quarter, "text": body, "line": line}
        self.activities.append(self.last)
        if self.quarter is None:
            self.sheet.warn(line, "activity before any quarter header (【19년 1분기】)")
        elif year is not None and (year != reported_year or month is not None and (month + 2) // 3 != reported_quarter):
            when = f"{year}-{month:02d}" if month else str(year)
            self.sheet.warn(line, f"activity dated {when} is outside its reported quarter {reported_year} Q{reported_quarter}")
        if year is not None and not self.years[0] <= year <= self.years[1]:
            self.sheet.check_year(line, year, "activity")

    HANDLERS = {QUARTER: on_quarter, YEAR: on_year, HALF_YEAR: on_half_year, DATED: activity,
                BULLET: on_bullet, TEXT: on_text}


def read_reports(sheet, rows: list[Row]) -> None:
    reader = ReportReader(sheet)
    handlers = reader.HANDLERS
    for line, cells in rows:
        kind, found = classify(cells[0] if len(cells) == 1 else " ".join(c for c in cells if c), reader.heading_year)
        handlers[kind](reader, line, found)


def summarise(quarter: dict, summary: str, line: int) -> None:
    quarter["summary"] = summary or None
    quarter["counts"] = [{**count, "line": line} for count in values.summary_counts(summary)]


def is_late_summary(body: str) -> bool:
    """For the first bullet under a header written without a summary: is it the
    summary (undated, and counting something) rather than an activity?"""
    try:
        undated = values.dated(body)[0] is None
    except values.CellError:
        return False
    return undated and bool(values.summary_counts(body))
