"""The nightly report for analysts and department heads: ``build_report(url, out_dir)``.

It reads the marts as ``bi_analyst`` (figures), draws four charts with Vega-Altair (charts),
renders them offline with vl-convert, and writes one folder, replaced whole each night:
``index.html`` (opens offline: inline SVG, embedded Hangul font, no script), ``report.png`` and
``report.pdf`` (the four charts) and ``figures.json`` (the numbers). Default folder:
``$SHEETFEED_HOME/report``.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sheetfeed import settings

TIMEZONE = ZoneInfo("Asia/Seoul")


@dataclass(frozen=True)
class Report:
    """Where the report was written, and the headline it printed."""

    folder: Path
    html: Path
    png: Path
    pdf: Path
    as_of: str | None
    headline: dict


def default_dir() -> Path:
    return settings.home() / "report"


def build_report(url: str, out_dir: Path | None = None) -> Report:
    """Read the marts at ``url`` as bi_analyst and write the report folder (default ``default_dir()``)."""
    import altair as alt
    import vl_convert as vlc

    from sheetfeed import fonts
    from sheetfeed.publish import replace_folder
    from sheetfeed.report import charts, figures as figures_module, page
    from sheetfeed.warehouse.connection import connect

    vlc.register_font_directory(str(fonts.font_dir()))
    with connect(url) as conn:
        figures = figures_module.read(conn)
    specs = [charts.styled(chart) for chart in charts.all_charts(figures, titled=False)]
    svgs = [vlc.vegalite_to_svg(spec) for spec in specs]
    # The page of every chart, drawn once; the PNG and the PDF are made from that one drawing.
    together = vlc.vegalite_to_svg(charts.styled(alt.vconcat(*charts.all_charts(figures), spacing=40)))
    generated_at = datetime.now(TIMEZONE)
    text = page.render(figures, svgs, "", generated_at)
    document = page.render(figures, svgs, fonts.font_faces(text), generated_at)
    headline = _headline(figures)

    def write(folder: Path) -> None:
        # vl-convert draws outside the GIL: the PDF (0.5 s) beside the PNG (0.9 s; 408 Hangul labels at scale 2).
        with ThreadPoolExecutor(max_workers=2) as pool:
            png = pool.submit(vlc.svg_to_png, together, scale=2)
            pdf = pool.submit(vlc.svg_to_pdf, together)
            (folder / "index.html").write_text(document, encoding="utf-8")
            (folder / "figures.json").write_text(
                json.dumps({"as_of": headline["as_of"], "generated_at": generated_at.isoformat(),
                            "figures": figures.rows}, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
            (folder / "report.png").write_bytes(png.result())
            (folder / "report.pdf").write_bytes(pdf.result())

    folder = replace_folder(Path(out_dir or default_dir()), write)
    return Report(folder=folder, html=folder / "index.html", png=folder / "report.png", pdf=folder / "report.pdf",
                  as_of=headline["as_of"], headline=headline)


def _headline(figures) -> dict:
    """The figures a summary line prints: latest rates, departments and missed targets."""
    latest = (figures.rows["kpis"] or [{}])[-1]
    return {
        "as_of": figures.as_of.isoformat() if figures.as_of else None,
        "programs": latest.get("programs"),
        "programs_reported": latest.get("programs_reported"),
        "completion_rate_pct": latest.get("completion_rate_pct"),
        "goal_attainment_rate_pct": latest.get("goal_attainment_rate_pct"),
        "departments": len({row["department"] for row in figures.rows["execution"]}),
        "targets_missed": sum(row["targets_missed"] for row in figures.rows["targets_by_department"]),
    }
