"""The lines `sheetfeed run` prints at the end: what an operator reads first in the morning."""
from __future__ import annotations

from sheetfeed.orchestrate.run import format_summary

QUIET_NIGHT = {"run_id": "scheduled__2026-11-25", "inbox": "/srv/inbox", "new_submissions": 0,
               "files_new": 0, "files_loaded": 0, "files_seen": 12, "parse_failures": [],
               "validation": {}, "marts": None}


def test_a_quiet_night_says_there_were_no_new_files():
    text = format_summary(QUIET_NIGHT, "success", 61.0)
    assert "new submissions     0 (no new files)" in text
    assert "already seen        12 file(s) skipped" in text
    assert "validation          did not run" in text and "marts built         none" in text


def test_new_files_that_failed_are_counted_apart_from_those_loaded():
    summary = {**QUIET_NIGHT, "new_submissions": 3, "files_new": 3, "files_loaded": 2,
               "parse_failures": [{"path": "/srv/inbox/bad.txt", "error": "bad.txt:1: empty file"}],
               "validation": {"run_id": 7, "submissions_checked": 3, "passed": 2, "warned": 1, "failed": 0,
                              "quarantined": 0, "data_docs_path": "/home/docs/index.html"},
               "marts": {"dim_program": 3, "fct_budget_execution": 10}}
    text = format_summary(summary, "success", 90.5)
    assert "new submissions     3 (from 2 of 3 new files)" in text
    assert "    /srv/inbox/bad.txt: bad.txt:1: empty file" in text
    assert "validated           3 submission(s): 2 passed, 1 with warnings, 0 failed" in text
    assert "marts built         2: dim_program (3 rows), fct_budget_execution (10 rows)" in text


def test_the_summary_prints_each_stages_time_and_why_validation_and_dbt_were_skipped():
    summary = {**QUIET_NIGHT, "skipped": "nothing to do: no new submission to validate",
               "stages": {"prepare": 4.04, "discover": 1.25, "validate": 0.31}}
    text = format_summary(summary, "success", 20.0)
    assert "  stage times         prepare 4.0 s, discover 1.2 s, validate 0.3 s" in text
    assert "  validation and dbt  skipped: nothing to do: no new submission to validate" in text
    assert "validation          did not run" not in text
