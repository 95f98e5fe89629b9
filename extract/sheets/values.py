"""Readers for single cells of a program sheet: money, rates, years, dates,
quarter headers, target cells and quarterly counts.

Every reader takes an already whitespace-collapsed string and returns plain
Python values; a cell that cannot be read raises :class:`CellError`, whose
message the sheet parser turns into a warning with the line number. Money uses
``Decimal`` so that ``4.35억원`` is exactly ``435000000``.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation


class CellError(ValueError):
    """A cell that does not hold what its place in the sheet calls for."""


UNIT_FACTORS = {
    "원": Decimal(1),
    "천원": Decimal(1_000),
    "만원": Decimal(10_000),
    "백만원": Decimal(1_000_000),
    "천만원": Decimal(10_000_000),
    "억원": Decimal(100_000_000),
    "억": Decimal(100_000_000),
}

_WHOLE_FACTORS = {unit: int(factor) for unit, factor in UNIT_FACTORS.items()}
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
NO_VALUE = frozenset(("", "-", "–"))  # a cell that says there is nothing: blank, or a dash
_NO_AMOUNT = NO_VALUE | {"비예산"}
TOTAL_WORDS = frozenset(("계", "합계", "총계"))  # a total column or row: offices head it 합 계, 계 or 총계 alike

# ``1,250`` or ``1250`` (either with a fraction); written to start with a plain ``\d`` so that
# ``re`` skips ahead to the next digit instead of trying the pattern at every character.
NUMBER = r"\d(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?"
# ``△`` is how Korean accounts write a minus (a cut, a return): ``△10`` is -10.
_MONEY = re.compile(rf"^([+\-△]?)\s*([₩￦]?)\s*({NUMBER})\s*(천만원|백만원|천원|만원|억원|억|원)?$")  # ₩ is 원 too
# ``(3,200)``: how an accounting export writes a minus, as ``△3,200`` is in Korean accounts.
_ACCOUNTING_NEGATIVE = re.compile(r"^[(（]\s*([^()（）]+?)\s*[)）]$")
_RATE = re.compile(rf"^({NUMBER})\s*%?$")
_YEAR = re.compile(r"^(?:['‘’`]?(\d{4})|['‘’`](\d{2})|(\d{2})(?=\s*년))\s*(?:년도?)?$")
_UNIT_LINE = re.compile(r"단위\s*[:：]?\s*(천만원|백만원|천원|만원|억원|억|원)")
_UNIT_NOTE = re.compile(r"[(\[<〈]?\s*단위\s*[:：]?\s*(?:천만원|백만원|천원|만원|억원|억|원)\s*[)\]>〉]?")
# ``2022년 6월`` or ``2022. 6.``: the month goes with the year, it is not part of the target's words
_COMPLETION = re.compile(r"\(?\s*((?:19|20)\d{2})\s*(?:년|\.)?(?:\s*\d{1,2}\s*(?:월|\.)?)?\s*\)?")
# Quarter headers open with a bracket or a box mark: 【19년 2분기】, 【2019년 2/4분기】, and as other
# offices write them: < 19년 2분기 >, 【2019. 2분기】, 【2019년 제2분기】, 【2022년 1분기 실적】, ■ 2019년 2분기 - summary;
# under a year line (``2019년``, see year_line), [2분기] too.
_OPENING, _CLOSING, _BOX_MARKS = "【[〔(<〈《［", "】]〕)>〉》］", "■◆▶"
QUARTER_OPENERS = tuple(_OPENING + _BOX_MARKS)
QUARTER_FIRST = frozenset(QUARTER_OPENERS)
_OPEN, _CLOSE, _BOX = (f"[{re.escape(chars)}]" for chars in (_OPENING, _CLOSING, _BOX_MARKS))
_QUARTER_OF = rf"(?:제\s*)?([1-4])\s*/?\s*4?\s*분기(?:\s*(?:추진\s*)?실적)?\s*{_CLOSE}?\s*(.*)$"  # …2분기】 - summary
_QUARTER = re.compile(rf"^(?:{_OPEN}|{_BOX}\s*{_OPEN}?)\s*['‘’]?(\d{{4}}|\d{{2}})\s*[년.]\s*{_QUARTER_OF}")
_YEARLESS_QUARTER = re.compile(rf"^(?:{_OPEN}|{_BOX})\s*{_QUARTER_OF}")
_YEAR_LINE = re.compile(rf"^(?:{_OPEN}|{_BOX})?\s*['‘’]?(\d{{4}}|\d{{2}})\s*년도?(?:\s*(?:추진\s*)?실적)?\s*{_CLOSE}?$")
# A date: ``'19. 5.``, ``2019년 5월 15일``, ``2019. 5. 15.(수)``, ``2019-05``, ``2019/5/15``, perhaps the start
# of a span (``2021. 7. ~``, ``'22. 3.~5.``): year and month are kept. A day needs its ``.``/``일`` (or the
# ``-``/``/`` of an ISO-like date, or to follow the month's dot, as in ``2019.05.15``): in
# ``'19. 5. 3개 사업 완료`` the 3 is a count, not a day.
_DATE = re.compile(
    r"^['‘’`]?(\d{4}(?=\s*[-/.년])|\d{2}(?=\s*[.년]))\s*[-/.년]\s*(\d{1,2})\s*[.월]?"
    r"(?:\s*\d{1,2}\s*[.일]|(?<=\d)[-/]\d{1,2}(?!\d)|(?<=\.)\d{1,2}(?![\d가-힣]))?(?:\s*\([월화수목금토일]\))?"
    r"(?:\s*[~∼〜]\s*(?:['‘’`]?\d{2,4}\s*[.년]\s*)?(?:\d{1,2}\s*[.월]?(?:\s*\d{1,2}\s*[.일])?)?)?"
    r"\s*(?:[:：]\s*|\s+|$)(.*)$"
)
_DATE_STARTS = frozenset("'‘’`0123456789")
_CLOSING_DATE = re.compile(r"\s*\(\s*['‘’`]?(\d{4}|\d{2})\s*[.년]\s*(\d{1,2})\s*[.월]?(?:\s*\d{1,2}\s*[.일]?)?\s*\)$")
_YEAR_ONLY = re.compile(r"^['‘’`]?(\d{4}|\d{2})\s*[.년]\s*[:：]\s*(.*)$")
_PERIOD_SIDE = re.compile(r"^['‘’`]?(\d{4}|\d{2})\s*[.년]\s*(\d{1,2})\s*[.월]?(?:\s*\d{1,2}\s*[.일]?)?$")
_PERIOD_YEAR = re.compile(r"^(\d{4})\s*년?$")  # a side of the period without its month
_TARGET = re.compile(rf"({NUMBER})")
_COMPARATORS = (("이상", "gte"), ("이하", "lte"))
_COUNT = re.compile(rf"({NUMBER})\s?([가-힣A-Za-z%]+)?")
_NOT_COUNT_UNITS = frozenset({"년", "월", "일", "분기", "년도"})
_COUNT_PREFIXES = frozenset("총약연월주각매")  # 총11명, 약300명, 연2회, 월1회: a count after all
_PARTICLES = frozenset("로으의가이에는은을를와과도만")  # 코로나19로, 코로나19의 …: no count unit
BULLETS = ("-", "–", "○", "◦", "•", "·", "*", "ㅇ ", "▪", "▸")
_BULLET_MARKS = frozenset("-–○◦•·*▪▸")


def number(text: str) -> Decimal:
    """``1,185`` → Decimal('1185'); raises CellError for anything else."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise CellError(f"not a number: {text!r}") from None


