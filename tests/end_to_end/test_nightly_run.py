"""`sheetfeed run` end to end: its own code in a fresh interpreter, Airflow's dag.test(), the loader, GX, dbt via
Cosmos, PostgreSQL.

The first night loads the seed and a file that is not a sheet; the second, over
the same inbox, has nothing to do: validation and dbt are skipped (not failed),
the summary says why, no mart asset event is emitted and neither GX nor dbt is
imported. The marts are read back from PostgreSQL.
"""
from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from nights import figure, night, query, states
from sheetfeed.orchestrate.tasks import MARTS, NOTHING_TO_DO

pytestmark = pytest.mark.slow


@pytest.fixture
def home():
    """One SHEETFEED_HOME (and Airflow metadata database) for both nights, outside pytest's temporary root,
    which concurrent pytest sessions prune."""
    folder = Path(tempfile.mkdtemp(prefix="sheetfeed-e2e-home-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


BUDGET = ("select fiscal_year, line_item, funding_source, secured_krw, demand_krw, executed_krw, execution_rate_pct"
          " from marts.fct_budget_execution order by fiscal_year")


def test_seed_run_builds_the_marts_a_bad_file_fails_alone_and_a_quiet_rerun_does_nothing(seed_sheet, tmp_path, home,
                                                                                         warehouse_url):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_sheet, inbox)
    (inbox / "not_a_sheet.txt").write_text("회의록\t2026년 11월\n안건 없음\n", encoding="utf-8")

    first = night(inbox, home, warehouse_url)
    assert first["exit"] == 0, first["stderr"]
    assert figure(first["stdout"], "new submissions") == 1
    assert figure(first["stdout"], "parse failures") == 1
    assert "not_a_sheet.txt" in first["stdout"]
    assert figure(first["stdout"], "marts built") == 9
    assert sorted(first["asset_events"]) == sorted(f"marts.{name}" for name in MARTS)
    assert first["imported"] == ["dbt", "great_expectations"]
    assert "fct_budget_execution (5 rows)" in first["stdout"]
    # Every dbt node succeeded: each node's task read the producer's one XCom of succeeded nodes, not Cosmos's
    # poke (which logs "Pulling status"), and showed its node's dbt event (logged as "[SUCCESS] Start: ...").
    dbt_nodes = [task for task in first["tasks"] if task.startswith("dbt.") and "producer" not in task]
    assert "Pulling status from task_id" not in first["log"]
    assert first["log"].count("[SUCCESS] Start: ") >= len([task for task in dbt_nodes if task.endswith(".run")])
    budget = query(warehouse_url, BUDGET)
    assert len(budget) == 5
    assert {(row[1], row[2]) for row in budget} == {("협치기반강화", "시비")}
    assert [row[0] for row in budget] == [2018, 2019, 2020, 2021, 2022]
    assert budget[1][3:] == (156000000, None, 136000000, Decimal("87.18"))
    # The unparseable file is held back by itself; the seed's submission is not quarantined.
    quarantined = query(warehouse_url, "select source_path, sheet_index from quality.quarantine where state = 'open'")
    assert [(path.endswith("not_a_sheet.txt"), index) for path, index in quarantined] == [(True, None)]
    raw_rows = query(warehouse_url, "select count(*) from raw.submissions")

    second = night(inbox, home, warehouse_url)
    assert second["exit"] == 0 and second["state"] == "success", second["stderr"]
    assert figure(second["stdout"], "new submissions") == 0
    assert figure(second["stdout"], "already seen") == 2
    assert query(warehouse_url, "select count(*) from raw.submissions") == raw_rows
    assert query(warehouse_url, BUDGET) == budget
    # Nothing new, nothing pending, the dbt project as built: validation and dbt skipped, not failed.
    ran = states(second)
    assert ran["discover"] == "success" and ran["validate"] == "skipped"
    assert {state for task, state in ran.items() if task.startswith("dbt.")} == {"skipped"}
    assert ran["publish_marts"] == "skipped" and "failed" not in ran.values()
    assert f"validation and dbt  skipped: {NOTHING_TO_DO}" in second["stdout"]
    assert "new submissions     0 (no new files)" in second["stdout"]
    assert second["asset_events"] == [] and second["imported"] == []
    # The summary's per-stage times: the stages that ran, validate among them (it decided to skip).
    (stage_line,) = [line for line in second["stdout"].splitlines() if line.startswith("  stage times")]
    assert "prepare" in stage_line and "discover" in stage_line and "validate" in stage_line
    # After `sheetfeed run` the DAG has the tasks it has on a fresh machine (one map index per new file aside).
    assert {task.split("[")[0] for task in second["tasks"]} == {task.split("[")[0] for task in first["tasks"]}
