"""Release and supersede, end to end: loader → validate_pending → dbt build → marts, with the steward in between.

``test_flows_through_the_dag`` drives the same flows through ``sheetfeed run`` (Airflow's
dag.test() of the nightly DAG) in a subprocess.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from quality_helpers import ERROR_VARIANTS, land_and_validate, rows, submission_of, variant, write

from sheetfeed.cli import main as sheetfeed

pytestmark = pytest.mark.slow

PROGRAM = ("select implementation_rate_pct, total_budget_krw, source_path from marts.dim_program"
           " where program_code = '소통행정-3'")
BROKEN_RATE = ERROR_VARIANTS["rate_within_0_100"][0]  # 이행률 120%
# Header 총사업비 1,285백만원 against a table of 1,185: a steward may confirm the header (say, a later year
# not yet in the table) and release it.
BROKEN_HEADER = ERROR_VARIANTS["header_total_matches_budget_table"][0]


def dbt_build(url: str) -> None:
    from sheetfeed.transform.dbt import build

    build(url)


def test_a_released_submission_reaches_the_marts_on_the_next_build(warehouse_url, tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    broken = write(inbox, "header.txt", variant(BROKEN_HEADER))
    _, report = land_and_validate(warehouse_url, inbox, "night-1")
    assert report.quarantined == 1
    dbt_build(warehouse_url)
    assert rows(warehouse_url, PROGRAM) == []

    monkeypatch.setenv("SHEETFEED_STEWARD", "김민화")
    assert sheetfeed(["steward", "release", str(submission_of(warehouse_url, broken)), "--reason", "확인함"]) == 0
    dbt_build(warehouse_url)

    assert [(float(rate), total, path) for rate, total, path in rows(warehouse_url, PROGRAM)] == \
        [(100.0, 1285000000, str(broken))]


def test_a_newer_passing_submission_supersedes_the_quarantined_one(warehouse_url, seed_sheet, tmp_path):
    inbox = tmp_path / "inbox"
    broken = write(inbox, "rate.txt", variant(BROKEN_RATE))
    land_and_validate(warehouse_url, inbox, "night-1")
    broken_id = submission_of(warehouse_url, broken)

    shutil.copy(seed_sheet, inbox)
    _, report = land_and_validate(warehouse_url, inbox, "night-2")
    dbt_build(warehouse_url)

    seed_id = submission_of(warehouse_url, inbox / seed_sheet.name)
    assert (report.submissions_checked, report.warned) == (1, 1)
    assert rows(warehouse_url, "select submission_id, state from quality.quarantine") == [(broken_id, "superseded")]
    (user,) = rows(warehouse_url, "select session_user")[0]
    quarantined, superseded = rows(warehouse_url, "select action, actor, steward, reason from quality.quarantine_events"
                                                  " order by event_id")
    assert quarantined[:3] == ("quarantined", user, None) and "rate_within_0_100 at line 4" in quarantined[3]
    assert superseded[:3] == ("superseded", user, None) and f"submission {seed_id}" in superseded[3]
    assert [(float(rate), total, path) for rate, total, path in rows(warehouse_url, PROGRAM)] == \
        [(100.0, 1185000000, str(inbox / seed_sheet.name))]


def test_a_newer_failing_submission_supersedes_nothing(warehouse_url, tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox, "rate.txt", variant(BROKEN_RATE))
    land_and_validate(warehouse_url, inbox, "night-1")
    write(inbox, "department.txt", variant(ERROR_VARIANTS["department_present"][0]))
    land_and_validate(warehouse_url, inbox, "night-2")

    assert rows(warehouse_url, "select distinct state from quality.quarantine") == [("open",)]
    assert rows(warehouse_url, "select action, count(*) from quality.quarantine_events group by 1") == \
        [("quarantined", 2)]


def sheetfeed_subprocess(home, url, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SHEETFEED_HOME": str(home), "WAREHOUSE_URL": url, "SHEETFEED_STEWARD": "김민화"}
    result = subprocess.run([sys.executable, "-m", "sheetfeed.cli", *args], env=env, capture_output=True,
                            text=True, timeout=1800)
    print(result.stdout, result.stderr, sep="\n")
    return result


def test_release_and_supersede_flow_through_the_dag(warehouse_url, seed_sheet, tmp_path):
    home, inbox = tmp_path / "home", tmp_path / "inbox"
    broken = write(inbox, "rate.txt", variant(BROKEN_RATE))
    other = write(inbox, "other.txt", variant([("소통행정-3\t", "소통행정-4\t")] + BROKEN_HEADER))

    night_1 = sheetfeed_subprocess(home, warehouse_url, "run", "--inbox", str(inbox))
    assert night_1.returncode == 0, night_1.stderr
    assert "quarantined         2" in night_1.stdout and f"validation report   {home}" in night_1.stdout
    assert f"held {submission_of(warehouse_url, broken)}: {broken}" in night_1.stdout
    assert rows(warehouse_url, "select program_code from marts.dim_program") == []

    release = sheetfeed_subprocess(home, warehouse_url, "steward", "release",
                                   str(submission_of(warehouse_url, other)), "--reason", "초과 달성 확인")
    assert release.returncode == 0
    shutil.copy(seed_sheet, inbox)
    night_2 = sheetfeed_subprocess(home, warehouse_url, "run", "--inbox", str(inbox))
    assert night_2.returncode == 0, night_2.stderr

    assert rows(warehouse_url, "select s.source_path, q.state from quality.quarantine q"
                               " join raw.submissions s using (submission_id) order by 1") == \
        [(str(other), "released"), (str(broken), "superseded")]
    assert rows(warehouse_url, "select program_code, total_budget_krw, source_path"
                               " from marts.dim_program order by 1") == \
        [("소통행정-3", 1185000000, str(inbox / seed_sheet.name)), ("소통행정-4", 1285000000, str(other))]
    listing = sheetfeed_subprocess(home, warehouse_url, "steward", "list", "--all")
    assert "released" in listing.stdout and "superseded" in listing.stdout