def numeric(text: str) -> int | float:
    """A matched number as int (no Decimal needed) or, with a fraction, as float."""
    return plain(number(text)) if "." in text else int(text.replace(",", ""))


def plain(value: Decimal) -> int | float:
    """A JSON-friendly number: int when integral, else float."""
    return int(value) if value == value.to_integral_value() else float(value)


def to_year(text: str) -> int:
    """``19`` → 2019, ``2019`` → 2019."""
    year = int(text)
    return year + 2000 if year < 100 else year


def money(text: str, unit: str | None = "원") -> int | None:
    """Integer KRW from a cell such as ``1,185백만원``, ``4.35억원`` or ``138`` in
    a table whose unit is ``unit``. Empty and ``-`` are None; ``비예산`` is None; ``(3,200)`` and
    ``△3,200`` are minus 3,200."""
    if text in _NO_AMOUNT:
        return None
    if text[0] in "(（" and (accounting := _ACCOUNTING_NEGATIVE.match(text)):
        amount = money(accounting.group(1), unit)
        return None if amount is None else -amount
    if unit is not None and text.isascii():  # whole numbers, the common case, without Decimal
        digits = text.replace(",", "")
        if digits.isdigit() and ("," not in text or _GROUPED.fullmatch(text)):
            return int(digits) * _WHOLE_FACTORS[unit]
    match = _MONEY.match(text)
    if not match:
        raise CellError(f"not an amount of money: {text!r}")
    sign, won_sign, digits, written_unit = match.groups()
    factor_unit = written_unit or ("원" if won_sign else unit)
    if factor_unit is None:
        raise CellError(f"amount without a unit: {text!r}")
    amount = number(digits) * UNIT_FACTORS[factor_unit]
    if amount != amount.to_integral_value():
        raise CellError(f"amount is not a whole number of won: {text!r}")
    return int(-amount if sign and sign != "+" else amount)


