"""The SVG behind report.png and report.pdf: the page's charts, drawn once, each under its title, one above the other.

The page draws each chart without a title (its section's heading names it); an export has no
headings, so here every chart goes under its title and subtitle. Stacking the drawings the page
already has costs a few milliseconds; drawing the four charts again as one titled Vega-Lite
``vconcat`` took 0.75 s of a night's report.
"""
from __future__ import annotations

import html
import re

from sheetfeed.report.charts import FONT

PADDING = 5  # Vega's own padding around a drawing
SPACING = 40  # between one chart and the next title
TITLE = (15, "bold", 20)  # font size, weight, the line's height
SUBTITLE = (11, "normal", 18)
_ROOT = re.compile(r'\s*<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"[^>]*>')


def opened(svg: str) -> tuple[float, float, str]:
    """A drawing's width, height (as vl-convert wrote them on its root element) and what its root holds."""
    root, drawing = _ROOT.match(svg), svg.rstrip()
    if root is None or not drawing.endswith("</svg>"):
        raise ValueError("not one SVG drawing with a width and height on its root element")
    return float(root.group(1)), float(root.group(2)), drawing[root.end():-len("</svg>")]


def stacked(svgs: list[str], titles: list[tuple[str, str]]) -> str:
    """One SVG: each drawing under its (title, subtitle), in order, on white.

    A drawing goes in as a translated group, not as a nested ``<svg>``: resvg (vl-convert's PNG)
    drew the nested form 2.5 times slower.
    """
    parts, y, width = [], 0.0, 0.0
    for svg, lines in zip(svgs, titles, strict=True):
        for text, (font_size, weight, height) in zip(lines, (TITLE, SUBTITLE)):
            y += height
            parts.append(f'<text x="{PADDING}" y="{y:g}" font-family="{FONT}" font-size="{font_size}" '
                         f'font-weight="{weight}" fill="#000">{html.escape(text)}</text>')
        chart_width, chart_height, drawing = opened(svg)
        parts.append(f'<g transform="translate(0,{y + 4:g})">{drawing}</g>')
        y += 4 + chart_height + SPACING
        width = max(width, chart_width)
    height = y - SPACING + PADDING
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'width="{width:g}" height="{height:g}" viewBox="0 0 {width:g} {height:g}">'
            f'<rect width="{width:g}" height="{height:g}" fill="white"/>{"".join(parts)}</svg>')
