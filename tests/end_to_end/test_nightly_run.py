"""`sheetfeed run` end to end: the real command, Airflow's dag.test(), the loader, GX, dbt via Cosmos, PostgreSQL.

Each run is a subprocess with its own SHEETFEED_HOME (Airflow's SQLite
metadata database is created once for the module) and WAREHOUSE_URL naming a
fresh database; the marts are then read back from PostgreSQL.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest

pytestmark = pytest.mark.slow

RUN_TIMEOUT_S = 900


@pytest.fixture(scope="module")
def run_home(tmp_path_factory):
    return tmp_path_factory.mktemp("e2e_home")


def sheetfeed_run(inbox, home, url) -> subprocess.CompletedProcess:
    env = {**os.environ, "SHEETFEED_HOME": str(home), "WAREHOUSE_URL": url}
    result = subprocess.run([sys.executable, "-m", "sheetfeed.cli", "run", "--inbox", str(inbox)],
                            env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    print(result.stdout, result.stderr, sep="\n")
    return result


def figure(output: str, label: str) -> int:
    """The number printed after a summary label (e.g. 'new submissions     1')."""
    match = re.search(rf"^\s+{label}\s+(\d+)", output, re.MULTILINE)
    assert match, f"no '{label}' line in:\n{output}"
    return int(match.group(1))


def query(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


BUDGET = ("select fiscal_year, line_item, funding_source, secured_krw, demand_krw, executed_krw, execution_rate_pct"
          " from marts.fct_budget_execution order by fiscal_year")


def test_seed_run_builds_the_marts_a_bad_file_fails_alone_and_a_rerun_adds_nothing(seed_sheet, tmp_path, run_home,
                                                                                   warehouse_url):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(seed_sheet, inbox)
    (inbox / "not_a_sheet.txt").write_text("회의록\t2026년 11월\n안건 없음\n", encoding="utf-8")

    first = sheetfeed_run(inbox, run_home, warehouse_url)
    assert first.returncode == 0, first.stderr
    assert figure(first.stdout, "new submissions") == 1
    assert figure(first.stdout, "parse failures") == 1
    assert "not_a_sheet.txt" in first.stdout
    assert figure(first.stdout, "marts built") == 9
    assert "fct_budget_execution (5 rows)" in first.stdout
    budget = query(warehouse_url, BUDGET)
    assert len(budget) == 5
    assert {(row[1], row[2]) for row in budget} == {("협치기반강화", "시비")}
    assert [row[0] for row in budget] == [2018, 2019, 2020, 2021, 2022]
    assert budget[1][3:] == (156000000, None, 136000000, Decimal("87.18"))
    # The unparseable file is held back by itself; the seed's submission is not quarantined.
    quarantined = query(warehouse_url, "select source_path, sheet_index from quality.quarantine where state = 'open'")
    assert [(path.endswith("not_a_sheet.txt"), index) for path, index in quarantined] == [(True, None)]
    raw_rows = query(warehouse_url, "select count(*) from raw.submissions")

    second = sheetfeed_run(inbox, run_home, warehouse_url)
    assert second.returncode == 0, second.stderr
    assert figure(second.stdout, "new submissions") == 0
    assert figure(second.stdout, "already seen") == 2
    assert query(warehouse_url, "select count(*) from raw.submissions") == raw_rows
    assert query(warehouse_url, BUDGET) == budget