_BREAKDOWN = re.compile(r"^(.*?\S)\s*\([^()]*\)$")


def total_money(text: str) -> int | None:
    """The program's total budget: ``money`` in won, also when the office wrote its
    split by source after it (``3,520백만원 (국비 1,000, 시비 2,520)``), as many do in
    사업개요. The note is dropped, not checked: the budget table gives the split."""
    try:
        return money(text, None)
    except CellError:
        note = _BREAKDOWN.match(text)
        if note is None:
            raise
        return money(note.group(1), None)


def table_unit(text: str) -> str | None:
    """The unit of a ``(단위 : 백만원)`` line, or None if the line is not one."""
    match = _UNIT_LINE.search(text)
    return match.group(1) if match else None


def without_unit_note(text: str) -> str:
    """``구 분 (단위 : 천원)`` → ``구 분``: what a row says besides its table unit."""
    return " ".join(_UNIT_NOTE.sub(" ", text).split())


def rate(text: str) -> int | float | None:
    """``100%`` → 100, ``60 %`` → 60, ``-`` or empty → None."""
    if text in NO_VALUE:
        return None
    match = _RATE.match(text)
    if not match:
        raise CellError(f"not a rate: {text!r}")
    return numeric(match.group(1))


@functools.lru_cache(maxsize=1024)  # the same few year headers on every sheet
def year_header(text: str) -> int | None:
    """``2018년`` → 2018, ``'19`` → 2019; None if the cell is not a year."""
    match = _YEAR.match(text)
    if not match:
        return None
    year = to_year(next(group for group in match.groups() if group))
    return year if 1990 <= year <= 2100 else None


def completion(text: str) -> tuple[str | None, int | None]:
    """``임기내 (2022)`` → ('임기내', 2022); ``임기후`` → ('임기후', None);
    ``2022년 6월`` → (None, 2022): the year wherever it is written, the rest as the target."""
    match = _COMPLETION.search(text)
    if not match:
        return text or None, None
    rest = " ".join((text[:match.start()] + " " + text[match.end():]).split())
    return rest or None, int(match.group(1))


def business_types(text: str) -> list[str]:
    """``계속/자체/운영`` → ['계속', '자체', '운영']."""
    return [part.strip() for part in re.split(r"[/,·]", text) if part.strip()]


def year_line(text: str) -> int | None:
    """``2019년`` or ``< 2019년 추진실적 >`` alone on a line: the year of the quarters below it."""
    match = _YEAR_LINE.match(text)
    return to_year(match.group(1)) if match else None


def yearless_quarter(text: str, year: int) -> tuple[int, int, str] | None:
    """``[2분기] - 요약`` under a year line: (year, 2, '요약'); None if not such a header."""
    match = _YEARLESS_QUARTER.match(text)
    return (year, int(match.group(1)), strip_bullet(match.group(2))) if match else None


def quarter_header(text: str) -> tuple[int, int, str] | None:
    """``【19년 2분기】 - 요약`` → (2019, 2, '요약'); None if not a quarter header."""
    match = _QUARTER.match(text) if text.startswith(QUARTER_OPENERS) else None
    if not match:
        return None
    summary = strip_bullet(match.group(3))
    return to_year(match.group(1)), int(match.group(2)), summary


def last_day_of_quarter(year: int, quarter: int) -> str:
    """``(2021, 2)`` → ``2021-06-30`` (quarters end in March, June, September, December)."""
    return f"{year:04d}-{quarter * 3:02d}-{31 if quarter in (1, 4) else 30}"


def strip_bullet(text: str) -> str:
    """Text without a leading bullet mark (``- ``, ``○`` …)."""
    if text[:1] in _BULLET_MARKS:
        return text[1:].lstrip(" ")
    if text.startswith("ㅇ "):
        return text[2:]
    return text


def is_bullet(text: str) -> bool:
    return text.startswith(BULLETS)


def dated(text: str) -> tuple[int | None, int | None, str]:
    """``'19. 5. : 설치 완료`` → (2019, 5, '설치 완료'); ``'19. : 설치`` → (2019, None, '설치');
    ``협치 교육 실시 ('19. 5.)`` → (2019, 5, '협치 교육 실시'): a date may close the text too;
    undated text → (None, None, text). Raises CellError for a date with an impossible month."""
    if text[:1] not in _DATE_STARTS:
        closing = _CLOSING_DATE.search(text) if text[-1:] == ")" else None
        if closing and 0 < int(closing.group(2)) < 13:
            return to_year(closing.group(1)), int(closing.group(2)), text[:closing.start()].rstrip()
        return None, None, text
    match = _DATE.match(text)
    if not match:
        year_only = _YEAR_ONLY.match(text)
        if year_only:
            return to_year(year_only.group(1)), None, year_only.group(2).strip()
        return None, None, text
    year, month, rest = match.groups()
    month = int(month)
    if not 0 < month < 13:
        raise CellError(f"date with month {month}: {text!r}")
    return to_year(year), month, rest


