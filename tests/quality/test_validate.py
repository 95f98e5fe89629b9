"""validate_pending on a real warehouse, fed by the real extractor and loader, checked by real GX."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from quality_helpers import (ERROR_VARIANTS, REPO_ROOT, SEED_WARNING, WARNING_VARIANTS, land_and_validate, rows,
                             submission_of, variant, write)

RESULTS = ("select expectation, severity, line, source_path, sheet_index, program_code"
           " from quality.validation_results where submission_id = %s order by line, result_id")


def test_seed_passes_with_exactly_its_february_warning(warehouse_url, seed_sheet, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_sheet, inbox)

    _, report = land_and_validate(warehouse_url, inbox, "seed-run")

    assert (report.submissions_checked, report.passed, report.warned, report.failed, report.quarantined) == \
        (1, 0, 1, 0, 0)
    sid = submission_of(warehouse_url, inbox / seed_sheet.name)
    found = rows(warehouse_url, RESULTS, (sid,))
    assert found == [(*SEED_WARNING[:1], "warning", SEED_WARNING[1], str(inbox / seed_sheet.name), 0, "소통행정-3")]
    observed, message = rows(warehouse_url, "select observed, message from quality.validation_results")[0]
    assert observed.startswith("2020-02: ") and "2020 Q2" in message
    assert rows(warehouse_url, "select verdict from quality.submission_verdicts") == [("warned",)]
    assert rows(warehouse_url, "select count(*) from quality.quarantine") == [(0,)]
    run = rows(warehouse_url, "select run_id, pipeline_run_id, submissions_checked, passed, warned, failed, status,"
                              " finished_at >= started_at, data_docs_path from quality.validation_runs")
    assert run == [(report.run_id, "seed-run", 1, 0, 1, 0, "succeeded", True, report.data_docs_path)]


def test_codes_of_three_parts_and_zero_padded_numbers_pass(warehouse_url, tmp_path):
    inbox = tmp_path / "inbox"
    for code in ("안전도시-1-3", "지역개발-09"):
        write(inbox, f"{code}.txt", variant([("소통행정-3\t", f"{code}\t")]))
    _, report = land_and_validate(warehouse_url, inbox, "codes-run")
    assert (report.submissions_checked, report.failed, report.quarantined) == (2, 0, 0)
    assert rows(warehouse_url, "select distinct expectation from quality.validation_results") == [SEED_WARNING[:1]]


def test_every_error_rule_quarantines_its_broken_variant_naming_the_rule(warehouse_url, tmp_path):
    inbox = tmp_path / "inbox"
    paths = {rule: write(inbox, f"{rule}.txt", variant(edits)) for rule, (edits, _) in ERROR_VARIANTS.items()}

    _, report = land_and_validate(warehouse_url, inbox)

    assert (report.submissions_checked, report.failed, report.quarantined) == (len(paths), len(paths), len(paths))
    wrong = {}
    for rule, path in paths.items():
        sid = submission_of(warehouse_url, path)
        errors = [(r[0], r[2]) for r in rows(warehouse_url, RESULTS, (sid,)) if r[1] == "error"]
        quarantine = rows(warehouse_url, "select state, reason, source_path, sheet_index, program_code"
                                         " from quality.quarantine where submission_id = %s", (sid,))
        expected_line = ERROR_VARIANTS[rule][1]
        if errors != [(rule, expected_line)] or len(quarantine) != 1 or quarantine[0][0] != "open" \
                or rule not in quarantine[0][1] or quarantine[0][2:4] != (str(path), 0):
            wrong[rule] = (errors, quarantine)
    assert not wrong, wrong


def test_warning_rules_flag_but_never_hold_a_submission_back(warehouse_url, tmp_path):
    inbox = tmp_path / "inbox"
    paths = {rule: write(inbox, f"{rule}.txt", variant(edits)) for rule, (edits, _) in WARNING_VARIANTS.items()}

    _, report = land_and_validate(warehouse_url, inbox)

    assert (report.warned, report.failed, report.quarantined) == (len(paths), 0, 0)
    wrong = {}
    for rule, path in paths.items():
        sid = submission_of(warehouse_url, path)
        found = [(r[0], r[1], r[2]) for r in rows(warehouse_url, RESULTS, (sid,))]
        own = [f for f in found if f[0] == rule]
        others = [f for f in found if f[0] != rule]
        if not own or own[0] != (rule, "warning", WARNING_VARIANTS[rule][1]) \
                or others != [(SEED_WARNING[0], "warning", SEED_WARNING[1])]:
            wrong[rule] = found
    assert not wrong, wrong
    assert rows(warehouse_url, "select distinct verdict from quality.submission_verdicts") == [("warned",)]


def test_a_file_that_cannot_be_parsed_is_quarantined_with_its_parse_error(warehouse_url, tmp_path):
    inbox = tmp_path / "inbox"
    path = write(inbox, "memo.txt", "회의 메모\n제목 행이 없는 파일\n")

    _, report = land_and_validate(warehouse_url, inbox)

    assert (report.submissions_checked, report.failed, report.quarantined) == (1, 1, 1)
    sid = submission_of(warehouse_url, path)
    (parse_error,) = rows(warehouse_url, "select parse_error from raw.submissions where submission_id = %s", (sid,))[0]
    assert rows(warehouse_url, "select state, reason, sheet_index, source_path from quality.quarantine") == \
        [("open", parse_error, None, str(path))]
    assert [r[:2] for r in rows(warehouse_url, RESULTS, (sid,))] == [("sheet_parsed", "error")]


SEED_LEAF = "협치기반강화\t시 비\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0\n"


def subtotalled(national_total: str, national_2019: str) -> str:
    """The seed's leaf row as a 소계 (line 31) over 국비 (line 32) and 시비 (line 33) rows."""
    return ("협치기반강화\t소 계\t1,185\t405\t138\t131\t156\t136\t300\t138\t291\t0\t300\t0\n"
            f"\t국 비\t{national_total}\t330\t100\t100\t{national_2019}\t130\t250\t100\t200\t0\t300\t0\n"
            "\t시 비\t185\t75\t38\t31\t6\t6\t50\t38\t91\t0\t0\t0\n")


