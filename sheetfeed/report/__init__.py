"""The nightly report for analysts and department heads: ``build_report(url, out_dir)``.

It reads the marts as ``bi_analyst`` (figures), draws four charts with Vega-Altair (charts),
renders them offline with vl-convert, and writes one folder, replaced whole each night:
``index.html`` (opens offline: inline SVG, embedded Hangul font, no script), ``report.png`` and
``report.pdf`` (the four charts under their titles: exports) and ``figures.json`` (the numbers).
Default folder: ``$SHEETFEED_HOME/report``.
"""
from __future__ import annotations

import json
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
    import vl_convert as vlc

    from sheetfeed import fonts
    from sheetfeed.publish import replace_folder
    from sheetfeed.report import charts, exports, figures as figures_module, page
    from sheetfeed.warehouse.connection import connect

    vlc.register_font_directory(str(fonts.font_dir()))
    with connect(url) as conn:
        figures = figures_module.read(conn)
    # Vega numbers its ids (a colour legend's gradient) across the drawings of a process: the page and the
    # stack can hold them all.
    svgs = {figure: vlc.vegalite_to_svg(charts.styled(chart)) for figure, chart in charts.all_charts(figures).items()}
    stack = exports.stacked(list(svgs.values()), charts.TITLES)
    generated_at = datetime.now(TIMEZONE)
    text = page.render(figures, svgs, "", generated_at)
    document = page.render(figures, svgs, fonts.font_faces(text), generated_at)
    headline = _headline(figures)

    def write(folder: Path) -> None:
        (folder / "index.html").write_text(document, encoding="utf-8")
        (folder / "figures.json").write_text(
            json.dumps({"as_of": headline["as_of"], "generated_at": generated_at.isoformat(),
                        "figures": figures.rows}, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        # vl-convert holds the GIL while it draws: the PNG (0.7 s at scale 2, 408 Hangul labels) and the
        # PDF (0.3 s) are drawn one after the other.
        (folder / "report.png").write_bytes(vlc.svg_to_png(stack, scale=2))
        (folder / "report.pdf").write_bytes(vlc.svg_to_pdf(stack))

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