# ``5월 : …``, ``5월 15일 …``, ``5. 15. : …``: a month without a year (a dotted one only before a
# colon, as ``1. 협치회의 개최`` is a numbered item, not January).
_MONTH_ONLY = re.compile(r"(\d{1,2})\s*월(?:\s*\d{1,2}\s*일)?\s*(?:[:：]\s*|\s+)(.*)"
                         r"|(\d{1,2})\s*\.(?:\s*\d{1,2}\s*\.)?\s*[:：]\s*(.*)")


def month_only(text: str) -> tuple[int, str] | None:
    """``5월 : 설치`` → (5, '설치'); None when the text does not start with a month alone."""
    match = _MONTH_ONLY.fullmatch(text) if text[:1].isdigit() else None
    if not match:
        return None
    month = int(match[1] or match[3])
    return (month, match[2] if match[1] else match[4]) if 0 < month < 13 else None


def period(text: str) -> tuple[str | None, str | None]:
    """``2016년 9월 ~`` → ('2016-09', None); ``'19. 1. ~ '22. 6.`` → ('2019-01', '2022-06');
    ``2019년 ~ 2022년`` → ('2019-01', '2022-12'): a span of whole years runs from January to December."""
    start, _, end = text.replace("∼", "~").replace("〜", "~").partition("~")
    return _month(start.strip(), "01"), _month(end.strip(), "12")


def _month(text: str, whole_year: str) -> str | None:
    if not text:
        return None
    match = _PERIOD_SIDE.match(text)
    if not match:
        year = _PERIOD_YEAR.match(text)
        if year:
            return f"{year.group(1)}-{whole_year}"
        raise CellError(f"not a year and month: {text!r}")
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise CellError(f"not a year and month: {text!r}")
    return f"{to_year(match.group(1)):04d}-{month:02d}"


def target(text: str) -> tuple[int | float | None, str | None, str | None]:
    """``5회 이상`` → (5, '회', 'gte'); ``5개 사업`` → (5, '개 사업', 'eq');
    a cell without a number → (None, None, None)."""
    match = _TARGET.search(text)
    if not match:
        return None, None, None
    comparator = "eq"
    rest = text[match.end():]
    for word, name in _COMPARATORS:
        if word in rest:
            comparator = name
            rest = rest.replace(word, " ")
    unit = " ".join(rest.split()) or None
    return numeric(match.group(1)), unit, comparator


def summary_items(summary: str) -> list[str]:
    """``1,250명 참여, 교육 2회`` → ['1,250명 참여', '교육 2회']: split at commas, except
    between a digit and exactly three digits (a thousands separator)."""
    if "," not in summary:
        return [summary.strip()] if summary else []
    parts = summary.split(",")
    items = [parts[0]]
    for part in parts[1:]:
        if items[-1][-1:].isdigit() and part[:3].isdigit() and len(part[:3]) == 3 and not part[3:4].isdigit():
            items[-1] += "," + part
        else:
            items.append(part)
    return [item.strip() for item in items]


def _in_name(item: str, match: re.Match) -> bool:
    """Whether a number is part of a name, as in ``코로나19로 행사 취소``, ``코로나19 확산`` or
    ``G20 회의``: glued to the word before it, and not glued to a unit after it (a particle
    is no unit). ``교육2회``, ``총11명``, ``약300명`` and ``연2회`` are counts all the same."""
    start, unit = match.start(), match[2]
    before = item[start - 1:start]
    if not before.isalpha() or before in _COUNT_PREFIXES:
        return False
    return unit is None or item[match.end(1)] == " " or unit[0] in _PARTICLES


def summary_counts(summary: str) -> list[dict]:
    """Split a quarter summary at commas that are not thousands separators and
    read each item's number, unit and label (items without a number are skipped)."""
    counts = []
    for item in summary_items(summary):
        last = None
        for match in _COUNT.finditer(item):  # the last number whose unit is not a date part, nor in a name
            if match[2] not in _NOT_COUNT_UNITS and not _in_name(item, match):
                last = match
        if last is None:
            continue
        start, end = last.span()
        label = f"{item[:start]} {item[end:]}"
        if ":" in label or "：" in label:
            label = label.replace(":", " ").replace("：", " ")
        number, unit = last.groups()
        counts.append({"label": " ".join(label.split()) or None,
                       "value": int(number) if number.isdigit() else numeric(number), "unit": unit})
    return counts
