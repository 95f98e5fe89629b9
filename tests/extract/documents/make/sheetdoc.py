"""A program sheet as a clerk lays it out, and the carriers it is saved in.

Written from SPEC.md alone (no parser code read).  A sheet is described once,
semantically (`Sheet`), and

* `layout(sheet, family)` turns it into blocks: paragraphs (`P`) and tables
  (`T`, a grid of `C` cells with row/column spans, `None` where a merge covers);
* `expected(sheet)` gives the SPEC §2 facts a correct extraction must yield;
* the writers put the blocks into a carrier: HWPX / HWP 5.0 (python-hwpx),
  XLS (xlwt), XLSX (openpyxl), the word processor's text export (tab-separated,
  any encoding / line end / NFD), and Excel's "유니코드 텍스트" export.

`family` is "doc" (hwpx/hwp), "text" (the word processor's text export) or
"book" (a workbook and its Unicode text export); a block may be limited to
some families (page furniture only exists where a sheet was printed and
retyped/pasted, a date cell only in a workbook).

Run with the .tools venv (python-hwpx, xlwt, openpyxl).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

UNITS = {"원": Decimal(1), "천원": Decimal(1000), "백만원": Decimal(10) ** 6, "억원": Decimal(10) ** 8}


# ---------------------------------------------------------------- blocks
@dataclass
class C:
    """A table cell: `text` is what is displayed (and what a text export shows);
    `value`/`fmt` is what a workbook stores (a number or date and its number format)."""
    text: str
    value: object = None
    fmt: str | None = None
    rs: int = 1
    cs: int = 1


@dataclass
class P:
    text: str
    only: frozenset | None = None  # families this paragraph exists in (None: all)


@dataclass
class T:
    rows: list  # list of list of C | None
    only: frozenset | None = None


def cell(x) -> C | None:
    if x is None or isinstance(x, C):
        return x
    return C(str(x))


def row(*xs) -> list:
    return [cell(x) for x in xs]


# ---------------------------------------------------------------- semantic sheet
@dataclass
class Activity:
    year: int | None
    month: int | None
    text: str
    style: str | None = "q"  # q: '19. 5.   qc: '21.10.   dot: 2022. 3.   short: 22.3.   None: no date


@dataclass
class Quarter:
    year: int
    quarter: int
    summary: str  # text after the header, '' for none
    counts: list  # expected [(label, value, unit)]
    activities: list
    header: str = "short"  # short: 【19년 1분기】  long: 【2022년 3분기】


@dataclass
class BudgetRow:
    line_item: str  # '' continues the line item above (merged cell)
    source: str  # as written ('시 비')
    years: list  # [(first_amount, executed)] per year, str as written in the sheet's unit, None = empty


@dataclass
class Budget:
    unit: str
    years: list  # [(year, '확보액' | '투자 수요')]
    rows: list  # BudgetRow; the 계 row is computed
    neg: str = "minus"  # how a negative is written: minus '-3,200', paren '(3,200)', tri '△3,200'
    decimals: int | None = None  # decimals shown (None: as written)


@dataclass
class Sheet:
    code: str
    title: str
    status: str
    rate: str  # as written: '100%', '-', '62.5%'
    rate_pct: object  # expected
    completion: str  # '임기내 (2026)', '임기후'
    completion_target: str
    completion_year: int | None
    total: str  # '2,450백만원', '비예산', '4.35억원'
    total_krw: int | None
    types: list
    department: str
    goals: list
    period: str | None  # '2022년 7월 ~ 2026년 6월'
    period_start: str | None
    period_end: str | None
    description: str
    target_years: list = field(default_factory=list)
    targets: list = field(default_factory=list)  # [(metric, [raw per year])]
    budget: Budget | None = None
    quarters: list = field(default_factory=list)
    plans: list = field(default_factory=list)  # Activity
    contacts_label: str = "작성 자"
    contacts: list = field(default_factory=list)  # [(role, name, ext)]
    contacts_sep: str = " "  # ' ' or '\n' (a cell with line breaks)
    collaboration: dict | None = None  # departments, content, central_government, city
    title_break: int | None = None  # write a line break into the title cell after this many characters (workbooks)
    rate_cell: tuple | None = None  # (value, fmt) for workbooks
    date_cells: bool = False  # in workbooks, activities are [date cell, text] rows
    furniture: bool = False  # printed-and-retyped text/book carriers carry page numbers and repeated header rows
    truncate_in_budget: int | None = None  # the file stops after this many budget data rows (half a row more)
    leading_blank: int = 2
    warnings_min: int = 0  # SPEC requires at least this many warnings
    notes: str = ""


# ---------------------------------------------------------------- formatting helpers
def fmt_amount(s: str | None, decimals: int, neg: str) -> str:
    if s is None:
        return ""
    d = Decimal(s)
    if decimals is None:  # as written
        decimals = len(s.split(".")[1]) if "." in s else 0
    body = f"{abs(d):,.{decimals}f}"
    if d < 0:
        return {"minus": "-" + body, "paren": "(" + body + ")", "tri": "△" + body}[neg]
    return body


def excel_fmt(decimals, neg: str, value: str = "0") -> str:
    if decimals is None:
        decimals = len(value.split(".")[1]) if "." in value else 0
    base = "#,##0" + ("." + "0" * decimals if decimals else "")
    if neg == "paren":
        return f"{base};({base})"
    if neg == "tri":
        return f'{base};"△"{base}'
    return base


def num(s: str):
    d = Decimal(s)
    return int(d) if d == d.to_integral_value() else float(s)


def date_text(a: Activity) -> str:
    yy = a.year % 100
    return {
        "q": f"'{yy:02d}. {a.month}.",
        "qc": f"'{yy:02d}.{a.month}.",
        "dot": f"{a.year}. {a.month}.",
        "short": f"{yy:02d}.{a.month}.",
    }[a.style]


def bullet(a: Activity) -> str:
    if a.style is None:
        return f"- {a.text}"
    return f"- {date_text(a)} : {a.text}"


def quarter_header(q: Quarter) -> str:
    y = f"{q.year % 100:02d}" if q.header == "short" else str(q.year)
    return f"【{y}년 {q.quarter}분기】"


# ---------------------------------------------------------------- layout
DOC, TEXT, BOOK = "doc", "text", "book"


def header_table(s: Sheet, family: str) -> T:
    title = s.title
    if s.title_break and family == BOOK:
        title = title[: s.title_break].rstrip() + "\n" + title[s.title_break:].lstrip()
    rate = C(s.rate)
    if family == BOOK and s.rate_cell:
        rate = C(s.rate, value=s.rate_cell[0], fmt=s.rate_cell[1])
    return T([
        [C(s.code), C(title, cs=5), None, None, None, None],
        row("추진현황", s.status, "이행률(%)", rate, "완료시기 (완료연도)", s.completion),
        row("총사업비", s.total, "사업유형", "/".join(s.types), "추진부서", s.department),
    ])


def targets_table_rows(s: Sheet) -> tuple[list, list]:
    head = [row("구 분", *[f"{y}년" for y in s.target_years])]
    body = [row(m, *raws) for m, raws in s.targets]
    return head, body


def budget_table_rows(s: Sheet) -> tuple[list, list]:
    b = s.budget
    n = len(b.years)
    width = 2 + 2 * (n + 1)
    r0 = [C("구 분", rs=3), C("재원별", rs=3), C("연차별 투자수요 및 집행액", cs=width - 2)] + [None] * (width - 3)
    r1 = [None, None, C("합 계", cs=2), None]
    r2 = [None, None, C("확보액 및 투자수요"), C("집행액")]
    for y, kind in b.years:
        r1 += [C(f"{y}년", cs=2), None]
        r2 += [C(kind), C("집행액")]
    body = []
    def money(v):
        if v is None:
            return C("")
        return C(fmt_amount(v, b.decimals, b.neg), value=num(v), fmt=excel_fmt(b.decimals, b.neg, v))

    total_row, rows = budget_totals(b)
    for label, src, sd, ex, years in [("계", "", *total_row)] + rows:
        cells = [C(label), C(src), money(sd), money(ex)]
        for first, executed in years:
            cells += [money(first), money(executed)]
        body.append(cells)
    # the line item cell spans the rows of its funding sources
    span_start = None
    for i, br in enumerate(b.rows, start=1):
        if br.line_item:
            span_start = i
        else:
            body[span_start][0].rs += 1
            body[i][0] = None
    return [r0, r1, r2], body


def budget_totals(b: Budget):
    """The 계 row and the per-row 합계 columns, as a clerk's sheet adds them up."""
    def add(xs):
        xs = [Decimal(x) for x in xs if x is not None]
        return str(sum(xs)) if xs else None

    rows = []
    for br in b.rows:
        sd = add([f for f, _ in br.years])
        ex = add([e for _, e in br.years])
        rows.append((br.line_item, br.source, sd, ex, br.years))
    n = len(b.years)
    tot_years = []
    for k in range(n):
        tot_years.append((add([r[4][k][0] for r in rows]), add([r[4][k][1] for r in rows])))
    tsd = add([r[2] for r in rows])
    tex = add([r[3] for r in rows])
    return (tsd, tex, tot_years), rows