def test_subtotal_rows_are_checked_against_their_own_line_items(warehouse_url, tmp_path):
    inbox = tmp_path / "inbox"
    good = write(inbox, "subtotal.txt", variant([(SEED_LEAF, subtotalled("1,000", "150"))]))
    bad = write(inbox, "bad_subtotal.txt", variant([(SEED_LEAF, subtotalled("1,001", "151"))]))  # 1 more than 소계

    _, report = land_and_validate(warehouse_url, inbox)

    assert (report.warned, report.failed) == (1, 1)
    seed_warning = (SEED_WARNING[0], "warning", SEED_WARNING[1] + 2)  # two rows more above it
    assert [r[:3] for r in rows(warehouse_url, RESULTS, (submission_of(warehouse_url, good),))] == [seed_warning]
    assert [r[:3] for r in rows(warehouse_url, RESULTS, (submission_of(warehouse_url, bad),))] == [
        ("leaf_rows_add_up_to_total", "error", 30),  # 계: 151 + 6 is not 156
        ("leaf_rows_add_up_to_total", "error", 31),  # nor is it the 소계 of 협치기반강화
        seed_warning,
    ]


def test_every_failing_row_is_recorded_not_a_sample(warehouse_url, tmp_path):
    """Dating every 2019 and 2020 activity in 2017 puts far more than GX's sample of 20 (and more than its 200-row fetch limit would allow at scale) outside their quarters."""
    from extract.sheets import extract_file

    inbox = tmp_path / "inbox"
    path = write(inbox, "shifted.txt", variant([]).replace("- '19.", "- '17.").replace("- '20.", "- '17."))
    activities = extract_file(path).sheets[0]["activities"]
    outside = sorted(a["line"] for a in activities if a["month"] is not None
                     and (a["year"], (a["month"] - 1) // 3 + 1) != (a["reported_year"], a["reported_quarter"]))
    assert len(outside) > 20

    land_and_validate(warehouse_url, inbox)

    recorded = rows(warehouse_url, "select line from quality.validation_results"
                                   " where expectation = 'activity_month_inside_reported_quarter' order by line")
    assert [line for (line,) in recorded] == outside


def test_each_submission_is_validated_once_and_every_run_is_recorded(warehouse_url, seed_sheet, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_sheet, inbox)
    _, first = land_and_validate(warehouse_url, inbox, "night-1")

    _, second = land_and_validate(warehouse_url, inbox, "night-2")

    assert second.submissions_checked == 0 and second.run_id != first.run_id
    assert rows(warehouse_url, "select pipeline_run_id, submissions_checked, status from quality.validation_runs"
                               " order by started_at") == [("night-1", 1, "succeeded"), ("night-2", 0, "succeeded")]
    assert rows(warehouse_url, "select count(*), min(run_id) from quality.validation_results") == [(1, first.run_id)]


def test_the_report_lives_under_the_home_and_gx_writes_no_results_anywhere(warehouse_url, seed_sheet, tmp_path):
    from sheetfeed import settings

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_sheet, inbox)

    _, report = land_and_validate(warehouse_url, inbox)

    page = Path(report.data_docs_path)
    assert page == settings.home() / "reports" / f"{report.run_id}.html" and page.is_file()
    assert (page.parent / "index.html").read_text(encoding="utf-8") == page.read_text(encoding="utf-8")
    assert report.run_id in page.read_text(encoding="utf-8")
    assert not (settings.home() / "gx").exists()  # GX's result stayed in memory (gx_store): quality.* is the record
    changed = subprocess.run(["git", "status", "--porcelain", "--", "expectations"], cwd=REPO_ROOT,
                             capture_output=True, text=True, check=True).stdout
    assert changed == ""


def test_concurrent_runs_validate_each_submission_exactly_once(warehouse_url, seed_sheet, tmp_path):
    import os
    import sys

    from sheetfeed.load import load_inbox

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_sheet, inbox)
    for rule in ("department_present", "rate_within_0_100"):
        write(inbox, f"{rule}.txt", variant(ERROR_VARIANTS[rule][0]))
    load_inbox(warehouse_url, inbox, "concurrent")
    script = ("import sys; from sheetfeed.quality.validate import validate_pending; "
              "print(validate_pending(sys.argv[1], sys.argv[2]).submissions_checked)")

    runs = [subprocess.Popen([sys.executable, "-c", script, warehouse_url, f"run-{i}"], stdout=subprocess.PIPE,
                             text=True, cwd=REPO_ROOT, env={**os.environ}) for i in range(2)]
    checked = sorted(int(run.communicate(timeout=600)[0].split()[-1]) for run in runs)

    assert checked == [0, 3]
    assert rows(warehouse_url, "select count(*), count(distinct submission_id) from quality.submission_verdicts") == \
        [(3, 3)]
    assert rows(warehouse_url, "select severity, count(*) from quality.validation_results group by 1 order by 1") == \
        [("error", 2), ("warning", 3)]
    assert rows(warehouse_url, "select count(*) from quality.quarantine") == [(2,)]
    assert rows(warehouse_url, "select status, count(*) from quality.validation_runs group by 1") == [("succeeded", 2)]


