"""Authors stay out of the marts whatever their footer's label (issue 15, point 4), on both warehouses.

Not marked slow (one dbt build), so the external pass runs it too: sheets whose author row is labelled
담당자, 문의처 or 연락처 instead of 작성 자, with no 향후계획 section before it, go through the real loader
and dbt; no text or array column of any mart may then hold an author's name or phone extension.
"""
from __future__ import annotations

from conftest import sheet

LABELS = ("담당자", "문의처", "연락처")


def footer_labelled(text: str, label: str) -> str:
    """The sheet without its 향후계획 section, its author row labelled ``label``."""
    before, rest = text.split("□ 향후계획", 1)
    return before + rest[rest.index("작성 자"):].replace("작성 자", label, 1)


def test_authors_under_any_label_reach_no_mart_column(warehouse, seed_text):
    texts = [footer_labelled(sheet(seed_text, code=f"소통행정-{60 + number}"), label)
             for number, label in enumerate(LABELS)]
    assert all("한만석 (1040)" in text and "향후계획" not in text for text in texts)
    warehouse.accept(*texts)
    warehouse.build()

    assert warehouse.rows("select count(*) from marts.dim_program") == [(len(LABELS),)]
    assert warehouse.rows("select count(*) from marts.fct_activity") != [(0,)]
    # The authors were read (as contacts, in raw only), and no mart column holds them.
    assert warehouse.rows("select count(distinct submission_id) from raw.contacts where name = '한만석'") \
        == [(len(LABELS),)]
    assert warehouse.author_traces() == []