@dataclass
class Memo:
    """Not a sheet: what a department sometimes sends instead (a cover memo), as ready blocks."""
    blocks: list
    code: str | None = None
    truncate_in_budget: int | None = None


def layout(s: Sheet, family: str) -> list:
    if isinstance(s, Memo):
        return s.blocks
    out: list = [P("")] * s.leading_blank
    out.append(header_table(s, family))
    out += [P(""), P("□ 정책목표"), P("")]
    out += [P(f"- {g}") for g in s.goals]
    out += [P(""), P("□ 사업개요"), P("")]
    if s.period:
        out.append(P(f"- 사업기간 : {s.period}"))
    out.append(P(f"- 사업내용 : {s.description}"))
    out.append(P(f"- 총사업비 : {s.total}"))
    if s.targets:
        out += [P(""), P("□ 연차별 추진계획"), P("")]
        head, body = targets_table_rows(s)
        if s.furniture and family != DOC and len(body) > 1:
            out.append(T(head + body[:1]))
            out += [P(""), P("- 2 -"), P("")]
            out.append(T(head + body[1:]))  # the header row printed again on the new page
        else:
            out.append(T(head + body))
    if s.budget:
        out += [P(""), P("□ 연차별 투자수요 및 집행액"), P(""), P(f"(단위 : {s.budget.unit})"), P("")]
        head, body = budget_table_rows(s)
        if s.truncate_in_budget is not None:
            kept = body[: 1 + s.truncate_in_budget]
            half = body[1 + s.truncate_in_budget]
            cut = [c if (c is None or i < 5) else None for i, c in enumerate(half)]
            cut = [c for c in cut[:5]]
            out.append(T(head + kept + [cut]))
            return out
        out.append(T(head + body))
    if s.quarters:
        out += [P(""), P("□ 추진실적"), P("")]
        for qi, q in enumerate(s.quarters):
            h = quarter_header(q)
            out.append(P(f"{h} - {q.summary}" if q.summary else h))
            out.append(P(""))
            for a in q.activities:
                if family == BOOK and s.date_cells and a.style is not None:
                    out.append(T([[C(date_text(a), value=dt.datetime(a.year, a.month, 1), fmt='yyyy". "m"."'), C(a.text)]]))
                else:
                    out.append(P(bullet(a)))
            out.append(P(""))
            if s.furniture and family != DOC and qi == len(s.quarters) // 2:
                out += [P("- 3 -"), P("")]
    if s.plans:
        out += [P("□ 향후계획"), P("")]
        out += [P(bullet(a)) for a in s.plans]
        out.append(P(""))
    foot = []
    if s.contacts:
        txt = s.contacts_sep.join(f"{r} : {n} ({e})" for r, n, e in s.contacts)
        if family == TEXT:
            txt = txt.replace("\n", " ")
        foot.append([C(s.contacts_label), C(txt, cs=3), None, None])
    if s.collaboration:
        c = s.collaboration
        foot.append(row("협업부서", c.get("departments") or "", "협업내용", c.get("content") or ""))
        foot.append(row("중앙정부", c.get("central_government") or "", "서울시", c.get("city") or ""))
    if foot:
        out.append(T(foot))
    return out


