"""The exports' SVG: the page's drawings stacked under their titles, with ids that never reach another drawing."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert as vlc

from sheetfeed.report import exports

SVG = "{http://www.w3.org/2000/svg}"


def legend_chart(height: int) -> str:
    """A real Vega drawing with a colour gradient legend (Vega names its gradient ``gradient_0`` every time)."""
    return vlc.vegalite_to_svg({
        "data": {"values": [{"x": 1, "v": 10}, {"x": 2, "v": 90}]}, "mark": "rect", "height": height,
        "encoding": {"x": {"field": "x", "type": "ordinal"}, "color": {"field": "v", "type": "quantitative"}}})


def test_the_drawings_of_one_process_never_share_an_id():
    """What the page and the stack rely on to hold several drawings: Vega numbers its gradients per process."""
    stack = exports.stacked([legend_chart(100), legend_chart(200)], [("a", "b"), ("c", "d")])
    ids = re.findall(r'\bid="([^"]+)"', stack)
    assert len(ids) == 2 and len(set(ids)) == 2
    assert sorted(re.findall(r"url\(#([^)]+)\)", stack)) == sorted(ids)


def test_the_stack_puts_each_drawing_under_its_escaped_title_and_is_as_big_as_they_are():
    drawings = [legend_chart(100), legend_chart(300)]
    sizes = [exports.opened(svg)[:2] for svg in drawings]
    stack = exports.stacked(drawings, [("집행률 <by year>", "Execution rate"), ("목표 & 실적", "Targets")])
    root = ET.fromstring(stack)  # well-formed: a title's markup is escaped
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert texts[:2] == ["집행률 <by year>", "Execution rate"] and "목표 & 실적" in texts
    groups = [element for element in root if element.tag == f"{SVG}g"]
    offsets = [float(re.fullmatch(r"translate\(0,([\d.]+)\)", group.get("transform")).group(1)) for group in groups]
    assert len(groups) == 2 and offsets[1] > offsets[0] + sizes[0][1]  # one under the other, no overlap
    assert float(root.get("width")) == max(width for width, _ in sizes)
    assert float(root.get("height")) > sum(height for _, height in sizes)
    assert vlc.svg_to_png(stack)[:8] == b"\x89PNG\r\n\x1a\n"


def test_anything_but_one_drawing_is_refused():
    with pytest.raises(ValueError, match="not one SVG drawing"):
        exports.opened("<g/>")
