"""Readers of a sheet's ``□`` sections and its footer.

Each reader gets the sheet builder (for facts and warnings) and the section's
non-empty rows. 사업개요 is read first because the program period it gives is
what target, budget and report years are checked against.
"""
from __future__ import annotations

import functools
import re

from extract.sheets import values
from extract.sheets.labels import label_key, label_pairs
from extract.sheets.rows import Row

_DATED_BULLET = re.compile(r"- ['‘’]?(\d{2}|\d{4})\. ?(\d{1,2})\. ?: (.*)")  # the common activity form
ORDER = {"overview": 0, "goals": 1, "targets": 2, "budget": 3, "reports": 4, "plans": 5}
# A role is the word before a colon, or syllables spaced out for alignment (``담 당 :``).
_CONTACT_ROLE = re.compile(r"(?<!\S)((?:[가-힣] )+[가-힣](?= ?[:：])|\S+)\s*[:：]\s*")
_PHONE = re.compile(r"\(\s*(\d[\d-]*)\s*\)")
COLLABORATION_LABELS = {
    "협업부서": "departments", "협업내용": "content", "중앙정부": "central_government",
    "서울시": "city", "시": "city", "광역": "city",
}
OVERVIEW_KEYS = {"사업기간": "period", "추진기간": "period", "사업내용": "description",
                 "주요내용": "description", "총사업비": "budget", "사업비": "budget"}


SECTION_KINDS = (  # first match wins: 향후 추진계획 is plans, not targets
    ("plans", (("향후",),)),
    ("budget", (("투자",), ("집행",), ("예산",), ("재원",))),  # 예산 현황, 소요예산, 재원조달 계획
    ("targets", (("추진계획",), ("연차별",))),
    ("goals", (("목표",),)),
    ("overview", (("개요",),)),
    ("reports", (("실적",), ("추진상황",), ("추진현황",))),  # □ 추진상황: the quarters' progress
)
AMOUNT_KINDS = (
    ("secured_and_demand", (("확보", "수요"),)),
    ("secured", (("확보",), ("예산",), ("편성",))),  # 확보액, 예산액, 예산, 편성액
    ("demand", (("수요",),)),
    ("executed", (("집행",),)),
)


def classify(text: str, kinds) -> str | None:
    """The first kind one of whose word sets all occur in ``text`` (spaces ignored)."""
    key = text.replace(" ", "")
    for kind, word_sets in kinds:
        for words in word_sets:
            for word in words:
                if word not in key:
                    break
            else:
                return kind
    return None


@functools.lru_cache(maxsize=1024)  # the same few titles on every sheet
def kind_of(title: str) -> str | None:
    return classify(title, SECTION_KINDS)


# Section titles some departments mark with a numeral or another box instead of □:
# ``Ⅰ. 사업개요``, ``1. 정책목표``, ``가. 추진실적``, ``■ 정책목표``, ``○ 사업개요``. A Roman
# numeral marks nothing but a title; the other marks also start bullets (``○ 5월 : …``,
# ``1. 협치회의 개최``), so after them only a title made of the template's own words is one.
_ROMAN_MARK = re.compile(r"[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ][.)]?\s*(.+)")
_OTHER_MARK = re.compile(r"(?:[■▣◆◇◎●○▶]|\d{1,2}[.)]|[가-하][.)])\s*(.+)")
_TITLE_WORDS = re.compile(
    "(?:연차별|연도별|분기별|주요|향후|사업|정책|성과|추진|투자|예산|집행|목표|개요|계획|실적|현황|상황|수요"
    "|일정|재원|소요|및|액)+")
TITLE_MARKS = frozenset("ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ■▣◆◇◎●○▶0123456789가나다라마바사아자차카타파하")


def marked_title(text: str) -> str | None:
    """The title of a section written with a mark other than □, or None (the caller has
    checked that ``text`` starts with one of ``TITLE_MARKS``)."""
    roman = _ROMAN_MARK.fullmatch(text)
    if roman:
        return roman.group(1)
    other = _OTHER_MARK.fullmatch(text)
    if other and _TITLE_WORDS.fullmatch(other.group(1).replace(" ", "")):
        return other.group(1)
    return None


def joined(cells: list[str]) -> str:
    """The row's non-empty cells as one text (most section rows have a single cell)."""
    if len(cells) == 1:
        return cells[0]
    return " ".join(cell for cell in cells if cell)