# ---------------------------------------------------------------- expectations
def krw(s: str | None, unit: str):
    if s is None:
        return None
    v = Decimal(s) * UNITS[unit]
    assert v == v.to_integral_value(), (s, unit)
    return int(v)


TARGET_RE = re.compile(r"^([\d,]+(?:\.\d+)?)\s*(.*?)\s*(이상|이하)?$")


def target_fact(raw: str):
    m = TARGET_RE.match(raw)
    if not m:
        return None  # no number: SPEC does not say what value/unit are
    v = Decimal(m.group(1).replace(",", ""))
    comp = {"이상": "gte", "이하": "lte"}.get(m.group(3), "eq")
    return {"value": num(str(v)), "unit": m.group(2).strip(), "comparator": comp, "raw": raw}


def expected(s: Sheet, sheet_index: int) -> dict:
    e: dict = {"sheet_index": sheet_index}
    area = re.match(r"^([^\d-]+)", s.code).group(1)
    seq = int(re.search(r"(\d+)$", s.code).group(1))
    e["program"] = {
        "code": s.code, "area": area, "seq": seq, "title": " ".join(s.title.split()),
        "status": s.status, "implementation_rate_pct": s.rate_pct,
        "completion_target": s.completion_target, "completion_year": s.completion_year,
        "total_budget_krw": s.total_krw, "business_types": s.types, "department": s.department,
        "period_start": s.period_start, "period_end": s.period_end,
    }
    e["program_contains"] = {
        "policy_goals": [g[:12] for g in s.goals],
        "description": s.description[:15],
    }
    tg = []
    for metric, raws in s.targets:
        for y, raw in zip(s.target_years, raws):
            f = target_fact(raw)
            if f:
                tg.append({"metric": metric, "year": y, **f})
    e["targets"] = {"count": sum(len(r) for _, r in s.targets), "entries": tg}
    if s.budget and s.truncate_in_budget is None:
        b = s.budget
        (tsd, tex, tyears), rows = budget_totals(b)
        bud, rep = [], []
        rep.append({"line_item": "계", "funding_source": None, "is_total": True,
                    "secured_and_demand_krw": krw(tsd, b.unit), "executed_krw": krw(tex, b.unit)})
        for k, (y, kind) in enumerate(b.years):
            first, ex = tyears[k]
            bud.append(budget_fact("계", None, True, y, kind, first, ex, b.unit))
        item = None
        for li, src, sd, ex, years in rows:
            item = li or item
            fs = src.replace(" ", "")
            rep.append({"line_item": item, "funding_source": fs, "is_total": False,
                        "secured_and_demand_krw": krw(sd, b.unit), "executed_krw": krw(ex, b.unit)})
            for k, (y, kind) in enumerate(b.years):
                bud.append(budget_fact(item, fs, False, y, kind, years[k][0], years[k][1], b.unit))
        e["budget"] = {"count": len(bud), "entries": bud}
        e["budget_reported_totals"] = {"count": len(rep), "entries": rep}
    elif s.budget is None:
        e["budget"] = {"count": 0, "entries": []}
        e["budget_reported_totals"] = {"count": 0, "entries": []}
    if s.truncate_in_budget is None:
        qs, acts = [], []
        for q in s.quarters:
            qs.append({"year": q.year, "quarter": q.quarter,
                       "counts": [{"label": l, "value": v, "unit": u} for l, v, u in q.counts]})
            for a in q.activities:
                acts.append({"year": a.year if a.style else None, "month": a.month if a.style else None,
                             "reported_year": q.year, "reported_quarter": q.quarter, "text_contains": a.text[:14]})
        e["quarters"] = {"count": len(qs), "entries": qs}
        e["activities"] = {"count": len(acts), "entries": acts}
        e["plans"] = {"count": len(s.plans), "entries": [
            {"year": a.year if a.style else None, "month": a.month if a.style else None, "text_contains": a.text[:14]}
            for a in s.plans]}
        e["contacts"] = {"count": len(s.contacts), "entries": [
            {"role": r, "name": n, "phone_ext": x} for r, n, x in s.contacts]}
        if s.collaboration:
            e["collaboration"] = {k: (v or None) for k, v in s.collaboration.items()}
    else:
        e["quarters"] = {"count": 0, "entries": []}
        e["activities"] = {"count": 0, "entries": []}
        e["plans"] = {"count": 0, "entries": []}
        e["contacts"] = {"count": 0, "entries": []}
    e["warnings_min"] = s.warnings_min
    return e


