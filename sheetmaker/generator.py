"""Realistic random program sheets, deterministic by seed, valid by construction.

Records look like what a district office's departments send: many areas and
departments, varied status words, units, funding sources (국비/시비/구비/기금),
missing sections, 비예산 programs, ``-`` rates, several years, quarters with
counts and dated activities. They are valid: budget rows add up (the 계 row is
the sum of the leaf rows, the 합계 columns the sum of the years, the head's
total the 계 row's 합계), activities lie in their reported quarter, every year
in the program period, so extracting a written record gives it back with no
warnings. ``write_inbox`` fills a folder for benchmarks and other parts' tests.
"""
from __future__ import annotations

import random
from pathlib import Path

from extract.sheets.values import last_day_of_quarter
from sheetmaker.writer import Style, to_csv, to_document, to_ods, to_text, to_unicode_text, to_xls, to_xlsx

FORMATS = {  # file suffix → writer of the records in a style
    "txt": lambda records, style, rng: to_text(records, style),
    "xlsx": lambda records, style, rng: to_xlsx(records, style, numbers=rng.random() < 0.7),
    "xls": lambda records, style, rng: to_xls(records, style, numbers=rng.random() < 0.7),
    "ods": lambda records, style, rng: to_ods(records, style, numbers=rng.random() < 0.7),
    "utf16.txt": lambda records, style, rng: to_unicode_text(records, style, one_cell_lists=rng.random() < 0.5),
    "csv": lambda records, style, rng: to_csv(records, style),
    "hwpx": lambda records, style, rng: to_document(records, style, kind="hwpx"),
    "hwp": lambda records, style, rng: to_document(records, style, kind="hwp"),
}

AREAS = {
    "소통행정": ["마을자치과", "자치행정과", "홍보전산과", "감사담당관"],
    "지역개발": ["도시계획과", "도시재생과", "건설관리과", "교통행정과"],
    "복지건강": ["복지정책과", "어르신장애인과", "보건소 건강증진과", "여성가족과"],
    "교육문화": ["교육협력과", "문화체육과", "도서관과"],
    "경제일자리": ["일자리경제과", "지역경제과", "청년정책과"],
    "안전환경": ["안전재난과", "청소행정과", "공원녹지과", "환경과"],
}
STATUSES = ["완료", "완료(계속)", "이행후 계속추진", "정상추진", "정상추진", "정상추진", "추진중", "일부추진", "보류", "부진"]
COMPLETION_TARGETS = ["임기내", "임기내", "임기후", "단기", "중기", "장기"]
BUSINESS_TYPES = [["계속", "자체", "운영"], ["신규", "보조", "시설"], ["계속", "보조", "사업"], ["신규", "자체", "운영"], ["계속", "공모"]]
SOURCES = ["국비", "시비", "구비", "기금", "특교"]
UNITS = ["원", "천원", "백만원", "백만원", "억원"]
SUBJECTS = ["주민", "청년", "어르신", "아동", "소상공인", "장애인", "다문화가족", "1인가구"]
PLACES = ["독산동", "시흥동", "가산동", "G밸리", "안양천", "호암산", "구청 광장", "마을 공동체 공간"]
WORKS = [("협치론장", "운영", "회"), ("공론장", "개최", "회"), ("주민교육", "실시", "회"), ("공유공간", "조성", "개소"),
         ("일자리", "창출", "명"), ("상담", "지원", "건"), ("민관협치 사업", "완료", "개"), ("CCTV", "설치", "대")]
ACTIVITY_TEMPLATES = [
    "{subject} 대상 {work} {verb}", "{place} {work} {verb} 관련 주민 설명회 개최", "{place} {subject} {work} 추진 완료",
    "{subject} 참여 {work} 워크숍 실시", "{work} 위원 위촉 및 위원회 구성", "{place} 일대 {work} 현장 점검",
    "{subject} {work} 만족도 조사 실시", "「{place} {work}」 주민투표 실시",
]


def _text(rng: random.Random, template: str) -> str:
    work, verb, _ = rng.choice(WORKS)
    return template.format(subject=rng.choice(SUBJECTS), place=rng.choice(PLACES), work=work, verb=verb)


def _amount(rng: random.Random, unit: str) -> int:
    """A whole amount in KRW that the table's unit writes exactly (decimals allowed for 억원)."""
    step = {"원": 1_000, "천원": 1_000, "백만원": 1_000_000, "억원": 1_000_000}[unit]
    return rng.randrange(0, 500) * step * rng.choice([1, 1, 10, 100]) if unit != "억원" else rng.randrange(0, 900) * step * 10