def read_section(sheet, title: str, line: int, rows: list[Row]) -> None:
    kind = kind_of(title)
    if kind is None:
        text = "\n".join(joined(cells) for _, cells in rows)
        sheet.other_sections.append({"title": title, "line": line, "text": text})
        sheet.warn(line, f"unknown section □ {title}: kept as text in other_sections")
        return
    if kind == "budget":  # ``□ 연차별 투자수요 및 집행액 (단위 : 백만원)``: the unit in the title
        read_budget(sheet, rows, values.table_unit(title))
    else:
        READERS[kind](sheet, rows)


def bullets(rows: list[Row]) -> list[tuple[int, str]]:
    """(line, text) of each bullet; a line without a bullet mark continues the one before."""
    items: list[list] = []
    for line, cells in rows:
        text = joined(cells)
        if values.is_bullet(text):
            items.append([line, values.strip_bullet(text)])
        elif items:
            items[-1][1] = f"{items[-1][1]} {text}".strip()
        else:
            items.append([line, text])
    return [(line, text) for line, text in items]


def read_goals(sheet, rows: list[Row]) -> None:
    sheet.doc["program"]["policy_goals"].extend(text for _, text in bullets(rows) if text)


def read_overview(sheet, rows: list[Row]) -> None:
    program = sheet.doc["program"]
    for line, text in bullets(rows):
        key, sep, value = text.partition(":")
        if not sep:
            key, sep, value = text.partition("：")
        field = OVERVIEW_KEYS.get(key.replace(" ", "")) if sep else None
        value = value.strip()
        if field == "period":
            period = sheet.cell(line, values.period, value, "program period")
            if period:
                program["period_start"], program["period_end"] = period
        elif field == "description":
            program["description"] = f"{program['description']} {value}" if program["description"] else (value or None)
        elif field == "budget":
            _overview_budget(sheet, line, value)
        else:
            sheet.warn(line, f"사업개요 line not understood, kept as text: {text}")
            sheet.other_sections.append({"title": "사업개요", "line": line, "text": text})
    sheet.period_read()


def _overview_budget(sheet, line: int, text: str) -> None:
    program = sheet.doc["program"]
    amount = sheet.cell(line, values.total_money, text, "total budget in 사업개요")
    if program["total_budget_krw"] is None and not sheet.budget_written_as_nonbudget:
        program["total_budget_krw"] = amount
    elif amount is not None and amount != program["total_budget_krw"]:
        head = "비예산" if program["total_budget_krw"] is None else f"{program['total_budget_krw']:,}원"
        sheet.warn(line, f"사업개요 total budget {text} differs from the head's {head}")


# A metric written as a 목표 row and an 실적 row (in a column of its own, or after the metric):
# only the 목표 row holds targets; the 실적 row holds actuals, which are no targets.
_ROW_MARKERS = {"목표": "target", "계획": "target", "실적": "actual", "추진실적": "actual", "달성": "actual"}
_METRIC_MARKER = re.compile(r"(.*?\S)\s*[(\[]?(목표|실적)[)\]]?")


def _target_year(cell: str) -> int | None:
    """A year header written with a note: ``2018년(목표)``."""
    return values.year_header(label_key(cell))


