"""A night with nothing to do does nothing: real `sheetfeed run` twice over the same inbox, real GX, dbt, PostgreSQL.

The first night loads the seed sheet, validates it and builds the marts; the
second finds nothing new, no pending validation, no steward decision and the
dbt project as built, so validation and dbt are skipped (not failed), the
summary says why, no mart asset event is emitted, and neither GX nor dbt is
imported by the process. The DAG that ran is the one a fresh machine parses.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from nights import night, states
from sheetfeed.orchestrate.tasks import MARTS, NOTHING_TO_DO

pytestmark = pytest.mark.slow

DONE_MARKER = "dbt.dbt_producer_watcher_done"


@pytest.fixture
def home():
    """Outside pytest's temporary root, which concurrent pytest sessions prune."""
    folder = Path(tempfile.mkdtemp(prefix="sheetfeed-quiet-home-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_second_night_over_the_same_inbox_skips_validation_and_dbt_and_imports_neither(
        seed_sheet, tmp_path, home, warehouse_url):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_sheet, inbox)

    first = night(inbox, home, warehouse_url)
    assert first["exit"] == 0, first["stderr"]
    assert sorted(first["asset_events"]) == sorted(f"marts.{name}" for name in MARTS)
    assert first["imported"] == ["dbt", "great_expectations"]

    quiet = night(inbox, home, warehouse_url)
    assert quiet["exit"] == 0 and quiet["state"] == "success", quiet["stderr"]
    ran = states(quiet)
    assert ran["discover"] == "success" and ran["validate"] == "skipped"
    # Every dbt task skipped; Cosmos's marker after the producer (no work of its own) settles as done.
    assert {state for task, state in ran.items() if task.startswith("dbt.") and task != DONE_MARKER} == {"skipped"}
    assert ran["publish_marts"] == "skipped" and "failed" not in ran.values()
    assert f"validation and dbt  skipped: {NOTHING_TO_DO}" in quiet["stdout"]
    assert "new submissions     0 (no new files)" in quiet["stdout"]
    assert quiet["asset_events"] == []
    assert quiet["imported"] == []
    # The summary's per-stage times: the stages that ran, validate among them (it decided to skip).
    (stage_line,) = [line for line in quiet["stdout"].splitlines() if line.startswith("  stage times")]
    assert "prepare" in stage_line and "discover" in stage_line and "validate" in stage_line
    # After `sheetfeed run` the DAG has the tasks it has on a fresh machine (one map index per new file aside).
    assert {task.split("[")[0] for task in quiet["tasks"]} == {task.split("[")[0] for task in first["tasks"]}
