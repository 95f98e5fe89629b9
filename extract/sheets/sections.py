"""Readers of a sheet's ``□`` sections and its footer.

Each reader gets the sheet builder (for facts and warnings) and the section's
non-empty rows. 사업개요 is read first because the program period it gives is
what target, budget and report years are checked against.
"""
from __future__ import annotations

import functools
import re

from extract.sheets import values
from extract.sheets.budget import read_budget
from extract.sheets.labels import classify, label_pairs
from extract.sheets.reports import read_reports
from extract.sheets.rows import Row
from extract.sheets.targets import read_targets

ORDER = {"overview": 0, "goals": 1, "targets": 2, "budget": 3, "reports": 4, "plans": 5}
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
# Whether a row's first cell opens with such a mark (``가.``, not the 가 of 가로등 정비).
opens_with_mark = re.compile(r"[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ■▣◆◇◎●○▶]|\d{1,2}[.)]|[가-하][.)]").match


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


def read_plans(sheet, rows: list[Row]) -> None:
    for line, text in bullets(rows):
        year, month, body = sheet.cell(line, values.dated, text, "plan date") or (None, None, text)
        sheet.doc["plans"].append({"year": year, "month": month, "text": body, "line": line})


def read_footer(sheet, rows: list[Row]) -> None:
    """The 협업부서 and 중앙정부 rows: who the program is run with. (The 작성 자 row is read
    with the other contacts, wherever they stand.)"""
    collaboration = None
    for line, cells in rows:
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