def read_targets(sheet, rows: list[Row]) -> None:
    """The metric in the first column, a target per year column. A ``단위`` column gives the
    unit of cells written as bare numbers; a 목표/실적 column (or word after the metric)
    tells target rows from rows of actuals, which are warned and kept in other_sections."""
    years: dict[int, int] = {}
    year_of = values.year_header
    unit_column = None
    marker_columns: list[int] = []
    note_columns: list[int] = []  # 비고 and other columns without a year, except a 합계 of the years
    metric = None
    for line, cells in rows:
        if not years:
            found = {i: year_of(cell) or (_target_year(cell) if "(" in cell else None) for i, cell in enumerate(cells) if i}
            years = {i: year for i, year in found.items() if year is not None}
            if years:
                unit_column = next((i for i in found if "단위" in cells[i] and label_key(cells[i]) == "단위"), None)
                marker_columns = [i for i in found if i < min(years) and i != unit_column]
                ignored = [cells[i] for i, year in found.items() if year is None and cells[i] and i != unit_column]
                if ignored:
                    sheet.warn(line, f"target columns without a year ignored: {' | '.join(ignored)}")
                    note_columns = [i for i, year in found.items() if year is None and cells[i] and i > min(years)
                                    and cells[i].replace(" ", "") not in _TOTAL_WORDS]
                for year in years.values():
                    sheet.check_year(line, year, "target")
            elif values.table_unit(joined(cells)) is None:
                sheet.warn(line, f"연차별 추진계획 row before the year header, kept as text: {joined(cells)}")
            continue
        row_kind = marker_columns and next(
            (_ROW_MARKERS[cells[i]] for i in marker_columns if i < len(cells) and cells[i] in _ROW_MARKERS), None) or None
        written = cells[0]
        if (row_kind is None and ("목표" in written or "실적" in written)
                and (marked := _METRIC_MARKER.fullmatch(written))):
            written, row_kind = marked.group(1), _ROW_MARKERS[marked.group(2)]
        if written:
            metric = written
        elif row_kind is None or metric is None:  # only a 목표/실적 pair repeats the metric above (a merged cell)
            sheet.warn(line, f"target row without a metric, kept as text: {joined(cells)}")
            continue
        if row_kind == "actual":
            sheet.warn(line, f"연차별 추진계획 row of actuals (실적), not targets: kept as text: {joined(cells)}")
            sheet.other_sections.append({"title": "연차별 추진계획 실적", "line": line, "text": joined(cells)})
            continue
        notes = [cells[i] for i in note_columns if i < len(cells) and cells[i]]
        if notes:
            sheet.warn(line, f"연차별 추진계획 cells without a year, kept as text: {' | '.join(notes)}")
            sheet.other_sections.append({"title": "연차별 추진계획", "line": line, "text": " | ".join(notes)})
        unit_cell = cells[unit_column] if unit_column is not None and unit_column < len(cells) else None
        for i, year in years.items():
            raw = cells[i] if i < len(cells) else ""
            if raw in values.NO_VALUE:
                continue
            value, unit, comparator = values.target(raw)
            if unit is None and value is not None and unit_cell:
                unit = unit_cell
            sheet.doc["targets"].append({"metric": metric, "year": year, "value": value, "unit": unit,
                                         "comparator": comparator, "raw": raw, "line": line})
    if rows and not years:
        sheet.warn(rows[0][0], "연차별 추진계획 has no year header: no targets read")


@functools.lru_cache(maxsize=1024)  # the same few column headers on every sheet
def _amount_kind(header: str) -> str | None:
    """The kind of amount a column holds; None for a rate (``집행률(%)``), which is no money."""
    if "률" in header or "율" in header or "%" in header:
        return None
    return classify(header, AMOUNT_KINDS)


# The total column and the total row: offices head them 합 계, 계 or 총계 alike.
_TOTAL_WORDS = frozenset(("계", "합계", "총계"))
_SUBTOTAL_WORDS = frozenset(("소계",))


def _budget_columns(sheet, header_rows: list[Row]) -> dict[int, tuple[int | str, str]]:
    """Column → (year or 'total', amount kind), from the year row and the kind row above the data."""
    year_cells: list[str] = []
    kind_cells: list[str] = []
    for _, cells in header_rows:
        if not year_cells and any(values.year_header(c) or c.replace(" ", "") in _TOTAL_WORDS for c in cells[1:]):
            year_cells = cells
        if any(_amount_kind(c) for c in cells[1:]):
            kind_cells = cells
    columns = {}
    seen = set()
    year: int | str | None = None
    for i in range(1, max(len(year_cells), len(kind_cells))):
        head = year_cells[i] if i < len(year_cells) else ""
        if head:
            year = "total" if head.replace(" ", "") in _TOTAL_WORDS else values.year_header(head)
        kind = _amount_kind(kind_cells[i]) if i < len(kind_cells) else None
        if year is not None and kind is not None:
            if (year, kind) in seen:  # two 집행 columns under one year: which is it?
                sheet.warn(header_rows[-1][0], f"budget column {i + 1} repeats {year} {kind} "
                           f"({kind_cells[i]}): ignored, the first such column is read")
                continue
            columns[i] = (year, kind)
            seen.add((year, kind))
    return columns


def _is_budget_header(cells: list[str]) -> bool:
    """Header rows start with ``구 분`` or with the empty cell of a merged ``구 분``; data rows with a line item or ``계``."""
    return not cells[0] or label_key(cells[0]) == "구분"