def _budget(rng: random.Random, years: list[int], last_funded: int, unit: str) -> tuple[list, list]:
    leaves = []
    items = [f"{rng.choice(WORKS)[0]} 기반 강화"]
    items += [f"{subject} 지원 사업" for subject in rng.sample(SUBJECTS, rng.randint(0, 2))]
    for item in items:
        for source in rng.sample(SOURCES, rng.randint(1, 2)):
            leaves.append((item, source))
    rows, totals = [], []
    leaf_rows = {}
    for item, source in leaves:
        for year in years:
            secured = _amount(rng, unit)
            funded = year <= last_funded
            executed = min(secured, _amount(rng, unit)) if funded else 0
            leaf_rows[(item, source, year)] = {
                "line_item": item, "funding_source": source, "is_total": False, "year": year,
                "secured_krw": secured if funded else None, "demand_krw": None if funded else secured,
                "executed_krw": executed}
    for year in years:
        year_rows = [leaf_rows[(item, source, year)] for item, source in leaves]
        rows.append(_total_row("계", year, year_rows))
    # Some departments put a 소계 (subtotal) row above a line item funded from several sources.
    subtotalled = {item for item in items if [i for i, _ in leaves].count(item) > 1 and rng.random() < 0.5}
    for item, source in leaves:
        if item in subtotalled:
            subtotalled.remove(item)
            rows += [_total_row(item, year, [r for (i, _, y), r in leaf_rows.items() if i == item and y == year])
                     for year in years]
        rows += [leaf_rows[(item, source, year)] for year in years]
    for key_rows in _by_table_row(rows):
        first = key_rows[0]
        totals.append({"line_item": first["line_item"], "funding_source": first["funding_source"],
                       "is_total": first["is_total"],
                       "secured_and_demand_krw": sum((r["secured_krw"] or 0) + (r["demand_krw"] or 0) for r in key_rows),
                       "executed_krw": sum(r["executed_krw"] or 0 for r in key_rows)})
    return rows, totals


def _total_row(line_item: str, year: int, year_rows: list[dict]) -> dict:
    """The 계 row (line item 계) or a line item's 소계 row of one year: the sum of its rows."""
    return {"line_item": line_item, "funding_source": None, "is_total": True, "year": year,
            **{key: _sum(r[key] for r in year_rows) for key in ("secured_krw", "demand_krw", "executed_krw")}}


def _sum(amounts) -> int | None:
    present = [amount for amount in amounts if amount is not None]
    return sum(present) if present else None


def _by_table_row(rows: list[dict]) -> list[list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["line_item"], row["funding_source"], row["is_total"]), []).append(row)
    return list(groups.values())


def _quarters(rng: random.Random, start: tuple[int, int], end: tuple[int, int]) -> tuple[list, list]:
    quarters, activities = [], []
    year, quarter = start
    while (year, quarter) <= end:
        counts = []
        for work, verb, unit in rng.sample(WORKS, rng.randint(0, 2)):
            counts.append((f"{work} {verb}", rng.randint(1, 12), unit, rng.random() < 0.5))
        items = [f"{label} : {value}{unit}" if colon else f"{label.split()[0]} {value}{unit} {' '.join(label.split()[1:])}".strip()
                 for label, value, unit, colon in counts]
        if not counts and rng.random() < 0.3:
            items = ["정상 추진 중"]
        summary = ", ".join(items) or None
        quarters.append({
            "year": year, "quarter": quarter, "summary": summary,
            "counts": [{"label": label if colon else " ".join(label.split()), "value": value, "unit": unit}
                       for label, value, unit, colon in counts]})
        for index in range(rng.randint(0 if summary else 1, 6)):
            month = rng.randint(quarter * 3 - 2, quarter * 3)
            undated = index > 0 and rng.random() < 0.1
            year_only = not undated and rng.random() < 0.05
            activities.append({"year": None if undated else year, "month": None if undated or year_only else month,
                               "reported_year": year, "reported_quarter": quarter,
                               "text": _text(rng, rng.choice(ACTIVITY_TEMPLATES))})
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters, activities


# A program code's numbers have 1 to 3 digits each (SPEC; the rule program_code_pattern quarantines others).
MAX_NUMBER = 999


def program_numbers(ordinal: int, rng: random.Random) -> list[str]:
    """The hyphenated numbers of an area's ``ordinal``-th program (from 1), as clerks write them (sometimes
    zero-padded to two digits): ``3``, ``09``; past the 999th a second level (``1-1``, ``1-2``, …), so an
    inbox of any size stays valid."""
    level, number = divmod(ordinal - 1, MAX_NUMBER)
    last = f"{number + 1:0{rng.choice([1, 2])}d}"
    return [last] if level == 0 else [str(level), last]