def budget_fact(item, fs, is_total, y, kind, first, ex, unit):
    a = krw(first, unit)
    return {"line_item": item, "funding_source": fs, "is_total": is_total, "year": y,
            "secured_krw": a if kind == "확보액" else None,
            "demand_krw": a if kind != "확보액" else None,
            "executed_krw": krw(ex, unit)}


# ---------------------------------------------------------------- grids
def grid(t: T) -> tuple[int, list]:
    width = max(sum(1 for _ in r) for r in t.rows)
    return width, t.rows


def blocks(sheets: list, family: str) -> list:
    out = []
    for s in sheets:
        out += [b for b in layout(s, family) if b.only is None or family in b.only]
    return out


def lines(bs: list) -> list[list]:
    """Each block as rows of cells (a paragraph is a one-cell row)."""
    rows = []
    for b in bs:
        if isinstance(b, P):
            rows.append([C(b.text)] if b.text else [])
        else:
            rows += b.rows
    return rows


# ---------------------------------------------------------------- writers
def write_text(path: Path, sheets: list, *, encoding: str, newline: str, nfd: bool = False,
               bom: bool = False) -> list[int]:
    """The word processor's text export: a cell per tab, a row per line, a merged cell written once."""
    out_lines, title_lines = [], []
    for s in sheets:
        for b in blocks([s], TEXT):
            if isinstance(b, P):
                out_lines.append(b.text)
            else:
                for r in b.rows:
                    if r and r[0] is not None and r[0].text == s.code:
                        title_lines.append(len(out_lines) + 1)
                    out_lines.append("\t".join("" if c is None else c.text.replace("\n", " ") for c in r))
    cut = any(x.truncate_in_budget is not None for x in sheets)
    text = newline.join(out_lines) + ("" if cut else newline)  # a cut-off transfer ends mid-row
    if nfd:
        text = unicodedata.normalize("NFD", text)
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return title_lines