def read_budget(sheet, rows: list[Row], title_unit: str | None = None) -> None:
    """The table's unit comes from a ``(단위 : 백만원)`` line, from the section title, or
    from the ``구 분 (단위: 천원)`` header cell; a row that says more than its unit is
    still a header or data row."""
    unit = title_unit
    has_note = False
    header: list[Row] = []
    data: list[Row] = []
    for line, cells in rows:
        text = joined(cells)
        row_unit = values.table_unit(text)
        if row_unit:
            unit = row_unit
            if not values.without_unit_note(text):
                continue
        if not data and _is_budget_header(cells):
            header.append((line, cells))
            has_note = has_note or "비고" in text
        else:
            data.append((line, cells))
    columns = _budget_columns(sheet, header)
    if not columns:
        if rows:
            sheet.warn(rows[0][0], "연차별 투자수요 및 집행액 has no year and 확보액/집행액 header: no budget read")
        return
    if unit is None:
        sheet.warn(rows[0][0], "budget table has no (단위 : …) line: amounts without a written unit are left null")
    for year in dict.fromkeys(y for y, _ in columns.values()):
        if year != "total":
            sheet.check_year(header[0][0], year, "budget")
    first_amount = min(columns)
    notes = [i for _, cells in header for i, cell in enumerate(cells) if i and label_key(cell) == "비고"] if has_note else ()
    item = None
    for line, cells in data:
        item = _budget_row(sheet, line, cells, columns, first_amount, unit, item)
        for i in notes:  # a 비고 cell is the office's note on the row: kept, and said
            if i < len(cells) and cells[i]:
                sheet.warn(line, f"budget 비고 kept as text: {cells[i]}")
                sheet.other_sections.append({"title": "연차별 투자수요 및 집행액 비고", "line": line, "text": cells[i]})


def _budget_row(sheet, line, cells, columns, first_amount, unit, item):
    """Read one data row of the budget table; return the line item later blank cells repeat.

    A ``소계`` row (in the 재원 column, or in place of the line item) is the subtotal of the
    line item it belongs to: ``is_total`` with that line item and no funding source, so
    that, like the 계 row, it is checked against the rows it adds up and never counted
    as one of them."""
    label = cells[0]
    key = label.replace(" ", "")
    source = cells[1].replace(" ", "") if first_amount > 1 and len(cells) > 1 and cells[1] else None
    is_grand_total = key in _TOTAL_WORDS
    is_subtotal = key in _SUBTOTAL_WORDS or source in _SUBTOTAL_WORDS
    is_total = is_grand_total or is_subtotal
    if is_grand_total:
        label = "계"
    elif not label or key in _SUBTOTAL_WORDS:
        if item is None:
            sheet.warn(line, f"budget row without a line item, kept as text: {joined(cells)}")
            return item
        label = item
    if len(cells) <= first_amount:  # no amount cell at all: a note under the table, not a budget line
        sheet.warn(line, f"budget table row without amounts, kept as text: {joined(cells)}")
        sheet.other_sections.append({"title": "연차별 투자수요 및 집행액", "line": line, "text": joined(cells)})
        return item
    if is_subtotal:
        source = None
    amounts: dict = {}
    width = len(cells)
    for i, (year, kind) in columns.items():
        try:
            amount = values.money(cells[i], unit) if i < width else None
        except values.CellError as error:
            sheet.warn(line, f"budget {year} {kind}: {error}")
            amount = None
        amounts.setdefault(year, {})[kind] = amount
    for year, found in amounts.items():
        base = {"line_item": label, "funding_source": source, "is_total": is_total}
        if year == "total":
            sheet.doc["budget_reported_totals"].append({
                **base, "secured_and_demand_krw": found.get("secured_and_demand", found.get("secured")),
                "executed_krw": found.get("executed"), "line": line})
        else:
            sheet.doc["budget"].append({
                **base, "year": year, "secured_krw": found.get("secured"), "demand_krw": found.get("demand"),
                "executed_krw": found.get("executed"), "line": line})
    return item if is_grand_total else label


