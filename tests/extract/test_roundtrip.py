"""Property: extracting what the writer wrote gives the record back, as text and as a workbook.

Records come from the generator (so budgets add up) with Hypothesis choosing the
seed, the writing style and free Korean text for every name and description,
so the parser meets texts and layouts nobody wrote by hand.
"""
from __future__ import annotations

import random

from extract_helpers import assert_same_records, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheetmaker.generator import random_record
from extract.sheets.labels import label_key
from extract.sheets.contacts import LABELS
from sheetmaker.writer import Style, to_csv, to_document, to_ods, to_text, to_unicode_text, to_xls, to_xlsx

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
PHRASE = st.lists(st.text(alphabet=HANGUL, min_size=1, max_size=5), min_size=1, max_size=5).map(" ".join)
STYLES = st.builds(
    Style,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949"]),
    line_end=st.sampled_from(["\n", "\r\n"]),
    money_unit=st.sampled_from(["원", "천원", "백만원", "억원"]),
    date_style=st.sampled_from(["apostrophe", "tight", "full", "short"]),
    quarter_digits=st.sampled_from([2, 4]),
    rate_space=st.booleans(),
    spaced_sources=st.booleans(),
    blank_repeated_items=st.booleans(),
    leading_blank_lines=st.integers(0, 3),
)


@st.composite
def records(draw, style: Style) -> dict:
    record = random_record(random.Random(draw(st.integers(0, 2**32))), draw(st.integers(0, 500)), style.money_unit)
    program = record["program"]
    program["title"] = draw(PHRASE)
    program["status"] = draw(st.one_of(st.none(), PHRASE))
    program["department"] = draw(st.one_of(st.none(), PHRASE))
    program["implementation_rate_pct"] = draw(st.one_of(
        st.none(), st.integers(0, 100), st.integers(0, 999).map(lambda tenths: tenths / 10 if tenths % 10 else tenths // 10)))
    program["policy_goals"] = draw(st.lists(PHRASE, max_size=3))
    program["description"] = draw(st.one_of(st.none(), PHRASE))
    for activity in record["activities"]:
        activity["text"] = draw(PHRASE)
    for plan in record["plans"]:
        plan["text"] = draw(PHRASE)
    # A row's first cell that reads as a footer or contact label (작성 자, 협업부서, 담당자 …) is
    # read as one: a metric cannot be named that, as a department cannot be named 추진현황.
    metric_names = PHRASE.filter(lambda text: label_key(text) not in LABELS)
    metrics = draw(st.lists(metric_names, min_size=2, max_size=2, unique=True))
    names = {metric: metrics[i] for i, metric in enumerate(dict.fromkeys(t["metric"] for t in record["targets"]))}
    for target in record["targets"]:
        target["metric"] = names[target["metric"]]
    return record


@st.composite
def written(draw) -> tuple[list[dict], Style]:
    style = draw(STYLES)
    return draw(st.lists(records(style), min_size=1, max_size=3)), style


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written())
def test_text_export_round_trip(case):
    batch, style = case
    sheets = parse(to_text(batch, style))
    assert_same_records(sheets, batch)
    assert all(sheet["source"]["encoding"] == style.encoding for sheet in sheets)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written(), st.booleans(), st.booleans(), st.booleans())
def test_workbook_round_trip(case, one_worksheet, numbers, merge):
    batch, style = case
    data = to_xlsx(batch, style, one_worksheet=one_worksheet, numbers=numbers, merge=merge)
    sheets = parse(data, "sheet.xlsx")
    assert_same_records(sheets, batch)
    text_sheets = parse(to_text(batch, style))
    if one_worksheet:  # rows are lines: even the line numbers agree with the text export
        assert [{**s, "source": None} for s in sheets] == [{**s, "source": None} for s in text_sheets]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written(), st.sampled_from(["hwpx", "hwp"]))
def test_document_round_trip(case, kind):
    """An HWPX or HWP document of the sheets gives the text export's records, line numbers included."""
    batch, style = case
    sheets = parse(to_document(batch, style, kind=kind), f"sheet.{kind}")
    assert_same_records(sheets, batch)
    assert {sheet["source"]["format"] for sheet in sheets} == {kind}
    assert [{**s, "source": None} for s in sheets] == [{**s, "source": None} for s in parse(to_text(batch, style))]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written(), st.booleans(), st.booleans(), st.booleans())
def test_xls_round_trip(case, one_worksheet, numbers, merge):
    batch, style = case
    sheets = parse(to_xls(batch, style, one_worksheet=one_worksheet, numbers=numbers, merge=merge), "sheet.xls")
    assert_same_records(sheets, batch)
    assert {sheet["source"]["format"] for sheet in sheets} == {"xls"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written(), st.booleans())
def test_unicode_text_round_trip(case, one_cell_lists):
    """Excel's 유니코드 텍스트 (UTF-16, quoted multi-line cells) gives the text export's records and lines."""
    batch, style = case
    sheets = parse(to_unicode_text(batch, style, one_cell_lists=one_cell_lists))
    assert [{**s, "source": None} for s in sheets] == [{**s, "source": None} for s in parse(to_text(batch, style))]
    assert {sheet["source"]["encoding"] for sheet in sheets} == {"utf-16"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written())
def test_csv_round_trip(case):
    """Excel's CSV export (commas, quoted cells holding commas) gives the text export's records and lines."""
    batch, style = case
    sheets = parse(to_csv(batch, style), "sheet.xlsx")  # named .xlsx: the content decides
    assert [{**s, "source": None} for s in sheets] == [{**s, "source": None} for s in parse(to_text(batch, style))]
    assert {sheet["source"]["format"] for sheet in sheets} == {"text"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written(), st.booleans(), st.booleans(), st.booleans())
def test_ods_round_trip(case, one_worksheet, numbers, merge):
    batch, style = case
    sheets = parse(to_ods(batch, style, one_worksheet=one_worksheet, numbers=numbers, merge=merge), "sheet.ods")
    assert_same_records(sheets, batch)
    assert {sheet["source"]["format"] for sheet in sheets} == {"ods"}