def book_rows(sheets: list) -> tuple[list, list, list]:
    """Rows of a workbook (a block row per worksheet row), its merges and the title rows (1-based)."""
    rows, merges, titles = [], [], []
    for s in sheets:
        for b in blocks([s], BOOK):
            if isinstance(b, P):
                rows.append([C(b.text)] if b.text else [])
                continue
            base = len(rows)
            for ri, r in enumerate(b.rows):
                if r and r[0] is not None and r[0].text == s.code:
                    titles.append(base + ri + 1)
                rows.append(r)
                for ci, c in enumerate(r):
                    if c is not None and (c.rs > 1 or c.cs > 1):
                        merges.append((base + ri, base + ri + c.rs - 1, ci, ci + c.cs - 1))
    return rows, merges, titles


def write_xlsx(path: Path, sheets: list, title="공약사업") -> list[int]:
    import openpyxl
    from openpyxl.styles import Alignment
    rows, merges, titles = book_rows(sheets)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for ri, r in enumerate(rows, start=1):
        for ci, c in enumerate(r, start=1):
            if c is None or (c.text == "" and c.value is None):
                continue
            v = c.value if c.value is not None else c.text
            x = ws.cell(row=ri, column=ci, value=v)
            if c.fmt:
                x.number_format = c.fmt
            if "\n" in c.text:
                x.alignment = Alignment(wrap_text=True)
    for r1, r2, c1, c2 in merges:
        ws.merge_cells(start_row=r1 + 1, end_row=r2 + 1, start_column=c1 + 1, end_column=c2 + 1)
    ws.column_dimensions["A"].width = 36
    wb.save(path)
    return titles


