"""The nightly report (issue 14, point 5; issue 15, point 3): built from the marts as bi_analyst, opened
offline in headless Chromium, its numbers checked against the marts, sheet text never markup."""
from __future__ import annotations

import json
from decimal import Decimal
from html.parser import HTMLParser

import psycopg
import pytest

from sheetfeed.report import build_report, figures
from sheetfeed.report.page import cell

pytestmark = pytest.mark.slow


class Page(HTMLParser):
    """What a person sees: the tables' cells by figure and column, the charts' SVG text, and anything active."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[dict[str, str]]] = {}
        self.svg_text: list[str] = []
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.external: list[str] = []
        self._figure = self._column = None
        self._in_svg_text = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.handlers += [(tag, name) for name in attrs if name.startswith("on")]
        self.external += [value for name, value in attrs.items()
                          if name in ("src", "href") and value and "://" in value]
        if tag == "table":
            self._figure = attrs.get("data-figure")
            self.tables[self._figure] = []
        elif tag == "tr" and self._figure:
            self.tables[self._figure].append({})
        elif tag == "td" and self._figure:
            self._column = attrs.get("data-column")
            self.tables[self._figure][-1][self._column] = ""
        elif tag == "text":
            self._in_svg_text = True
            self.svg_text.append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self._figure = None
        elif tag == "td":
            self._column = None
        elif tag == "text":
            self._in_svg_text = False

    def handle_data(self, data):
        if self._column:
            self.tables[self._figure][-1][self._column] += data
        if self._in_svg_text:
            self.svg_text[-1] += data

    def rows(self, figure: str) -> list[dict[str, str]]:
        return [row for row in self.tables[figure] if row]


def read_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def as_analyst(url: str, query: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        conn.execute("set role bi_analyst")
        return conn.execute(query).fetchall()


@pytest.fixture
def report(marts, tmp_path):
    return build_report(marts.url, tmp_path / "report")


def test_the_report_opens_offline_in_chromium_and_shows_the_marts_numbers(report, marts, chromium, tmp_path):
    url = report.html.as_uri()
    shot = chromium.screenshot(url, tmp_path / "report.png")
    assert shot.stat().st_size > 100_000  # a rendered page of charts and tables, not a blank one
    page = read_page(chromium.dom(url))
    assert page.external == [] and "script" not in page.tags  # nothing to fetch, nothing to run

    execution = as_analyst(marts.url, "select department, fiscal_year, year_status, secured_krw, executed_krw,"
                                      " execution_rate_pct from marts.mart_department_budget order by 1, 2")
    assert len(execution) == 15  # 3 departments × 2018–2022
    assert [(row["department"], row["fiscal_year"], row["secured_krw"], row["executed_krw"],
             row["execution_rate_pct"]) for row in page.rows("execution")] == [
        (department, str(year), cell(secured, "krw"), cell(executed, "krw"), cell(rate, "pct"))
        for department, year, _, secured, executed, rate in execution]
    # The chart writes the same rates on its cells, and 계획 (planned) where a year has none yet.
    for department, year, status, _, _, rate in execution:
        if status == "planned":
            assert "계획" in page.svg_text
        elif rate is not None:
            assert any(text.startswith(f"{rate:.2f}%") for text in page.svg_text), (department, year, rate)

    years = as_analyst(marts.url, "select fiscal_year, sum(secured_krw), sum(demand_krw), sum(executed_krw)"
                                  " from marts.mart_department_budget group by 1 order by 1")
    assert [tuple(row.values()) for row in page.rows("budget_years")] == [
        (str(year), cell(secured or 0, "krw"), cell(demand or 0, "krw"), cell(executed or 0, "krw"))
        for year, secured, demand, executed in years]
    assert f"{years[1][1] / 1_000_000:,.0f}" == "468" and "468" in page.svg_text  # 2019: 3 × 156 백만원

    kpis = as_analyst(marts.url, "select reporting_date, programs, programs_reported, completion_rate_pct,"
                                 " goal_attainment_rate_pct from marts.mart_governance_kpis"
                                 " where department = '전체' order by 1")
    assert [(row["reporting_date"], row["programs"], row["programs_reported"], row["completion_rate_pct"],
             row["goal_attainment_rate_pct"]) for row in page.rows("kpis")] == [
        (day.isoformat(), str(programs), str(reported), cell(completion, "pct"), cell(goal, "pct"))
        for day, programs, reported, completion, goal in kpis]
    # 2021-09-30: 3 programs (2 carried), 1 completed, 1 on track → 33.33 and 66.67.
    assert kpis[-1][1:] == (3, 1, Decimal("33.33"), Decimal("66.67"))
    assert {"33.33", "66.67"} <= set(page.svg_text)

    missed = as_analyst(marts.url, "select department, count(*) filter (where not is_met and year_status = 'past'),"
                                   " count(*) filter (where not is_met and year_status = 'current')"
                                   " from marts.fct_target_attainment group by 1")
    shown = {row["department"]: (row["targets_missed"], row["targets_behind"])
             for row in page.rows("targets_by_department")}
    assert shown == {department: (str(past), str(current)) for department, past, current in missed}
    assert report.headline["as_of"] == "2021-09-30" and report.headline["departments"] == 3


def test_sheet_text_in_the_report_is_text_never_markup(report, chromium, hostile):
    """Issue 15 point 3: a department and a metric written as HTML reach the page as the characters they are."""
    source = report.html.read_text(encoding="utf-8")
    assert "<script" not in source and "<img" not in source and "onerror=alert" not in source.replace(
        "onerror=alert(1)&gt;", "")
    page = read_page(chromium.dom(report.html.as_uri()))
    assert {"script", "img", "b"}.isdisjoint(page.tags) and page.handlers == []
    departments = {row["department"] for row in page.rows("execution")}
    assert hostile["department"] in departments  # shown verbatim, as text
    assert any(row["metric"].startswith(hostile["metric"]) for row in page.rows("missed_targets"))
    assert any(hostile["department"] in text for text in page.svg_text)  # the chart's axis label, as SVG text


def test_the_exports_and_the_numbers_beside_them(report):
    png = report.png.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 800 and height > 1500  # four charts, one under the other, at twice the scale
    assert report.pdf.read_bytes()[:5] == b"%PDF-"
    import subprocess

    text = subprocess.run(["pdftotext", str(report.pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "부서별·연도별 예산 집행률" in text and "87.18%" in text  # Hangul embedded as text, not tofu
    data = json.loads((report.folder / "figures.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2021-09-30" and set(data["figures"]) == set(figures.QUERIES)


@pytest.mark.parametrize("built", ["marts", "empty_marts"])
def test_every_chart_is_valid_vega_lite_with_data_and_before_any(built, request):
    """The report renders its specs unvalidated (0.5 s a night); the schema check is here."""
    import altair as alt

    from sheetfeed.report import charts
    from sheetfeed.warehouse.connection import connect

    with connect(request.getfixturevalue(built).url) as conn:
        read = figures.read(conn)
    for chart in charts.all_charts(read).values():
        chart.to_dict(validate=True)


def test_the_report_reads_as_bi_analyst_and_fails_clearly_without_that_role(marts, tmp_path, server_url):
    import uuid

    from sheetfeed.report import figures as figures_module

    name = f"sf_reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'create role "{name}" login')
    try:
        from sheetfeed.warehouse.connection import url_parts

        parts = url_parts(marts.url)
        with psycopg.connect(host=parts["host"], port=parts["port"], dbname=parts["dbname"], user=name) as conn:
            with pytest.raises(figures_module.ReaderRoleMissing, match="grant bi_analyst"):
                figures_module.read(conn)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'drop role "{name}"')
    with psycopg.connect(marts.url) as conn:
        figures_module.read(conn)
        assert conn.execute("select current_user = session_user").fetchone() == (True,)  # the role was local


def test_a_night_with_nothing_accepted_yet_still_writes_the_report(empty_marts, tmp_path):
    """Empty marts (every sheet held back, or a first night) give a report that says so, not a failed task."""
    empty = build_report(empty_marts.url, tmp_path / "report")
    assert empty.png.stat().st_size > 0 and empty.pdf.stat().st_size > 0
    assert empty.as_of is None


def test_the_report_embeds_its_bundled_nanumgothic_and_a_wrong_font_folder_fails_naming_it(report, tmp_path,
                                                                                          monkeypatch):
    """A machine without Debian's fonts-nanum (a fresh `make run`, a worker image) still draws the report: the
    page embeds NanumGothic from the package itself. A folder set by SHEETFEED_REPORT_FONT_DIR must hold both."""
    from fontTools.ttLib import TTFont

    from sheetfeed.fonts import BUNDLED_FONT_DIR, FontMissing, font_dir

    assert font_dir() == BUNDLED_FONT_DIR
    for name, style in (("NanumGothic.ttf", "Regular"), ("NanumGothicBold.ttf", "Bold")):
        font = TTFont(BUNDLED_FONT_DIR / name, lazy=True)
        assert (font["name"].getDebugName(1), font["name"].getDebugName(2)) == ("NanumGothic", style)
        assert font.getBestCmap()[ord("예")]  # Hangul syllables are drawn, not boxes
    assert "SIL Open Font License" in (BUNDLED_FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    html = report.html.read_text(encoding="utf-8")
    assert all(f'@font-face {{ font-family: "NanumGothic"; font-weight: {weight}; ' in html for weight in (400, 700))

    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "NanumGothic.ttf").write_bytes((BUNDLED_FONT_DIR / "NanumGothic.ttf").read_bytes())
    monkeypatch.setenv("SHEETFEED_REPORT_FONT_DIR", str(tmp_path / "fonts"))
    with pytest.raises(FontMissing, match=r"fonts: no NanumGothicBold\.ttf for the pages' Hangul"):
        font_dir()
