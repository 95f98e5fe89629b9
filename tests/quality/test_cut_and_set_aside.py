"""Issue 15, point 4 (validation side): a sheet cut short is held back, text set aside is a warning a steward sees."""
from __future__ import annotations

from quality_helpers import SEED_WARNING, land_and_validate, rows, seed_text, submission_of, variant, write

RESULTS = "select expectation, severity, line, observed from quality.validation_results where submission_id = %s" \
          " order by line, result_id"


def test_a_sheet_cut_short_is_held_back_not_passed_as_clean(warehouse_url, tmp_path):
    inbox = tmp_path / "inbox"
    text = seed_text()
    path = write(inbox, "cut.txt", text[:text.index("□ 향후계획")])

    _, report = land_and_validate(warehouse_url, inbox)

    sid = submission_of(warehouse_url, path)
    cut = [r for r in rows(warehouse_url, RESULTS, (sid,)) if r[0] == "sheet_not_cut_short"]
    assert [r[:2] for r in cut] == [("sheet_not_cut_short", "error")] and "cut short" in cut[0][3]
    assert report.failed == 1 and report.held[0]["reason"].startswith("sheet_not_cut_short at line")
    assert rows(warehouse_url, "select state from quality.quarantine where submission_id = %s", (sid,)) == [("open",)]


def test_text_the_extractor_set_aside_is_a_warning_that_does_not_hold_back(warehouse_url, tmp_path):
    inbox = tmp_path / "inbox"
    path = write(inbox, "aside.txt", variant([("- 총사업비 : 1,185백만원", "- 총사업비 : 1,185백만원\n\n□ 비고\n\n- 예산 조정 중")]))

    _, report = land_and_validate(warehouse_url, inbox)

    sid = submission_of(warehouse_url, path)
    found = rows(warehouse_url, RESULTS, (sid,))
    aside = [r for r in found if r[0] == "no_text_set_aside"]
    assert aside and all(r[1] == "warning" for r in aside) and any("예산 조정 중" in r[3] for r in aside)
    kept = rows(warehouse_url, "select line from raw.other_sections where submission_id = %s", (sid,))
    assert sorted({r[2] for r in aside}) == sorted({line for (line,) in kept})
    assert (report.warned, report.failed) == (1, 0)
    assert (SEED_WARNING[0], "warning") in {r[:2] for r in found}