def write_xls(path: Path, sheets: list, title="공약사업") -> list[int]:
    import xlwt
    rows, merges, titles = book_rows(sheets)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(title)
    styles = {}

    def style(c: C):
        key = (c.fmt, "\n" in c.text)
        if key not in styles:
            st = xlwt.XFStyle()
            if c.fmt:
                st.num_format_str = c.fmt
            if "\n" in c.text:
                al = xlwt.Alignment()
                al.wrap = 1
                st.alignment = al
            styles[key] = st
        return styles[key]

    anchors = {(r1, c1): (r1, r2, c1, c2) for r1, r2, c1, c2 in merges}
    for ri, r in enumerate(rows):
        for ci, c in enumerate(r):
            if c is None:
                continue
            v = c.value if c.value is not None else c.text
            if (ri, ci) in anchors:
                r1, r2, c1, c2 = anchors[(ri, ci)]
                ws.write_merge(r1, r2, c1, c2, v, style(c))
            elif v != "":
                ws.write(ri, ci, v, style(c))
    ws.col(0).width = 36 * 256
    wb.save(str(path))
    return titles


def write_unicode_text(path: Path, sheets: list) -> list[int]:
    """Excel's 유니코드 텍스트: UTF-16LE with BOM, tab-separated displayed values, CRLF rows,
    a cell holding a line break, a tab or a quote wrapped in quotes ("" for a quote)."""
    rows, _, titles = book_rows(sheets)
    out, physical, title_phys = [], 1, []
    for ri, r in enumerate(rows, start=1):
        if ri in titles:
            title_phys.append(physical)
        cells = []
        for c in r:
            t = "" if c is None else c.text
            if any(ch in t for ch in '\n\t"'):
                t = '"' + t.replace('"', '""') + '"'
            cells.append(t)
        line = "\t".join(cells)
        physical += 1 + line.count("\n")
        out.append(line)
    cut = any(x.truncate_in_budget is not None for x in sheets)
    path.write_bytes(b"\xff\xfe" + ("\r\n".join(out) + ("" if cut else "\r\n")).encode("utf-16-le"))
    return title_phys


def write_doc(path: Path, sheets: list) -> None:
    """HWPX or (by the suffix) HWP 5.0: paragraphs and tables with merged cells."""
    from hwpx import HwpxDocument
    doc = HwpxDocument.new()
    for b in blocks(sheets, DOC):
        if isinstance(b, P):
            doc.add_paragraph(b.text)
            continue
        width = max(len(r) for r in b.rows)
        t = doc.add_table(len(b.rows), width)
        for ri, r in enumerate(b.rows):
            for ci, c in enumerate(r):
                if c is not None and (c.rs > 1 or c.cs > 1):
                    t.merge_cells(ri, ci, ri + c.rs - 1, ci + c.cs - 1)
        for ri, r in enumerate(b.rows):
            for ci, c in enumerate(r):
                if c is not None and c.text:
                    t.set_cell_text(ri, ci, c.text, logical=True)
    doc.save_to_path(str(path))