def random_record(rng: random.Random, index: int = 0, unit: str | None = None) -> dict:
    """One valid sheet record (SPEC §2 shape without ``source`` and ``line`` keys),
    its amounts whole numbers in ``unit`` (the unit the sheet will be written in)."""
    area = list(AREAS)[index % len(AREAS)]
    department = rng.choice(AREAS[area])
    first_year = rng.randint(2015, 2021)
    last_year = first_year + rng.randint(1, 4)
    start_month = rng.randint(1, 12)
    period_end = f"{last_year}-{rng.randint(1, 12):02d}" if rng.random() < 0.6 else None
    years = list(range(first_year + (start_month > 9), last_year + 1))
    reported_to = (min(last_year, first_year + rng.randint(1, 3)), rng.randint(1, 4))
    unit = unit or rng.choice(UNITS)
    no_budget = rng.random() < 0.15
    budget, totals = ([], []) if no_budget else _budget(rng, years, reported_to[0], unit)
    quarters, activities = ([], []) if rng.random() < 0.1 else _quarters(rng, (years[0], 1), reported_to)
    status = rng.choice(STATUSES)
    work, verb, work_unit = rng.choice(WORKS)
    targets = []
    if rng.random() < 0.85:
        for metric, comparator in ((f"{work} {verb}", rng.choice(["eq", "gte"])), (f"{rng.choice(SUBJECTS)} 참여 확대", "eq"))[: rng.randint(1, 2)]:
            for year in years:
                value = rng.randint(1, 30)
                unit_text = work_unit if comparator == "gte" else f"{work_unit} 사업" if rng.random() < 0.3 else work_unit
                raw = f"{value}{unit_text}" + (" 이상" if comparator == "gte" else "")
                targets.append({"metric": metric, "year": year, "value": value, "unit": unit_text,
                                "comparator": comparator, "raw": raw})
    total = totals[0]["secured_and_demand_krw"] if totals else None
    plan_year = reported_to[0] + (reported_to[1] == 4)
    return {
        "program": {
            "code": "-".join([area, *(numbers := program_numbers(index // len(AREAS) + 1, rng))]), "area": area,
            "seq": int(numbers[-1]),
            "title": f"{rng.choice(SUBJECTS)}과 함께하는 {rng.choice(PLACES)} {work} {rng.choice(['확대', '강화', '활성화'])}",
            "status": status,
            "implementation_rate_pct": None if rng.random() < 0.1 else rng.choice([100, 100, 80, 75, 60, 45, 87.5]),
            "completion_target": (target := rng.choice(COMPLETION_TARGETS)),
            "completion_year": None if target == "임기후" else last_year,
            "total_budget_krw": total, "business_types": rng.choice(BUSINESS_TYPES), "department": department,
            "policy_goals": [_text(rng, "{subject}의 삶의 질 향상을 위한 {work} 기반 마련") for _ in range(rng.randint(0, 2))],
            "period_start": f"{first_year}-{start_month:02d}", "period_end": period_end,
            "description": _text(rng, "{place} {subject} 대상 {work} {verb}") if rng.random() < 0.9 else None,
            "reported_as_of": last_day_of_quarter(quarters[-1]["year"], quarters[-1]["quarter"]) if quarters else None,
        },
        "targets": targets, "budget": budget, "budget_reported_totals": totals,
        "quarters": quarters, "activities": activities,
        "plans": [{"year": plan_year, "month": month, "text": _text(rng, rng.choice(ACTIVITY_TEMPLATES))}
                  for month in sorted(rng.sample(range(1, 13), rng.randint(0, 3)))],
        "contacts": [{"role": f"{department.split()[-1]}장", "name": rng.choice(["한만석", "김민화", "이서연", "박지훈"]),
                      "phone_ext": str(rng.randint(1000, 9999))},
                     {"role": "팀장", "name": rng.choice(["황현혜", "최윤정", "정하늘"]), "phone_ext": str(rng.randint(1000, 9999))},
                     {"role": "담당", "name": rng.choice(["김민준", "오세영", "윤다은"]), "phone_ext": str(rng.randint(1000, 9999))}],
        "collaboration": None if rng.random() < 0.2 else {
            "departments": rng.choice(["전부서", "동주민센터", "복지정책과"]), "content": _text(rng, "{work} 협력"),
            "central_government": rng.choice([None, "행정안전부"]), "city": rng.choice([None, "서울시 협치담당관"])},
        "warnings": [],
    }


def random_style(rng: random.Random) -> Style:
    return Style(
        encoding=rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp949"]),
        line_end=rng.choice(["\n", "\r\n"]),
        money_unit=rng.choice(UNITS),
        date_style=rng.choice(["apostrophe", "tight", "full", "short"]),
        quarter_digits=rng.choice([2, 4]),
        rate_space=rng.random() < 0.3,
        spaced_sources=rng.random() < 0.3,
        leading_blank_lines=rng.choice([0, 1, 2]),
    )


def write_inbox(folder: Path | str, count: int, seed: int = 0, formats: tuple[str, ...] = ("txt",),
                sheets_per_file: int = 1) -> list[Path]:
    """Write ``count`` files of random valid sheets into ``folder`` (created if
    needed), cycling through ``formats`` (keys of FORMATS: ``txt``, ``xlsx``, ``xls``, ``ods``,
    ``utf16.txt`` for Excel's Unicode text, ``csv``, ``hwpx``, ``hwp``); same seed, same bytes."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        style = random_style(rng)
        records = [random_record(rng, number * sheets_per_file + i, style.money_unit) for i in range(sheets_per_file)]
        kind = formats[number % len(formats)]
        data = FORMATS[kind](records, style, rng)
        path = folder / f"{number:05d}_{records[0]['program']['code']}.{kind}"
        path.write_bytes(data)
        paths.append(path)
    return paths