def test_a_run_that_breaks_leaves_no_verdicts_and_says_so(warehouse_url, seed_sheet, tmp_path, monkeypatch):
    import pytest

    from sheetfeed.quality import gx_project
    from sheetfeed.quality.validate import validate_pending

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_sheet, inbox)
    project = tmp_path / "expectations"
    shutil.copytree(REPO_ROOT / "expectations", project)
    rule = project / "rules" / "activity_month_inside_reported_quarter.sql"
    rule.write_text(rule.read_text(encoding="utf-8").replace("a.reported_quarter", "a.no_such_column"),
                    encoding="utf-8")
    gx_project.write_project(project)
    monkeypatch.setattr(gx_project.settings, "EXPECTATIONS_DIR", project)
    with pytest.raises(RuntimeError, match="activity_month_inside_reported_quarter could not be evaluated"):
        land_and_validate(warehouse_url, inbox, "night-1")

    assert rows(warehouse_url, "select status, strpos(error, %s) > 0, finished_at is not null"
                               " from quality.validation_runs", ("could not be evaluated",)) == [("failed", True, True)]
    assert rows(warehouse_url, "select count(*) from quality.submission_verdicts") == [(0,)]
    assert rows(warehouse_url, "select count(*) from quality.validation_results") == [(0,)]
    monkeypatch.setattr(gx_project.settings, "EXPECTATIONS_DIR", REPO_ROOT / "expectations")
    assert validate_pending(warehouse_url, "night-2").warned == 1