def read_reports(sheet, rows: list[Row]) -> None:
    """Quarter headers with their summary counts, then the dated activity bullets under
    each. The hottest loop of a sheet (a row per activity), so it works on locals and
    reads the common ``- '19. 5. : …`` bullet with one regex match."""
    activities = sheet.doc["activities"]
    quarters = sheet.doc["quarters"]
    first_year, last_year = sheet.period
    first_year = first_year or 0
    last_year = last_year or 9999
    is_bullet, strip_bullet, dated = values.is_bullet, values.strip_bullet, values.dated
    quarter_header, quarter_first = values.quarter_header, values.QUARTER_FIRST
    dated_bullet = _DATED_BULLET.fullmatch
    quarter = None
    last = None
    reported_year = reported_quarter = None
    heading_year = None  # from a line holding only a year (2019년), for quarter headers written without one
    for line, cells in rows:
        text = cells[0] if len(cells) == 1 else joined(cells)
        first = text[0]
        if first in quarter_first or first.isdigit():
            header = first in quarter_first and (
                quarter_header(text) or heading_year and values.yearless_quarter(text, heading_year))
            if not header and (year := values.year_line(text)):
                heading_year, last = year, None
                continue
        else:
            header = None
        if header:
            reported_year, reported_quarter, summary = header
            quarter = {"year": reported_year, "quarter": reported_quarter, "summary": None, "counts": [], "line": line}
            _summarise(quarter, summary, line)
            quarters.append(quarter)
            if not first_year <= reported_year <= last_year:
                sheet.check_year(line, reported_year, "reported quarter")
            last = None
            continue
        fast = dated_bullet(text)  # nearly every activity
        if fast and 0 < (month := int(fast[2])) < 13:
            year = int(fast[1])
            year += 2000 if year < 100 else 0
            body = fast[3]
        else:
            bullet = is_bullet(text)
            if first in quarter_first and "반기" in text:  # 【2019년 상반기】: two quarters, which is not said
                sheet.warn(line, f"half-year header, not a quarter: kept as text, the activities under it "
                           f"stay in {reported_year} Q{reported_quarter}: {text}")
                sheet.other_sections.append({"title": "추진실적", "line": line, "text": text})
                last = None
                continue
            if last is not None and not bullet:
                last["text"] = f"{last['text']} {text}"
                continue
            body = strip_bullet(text) if bullet else text
            if last is None and quarter is not None and quarter["summary"] is None and _is_late_summary(body):
                _summarise(quarter, body, quarter["line"])
                continue
            try:
                year, month, body = dated(body)
            except values.CellError as error:
                sheet.warn(line, f"activity date: {error}")
                year = month = None
            if year is None and reported_year is not None and (alone := values.month_only(body)):
                month, body = alone  # ``○ 5월 : …``: the year is the quarter header's
                year = reported_year
        last = {"year": year, "month": month, "reported_year": reported_year,
                "reported_quarter": reported_quarter, "text": body, "line": line}
        activities.append(last)
        if quarter is None:
            sheet.warn(line, "activity before any quarter header (【19년 1분기】)")
        elif year is not None and (year != reported_year or month is not None and (month + 2) // 3 != reported_quarter):
            when = f"{year}-{month:02d}" if month else str(year)
            sheet.warn(line, f"activity dated {when} is outside its reported quarter {reported_year} Q{reported_quarter}")
        if year is not None and not first_year <= year <= last_year:
            sheet.check_year(line, year, "activity")


def _summarise(quarter: dict, summary: str, line: int) -> None:
    quarter["summary"] = summary or None
    quarter["counts"] = [{**count, "line": line} for count in values.summary_counts(summary)]


def _is_late_summary(body: str) -> bool:
    """For the first bullet under a header written without a summary: is it the
    summary (undated, and counting something) rather than an activity?"""
    try:
        undated = values.dated(body)[0] is None
    except values.CellError:
        return False
    return undated and bool(values.summary_counts(body))


def read_plans(sheet, rows: list[Row]) -> None:
    for line, text in bullets(rows):
        year, month, body = sheet.cell(line, values.dated, text, "plan date") or (None, None, text)
        sheet.doc["plans"].append({"year": year, "month": month, "text": body, "line": line})


def contacts(text: str) -> list[dict]:
    """``마을자치과장 : 한만석 (1040) 팀장 : 황현혜 (2201)`` → [{role, name, phone_ext}, …]."""
    starts = list(_CONTACT_ROLE.finditer(text))
    people = []
    for match, following in zip(starts, starts[1:] + [None]):
        value = text[match.end():following.start() if following else len(text)]
        phone = _PHONE.search(value)
        name = " ".join(_PHONE.sub(" ", value).split())
        people.append({"role": match.group(1).replace(" ", ""), "name": name or None,
                       "phone_ext": phone.group(1) if phone else None})
    return people


def read_footer(sheet, rows: list[Row]) -> None:
    collaboration = None
    for line, cells in rows:
        if label_key(cells[0]) == "작성자":
            text = joined(cells[1:])
            people = contacts(text)
            if text and not people:
                sheet.warn(line, f"작성 자 cell not understood, kept as text: {text}")
                sheet.other_sections.append({"title": "작성 자", "line": line, "text": text})
            sheet.doc["contacts"].extend({**person, "line": line} for person in people)
            continue
        found, stray = label_pairs(cells, COLLABORATION_LABELS)
        if collaboration is None:
            collaboration = {"departments": None, "content": None, "central_government": None,
                             "city": None, "line": line}
        for field, value in found.items():
            collaboration[field] = None if value in values.NO_VALUE else value  # ``중앙정부⇥-``: none, as a blank cell
        if stray:
            sheet.warn(line, f"footer cells not understood, kept as text: {' | '.join(stray)}")
    sheet.doc["collaboration"] = collaboration


READERS = {"goals": read_goals, "overview": read_overview, "targets": read_targets,
           "budget": read_budget, "reports": read_reports, "plans": read_plans}
